// SPDX-License-Identifier: GPL-2.0-or-later
/* virtual_routes / virtual_rules / static_*: the parsed model
 * (lib/cfg_route.c), what to add and remove (vrrp_rt_plan) and the text
 * that logs name them. */
#include <arpa/inet.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "unit_cfg.h"
#include "cfg_route.h"
#include "vrrp_rt_plan.h"

static const char *inst(const char *routes, const char *rules)
{
	static char buf[2048];

	snprintf(buf, sizeof(buf),
		 "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
		 " virtual_ipaddress {\n  10.0.0.100/24\n }\n"
		 " virtual_routes {\n%s\n }\n virtual_rules {\n%s\n }\n}\n",
		 routes, rules);
	return buf;
}

static char *fmt_route(const struct cfg_route *r)
{
	static char buf[256];

	cfg_route_format(r, buf, sizeof(buf));
	return buf;
}

static char *fmt_rule(const struct cfg_rule *u)
{
	static char buf[256];

	cfg_rule_format(u, buf, sizeof(buf));
	return buf;
}

START_TEST(routes_parse)
{
	struct config *c = unit_cfg_load(inst(
		"10.9.0.0/16 via 10.0.0.254 dev eth0 table 100\n"
		"src 10.0.0.100 to 10.8.0.0/16 gw 10.0.0.254 table 100 metric 7\n"
		"blackhole 10.66.0.0/16 table main\n"
		"unreachable 2001:db8:1::/48 table 100 no_track\n"
		"2001:db8:2::/48 via fd00::fe dev eth0 scope global\n"
		"10.1.2.3 dev eth0 scope link\n"
		"default via 10.0.0.1 table 200 preference 5\n"
		"prohibit 10.67.0.0/16", ""));
	const struct cfg_routes *rt = &c->vrrp[0].vroutes;
	const struct cfg_route *r = rt->routes;

	ck_assert_uint_eq(rt->nroutes, 8);
	ck_assert_uint_eq(rt->nrules, 0);
	ck_assert_str_eq(fmt_route(&r[0]), "10.9.0.0/16 via 10.0.0.254 dev eth0 table 100");
	ck_assert_uint_eq(r[0].type, CFG_RT_UNICAST);
	ck_assert_uint_eq(r[0].dst_len, 16);
	ck_assert_int_eq(r[0].scope, CFG_RT_SCOPE_UNSET);
	ck_assert_str_eq(fmt_route(&r[1]),
			 "10.8.0.0/16 via 10.0.0.254 src 10.0.0.100 table 100 metric 7");
	ck_assert_str_eq(fmt_route(&r[2]), "blackhole 10.66.0.0/16 table main");
	ck_assert_uint_eq(r[2].table, CFG_RT_TABLE_MAIN);
	ck_assert_str_eq(fmt_route(&r[3]), "unreachable 2001:db8:1::/48 table 100");
	ck_assert_uint_eq(r[3].dst.af, AF_INET6);
	ck_assert_str_eq(fmt_route(&r[4]),
			 "2001:db8:2::/48 via fd00::fe dev eth0 table main scope 0");
	ck_assert_str_eq(fmt_route(&r[5]), "10.1.2.3/32 dev eth0 table main scope 253");
	ck_assert_str_eq(fmt_route(&r[6]), "0.0.0.0/0 via 10.0.0.1 table 200 metric 5");
	ck_assert_str_eq(fmt_route(&r[7]), "prohibit 10.67.0.0/16 table main");
	cfg_free(c);
}
END_TEST

START_TEST(rules_parse)
{
	struct config *c = unit_cfg_load(inst("",
		"from 10.0.0.0/24 to 10.9.0.0/16 table 100 priority 100\n"
		"fwmark 0x10/0xff lookup 100 pref 101\n"
		"fwmark 7 table 100\n"
		"iif eth0 oif eth1 table 100 prio 102 no_track\n"
		"from fd00::/64 table 100 preference 103\n"
		"to all table local"));
	const struct cfg_rule *u = c->vrrp[0].vroutes.rules;

	ck_assert_uint_eq(c->vrrp[0].vroutes.nrules, 6);
	ck_assert_str_eq(fmt_rule(&u[0]),
			 "priority 100 inet from 10.0.0.0/24 to 10.9.0.0/16 table 100");
	ck_assert_str_eq(fmt_rule(&u[1]), "priority 101 inet from all fwmark 0x10/0xff table 100");
	ck_assert_str_eq(fmt_rule(&u[2]), "inet from all fwmark 0x7/0xffffffff table 100");
	ck_assert(!u[2].priority_set);
	ck_assert_str_eq(fmt_rule(&u[3]), "priority 102 inet from all iif eth0 oif eth1 table 100");
	ck_assert_str_eq(fmt_rule(&u[4]), "priority 103 inet6 from fd00::/64 table 100");
	ck_assert_uint_eq(u[4].af, AF_INET6);
	ck_assert_uint_eq(u[5].table, 255);
	cfg_free(c);
}
END_TEST

