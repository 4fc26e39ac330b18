// SPDX-License-Identifier: GPL-2.0-or-later
/* The VRRP state machine; see vrrp_fsm.h. Each handler reads the event
 * and the variables in *f (already a copy), updates them and appends the
 * actions; state changes go through change_state() so that leaving and
 * entering a state always does the same work. */
#include <stdlib.h>
#include <string.h>

#include "vrrp_fsm.h"

#define USEC 1000000u

void vrrp_fsm_conf_init(struct vrrp_fsm_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->version = 2;
	c->priority = 100;
	c->adver_int_us = USEC;
	c->accept = true;
	c->down_timer_adverts = 3;
	c->garp_master_delay_us = 5ull * USEC;
	c->garp_master_repeat = 5;
	c->garp_lower_prio_delay_us = 5ull * USEC;
	c->garp_lower_prio_repeat = 5;
	c->garp_master_refresh_repeat = 1;
}

void vrrp_fsm_init(struct vrrp_fsm *f, const struct vrrp_fsm_conf *c)
{
	memset(f, 0, sizeof(*f));
	f->state = VRRP_STATE_INIT;
	f->priority = c->priority;
	f->master_adver_int_us = c->adver_int_us;
}

uint64_t vrrp_fsm_skew_us(uint8_t priority, uint32_t adver_int_us)
{
	return (uint64_t)(256 - priority) * adver_int_us / 256;
}

uint64_t vrrp_fsm_due_us(bool periodic, uint64_t last_us, uint64_t interval_us,
			 uint64_t now_us)
{
	uint64_t due = now_us + interval_us;

	if (periodic && interval_us) {
		uint64_t missed = now_us > last_us ? (now_us - last_us) / interval_us : 0;

		due = last_us + (missed + 1) * interval_us;
	}
	return (due + VRRP_TIMER_GRAIN_US - 1) / VRRP_TIMER_GRAIN_US * VRRP_TIMER_GRAIN_US;
}

uint64_t vrrp_fsm_adver_due_us(bool periodic, uint64_t last_us, uint64_t interval_us,
			       uint64_t now_us, unsigned key)
{
	uint64_t g = VRRP_ADVER_GRAIN_US, slots = VRRP_ADVER_SLOTS, step, first;

	/* off the grain's multiples, rounding each period would stretch it */
	if (interval_us < g || interval_us % g)
		return vrrp_fsm_due_us(periodic, last_us, interval_us, now_us);
	while ((interval_us / g) % slots)	/* slots of whole grains */
		slots--;
	step = interval_us / slots;
	if (periodic && last_us % step == 0)
		return vrrp_fsm_due_us(true, last_us, interval_us, now_us);
	first = now_us / step + 1;	/* the next slot after now */
	return (first + (key % slots + slots - first % slots) % slots) * step;
}

uint64_t vrrp_fsm_read_slack_us(const struct vrrp_fsm *f)
{
	if (f->state != VRRP_STATE_BACKUP)
		return 0;
	return vrrp_fsm_skew_us(f->priority, f->master_adver_int_us) / 4;
}

uint64_t vrrp_fsm_down_us(const struct vrrp_fsm_conf *c, uint8_t priority,
			  uint32_t adver_int_us)
{
	unsigned n = c->down_timer_adverts ? c->down_timer_adverts : 3;

	return (uint64_t)n * adver_int_us + vrrp_fsm_skew_us(priority, adver_int_us);
}

uint8_t vrrp_fsm_effective_priority(uint8_t base, int weight)
{
	int p = base + weight;

	if (base == 255)
		return 255;
	if (p < 1)
		return 1;
	return p > 254 ? 254 : (uint8_t)p;
}

const char *vrrp_state_name(enum vrrp_state s)
{
	static const char *const names[VRRP_STATE_COUNT] = {
		"INIT", "BACKUP", "MASTER", "FAULT", "STOP",
	};

	return (unsigned)s < VRRP_STATE_COUNT ? names[s] : "UNKNOWN";
}

/* Every path appends at most a dozen actions: overflowing is a bug here. */
static struct vrrp_action *push(struct vrrp_actions *acts, enum vrrp_action_type type)
{
	struct vrrp_action *a;

	if (acts->n >= VRRP_ACTIONS_MAX)
		abort();
	a = &acts->a[acts->n++];
	memset(a, 0, sizeof(*a));
	a->type = type;
	return a;
}

static void arm(struct vrrp_actions *acts, enum vrrp_timer t, uint64_t usec)
{
	struct vrrp_action *a = push(acts, VRRP_ACT_TIMER_ARM);

	a->timer = t;
	a->usec = usec;
}

