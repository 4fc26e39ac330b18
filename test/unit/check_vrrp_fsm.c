// SPDX-License-Identifier: GPL-2.0-or-later
/* The VRRP state machine, scenario by scenario, with the exact timer
 * values; the expected startup delays were measured on keepalived 2.2.7
 * (first advert 3.50 s after start at priority 128, 1.60 s with
 * down_timer_adverts 1 at priority 100, 2.99 s for priority 255 without
 * "state MASTER", none with it; preempt_delay 2 s: 3.5 s with no master,
 * 5.3 s against a lower master). */
#include <string.h>

#include "suites.h"
#include "vrrp_fsm.h"
#include "vrrp_sync.h"

#define S 1000000ull

static struct vrrp_fsm_conf conf(uint8_t prio)
{
	struct vrrp_fsm_conf c;

	vrrp_fsm_conf_init(&c);
	c.priority = prio;
	vrrp_ip_parse("192.0.2.10", &c.primary);
	return c;
}

static struct vrrp_actions acts;

static struct vrrp_fsm step(const struct vrrp_fsm_conf *c, struct vrrp_fsm f,
			    enum vrrp_event_type type, uint64_t now)
{
	struct vrrp_event ev = { .type = type };

	vrrp_fsm_step(c, &f, &ev, now, &f, &acts);
	return f;
}

static struct vrrp_fsm timer(const struct vrrp_fsm_conf *c, struct vrrp_fsm f,
			     enum vrrp_timer t, uint64_t now)
{
	struct vrrp_event ev = { .type = VRRP_EV_TIMER, .timer = t };

	vrrp_fsm_step(c, &f, &ev, now, &f, &acts);
	return f;
}

static struct vrrp_fsm advert(const struct vrrp_fsm_conf *c, struct vrrp_fsm f, uint8_t prio,
			      const char *src, uint32_t int_us, uint64_t now)
{
	struct vrrp_event ev = { .type = VRRP_EV_ADVERT, .priority = prio, .adver_int_us = int_us };

	vrrp_ip_parse(src, &ev.src);
	vrrp_fsm_step(c, &f, &ev, now, &f, &acts);
	return f;
}

static struct vrrp_fsm prio(const struct vrrp_fsm_conf *c, struct vrrp_fsm f, uint8_t p)
{
	struct vrrp_event ev = { .type = VRRP_EV_PRIORITY, .priority = p };

	vrrp_fsm_step(c, &f, &ev, 0, &f, &acts);
	return f;
}

/* Index of the first action of a type (and timer, for timer actions), or -1. */
static int find(enum vrrp_action_type type, int t)
{
	for (unsigned i = 0; i < acts.n; i++)
		if (acts.a[i].type == type && (t < 0 || (int)acts.a[i].timer == t))
			return (int)i;
	return -1;
}

static uint64_t armed(enum vrrp_timer t)
{
	int i = find(VRRP_ACT_TIMER_ARM, (int)t);

	ck_assert_msg(i >= 0, "timer %d not armed", t);
	return acts.a[i].usec;
}

static int sent(void)
{
	int i = find(VRRP_ACT_SEND_ADVERT, -1);

	return i < 0 ? -1 : acts.a[i].priority;
}

static enum vrrp_state notified(void)
{
	int i = find(VRRP_ACT_NOTIFY, -1);

	return i < 0 ? VRRP_STATE_COUNT : acts.a[i].state;
}

static struct vrrp_fsm started(const struct vrrp_fsm_conf *c)
{
	struct vrrp_fsm f;

	vrrp_fsm_init(&f, c);
	return step(c, f, VRRP_EV_STARTUP, 0);
}

static struct vrrp_fsm master(const struct vrrp_fsm_conf *c)
{
	struct vrrp_fsm f = started(c);

	f = timer(c, f, VRRP_TIMER_MASTER_DOWN, 4 * S);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
	return f;
}

/* keepalived 2.2.7's set_vrrp_backup on a deleted virtual route (measured:
 * "Entering BACKUP STATE", "sent 0 priority", everything removed, MASTER
 * again a Skew_Time later when alone): BACKUP, VIPs (and routes) removed,
 * priority 0 sent, the down timer last armed at Skew_Time */
START_TEST(resign_master)
{
	struct vrrp_fsm_conf c = conf(200);
	struct vrrp_fsm f = master(&c);
	int last = -1;

	f = step(&c, f, VRRP_EV_RESIGN, 5 * S);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	ck_assert_int_eq(notified(), VRRP_STATE_BACKUP);
	ck_assert_int_ge(find(VRRP_ACT_VIPS_DEL, -1), 0);
	ck_assert_int_eq(sent(), 0);
	for (unsigned i = 0; i < acts.n; i++)
		if (acts.a[i].type == VRRP_ACT_TIMER_ARM && acts.a[i].timer == VRRP_TIMER_MASTER_DOWN)
			last = (int)i;
	ck_assert_int_ge(last, 0);
	ck_assert_uint_eq(acts.a[last].usec, vrrp_fsm_skew_us(200, c.adver_int_us));
	f = timer(&c, f, VRRP_TIMER_MASTER_DOWN, 6 * S);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
	/* a backup (or a fault) has nothing to give up */
	f = step(&c, started(&c), VRRP_EV_RESIGN, 0);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	ck_assert_uint_eq(acts.n, 0);
}
END_TEST