START_TEST(static_parse)
{
	struct config *c = unit_cfg_load("static_routes {\n 10.77.0.0/16 dev eth0 table 300\n}\n"
					 "static_rules {\n from 10.77.0.0/16 table 300\n}\n");

	ck_assert_uint_eq(c->static_rt.nroutes, 1);
	ck_assert_uint_eq(c->static_rt.nrules, 1);
	ck_assert_uint_eq(c->static_rt.routes[0].table, 300);
	cfg_free(c);
}
END_TEST

/* op k of ops: add or not, and its text */
static void ck_op(const struct vrrp_rt_ops *ops, size_t k, bool add, const char *text)
{
	const struct vrrp_rt_op *op = &ops->op[k];

	ck_assert_uint_lt(k, ops->n);
	ck_assert_int_eq(op->add, add);
	ck_assert_str_eq(op->route ? fmt_route(op->route) : fmt_rule(op->rule), text);
}

START_TEST(plan_master_and_back)
{
	struct config *c = unit_cfg_load(inst("10.9.0.0/16 dev eth0 table 100\n"
					      "10.8.0.0/16 dev eth0 table 100",
					      "from 10.0.0.0/24 table 100"));
	const struct cfg_routes *rt = &c->vrrp[0].vroutes;
	struct vrrp_rt_ops ops;

	/* becoming MASTER: routes, then the rule that leads to them */
	ck_assert_int_eq(vrrp_rt_plan(NULL, rt, &ops), 0);
	ck_assert_uint_eq(ops.n, 3);
	ck_op(&ops, 0, true, "10.9.0.0/16 dev eth0 table 100");
	ck_op(&ops, 1, true, "10.8.0.0/16 dev eth0 table 100");
	ck_op(&ops, 2, true, "inet from 10.0.0.0/24 table 100");
	free(ops.op);
	/* leaving it: the rule first */
	ck_assert_int_eq(vrrp_rt_plan(rt, NULL, &ops), 0);
	ck_assert_uint_eq(ops.n, 3);
	ck_op(&ops, 0, false, "inet from 10.0.0.0/24 table 100");
	ck_op(&ops, 1, false, "10.9.0.0/16 dev eth0 table 100");
	ck_op(&ops, 2, false, "10.8.0.0/16 dev eth0 table 100");
	free(ops.op);
	/* nothing held, nothing wanted */
	ck_assert_int_eq(vrrp_rt_plan(NULL, NULL, &ops), 0);
	ck_assert_uint_eq(ops.n, 0);
	free(ops.op);
	cfg_free(c);
}
END_TEST

START_TEST(plan_reload)
{
	struct config *a = unit_cfg_load(inst("10.9.0.0/16 dev eth0 table 100\n"
					      "10.8.0.0/16 dev eth0 table 100 metric 5",
					      "from 10.0.0.0/24 table 100\nfwmark 1 table 100"));
	struct config *b = unit_cfg_load(inst("10.9.0.0/16 dev eth0 table 100\n"
					      "10.8.0.0/16 dev eth0 table 100 metric 6",
					      "from 10.0.0.0/24 table 100"));
	struct vrrp_rt_ops ops;

	/* what the new config dropped or changed goes; all it wants is
	 * (re)added: the kept ones are adopted, so drift is repaired */
	ck_assert_int_eq(vrrp_rt_plan(&a->vrrp[0].vroutes, &b->vrrp[0].vroutes, &ops), 0);
	ck_assert_uint_eq(ops.n, 5);
	ck_op(&ops, 0, false, "inet from all fwmark 0x1/0xffffffff table 100");
	ck_op(&ops, 1, false, "10.8.0.0/16 dev eth0 table 100 metric 5");
	ck_op(&ops, 2, true, "10.9.0.0/16 dev eth0 table 100");
	ck_op(&ops, 3, true, "10.8.0.0/16 dev eth0 table 100 metric 6");
	ck_op(&ops, 4, true, "inet from 10.0.0.0/24 table 100");
	free(ops.op);
	cfg_free(a);
	cfg_free(b);
}
END_TEST

