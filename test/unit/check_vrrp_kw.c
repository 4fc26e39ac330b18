// SPDX-License-Identifier: GPL-2.0-or-later
/* VRRP keywords keepalived 2.2.7 has beside vrrp_strict: strict_mode,
 * (vrrp_)skip_check_adv_addr, kernel_rx_buf_size, vrrp_rx_bufs_policy and
 * _multiplier, vmac_prefix / vmac_addr_prefix, use_vmac_addr. The model read from them,
 * and the pure decisions taken from it. */
#include "config.h"

#include <string.h>

#include "suites.h"
#include "unit_cfg.h"
#include "vrrp_rxbuf.h"
#include "vrrp_vmac.h"

#define INST(lines) \
	"vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n" lines \
	" virtual_ipaddress {\n  10.0.0.100/24\n }\n}\n"

static void expect_error(const char *text, const char *msg)
{
	ck_assert_ptr_null(unit_cfg_load_saying(text, msg));
}

/* strict_mode: the instance's own setting, else vrrp_strict; the
 * default accept mode follows the instance's, and so does
 * lower_prio_no_advert (keepalived.conf(5): on in strict mode, whatever
 * is written; check_cfg_strict.c has the rules) */
START_TEST(strict_mode_overrides)
{
	static const struct {
		const char *text;
		bool strict, accept;
		int lower_prio_no_advert;
	} cases[] = {
		{ INST(""), false, true, 0 },
		{ "global_defs {\n vrrp_strict\n}\n" INST(""), true, false, 1 },
		{ "global_defs {\n vrrp_strict\n}\n" INST(" strict_mode off\n"), false, true, 0 },
		{ "global_defs {\n vrrp_strict\n}\n" INST(" strict_mode false\n"), false, true, 0 },
		{ INST(" strict_mode\n"), true, false, 1 },
		{ INST(" strict_mode on\n"), true, false, 1 },
		{ INST(" strict_mode yes\n version 3\n accept\n"), true, true, 1 },
		{ INST(" strict_mode\n lower_prio_no_advert off\n"), true, false, 1 },
		{ "global_defs {\n vrrp_lower_prio_no_advert off\n}\n" INST(" strict_mode\n"), true, false, 1 },
		{ "global_defs {\n vrrp_lower_prio_no_advert off\n}\n" INST(""), false, true, 0 },
	};

	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct config *c = unit_cfg_load(cases[k].text);

		ck_assert_msg(c->vrrp[0].strict == cases[k].strict, "case %zu", k);
		ck_assert_msg(c->vrrp[0].accept == cases[k].accept, "case %zu", k);
		ck_assert_msg(c->vrrp[0].tune.lower_prio_no_advert == cases[k].lower_prio_no_advert,
			      "case %zu", k);
		cfg_free(c);
	}
	expect_error(INST(" strict_mode maybe\n"),
		     "t.conf:4:14: error: 'maybe': strict_mode expects a boolean (yes/no, on/off, true/false)");
}
END_TEST

START_TEST(skip_check_adv_addr)
{
	struct config *c = unit_cfg_load(INST(""));

	ck_assert_int_eq(c->vrrp[0].skip_check_adv_addr, 0);
	cfg_free(c);
	c = unit_cfg_load("global_defs {\n vrrp_skip_check_adv_addr\n}\n" INST(""));
	ck_assert(c->global.vrrp_skip_check_adv_addr);
	ck_assert_int_eq(c->vrrp[0].skip_check_adv_addr, 1);
	cfg_free(c);
	c = unit_cfg_load("global_defs {\n vrrp_skip_check_adv_addr\n}\n" INST(" skip_check_adv_addr no\n"));
	ck_assert_int_eq(c->vrrp[0].skip_check_adv_addr, 0);
	cfg_free(c);
	c = unit_cfg_load(INST(" skip_check_adv_addr\n"));
	ck_assert_int_eq(c->vrrp[0].skip_check_adv_addr, 1);
	cfg_free(c);
	expect_error(INST(" skip_check_adv_addr 2\n"),
		     "t.conf:4:22: error: '2': skip_check_adv_addr expects a boolean (yes/no, on/off, true/false)");
}
END_TEST

