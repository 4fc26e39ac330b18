// SPDX-License-Identifier: GPL-2.0-or-later
/* The funnel's pure decisions: retry, rise, alpha, quorum hysteresis and
 * the MISC_CHECK dynamic weight. */
#include "config.h"

#include <check.h>
#include <event2/event.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "chk_engine_int.h"
#include "chk_funnel.h"
#include "suites.h"
#include "unit_cfg.h"

/* Feeds a string of results ('+' ok, '-' failed) and returns the steps as
 * letters: s stay, r retry, D down, U up. */
static void run(struct chk_fsm *s, unsigned retry, unsigned rise, const char *in, char *out)
{
	static const char letter[] = { [CHK_STEP_STAY] = 's', [CHK_STEP_RETRY] = 'r',
				       [CHK_STEP_DOWN] = 'D', [CHK_STEP_UP] = 'U' };
	struct chk_fsm_params p = { .retry = retry, .rise = rise };

	for (; *in; in++)
		*out++ = letter[chk_fsm_feed(s, &p, *in == '+')];
	*out = '\0';
}

START_TEST(starts_up_or_alpha_down)
{
	struct chk_fsm s;

	chk_fsm_start(&s, false);
	ck_assert(s.up);
	chk_fsm_start(&s, true);
	ck_assert(!s.up);
}
END_TEST

START_TEST(retry_zero_goes_down_at_once)
{
	struct chk_fsm s;
	char out[16];

	chk_fsm_start(&s, false);
	run(&s, 0, 1, "+-+", out);
	ck_assert_str_eq(out, "sDU");
}
END_TEST

START_TEST(retries_before_down)
{
	struct chk_fsm s;
	char out[16];

	chk_fsm_start(&s, false);
	run(&s, 2, 1, "--+--", out);
	ck_assert_str_eq(out, "rrsrr");
	ck_assert(s.up);
	run(&s, 2, 1, "-", out);
	ck_assert_str_eq(out, "D");
	ck_assert(!s.up);
}
END_TEST

START_TEST(success_resets_retries)
{
	struct chk_fsm s;
	char out[16];

	chk_fsm_start(&s, false);
	run(&s, 1, 1, "-+-+-+", out);
	ck_assert_str_eq(out, "rsrsrs");
	ck_assert(s.up);
}
END_TEST

START_TEST(rise_needs_consecutive_successes)
{
	struct chk_fsm s;
	char out[16];

	chk_fsm_start(&s, true);
	run(&s, 1, 3, "++-+++", out);
	ck_assert_str_eq(out, "sssssU");
	ck_assert(s.up);
	/* back up: retries are fresh */
	run(&s, 1, 3, "--", out);
	ck_assert_str_eq(out, "rD");
}
END_TEST

START_TEST(down_failures_stay_down)
{
	struct chk_fsm s;
	char out[16];

	chk_fsm_start(&s, true);
	run(&s, 3, 1, "---", out);
	ck_assert_str_eq(out, "sss");
	run(&s, 3, 0, "+", out);	/* rise 0 counts as 1 */
	ck_assert_str_eq(out, "U");
}
END_TEST

START_TEST(quorum_start)
{
	ck_assert(chk_quorum_start(3, 3, 0));
	ck_assert(!chk_quorum_start(2, 3, 0));
	/* as keepalived: the start needs quorum + hysteresis, like a gain */
	ck_assert(!chk_quorum_start(3, 3, 1));
	ck_assert(chk_quorum_start(4, 3, 1));
}
END_TEST

START_TEST(quorum_hysteresis)
{
	/* quorum 5, hysteresis 1: gained at 6, lost below 4 */
	ck_assert(!chk_quorum_next(false, 5, 5, 1));
	ck_assert(chk_quorum_next(false, 6, 5, 1));
	ck_assert(chk_quorum_next(true, 4, 5, 1));
	ck_assert(!chk_quorum_next(true, 3, 5, 1));
	/* no hysteresis: plain threshold */
	ck_assert(chk_quorum_next(false, 5, 5, 0));
	ck_assert(!chk_quorum_next(true, 4, 5, 0));
	/* nothing live loses quorum even within hysteresis */
	ck_assert(!chk_quorum_next(true, 0, 1, 1));
	ck_assert(chk_quorum_next(true, 0, 0, 0));
}
END_TEST

