// SPDX-License-Identifier: GPL-2.0-or-later
/* The BFD session state machine (bfd_fsm.c) against RFC 5880 section 6:
 * two sessions hand each other their packets, with made-up times. */
#include <check.h>

#include "bfd_fsm.h"
#include "suites.h"

#define MS 1000u
#define SEC 1000000u

static const struct bfd_fsm_conf conf50 = { .min_tx_us = 50 * MS, .min_rx_us = 50 * MS,
					    .idle_tx_us = SEC, .mult = 3 };

/* from's packet now, as to reads it */
static void deliver(struct bfd_fsm *from, struct bfd_fsm *to, uint64_t now)
{
	struct bfd_pkt p;

	bfd_fsm_packet(from, &p, now, 0);
	ck_assert_int_eq(bfd_fsm_rx(to, &p, now), BFD_RX_OK);
}

/* a and b start Down at now */
static void two(struct bfd_fsm *a, struct bfd_fsm *b, uint64_t now)
{
	bfd_fsm_init(a, &conf50, 1, now);
	bfd_fsm_init(b, &conf50, 2, now);
}

/* a and b Up after the three-way handshake (and the Poll that follows) */
static void up_pair(struct bfd_fsm *a, struct bfd_fsm *b, uint64_t now)
{
	two(a, b, now);
	deliver(a, b, now);		/* Down -> b Init */
	ck_assert_int_eq(b->state, BFD_INIT);
	deliver(b, a, now);		/* Init -> a Up */
	ck_assert_int_eq(a->state, BFD_UP);
	deliver(a, b, now);		/* Up (Poll) -> b Up */
	ck_assert_int_eq(b->state, BFD_UP);
	deliver(b, a, now);		/* b's Final ends a's Poll */
	deliver(b, a, now);		/* b's own Poll */
	deliver(a, b, now);		/* a's Final ends it */
}

START_TEST(three_way_handshake)
{
	struct bfd_fsm a, b;
	struct bfd_pkt p;

	bfd_fsm_init(&a, &conf50, 1, 7);
	ck_assert_int_eq(a.state, BFD_DOWN);
	ck_assert_uint_eq(a.des_min_tx, SEC);	/* not Up: at least a second (6.8.3) */
	ck_assert_uint_eq(bfd_fsm_next(&a), 7);	/* an active session sends at once */
	ck_assert(!bfd_fsm_timer(&a, 6, 0));
	ck_assert(bfd_fsm_timer(&a, 7, 0));
	bfd_fsm_packet(&a, &p, 7, 0);
	ck_assert_uint_eq(a.tx_at, 7 + SEC);	/* remote_min_rx is 1 us until heard */
	ck_assert_uint_eq(p.state, BFD_DOWN);
	ck_assert_uint_eq(p.your_disc, 0);
	ck_assert_uint_eq(p.my_disc, 1);
	up_pair(&a, &b, 0);
	ck_assert_uint_eq(a.remote_disc, 2);
	ck_assert_uint_eq(b.remote_disc, 1);
	ck_assert_uint_eq(a.diag, BFD_DIAG_NONE);
	/* both Polls ended */
	ck_assert(!a.poll && !b.poll);
}
END_TEST

START_TEST(poll_changes_intervals)
{
	struct bfd_fsm a, b;
	struct bfd_pkt p;

	two(&a, &b, 0);
	deliver(&a, &b, 0);
	deliver(&b, &a, 0);
	/* a is Up: it wants 50 ms with a Poll; a smaller TX applies at once
	 * (6.8.3 holds back only a bigger one), b's 50 ms RX allows it */
	ck_assert_int_eq(a.state, BFD_UP);
	ck_assert(a.poll);
	ck_assert_uint_eq(a.des_min_tx, 50 * MS);
	ck_assert_uint_eq(bfd_fsm_tx_interval(&a), 50 * MS);
	/* b still sends every second: a detects after 3 of them */
	ck_assert_uint_eq(bfd_fsm_detect_time(&a), 3 * SEC);
	bfd_fsm_packet(&a, &p, 0, 0);
	ck_assert(p.poll && !p.final);
	ck_assert_uint_eq(p.min_tx_us, 50 * MS);
	ck_assert_int_eq(bfd_fsm_rx(&b, &p, 0), BFD_RX_OK);
	ck_assert(b.final_due);
	/* b owes a Final and polls itself: the Final goes without P (6.5) */
	bfd_fsm_packet(&b, &p, 0, 0);
	ck_assert(p.final && !p.poll);
	ck_assert(!b.final_due);
	ck_assert_int_eq(bfd_fsm_rx(&a, &p, 0), BFD_RX_OK);
	ck_assert(!a.poll);
	ck_assert_uint_eq(a.tx_used, 50 * MS);
	/* b's Final says its own 50 ms already: a detects after 150 ms */
	ck_assert_uint_eq(bfd_fsm_detect_time(&a), 150 * MS);
	deliver(&b, &a, 0);	/* b's Poll */
	deliver(&a, &b, 0);	/* a's Final */
	ck_assert(!b.poll);
	ck_assert_uint_eq(bfd_fsm_tx_interval(&b), 50 * MS);
}
END_TEST

