// SPDX-License-Identifier: GPL-2.0-or-later
/* vrrp_track_process matching as keepalived.conf(5) says: the process
 * name (15 characters at most, as the kernel keeps it), or with
 * parameters, param_match or full_command the command line; quorum. */
#include <string.h>

#include <check.h>

#include "suites.h"
#include "vrrp_procs.h"

/* a command line as /proc/PID/cmdline has it: NUL after each argument */
#define CMD(s) s, sizeof(s) - 1

static struct cfg_track_process tracker(char **argv, size_t argc)
{
	return (struct cfg_track_process){ .argv = argv, .argc = argc, .weight = 1, .quorum = 1,
					   .quorum_max = UINT32_MAX };
}

START_TEST(name_matches_comm_exactly)
{
	char *argv[] = { "haproxy" };
	struct cfg_track_process t = tracker(argv, 1);

	ck_assert(!vrrp_proc_wants_cmdline(&t));
	ck_assert(vrrp_proc_matches(&t, "haproxy", NULL, 0));
	/* pgrep would take these; an exact name does not */
	ck_assert(!vrrp_proc_matches(&t, "haproxy-wrap", NULL, 0));
	ck_assert(!vrrp_proc_matches(&t, "hapr", NULL, 0));
}
END_TEST

START_TEST(long_name_matches_its_first_15)
{
	char *argv[] = { "keepalived-tracked" };
	struct cfg_track_process t = tracker(argv, 1);

	ck_assert(vrrp_proc_matches(&t, "keepalived-trac", NULL, 0));
	ck_assert(!vrrp_proc_matches(&t, "keepalived-tra", NULL, 0));
}
END_TEST

START_TEST(parameters_exact_partial_initial)
{
	char *argv[] = { "/usr/sbin/haproxy", "-f", "/etc/haproxy" };
	struct cfg_track_process t = tracker(argv, 3);

	ck_assert(vrrp_proc_wants_cmdline(&t));
	ck_assert(vrrp_proc_matches(&t, "haproxy", CMD("/usr/sbin/haproxy\0-f\0/etc/haproxy\0")));
	ck_assert(!vrrp_proc_matches(&t, "haproxy", CMD("haproxy\0-f\0/etc/haproxy\0")));
	ck_assert(!vrrp_proc_matches(&t, "haproxy", CMD("/usr/sbin/haproxy\0-f\0/etc/haproxy\0-D\0")));
	ck_assert(!vrrp_proc_matches(&t, "haproxy", CMD("/usr/sbin/haproxy\0-f\0")));
	ck_assert(!vrrp_proc_matches(&t, "haproxy", CMD("/usr/sbin/haproxy\0-f\0/etc/haproxy.cfg\0")));
	t.param_match_set = true;
	t.param_match = CFG_PARAM_PARTIAL;
	ck_assert(vrrp_proc_matches(&t, "haproxy", CMD("/usr/sbin/haproxy\0-f\0/etc/haproxy\0-D\0")));
	ck_assert(!vrrp_proc_matches(&t, "haproxy", CMD("/usr/sbin/haproxy\0-f\0/etc/haproxy.cfg\0")));
	t.param_match = CFG_PARAM_INITIAL;
	ck_assert(vrrp_proc_matches(&t, "haproxy", CMD("/usr/sbin/haproxy\0-f\0/etc/haproxy.cfg\0")));
	ck_assert(!vrrp_proc_matches(&t, "haproxy", CMD("/usr/sbin/haproxy\0-g\0/etc/haproxy.cfg\0")));
	/* a kernel thread has no command line */
	ck_assert(!vrrp_proc_matches(&t, "haproxy", NULL, 0));
}
END_TEST

START_TEST(param_match_alone_wants_no_parameters)
{
	char *argv[] = { "/bin/sleep" };
	struct cfg_track_process t = tracker(argv, 1);

	t.full_command = true;
	ck_assert(vrrp_proc_matches(&t, "sleep", CMD("/bin/sleep\0" "100\0")));
	ck_assert(!vrrp_proc_matches(&t, "sleep", CMD("sleep\0" "100\0")));
	t.param_match_set = true;
	ck_assert(!vrrp_proc_matches(&t, "sleep", CMD("/bin/sleep\0" "100\0")));
	ck_assert(vrrp_proc_matches(&t, "sleep", CMD("/bin/sleep\0")));
	/* a command line rewritten without its last NUL */
	ck_assert(vrrp_proc_matches(&t, "sleep", CMD("/bin/sleep")));
}
END_TEST

START_TEST(quorum_bounds)
{
	char *argv[] = { "nginx" };
	struct cfg_track_process t = tracker(argv, 1);

	ck_assert(!vrrp_proc_quorum(&t, 0));
	ck_assert(vrrp_proc_quorum(&t, 1));
	ck_assert(vrrp_proc_quorum(&t, 9));
	t.quorum = 2;
	t.quorum_max = 3;
	ck_assert(!vrrp_proc_quorum(&t, 1));
	ck_assert(vrrp_proc_quorum(&t, 3));
	ck_assert(!vrrp_proc_quorum(&t, 4));
	/* quorum_max 0: up only while none runs */
	t.quorum = 0;
	t.quorum_max = 0;
	ck_assert(vrrp_proc_quorum(&t, 0));
	ck_assert(!vrrp_proc_quorum(&t, 1));
}
END_TEST

Suite *vrrp_procs_suite(void)
{
	Suite *s = suite_create("vrrp_procs");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, name_matches_comm_exactly);
	tcase_add_test(tc, long_name_matches_its_first_15);
	tcase_add_test(tc, parameters_exact_partial_initial);
	tcase_add_test(tc, param_match_alone_wants_no_parameters);
	tcase_add_test(tc, quorum_bounds);
	suite_add_tcase(s, tc);
	return s;
}
