// SPDX-License-Identifier: GPL-2.0-or-later
/* static_ipaddress, track_group / static_track_group and the track_group
 * words of static lines: the parsed model (lib/cfg_static.c), its
 * diagnostics, and which static addresses to add and remove
 * (vrrp_sa_plan). */
#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "unit_cfg.h"
#include "cfg_route.h"
#include "cfg_static.h"
#include "vrrp_sa_plan.h"

#define INSTS "vrrp_instance VI_1 {\n interface lo\n virtual_router_id 51\n}\n" \
	      "vrrp_instance VI_2 {\n interface lo\n virtual_router_id 52\n}\n"

static const char *addr_text(const struct cfg_vip *v)
{
	static char buf[96];
	char a[64];

	cfg_ip_format(&v->addr, a, sizeof(a));
	snprintf(buf, sizeof(buf), "%s/%u dev %s%s%s%s%s", a, v->plen, v->dev,
		 v->scope ? " scope " : "", v->scope ? v->scope : "", v->label ? " label " : "",
		 v->label ? v->label : "");
	return buf;
}

START_TEST(addresses_parse)
{
	struct config *c = unit_cfg_load("static_ipaddress {\n"
					 " 192.168.1.1/24 dev lo scope global\n"
					 " fd00:1::1/64 dev lo label lo:6\n"
					 " 10.0.0.7 brd 10.0.0.255 dev lo\n"
					 " 10.0.0.8/24\n"
					 "}\n");
	const struct cfg_vip *v = c->static_addrs;

	ck_assert_uint_eq(c->nstatic_addrs, 4);
	ck_assert_str_eq(addr_text(&v[0]), "192.168.1.1/24 dev lo scope global");
	ck_assert_str_eq(addr_text(&v[1]), "fd00:1::1/64 dev lo label lo:6");
	ck_assert_uint_eq(v[1].addr.af, AF_INET6);
	ck_assert_str_eq(addr_text(&v[2]), "10.0.0.7/32 dev lo");
	ck_assert_uint_eq(v[2].brd.af, AF_INET);
	/* no dev: keepalived's default_interface, eth0 */
	ck_assert_str_eq(addr_text(&v[3]), "10.0.0.8/24 dev eth0");
	ck_assert_ptr_null(v[0].track_group);
	cfg_free(c);
}
END_TEST

/* keepalived 2.2.7 put "10.7.0.50/24" on its default_interface (seen in a
 * namespace, session 14); global_defs may come after the block */
START_TEST(default_interface_later)
{
	struct config *c = unit_cfg_load("static_ipaddress {\n 10.7.0.50/24\n 10.7.0.51/24 dev lo\n}\n"
					 "global_defs {\n default_interface lo\n}\n");

	ck_assert_uint_eq(c->nstatic_addrs, 2);
	ck_assert_str_eq(addr_text(&c->static_addrs[0]), "10.7.0.50/24 dev lo");
	ck_assert_str_eq(c->global.default_interface, "lo");
	cfg_free(c);
}
END_TEST

/* keepalived 2.2.7 refused an instance on an interface the host lacks
 * ("(VI_1) Unknown interface!") unless dynamic_interfaces; keel waits */
START_TEST(instance_interface_here)
{
	static const char inst[] = "vrrp_instance VI_1 {\n interface %s\n virtual_router_id 7\n"
				   " virtual_ipaddress {\n  10.7.0.100/24\n }\n}\n";
	char text[512];
	struct config *c;

	snprintf(text, sizeof(text), inst, "nosuch0");
	c = unit_cfg_load_here_saying(text, "t.conf:2:12: warning: vrrp_instance VI_1: no interface "
					    "'nosuch0' here (yet); the instance stays FAULT until it "
					    "appears (keepalived refuses this without dynamic_interfaces)");
	ck_assert_ptr_nonnull(c);
	cfg_free(c);
	snprintf(text, sizeof(text), "global_defs {\n dynamic_interfaces allow_if_changes\n}\n");
	snprintf(text + strlen(text), sizeof(text) - strlen(text), inst, "nosuch0");
	c = unit_cfg_load_here_saying(text, NULL);
	ck_assert(c->global.dynamic_interfaces);
	cfg_free(c);
	snprintf(text, sizeof(text), inst, "lo");
	cfg_free(unit_cfg_load_here_saying(text, NULL));
	cfg_free(unit_cfg_load_saying("global_defs {\n dynamic_interfaces sometimes\n}\n",
				      "t.conf:2:21: error: 'sometimes': dynamic_interfaces takes only "
				      "allow_if_changes"));
}
END_TEST

