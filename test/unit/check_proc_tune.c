// SPDX-License-Identifier: GPL-2.0-or-later
/* global_defs' process tuning: the keywords, the decisions taken from
 * them, and what can change without privilege (CPUs, umask). */
#include "config.h"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfg_proc.h"
#include "proc_tune.h"
#include "suites.h"
#include "thread_sched.h"
#include "unit_cfg.h"

static void expect_error(const char *text, const char *msg)
{
	ck_assert_ptr_null(unit_cfg_load_saying(text, msg));
}

static int16_t umask_of(const char *value)
{
	char text[128];
	struct config *c;
	int16_t v;

	snprintf(text, sizeof(text), "global_defs {\n umask %s\n}\n", value);
	c = unit_cfg_load(text);
	v = c->global.umask;
	cfg_free(c);
	return v;
}

START_TEST(keywords)
{
	struct config *c = unit_cfg_load("global_defs {\n vrrp_cpu_affinity 1 0\n checker_cpu_affinity 0\n"
					 " checker_no_swap\n checker_rt_priority 7\n"
					 " checker_rlimit_rttime 20000\n}\n");

	ck_assert(cfg_cpus_has(&c->global.vrrp_cpus, 0) && cfg_cpus_has(&c->global.vrrp_cpus, 1));
	ck_assert(cfg_cpus_has(&c->global.checker_cpus, 0));
	ck_assert(!cfg_cpus_has(&c->global.checker_cpus, 1));
	ck_assert(c->global.no_swap);
	ck_assert_uint_eq(c->global.checker_rt_priority, 7);
	ck_assert_uint_eq(c->global.checker_rlimit_rttime_us, 20000);
	ck_assert_int_eq(c->global.umask, -1);
	cfg_free(c);
	c = unit_cfg_load("global_defs {\n vrrp_no_swap\n}\n");
	ck_assert(c->global.no_swap);
	ck_assert(cfg_cpus_empty(&c->global.vrrp_cpus) && cfg_cpus_empty(&c->global.checker_cpus));
	ck_assert_uint_eq(c->global.checker_rt_priority, 0);
	ck_assert_uint_eq(c->global.checker_rlimit_rttime_us, 10000);	/* keepalived's default */
	ck_assert_uint_eq(cfg_umask(&c->global), 022);	/* keepalived's IWGRP | IWOTH */
	cfg_free(c);
}
END_TEST

START_TEST(umask_forms)
{
	ck_assert_int_eq(umask_of("IWGRP|IWOTH"), 022);
	ck_assert_int_eq(umask_of("IWGRP | IWOTH"), 022);
	ck_assert_int_eq(umask_of("IWGRP| IXOTH|IRUSR"), 0421);
}
END_TEST

START_TEST(umask_numbers)
{
	ck_assert_int_eq(umask_of("027"), 027);		/* octal */
	ck_assert_int_eq(umask_of("0x1ff"), 0777);	/* hex */
	ck_assert_int_eq(umask_of("18"), 022);		/* decimal */
	ck_assert_int_eq(umask_of("0"), 0);
}
END_TEST

START_TEST(errors)
{
	expect_error("global_defs {\n umask 01000\n}\n",
		     "t.conf:2:8: error: umask: one number in 0..0777 (0x1ff, 511) or bits such as IWGRP|IWOTH");
	expect_error("global_defs {\n umask 022 IWOTH\n}\n",
		     "t.conf:2:12: error: umask: one number in 0..0777 (0x1ff, 511) or bits such as IWGRP|IWOTH");
	expect_error("global_defs {\n umask IWGRP|IWOTHER\n}\n",
		     "t.conf:2:8: error: 'IWOTHER': umask takes a number or I{R|W|X}{USR|GRP|OTH} joined by '|'");
	expect_error("global_defs {\n vrrp_cpu_affinity 0 one\n}\n",
		     "t.conf:2:22: error: 'one': a CPU number expects an integer");
	expect_error("global_defs {\n checker_cpu_affinity 1024\n}\n",
		     "t.conf:2:23: error: '1024': a CPU number must be in 0..1023");
	expect_error("global_defs {\n checker_rt_priority 0\n}\n",
		     "t.conf:2:22: error: '0': checker_rt_priority must be in 1..99");
	expect_error("global_defs {\n checker_rlimit_rttime 1\n}\n",
		     "t.conf:2:24: error: '1': checker_rlimit_rttime must be in 2..4294967295");
}
END_TEST

/* a CPU the machine lacks: warned at its place, the line ignored whole
 * (keepalived 2.2.7 leaves the process unpinned likewise) */
