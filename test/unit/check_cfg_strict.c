// SPDX-License-Identifier: GPL-2.0-or-later
/* Strict mode (lib/cfg_strict.c): each rule as keepalived 2.2.7 was seen
 * applying it, its one diagnostic at its place and the value it leaves. */
#include "config.h"

#include <stdio.h>

#include "suites.h"
#include "unit_cfg.h"

/* an instance with lines after its VRID (line 4 on) and a VIP block */
#define VIPS(lines, vips) \
	"vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n" lines \
	" virtual_ipaddress {\n" vips " }\n}\n"
#define INST(lines) VIPS(lines, "  10.0.0.100/24\n")
#define STRICT "global_defs {\n vrrp_strict\n}\n"

/* authentication, preempt_delay, a non-owner's state MASTER */
START_TEST(strict_rules)
{
	struct config *c;

	c = unit_cfg_load_saying(INST(" strict_mode\n version 2\n authentication {\n  auth_type PASS\n"
				      "  auth_pass secret\n }\n"),
				 "t.conf:6:2: warning: vrrp_instance VI_1: strict mode has no authentication; ignored");
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_null(c->vrrp[0].auth_type);
	ck_assert_ptr_null(c->vrrp[0].auth_pass);
	cfg_free(c);
	c = unit_cfg_load_saying(INST(" strict_mode\n preempt_delay 5\n"),
				 "t.conf:1:1: warning: vrrp_instance VI_1: strict mode has no preempt_delay; ignored");
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->vrrp[0].preempt_delay, 0);
	cfg_free(c);
	c = unit_cfg_load_saying(INST(" strict_mode\n state MASTER\n"),
				 "t.conf:5:8: warning: vrrp_instance VI_1: strict mode starts only the address owner "
				 "(priority 255) as MASTER; state BACKUP");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->vrrp[0].state, CFG_VRRP_BACKUP);
	cfg_free(c);
	/* the owner keeps MASTER; without strict nothing changes */
	c = unit_cfg_load(INST(" strict_mode\n state MASTER\n priority 255\n"));
	ck_assert_int_eq(c->vrrp[0].state, CFG_VRRP_MASTER);
	cfg_free(c);
	c = unit_cfg_load(INST(" state MASTER\n preempt_delay 5\n"));
	ck_assert_int_eq(c->vrrp[0].state, CFG_VRRP_MASTER);
	ck_assert_uint_gt(c->vrrp[0].preempt_delay, 0);
	cfg_free(c);
}
END_TEST

/* keepalived: "No VIP specified; at least one is required", and it
 * exits; excluded addresses do not count. Without strict it goes on. */
START_TEST(strict_needs_a_vip)
{
	static const char *const msg = "t.conf:4:1: error: vrrp_instance VI_1: strict mode needs a virtual_ipaddress";
	struct config *c;

	ck_assert_ptr_null(unit_cfg_load_saying(STRICT VIPS("", ""), msg));
	ck_assert_ptr_null(unit_cfg_load_saying(STRICT VIPS(" virtual_ipaddress_excluded {\n  10.0.0.9\n }\n", ""),
						msg));
	c = unit_cfg_load(VIPS("", ""));
	ck_assert_uint_eq(c->vrrp[0].nvips, 0);
	cfg_free(c);
}
END_TEST

/* keepalived: "cannot use IPv6 with VRRP version 2; setting version 3"
 * (without strict keel refuses it), and "the first IPv6 VIP address must
 * be link local", going on with the VIPs as written */
START_TEST(strict_ipv6)
{
	struct config *c;

	c = unit_cfg_load_saying(STRICT VIPS(" version 2\n", "  fe80::100/64\n"),
				 "t.conf:7:10: warning: vrrp_instance VI_1: strict mode has no VRRPv2 over IPv6; "
				 "version 3");
	ck_assert_int_eq(c->vrrp[0].version, 3);
	cfg_free(c);
	ck_assert_ptr_null(unit_cfg_load_saying(VIPS(" version 2\n", "  fe80::100/64\n"),
						"t.conf:4:10: error: vrrp_instance VI_1: IPv6 needs VRRP version 3"));
	c = unit_cfg_load_saying(STRICT VIPS("", "  2001:db8::100/64\n  fe80::100/64\n"),
				 "t.conf:8:3: warning: vrrp_instance VI_1: strict mode wants the first IPv6 VIP "
				 "link-local");
	ck_assert_uint_eq(c->vrrp[0].nvips, 2);
	cfg_free(c);
	c = unit_cfg_load_saying(STRICT VIPS("", "  fe80::100/64\n  2001:db8::100/64\n"), NULL);
	cfg_free(c);
}
END_TEST