START_TEST(timer_values)
{
	struct vrrp_fsm_conf c = conf(100);

	/* advert_int 1 s */
	ck_assert_uint_eq(vrrp_fsm_skew_us(100, S), 609375);
	ck_assert_uint_eq(vrrp_fsm_down_us(&c, 100, S), 3609375);
	ck_assert_uint_eq(vrrp_fsm_skew_us(150, S), 414062);
	ck_assert_uint_eq(vrrp_fsm_down_us(&c, 150, S), 3414062);
	ck_assert_uint_eq(vrrp_fsm_skew_us(255, S), 3906);
	ck_assert_uint_eq(vrrp_fsm_down_us(&c, 255, S), 3003906);
	ck_assert_uint_eq(vrrp_fsm_down_us(&c, 128, S), 3500000);	/* man page example */
	/* advert_int 0.1 s */
	ck_assert_uint_eq(vrrp_fsm_skew_us(100, S / 10), 60937);
	ck_assert_uint_eq(vrrp_fsm_down_us(&c, 100, S / 10), 360937);
	ck_assert_uint_eq(vrrp_fsm_skew_us(150, S / 10), 41406);
	ck_assert_uint_eq(vrrp_fsm_down_us(&c, 150, S / 10), 341406);
	ck_assert_uint_eq(vrrp_fsm_skew_us(255, S / 10), 390);
	ck_assert_uint_eq(vrrp_fsm_down_us(&c, 255, S / 10), 300390);
	/* keepalived's down_timer_adverts replaces the RFC's 3 */
	c.down_timer_adverts = 1;
	ck_assert_uint_eq(vrrp_fsm_down_us(&c, 100, S), 1609375);
	c.down_timer_adverts = 0;
	ck_assert_uint_eq(vrrp_fsm_down_us(&c, 100, S), 3609375);
}
END_TEST

/* Adverts may wait unread a quarter of a backup's Skew_Time, at the
 * master's interval it learnt; a master or a fault answers at once. */
START_TEST(read_slack)
{
	struct vrrp_fsm_conf c = conf(100);
	struct vrrp_fsm f = started(&c);

	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	ck_assert_uint_eq(vrrp_fsm_read_slack_us(&f), 609375 / 4);
	f.master_adver_int_us = S / 10;
	ck_assert_uint_eq(vrrp_fsm_read_slack_us(&f), 60937 / 4);
	f.priority = 254;
	ck_assert_uint_eq(vrrp_fsm_read_slack_us(&f), 781 / 4);
	f = master(&c);
	ck_assert_uint_eq(vrrp_fsm_read_slack_us(&f), 0);
	f.state = VRRP_STATE_FAULT;
	ck_assert_uint_eq(vrrp_fsm_read_slack_us(&f), 0);
	f.state = VRRP_STATE_INIT;
	ck_assert_uint_eq(vrrp_fsm_read_slack_us(&f), 0);
	ck_assert_uint_eq(vrrp_fsm_skew_us(1, 40950000), 40790039);	/* largest v3 interval */
}
END_TEST

START_TEST(startup_backup_then_master)
{
	struct vrrp_fsm_conf c = conf(100);
	struct vrrp_fsm f;

	vrrp_fsm_init(&f, &c);
	ck_assert_int_eq(f.state, VRRP_STATE_INIT);
	f = step(&c, f, VRRP_EV_STARTUP, 0);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	ck_assert_uint_eq(armed(VRRP_TIMER_MASTER_DOWN), 3609375);
	ck_assert_int_eq(notified(), VRRP_STATE_BACKUP);
	ck_assert_int_eq(sent(), -1);
	f = timer(&c, f, VRRP_TIMER_MASTER_DOWN, 3609375);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
	/* RFC order: VIPs, advert, gratuitous ARP, then the timers. */
	ck_assert_int_lt(find(VRRP_ACT_VIPS_ADD, -1), find(VRRP_ACT_SEND_ADVERT, -1));
	ck_assert_int_lt(find(VRRP_ACT_SEND_ADVERT, -1), find(VRRP_ACT_GARP, -1));
	ck_assert_int_eq(sent(), 100);
	ck_assert(acts.a[find(VRRP_ACT_VIPS_ADD, -1)].accept);
	ck_assert_uint_eq(acts.a[find(VRRP_ACT_GARP, -1)].count, 5);
	ck_assert_uint_eq(armed(VRRP_TIMER_ADVER), S);
	ck_assert_uint_eq(armed(VRRP_TIMER_GARP), 5 * S);
	ck_assert_int_eq(find(VRRP_ACT_TIMER_ARM, VRRP_TIMER_GARP_REFRESH), -1);
	ck_assert_int_eq(notified(), VRRP_STATE_MASTER);
	ck_assert_int_eq(find(VRRP_ACT_SYNCD, -1), -1);
	/* The advert timer keeps it sending. */
	f = timer(&c, f, VRRP_TIMER_ADVER, 5 * S);
	ck_assert_uint_eq(acts.n, 2);
	ck_assert_int_eq(sent(), 100);
	ck_assert_uint_eq(armed(VRRP_TIMER_ADVER), S);
	/* A stale down timer in MASTER does nothing. */
	f = timer(&c, f, VRRP_TIMER_MASTER_DOWN, 6 * S);
	ck_assert_uint_eq(acts.n, 0);
}
END_TEST