START_TEST(misc_dynamic_weight)
{
	ck_assert_int_eq(chk_misc_status_weight(0), -1);
	ck_assert_int_eq(chk_misc_status_weight(1), -2);
	ck_assert_int_eq(chk_misc_status_weight(2), 0);
	ck_assert_int_eq(chk_misc_status_weight(12), 10);
	ck_assert_int_eq(chk_misc_status_weight(255), 253);
	ck_assert_int_eq(chk_misc_status_weight(256), -2);
}
END_TEST

/* --- the engine's bookkeeping (no probe runs: the loop is never entered) */

#define TCP_RS(addr, extra) \
	"    real_server " addr " 80 { TCP_CHECK {\n connect_timeout 2\n" extra "} }\n"

static const char shared_conf[] =
	"virtual_server 192.0.2.1 80 {\n protocol TCP\n quorum 3\n hysteresis 1\n"
	TCP_RS("10.0.0.2", "") TCP_RS("10.0.0.3", "")
	"}\n"
	"virtual_server 192.0.2.2 80 {\n protocol TCP\n" TCP_RS("10.0.0.2", "") "}\n"
	"virtual_server 192.0.2.4 80 {\n protocol TCP\n real_server 10.0.0.9 80 { }\n}\n"
	"virtual_server 192.0.2.3 80 {\n protocol TCP\n" TCP_RS("10.0.0.2", "retry 3\n")
	TCP_RS("10.0.0.4", "alpha\n") "}\n";

START_TEST(identical_checks_run_once)
{
	struct event_base *base = event_base_new();
	struct config *cfg = unit_cfg_load(shared_conf);
	struct chk_engine *e = chk_engine_new(base, cfg, NULL, NULL, NULL);
	size_t configured;

	ck_assert_ptr_nonnull(e);
	/* 10.0.0.2 twice the same, once with other parameters; 10.0.0.3; 10.0.0.4 */
	ck_assert_uint_eq(chk_engine_count(e, &configured), 4);
	ck_assert_uint_eq(configured, 5);
	ck_assert_ptr_eq(chk_rs_unit(e, &e->rs[0], 0), chk_rs_unit(e, &e->rs[2], 0));
	ck_assert_ptr_ne(chk_rs_unit(e, &e->rs[0], 0), chk_rs_unit(e, &e->rs[4], 0));
	chk_engine_free(e);
	cfg_free(cfg);
	event_base_free(base);
}
END_TEST

#define HTTP_RS(extra) \
	"    real_server 10.0.0.2 80 { HTTP_GET {\n connect_timeout 2\n url { path /\n }\n" extra "} }\n"

/* The Host header is part of an HTTP check: a real server's checks under
 * virtual servers of other virtual hosts are not the same probe. */
START_TEST(http_checks_keyed_by_virtualhost)
{
	static const char conf[] =
		"virtual_server 192.0.2.1 80 {\n protocol TCP\n virtualhost a.test\n" HTTP_RS("") "}\n"
		"virtual_server 192.0.2.2 80 {\n protocol TCP\n virtualhost b.test\n" HTTP_RS("") "}\n"
		"virtual_server 192.0.2.3 80 {\n protocol TCP\n virtualhost a.test\n" HTTP_RS("") "}\n"
		"virtual_server 192.0.2.4 80 {\n protocol TCP\n"
		HTTP_RS("url { path /two\n }\n url { path /three\n }\n") "}\n";
	struct event_base *base = event_base_new();
	struct config *cfg = unit_cfg_load(conf);
	struct chk_engine *e = chk_engine_new(base, cfg, NULL, NULL, NULL);

	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(chk_engine_count(e, NULL), 3);
	ck_assert_ptr_ne(chk_rs_unit(e, &e->rs[0], 0), chk_rs_unit(e, &e->rs[1], 0));
	ck_assert_ptr_eq(chk_rs_unit(e, &e->rs[0], 0), chk_rs_unit(e, &e->rs[2], 0));
	/* each url gets connect_timeout */
	ck_assert_uint_eq(chk_timeout_us(chk_rs_unit(e, &e->rs[0], 0)->c.conf), 2000000);
	ck_assert_uint_eq(chk_timeout_us(chk_rs_unit(e, &e->rs[3], 0)->c.conf), 6000000);
	chk_engine_free(e);
	cfg_free(cfg);
	event_base_free(base);
}
END_TEST

