// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "ipvs_desired.h"
#include "ipvs_fmt.h"
#include "suites.h"
#include "unit_cfg.h"

static char *table_text(const struct ipvs_table *t, char *buf, size_t len)
{
	char s[IPVS_SVC_NAME_LEN], d[IPVS_DEST_NAME_LEN];
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < t->n; i++) {
		const struct ipvs_entry *e = &t->ent[i];
		off += (size_t)snprintf(buf + off, len - off, "%s %s f%x t%u m%x;", ipvs_service_name(&e->svc, s),
					e->svc.sched, e->svc.flags, e->svc.timeout, e->svc.netmask);
		for (size_t j = 0; j < e->ndests; j++)
			off += (size_t)snprintf(buf + off, len - off, " %s %s w%d;",
						ipvs_dest_name(&e->dests[j], d),
						ipvs_fwd_name(e->dests[j].fwd), e->dests[j].weight);
	}
	return buf;
}

/* The start-state table of a config, as table_text writes it. */
static void assert_start_table(const char *conf, const char *want)
{
	struct config *c = unit_cfg_load(conf);
	struct ipvs_table t = { 0 };
	char buf[1024];

	ck_assert_int_eq(ipvs_desired(c, NULL, &t), 0);
	ck_assert_str_eq(table_text(&t, buf, sizeof(buf)), want);
	ipvs_table_free(&t);
	cfg_free(c);
}

static const char base[] =
	"virtual_server 192.0.2.10 51820 {\n protocol UDP\n lvs_sched sh\n sh-port\n lvs_method DR\n"
	" persistence_timeout 180\n"
	" real_server 192.0.2.22 51820 { weight 2\n TCP_CHECK { } }\n"
	" real_server 192.0.2.21 51820 { weight 1 }\n"
	" real_server 192.0.2.23 51820 { weight 5\n drain }\n"
	"}\n";

START_TEST(start_state_is_all_up_sorted)
{
	struct config *c = unit_cfg_load(base);
	struct ipvs_table t = { 0 };
	char buf[1024];

	ck_assert_int_eq(ipvs_desired(c, NULL, &t), 0);
	ck_assert_str_eq(table_text(&t, buf, sizeof(buf)),
			 "UDP 192.0.2.10:51820 sh f11 t180 mffffffff; 192.0.2.21:51820 Route w1; "
			 "192.0.2.22:51820 Route w2; 192.0.2.23:51820 Route w0;");
	ck_assert_uint_eq(ipvs_desired_failed_set(c, NULL), 0);
	ipvs_table_free(&t);
	cfg_free(c);
}
END_TEST

static bool rs_down_first(void *arg, size_t v, size_t r, struct rs_health *h)
{
	h->alive = r != 0;
	h->weight = 7;
	return true;
}

START_TEST(failed_server_leaves_or_is_inhibited)
{
	struct config *c = unit_cfg_load(base);
	struct ipvs_health hl = { .rs = rs_down_first };
	struct ipvs_table t = { 0 };
	char buf[1024];

	ck_assert_int_eq(ipvs_desired(c, &hl, &t), 0);
	/* rs 0 (192.0.2.22) is down: gone; the others carry the health weight */
	ck_assert_str_eq(table_text(&t, buf, sizeof(buf)),
			 "UDP 192.0.2.10:51820 sh f11 t180 mffffffff; 192.0.2.21:51820 Route w7; "
			 "192.0.2.23:51820 Route w0;");
	ck_assert_uint_ne(ipvs_desired_failed_set(c, &hl), 0);
	/* a backup router holds it at 0 so synced entries bind to it */
	hl.hold_failed = true;
	ck_assert_int_eq(ipvs_desired(c, &hl, &t), 0);
	ck_assert_ptr_nonnull(strstr(table_text(&t, buf, sizeof(buf)), "192.0.2.22:51820 Route w0;"));
	hl.hold_failed = false;
	c->vs[0].rs[0].inhibit_on_failure = true;
	ck_assert_int_eq(ipvs_desired(c, &hl, &t), 0);
	ck_assert_ptr_nonnull(strstr(table_text(&t, buf, sizeof(buf)), "192.0.2.22:51820 Route w0;"));
	ipvs_table_free(&t);
	cfg_free(c);
}
END_TEST