START_TEST(startup_owner)
{
	struct vrrp_fsm_conf c = conf(255);
	struct vrrp_fsm f;

	c.accept = false;
	f = started(&c);	/* no "state MASTER": waits like keepalived */
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	ck_assert_uint_eq(armed(VRRP_TIMER_MASTER_DOWN), 3003906);
	c.init_master = true;
	f = started(&c);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
	ck_assert_int_eq(sent(), 255);
	ck_assert(acts.a[find(VRRP_ACT_VIPS_ADD, -1)].accept);	/* owner always accepts */
	ck_assert_int_eq(notified(), VRRP_STATE_MASTER);
	/* Weights never move an owner. */
	f = prio(&c, f, 100);
	ck_assert_uint_eq(f.priority, 255);
	/* An instance that is not the owner honours no_accept. */
	c = conf(100);
	c.accept = false;
	f = master(&c);
	ck_assert(!acts.a[find(VRRP_ACT_VIPS_ADD, -1)].accept);
}
END_TEST

START_TEST(master_yields_to_higher)
{
	struct vrrp_fsm_conf c = conf(100);
	struct vrrp_fsm f = master(&c);

	f = advert(&c, f, 150, "192.0.2.20", S, 5 * S);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	ck_assert_int_eq(sent(), -1);	/* no priority 0 when yielding */
	ck_assert_int_ge(find(VRRP_ACT_TIMER_STOP, VRRP_TIMER_ADVER), 0);
	ck_assert_int_ge(find(VRRP_ACT_TIMER_STOP, VRRP_TIMER_GARP), 0);
	ck_assert_int_ge(find(VRRP_ACT_TIMER_STOP, VRRP_TIMER_GARP_REFRESH), 0);
	ck_assert_int_ge(find(VRRP_ACT_TIMER_STOP, VRRP_TIMER_GARP_EXTRA), 0);
	ck_assert_int_ge(find(VRRP_ACT_VIPS_DEL, -1), 0);
	ck_assert_uint_eq(armed(VRRP_TIMER_MASTER_DOWN), 3609375);
	ck_assert_int_eq(notified(), VRRP_STATE_BACKUP);
	/* keepalived's higher_prio_send_advert: one advert of ours first. */
	c.higher_prio_send_advert = true;
	f = master(&c);
	f = advert(&c, f, 150, "192.0.2.20", S, 5 * S);
	ck_assert_int_eq(find(VRRP_ACT_SEND_ADVERT, -1), 0);
	ck_assert_int_eq(sent(), 100);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
}
END_TEST

START_TEST(tie_break_by_address)
{
	struct vrrp_fsm_conf c = conf(100);
	struct vrrp_fsm f = master(&c);

	/* Equal priority, lower address (numerically: .9 < .10): we stay. */
	f = advert(&c, f, 100, "192.0.2.9", S, 5 * S);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
	ck_assert_int_eq(sent(), 100);
	/* Equal priority, higher address: it wins. */
	f = advert(&c, f, 100, "192.0.2.11", S, 5 * S);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	/* In BACKUP an equal priority is simply accepted (RFC 5798 6.4.2). */
	f = advert(&c, f, 100, "192.0.2.9", S, 6 * S);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	ck_assert_uint_eq(armed(VRRP_TIMER_MASTER_DOWN), 3609375);
}
END_TEST

START_TEST(master_sees_lower)
{
	struct vrrp_fsm_conf c = conf(150);
	struct vrrp_fsm f = master(&c);

	c.garp_lower_prio_repeat = 2;
	c.garp_lower_prio_delay_us = 3 * S;
	f = advert(&c, f, 100, "192.0.2.20", S, 5 * S);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
	ck_assert_int_eq(sent(), 150);	/* answered at once (RFC 9568) */
	ck_assert_uint_eq(armed(VRRP_TIMER_ADVER), S);
	ck_assert_int_ge(find(VRRP_ACT_NOTIFY_RX_LOWER, -1), 0);
	ck_assert_uint_eq(acts.a[find(VRRP_ACT_GARP, -1)].count, 2);
	ck_assert_uint_eq(armed(VRRP_TIMER_GARP), 3 * S);
	f = timer(&c, f, VRRP_TIMER_GARP, 8 * S);
	ck_assert_uint_eq(acts.a[find(VRRP_ACT_GARP, -1)].count, 2);
	f = timer(&c, f, VRRP_TIMER_GARP, 9 * S);
	ck_assert_uint_eq(acts.n, 0);
	/* lower_prio_no_advert: no advert back, GARP still goes. */
	c.lower_prio_no_advert = true;
	f = advert(&c, f, 100, "192.0.2.20", S, 10 * S);
	ck_assert_int_eq(sent(), -1);
	ck_assert_int_ge(find(VRRP_ACT_GARP, -1), 0);
	/* No lower-priority GARP configured: none. */
	c.garp_lower_prio_repeat = 0;
	f = advert(&c, f, 100, "192.0.2.20", S, 11 * S);
	ck_assert_int_eq(find(VRRP_ACT_GARP, -1), -1);
	ck_assert_int_eq(find(VRRP_ACT_TIMER_ARM, VRRP_TIMER_GARP), -1);
}
END_TEST