START_TEST(detection_time_expires)
{
	struct bfd_fsm a, b;
	uint64_t t = 10 * SEC;

	up_pair(&a, &b, t);
	deliver(&b, &a, t);
	ck_assert_uint_eq(a.detect_at, t + 150 * MS);
	/* remote mult x the larger of our min RX and the remote's min TX */
	b.c.mult = 5;
	b.des_min_tx = 80 * MS;
	deliver(&b, &a, t);
	ck_assert_uint_eq(bfd_fsm_detect_time(&a), 400 * MS);
	ck_assert_uint_eq(a.detect_at, t + 400 * MS);
	bfd_fsm_timer(&a, t + 399 * MS, 0);
	ck_assert_int_eq(a.state, BFD_UP);
	bfd_fsm_timer(&a, t + 400 * MS, 0);
	ck_assert_int_eq(a.state, BFD_DOWN);
	ck_assert_uint_eq(a.diag, BFD_DIAG_EXPIRED);
	ck_assert_uint_eq(a.remote_disc, 0);	/* 6.8.1: forgotten */
	ck_assert(a.send_now);
	/* not Up: back to a second, no Poll */
	ck_assert_uint_eq(a.des_min_tx, SEC);
	ck_assert(!a.poll);
}
END_TEST

START_TEST(init_times_out)
{
	struct bfd_fsm a, b;

	two(&a, &b, 0);
	deliver(&a, &b, 0);
	ck_assert_int_eq(b.state, BFD_INIT);
	/* a says 1 s with multiplier 3 while Down */
	ck_assert_uint_eq(b.detect_at, 3 * SEC);
	bfd_fsm_timer(&b, 3 * SEC, 0);
	ck_assert_int_eq(b.state, BFD_DOWN);
	ck_assert_uint_eq(b.diag, BFD_DIAG_EXPIRED);
}
END_TEST

START_TEST(remote_down_and_admin_down)
{
	struct bfd_fsm a, b;
	struct bfd_pkt p;

	up_pair(&a, &b, 0);
	bfd_fsm_packet(&b, &p, 0, 0);
	p.state = BFD_DOWN;
	bfd_fsm_rx(&a, &p, 0);
	ck_assert_int_eq(a.state, BFD_DOWN);
	ck_assert_uint_eq(a.diag, BFD_DIAG_NBR_DOWN);
	/* Down with a Down remote: Init, never straight to Up */
	bfd_fsm_rx(&a, &p, 0);
	ck_assert_int_eq(a.state, BFD_INIT);
	/* Init with a Down remote stays Init */
	bfd_fsm_rx(&a, &p, 0);
	ck_assert_int_eq(a.state, BFD_INIT);
	p.state = BFD_ADMIN_DOWN;
	bfd_fsm_rx(&a, &p, 0);
	ck_assert_int_eq(a.state, BFD_DOWN);
	ck_assert_uint_eq(a.diag, BFD_DIAG_NBR_DOWN);
	/* our own AdminDown: packets are dropped, state stays */
	bfd_fsm_admin(&a, true, 0);
	ck_assert_int_eq(a.state, BFD_ADMIN_DOWN);
	ck_assert_uint_eq(a.diag, BFD_DIAG_ADMIN_DOWN);
	p.state = BFD_INIT;
	ck_assert_int_eq(bfd_fsm_rx(&a, &p, 0), BFD_RX_DISCARD);
	ck_assert_int_eq(a.state, BFD_ADMIN_DOWN);
	bfd_fsm_admin(&a, false, 0);
	ck_assert_int_eq(a.state, BFD_DOWN);
}
END_TEST

START_TEST(passive_waits)
{
	struct bfd_fsm a, p;
	struct bfd_fsm_conf pc = conf50;

	pc.passive = true;
	bfd_fsm_init(&p, &pc, 9, 0);
	ck_assert_uint_eq(bfd_fsm_next(&p), 0);
	ck_assert(!bfd_fsm_timer(&p, 5 * SEC, 0));
	ck_assert_uint_eq(bfd_fsm_tx_interval(&p), 0);
	bfd_fsm_init(&a, &conf50, 1, 0);
	deliver(&a, &p, 0);
	ck_assert_int_eq(p.state, BFD_INIT);
	ck_assert(p.send_now);
	ck_assert_uint_eq(bfd_fsm_tx_interval(&p), SEC);
	deliver(&p, &a, 0);
	ck_assert_int_eq(a.state, BFD_UP);
	/* silence for a detection time: the passive side stops sending */
	bfd_fsm_timer(&p, p.detect_at, 0);
	ck_assert_int_eq(p.state, BFD_DOWN);
	ck_assert_uint_eq(p.tx_at, 0);
	ck_assert(!p.send_now);	/* not even the Down */
	ck_assert_uint_eq(bfd_fsm_tx_interval(&p), 0);
}
END_TEST

