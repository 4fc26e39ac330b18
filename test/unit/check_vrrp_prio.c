// SPDX-License-Identifier: GPL-2.0-or-later
/* Effective priority and FAULT from tracked objects (vrrp_prio.c), the
 * vrrp_script rise/fall, track file text, and a sync group's state. */
#include <check.h>

#include "suites.h"
#include "vrrp_fsm.h"
#include "vrrp_prio.h"
#include "vrrp_sync.h"

static struct vrrp_track_sum sum1(struct vrrp_tracked t, bool in_group)
{
	struct vrrp_track_sum s;

	vrrp_track_sum(&t, 1, in_group, &s);
	return s;
}

static struct vrrp_tracked script(enum vrrp_obj_state st, int w, bool rev)
{
	return (struct vrrp_tracked){ .kind = VRRP_OBJ_SCRIPT, .state = st, .weight = w,
				      .reverse = rev };
}

static struct vrrp_tracked file(int64_t v, int w, bool rev)
{
	return (struct vrrp_tracked){ .kind = VRRP_OBJ_FILE, .value = v, .weight = w,
				      .reverse = rev };
}

/* keepalived 2.2.7, measured in the lab with "weight 2 reverse" on the
 * vrrp_script (and vrrp_track_file): a line "NAME weight 5" took 5 off
 * the priority, "NAME weight 5 noreverse" added 5 */
START_TEST(line_over_object)
{
	struct vrrp_tracked o;

	vrrp_line_weight(&(struct vrrp_line){ 0 }, 2, true, &o);
	ck_assert_int_eq(o.weight, 2);
	ck_assert(o.reverse);
	vrrp_line_weight(&(struct vrrp_line){ .weight_set = true, .weight = 5 }, 2, true, &o);
	ck_assert_int_eq(o.weight, 5);
	ck_assert(o.reverse);
	vrrp_line_weight(&(struct vrrp_line){ .weight_set = true, .weight = 5, .reverse_set = true }, 2,
			 true, &o);
	ck_assert_int_eq(o.weight, 5);
	ck_assert(!o.reverse);
	vrrp_line_weight(&(struct vrrp_line){ .weight_set = true, .weight = -5, .reverse_set = true,
					      .reverse = true }, 2, false, &o);
	ck_assert_int_eq(o.weight, -5);
	ck_assert(o.reverse);
}
END_TEST

/* track_bfd: a session weighs as a script does (keepalived.conf(5):
 * positive weights added while up, negative ones while down; weight 0:
 * FAULT while down, "weight 0 reverse" while up) */
START_TEST(bfd_weights)
{
	struct vrrp_tracked t = { .kind = VRRP_OBJ_BFD, .state = VRRP_OBJ_DOWN };

	ck_assert(sum1(t, false).fault);
	t.state = VRRP_OBJ_UP;
	ck_assert(!sum1(t, false).fault);
	t.reverse = true;
	ck_assert(sum1(t, false).fault);
	t = (struct vrrp_tracked){ .kind = VRRP_OBJ_BFD, .state = VRRP_OBJ_DOWN, .weight = -100 };
	ck_assert_int_eq(sum1(t, false).weight, -100);
	ck_assert(!sum1(t, false).fault);
	t.state = VRRP_OBJ_UP;
	ck_assert_int_eq(sum1(t, false).weight, 0);
	t.weight = 20;
	ck_assert_int_eq(sum1(t, false).weight, 20);
	/* a member's own line in a sync group without tracking weight: 0 */
	t.state = VRRP_OBJ_DOWN;
	t.weight = -100;
	ck_assert(sum1(t, true).fault);
}
END_TEST

