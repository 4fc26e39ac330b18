// SPDX-License-Identifier: GPL-2.0-or-later
/* bfd_instance, track_bfd and BFD_CHECK as keepalived.conf(5) and
 * keepalived 2.2.7's own checks (keepalived -t) read them (cfg_bfd.c). */
#include <check.h>
#include <string.h>

#include "suites.h"
#include "unit_cfg.h"

static const char vs_bfd[] = "virtual_server 10.0.0.100 80 {\n protocol TCP\n real_server 10.0.0.5 80 {\n"
			     "  BFD_CHECK {\n   name %s\n  }\n }\n}\n";

START_TEST(defaults)
{
	struct config *c = unit_cfg_load("bfd_instance b1 {\n neighbor_ip 10.0.0.2\n}\n"
					 "bfd_instance b6 {\n neighbour_ip fd00::2\n}\n");
	const struct cfg_bfd *b = cfg_bfd_named(c, "b1");

	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(b->min_rx_us, 10000);
	ck_assert_uint_eq(b->min_tx_us, 10000);
	ck_assert_uint_eq(b->idle_tx_us, 1000000);
	ck_assert_uint_eq(b->mult, 5);
	ck_assert_uint_eq(b->ttl, 255);
	ck_assert_int_eq(b->max_hops, 0);
	ck_assert(!b->passive);
	ck_assert(b->to_vrrp && b->to_checker);
	ck_assert_int_eq(b->weight, 0);
	ck_assert_uint_eq(b->source.af, 0);
	ck_assert_uint_eq(cfg_bfd_named(c, "b6")->ttl, 64);	/* hoplimit */
	ck_assert_ptr_null(cfg_bfd_named(c, "b2"));
	cfg_free(c);
}
END_TEST

START_TEST(values)
{
	struct config *c = unit_cfg_load("bfd_instance b1 {\n neighbor_ip 10.0.0.2\n source_ip 10.0.0.1\n"
					 " min_rx 3.312\n min_tx 1000\n idle_tx 4294967\n multiplier 255\n"
					 " passive\n ttl 64\n max_hops 3\n weight -20 reverse\n vrrp\n}\n");
	const struct cfg_bfd *b = cfg_bfd_named(c, "b1");

	ck_assert_uint_eq(b->min_rx_us, 3312);
	ck_assert_uint_eq(b->min_tx_us, 1000000);
	ck_assert_uint_eq(b->idle_tx_us, 4294967000u);
	ck_assert_uint_eq(b->mult, 255);
	ck_assert(b->passive);
	ck_assert_uint_eq(b->ttl, 64);
	ck_assert_int_eq(b->max_hops, 3);
	ck_assert_int_eq(b->weight, -20);
	ck_assert(b->weight_reverse);
	ck_assert(b->to_vrrp && !b->to_checker);
	ck_assert_uint_eq(b->source.af, AF_INET);
	cfg_free(c);
}
END_TEST

static void bad(const char *line, const char *msg)
{
	char text[256];

	snprintf(text, sizeof(text), "bfd_instance b1 {\n neighbor_ip 10.0.0.2\n %s\n}\n", line);
	ck_assert_ptr_null(unit_cfg_load_saying(text, msg));
}

START_TEST(ranges)
{
	bad("min_rx 0", "t.conf:3:9: error: '0': min_rx must be in 1..4294967 milliseconds");
	bad("min_rx 0.5", "t.conf:3:9: error: '0.5': min_rx must be in 1..4294967 milliseconds");
	bad("min_tx 4294968", "t.conf:3:9: error: '4294968': min_tx must be in 1..4294967 milliseconds");
	bad("min_tx abc", "t.conf:3:9: error: 'abc': min_tx must be in 1..4294967 milliseconds");
	bad("idle_tx 999", "t.conf:3:10: error: '999': idle_tx must be in 1000..4294967 milliseconds");
	bad("multiplier 0", "t.conf:3:13: error: '0': multiplier must be in 1..255");
	bad("ttl 256", "t.conf:3:6: error: '256': ttl must be in 1..255");
	bad("hoplimit 0", "t.conf:3:11: error: '0': hoplimit must be in 1..255");
	bad("max_hops 256", "t.conf:3:11: error: '256': max_hops must be in -1..255");
	bad("weight 254", "t.conf:3:9: error: '254': weight must be in -253..253");
	bad("weight 10 foo", "t.conf:3:12: error: 'foo': expected reverse");
}
END_TEST