static bool no_quorum(void *arg, size_t v)
{
	return false;
}

START_TEST(sorry_server_replaces_the_pool_without_quorum)
{
	struct config *c = unit_cfg_load("virtual_server 10.0.0.1 80 {\n sorry_server 10.9.9.9 8080\n"
				" real_server 10.0.1.1 80 { }\n real_server 10.0.1.2 80 { } }\n");
	struct ipvs_health hl = { .quorum = no_quorum };
	struct ipvs_table t = { 0 };
	char buf[1024];

	ck_assert_int_eq(ipvs_desired(c, &hl, &t), 0);
	ck_assert_str_eq(table_text(&t, buf, sizeof(buf)),
			 "UDP 10.0.0.1:80 wlc f0 t0 mffffffff; 10.9.9.9:8080 Masq w1;");
	ipvs_table_free(&t);
	cfg_free(c);
}
END_TEST

START_TEST(alpha_servers_start_down)
{
	struct config *c = unit_cfg_load("virtual_server 10.0.0.1 80 {\n alpha\n"
				" real_server 10.0.1.1 80 { alpha\n TCP_CHECK { } }\n"
				" real_server 10.0.1.2 80 { } }\n");
	struct ipvs_table t = { 0 };
	char buf[1024];

	ck_assert_int_eq(ipvs_desired(c, NULL, &t), 0);
	ck_assert_str_eq(table_text(&t, buf, sizeof(buf)),
			 "UDP 10.0.0.1:80 wlc f0 t0 mffffffff; 10.0.1.2:80 Masq w1;");
	ipvs_table_free(&t);
	cfg_free(c);
}
END_TEST

START_TEST(groups_expand_ranges_and_fwmarks)
{
	struct config *c = unit_cfg_load("virtual_server_group G { 10.0.0.1-3 80\n fwmark 9 }\n"
				"virtual_server group G { lvs_sched rr\n real_server 10.0.1.1 80 { } }\n"
				"virtual_server fwmark 5 { persistence_timeout 60\n persistence_granularity 255.255.255.0\n"
				" real_server 10.0.2.1 0 { } }\n");
	struct ipvs_table t = { 0 };

	ck_assert_int_eq(ipvs_desired(c, NULL, &t), 0);
	ck_assert_uint_eq(t.n, 5);	/* three addresses, fwmark 9, fwmark 5 */
	ck_assert_uint_eq(ipvs_table_ndests(&t), 5);
	for (size_t i = 0; i < t.n; i++)
		if (t.ent[i].svc.fwmark == 5)
			ck_assert_uint_eq(t.ent[i].svc.netmask, 0xffffff00u);
	ipvs_table_free(&t);
	cfg_free(c);
}
END_TEST

START_TEST(ipv6_persistence_prefix)
{
	struct config *c = unit_cfg_load("virtual_server 2001:db8::10 443 {\n persistence_timeout\n"
				" persistence_granularity 64\n real_server 2001:db8::21 443 { } }\n");
	struct ipvs_table t = { 0 };

	ck_assert_int_eq(ipvs_desired(c, NULL, &t), 0);
	ck_assert_uint_eq(t.ent[0].svc.af, AF_INET6);
	ck_assert_uint_eq(t.ent[0].svc.netmask, 64);
	ck_assert_uint_eq(t.ent[0].svc.timeout, 360);
	ipvs_table_free(&t);
	cfg_free(c);
}
END_TEST

/* A granularity without a timeout is persistence for the default time, as
 * keepalived programs it (test/conformance/persistence.conf), both families. */