/* keepalived: "accept mode for VRRP version 2 does not comply with
 * RFC3768 - resetting", whether version 2 is written or the default */
START_TEST(strict_accept_v2)
{
	static const char *const msg =
		"t.conf:4:1: warning: vrrp_instance VI_1: strict mode has no accept mode in VRRPv2; no_accept";
	struct config *c;

	c = unit_cfg_load_saying(STRICT INST(" accept\n"), msg);
	ck_assert(!c->vrrp[0].accept);
	cfg_free(c);
	c = unit_cfg_load_saying(STRICT INST(" version 2\n accept\n"), msg);
	ck_assert(!c->vrrp[0].accept);
	cfg_free(c);
	c = unit_cfg_load_saying(STRICT INST(" version 3\n accept\n"), NULL);
	ck_assert(c->vrrp[0].accept);
	cfg_free(c);
	c = unit_cfg_load_saying(INST(" accept\n"), NULL);
	ck_assert(c->vrrp[0].accept);
	cfg_free(c);
}
END_TEST

/* keepalived 2.2.7: "(VI_1) nopreempt is incompatible with priority 255.
 * resetting nopreempt", strict or not (measured); a lower priority keeps it */
START_TEST(owner_nopreempt)
{
	struct config *c;

	c = unit_cfg_load_saying(INST(" priority 255\n nopreempt\n"),
				 "t.conf:5:2: warning: vrrp_instance VI_1: nopreempt is incompatible with "
				 "priority 255 (the address owner): nopreempt reset");
	ck_assert(!c->vrrp[0].nopreempt);
	cfg_free(c);
	c = unit_cfg_load_saying(STRICT INST(" nopreempt\n priority 255\n"),
				 "t.conf:7:2: warning: vrrp_instance VI_1: nopreempt is incompatible with "
				 "priority 255 (the address owner): nopreempt reset");
	ck_assert(!c->vrrp[0].nopreempt);
	cfg_free(c);
	c = unit_cfg_load_saying(INST(" priority 254\n nopreempt\n"), NULL);
	ck_assert(c->vrrp[0].nopreempt);
	cfg_free(c);
}
END_TEST

/* keepalived: "State MASTER must match being address owner" for an
 * owner's state BACKUP; it starts MASTER, as an owner without a state
 * line does without a word */
START_TEST(strict_owner_master)
{
	struct config *c;

	c = unit_cfg_load_saying(STRICT INST(" priority 255\n state BACKUP\n"),
				 "t.conf:8:8: warning: vrrp_instance VI_1: strict mode starts the address owner "
				 "(priority 255) as MASTER; state MASTER");
	ck_assert_int_eq(c->vrrp[0].state, CFG_VRRP_MASTER);
	cfg_free(c);
	c = unit_cfg_load_saying(STRICT INST(" priority 255\n"), NULL);
	ck_assert_int_eq(c->vrrp[0].state, CFG_VRRP_MASTER);
	cfg_free(c);
	c = unit_cfg_load_saying(INST(" priority 255\n state BACKUP\n"), NULL);
	ck_assert_int_eq(c->vrrp[0].state, CFG_VRRP_BACKUP);
	cfg_free(c);
	/* without strict too, an owner without a state line starts MASTER
	 * (keepalived 2.2.7: its first advert in the second it started) */
	c = unit_cfg_load_saying(INST(" priority 255\n"), NULL);
	ck_assert_int_eq(c->vrrp[0].state, CFG_VRRP_MASTER);
	cfg_free(c);
	c = unit_cfg_load_saying(INST(" priority 254\n"), NULL);
	ck_assert_int_eq(c->vrrp[0].state, CFG_VRRP_BACKUP);
	cfg_free(c);
}
END_TEST