START_TEST(health_and_alpha)
{
	struct event_base *base = event_base_new();
	struct config *cfg = unit_cfg_load(shared_conf);
	struct chk_engine *e = chk_engine_new(base, cfg, NULL, NULL, NULL);
	const struct ipvs_health *h = chk_engine_health(e);
	struct rs_health rh;

	ck_assert(h->rs(h->arg, 0, 0, &rh) && rh.alive && rh.weight == 1);
	ck_assert(!h->rs(h->arg, 2, 0, &rh));	/* no checks: the start state */
	ck_assert(h->rs(h->arg, 3, 1, &rh) && !rh.alive);	/* alpha */
	/* quorum 3 is lowered to the total weight 2; with hysteresis 1 the
	 * start needs 3 */
	ck_assert(!h->quorum(h->arg, 0));
	ck_assert(h->quorum(h->arg, 3));	/* the alpha one down, live 1, quorum 1 */
	chk_engine_free(e);
	cfg_free(cfg);
	event_base_free(base);
}
END_TEST

/* rs_init_notifies: an "RS ... UP" line for each real server that starts
 * up (the one without checks too), none for the alpha one (down from the
 * start). */
static void keep_line(void *arg, const char *line)
{
	char *buf = arg;

	strcat(buf, line);
	strcat(buf, "\n");
}

START_TEST(init_notifies_the_servers_up)
{
	struct event_base *base = event_base_new();
	struct config *cfg = unit_cfg_load(shared_conf);
	struct chk_engine *e = chk_engine_new(base, cfg, NULL, NULL, NULL);
	char lines[1024] = "";

	chk_engine_on_note(e, keep_line, lines);
	chk_engine_init_notifies(e);
	ck_assert_str_eq(lines, "RS [10.0.0.2]:tcp:80 [192.0.2.1]:tcp:80 UP\n"
				"RS [10.0.0.3]:tcp:80 [192.0.2.1]:tcp:80 UP\n"
				"RS [10.0.0.2]:tcp:80 [192.0.2.2]:tcp:80 UP\n"
				"RS [10.0.0.9]:tcp:80 [192.0.2.4]:tcp:80 UP\n"
				"RS [10.0.0.2]:tcp:80 [192.0.2.3]:tcp:80 UP\n");
	chk_engine_free(e);
	cfg_free(cfg);
	event_base_free(base);
}
END_TEST

START_TEST(reload_carries_state)
{
	struct event_base *base = event_base_new();
	struct config *cfg = unit_cfg_load(shared_conf), *next = unit_cfg_load(shared_conf);
	struct chk_engine *e = chk_engine_new(base, cfg, NULL, NULL, NULL), *e2;
	const struct ipvs_health *h;
	struct rs_health rh;

	chk_rs_unit(e, &e->rs[0], 0)->fsm.up = false;	/* 10.0.0.2 went down */
	chk_rs_unit(e, &e->rs[0], 0)->successes = 7;
	e2 = chk_engine_new(base, next, e, NULL, NULL);
	chk_engine_free(e);
	cfg_free(cfg);
	h = chk_engine_health(e2);
	ck_assert(h->rs(h->arg, 0, 0, &rh) && !rh.alive);
	ck_assert(h->rs(h->arg, 1, 0, &rh) && !rh.alive);
	ck_assert(h->rs(h->arg, 0, 1, &rh) && rh.alive);
	ck_assert(h->rs(h->arg, 3, 0, &rh) && rh.alive);	/* other parameters: its own check */
	ck_assert_uint_eq(chk_rs_unit(e2, &e2->rs[0], 0)->successes, 7);
	chk_engine_free(e2);
	cfg_free(next);
	event_base_free(base);
}
END_TEST