static void stop(struct vrrp_actions *acts, enum vrrp_timer t)
{
	push(acts, VRRP_ACT_TIMER_STOP)->timer = t;
}

static void advert(struct vrrp_actions *acts, uint8_t priority)
{
	push(acts, VRRP_ACT_SEND_ADVERT)->priority = priority;
}

static void garp(struct vrrp_actions *acts, uint8_t count)
{
	if (count)
		push(acts, VRRP_ACT_GARP)->count = count;
}

static enum vrrp_syncd_role syncd_role(enum vrrp_state s)
{
	if (s == VRRP_STATE_MASTER)
		return VRRP_SYNCD_MASTER;
	if (s == VRRP_STATE_BACKUP || s == VRRP_STATE_FAULT)
		return VRRP_SYNCD_BACKUP;
	return VRRP_SYNCD_STOP;
}

static void leave(const struct vrrp_fsm *f, enum vrrp_state to, struct vrrp_actions *acts)
{
	if (f->state == VRRP_STATE_BACKUP) {
		stop(acts, VRRP_TIMER_MASTER_DOWN);
	} else if (f->state == VRRP_STATE_MASTER) {
		stop(acts, VRRP_TIMER_ADVER);
		stop(acts, VRRP_TIMER_GARP);
		stop(acts, VRRP_TIMER_GARP_REFRESH);
		stop(acts, VRRP_TIMER_GARP_EXTRA);
		/* Priority 0 lets a backup take over after Skew_Time
		 * instead of Master_Down_Interval (RFC 5798 6.4.3). */
		if (to != VRRP_STATE_BACKUP)
			advert(acts, 0);
		push(acts, VRRP_ACT_VIPS_DEL);
	}
}

/* RFC 5798 6.4.1/6.4.2: send an advert, then gratuitous ARPs, then arm. */
static void enter_master(const struct vrrp_fsm_conf *c, struct vrrp_fsm *f,
			 struct vrrp_actions *acts)
{
	push(acts, VRRP_ACT_VIPS_ADD)->accept = c->accept || c->priority == 255;
	advert(acts, f->priority);
	garp(acts, c->garp_master_repeat);
	arm(acts, VRRP_TIMER_ADVER, c->adver_int_us);
	f->garp_pending = 0;
	if (c->garp_master_delay_us && c->garp_master_repeat) {
		f->garp_pending = c->garp_master_repeat;
		arm(acts, VRRP_TIMER_GARP, c->garp_master_delay_us);
	}
	if (c->garp_master_refresh_us && c->garp_master_refresh_repeat)
		arm(acts, VRRP_TIMER_GARP_REFRESH, c->garp_master_refresh_us);
	if (c->garp_extra_us)
		arm(acts, VRRP_TIMER_GARP_EXTRA, c->garp_extra_us);
	f->preempt_at_us = 0;
}

static void change_state(const struct vrrp_fsm_conf *c, struct vrrp_fsm *f,
			 enum vrrp_state to, struct vrrp_actions *acts)
{
	enum vrrp_syncd_role before = syncd_role(f->state);
	struct vrrp_action *n;

	leave(f, to, acts);
	f->state = to;
	if (to == VRRP_STATE_MASTER)
		enter_master(c, f, acts);
	else if (to == VRRP_STATE_BACKUP)
		arm(acts, VRRP_TIMER_MASTER_DOWN,
		    vrrp_fsm_down_us(c, f->priority, f->master_adver_int_us));
	if (c->ipvs_sync && syncd_role(to) != before)
		push(acts, VRRP_ACT_SYNCD)->syncd = syncd_role(to);
	n = push(acts, VRRP_ACT_NOTIFY);
	n->state = to;
	n->priority = f->priority;
}

/* keepalived's set_vrrp_backup (a tracked virtual route or rule was
 * deleted, measured on 2.2.7): BACKUP with everything removed, priority 0
 * sent, and the down timer at Skew_Time as after a priority 0 advert: a
 * backup may take over, else this one does again in a fraction of a
 * second, adding it all back. */
static void resign(const struct vrrp_fsm_conf *c, struct vrrp_fsm *f, struct vrrp_actions *acts)
{
	change_state(c, f, VRRP_STATE_BACKUP, acts);
	advert(acts, 0);
	arm(acts, VRRP_TIMER_MASTER_DOWN, vrrp_fsm_skew_us(f->priority, f->master_adver_int_us));
}

/* RFC 5798 6.4.1 Startup, also the way back from FAULT. keepalived makes
 * an owner master at once only with "state MASTER" (which an owner
 * without a state line has: cfg_validate.c). */
