// SPDX-License-Identifier: GPL-2.0-or-later
/* Notify scripts, run as keepalived.conf(5) describes: the state's own
 * script (notify_master, notify_backup, notify_fault, notify_stop) with
 * its configured arguments, then "notify" with INSTANCE (or GROUP), the
 * name, the state and the priority added. They run through the checkers'
 * runner (the script's user, else script_user; enable_script_security)
 * and are reaped from the loop, never waited for. */
#include "config.h"

#include <stdio.h>

#include "chk_exec.h"
#include "notify_fifo.h"
#include "vrrp_run_int.h"

/* An instance's and a group's notify_* scripts, in state order. */
static const struct cfg_script *state_script(const struct cfg_script *const by_state[4],
					     enum vrrp_state s)
{
	switch (s) {
	case VRRP_STATE_MASTER:
		return by_state[0];
	case VRRP_STATE_BACKUP:
		return by_state[1];
	case VRRP_STATE_FAULT:
		return by_state[2];
	case VRRP_STATE_STOP:
		return by_state[3];
	default:
		return NULL;
	}
}

/* keepalived's line: INSTANCE "VI_1" MASTER 100 (what: a state, or
 * MASTER_PRIORITY, BACKUP_PRIORITY, MASTER_RX_LOWER_PRI) */
static void notify_fifos(const struct vrrp_run *r, const char *kind, const char *name,
			 const char *what, uint8_t prio)
{
	char line[320];

	if (!r->fifo_all && !r->fifo_vrrp)
		return;
	snprintf(line, sizeof(line), "%s \"%s\" %s %u", kind, name, what, prio);
	notify_fifo_write(r->fifo_all, line);
	notify_fifo_write(r->fifo_vrrp, line);
}

static void notify(const struct vrrp_run *r, const struct cfg_global *gl,
		   const struct cfg_script *const by_state[4], const struct cfg_script *any,
		   const char *kind, const char *name, enum vrrp_state s, uint8_t prio)
{
	const struct cfg_script *own = state_script(by_state, s);
	struct event_base *base = r->base;
	char p[8];
	const char *args[] = { kind, name, vrrp_state_name(s), p, NULL };

	notify_fifos(r, kind, name, vrrp_state_name(s), prio);
	snprintf(p, sizeof(p), "%u", prio);
	if (own)
		chk_exec_notify(base, own, gl);
	chk_exec_notify_args(base, any, gl, args);
}

void vrrp_notify(const struct vrrp_inst *i, enum vrrp_state s, uint8_t prio)
{
	const struct cfg_vrrp *c = i->c;
	const struct cfg_script *const by_state[4] = { &c->notify_master, &c->notify_backup,
						       &c->notify_fault, &c->notify_stop };

	notify(i->run, &i->cfg->global, by_state, &c->notify, "INSTANCE", c->name, s, prio);
}

/* A group has no priority of its own: its notify script gets 0. */
void vrrp_notify_group(const struct vrrp_inst *member, const struct cfg_sync_group *g,
		       enum vrrp_state s)
{
	const struct cfg_script *const by_state[4] = { &g->notify_master, &g->notify_backup,
						       &g->notify_fault, &g->notify_stop };

	notify(member->run, &member->cfg->global, by_state, &g->notify, "GROUP", g->name, s, 0);
}

/* fifo_write_vrrp_states_on_reload, as keepalived 2.2.7 writes them
 * (measured): each sync group's state, then each instance's in config
 * order, members too, but no MASTER instance; nothing for what has no
 * state yet. */
void vrrp_notify_states(const struct vrrp_run *r)
{
	for (const struct vrrp_group *g = r->groups; g; g = vrrp_group_next(g)) {
		enum vrrp_state s = vrrp_group_notified(g);

		if (s != VRRP_STATE_COUNT)
			notify_fifos(r, "GROUP", vrrp_group_conf(g)->name, vrrp_state_name(s), 0);
	}
	for (const struct vrrp_inst *i = r->insts; i; i = i->next)
		if (i->f.state == VRRP_STATE_BACKUP || i->f.state == VRRP_STATE_FAULT)
			notify_fifos(r, "INSTANCE", i->c->name, vrrp_state_name(i->f.state),
				     i->f.priority);
}

/* notify_priority_changes: the instance's, else its group's, else
 * vrrp_notify_priority_changes */
static bool priority_changes_on(const struct vrrp_inst *i)
{
	const struct cfg_sync_group *g = i->group ? vrrp_group_conf(i->group) : NULL;

	if (i->c->notify_priority_changes >= 0)
		return i->c->notify_priority_changes > 0;
	if (g && g->notify_priority_changes >= 0)
		return g->notify_priority_changes > 0;
	return i->cfg->global.vrrp_notify_priority_changes;
}

void vrrp_notify_priority(const struct vrrp_inst *i)
{
	const char *what = i->f.state == VRRP_STATE_MASTER ? "MASTER_PRIORITY"
			 : i->f.state == VRRP_STATE_BACKUP ? "BACKUP_PRIORITY" : NULL;

	if (what && priority_changes_on(i))
		notify_fifos(i->run, "INSTANCE", i->c->name, what, i->f.priority);
}

/* keepalived 2.2.7 writes its own priority on the line, not the advert's */
void vrrp_notify_rx_lower(const struct vrrp_inst *i)
{
	const struct cfg_script *s = &i->c->notify_master_rx_lower_pri;

	notify_fifos(i->run, "INSTANCE", i->c->name, "MASTER_RX_LOWER_PRI", i->f.priority);
	if (s->cmd)
		chk_exec_notify(i->run->base, s, &i->cfg->global);
}