/* A real probe through the loop: MISC_CHECK's exit status 12 with
 * misc_dynamic reaches the health table as weight 10. */
static void stop_loop(void *arg)
{
	event_base_loopbreak(arg);
}

START_TEST(misc_probe_sets_dynamic_weight)
{
	struct event_base *base = event_base_new();
	struct config *cfg = unit_cfg_load("virtual_server 192.0.2.1 80 {\n protocol TCP\n"
				  " real_server 10.0.0.2 80 { MISC_CHECK {\n"
				  "  misc_path \"/bin/sh -c 'exit 12'\"\n misc_dynamic\n warmup 0\n"
				  " } }\n}\n");
	struct chk_engine *e = chk_engine_new(base, cfg, NULL, stop_loop, base);
	const struct ipvs_health *h = chk_engine_health(e);
	struct timeval limit = { .tv_sec = 10 };
	struct rs_health rh;

	event_base_loopexit(base, &limit);
	event_base_dispatch(base);
	ck_assert(h->rs(h->arg, 0, 0, &rh));
	ck_assert(rh.alive);
	ck_assert_int_eq(rh.weight, 10);
	ck_assert_uint_eq(e->units[0]->successes, 1);
	chk_engine_free(e);
	cfg_free(cfg);
	event_base_free(base);
}
END_TEST

/* The engine's schedule: units run by due time, a rescheduled one moves,
 * a cancelled one never runs, and one that asks for a zero delay from its
 * own turn runs on a later turn of the loop instead of looping. */
static char fired[16];
static uint64_t fired_at[16];		/* the turn of the loop (its tick time) */
static size_t nfired;
static unsigned again;

static void record(struct chk_engine_state *st)
{
	fired_at[nfired] = st->e->tick_now;
	fired[nfired++] = (char)('a' + st->dyn_weight);
	if (st->dyn_weight == 1 && again && again--)
		chk_sched_in(st->e, st, 0);
	if (nfired == sizeof(fired) - 1 || (st->e->nheap == 0 && !again))
		event_base_loopbreak(st->e->env.base);
}

START_TEST(schedule_runs_units_by_due_time)
{
	struct chk_engine e = { .env.base = event_base_new() };
	struct chk_engine_state u[4] = { 0 };
	struct timeval limit = { .tv_sec = 5 };

	ck_assert_int_eq(chk_sched_init(&e, 4, record), 0);
	for (int i = 0; i < 4; i++)
		u[i] = (struct chk_engine_state){ .e = &e, .dyn_weight = i };
	again = 2;
	chk_sched_in(&e, &u[0], 40000);
	chk_sched_in(&e, &u[1], 10000);
	chk_sched_in(&e, &u[2], 20000);
	chk_sched_in(&e, &u[3], 30000);
	chk_sched_in(&e, &u[0], 5000);		/* earlier than all */
	chk_sched_cancel(&e, &u[2]);
	ck_assert_uint_eq(e.nheap, 3);
	event_base_loopexit(e.env.base, &limit);
	event_base_dispatch(e.env.base);
	fired[nfired] = '\0';
	ck_assert_str_eq(fired, "abbbd");
	ck_assert_uint_lt(fired_at[1], fired_at[2]);	/* each zero delay on a later turn */
	ck_assert_uint_lt(fired_at[2], fired_at[3]);
	ck_assert_uint_eq(e.nheap, 0);
	chk_sched_fini(&e);
	event_base_free(e.env.base);
}
END_TEST

/* Results share one copy of each text; a longer one is cut as the
 * 128-byte buffer it replaces did. */