START_TEST(granularity_alone_makes_a_service_persistent)
{
	assert_start_table("virtual_server 192.0.2.50 84 { protocol TCP\n"
			   " persistence_granularity 255.255.255.240\n real_server 10.0.1.1 84 { } }\n"
			   "virtual_server 2001:db8::10 443 { protocol TCP\n persistence_granularity 48\n"
			   " real_server 2001:db8::21 443 { } }\n"
			   "virtual_server 192.0.2.50 85 { protocol TCP\n real_server 10.0.1.1 85 { } }\n",
			   "TCP 192.0.2.50:84 wlc f1 t360 mfffffff0; 10.0.1.1:84 Masq w1;"
			   "TCP 192.0.2.50:85 wlc f0 t0 mffffffff; 10.0.1.1:85 Masq w1;"
			   "TCP [2001:db8::10]:443 wlc f1 t360 m30; [2001:db8::21]:443 Masq w1;");
}
END_TEST

/* keepalived lowers a quorum above the pool's whole weight to that weight
 * (hysteresis below it) and starts only at quorum + hysteresis: seen in
 * the kernel lab with test/conformance/sorry-quorum.conf. */
START_TEST(quorum_capped_and_started_as_keepalived)
{
	struct config *c = unit_cfg_load("virtual_server 10.0.0.1 81 { protocol TCP\n quorum 10\n hysteresis 1\n"
				" sorry_server 10.9.9.9 81\n real_server 10.0.1.1 81 { weight 2 }\n"
				" real_server 10.0.1.2 81 { } }\n"
				"virtual_server 10.0.0.1 82 { protocol TCP\n quorum 5\n sorry_server 10.9.9.9 82\n"
				" real_server 10.0.1.1 82 { } }\n"
				"virtual_server 10.0.0.1 85 { protocol TCP\n sorry_server 10.9.9.9 85\n"
				" real_server 10.0.1.1 85 { weight 0 } }\n");
	struct ipvs_table t = { 0 };
	char buf[1024];

	ck_assert_uint_eq(c->vs[0].quorum, 3);
	ck_assert_uint_eq(c->vs[0].hysteresis, 1);
	ck_assert_uint_eq(c->vs[1].quorum, 1);
	ck_assert_uint_eq(c->vs[2].quorum, 1);	/* weight 0: kept */
	ck_assert_int_eq(ipvs_desired(c, NULL, &t), 0);
	ck_assert_str_eq(table_text(&t, buf, sizeof(buf)),
			 "TCP 10.0.0.1:81 wlc f0 t0 mffffffff; 10.9.9.9:81 Masq w1;"
			 "TCP 10.0.0.1:82 wlc f0 t0 mffffffff; 10.0.1.1:82 Masq w1;"
			 "TCP 10.0.0.1:85 wlc f0 t0 mffffffff; 10.9.9.9:85 Masq w1;");
	ipvs_table_free(&t);
	cfg_free(c);
}
END_TEST

/* alpha on the virtual server is every real server's default: checked ones
 * start down (inhibited at weight 0, or replaced by the sorry server). */
START_TEST(virtual_server_alpha_is_the_servers_default)
{
	assert_start_table("virtual_server 10.0.0.1 81 { protocol TCP\n alpha\n inhibit_on_failure\n"
			   " real_server 10.0.1.1 81 { TCP_CHECK { } }\n"
			   " real_server 10.0.1.2 81 { alpha no\n TCP_CHECK { } } }\n"
			   "virtual_server 10.0.0.1 82 { protocol TCP\n alpha\n sorry_server 10.9.9.9 82\n"
			   " real_server 10.0.1.1 82 { TCP_CHECK { } } }\n",
			   "TCP 10.0.0.1:81 wlc f0 t0 mffffffff; 10.0.1.1:81 Masq w0; 10.0.1.2:81 Masq w1;"
			   "TCP 10.0.0.1:82 wlc f0 t0 mffffffff; 10.9.9.9:82 Masq w1;");
}
END_TEST