START_TEST(jitter_bounds)
{
	for (uint32_t r = 0; r < 200; r++) {
		uint64_t j3 = bfd_fsm_jitter(100 * MS, 3, r), j1 = bfd_fsm_jitter(100 * MS, 1, r);

		ck_assert(j3 >= 75 * MS && j3 <= 100 * MS);
		ck_assert(j1 >= 75 * MS && j1 <= 90 * MS);	/* multiplier 1: 75-90% */
	}
	ck_assert_uint_eq(bfd_fsm_jitter(100 * MS, 3, 0), 100 * MS);
	ck_assert_uint_eq(bfd_fsm_jitter(100 * MS, 3, 25), 75 * MS);
}
END_TEST

START_TEST(tx_interval_negotiated)
{
	struct bfd_fsm a, b;
	struct bfd_pkt p;

	up_pair(&a, &b, 0);
	ck_assert_uint_eq(bfd_fsm_tx_interval(&a), 50 * MS);
	/* the remote wants 200 ms between our packets */
	bfd_fsm_packet(&b, &p, 0, 0);
	p.min_rx_us = 200 * MS;
	bfd_fsm_rx(&a, &p, 0);
	ck_assert_uint_eq(bfd_fsm_tx_interval(&a), 200 * MS);
	bfd_fsm_packet(&a, &p, 1000, 0);
	ck_assert_uint_eq(a.tx_at, 1000 + 200 * MS);
	/* and none at all */
	bfd_fsm_packet(&b, &p, 0, 0);
	p.min_rx_us = 0;
	bfd_fsm_rx(&a, &p, 0);
	ck_assert_uint_eq(bfd_fsm_tx_interval(&a), 0);
	bfd_fsm_packet(&a, &p, 2000, 0);
	ck_assert_uint_eq(a.tx_at, 0);
}
END_TEST

START_TEST(reconf_while_up)
{
	struct bfd_fsm a, b;
	struct bfd_fsm_conf slow = conf50, fast = conf50;

	up_pair(&a, &b, 0);
	/* a bigger TX interval waits for the Final, a bigger RX applies now */
	slow.min_tx_us = 300 * MS;
	slow.min_rx_us = 300 * MS;
	bfd_fsm_reconf(&a, &slow, 0);
	ck_assert(a.poll);
	ck_assert_uint_eq(a.des_min_tx, 300 * MS);
	ck_assert_uint_eq(a.tx_used, 50 * MS);
	ck_assert_uint_eq(a.rx_used, 300 * MS);
	deliver(&a, &b, 0);
	deliver(&b, &a, 0);
	ck_assert(!a.poll);
	ck_assert_uint_eq(a.tx_used, 300 * MS);
	ck_assert_int_eq(a.state, BFD_UP);
	/* a smaller TX applies now, a smaller RX after the Final */
	fast.min_tx_us = 20 * MS;
	fast.min_rx_us = 20 * MS;
	bfd_fsm_reconf(&a, &fast, 0);
	ck_assert_uint_eq(a.tx_used, 20 * MS);
	ck_assert_uint_eq(a.rx_used, 300 * MS);
	deliver(&a, &b, 0);
	deliver(&b, &a, 0);
	ck_assert_uint_eq(a.rx_used, 20 * MS);
	ck_assert_int_eq(a.state, BFD_UP);
}
END_TEST

START_TEST(auth_discarded)
{
	struct bfd_fsm a, b;
	struct bfd_pkt p;

	two(&a, &b, 0);
	bfd_fsm_packet(&a, &p, 0, 0);
	p.auth = true;
	ck_assert_int_eq(bfd_fsm_rx(&b, &p, 0), BFD_RX_DISCARD);
	ck_assert_int_eq(b.state, BFD_DOWN);
	ck_assert_uint_eq(b.remote_disc, 0);
}
END_TEST

Suite *bfd_fsm_suite(void)
{
	Suite *s = suite_create("bfd_fsm");
	TCase *tc = tcase_create("session");

	tcase_add_test(tc, three_way_handshake);
	tcase_add_test(tc, poll_changes_intervals);
	tcase_add_test(tc, detection_time_expires);
	tcase_add_test(tc, init_times_out);
	tcase_add_test(tc, remote_down_and_admin_down);
	tcase_add_test(tc, passive_waits);
	tcase_add_test(tc, jitter_bounds);
	tcase_add_test(tc, tx_interval_negotiated);
	tcase_add_test(tc, reconf_while_up);
	tcase_add_test(tc, auth_discarded);
	suite_add_tcase(s, tc);
	return s;
}
