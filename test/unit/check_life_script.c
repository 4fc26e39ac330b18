// SPDX-License-Identifier: GPL-2.0-or-later
/* startup_script / shutdown_script: waited for, killed at the timeout. */
#include <sys/wait.h>
#include <time.h>

#include "chk_exec.h"
#include "life_script.h"
#include "suites.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct life_script_result run(const char *cmd, unsigned timeout_s)
{
	struct cfg_script s = { .cmd = (char *)cmd };

	return life_script_run("test_script", &s, NULL, timeout_s);
}

START_TEST(exit_status)
{
	struct life_script_result r = run("/bin/sh -c 'exit 3'", 5);

	ck_assert_int_eq(r.end, LIFE_SCRIPT_EXITED);
	ck_assert(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 3);
	r = run("/bin/true", 5);
	ck_assert_int_eq(r.end, LIFE_SCRIPT_EXITED);
	ck_assert_int_eq(r.status, 0);
	ck_assert_int_eq(run(NULL, 5).end, LIFE_SCRIPT_NONE);
}
END_TEST

/* a script past its 1 s timeout: how it ended and how long it took */
static void check_timeout(const char *cmd, int sig, double grace_s)
{
	double t0 = now_s();
	struct life_script_result r = run(cmd, 1);
	double took = now_s() - t0;

	ck_assert_int_eq(r.end, LIFE_SCRIPT_TIMED_OUT);
	ck_assert(WIFSIGNALED(r.status) && WTERMSIG(r.status) == sig);
	ck_assert_msg(took >= 0.95 + grace_s && took < 1.9 + grace_s, "took %.2f s", took);
}

/* SIGTERM at the timeout ends a script that does not catch it; one that
 * ignores it gets SIGKILL the grace later */
START_TEST(timeout)
{
	check_timeout("/bin/sleep 30", SIGTERM, 0);
	check_timeout("/bin/sh -c 'trap \"\" TERM; sleep 1; sleep 1; sleep 1; sleep 30'", SIGKILL,
		      CHK_EXEC_KILL_GRACE_S);
}
END_TEST

START_TEST(not_run)
{
	struct cfg_script s = { .cmd = "/bin/true", .user = "no-such-user-keel" };

	ck_assert_int_eq(life_script_run("test_script", &s, NULL, 5).end, LIFE_SCRIPT_NOT_RUN);
}
END_TEST

Suite *life_script_suite(void)
{
	Suite *s = suite_create("life_script");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 15);
	tcase_add_test(tc, exit_status);
	tcase_add_test(tc, timeout);
	tcase_add_test(tc, not_run);
	suite_add_tcase(s, tc);
	return s;
}