START_TEST(instance_errors)
{
	ck_assert_ptr_null(unit_cfg_load_saying("bfd_instance b1 {\n source_ip 10.0.0.1\n}\n",
						"t.conf:1:1: error: bfd_instance b1 has no neighbor_ip"));
	ck_assert_ptr_null(unit_cfg_load_saying(
		"bfd_instance b1 {\n neighbor_ip 10.0.0.2\n source_ip fd00::1\n}\n",
		"t.conf:1:1: error: bfd_instance b1: source_ip and neighbor_ip are not of the same family"));
	ck_assert_ptr_null(unit_cfg_load_saying(
		"bfd_instance b1 {\n neighbor_ip 10.0.0.2\n}\nbfd_instance b1 {\n neighbor_ip 10.0.0.3\n}\n",
		"t.conf:4:14: error: bfd_instance b1 is defined twice"));
	ck_assert_ptr_null(unit_cfg_load_saying(
		"bfd_instance b1 {\n neighbor_ip 10.0.0.2\n}\nbfd_instance b2 {\n neighbor_ip 10.0.0.2\n}\n",
		"t.conf:4:1: error: bfd_instance b2: neighbor 10.0.0.2 is bfd_instance b1's already"));
	ck_assert_ptr_null(unit_cfg_load_saying(
		"bfd_instance b12345678901234567890123456789012 {\n neighbor_ip 10.0.0.2\n}\n",
		"t.conf:1:14: error: 'b12345678901234567890123456789012': a bfd_instance name has at most 31 characters"));
}
END_TEST

START_TEST(max_hops_cut_to_ttl)
{
	struct config *c = unit_cfg_load_saying(
		"bfd_instance b1 {\n neighbor_ip 10.0.0.2\n ttl 5\n max_hops 9\n}\n",
		"t.conf:1:1: warning: bfd_instance b1: max_hops 9 exceeds the ttl 5: cut to it");

	ck_assert_int_eq(cfg_bfd_named(c, "b1")->max_hops, 5);
	cfg_free(c);
}
END_TEST

START_TEST(track_bfd_lines)
{
	struct config *c = unit_cfg_load(
		"bfd_instance b1 {\n neighbor_ip 10.0.0.2\n}\nbfd_instance b2 {\n neighbor_ip 10.0.0.3\n}\n"
		"vrrp_instance V {\n interface eth0\n virtual_router_id 1\n track_bfd {\n  b1\n"
		"  b2 weight -30 reverse\n }\n}\n"
		"vrrp_sync_group G {\n group {\n  V\n }\n track_bfd {\n  b2 weight 5\n }\n}\n");
	const struct cfg_tracked *t = &c->vrrp[0].track, *g = &c->groups[0].track;

	ck_assert_uint_eq(t->nbfds, 2);
	ck_assert_str_eq(t->bfds[0].name, "b1");
	ck_assert(!t->bfds[0].weight_set);
	ck_assert_int_eq(t->bfds[1].weight, -30);
	ck_assert(t->bfds[1].reverse);
	ck_assert_uint_eq(g->nbfds, 1);
	ck_assert_int_eq(g->bfds[0].weight, 5);
	cfg_free(c);
}
END_TEST

START_TEST(names_must_exist)
{
	char text[256];

	ck_assert_ptr_null(unit_cfg_load_saying(
		"vrrp_instance V {\n interface eth0\n virtual_router_id 1\n track_bfd {\n  nope\n }\n}\n",
		"t.conf:5:3: error: vrrp_instance V: track_bfd 'nope' is not defined"));
	ck_assert_ptr_null(unit_cfg_load_saying(
		"bfd_instance b1 {\n neighbor_ip 10.0.0.2\n}\nvrrp_instance V {\n interface eth0\n"
		" virtual_router_id 1\n track_bfd {\n  b1 weight 300\n }\n}\n",
		"t.conf:8:13: error: '300': weight must be in -253..253"));
	snprintf(text, sizeof(text), vs_bfd, "nope");
	ck_assert_ptr_null(unit_cfg_load_saying(text,
		"t.conf:3:14: error: BFD_CHECK: bfd_instance 'nope' is not defined"));
}
END_TEST

START_TEST(bfd_check_resolved)
{
	char text[512];
	struct config *c;
	const struct cfg_check *k;

	snprintf(text, sizeof(text), "bfd_instance b1 {\n neighbor_ip 10.0.0.5\n}\n%s", vs_bfd);
	snprintf(text + strlen(text) - strlen(vs_bfd), sizeof(text) - (strlen(text) - strlen(vs_bfd)),
		 vs_bfd, "b1");
	c = unit_cfg_load(text);
	k = &c->vs[0].rs[0].checks[0];
	ck_assert_int_eq(k->kind, CFG_CHECK_BFD);
	ck_assert_str_eq(k->track->track_name, "b1");
	/* the session holds the state: a change counts at once */
	ck_assert_uint_eq(k->timing.retry, 0);
	ck_assert_uint_eq(k->timing.rise, 1);
	ck_assert_uint_eq(k->timing.warmup, 0);
	cfg_free(c);
}
END_TEST

Suite *cfg_bfd_suite(void)
{
	Suite *s = suite_create("cfg_bfd");
	TCase *tc = tcase_create("bfd_instance");

	tcase_add_test(tc, defaults);
	tcase_add_test(tc, values);
	tcase_add_test(tc, ranges);
	tcase_add_test(tc, instance_errors);
	tcase_add_test(tc, max_hops_cut_to_ttl);
	tcase_add_test(tc, track_bfd_lines);
	tcase_add_test(tc, names_must_exist);
	tcase_add_test(tc, bfd_check_resolved);
	suite_add_tcase(s, tc);
	return s;
}