START_TEST(equal_fields)
{
	struct config *c = unit_cfg_load(inst(
		"10.9.0.0/16 dev eth0\n10.9.0.0/16 dev eth1\n10.9.0.0/24 dev eth0\n"
		"10.9.0.0/16 dev eth0 table 7\n10.9.0.0/16 dev eth0 src 10.0.0.100\n"
		"10.9.0.0/16 dev eth0 scope link\nblackhole 10.9.0.0/16 dev eth0\n"
		"10.9.0.0/16 dev eth0 via 10.0.0.1\n10.9.0.0/16 dev eth0 protocol 99 no_track\n"
		"10.9.0.0/16 dev eth0",
		"fwmark 1\nfwmark 1/3\nfwmark 1 iif eth0\nfwmark 1 priority 4\nfwmark 1 no_track\n"
		"fwmark 1"));
	const struct cfg_routes *rt = &c->vrrp[0].vroutes;

	for (size_t k = 1; k + 1 < rt->nroutes; k++)
		ck_assert_msg(!vrrp_route_equal(&rt->routes[0], &rt->routes[k]), "route %zu", k);
	ck_assert(vrrp_route_equal(&rt->routes[0], &rt->routes[rt->nroutes - 1]));
	for (size_t k = 1; k + 1 < rt->nrules; k++)
		ck_assert_msg(!vrrp_rule_equal(&rt->rules[0], &rt->rules[k]), "rule %zu", k);
	ck_assert(vrrp_rule_equal(&rt->rules[0], &rt->rules[rt->nrules - 1]));
	cfg_free(c);
}
END_TEST

/* keepalived 2.2.7 (measured): its routes are proto keepalived (18), no_track
 * or not; a rule is unless no_track; another protocol is kept only with
 * no_track (else reset, warned); a route without dev is not watched. */
START_TEST(protocol_track)
{
	struct config *c = unit_cfg_load(inst(
		"10.9.0.0/16 dev eth0 table 100\n"
		"10.8.0.0/16 dev eth0 table 100 protocol boot no_track\n"
		"10.7.0.0/16 dev eth0 table 100 no_track\n"
		"10.6.0.0/16 dev eth0 table 100 protocol 99 no_track",
		"from 10.1.0.0/16 table 100 priority 5\n"
		"from 10.2.0.0/16 table 100 priority 6 no_track\n"
		"from 10.3.0.0/16 table 100 priority 7 protocol 99 no_track"));
	const struct cfg_route *r = c->vrrp[0].vroutes.routes;
	const struct cfg_rule *u = c->vrrp[0].vroutes.rules;

	ck_assert(r[0].protocol == 18 && !r[0].no_track);
	ck_assert(r[1].protocol == 3 && r[1].no_track);
	ck_assert(r[2].protocol == 18 && r[2].no_track);
	ck_assert(r[3].protocol == 99 && r[3].no_track);
	ck_assert_str_eq(fmt_route(&r[0]), "10.9.0.0/16 dev eth0 table 100");
	ck_assert_str_eq(fmt_route(&r[1]), "10.8.0.0/16 dev eth0 table 100 proto 3");
	ck_assert(u[0].protocol == 18 && !u[0].no_track);
	ck_assert(u[1].protocol == 0 && u[1].no_track);
	ck_assert(u[2].protocol == 99 && u[2].no_track);
	ck_assert_str_eq(fmt_rule(&u[2]), "priority 7 inet from 10.3.0.0/16 table 100 proto 99");
	cfg_free(c);

	c = unit_cfg_load_saying(inst("10.9.0.0/16 dev eth0 table 100 protocol static", ""),
				 "t.conf:8:32: warning: a route is watched only with protocol "
				 "keepalived (18): protocol reset (as keepalived does; no_track keeps it)");
	ck_assert(c->vrrp[0].vroutes.routes[0].protocol == 18);
	cfg_free(c);
	c = unit_cfg_load_saying(inst("", "from 10.1.0.0/16 table 100 priority 5 protocol 99"),
				 "t.conf:11:39: warning: a rule is watched only with protocol "
				 "keepalived (18): protocol reset (as keepalived does; no_track keeps it)");
	ck_assert(c->vrrp[0].vroutes.rules[0].protocol == 18);
	cfg_free(c);
	c = unit_cfg_load_saying(inst("blackhole 10.66.0.0/16 table 100", ""),
				 "t.conf:8:1: warning: a route without dev is not watched (as "
				 "keepalived): one deleted by hand is not put back");
	ck_assert(c->vrrp[0].vroutes.routes[0].no_track);
	ck_assert(c->vrrp[0].vroutes.routes[0].protocol == 18);
	cfg_free(c);
}
END_TEST

