// SPDX-License-Identifier: GPL-2.0-or-later
/* static_ipaddress, the track_group words of static_ipaddress /
 * static_routes / static_rules lines, and the track_group blocks (read
 * under keepalived 2.2.7's name and as static_track_group). A line's
 * "track_group NAME" is taken out and the rest read by the parser of the
 * instance's lists (virtual_ipaddress, virtual_routes, virtual_rules). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cfg_route.h"
#include "cfg_static.h"
#include "cfg_vrrp.h"

/* keepalived's default for default_interface */
#define STATIC_DEFAULT_DEV "eth0"
#define LINE_WORDS 64

/* A line without its "track_group NAME". */
struct bare_line {
	struct cfg_stmt st;
	char *argv[LINE_WORDS];
	struct cfg_loc loc[LINE_WORDS];
};

/* Copies st into b without "track_group NAME", *group a copy of NAME (or
 * NULL) and *where its place. 0, or -1 (reported). */
static int take_group(struct cfg_parser *p, const struct cfg_stmt *st, struct bare_line *b,
		      char **group, struct cfg_loc *where)
{
	size_t k = 0;

	*group = NULL;
	if (st->argc > LINE_WORDS) {
		cfg_err(p, st, LINE_WORDS, "more than %d words on one line", LINE_WORDS);
		return -1;
	}
	for (size_t i = 0; i < st->argc; i++) {
		if (strcmp(st->argv[i], "track_group") != 0) {
			b->argv[k] = st->argv[i];
			b->loc[k++] = st->loc[i];
			continue;
		}
		if (i + 1 >= st->argc || *group) {
			cfg_err(p, st, i, *group ? "a second track_group" : "'track_group' needs a value");
			goto fail;
		}
		if (cfg_arg_str(p, st, ++i, group) < 0)
			goto fail;
		*where = st->loc[i];
	}
	b->st = *st;
	b->st.argc = k;
	b->st.argv = b->argv;
	b->st.loc = b->loc;
	return 0;
fail:
	free(*group);
	*group = NULL;
	return -1;
}

static int addr_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct config *cfg = obj;
	size_t n = cfg->nstatic_addrs;
	struct bare_line b;
	struct cfg_loc gw = { 0 };
	struct cfg_vip *v;
	char *group;

	if (take_group(p, st, &b, &group, &gw) < 0)
		return -1;
	if (b.st.argc == 0 || cfg_vip_line(p, &b.st, &cfg->static_addrs, &cfg->nstatic_addrs) < 0 ||
	    cfg->nstatic_addrs == n) {
		if (b.st.argc == 0)
			cfg_err(p, st, 0, "an address line needs an address");
		free(group);
		return -1;
	}
	v = &cfg->static_addrs[n];
	v->track_group = group;
	v->group_where = gw;
	return 0;
}

/* An address without dev goes on default_interface, which global_defs may
 * set after the static_ipaddress block: resolved once everything is read. */
static int default_dev(struct cfg_parser *p, const struct config *cfg, struct cfg_vip *v)
{
	const char *dev = cfg->global.default_interface ? cfg->global.default_interface
							: STATIC_DEFAULT_DEV;

	if (v->dev)
		return 0;
	if (!(v->dev = strdup(dev))) {
		cfg_diag_error(p->diag, &v->where, "out of memory");
		return -1;
	}
	return 0;
}

/* A route or rule line through its list's own reader; the group goes to
 * what that reader added (nothing when it skipped the line). */
static int rt_line(struct cfg_parser *p, const struct cfg_block *list, struct cfg_routes *rt,
		   const struct cfg_stmt *st, bool rule)
{
	size_t before = rule ? rt->nrules : rt->nroutes;
	struct bare_line b;
	struct cfg_loc gw = { 0 };
	char *group;
	int rc;

	if (take_group(p, st, &b, &group, &gw) < 0)
		return -1;
	rc = list->line(p, rt, &b.st);
	if (rc == 0 && rule && rt->nrules > before) {
		rt->rules[before].track_group = group;
		rt->rules[before].group_where = gw;
	} else if (rc == 0 && !rule && rt->nroutes > before) {
		rt->routes[before].track_group = group;
		rt->routes[before].group_where = gw;
	} else {
		free(group);
	}
	return rc;
}

static int route_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return rt_line(p, &cfg_routes_block, obj, st, false);
}

static int rule_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return rt_line(p, &cfg_rules_block, obj, st, true);
}

const struct cfg_block cfg_static_addr_block = { "static_ipaddress", NULL, 0, addr_line, NULL };
const struct cfg_block cfg_static_routes_block = { "static_routes", NULL, 0, route_line, NULL };
const struct cfg_block cfg_static_rules_block = { "static_rules", NULL, 0, rule_line, NULL };

/* --- track_group NAME { group { VI_1 VI_2 } } */

/* Each word of a line of group { } is an instance. */
static int tg_inst_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_track_group *g = obj;

	return cfg_arg_names(p, st, &g->insts, &g->ninsts, &g->inst_where);
}

static const struct cfg_block tg_insts_block = { "group", NULL, 0, tg_inst_line, NULL };

static const struct cfg_kw tg_kw[] = {
	{ "group", 0, 0, NULL, cfg_open_self, &tg_insts_block, NULL },
};