static void start(const struct vrrp_fsm_conf *c, struct vrrp_fsm *f, uint64_t now,
		  struct vrrp_actions *acts)
{
	if (f->faults) {
		change_state(c, f, VRRP_STATE_FAULT, acts);
		return;
	}
	if (c->priority == 255 && c->init_master) {
		change_state(c, f, VRRP_STATE_MASTER, acts);
		return;
	}
	f->master_adver_int_us = c->adver_int_us;
	f->preempt_at_us = !c->nopreempt && c->preempt_delay_us ? now + c->preempt_delay_us : 0;
	change_state(c, f, VRRP_STATE_BACKUP, acts);
}

/* v3 follows the master's interval; v2 requires it equal to ours. */
static void learn_interval(const struct vrrp_fsm_conf *c, struct vrrp_fsm *f,
			   const struct vrrp_event *ev)
{
	f->master_adver_int_us = c->version == 3 && ev->adver_int_us ? ev->adver_int_us
								     : c->adver_int_us;
}

/* preempt_delay (keepalived): a lower master is accepted like a higher
 * one until the delay, started at startup or at the first lower advert,
 * has run out; then its adverts are ignored and the down timer fires. */
static bool accept_lower(const struct vrrp_fsm_conf *c, struct vrrp_fsm *f, uint64_t now)
{
	if (c->nopreempt)
		return true;
	if (!c->preempt_delay_us)
		return false;
	if (!f->preempt_at_us)
		f->preempt_at_us = now + c->preempt_delay_us;
	return now < f->preempt_at_us;
}

/* RFC 5798 6.4.2, Backup receiving an ADVERTISEMENT. */
static void backup_advert(const struct vrrp_fsm_conf *c, struct vrrp_fsm *f,
			  const struct vrrp_event *ev, uint64_t now, struct vrrp_actions *acts)
{
	if (ev->priority == 0) {
		arm(acts, VRRP_TIMER_MASTER_DOWN,
		    vrrp_fsm_skew_us(f->priority, f->master_adver_int_us));
		return;
	}
	if (ev->priority >= f->priority)
		f->preempt_at_us = 0;
	else if (!accept_lower(c, f, now))
		return;
	learn_interval(c, f, ev);
	arm(acts, VRRP_TIMER_MASTER_DOWN, vrrp_fsm_down_us(c, f->priority, f->master_adver_int_us));
}

/* A lower advert reaching a master means a second master: answer at once
 * (RFC 9568, keepalived unless lower_prio_no_advert) and re-announce the
 * VIPs with the lower-priority GARP burst. */
static void master_lower(const struct vrrp_fsm_conf *c, struct vrrp_fsm *f,
			 struct vrrp_actions *acts)
{
	if (!c->lower_prio_no_advert) {
		advert(acts, f->priority);
		arm(acts, VRRP_TIMER_ADVER, c->adver_int_us);
	}
	push(acts, VRRP_ACT_NOTIFY_RX_LOWER);
	garp(acts, c->garp_lower_prio_repeat);
	if (c->garp_lower_prio_delay_us && c->garp_lower_prio_repeat) {
		f->garp_pending = c->garp_lower_prio_repeat;
		arm(acts, VRRP_TIMER_GARP, c->garp_lower_prio_delay_us);
	}
}

/* RFC 5798 6.4.3, Master receiving an ADVERTISEMENT. */
static void master_advert(const struct vrrp_fsm_conf *c, struct vrrp_fsm *f,
			  const struct vrrp_event *ev, struct vrrp_actions *acts)
{
	if (ev->priority == 0) {
		advert(acts, f->priority);
		arm(acts, VRRP_TIMER_ADVER, c->adver_int_us);
		return;
	}
	if (ev->priority > f->priority ||
	    (ev->priority == f->priority && vrrp_ip_cmp(&ev->src, &c->primary) > 0)) {
		if (c->higher_prio_send_advert)
			advert(acts, f->priority);
		learn_interval(c, f, ev);
		change_state(c, f, VRRP_STATE_BACKUP, acts);
		return;
	}
	master_lower(c, f, acts);
}

static void master_timer(const struct vrrp_fsm_conf *c, struct vrrp_fsm *f,
			 enum vrrp_timer t, struct vrrp_actions *acts)
{
	switch (t) {
	case VRRP_TIMER_ADVER:
		advert(acts, f->priority);
		arm(acts, VRRP_TIMER_ADVER, c->adver_int_us);
		break;
	case VRRP_TIMER_GARP:
		garp(acts, f->garp_pending);
		f->garp_pending = 0;
		break;
	case VRRP_TIMER_GARP_REFRESH:
		garp(acts, c->garp_master_refresh_repeat);
		if (c->garp_master_refresh_us)
			arm(acts, VRRP_TIMER_GARP_REFRESH, c->garp_master_refresh_us);
		break;
	case VRRP_TIMER_GARP_EXTRA:
		push(acts, VRRP_ACT_GARP_EXTRA);
		if (c->garp_extra_us)
			arm(acts, VRRP_TIMER_GARP_EXTRA, c->garp_extra_us);
		break;
	default:
		break;
	}
}