START_TEST(rx_bufs_keywords)
{
	struct config *c = unit_cfg_load(INST(""));

	ck_assert_int_eq(c->global.vrrp_rx_bufs_policy, CFG_RX_BUFS_NONE);
	ck_assert_uint_eq(c->global.vrrp_rx_bufs_multiplier, 3);
	ck_assert_uint_eq(c->vrrp[0].kernel_rx_buf_size, 0);
	cfg_free(c);
	c = unit_cfg_load("global_defs {\n vrrp_rx_bufs_policy mtu\n vrrp_rx_bufs_multiplier 5\n}\n"
			  INST(" kernel_rx_buf_size 65536\n"));
	ck_assert_int_eq(c->global.vrrp_rx_bufs_policy, CFG_RX_BUFS_MTU);
	ck_assert_uint_eq(c->global.vrrp_rx_bufs_multiplier, 5);
	ck_assert_uint_eq(c->vrrp[0].kernel_rx_buf_size, 65536);
	cfg_free(c);
	c = unit_cfg_load("global_defs {\n vrrp_rx_bufs_policy ADVERT\n}\n" INST(""));
	ck_assert_int_eq(c->global.vrrp_rx_bufs_policy, CFG_RX_BUFS_ADVERT);
	cfg_free(c);
	c = unit_cfg_load("global_defs {\n vrrp_rx_bufs_policy 50000\n}\n" INST(""));
	ck_assert_int_eq(c->global.vrrp_rx_bufs_policy, CFG_RX_BUFS_SIZE);
	ck_assert_uint_eq(c->global.vrrp_rx_bufs_size, 50000);
	cfg_free(c);
	expect_error("global_defs {\n vrrp_rx_bufs_policy BIG\n}\n",
		     "t.conf:2:22: error: 'BIG': vrrp_rx_bufs_policy takes MTU, ADVERT or a size in bytes");
	expect_error("global_defs {\n vrrp_rx_bufs_policy 0\n}\n",
		     "t.conf:2:22: error: '0': vrrp_rx_bufs_policy must be in 1..1073741824");
	expect_error("global_defs {\n vrrp_rx_bufs_multiplier 0\n}\n",
		     "t.conf:2:26: error: '0': vrrp_rx_bufs_multiplier must be in 1..1000");
	expect_error(INST(" kernel_rx_buf_size 1k\n"),
		     "t.conf:4:21: error: '1k': kernel_rx_buf_size expects an integer");
	expect_error(INST(" kernel_rx_buf_size\n"),
		     "t.conf:4:2: error: 'kernel_rx_buf_size' takes 1 argument, not 0");
}
END_TEST

/* keepalived 2.2.7 measured: own size first, else the policy's; MTU and
 * ADVERT times the multiplier; the socket's the sum */
START_TEST(rx_buf_share)
{
	struct cfg_global g = { .vrrp_rx_bufs_multiplier = 3 };
	struct cfg_vrrp c = { 0 };

	ck_assert_uint_eq(vrrp_rxbuf_share(&c, &g, 1500, 40), 0);
	g.vrrp_rx_bufs_policy = CFG_RX_BUFS_MTU;
	ck_assert_uint_eq(vrrp_rxbuf_share(&c, &g, 1500, 40), 4500);
	g.vrrp_rx_bufs_policy = CFG_RX_BUFS_ADVERT;
	ck_assert_uint_eq(vrrp_rxbuf_share(&c, &g, 1500, 436), 1308);
	g.vrrp_rx_bufs_policy = CFG_RX_BUFS_SIZE;
	g.vrrp_rx_bufs_size = 50000;
	ck_assert_uint_eq(vrrp_rxbuf_share(&c, &g, 1500, 40), 50000);
	c.kernel_rx_buf_size = 30000;
	ck_assert_uint_eq(vrrp_rxbuf_share(&c, &g, 1500, 40), 30000);
	g.vrrp_rx_bufs_policy = CFG_RX_BUFS_MTU;
	g.vrrp_rx_bufs_multiplier = 1000;
	c.kernel_rx_buf_size = 0;
	ck_assert_uint_eq(vrrp_rxbuf_share(&c, &g, 65536, 40), 65536000);
	ck_assert_uint_eq(vrrp_rxbuf_add(30000, 20000), 50000);
	ck_assert_uint_eq(vrrp_rxbuf_add(CFG_RX_BUF_MAX, 1), CFG_RX_BUF_MAX);
}
END_TEST