const struct cfg_block cfg_track_group_block = { "track_group", CFG_TABLE(tg_kw), NULL, NULL };

const struct cfg_track_group *cfg_track_group_named(const struct config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->ntrack_groups; i++)
		if (strcmp(cfg->track_groups[i].name, name) == 0)
			return &cfg->track_groups[i];
	return NULL;
}

void *cfg_track_group_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct config *cfg = obj;
	struct cfg_track_group *g;

	if (cfg_track_group_named(cfg, st->argv[1])) {
		cfg_err(p, st, 1, "track_group '%s' is defined twice", st->argv[1]);
		return NULL;
	}
	g = cfg_push(p, &cfg->track_groups, &cfg->ntrack_groups, sizeof(*g));
	if (!g)
		return NULL;
	g->where = st->loc[1];
	if (cfg_arg_str(p, st, 1, &g->name) < 0) {
		cfg->ntrack_groups--;
		return NULL;
	}
	return g;
}

/* --- after reading */

/* Every instance named by a group exists, or is warned about and dropped. */
static void check_groups(struct cfg_parser *p, struct config *cfg)
{
	for (size_t i = 0; i < cfg->ntrack_groups; i++) {
		struct cfg_track_group *g = &cfg->track_groups[i];
		size_t k = 0;

		for (size_t j = 0; j < g->ninsts; j++) {
			if (cfg_vrrp_named(cfg, g->insts[j])) {
				g->insts[k] = g->insts[j];
				g->inst_where[k++] = g->inst_where[j];
				continue;
			}
			cfg_diag_warn(p->diag, &g->inst_where[j],
				      "track_group %s: no vrrp_instance '%s'; ignored", g->name, g->insts[j]);
			free(g->insts[j]);
		}
		g->ninsts = k;
	}
}

/* The instance tracks dev with weight 0 (FAULT while it is down), unless a
 * line of its own already does. 0, or -1 when out of memory. */
static int track_link(struct cfg_parser *p, struct cfg_vrrp *vr, const char *dev,
		      const struct cfg_loc *where)
{
	struct cfg_tracked *t = &vr->track;
	struct cfg_track *l;

	for (size_t i = 0; i < t->nifs; i++)
		if (strcmp(t->ifs[i].name, dev) == 0 && (!t->ifs[i].weight_set || !t->ifs[i].weight))
			return 0;
	l = cfg_push(p, &t->ifs, &t->nifs, sizeof(*l));
	if (!l || !(l->name = strdup(dev))) {
		if (l)
			t->nifs--;
		cfg_diag_error(p->diag, where, "out of memory");
		return -1;
	}
	l->where = *where;
	return 0;
}

/* One line's track_group: its group must exist (else warned and dropped)
 * and the line say its link (dev, or a rule's iif / oif); each instance of
 * the group then tracks that link. */
static void follow_group(struct cfg_parser *p, struct config *cfg, char **group,
			 const struct cfg_loc *gw, const char *dev, const char *what)
{
	const struct cfg_track_group *g;

	if (!*group)
		return;
	g = cfg_track_group_named(cfg, *group);
	if (!g) {
		cfg_diag_warn(p->diag, gw, "track_group '%s' is not defined; %s not tracked",
			      *group, what);
		free(*group);
		*group = NULL;
		return;
	}
	if (!dev) {
		cfg_diag_error(p->diag, gw, "a %s with track_group needs %s: the link it tracks",
			       what, strcmp(what, "static rule") == 0 ? "iif or oif" : "dev");
		return;
	}
	for (size_t i = 0; i < g->ninsts; i++) {
		/* the same instance, writable: cfg is */
		struct cfg_vrrp *vr = cfg->vrrp + (cfg_vrrp_named(cfg, g->insts[i]) - cfg->vrrp);

		if (track_link(p, vr, dev, gw) < 0)
			return;
	}
}

void cfg_static_check(struct cfg_parser *p, struct config *cfg)
{
	struct cfg_routes *rt = &cfg->static_rt;

	check_groups(p, cfg);
	for (size_t i = 0; i < cfg->nstatic_addrs; i++) {
		struct cfg_vip *v = &cfg->static_addrs[i];

		if (default_dev(p, cfg, v) < 0)
			return;
		follow_group(p, cfg, &v->track_group, &v->group_where, v->dev, "static address");
	}
	for (size_t i = 0; i < rt->nroutes; i++)
		follow_group(p, cfg, &rt->routes[i].track_group, &rt->routes[i].group_where,
			     rt->routes[i].dev, "static route");
	for (size_t i = 0; i < rt->nrules; i++) {
		struct cfg_rule *u = &rt->rules[i];

		follow_group(p, cfg, &u->track_group, &u->group_where, u->iif ? u->iif : u->oif,
			     "static rule");
	}
}

void cfg_static_free(struct config *cfg)
{
	for (size_t i = 0; i < cfg->ntrack_groups; i++) {
		struct cfg_track_group *g = &cfg->track_groups[i];

		for (size_t j = 0; j < g->ninsts; j++)
			free(g->insts[j]);
		free(g->insts);
		free(g->inst_where);
		free(g->name);
	}
	free(cfg->track_groups);
}