START_TEST(groups_parse)
{
	struct config *c = unit_cfg_load("track_group G1 {\n group {\n  VI_1\n  VI_2\n }\n}\n"
					 "static_track_group G2 {\n group { VI_2 }\n}\n"
					 "static_ipaddress {\n"
					 " 10.1.0.1/24 dev lo track_group G1\n"
					 " 10.2.0.1/24 track_group G2 dev lo\n"
					 "}\n"
					 "static_routes {\n"
					 " 10.9.0.0/16 via 10.1.0.254 dev lo track_group G1\n"
					 "}\n"
					 "static_rules {\n"
					 " from 10.9.0.0/16 iif lo table 100 priority 100 track_group G2\n"
					 "}\n" INSTS);
	char buf[256];

	ck_assert_uint_eq(c->ntrack_groups, 2);
	ck_assert_str_eq(c->track_groups[0].name, "G1");
	ck_assert_uint_eq(c->track_groups[0].ninsts, 2);
	ck_assert_str_eq(c->track_groups[0].insts[1], "VI_2");
	ck_assert_str_eq(c->track_groups[1].insts[0], "VI_2");
	ck_assert_ptr_eq(cfg_track_group_named(c, "G2"), &c->track_groups[1]);
	ck_assert_str_eq(c->static_addrs[0].track_group, "G1");
	ck_assert_str_eq(addr_text(&c->static_addrs[1]), "10.2.0.1/24 dev lo");
	ck_assert_str_eq(c->static_addrs[1].track_group, "G2");
	cfg_route_format(&c->static_rt.routes[0], buf, sizeof(buf));
	ck_assert_str_eq(buf, "10.9.0.0/16 via 10.1.0.254 dev lo table main track_group G1");
	cfg_rule_format(&c->static_rt.rules[0], buf, sizeof(buf));
	ck_assert_str_eq(buf, "priority 100 inet from 10.9.0.0/16 iif lo table 100 track_group G2");
	cfg_free(c);
}
END_TEST

/* Each instance of a group tracks the links of the group's lines, once,
 * with weight 0 (FAULT while down), as keepalived 2.2.7 was seen doing. */
START_TEST(groups_track_links)
{
	struct config *c = unit_cfg_load("track_group G1 {\n group {\n  VI_1\n }\n}\n"
					 "static_ipaddress {\n"
					 " 10.1.0.1/24 dev lo track_group G1\n"
					 " 10.1.0.2/24 dev lo track_group G1\n"
					 "}\n"
					 "static_routes {\n"
					 " 10.9.0.0/16 dev lo track_group G1\n"
					 "}\n" INSTS);

	ck_assert_uint_eq(c->vrrp[0].track.nifs, 1);
	ck_assert_str_eq(c->vrrp[0].track.ifs[0].name, "lo");
	ck_assert(!c->vrrp[0].track.ifs[0].weight_set);
	ck_assert_uint_eq(c->vrrp[1].track.nifs, 0);
	cfg_free(c);
}
END_TEST