START_TEST(vmac_prefix)
{
	struct config *c = unit_cfg_load("global_defs {\n vmac_prefix kv\n}\n" INST(" use_vmac\n"));
	struct vrrp_vmac v;

	ck_assert_str_eq(c->global.vmac_prefix, "kv");
	vrrp_vmac_plan(&c->vrrp[0], c->global.vmac_prefix, AF_INET, &v);
	ck_assert_str_eq(v.name, "kv.51");
	/* keepalived names an IPv6 instance's PREFIX.VRID too */
	vrrp_vmac_plan(&c->vrrp[0], c->global.vmac_prefix, AF_INET6, &v);
	ck_assert_str_eq(v.name, "kv.51");
	cfg_free(c);
	c = unit_cfg_load("global_defs {\n vmac_prefix kv\n}\n" INST(" use_vmac wan-vmac\n"));
	vrrp_vmac_plan(&c->vrrp[0], c->global.vmac_prefix, AF_INET, &v);
	ck_assert_str_eq(v.name, "wan-vmac");
	cfg_free(c);
	expect_error("global_defs {\n vmac_prefix abcdefghijkl\n}\n",
		     "t.conf:2:14: error: 'abcdefghijkl': vmac_prefix: at most 11 characters, no '/' or ':' "
		     "(PREFIX.VRID names an interface)");
	expect_error("global_defs {\n vmac_prefix a/b\n}\n",
		     "t.conf:2:14: error: 'a/b': vmac_prefix: at most 11 characters, no '/' or ':' "
		     "(PREFIX.VRID names an interface)");
}
END_TEST

/* use_vmac_addr: one macvlan per other interface of the VIPs and excluded
 * VIPs, named as keepalived 2.2.7 named them: va.51, then va1.51 */
START_TEST(vmac_addr)
{
	struct config *c = unit_cfg_load(
		"global_defs {\n vmac_addr_prefix va\n}\n"
		"vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n use_vmac_addr\n"
		" virtual_ipaddress {\n  10.0.0.100/24\n  10.0.5.1/24 dev lan1\n  10.0.5.2/24 dev lan1\n"
		"  10.0.0.101/24 dev eth0\n }\n"
		" virtual_ipaddress_excluded {\n  10.0.6.1/24 dev lan2\n }\n}\n");
	struct vrrp_vmac v[6];
	static const uint8_t mac[6] = { 0x00, 0x00, 0x5e, 0x00, 0x01, 51 };

	ck_assert(c->vrrp[0].use_vmac_addr);
	ck_assert_str_eq(c->global.vmac_addr_prefix, "va");
	ck_assert_uint_eq(vrrp_vmac_plan_addrs(&c->vrrp[0], "va", AF_INET, v), 2);
	ck_assert_str_eq(v[0].name, "va.51");
	ck_assert_str_eq(v[0].base, "lan1");
	ck_assert_mem_eq(v[0].mac, mac, 6);
	ck_assert_str_eq(v[1].name, "va1.51");
	ck_assert_str_eq(v[1].base, "lan2");
	ck_assert_uint_eq(vrrp_vmac_plan_addrs(&c->vrrp[0], NULL, AF_INET, v), 2);
	ck_assert_str_eq(v[0].name, "vrrp.51");
	ck_assert_str_eq(v[1].name, "vrrp1.51");
	cfg_free(c);
}
END_TEST

Suite *vrrp_kw_suite(void)
{
	Suite *s = suite_create("vrrp_kw");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, strict_mode_overrides);
	tcase_add_test(tc, skip_check_adv_addr);
	tcase_add_test(tc, rx_bufs_keywords);
	tcase_add_test(tc, rx_buf_share);
	tcase_add_test(tc, vmac_prefix);
	tcase_add_test(tc, vmac_addr);
	suite_add_tcase(s, tc);
	return s;
}
