// SPDX-License-Identifier: GPL-2.0-or-later
/* keelctl drain: the server names it takes, the set it keeps, and the
 * table ipvs_desired builds with it (drained: weight 0, still there). */
#include <stdio.h>
#include <string.h>

#include <check.h>

#include "drains.h"
#include "ipvs_desired.h"
#include "ipvs_fmt.h"
#include "suites.h"
#include "unit_cfg.h"

static void assert_round_trip(const char *in, const char *want)
{
	struct drain d;
	char buf[64];

	ck_assert_msg(drain_parse(in, &d) == 0, "refused: %s", in);
	drain_format(&d, buf, sizeof(buf));
	ck_assert_str_eq(buf, want);
}

START_TEST(server_names)
{
	struct drain d;

	assert_round_trip("10.0.0.2", "10.0.0.2");
	assert_round_trip("10.0.0.2:51820", "10.0.0.2:51820");
	assert_round_trip("2001:db8::2", "[2001:db8::2]");
	assert_round_trip("[2001:db8::2]", "[2001:db8::2]");
	assert_round_trip("[2001:db8::2]:80", "[2001:db8::2]:80");
	ck_assert_int_eq(drain_parse("10.0.0.2:0", &d), -1);
	ck_assert_int_eq(drain_parse("10.0.0.2:65536", &d), -1);
	ck_assert_int_eq(drain_parse("10.0.0.2:", &d), -1);
	ck_assert_int_eq(drain_parse("10.0.0.2:80x", &d), -1);
	ck_assert_int_eq(drain_parse("host.example:80", &d), -1);
	ck_assert_int_eq(drain_parse("[2001:db8::2", &d), -1);
	ck_assert_int_eq(drain_parse("[2001:db8::2]x", &d), -1);
	ck_assert_int_eq(drain_parse("", &d), -1);
}
END_TEST

static const char conf[] =
	"virtual_server 192.0.2.10 80 {\n protocol TCP\n"
	" real_server 192.0.2.21 80 { weight 3 }\n real_server 192.0.2.22 80 { weight 4 }\n}\n"
	"virtual_server 192.0.2.10 443 {\n protocol TCP\n"
	" real_server 192.0.2.21 443 { weight 5 }\n}\n";

static bool drained(void *arg, const struct cfg_rs *rs)
{
	return drains_match(arg, rs);
}

static void weights(const struct config *c, const struct drains *ds, char *buf, size_t len)
{
	struct ipvs_health hl = { .drained = drained, .drained_arg = (void *)ds };
	struct ipvs_table t = { 0 };
	char d[IPVS_DEST_NAME_LEN];
	size_t off = 0;

	ck_assert_int_eq(ipvs_desired(c, &hl, &t), 0);
	buf[0] = '\0';
	for (size_t i = 0; i < t.n; i++)
		for (size_t j = 0; j < t.ent[i].ndests; j++)
			off += (size_t)snprintf(buf + off, len - off, "%s w%d;",
						ipvs_dest_name(&t.ent[i].dests[j], d), t.ent[i].dests[j].weight);
	ipvs_table_free(&t);
}

START_TEST(drained_servers_stay_at_weight_zero)
{
	struct config *c = unit_cfg_load(conf);
	struct drains ds = { 0 };
	struct drain one, host;
	char buf[512];

	ck_assert_int_eq(drain_parse("192.0.2.21:80", &one), 0);
	ck_assert_int_eq(drain_parse("192.0.2.21", &host), 0);
	ck_assert_uint_eq(drains_count_in(c, &one), 1);
	ck_assert_uint_eq(drains_count_in(c, &host), 2);

	ck_assert_int_eq(drains_add(&ds, &one), 1);
	ck_assert_int_eq(drains_add(&ds, &one), 0);	/* once */
	weights(c, &ds, buf, sizeof(buf));
	ck_assert_str_eq(buf, "192.0.2.21:80 w0;192.0.2.22:80 w4;192.0.2.21:443 w5;");

	ck_assert_int_eq(drains_add(&ds, &host), 1);	/* every port of the address */
	weights(c, &ds, buf, sizeof(buf));
	ck_assert_str_eq(buf, "192.0.2.21:80 w0;192.0.2.22:80 w4;192.0.2.21:443 w0;");

	ck_assert_int_eq(drains_del(&ds, &one), 1);
	ck_assert_int_eq(drains_del(&ds, &one), 0);
	ck_assert_int_eq(drains_del(&ds, &host), 1);
	weights(c, &ds, buf, sizeof(buf));
	ck_assert_str_eq(buf, "192.0.2.21:80 w3;192.0.2.22:80 w4;192.0.2.21:443 w5;");
	drains_free(&ds);
	cfg_free(c);
}
END_TEST

Suite *drains_suite(void)
{
	Suite *s = suite_create("drains");
	TCase *tc = tcase_create("drains");

	tcase_add_test(tc, server_names);
	tcase_add_test(tc, drained_servers_stay_at_weight_zero);
	suite_add_tcase(s, tc);
	return s;
}
