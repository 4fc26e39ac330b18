// SPDX-License-Identifier: GPL-2.0-or-later
/* vrrp_sync_group at run time: after any member changes state or fault
 * bits, the pure planner (vrrp_sync.c) says which event each other member
 * gets; those steps may plan again, and the planner's fault part is
 * idempotent, so this ends. The group's own notify scripts run when the
 * group as a whole reaches MASTER, BACKUP or FAULT. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "vrrp_run_int.h"
#include "vrrp_sync.h"

struct vrrp_group {
	const struct cfg_sync_group *c;
	struct vrrp_inst **m;
	size_t n;
	enum vrrp_state notified;	/* VRRP_STATE_COUNT: none yet */
	size_t idx;			/* its place among the config's groups */
	struct vrrp_group *next;
};

const struct cfg_sync_group *vrrp_group_conf(const struct vrrp_group *g)
{
	return g->c;
}

const struct vrrp_group *vrrp_group_next(const struct vrrp_group *g)
{
	return g->next;
}

enum vrrp_state vrrp_group_notified(const struct vrrp_group *g)
{
	return g->notified;
}

static void members(const struct vrrp_group *g, struct vrrp_sync_member *m)
{
	for (size_t k = 0; k < g->n; k++) {
		m[k].state = g->m[k]->f.state;
		m[k].faults = g->m[k]->f.faults;
	}
}

static void group_hook(const struct vrrp_group *g, enum vrrp_state s)
{
	const struct vrrp_run *r = g->m[0]->run;
	struct vrrp_state_change c = { .group = true, .from = VRRP_STATE_COUNT };

	if (!r->state_fn)
		return;
	c.index = g->idx;
	c.v.state = s;
	snprintf(c.v.name, sizeof(c.v.name), "%s", g->c->name);
	r->state_fn(r->state_arg, &c);
}

static void group_notify(struct vrrp_group *g, const struct vrrp_sync_member *m)
{
	enum vrrp_state s = vrrp_sync_group_state(m, g->n);

	if (s == VRRP_STATE_COUNT || s == g->notified)
		return;
	log_info("VRRP_Group(%s) %s", g->c->name, vrrp_state_name(s));
	g->notified = s;
	vrrp_notify_group(g->m[0], g->c, s);
	group_hook(g, s);
}

void vrrp_group_follow(struct vrrp_inst *i, enum vrrp_state from)
{
	struct vrrp_group *g = i->group;
	struct vrrp_sync_member *m;
	enum vrrp_event_type *ev;

	if (!g)
		return;
	m = calloc(g->n, sizeof(*m));
	ev = calloc(g->n, sizeof(*ev));
	if (!m || !ev) {
		log_warnx("VRRP_Group(%s) out of memory: members not moved", g->c->name);
		goto out;
	}
	members(g, m);
	if (vrrp_sync_plan(m, g->n, i->group_idx, from, ev)) {
		for (size_t k = 0; k < g->n; k++) {
			struct vrrp_event e = { .type = ev[k] };

			if (ev[k] != VRRP_EV_NONE)
				vrrp_inst_event(g->m[k], &e);
		}
		members(g, m);
	}
	group_notify(g, m);
out:
	free(m);
	free(ev);
}

static struct vrrp_inst *find_inst(struct vrrp_run *r, const char *name)
{
	for (struct vrrp_inst *i = r->insts; i; i = i->next)
		if (strcmp(i->c->name, name) == 0)
			return i;
	return NULL;
}

static struct vrrp_group *group_new(struct vrrp_run *r, const struct cfg_sync_group *c, size_t idx)
{
	struct vrrp_group *g = calloc(1, sizeof(*g));

	if (!g || !(g->m = calloc(c->nmembers ? c->nmembers : 1, sizeof(*g->m)))) {
		free(g);
		return NULL;
	}
	g->c = c;
	g->idx = idx;
	g->notified = VRRP_STATE_COUNT;
	for (size_t k = 0; k < c->nmembers; k++) {
		struct vrrp_inst *i = find_inst(r, c->members[k]);

		if (!i)
			continue;
		if (i->group) {
			log_warnx("VRRP_Group(%s) %s is already in a sync group; left out",
				  c->name, i->c->name);
			continue;
		}
		i->group = g;
		i->group_idx = g->n;
		g->m[g->n++] = i;
	}
	return g;
}

void vrrp_groups_free(struct vrrp_run *r)
{
	struct vrrp_group *g;

	while ((g = r->groups)) {
		r->groups = g->next;
		for (size_t k = 0; k < g->n; k++)
			g->m[k]->group = NULL;
		free(g->m);
		free(g);
	}
}

/* Call with r->insts the new list and every listed instance alive. */
void vrrp_groups_apply(struct vrrp_run *r, const struct config *cfg)
{
	struct vrrp_group *old = r->groups, *g, **tail = &r->groups;

	for (g = old; g; g = g->next)
		for (size_t k = 0; k < g->n; k++)
			g->m[k]->group = NULL;
	r->groups = NULL;
	for (size_t k = 0; k < cfg->ngroups; k++) {
		if (!(g = group_new(r, &cfg->groups[k], k))) {
			log_warnx("VRRP_Group(%s) out of memory: not synced", cfg->groups[k].name);
			continue;
		}
		/* the group's last notified state carries over a reload */
		for (struct vrrp_group *o = old; o; o = o->next)
			if (strcmp(o->c->name, g->c->name) == 0)
				g->notified = o->notified;
		*tail = g;
		tail = &g->next;
	}
	while ((g = old)) {
		old = g->next;
		free(g->m);
		free(g);
	}
}
