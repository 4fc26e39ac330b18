// SPDX-License-Identifier: GPL-2.0-or-later
/* An instance's timers on the loop: the monotonic clock they run on,
 * arming from the FSM's actions (the advert timer through its slot,
 * vrrp_slots.c; the master down timer left to a link that watches it,
 * vrrp_link.c), and their expiry back into the FSM. */
#include "config.h"

#include <time.h>

#include "ev_base.h"
#include "vrrp_run_int.h"

uint64_t vrrp_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* The loop's cached time is refreshed first because libevent adds the
 * delay to it, and other callbacks may have run since it woke. */
void vrrp_loop_add(struct vrrp_run *r, struct event *ev, uint64_t due_us)
{
	uint64_t now = vrrp_now_us();
	uint64_t rel = due_us > now ? due_us - now : 0;
	struct timeval tv = { .tv_sec = (time_t)(rel / 1000000u),
			      .tv_usec = (suseconds_t)(rel % 1000000u) };

	event_base_update_cache_time(r->base);
	evtimer_add(ev, &tv);
}

/* Hands t's deadline to the loop. */
static void loop_arm(struct vrrp_inst *i, struct vrrp_timer_ev *t)
{
	t->set_us = t->due_us;
	vrrp_loop_add(i->run, t->ev, t->due_us);
}

/* A timer re-armed from its own callback is periodic (the advert timer):
 * it keeps its cadence from the last due time (vrrp_fsm_due_us). A timer
 * pushed later while armed (the master down timer, by every advert a
 * backup reads) keeps the loop's deadline and moves on when that comes
 * (vrrp_timer_on_loop): the loop's timer is set once per expiry, not per
 * advert. at: when the event that armed it happened (an advert's arrival). */
void vrrp_timer_arm(struct vrrp_inst *i, struct vrrp_timer_ev *t, uint64_t usec, uint64_t at)
{
	t->due_us = t->which == VRRP_TIMER_ADVER
			    ? vrrp_fsm_adver_due_us(t->firing, t->due_us, usec, at, i->c->vrid)
			    : vrrp_fsm_due_us(t->firing, t->due_us, usec, at);
	/* without memory for a slot, the instance's own timer sends it */
	if (t->which == VRRP_TIMER_ADVER && vrrp_slots_arm(i->run, t) == 0) {
		evtimer_del(t->ev);	/* set when a slot could not be had */
		return;
	}
	t->armed = true;
	if (evtimer_pending(t->ev, NULL)) {
		if (t->due_us >= t->set_us)
			return;
	} else if (t->which == VRRP_TIMER_MASTER_DOWN && vrrp_link_watches(i->link, t->due_us)) {
		return;
	}
	loop_arm(i, t);
}

void vrrp_inst_down_timer_check(struct vrrp_inst *i)
{
	struct vrrp_timer_ev *t = &i->timers[VRRP_TIMER_MASTER_DOWN];

	if (t->armed && !evtimer_pending(t->ev, NULL) && !vrrp_link_watches(i->link, t->due_us))
		loop_arm(i, t);
}

void vrrp_timer_stop(struct vrrp_timer_ev *t)
{
	t->slotted = false;	/* its slot fires for the others, or for none */
	t->armed = false;
	evtimer_del(t->ev);
}

void vrrp_timer_fire(struct vrrp_timer_ev *t, uint64_t now)
{
	struct vrrp_event ev = { .type = VRRP_EV_TIMER, .timer = t->which };

	t->firing = true;
	t->armed = false;
	vrrp_inst_event_at(t->inst, &ev, now);
	t->firing = false;
}

void vrrp_timer_on_loop(evutil_socket_t fd, short what, void *arg)
{
	struct vrrp_timer_ev *t = arg;

	(void)fd, (void)what;
	if (t->due_us > t->set_us) {	/* pushed later since it was set */
		if (t->which != VRRP_TIMER_MASTER_DOWN || !vrrp_link_watches(t->inst->link, t->due_us))
			loop_arm(t->inst, t);
		return;
	}
	if (t->which == VRRP_TIMER_MASTER_DOWN) {
		/* adverts may wait unread: held by the link, or behind a loop
		 * that ran late; the master is gone only if none came */
		vrrp_link_catch_up(t->inst->link);
		if (evtimer_pending(t->ev, NULL))
			return;
	}
	vrrp_timer_fire(t, vrrp_now_us());
}
