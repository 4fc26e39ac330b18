// SPDX-License-Identifier: GPL-2.0-or-later
/* The backup's sweeps (ipvs_sweep.h), on a real event loop with short
 * periods: what the table is told to hold, and when. */
#include <check.h>
#include <event2/event.h>

#include "ipvs_sweep.h"
#include "cfg.h"
#include "suites.h"
#include "unit_cfg.h"

struct seen {
	struct ipvs_sweep *s;
	uint64_t failed;
	int applies;
	bool holds[16];		/* ipvs_sweep_hold() at each apply */
};

static uint64_t failed_set(void *arg)
{
	return ((struct seen *)arg)->failed;
}

static void apply(void *arg)
{
	struct seen *w = arg;

	if (w->applies < 16)
		w->holds[w->applies] = ipvs_sweep_hold(w->s);
	w->applies++;
}

static const struct ipvs_sweep_ops ops = { .failed_set = failed_set, .apply = apply };

static void run_ms(struct event_base *b, unsigned ms)
{
	struct timeval tv = { .tv_sec = 0, .tv_usec = ms * 1000 };

	event_base_loopexit(b, &tv);
	event_base_dispatch(b);
}

START_TEST(backup_releases_failed_servers_for_a_gap_each_period)
{
	struct event_base *b = event_base_new();
	struct seen w = { .failed = 5 };

	w.s = ipvs_sweep_new(b, 40, 10, &ops, &w);
	ck_assert_ptr_nonnull(w.s);
	ck_assert(!ipvs_sweep_hold(w.s));	/* not a backup: failed servers leave */
	ipvs_sweep_set_backup(w.s, true);
	ck_assert(ipvs_sweep_hold(w.s));
	/* two sweeps: ticks at 40 and 80 ms (a loaded machine: up to 5 s) */
	for (int i = 0; i < 100 && w.applies < 4; i++)
		run_ms(b, 50);
	ck_assert_int_ge(w.applies, 4);
	for (int i = 0; i < w.applies && i < 16; i++)
		ck_assert_int_eq(w.holds[i], i % 2 == 1);	/* gap starts, gap ends */
	ck_assert_uint_ge(ipvs_sweep_count(w.s), 2);
	ipvs_sweep_free(w.s);
	event_base_free(b);
}
END_TEST

START_TEST(no_sweep_without_a_failed_server_or_as_master)
{
	struct event_base *b = event_base_new();
	struct seen w = { .failed = 0 };

	w.s = ipvs_sweep_new(b, 20, 5, &ops, &w);
	ipvs_sweep_set_backup(w.s, true);
	run_ms(b, 70);
	ck_assert_int_eq(w.applies, 0);
	w.failed = 5;
	ipvs_sweep_set_backup(w.s, false);
	run_ms(b, 70);
	ck_assert_int_eq(w.applies, 0);
	ck_assert(!ipvs_sweep_hold(w.s));
	ck_assert_uint_eq(ipvs_sweep_count(w.s), 0);
	ipvs_sweep_free(w.s);
	event_base_free(b);
}
END_TEST

START_TEST(leaving_backup_mid_gap_ends_it)
{
	struct event_base *b = event_base_new();
	struct seen w = { .failed = 5 };

	w.s = ipvs_sweep_new(b, 20, 1000, &ops, &w);
	ipvs_sweep_set_backup(w.s, true);
	for (int i = 0; i < 100 && w.applies < 1; i++)
		run_ms(b, 50);
	ck_assert_int_eq(w.applies, 1);	/* in the gap */
	ck_assert(!ipvs_sweep_hold(w.s));
	ipvs_sweep_set_backup(w.s, false);
	ipvs_sweep_set_backup(w.s, true);
	ck_assert(ipvs_sweep_hold(w.s));
	ipvs_sweep_free(w.s);
	event_base_free(b);
}
END_TEST

/* A new failed set waits for the settle time before its first sweep. */
START_TEST(a_new_failure_settles_first)
{
	struct event_base *b = event_base_new();
	struct seen w = { .failed = 5 };

	w.s = ipvs_sweep_new(b, 20, 5, &ops, &w);
	ipvs_sweep_set_settle(w.s, 400);
	ipvs_sweep_set_backup(w.s, true);
	run_ms(b, 150);
	ck_assert_int_eq(w.applies, 0);
	for (int i = 0; i < 100 && w.applies < 1; i++)
		run_ms(b, 50);
	ck_assert_int_ge(w.applies, 1);
	ipvs_sweep_free(w.s);
	event_base_free(b);
}
END_TEST

START_TEST(settle_time_is_the_slowest_checks_detection)
{
	struct config *c = unit_cfg_load(
		"virtual_server 192.0.2.10 51820 {\n protocol UDP\n delay_loop 2\n"
		" real_server 192.0.2.21 51820 { TCP_CHECK { connect_timeout 2\n retry 2\n"
		"  delay_before_retry 1 } }\n"
		" real_server 192.0.2.22 51820 { TCP_CHECK { connect_timeout 1\n retry 0 } }\n"
		"}\n");

	/* 2 s + 2/16 s jitter + 3 x 2 s + 2 x 1 s, + one sweep period */
	ck_assert_uint_eq(ipvs_sweep_settle_ms(c), 10125 + IPVS_SWEEP_PERIOD_MS);
	cfg_free(c);
}
END_TEST

Suite *ipvs_sweep_suite(void)
{
	Suite *s = suite_create("ipvs_sweep");
	TCase *tc = tcase_create("sweep");

	tcase_add_test(tc, backup_releases_failed_servers_for_a_gap_each_period);
	tcase_add_test(tc, no_sweep_without_a_failed_server_or_as_master);
	tcase_add_test(tc, leaving_backup_mid_gap_ends_it);
	tcase_add_test(tc, a_new_failure_settles_first);
	tcase_add_test(tc, settle_time_is_the_slowest_checks_detection);
	suite_add_tcase(s, tc);
	return s;
}