START_TEST(priority_zero)
{
	struct vrrp_fsm_conf c = conf(100);
	struct vrrp_fsm f = master(&c);

	f = advert(&c, f, 0, "192.0.2.20", S, 5 * S);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
	ck_assert_int_eq(sent(), 100);
	ck_assert_uint_eq(armed(VRRP_TIMER_ADVER), S);
	f = started(&c);
	f = advert(&c, f, 0, "192.0.2.20", S, 1 * S);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	ck_assert_uint_eq(armed(VRRP_TIMER_MASTER_DOWN), 609375);	/* Skew_Time */
	c = conf(150);
	c.version = 3;
	c.adver_int_us = S / 10;
	f = started(&c);
	f = advert(&c, f, 0, "192.0.2.20", S / 10, 1 * S);
	ck_assert_uint_eq(armed(VRRP_TIMER_MASTER_DOWN), 41406);
}
END_TEST

START_TEST(backup_preempt)
{
	struct vrrp_fsm_conf c = conf(100);
	struct vrrp_fsm f = started(&c);

	f = advert(&c, f, 50, "192.0.2.20", S, 1 * S);
	ck_assert_uint_eq(acts.n, 0);	/* discarded: the down timer runs out */
	f = advert(&c, f, 200, "192.0.2.20", S, 2 * S);
	ck_assert_uint_eq(armed(VRRP_TIMER_MASTER_DOWN), 3609375);
	/* nopreempt: a lower master is followed like any other. */
	c.nopreempt = true;
	f = started(&c);
	f = advert(&c, f, 50, "192.0.2.20", S, 1 * S);
	ck_assert_uint_eq(armed(VRRP_TIMER_MASTER_DOWN), 3609375);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
}
END_TEST

START_TEST(preempt_delay)
{
	struct vrrp_fsm_conf c = conf(128);
	struct vrrp_fsm f;

	c.preempt_delay_us = 2 * S;
	/* No master at all: the delay holds nothing up (3.5 s). */
	f = started(&c);
	ck_assert_uint_eq(armed(VRRP_TIMER_MASTER_DOWN), 3500000);
	/* A lower master is accepted until the delay from startup is over. */
	f = advert(&c, f, 50, "192.0.2.20", S, 1 * S);
	ck_assert_uint_eq(armed(VRRP_TIMER_MASTER_DOWN), 3500000);
	f = advert(&c, f, 50, "192.0.2.20", S, 2 * S - 1);
	ck_assert_uint_eq(acts.n, 1);
	f = advert(&c, f, 50, "192.0.2.20", S, 2 * S);
	ck_assert_uint_eq(acts.n, 0);
	f = timer(&c, f, VRRP_TIMER_MASTER_DOWN, 2 * S - 1 + 3500000);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
	ck_assert_uint_eq(f.preempt_at_us, 0);
	/* After a higher master, a new lower one starts a fresh delay. */
	f = advert(&c, f, 200, "192.0.2.30", S, 10 * S);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	f = advert(&c, f, 50, "192.0.2.20", S, 20 * S);
	ck_assert_uint_eq(f.preempt_at_us, 22 * S);
	ck_assert_uint_eq(acts.n, 1);
	f = advert(&c, f, 50, "192.0.2.20", S, 22 * S);
	ck_assert_uint_eq(acts.n, 0);
	/* nopreempt wins over preempt_delay. */
	c.nopreempt = true;
	f = started(&c);
	ck_assert_uint_eq(f.preempt_at_us, 0);
	f = advert(&c, f, 50, "192.0.2.20", S, 100 * S);
	ck_assert_uint_eq(acts.n, 1);
}
END_TEST

START_TEST(v3_learns_interval)
{
	struct vrrp_fsm_conf c = conf(100);
	struct vrrp_fsm f;

	c.version = 3;
	f = started(&c);
	f = advert(&c, f, 200, "192.0.2.20", S / 2, 1 * S);
	ck_assert_uint_eq(f.master_adver_int_us, S / 2);
	ck_assert_uint_eq(armed(VRRP_TIMER_MASTER_DOWN), 1500000 + 304687);
	/* Our own interval is what we send with as master. */
	f = timer(&c, f, VRRP_TIMER_MASTER_DOWN, 3 * S);
	ck_assert_uint_eq(armed(VRRP_TIMER_ADVER), S);
	/* A master yielding learns the winner's interval too. */
	f = advert(&c, f, 200, "192.0.2.20", S / 10, 4 * S);
	ck_assert_uint_eq(armed(VRRP_TIMER_MASTER_DOWN), 300000 + 60937);
	/* v2 keeps its own interval whatever the advert says. */
	c.version = 2;
	f = started(&c);
	f = advert(&c, f, 200, "192.0.2.20", S / 2, 1 * S);
	ck_assert_uint_eq(armed(VRRP_TIMER_MASTER_DOWN), 3609375);
}
END_TEST