static struct vrrp_rt_gone gone(bool rule, const char *dst, uint8_t len, uint32_t table,
				uint32_t metric)
{
	struct vrrp_rt_gone g = { .rule = rule, .dst_len = len, .table = table, .metric = metric,
				  .type = 1 /* RTN_UNICAST */ };

	ck_assert(cfg_ip_parse(dst, &g.dst));
	g.af = g.dst.af;
	return g;
}

/* Which deletion is of a watched line: keepalived 2.2.7 puts a static one
 * back, leaves MASTER for a virtual one; no_track and a route without dev
 * are not watched; the protocol does not matter (an adopted route). */
START_TEST(gone_match)
{
	struct config *c = unit_cfg_load(inst(
		"10.9.0.0/16 dev eth0 table 100\n"
		"10.8.0.0/16 dev eth0 table 100 no_track\n"
		"blackhole 10.66.0.0/16 table 100\n"
		"2001:db8:9::/48 dev eth0 table 100\n"
		"10.7.0.0/16 dev eth0 table 100 metric 7",
		"from 10.1.0.0/16 table 100 priority 5\n"
		"from 10.2.0.0/16 table 100 priority 6 no_track\n"
		"fwmark 0x10/0xff table 100 priority 7"));
	const struct cfg_routes *rt = &c->vrrp[0].vroutes;
	struct vrrp_rt_gone g;

	g = gone(false, "10.9.0.0", 16, 100, 0);
	ck_assert_int_eq(vrrp_rt_gone_route(rt, &g), 0);
	ck_assert_int_eq(vrrp_rt_gone_rule(rt, &g), -1);
	g.table = 101;
	ck_assert_int_eq(vrrp_rt_gone_route(rt, &g), -1);
	g = gone(false, "10.9.0.0", 24, 100, 0);
	ck_assert_int_eq(vrrp_rt_gone_route(rt, &g), -1);
	g = gone(false, "10.8.0.0", 16, 100, 0);
	ck_assert_int_eq(vrrp_rt_gone_route(rt, &g), -1);	/* no_track */
	g = gone(false, "10.66.0.0", 16, 100, 0);
	g.type = 6;	/* RTN_BLACKHOLE: without dev, not watched */
	ck_assert_int_eq(vrrp_rt_gone_route(rt, &g), -1);
	g = gone(false, "2001:db8:9::", 48, 100, 1024);	/* the kernel's IPv6 metric */
	ck_assert_int_eq(vrrp_rt_gone_route(rt, &g), 3);
	g = gone(false, "10.7.0.0", 16, 100, 7);
	ck_assert_int_eq(vrrp_rt_gone_route(rt, &g), 4);
	g.metric = 0;
	ck_assert_int_eq(vrrp_rt_gone_route(rt, &g), -1);
	g = gone(true, "10.1.0.0", 16, 100, 5);
	ck_assert_int_eq(vrrp_rt_gone_rule(rt, &g), 0);
	ck_assert_int_eq(vrrp_rt_gone_route(rt, &g), -1);
	g.metric = 9;
	ck_assert_int_eq(vrrp_rt_gone_rule(rt, &g), -1);
	g = gone(true, "10.2.0.0", 16, 100, 6);
	ck_assert_int_eq(vrrp_rt_gone_rule(rt, &g), -1);	/* no_track */
	g = gone(true, "0.0.0.0", 0, 100, 7);
	g.dst.af = 0;	/* from all: no FRA_SRC */
	g.fwmark = 0x10;
	g.fwmask = 0xff;
	ck_assert_int_eq(vrrp_rt_gone_rule(rt, &g), 2);
	g.fwmask = 0xffffffff;
	ck_assert_int_eq(vrrp_rt_gone_rule(rt, &g), -1);
	ck_assert_int_eq(vrrp_rt_gone_route(NULL, &g), -1);
	cfg_free(c);
}
END_TEST

START_TEST(format_truncates)
{
	struct config *c = unit_cfg_load(inst("2001:db8:2::/48 via fd00::fe dev eth0 table 100", ""));
	char buf[12];

	cfg_route_format(&c->vrrp[0].vroutes.routes[0], buf, sizeof(buf));
	ck_assert_str_eq(buf, "2001:db8:2:");
	cfg_free(c);
}
END_TEST

Suite *vrrp_routes_suite(void)
{
	Suite *s = suite_create("vrrp_routes");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, routes_parse);
	tcase_add_test(tc, rules_parse);
	tcase_add_test(tc, static_parse);
	tcase_add_test(tc, plan_master_and_back);
	tcase_add_test(tc, plan_reload);
	tcase_add_test(tc, equal_fields);
	tcase_add_test(tc, protocol_track);
	tcase_add_test(tc, gone_match);
	tcase_add_test(tc, format_truncates);
	suite_add_tcase(s, tc);
	return s;
}