START_TEST(script_weights)
{
	struct vrrp_track_sum s;

	/* weight 0: down (or not run yet) is a fault; reverse: up is */
	ck_assert(sum1(script(VRRP_OBJ_DOWN, 0, false), false).fault);
	ck_assert(sum1(script(VRRP_OBJ_UNKNOWN, 0, false), false).fault);
	ck_assert(!sum1(script(VRRP_OBJ_UP, 0, false), false).fault);
	ck_assert(sum1(script(VRRP_OBJ_UP, 0, true), false).fault);
	ck_assert(!sum1(script(VRRP_OBJ_DOWN, 0, true), false).fault);
	/* positive: added while up; negative: added while down */
	s = sum1(script(VRRP_OBJ_UP, 20, false), false);
	ck_assert(!s.fault);
	ck_assert_int_eq(s.weight, 20);
	ck_assert_int_eq(sum1(script(VRRP_OBJ_DOWN, 20, false), false).weight, 0);
	ck_assert_int_eq(sum1(script(VRRP_OBJ_DOWN, -30, false), false).weight, -30);
	ck_assert_int_eq(sum1(script(VRRP_OBJ_UP, -30, false), false).weight, 0);
	/* reverse turns the adjustment round, at the same moment */
	ck_assert_int_eq(sum1(script(VRRP_OBJ_UP, 20, true), false).weight, -20);
	ck_assert_int_eq(sum1(script(VRRP_OBJ_DOWN, -30, true), false).weight, 30);
	ck_assert_int_eq(sum1(script(VRRP_OBJ_DOWN, 20, true), false).weight, 0);
	/* weighted and not run yet: nothing, no fault */
	s = sum1(script(VRRP_OBJ_UNKNOWN, -30, false), false);
	ck_assert(!s.fault);
	ck_assert_int_eq(s.weight, 0);
	/* in a sync group the weight counts as 0 */
	s = sum1(script(VRRP_OBJ_DOWN, -30, false), true);
	ck_assert(s.fault);
	ck_assert_int_eq(s.weight, 0);
}
END_TEST

START_TEST(file_values)
{
	struct vrrp_track_sum s;

	/* weight 0: any value but 0 is a fault */
	ck_assert(!sum1(file(0, 0, false), false).fault);
	ck_assert(sum1(file(1, 0, false), false).fault);
	ck_assert(sum1(file(-5, 0, false), false).fault);
	/* value * weight, negated by reverse */
	ck_assert_int_eq(sum1(file(10, 3, false), false).weight, 30);
	ck_assert_int_eq(sum1(file(10, 3, true), false).weight, -30);
	ck_assert_int_eq(sum1(file(-50, 1, false), false).weight, -50);
	/* below -253: fault; -253 itself is still a weight */
	s = sum1(file(-253, 1, false), false);
	ck_assert(!s.fault);
	ck_assert_int_eq(s.weight, -253);
	ck_assert(sum1(file(-254, 1, false), false).fault);
	ck_assert(sum1(file(100, -3, false), false).fault);
	/* a huge positive value is capped, not wrapped */
	ck_assert_int_eq(sum1(file(INT32_MAX, 254, false), false).weight, 254);
	/* grouped: weight 0 */
	ck_assert(sum1(file(5, 10, false), true).fault);
	ck_assert(!sum1(file(0, 10, false), true).fault);
}
END_TEST

START_TEST(interfaces_and_sums)
{
	struct vrrp_tracked t[] = {
		{ .kind = VRRP_OBJ_IF, .state = VRRP_OBJ_DOWN, .weight = -10 },
		{ .kind = VRRP_OBJ_IF, .state = VRRP_OBJ_UP, .weight = 15 },
		script(VRRP_OBJ_DOWN, -40, false),
		file(2, 5, false),
	};
	struct vrrp_track_sum s;

	vrrp_track_sum(t, 4, false, &s);
	ck_assert(!s.fault);
	ck_assert_int_eq(s.weight, -10 + 15 - 40 + 10);
	/* in a group, interface weights stay; script and file count as 0 */
	vrrp_track_sum(t, 2, true, &s);
	ck_assert(!s.fault);
	ck_assert_int_eq(s.weight, 5);
	/* the group's own lines weigh as written (keepalived 2.2.7) */
	t[2].from_group = t[3].from_group = true;
	vrrp_track_sum(t, 4, true, &s);
	ck_assert(!s.fault);
	ck_assert_int_eq(s.weight, -10 + 15 - 40 + 10);
	t[2].from_group = t[3].from_group = false;
	/* an unweighted interface down is a fault in or out of a group */
	t[0].weight = 0;
	vrrp_track_sum(t, 1, false, &s);
	ck_assert(s.fault);
	/* the FSM bounds the result: 1..254, owner stays 255 */
	ck_assert_uint_eq(vrrp_fsm_effective_priority(100, -40), 60);
	ck_assert_uint_eq(vrrp_fsm_effective_priority(100, -300), 1);
	ck_assert_uint_eq(vrrp_fsm_effective_priority(200, 100), 254);
	ck_assert_uint_eq(vrrp_fsm_effective_priority(255, -100), 255);
	/* many large weights do not overflow */
	struct vrrp_tracked many[40];
	for (int k = 0; k < 40; k++)
		many[k] = file(INT32_MAX, 254, false);
	vrrp_track_sum(many, 40, false, &s);
	ck_assert_int_gt(s.weight, 0);
}
END_TEST