START_TEST(priority_change)
{
	struct vrrp_fsm_conf c = conf(100);
	struct vrrp_fsm f = started(&c);

	ck_assert_uint_eq(vrrp_fsm_effective_priority(100, 50), 150);
	ck_assert_uint_eq(vrrp_fsm_effective_priority(100, -120), 1);
	ck_assert_uint_eq(vrrp_fsm_effective_priority(100, 200), 254);
	ck_assert_uint_eq(vrrp_fsm_effective_priority(255, -50), 255);
	f = prio(&c, f, 150);
	ck_assert_uint_eq(f.priority, 150);
	ck_assert_uint_eq(acts.n, 0);
	f = advert(&c, f, 0, "192.0.2.20", S, 1 * S);
	ck_assert_uint_eq(armed(VRRP_TIMER_MASTER_DOWN), 414062);
	/* The priority decides preemption: 150 now beats a 120 master. */
	f = advert(&c, f, 120, "192.0.2.20", S, 2 * S);
	ck_assert_uint_eq(acts.n, 0);
	f = prio(&c, f, 0);
	ck_assert_uint_eq(f.priority, 1);
	f = prio(&c, f, 255);
	ck_assert_uint_eq(f.priority, 254);
	/* A master sends its new priority with the next advert. */
	f = master(&c);
	f = prio(&c, f, 90);
	f = timer(&c, f, VRRP_TIMER_ADVER, 5 * S);
	ck_assert_int_eq(sent(), 90);
	f = advert(&c, f, 95, "192.0.2.20", S, 6 * S);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
}
END_TEST

START_TEST(fault_and_recovery)
{
	struct vrrp_fsm_conf c = conf(100);
	struct vrrp_fsm f = started(&c);

	f = step(&c, f, VRRP_EV_FAULT, 1 * S);
	ck_assert_int_eq(f.state, VRRP_STATE_FAULT);
	ck_assert_int_ge(find(VRRP_ACT_TIMER_STOP, VRRP_TIMER_MASTER_DOWN), 0);
	ck_assert_int_eq(notified(), VRRP_STATE_FAULT);
	f = advert(&c, f, 50, "192.0.2.20", S, 2 * S);
	ck_assert_uint_eq(acts.n, 0);
	f = timer(&c, f, VRRP_TIMER_MASTER_DOWN, 3 * S);
	ck_assert_uint_eq(acts.n, 0);
	f = step(&c, f, VRRP_EV_FAULT, 3 * S);
	ck_assert_uint_eq(acts.n, 0);
	f = step(&c, f, VRRP_EV_RECOVER, 4 * S);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	ck_assert_uint_eq(armed(VRRP_TIMER_MASTER_DOWN), 3609375);
	ck_assert_int_eq(notified(), VRRP_STATE_BACKUP);
	/* A master leaving for FAULT says so with priority 0. */
	f = master(&c);
	f = step(&c, f, VRRP_EV_FAULT, 5 * S);
	ck_assert_int_eq(f.state, VRRP_STATE_FAULT);
	ck_assert_int_eq(sent(), 0);
	ck_assert_int_ge(find(VRRP_ACT_VIPS_DEL, -1), 0);
	ck_assert_int_ge(find(VRRP_ACT_TIMER_STOP, VRRP_TIMER_ADVER), 0);
	/* Faulty before startup: straight to FAULT. */
	vrrp_fsm_init(&f, &c);
	f = step(&c, f, VRRP_EV_FAULT, 0);
	ck_assert_uint_eq(acts.n, 0);
	ck_assert_int_eq(f.state, VRRP_STATE_INIT);
	f = step(&c, f, VRRP_EV_STARTUP, 0);
	ck_assert_int_eq(f.state, VRRP_STATE_FAULT);
	ck_assert_int_eq(notified(), VRRP_STATE_FAULT);
	/* An owner with "state MASTER" comes back as master. */
	c = conf(255);
	c.init_master = true;
	f = step(&c, started(&c), VRRP_EV_FAULT, 1 * S);
	f = step(&c, f, VRRP_EV_RECOVER, 2 * S);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
}
END_TEST

START_TEST(shutdown_sends_zero)
{
	struct vrrp_fsm_conf c = conf(100);
	struct vrrp_fsm f = master(&c);

	f = step(&c, f, VRRP_EV_SHUTDOWN, 5 * S);
	ck_assert_int_eq(f.state, VRRP_STATE_STOP);
	ck_assert_int_eq(sent(), 0);
	ck_assert_int_ge(find(VRRP_ACT_VIPS_DEL, -1), 0);
	ck_assert_int_eq(notified(), VRRP_STATE_STOP);
	f = step(&c, f, VRRP_EV_SHUTDOWN, 6 * S);
	ck_assert_uint_eq(acts.n, 0);
	f = advert(&c, f, 50, "192.0.2.20", S, 7 * S);
	ck_assert_uint_eq(acts.n, 0);
	f = step(&c, f, VRRP_EV_STARTUP, 8 * S);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	f = step(&c, f, VRRP_EV_STARTUP, 8 * S);
	ck_assert_uint_eq(acts.n, 0);
	f = step(&c, f, VRRP_EV_SHUTDOWN, 9 * S);
	ck_assert_int_eq(f.state, VRRP_STATE_STOP);
	ck_assert_int_eq(sent(), -1);
	ck_assert_int_ge(find(VRRP_ACT_TIMER_STOP, VRRP_TIMER_MASTER_DOWN), 0);
	ck_assert_str_eq(vrrp_state_name(VRRP_STATE_STOP), "STOP");
	ck_assert_str_eq(vrrp_state_name(VRRP_STATE_MASTER), "MASTER");
	ck_assert_str_eq(vrrp_state_name(VRRP_STATE_COUNT), "UNKNOWN");
}
END_TEST