/* Fault bits change in every state; only some states act on them. */
static void set_faults(const struct vrrp_fsm_conf *c, struct vrrp_fsm *f, uint8_t set,
		   uint8_t clear, uint64_t now, struct vrrp_actions *acts)
{
	f->faults = (uint8_t)((f->faults | set) & ~clear);
	if (f->faults && (f->state == VRRP_STATE_BACKUP || f->state == VRRP_STATE_MASTER))
		change_state(c, f, VRRP_STATE_FAULT, acts);
	else if (!f->faults && f->state == VRRP_STATE_FAULT)
		start(c, f, now, acts);
}

static void stop_instance(const struct vrrp_fsm_conf *c, struct vrrp_fsm *f,
		     struct vrrp_actions *acts)
{
	if (f->state != VRRP_STATE_STOP)
		change_state(c, f, VRRP_STATE_STOP, acts);
}

static void on_advert(const struct vrrp_fsm_conf *c, struct vrrp_fsm *f,
		      const struct vrrp_event *ev, uint64_t now, struct vrrp_actions *acts)
{
	/* Our own advert looped back is no peer: it must not win a tie. */
	if (vrrp_ip_cmp(&ev->src, &c->primary) == 0)
		return;
	if (f->state == VRRP_STATE_BACKUP)
		backup_advert(c, f, ev, now, acts);
	else if (f->state == VRRP_STATE_MASTER)
		master_advert(c, f, ev, acts);
}

static void on_timer(const struct vrrp_fsm_conf *c, struct vrrp_fsm *f,
		     enum vrrp_timer t, struct vrrp_actions *acts)
{
	if (f->state == VRRP_STATE_BACKUP && t == VRRP_TIMER_MASTER_DOWN)
		change_state(c, f, VRRP_STATE_MASTER, acts);
	else if (f->state == VRRP_STATE_MASTER)
		master_timer(c, f, t, acts);
}

void vrrp_fsm_step(const struct vrrp_fsm_conf *c, const struct vrrp_fsm *in,
		   const struct vrrp_event *ev, uint64_t now_us, struct vrrp_fsm *out,
		   struct vrrp_actions *acts)
{
	struct vrrp_fsm f = *in;

	acts->n = 0;
	switch (ev->type) {
	case VRRP_EV_STARTUP:
		if (f.state == VRRP_STATE_INIT || f.state == VRRP_STATE_STOP)
			start(c, &f, now_us, acts);
		break;
	case VRRP_EV_SHUTDOWN:
		stop_instance(c, &f, acts);
		break;
	case VRRP_EV_ADVERT:
		on_advert(c, &f, ev, now_us, acts);
		break;
	case VRRP_EV_TIMER:
		on_timer(c, &f, ev->timer, acts);
		break;
	case VRRP_EV_FAULT:
		set_faults(c, &f, VRRP_FAULT_SELF, 0, now_us, acts);
		break;
	case VRRP_EV_RECOVER:
		set_faults(c, &f, 0, VRRP_FAULT_SELF, now_us, acts);
		break;
	case VRRP_EV_SYNC_FAULT:
		set_faults(c, &f, VRRP_FAULT_GROUP, 0, now_us, acts);
		break;
	case VRRP_EV_SYNC_RECOVER:
		set_faults(c, &f, 0, VRRP_FAULT_GROUP, now_us, acts);
		break;
	case VRRP_EV_PRIORITY:
		/* Kept in 1..254 like any effective priority; used from the
		 * next advert and the next timer armed on. */
		f.priority = c->priority == 255 ? 255
			     : vrrp_fsm_effective_priority(1, ev->priority - 1);
		break;
	case VRRP_EV_SYNC_MASTER:
		if (f.state == VRRP_STATE_BACKUP)
			change_state(c, &f, VRRP_STATE_MASTER, acts);
		break;
	case VRRP_EV_SYNC_BACKUP:
		if (f.state == VRRP_STATE_MASTER)
			change_state(c, &f, VRRP_STATE_BACKUP, acts);
		break;
	case VRRP_EV_RESIGN:
		if (f.state == VRRP_STATE_MASTER)
			resign(c, &f, acts);
		break;
	case VRRP_EV_NONE:
		break;
	}
	*out = f;
}
