// SPDX-License-Identifier: GPL-2.0-or-later
/* The VRRP state machine as a pure function (RFC 5798 6.4, RFC 9568 6.4,
 * RFC 3768 6.4, with keepalived's documented extensions):
 *
 *   vrrp_fsm_step(conf, state, event, now) -> new state + actions
 *
 * No clocks, sockets or netlink: the caller feeds events (adverts decoded
 * by vrrp_pkt, timers that fired, tracking results) and carries out the
 * actions in order. Times are microseconds; timer actions are relative.
 *
 * Timers (RFC 5798 6.1, keepalived's down_timer_adverts for the 3):
 *   Skew_Time            = ((256 - Priority) * Master_Adver_Interval) / 256
 *   Master_Down_Interval = down_timer_adverts * Master_Adver_Interval + Skew_Time
 * computed in microseconds, truncated; v3 learns Master_Adver_Interval from
 * the master's adverts while BACKUP, v2 keeps its own interval. */
#ifndef KEEL_VRRP_FSM_H
#define KEEL_VRRP_FSM_H

#include <stdbool.h>
#include <stdint.h>

#include "vrrp_addr.h"

enum vrrp_state {
	VRRP_STATE_INIT = 0,	/* configured, not started */
	VRRP_STATE_BACKUP,
	VRRP_STATE_MASTER,
	VRRP_STATE_FAULT,	/* interface or tracked object down */
	VRRP_STATE_STOP,	/* shut down; STARTUP starts it again */
	VRRP_STATE_COUNT
};

enum vrrp_timer {
	VRRP_TIMER_ADVER = 0,		/* MASTER: next advert */
	VRRP_TIMER_MASTER_DOWN,		/* BACKUP: the master is gone */
	VRRP_TIMER_GARP,		/* MASTER: delayed second GARP/NA burst */
	VRRP_TIMER_GARP_REFRESH,	/* MASTER: periodic GARP/NA refresh */
	VRRP_TIMER_GARP_EXTRA,		/* MASTER: garp_extra_if's periodic GARP/NA */
	VRRP_TIMER_COUNT
};

enum vrrp_syncd_role {
	VRRP_SYNCD_STOP = 0,
	VRRP_SYNCD_MASTER,
	VRRP_SYNCD_BACKUP,
};

/* Bits of vrrp_fsm.faults: FAULT is left only when both are clear. */
#define VRRP_FAULT_SELF 0x1	/* our interface or a tracked object failed */
#define VRRP_FAULT_GROUP 0x2	/* another sync group member is in fault */

/* Per instance, read only. vrrp_fsm_conf_init() sets keepalived's defaults;
 * a zeroed struct is not usable (interval 0). */
struct vrrp_fsm_conf {
	uint8_t version;		/* 2 or 3 */
	uint8_t priority;		/* configured priority 1..255, 255 = owner */
	uint32_t adver_int_us;		/* Advertisement_Interval */
	struct vrrp_ip primary;		/* our primary address: tie-break, own adverts */
	bool init_master;		/* "state MASTER": an owner starts as master */
	bool nopreempt;
	uint64_t preempt_delay_us;	/* accept a lower master this long first */
	bool accept;			/* accept mode; the owner always accepts */
	uint8_t down_timer_adverts;	/* the RFC's 3; 1..100 */
	bool lower_prio_no_advert;	/* MASTER: no advert back to a lower one */
	bool higher_prio_send_advert;	/* MASTER: one advert before yielding */
	uint64_t garp_master_delay_us;	/* second burst after becoming master; 0: none */
	uint8_t garp_master_repeat;
	uint64_t garp_lower_prio_delay_us;
	uint8_t garp_lower_prio_repeat;	/* burst on a lower priority advert; 0: none */
	uint64_t garp_master_refresh_us;	/* 0: no refresh */
	uint64_t garp_extra_us;			/* garp_extra_if; 0: none */
	uint8_t garp_master_refresh_repeat;
	bool ipvs_sync;			/* drive the IPVS sync daemon role */
};

/* The runtime variables of one instance: a value, copied by each step. */
struct vrrp_fsm {
	enum vrrp_state state;
	uint8_t priority;		/* effective: configured plus tracking weights */
	uint8_t faults;			/* VRRP_FAULT_* */
	uint32_t master_adver_int_us;	/* Master_Adver_Interval */
	uint64_t preempt_at_us;		/* preempt_delay end; 0: not running */
	uint8_t garp_pending;		/* burst size for VRRP_TIMER_GARP */
};

enum vrrp_event_type {
	VRRP_EV_NONE = 0,
	VRRP_EV_STARTUP,
	VRRP_EV_SHUTDOWN,
	VRRP_EV_ADVERT,		/* a valid advert for our VRID */
	VRRP_EV_TIMER,		/* .timer fired */
	VRRP_EV_FAULT,		/* interface or tracked object failed */
	VRRP_EV_RECOVER,	/* all of them are up again */
	VRRP_EV_PRIORITY,	/* .priority: new effective priority */
	VRRP_EV_SYNC_MASTER,	/* sync group: follow a member to MASTER */
	VRRP_EV_SYNC_BACKUP,	/* sync group: follow a member to BACKUP */
	VRRP_EV_SYNC_FAULT,	/* sync group: another member is in fault */
	VRRP_EV_SYNC_RECOVER,	/* sync group: no other member is in fault */
	VRRP_EV_RESIGN,		/* a master's virtual route/rule was deleted */
};

struct vrrp_event {
	enum vrrp_event_type type;
	enum vrrp_timer timer;		/* TIMER */
	uint8_t priority;		/* ADVERT: sender's; PRIORITY: new effective */
	uint32_t adver_int_us;		/* ADVERT: the interval it carries */
	struct vrrp_ip src;		/* ADVERT: sender's address (IP source) */
};