START_TEST(periodic_due_keeps_cadence)
{
	/* on time, a little late, late by just under and over an interval */
	ck_assert_uint_eq(vrrp_fsm_due_us(true, 1000000, 100000, 1000000), 1100000);
	ck_assert_uint_eq(vrrp_fsm_due_us(true, 1000000, 100000, 1004000), 1100000);
	ck_assert_uint_eq(vrrp_fsm_due_us(true, 1000000, 100000, 1099999), 1100000);
	ck_assert_uint_eq(vrrp_fsm_due_us(true, 1000000, 100000, 1100000), 1200000);
	/* late by more: the missed slots are skipped, the phase kept */
	ck_assert_uint_eq(vrrp_fsm_due_us(true, 1000000, 100000, 1350000), 1400000);
	ck_assert_uint_eq(vrrp_fsm_due_us(true, 1000000, 100000, 1399999), 1400000);
	ck_assert_uint_eq(vrrp_fsm_due_us(true, 1000000, 100000, 1400000), 1500000);
	/* two instances a stall held up keep their distinct slots */
	ck_assert_uint_ne(vrrp_fsm_due_us(true, 1000000, 100000, 1350000),
			  vrrp_fsm_due_us(true, 1003000, 100000, 1350000));
	/* a first arm counts from now, rounded up to the next grain */
	ck_assert_uint_eq(vrrp_fsm_due_us(false, 1000000, 100000, 1004000), 1104000);
	ck_assert_uint_eq(vrrp_fsm_due_us(false, 0, 100000, 1004001), 1105000);
	/* two instances armed within one grain share the deadline */
	ck_assert_uint_eq(vrrp_fsm_due_us(false, 0, 100000, 2000100),
			  vrrp_fsm_due_us(false, 0, 100000, 2000900));
}
END_TEST

START_TEST(adver_due_on_a_coarse_grid)
{
	/* a first advert timer: the slot of its key (5 of 20 ms in 0.1 s),
	 * within one interval */
	ck_assert_uint_eq(vrrp_fsm_adver_due_us(false, 0, 100000, 1004000, 0), 1100000);
	ck_assert_uint_eq(vrrp_fsm_adver_due_us(false, 0, 100000, 1004000, 1), 1020000);
	ck_assert_uint_eq(vrrp_fsm_adver_due_us(false, 0, 100000, 1004000, 6), 1020000);
	ck_assert_uint_eq(vrrp_fsm_adver_due_us(false, 0, 100000, 1099999, 4), 1180000);
	ck_assert_uint_eq(vrrp_fsm_adver_due_us(false, 0, 100000, 1100000, 1), 1120000);
	for (unsigned key = 0; key < 30; key++) {
		uint64_t d = vrrp_fsm_adver_due_us(false, 0, 100000, 1234567, key);

		ck_assert_uint_gt(d, 1234567);
		ck_assert_uint_le(d, 1334567);
		ck_assert_uint_eq(d % 20000, 0);
		ck_assert_uint_eq(d / 20000 % 5, key % 5);
	}
	/* 3 grains do not divide by 5, nor by 4: 3 slots of 10 ms */
	ck_assert_uint_eq(vrrp_fsm_adver_due_us(false, 0, 30000, 1000500, 2), 1010000);
	/* periodic: the cadence kept, late or missed slots as before */
	ck_assert_uint_eq(vrrp_fsm_adver_due_us(true, 1100000, 100000, 1100300, 7), 1200000);
	ck_assert_uint_eq(vrrp_fsm_adver_due_us(true, 1100000, 100000, 1350000, 7), 1400000);
	/* a periodic timer off the grid (armed before) moves onto its slot */
	ck_assert_uint_eq(vrrp_fsm_adver_due_us(true, 1104000, 100000, 1104100, 2), 1140000);
	/* an interval off the grain's multiples keeps the fine grid, so its
	 * period is not stretched */
	ck_assert_uint_eq(vrrp_fsm_adver_due_us(true, 1000000, 15000, 1000000, 1), 1015000);
	ck_assert_uint_eq(vrrp_fsm_adver_due_us(false, 0, 15000, 1000100, 1), 1016000);
}
END_TEST