START_TEST(rise_fall)
{
	struct vrrp_script_hyst h;

	vrrp_script_hyst_init(&h, false);
	ck_assert_int_eq(h.state, VRRP_OBJ_UNKNOWN);
	/* the first result decides at once */
	ck_assert(vrrp_script_hyst_step(&h, true, 3, 2));
	ck_assert_int_eq(h.state, VRRP_OBJ_UP);
	/* fall 2: one failure is not enough, a success resets the count */
	ck_assert(!vrrp_script_hyst_step(&h, false, 3, 2));
	ck_assert(!vrrp_script_hyst_step(&h, true, 3, 2));
	ck_assert(!vrrp_script_hyst_step(&h, false, 3, 2));
	ck_assert(vrrp_script_hyst_step(&h, false, 3, 2));
	ck_assert_int_eq(h.state, VRRP_OBJ_DOWN);
	/* rise 3 */
	ck_assert(!vrrp_script_hyst_step(&h, true, 3, 2));
	ck_assert(!vrrp_script_hyst_step(&h, true, 3, 2));
	ck_assert(vrrp_script_hyst_step(&h, true, 3, 2));
	ck_assert_int_eq(h.state, VRRP_OBJ_UP);
	/* init_fail: down from the start, rise successes bring it up */
	vrrp_script_hyst_init(&h, true);
	ck_assert_int_eq(h.state, VRRP_OBJ_DOWN);
	ck_assert(!vrrp_script_hyst_step(&h, false, 2, 1));
	ck_assert(!vrrp_script_hyst_step(&h, true, 2, 1));
	ck_assert(vrrp_script_hyst_step(&h, true, 2, 1));
	ck_assert_int_eq(h.state, VRRP_OBJ_UP);
}
END_TEST

START_TEST(file_text)
{
	int64_t v = 99;

	ck_assert(vrrp_track_file_parse("42\n", &v));
	ck_assert_int_eq(v, 42);
	ck_assert(vrrp_track_file_parse("  -7  \n", &v));
	ck_assert_int_eq(v, -7);
	ck_assert(vrrp_track_file_parse("99999999999", &v));
	ck_assert_int_eq(v, INT32_MAX);
	ck_assert(vrrp_track_file_parse("-99999999999", &v));
	ck_assert_int_eq(v, INT32_MIN);
	ck_assert(!vrrp_track_file_parse("", &v));
	ck_assert(!vrrp_track_file_parse("abc", &v));
	ck_assert(!vrrp_track_file_parse("12 13", &v));
}
END_TEST

START_TEST(group_state)
{
	struct vrrp_sync_member m[2] = { { VRRP_STATE_MASTER, 0 }, { VRRP_STATE_MASTER, 0 } };

	ck_assert_int_eq(vrrp_sync_group_state(m, 2), VRRP_STATE_MASTER);
	m[1].state = VRRP_STATE_BACKUP;
	ck_assert_int_eq(vrrp_sync_group_state(m, 2), VRRP_STATE_COUNT);
	m[0].state = VRRP_STATE_BACKUP;
	ck_assert_int_eq(vrrp_sync_group_state(m, 2), VRRP_STATE_BACKUP);
	m[0].state = VRRP_STATE_FAULT;
	ck_assert_int_eq(vrrp_sync_group_state(m, 2), VRRP_STATE_FAULT);
	m[0].state = VRRP_STATE_INIT;
	ck_assert_int_eq(vrrp_sync_group_state(m, 2), VRRP_STATE_COUNT);
	ck_assert_int_eq(vrrp_sync_group_state(m, 0), VRRP_STATE_COUNT);
}
END_TEST

Suite *vrrp_prio_suite(void)
{
	Suite *s = suite_create("vrrp_prio");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, line_over_object);
	tcase_add_test(tc, script_weights);
	tcase_add_test(tc, bfd_weights);
	tcase_add_test(tc, file_values);
	tcase_add_test(tc, interfaces_and_sums);
	tcase_add_test(tc, rise_fall);
	tcase_add_test(tc, file_text);
	tcase_add_test(tc, group_state);
	suite_add_tcase(s, tc);
	return s;
}