START_TEST(reasons_kept_once)
{
	struct chk_reasons r = { 0 };
	char buf[32], longer[200];
	const char *first = chk_reason_intern(&r, "connected");

	memset(longer, 'x', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	for (int i = 0; i < 100; i++) {
		snprintf(buf, sizeof(buf), "HTTP status %d", i);
		ck_assert_str_eq(chk_reason_intern(&r, buf), buf);
	}
	ck_assert_ptr_eq(chk_reason_intern(&r, "connected"), first);
	ck_assert_ptr_ne(chk_reason_intern(&r, "connect"), first);
	ck_assert_uint_eq(strlen(chk_reason_intern(&r, longer)), CHK_REASON_MAX);
	ck_assert_uint_eq(r.n, 103);
	chk_reasons_free(&r);
}
END_TEST

/* Probes wait in the engine's one epoll set: ready runs once for a ready
 * fd, never for an fd unwaited or a probe that has ended, and again after
 * a new wait on the same fd. */
static unsigned readied[3];

static void count_ready(struct chk *c)
{
	readied[((struct chk_engine_state *)c)->dyn_weight]++;
}

static void turns(struct event_base *base)
{
	for (int i = 0; i < 3; i++)
		event_base_loop(base, EVLOOP_NONBLOCK);
}

START_TEST(wait_set_calls_ready_once)
{
	static const struct checker_ops ops = { .ready = count_ready };
	struct chk_engine e = { .env.base = event_base_new(), .wait_fd = -1 };
	struct chk_engine_state u[3];
	int a[2], b[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, a), 0);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, b), 0);
	ck_assert_int_eq(chk_wait_init(&e), 0);
	for (int i = 0; i < 3; i++)
		u[i] = (struct chk_engine_state){ .c.ops = &ops, .e = &e, .dyn_weight = i, .running = i != 2 };
	ck_assert_int_eq(chk_wait(&u[0].c, a[0], EV_WRITE), 0);	/* writable at once */
	ck_assert_int_eq(chk_wait(&u[1].c, a[1], EV_READ), 0);		/* readable soon, unwaited first */
	ck_assert_int_eq(chk_wait(&u[2].c, b[0], EV_WRITE), 0);	/* its probe has ended */
	chk_unwait(&u[1].c, a[1]);
	ck_assert_int_eq(write(a[0], "x", 1), 1);
	turns(e.env.base);
	ck_assert_uint_eq(readied[0], 1);
	ck_assert_uint_eq(readied[1], 0);
	ck_assert_uint_eq(readied[2], 0);
	ck_assert_int_eq(chk_wait(&u[0].c, a[0], EV_WRITE), 0);
	turns(e.env.base);
	ck_assert_uint_eq(readied[0], 2);
	chk_wait_fini(&e);
	ck_assert_int_eq(e.wait_fd, -1);
	close(a[0]), close(a[1]), close(b[0]), close(b[1]);
	event_base_free(e.env.base);
}
END_TEST

Suite *chk_funnel_suite(void)
{
	Suite *s = suite_create("chk_funnel");
	TCase *tc = tcase_create("fsm");
	TCase *te = tcase_create("engine");

	tcase_add_test(tc, starts_up_or_alpha_down);
	tcase_add_test(tc, retry_zero_goes_down_at_once);
	tcase_add_test(tc, retries_before_down);
	tcase_add_test(tc, success_resets_retries);
	tcase_add_test(tc, rise_needs_consecutive_successes);
	tcase_add_test(tc, down_failures_stay_down);
	tcase_add_test(tc, quorum_start);
	tcase_add_test(tc, quorum_hysteresis);
	tcase_add_test(tc, misc_dynamic_weight);
	suite_add_tcase(s, tc);
	tcase_add_test(te, identical_checks_run_once);
	tcase_add_test(te, http_checks_keyed_by_virtualhost);
	tcase_add_test(te, health_and_alpha);
	tcase_add_test(te, reload_carries_state);
	tcase_add_test(te, misc_probe_sets_dynamic_weight);
	tcase_add_test(te, schedule_runs_units_by_due_time);
	tcase_add_test(te, reasons_kept_once);
	tcase_add_test(te, init_notifies_the_servers_up);
	tcase_add_test(te, wait_set_calls_ready_once);
	tcase_set_timeout(te, 20);
	suite_add_tcase(s, te);
	return s;
}