START_TEST(garp_timers)
{
	struct vrrp_fsm_conf c = conf(100);
	struct vrrp_fsm f;

	c.garp_master_refresh_us = 60 * S;
	c.garp_master_refresh_repeat = 2;
	f = master(&c);
	ck_assert_uint_eq(armed(VRRP_TIMER_GARP_REFRESH), 60 * S);
	f = timer(&c, f, VRRP_TIMER_GARP, 9 * S);
	ck_assert_uint_eq(acts.n, 1);
	ck_assert_uint_eq(acts.a[0].count, 5);
	f = timer(&c, f, VRRP_TIMER_GARP, 10 * S);
	ck_assert_uint_eq(acts.n, 0);
	f = timer(&c, f, VRRP_TIMER_GARP_REFRESH, 64 * S);
	ck_assert_uint_eq(acts.a[find(VRRP_ACT_GARP, -1)].count, 2);
	ck_assert_uint_eq(armed(VRRP_TIMER_GARP_REFRESH), 60 * S);
	ck_assert_int_eq(find(VRRP_ACT_TIMER_ARM, VRRP_TIMER_GARP_EXTRA), -1);	/* not asked */
	/* garp_extra_if: armed as master, one round and armed again */
	c.garp_extra_us = 100 * S;
	f = master(&c);
	ck_assert_uint_eq(armed(VRRP_TIMER_GARP_EXTRA), 100 * S);
	f = timer(&c, f, VRRP_TIMER_GARP_EXTRA, 104 * S);
	ck_assert_int_ge(find(VRRP_ACT_GARP_EXTRA, -1), 0);
	ck_assert_int_eq(find(VRRP_ACT_GARP, -1), -1);
	ck_assert_uint_eq(armed(VRRP_TIMER_GARP_EXTRA), 100 * S);
	c.garp_extra_us = 0;
	/* vrrp_garp_master_delay 0: one burst only. */
	c.garp_master_delay_us = 0;
	f = master(&c);
	ck_assert_int_eq(find(VRRP_ACT_TIMER_ARM, VRRP_TIMER_GARP), -1);
	ck_assert_uint_eq(f.garp_pending, 0);
}
END_TEST

START_TEST(ipvs_sync_roles)
{
	struct vrrp_fsm_conf c = conf(100);
	struct vrrp_fsm f;

	c.ipvs_sync = true;
	f = started(&c);
	ck_assert_int_eq(acts.a[find(VRRP_ACT_SYNCD, -1)].syncd, VRRP_SYNCD_BACKUP);
	f = timer(&c, f, VRRP_TIMER_MASTER_DOWN, 4 * S);
	ck_assert_int_eq(acts.a[find(VRRP_ACT_SYNCD, -1)].syncd, VRRP_SYNCD_MASTER);
	f = step(&c, f, VRRP_EV_FAULT, 5 * S);
	ck_assert_int_eq(acts.a[find(VRRP_ACT_SYNCD, -1)].syncd, VRRP_SYNCD_BACKUP);
	f = step(&c, f, VRRP_EV_RECOVER, 6 * S);	/* FAULT -> BACKUP: same role */
	ck_assert_int_eq(find(VRRP_ACT_SYNCD, -1), -1);
	f = step(&c, f, VRRP_EV_SHUTDOWN, 7 * S);
	ck_assert_int_eq(acts.a[find(VRRP_ACT_SYNCD, -1)].syncd, VRRP_SYNCD_STOP);
}
END_TEST

START_TEST(own_advert_ignored)
{
	struct vrrp_fsm_conf c = conf(100);
	struct vrrp_fsm f = master(&c);

	f = advert(&c, f, 100, "192.0.2.10", S, 5 * S);
	ck_assert_uint_eq(acts.n, 0);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
}
END_TEST

/* A sync group driver for the tests: feeds each plan back until quiet and
 * counts notifications, so flapping would show. */
struct group {
	struct vrrp_fsm_conf c[3];
	struct vrrp_fsm f[3];
	unsigned notifies;
};

static void group_event(struct group *g, size_t i, enum vrrp_event_type type, uint64_t now)
{
	struct vrrp_event ev = { .type = type };
	enum vrrp_state from = g->f[i].state;
	struct vrrp_sync_member m[3];
	enum vrrp_event_type out[3];

	if (type == VRRP_EV_TIMER)
		ev.timer = VRRP_TIMER_MASTER_DOWN;
	vrrp_fsm_step(&g->c[i], &g->f[i], &ev, now, &g->f[i], &acts);
	g->notifies += find(VRRP_ACT_NOTIFY, -1) >= 0;
	for (size_t j = 0; j < 3; j++) {
		m[j].state = g->f[j].state;
		m[j].faults = g->f[j].faults;
	}
	if (vrrp_sync_plan(m, 3, i, from, out) == 0)
		return;
	for (size_t j = 0; j < 3; j++)
		if (out[j] != VRRP_EV_NONE)
			group_event(g, j, out[j], now);
}

static void group_states(const struct group *g, enum vrrp_state a, enum vrrp_state b,
			 enum vrrp_state c)
{
	ck_assert_int_eq(g->f[0].state, a);
	ck_assert_int_eq(g->f[1].state, b);
	ck_assert_int_eq(g->f[2].state, c);
}

