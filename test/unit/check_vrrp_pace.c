// SPDX-License-Identifier: GPL-2.0-or-later
/* Announcement pacing: the slots vrrp_pace_slot hands out. */
#include <check.h>

#include "suites.h"
#include "vrrp_pace.h"

/* five gratuitous ARPs asked for at once, 200 ms apart: 0, 200... 800 ms;
 * a sixth asked for later than the pace needs goes at once */
START_TEST(slots_keep_the_interval)
{
	uint64_t next = 0, at[5];

	for (int k = 0; k < 5; k++)
		at[k] = vrrp_pace_slot(&next, 1000000, 200000);
	for (int k = 0; k < 5; k++)
		ck_assert_uint_eq(at[k], 1000000 + (uint64_t)k * 200000);
	ck_assert_uint_eq(next, 2000000);
	ck_assert_uint_eq(vrrp_pace_slot(&next, 2500000, 200000), 2500000);
	ck_assert_uint_eq(next, 2700000);
	/* one asked for inside the pace waits for its end */
	ck_assert_uint_eq(vrrp_pace_slot(&next, 2600000, 200000), 2700000);
	/* no interval: always now */
	next = 0;
	ck_assert_uint_eq(vrrp_pace_slot(&next, 5, 0), 5);
	ck_assert_uint_eq(vrrp_pace_slot(&next, 5, 0), 5);
}
END_TEST

Suite *vrrp_pace_suite(void)
{
	Suite *s = suite_create("vrrp_pace");
	TCase *tc = tcase_create("slots");

	tcase_add_test(tc, slots_keep_the_interval);
	suite_add_tcase(s, tc);
	return s;
}
