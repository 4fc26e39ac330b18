// SPDX-License-Identifier: GPL-2.0-or-later
/* One event through an instance's FSM (pure, vrrp_fsm.c) and its actions
 * carried out: adverts, timers, VIPs, GARP/NA, notify scripts, the sync
 * daemon's role. Then what follows a change of state: the link's reading,
 * the state hook, the no_accept drop, the sync group and the priority
 * notices. */
#include "config.h"

#include "log.h"
#include "vrrp_run_int.h"

static void act(struct vrrp_inst *i, const struct vrrp_action *a, uint64_t at)
{
	switch (a->type) {
	case VRRP_ACT_SEND_ADVERT:
		vrrp_inst_send_advert(i, a->priority);
		break;
	case VRRP_ACT_TIMER_ARM:
		vrrp_timer_arm(i, &i->timers[a->timer], a->usec, at);
		break;
	case VRRP_ACT_TIMER_STOP:
		vrrp_timer_stop(&i->timers[a->timer]);
		break;
	case VRRP_ACT_VIPS_ADD:
		vrrp_inst_vips_change(i, true);
		break;
	case VRRP_ACT_VIPS_DEL:
		vrrp_inst_vips_change(i, false);
		break;
	case VRRP_ACT_GARP:
		vrrp_inst_garp(i, a->count);
		break;
	case VRRP_ACT_GARP_EXTRA:
		vrrp_inst_garp_extra(i);
		break;
	case VRRP_ACT_NOTIFY:
		vrrp_notify(i, a->state, a->priority);
		break;
	case VRRP_ACT_NOTIFY_RX_LOWER:
		log_info("VRRP_Instance(%s) master received a lower priority advert", i->c->name);
		break;
	case VRRP_ACT_SYNCD:
		if (i->run->syncd_fn)
			i->run->syncd_fn(i->run->syncd_arg, i->c->name, a->syncd);
		break;
	}
}

/* The no_accept drop follows the state (c: the config the drop was made
 * for, so a reload can take the old addresses out). */
void vrrp_inst_accept_follow(struct vrrp_inst *i, const struct cfg_vrrp *c, bool drop)
{
	if (drop == i->dropping)
		return;
	if (vrrp_accept_apply(i->run->accept, c, drop) == 0 || !drop)
		i->dropping = drop;
}

bool vrrp_inst_accept_wants_drop(const struct vrrp_inst *i)
{
	return i->f.state != VRRP_STATE_STOP && vrrp_accept_drops(i->c, i->f.state);
}

static size_t inst_index(const struct vrrp_inst *i)
{
	size_t n = 0;

	for (const struct vrrp_inst *x = i->run->insts; x && x != i; x = x->next)
		n++;
	return n;
}

static void state_changed(struct vrrp_inst *i, enum vrrp_state from, const struct vrrp_event *ev)
{
	struct vrrp_state_change c = { .from = from };

	if (i->f.state == VRRP_STATE_MASTER) {
		i->master_transitions++;
		i->master_reason = vrrp_stats_master_reason(from, ev->type,
							    i->master_at_us ? i->master_prio : 0,
							    i->f.priority);
	}
	if (!i->run->state_fn)
		return;
	c.index = inst_index(i);
	vrrp_inst_view_of(i, &c.v);
	i->run->state_fn(i->run->state_arg, &c);
}

void vrrp_inst_event(struct vrrp_inst *i, const struct vrrp_event *ev)
{
	vrrp_inst_event_at(i, ev, vrrp_now_us());
}

void vrrp_inst_event_at(struct vrrp_inst *i, const struct vrrp_event *ev, uint64_t at)
{
	enum vrrp_state from = i->f.state;
	uint8_t faults = i->f.faults, prio = i->f.priority;
	struct vrrp_actions acts;

	vrrp_fsm_step(&i->fc, &i->f, ev, at, &i->f, &acts);
	if (from != i->f.state)
		log_info("VRRP_Instance(%s) %s -> %s (priority %u)", i->c->name,
			 vrrp_state_name(from), vrrp_state_name(i->f.state), i->f.priority);
	for (unsigned k = 0; k < acts.n; k++)
		act(i, &acts.a[k], at);
	if (from != i->f.state) {
		vrrp_link_follow(i->link);
		state_changed(i, from, ev);
	}
	vrrp_inst_accept_follow(i, i->c, vrrp_inst_accept_wants_drop(i));
	if (from != i->f.state || faults != i->f.faults)
		vrrp_group_follow(i, from);
	if (prio != i->f.priority)
		vrrp_notify_priority(i);
}