enum vrrp_action_type {
	VRRP_ACT_SEND_ADVERT,	/* .priority (0: we are leaving) */
	VRRP_ACT_TIMER_ARM,	/* .timer fires after .usec */
	VRRP_ACT_TIMER_STOP,	/* .timer */
	VRRP_ACT_VIPS_ADD,	/* .accept: answer for the VIPs (accept mode) */
	VRRP_ACT_VIPS_DEL,
	VRRP_ACT_GARP,		/* .count gratuitous ARPs / unsolicited NAs */
	VRRP_ACT_GARP_EXTRA,	/* one each for the VIPs off the advert interface */
	VRRP_ACT_NOTIFY,	/* entered .state with .priority: notify scripts */
	VRRP_ACT_NOTIFY_RX_LOWER, /* MASTER got a lower advert (MASTER_RX_LOWER_PRI) */
	VRRP_ACT_SYNCD,		/* .syncd: IPVS sync daemon role */
};

struct vrrp_action {
	enum vrrp_action_type type;
	enum vrrp_timer timer;
	uint64_t usec;
	uint8_t priority;
	uint8_t count;
	bool accept;
	enum vrrp_state state;
	enum vrrp_syncd_role syncd;
};

#define VRRP_ACTIONS_MAX 16

struct vrrp_actions {
	unsigned n;
	struct vrrp_action a[VRRP_ACTIONS_MAX];
};

/* keepalived's defaults: v2, priority 100, 1 s, down_timer_adverts 3,
 * GARP 5 at once and 5 more after 5 s, lower priority GARP as master's,
 * refresh off (1 at a time when on). */
void vrrp_fsm_conf_init(struct vrrp_fsm_conf *c);

/* INIT, effective priority = configured, Master_Adver_Interval = ours. */
void vrrp_fsm_init(struct vrrp_fsm *f, const struct vrrp_fsm_conf *c);

/* One event: *out (which may be in) gets the new variables, *acts what to
 * do, in order. Events that mean nothing in the state give no action. */
void vrrp_fsm_step(const struct vrrp_fsm_conf *c, const struct vrrp_fsm *in,
		   const struct vrrp_event *ev, uint64_t now_us, struct vrrp_fsm *out,
		   struct vrrp_actions *acts);

uint64_t vrrp_fsm_skew_us(uint8_t priority, uint32_t adver_int_us);

/* Timers fall on a grid of this many microseconds, so instances that
 * became master within the same millisecond share one wake-up of the loop
 * (with 100 instances at advert_int 0.1 that halves the system calls per
 * advert) at the price of firing under a millisecond late. */
#define VRRP_TIMER_GRAIN_US 1000u

/* When a timer armed at now_us for interval_us is due, on the grid.
 * periodic: it is re-armed from its own expiry, which was due at last_us;
 * it is then due one interval after that, so a late wake-up does not push
 * every later advert back; after a whole interval of lateness it skips
 * the slots it missed rather than sending a burst to catch up, and keeps
 * its phase: restarting from now would put every instance a stall held
 * up on the same millisecond, to be sent one after the other (in an order
 * that changes each round) from then on. */
uint64_t vrrp_fsm_due_us(bool periodic, uint64_t last_us, uint64_t interval_us,
			 uint64_t now_us);

/* Adverts fall on a grid when their interval is a multiple of this
 * grain, as every VRRPv3 interval in centiseconds is, so the loop wakes
 * a few times per interval however many masters it runs (each wake-up
 * cost more than an advert's send under emulation: 800 a second for 100
 * masters at 0.1 s doubled keeld's CPU against keepalived's). */
#define VRRP_ADVER_GRAIN_US 10000u

/* The interval is cut into this many slots (fewer when its grains do not
 * divide by it), and a master's adverts go in the slot its key (the
 * VRID) picks: the masters of a slot send in one wake-up of the thread.
 * 100 masters at 0.1 s, lab, 20 s each, one run: 10 slots (one per
 * grain) 4.09 CPU s, advert jitter p99 6.4 ms beside 10,000 checks; 5
 * slots 2.49 s, 7.6 ms; one slot 1.47 s, 16.2 ms (a burst of 100 sends
 * is long enough for the busy checks thread to cut into it). */
#define VRRP_ADVER_SLOTS 5u

/* vrrp_fsm_due_us for the advert timer. A first arming picks the slot
 * key selects, no later than now + interval: an advert a little early
 * never lets a backup's master down timer expire. Periodic ones stay on
 * it. The masters of a slot send in the order of the instances, so each
 * keeps its place in the burst from round to round. */
uint64_t vrrp_fsm_adver_due_us(bool periodic, uint64_t last_us, uint64_t interval_us,
			       uint64_t now_us, unsigned key);
uint64_t vrrp_fsm_down_us(const struct vrrp_fsm_conf *c, uint8_t priority,
			  uint32_t adver_int_us);

/* How long an advert may wait unread without changing what the instance
 * does, when its timers run from the advert's arrival: a backup's only
 * deadline is a timer, the shortest Skew_Time (after a priority 0
 * advert), of which this is a quarter; any other state answers an advert
 * at once (a master yields to a higher one): 0. */
uint64_t vrrp_fsm_read_slack_us(const struct vrrp_fsm *f);

/* Configured priority plus the sum of tracking weights, kept in 1..254;
 * an owner (255) stays 255 (keepalived: weights never move it). */
uint8_t vrrp_fsm_effective_priority(uint8_t base, int weight);

/* "INIT", "BACKUP", "MASTER", "FAULT", "STOP": as notify scripts get them. */
const char *vrrp_state_name(enum vrrp_state s);

#endif