/* A full range may cross octets; keepalived 2.2.7 loops on this one. */
START_TEST(group_range_crosses_an_octet)
{
	assert_start_table("virtual_server_group G { 192.0.2.254-192.0.3.1 8080 }\n"
			   "virtual_server group G { protocol TCP\n real_server 10.0.1.1 8080 { } }\n",
			   "TCP 192.0.2.254:8080 wlc f0 t0 mffffffff; 10.0.1.1:8080 Masq w1;"
			   "TCP 192.0.2.255:8080 wlc f0 t0 mffffffff; 10.0.1.1:8080 Masq w1;"
			   "TCP 192.0.3.0:8080 wlc f0 t0 mffffffff; 10.0.1.1:8080 Masq w1;"
			   "TCP 192.0.3.1:8080 wlc f0 t0 mffffffff; 10.0.1.1:8080 Masq w1;");
}
END_TEST

/* Servers without a port in a group take each address entry's port. */
START_TEST(group_servers_take_the_entry_port)
{
	assert_start_table("virtual_server_group G { 192.0.2.1 80\n 192.0.2.2 8080\n fwmark 3 }\n"
			   "virtual_server group G { protocol TCP\n lvs_method DR\n"
			   " real_server 10.0.1.1 { } }\n",
			   "TCP 192.0.2.1:80 wlc f0 t0 mffffffff; 10.0.1.1:80 Route w1;"
			   "TCP 192.0.2.2:8080 wlc f0 t0 mffffffff; 10.0.1.1:8080 Route w1;"
			   "FWM 3 wlc f0 t0 mffffffff; 10.0.1.1:0 Route w1;");
}
END_TEST

static bool mark_udp(const struct ipvs_service *svc, void *arg)
{
	return svc->protocol == IPPROTO_UDP;
}

/* keelctl ipvs marks keeld's services: the plain listing plus " *". */
START_TEST(listing_marks_services)
{
	struct config *c = unit_cfg_load(base);
	struct ipvs_table t = { 0 };
	char *plain, *marked = NULL;
	size_t len = 0;
	FILE *f;

	ck_assert_int_eq(ipvs_desired(c, NULL, &t), 0);
	plain = ipvs_fmt_table_str(&t, NULL, IPVS_FMT_DEFAULT);
	f = open_memstream(&marked, &len);
	ck_assert_int_eq(ipvs_fmt_table_marked(f, &t, NULL, IPVS_FMT_DEFAULT, mark_udp, NULL), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(plain, "UDP  192.0.2.10:51820 sh (sh-port) persistent 180\n"));
	ck_assert_ptr_nonnull(strstr(marked, "UDP  192.0.2.10:51820 sh (sh-port) persistent 180 *\n"));
	ck_assert_uint_eq(strlen(marked), strlen(plain) + 2);
	free(plain);
	free(marked);
	ipvs_table_free(&t);
	cfg_free(c);
}
END_TEST

Suite *ipvs_desired_suite(void)
{
	Suite *s = suite_create("ipvs_desired");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, start_state_is_all_up_sorted);
	tcase_add_test(tc, failed_server_leaves_or_is_inhibited);
	tcase_add_test(tc, sorry_server_replaces_the_pool_without_quorum);
	tcase_add_test(tc, alpha_servers_start_down);
	tcase_add_test(tc, groups_expand_ranges_and_fwmarks);
	tcase_add_test(tc, ipv6_persistence_prefix);
	tcase_add_test(tc, granularity_alone_makes_a_service_persistent);
	tcase_add_test(tc, quorum_capped_and_started_as_keepalived);
	tcase_add_test(tc, virtual_server_alpha_is_the_servers_default);
	tcase_add_test(tc, group_range_crosses_an_octet);
	tcase_add_test(tc, group_servers_take_the_entry_port);
	tcase_add_test(tc, listing_marks_services);
	suite_add_tcase(s, tc);
	return s;
}
