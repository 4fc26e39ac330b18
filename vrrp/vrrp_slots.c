// SPDX-License-Identifier: GPL-2.0-or-later
/* Advert timers by deadline: the masters whose next advert falls on one
 * grid point (vrrp_fsm_adver_due_us) share one timer of the loop, which
 * sends their adverts in the order of the instances. A loop timer per
 * instance cost a removal and an insertion per advert, and the loop ran
 * the timers of one deadline in an order that changed from round to
 * round, moving each advert by up to the time its burst took. */
#include "config.h"

#include <stdlib.h>

#include "ev_base.h"
#include "log.h"
#include "vrrp_run_int.h"

struct vrrp_slot {
	struct vrrp_slot *next;
	struct vrrp_run *run;
	uint64_t due_us;
	struct event *ev;
};

static void on_slot(evutil_socket_t fd, short what, void *arg)
{
	struct vrrp_slot *s = arg, **pp;
	uint64_t due = s->due_us, now = vrrp_now_us();
	struct vrrp_run *r = s->run;

	(void)fd, (void)what;
	for (pp = &r->slots; *pp != s; pp = &(*pp)->next)
		;
	*pp = s->next;
	s->next = r->spare_slots;	/* kept: the next round needs as many */
	r->spare_slots = s;
	for (struct vrrp_inst *i = r->insts; i; i = i->next) {
		struct vrrp_timer_ev *t = &i->timers[VRRP_TIMER_ADVER];

		if (t->slotted && t->due_us == due) {
			t->slotted = false;
			vrrp_timer_fire(t, now);
		}
	}
}

static struct vrrp_slot *slot_new(struct vrrp_run *r)
{
	struct vrrp_slot *s = r->spare_slots;

	if (s) {
		r->spare_slots = s->next;
		return s;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->run = r;
	s->ev = evtimer_new(r->base, on_slot, s);
	if (!s->ev) {
		free(s);
		return NULL;
	}
	keel_event_urgent(s->ev);
	return s;
}

int vrrp_slots_arm(struct vrrp_run *r, struct vrrp_timer_ev *t)
{
	struct vrrp_slot *s;

	t->slotted = true;
	for (s = r->slots; s; s = s->next)
		if (s->due_us == t->due_us)
			return 0;
	s = slot_new(r);
	if (!s) {
		t->slotted = false;
		log_warnx("VRRP: out of memory for an advert slot: an advert on a timer of its own");
		return -1;
	}
	s->due_us = t->due_us;
	s->next = r->slots;
	r->slots = s;
	vrrp_loop_add(r, s->ev, s->due_us);
	return 0;
}

static void free_list(struct vrrp_slot *s)
{
	while (s) {
		struct vrrp_slot *next = s->next;

		event_free(s->ev);
		free(s);
		s = next;
	}
}

void vrrp_slots_free(struct vrrp_run *r)
{
	free_list(r->slots);
	free_list(r->spare_slots);
	r->slots = r->spare_slots = NULL;
}