START_TEST(groups_warn)
{
	struct config *c;

	/* an instance the config lacks: keepalived "doesn't exist - ignoring" */
	c = unit_cfg_load_saying("track_group G1 {\n group {\n  VI_1 VI_9\n }\n}\n" INSTS,
				 "t.conf:3:8: warning: track_group G1: no vrrp_instance 'VI_9'; ignored");
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->track_groups[0].ninsts, 1);
	cfg_free(c);
	/* a group the config lacks: keepalived "track_group NOPE not found" */
	c = unit_cfg_load_saying("static_ipaddress {\n 10.1.0.1/24 dev lo track_group NOPE\n}\n" INSTS,
				 "t.conf:2:33: warning: track_group 'NOPE' is not defined; "
				 "static address not tracked");
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->nstatic_addrs, 1);
	ck_assert_ptr_null(c->static_addrs[0].track_group);
	ck_assert_uint_eq(c->vrrp[0].track.nifs, 0);
	cfg_free(c);
	c = unit_cfg_load_here_saying("static_ipaddress {\n 10.1.0.1/24 dev nosuch0\n}\n",
				      "t.conf:2:2: warning: static_ipaddress 10.1.0.1/24: no interface "
				      "'nosuch0' here (yet); added when it appears");
	ck_assert_ptr_nonnull(c);
	cfg_free(c);
	/* the host is not asked unless keeld loads it */
	c = unit_cfg_load_saying("static_ipaddress {\n 10.1.0.1/24 dev nosuch0\n}\n", NULL);
	cfg_free(c);
}
END_TEST