START_TEST(sync_group)
{
	struct group g = { .notifies = 0 };

	for (size_t i = 0; i < 3; i++) {
		g.c[i] = conf(100);
		vrrp_fsm_init(&g.f[i], &g.c[i]);
		group_event(&g, i, VRRP_EV_STARTUP, 0);
	}
	group_states(&g, VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, VRRP_STATE_BACKUP);
	/* One member's down timer takes all to MASTER. */
	g.notifies = 0;
	group_event(&g, 1, VRRP_EV_TIMER, 4 * S);
	group_states(&g, VRRP_STATE_MASTER, VRRP_STATE_MASTER, VRRP_STATE_MASTER);
	ck_assert_uint_eq(g.notifies, 3);
	/* One member seeing a higher master takes all to BACKUP. */
	acts.n = 0;
	{
		struct vrrp_event ev = { .type = VRRP_EV_ADVERT, .priority = 200 };
		struct vrrp_sync_member m[3];
		enum vrrp_event_type out[3];

		vrrp_ip_parse("192.0.2.99", &ev.src);
		vrrp_fsm_step(&g.c[2], &g.f[2], &ev, 5 * S, &g.f[2], &acts);
		for (size_t j = 0; j < 3; j++) {
			m[j].state = g.f[j].state;
			m[j].faults = g.f[j].faults;
		}
		ck_assert_uint_eq(vrrp_sync_plan(m, 3, 2, VRRP_STATE_MASTER, out), 2);
		ck_assert_int_eq(out[0], VRRP_EV_SYNC_BACKUP);
		ck_assert_int_eq(out[1], VRRP_EV_SYNC_BACKUP);
		ck_assert_int_eq(out[2], VRRP_EV_NONE);
		for (size_t j = 0; j < 2; j++)
			group_event(&g, j, out[j], 5 * S);
	}
	group_states(&g, VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, VRRP_STATE_BACKUP);
	/* A fault in one member holds all in FAULT, each notified once. */
	g.notifies = 0;
	group_event(&g, 0, VRRP_EV_FAULT, 6 * S);
	group_states(&g, VRRP_STATE_FAULT, VRRP_STATE_FAULT, VRRP_STATE_FAULT);
	ck_assert_uint_eq(g.notifies, 3);
	group_event(&g, 2, VRRP_EV_FAULT, 7 * S);
	/* The first recovers while the third is still down: nobody moves. */
	g.notifies = 0;
	group_event(&g, 0, VRRP_EV_RECOVER, 8 * S);
	group_states(&g, VRRP_STATE_FAULT, VRRP_STATE_FAULT, VRRP_STATE_FAULT);
	ck_assert_uint_eq(g.notifies, 0);
	group_event(&g, 2, VRRP_EV_RECOVER, 9 * S);
	group_states(&g, VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, VRRP_STATE_BACKUP);
	ck_assert_uint_eq(g.notifies, 3);
	for (size_t i = 0; i < 3; i++)
		ck_assert_uint_eq(g.f[i].faults, 0);
}
END_TEST

START_TEST(sync_plan_idempotent)
{
	struct vrrp_sync_member m[2] = {
		{ VRRP_STATE_FAULT, VRRP_FAULT_SELF }, { VRRP_STATE_FAULT, VRRP_FAULT_GROUP },
	};
	enum vrrp_event_type out[2];

	ck_assert_uint_eq(vrrp_sync_plan(m, 2, 0, VRRP_STATE_BACKUP, out), 0);
	m[1].faults = 0;
	m[1].state = VRRP_STATE_MASTER;
	ck_assert_uint_eq(vrrp_sync_plan(m, 2, 0, VRRP_STATE_BACKUP, out), 1);
	ck_assert_int_eq(out[1], VRRP_EV_SYNC_FAULT);
	ck_assert_int_eq(out[0], VRRP_EV_NONE);
	/* A FAULT -> BACKUP trigger moves nobody else. */
	m[0] = (struct vrrp_sync_member){ VRRP_STATE_BACKUP, 0 };
	m[1] = (struct vrrp_sync_member){ VRRP_STATE_BACKUP, 0 };
	ck_assert_uint_eq(vrrp_sync_plan(m, 2, 0, VRRP_STATE_FAULT, out), 0);
}
END_TEST

Suite *vrrp_fsm_suite(void)
{
	Suite *s = suite_create("vrrp_fsm");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, timer_values);
	tcase_add_test(tc, startup_backup_then_master);
	tcase_add_test(tc, startup_owner);
	tcase_add_test(tc, master_yields_to_higher);
	tcase_add_test(tc, tie_break_by_address);
	tcase_add_test(tc, master_sees_lower);
	tcase_add_test(tc, priority_zero);
	tcase_add_test(tc, backup_preempt);
	tcase_add_test(tc, preempt_delay);
	tcase_add_test(tc, v3_learns_interval);
	tcase_add_test(tc, priority_change);
	tcase_add_test(tc, fault_and_recovery);
	tcase_add_test(tc, shutdown_sends_zero);
	tcase_add_test(tc, garp_timers);
	tcase_add_test(tc, periodic_due_keeps_cadence);
	tcase_add_test(tc, adver_due_on_a_coarse_grid);
	tcase_add_test(tc, ipvs_sync_roles);
	tcase_add_test(tc, own_advert_ignored);
	tcase_add_test(tc, sync_group);
	tcase_add_test(tc, sync_plan_idempotent);
	tcase_add_test(tc, read_slack);
	tcase_add_test(tc, resign_master);
	suite_add_tcase(s, tc);
	return s;
}