/* The instance's line is reset with keepalived's word ("Strict mode
 * requires no lower priority advert", "... higher_prio_send_advert to be
 * clear", "... no repeat garps", "... no repeat garp delay", "xmit_base is
 * incompatible with strict mode"); global_defs' silently, as keepalived's
 * adverts and GARPs showed. */
START_TEST(strict_tuning)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{ STRICT INST(" lower_prio_no_advert off\n"), "strict mode always has lower_prio_no_advert; on" },
		{ STRICT INST(" higher_prio_send_advert\n"), "strict mode has no higher_prio_send_advert; off" },
		{ STRICT INST(" garp_lower_prio_repeat 2\n"),
		  "strict mode sends no GARP on a lower priority advert; garp_lower_prio_repeat 0" },
		{ STRICT INST(" garp_lower_prio_delay 2\n"),
		  "strict mode sends no GARP on a lower priority advert; garp_lower_prio_delay ignored" },
		{ "global_defs {\n vrrp_strict\n vrrp_lower_prio_no_advert off\n vrrp_higher_prio_send_advert\n"
		  " vrrp_garp_lower_prio_repeat 2\n vrrp_garp_lower_prio_delay 2\n}\n" INST(""),
		  NULL },
		{ STRICT INST(" garp_lower_prio_repeat 0\n garp_lower_prio_delay 0\n lower_prio_no_advert\n"), NULL },
	};
	char msg[200];

	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct config *c;

		if (cases[k].msg)
			snprintf(msg, sizeof(msg), "t.conf:4:1: warning: vrrp_instance VI_1: %s", cases[k].msg);
		c = unit_cfg_load_saying(cases[k].text, cases[k].msg ? msg : NULL);
		ck_assert_msg(c->vrrp[0].tune.lower_prio_no_advert == 1, "case %zu", k);
		ck_assert_msg(c->vrrp[0].tune.higher_prio_send_advert == 0, "case %zu", k);
		ck_assert_msg(c->vrrp[0].tune.garp_lower_prio_repeat == 0, "case %zu", k);
		ck_assert_msg(c->vrrp[0].tune.garp_lower_prio_delay == 0, "case %zu", k);
		cfg_free(c);
	}
}
END_TEST

/* vmac_xmit_base is reset under use_vmac: keepalived's adverts left from
 * the VMAC (source 00:00:5e:00:01:33) */
START_TEST(strict_vmac_xmit_base)
{
	struct config *c;

	c = unit_cfg_load_saying(STRICT INST(" use_vmac\n vmac_xmit_base\n"),
				 "t.conf:4:1: warning: vrrp_instance VI_1: strict mode sends adverts from the VMAC; "
				 "vmac_xmit_base ignored");
	ck_assert(!c->vrrp[0].vmac_xmit_base);
	cfg_free(c);
	c = unit_cfg_load_saying(INST(" use_vmac\n vmac_xmit_base\n"), NULL);
	ck_assert(c->vrrp[0].vmac_xmit_base);
	cfg_free(c);
}
END_TEST

/* keepalived.conf(5) lists unicast peers, but 2.2.7 sends its strict
 * adverts to them without a word (its ARP for the peer was seen) */
START_TEST(strict_keeps_unicast_peers)
{
	struct config *c = unit_cfg_load_saying(
		STRICT INST(" unicast_src_ip 10.0.0.1\n unicast_peer {\n  10.0.0.2\n }\n"), NULL);

	ck_assert_uint_eq(c->vrrp[0].npeers, 1);
	cfg_free(c);
}
END_TEST

Suite *cfg_strict_suite(void)
{
	Suite *s = suite_create("cfg_strict");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, strict_rules);
	tcase_add_test(tc, strict_needs_a_vip);
	tcase_add_test(tc, strict_ipv6);
	tcase_add_test(tc, strict_accept_v2);
	tcase_add_test(tc, strict_owner_master);
	tcase_add_test(tc, strict_tuning);
	tcase_add_test(tc, strict_vmac_xmit_base);
	tcase_add_test(tc, strict_keeps_unicast_peers);
	tcase_add_test(tc, owner_nopreempt);
	suite_add_tcase(s, tc);
	return s;
}