START_TEST(bad_lines)
{
	static const char *const cases[][2] = {
		{ "static_ipaddress {\n 10.1.0.300/24 dev lo\n}\n",
		  "t.conf:2:2: error: '10.1.0.300': expected an IP address" },
		{ "static_ipaddress {\n 10.1.0.1/33 dev lo\n}\n",
		  "t.conf:2:2: error: '/33': bad prefix length" },
		{ "static_ipaddress {\n 10.1.0.1 dev lo track_group\n}\n",
		  "t.conf:2:18: error: 'track_group' needs a value" },
		{ "track_group G1 {\n group { VI_1 }\n}\n"
		  "static_ipaddress {\n 10.1.0.1 track_group G1 dev lo track_group G1\n}\n" INSTS,
		  "t.conf:5:33: error: a second track_group" },
		{ "static_ipaddress {\n track_group G1\n}\n",
		  "t.conf:2:2: error: an address line needs an address" },
		/* keepalived: "Static route cannot have track group if no oif specified"
		 * (no_track: without it the line also warns that it is not watched) */
		{ "track_group G1 {\n group { VI_1 }\n}\n"
		  "static_routes {\n 10.9.0.0/16 via 10.1.0.254 no_track track_group G1\n}\n" INSTS,
		  "t.conf:5:50: error: a static route with track_group needs dev: the link it tracks" },
		{ "track_group G1 {\n group { VI_1 }\n}\n"
		  "static_rules {\n from 10.9.0.0/16 table 1 priority 5 track_group G1\n}\n" INSTS,
		  "t.conf:5:50: error: a static rule with track_group needs iif or oif: the link it tracks" },
		{ "track_group G1 {\n group { VI_1 }\n}\ntrack_group G1 {\n group { VI_2 }\n}\n" INSTS,
		  "t.conf:4:13: error: track_group 'G1' is defined twice" },
		/* only static lines name a group (keepalived: "unknown route keyword") */
		{ "vrrp_instance VI_1 {\n interface lo\n virtual_router_id 51\n virtual_routes {\n"
		  "  10.9.0.0/16 dev lo track_group G1\n }\n}\n",
		  "t.conf:5:22: error: 'track_group': route option must be via, dev, src, table, metric, "
		  "scope, protocol or no_track (others are not implemented by keel)" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_ptr_null(unit_cfg_load_saying(cases[i][0], cases[i][1]));
}
END_TEST

/* --- vrrp_sa_plan */

static struct cfg_vip vip(const char *addr, uint8_t plen, const char *dev, const char *label)
{
	struct cfg_vip v = { .plen = plen, .dev = (char *)dev, .label = (char *)label };

	ck_assert(cfg_ip_parse(addr, &v.addr));
	return v;
}

static void ck_op(const struct vrrp_sa_ops *ops, size_t k, bool add, bool fresh,
		  const struct cfg_vip *v)
{
	ck_assert_uint_lt(k, ops->n);
	ck_assert_int_eq(ops->op[k].add, add);
	ck_assert_int_eq(ops->op[k].fresh, fresh);
	ck_assert_ptr_eq(ops->op[k].addr, v);
}

START_TEST(plan_start_reload_stop)
{
	struct cfg_vip old[3] = { vip("10.1.0.1", 24, "eth0", NULL), vip("10.1.0.2", 24, "eth0", NULL),
				  vip("fd00::1", 64, "eth0", "x") };
	struct cfg_vip now[3] = { vip("10.1.0.1", 24, "eth0", NULL), vip("fd00::1", 64, "eth0", "y"),
				  vip("10.1.0.3", 24, "eth1", NULL) };
	struct vrrp_sa_ops ops;

	/* start: every line added */
	ck_assert_int_eq(vrrp_sa_plan(NULL, 0, old, 3, &ops), 0);
	ck_assert_uint_eq(ops.n, 3);
	ck_assert_uint_eq(ops.late, 3);
	ck_op(&ops, 0, true, true, &old[0]);
	ck_op(&ops, 2, true, true, &old[2]);
	free(ops.op);
	/* reload: the changed one out first, every wanted one in (the kept
	 * one again, not fresh), the dropped one out after the routes */
	ck_assert_int_eq(vrrp_sa_plan(old, 3, now, 3, &ops), 0);
	ck_assert_uint_eq(ops.n, 5);
	ck_assert_uint_eq(ops.late, 4);
	ck_op(&ops, 0, false, false, &old[2]);
	ck_op(&ops, 1, true, false, &now[0]);
	ck_op(&ops, 2, true, true, &now[1]);
	ck_op(&ops, 3, true, true, &now[2]);
	ck_op(&ops, 4, false, false, &old[1]);
	free(ops.op);
	/* stop: all out, after the routes */
	ck_assert_int_eq(vrrp_sa_plan(now, 3, NULL, 0, &ops), 0);
	ck_assert_uint_eq(ops.n, 3);
	ck_assert_uint_eq(ops.late, 0);
	ck_op(&ops, 1, false, false, &now[1]);
	free(ops.op);
	ck_assert_int_eq(vrrp_sa_plan(NULL, 0, NULL, 0, &ops), 0);
	ck_assert_uint_eq(ops.n, 0);
}
END_TEST

START_TEST(plan_equal_and_seen)
{
	struct cfg_vip a = vip("10.1.0.1", 24, "eth0", NULL), b = a;
	struct vrrp_sa_seen seen[2] = { { .plen = 24, .ifindex = 3 }, { .plen = 16, .ifindex = 2 } };

	ck_assert(vrrp_sa_equal(&a, &b));
	b.scope = "link";
	ck_assert(!vrrp_sa_equal(&a, &b));
	b = a;
	b.plen = 16;
	ck_assert(!vrrp_sa_equal(&a, &b));
	b = a;
	b.dev = "eth1";
	ck_assert(!vrrp_sa_equal(&a, &b));
	ck_assert(cfg_ip_parse("10.1.0.1", &seen[0].addr));
	ck_assert(cfg_ip_parse("10.1.0.1", &seen[1].addr));
	ck_assert(vrrp_sa_seen_has(seen, 2, &a, 3));
	ck_assert(!vrrp_sa_seen_has(seen, 2, &a, 2));	/* another prefix there */
	ck_assert(!vrrp_sa_seen_has(seen, 1, &a, 4));
}
END_TEST

Suite *cfg_static_suite(void)
{
	Suite *s = suite_create("cfg_static");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, addresses_parse);
	tcase_add_test(tc, default_interface_later);
	tcase_add_test(tc, instance_interface_here);
	tcase_add_test(tc, groups_parse);
	tcase_add_test(tc, groups_track_links);
	tcase_add_test(tc, groups_warn);
	tcase_add_test(tc, bad_lines);
	tcase_add_test(tc, plan_start_reload_stop);
	tcase_add_test(tc, plan_equal_and_seen);
	suite_add_tcase(s, tc);
	return s;
}