START_TEST(cpu_not_here)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);
	char msg[160];
	struct config *c;

	ck_assert_int_lt(n, 1023);
	snprintf(msg, sizeof(msg),
		 "t.conf:2:22: warning: vrrp_cpu_affinity: this machine has no CPU 1023 (CPUs 0..%ld); ignored",
		 n - 1);
	c = unit_cfg_load_saying("global_defs {\n vrrp_cpu_affinity 0 1023\n}\n", msg);
	ck_assert_ptr_nonnull(c);
	ck_assert(cfg_cpus_empty(&c->global.vrrp_cpus));
	cfg_free(c);
}
END_TEST

/* one RLIMIT_RTTIME for the process: the larger of the real-time threads' */
START_TEST(rttime_one_per_process)
{
	struct config *c = unit_cfg_load("global_defs {\n vrrp_rlimit_rttime 5000\n"
					 " checker_rlimit_rttime 30000\n}\n");

	ck_assert_uint_eq(cfg_rttime_us(&c->global), 0);	/* nothing real-time */
	c->global.vrrp_rt_priority = 10;
	ck_assert_uint_eq(cfg_rttime_us(&c->global), 5000);
	c->global.checker_rt_priority = 5;
	ck_assert_uint_eq(cfg_rttime_us(&c->global), 30000);
	c->global.vrrp_rlimit_rttime_us = 40000;
	ck_assert_uint_eq(cfg_rttime_us(&c->global), 40000);
	c->global.vrrp_rt_priority = 0;
	ck_assert_uint_eq(cfg_rttime_us(&c->global), 30000);
	cfg_free(c);
}
END_TEST

START_TEST(cpus_want)
{
	struct cfg_cpus none = { 0 }, one = { 0 };
	cpu_set_t start, out;

	CPU_ZERO(&start);
	CPU_SET(0, &start);
	CPU_SET(3, &start);
	thread_sched_cpus_want(&none, &start, &out);
	ck_assert(CPU_EQUAL(&out, &start));
	one.bits[1] = 1ull << 2;	/* CPU 66 */
	thread_sched_cpus_want(&one, &start, &out);
	ck_assert_int_eq(CPU_COUNT(&out), 1);
	ck_assert(CPU_ISSET(66, &out));
}
END_TEST

/* the calling thread moves, and goes back to where it started */
START_TEST(cpus_follow)
{
	struct thread_sched s;
	struct cfg_cpus want = { 0 };
	cpu_set_t now, start;
	int cpu = -1;

	thread_sched_init(&s, "test", "test");
	start = s.start;
	for (int i = CPU_SETSIZE - 1; i >= 0; i--)
		if (CPU_ISSET(i, &start))
			cpu = i;
	ck_assert_int_ge(cpu, 0);
	if (CPU_COUNT(&start) < 2)
		return;	/* nothing to narrow */
	want.bits[cpu / 64] = 1ull << (cpu % 64);
	thread_sched_cpus(&s, &want);
	ck_assert_int_eq(pthread_getaffinity_np(pthread_self(), sizeof(now), &now), 0);
	ck_assert_int_eq(CPU_COUNT(&now), 1);
	ck_assert(CPU_ISSET(cpu, &now));
	thread_sched_cpus(&s, &(struct cfg_cpus){ 0 });
	ck_assert_int_eq(pthread_getaffinity_np(pthread_self(), sizeof(now), &now), 0);
	ck_assert(CPU_EQUAL(&now, &start));
}
END_TEST

START_TEST(umask_follows)
{
	struct config *c = unit_cfg_load("global_defs {\n umask IROTH|IWOTH|IXOTH\n}\n");
	mode_t old;

	proc_tune_umask(&c->global);
	old = umask(0);
	ck_assert_uint_eq(old, 07);
	cfg_free(c);
	c = unit_cfg_load("global_defs {\n router_id a\n}\n");
	proc_tune_umask(&c->global);
	ck_assert_uint_eq(umask(0), 022);
	cfg_free(c);
}
END_TEST

Suite *proc_tune_suite(void)
{
	Suite *s = suite_create("proc_tune");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, keywords);
	tcase_add_test(tc, umask_forms);
	tcase_add_test(tc, umask_numbers);
	tcase_add_test(tc, errors);
	tcase_add_test(tc, cpu_not_here);
	tcase_add_test(tc, rttime_one_per_process);
	tcase_add_test(tc, cpus_want);
	tcase_add_test(tc, cpus_follow);
	tcase_add_test(tc, umask_follows);
	suite_add_tcase(s, tc);
	return s;
}
