// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <sys/resource.h>

#include "checker_nice.h"
#include "suites.h"
#include "unit_cfg.h"

START_TEST(default_keeps_start)
{
	struct config *c = unit_cfg_load("global_defs {\n router_id a\n}\n");

	ck_assert(!c->global.checker_nice_set);
	ck_assert_int_eq(checker_nice_want(&c->global, 0), 0);
	ck_assert_int_eq(checker_nice_want(&c->global, 3), 3);
	ck_assert_int_eq(checker_nice_want(&c->global, -2), -2);
	cfg_free(c);
}
END_TEST

START_TEST(configured_wins)
{
	struct config *c = unit_cfg_load("global_defs {\n checker_priority 0\n}\n");

	ck_assert(c->global.checker_nice_set);
	ck_assert_int_eq(checker_nice_want(&c->global, 4), 0);
	cfg_free(c);
	c = unit_cfg_load("global_defs {\n checker_priority -7\n vrrp_priority -3\n}\n");
	ck_assert_int_eq(checker_nice_want(&c->global, 0), -7);
	ck_assert_int_eq(c->global.vrrp_nice, -3);
	cfg_free(c);
}
END_TEST

/* raising one's own nice needs no privilege: the thread really moves */
START_TEST(follow_sets_this_thread)
{
	int now, start;

	errno = 0;
	start = getpriority(PRIO_PROCESS, 0);
	ck_assert_int_eq(errno, 0);
	ck_assert_int_lt(start, 19);	/* else there is nothing to raise */
	now = start;
	ck_assert_int_eq(checker_nice_follow(&now, start + 1), 0);
	ck_assert_int_eq(now, start + 1);
	ck_assert_int_eq(getpriority(PRIO_PROCESS, 0), start + 1);
	ck_assert_int_eq(checker_nice_follow(&now, start + 1), 0);
}
END_TEST

Suite *checker_nice_suite(void)
{
	Suite *s = suite_create("checker_nice");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, default_keeps_start);
	tcase_add_test(tc, configured_wins);
	tcase_add_test(tc, follow_sets_this_thread);
	suite_add_tcase(s, tc);
	return s;
}
