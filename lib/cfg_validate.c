// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_bfd.h"
#include "cfg_garp.h"
#include "cfg_smtp.h"
#include "cfg_host.h"
#include "cfg_static.h"
#include "cfg_strict.h"
#include "cfg_validate.h"
#include "cfg_vrrp.h"

/* A virtual server's stable key, as text: the same service twice is an error. */
static void vs_key(const struct cfg_vs *vs, char *buf, size_t len)
{
	static const char *const proto[] = { [IPPROTO_TCP] = "TCP", [IPPROTO_UDP] = "UDP",
					     [IPPROTO_SCTP] = "SCTP" };
	char a[INET6_ADDRSTRLEN];

	switch (vs->kind) {
	case CFG_VS_ADDR:
		cfg_ip_format(&vs->addr, a, sizeof(a));
		snprintf(buf, len, "%s %s%s%s:%u", proto[vs->protocol], vs->af == AF_INET6 ? "[" : "",
			 a, vs->af == AF_INET6 ? "]" : "", vs->port);
		break;
	case CFG_VS_FWMARK:
		snprintf(buf, len, "fwmark %u %s", vs->fwmark, vs->af == AF_INET6 ? "inet6" : "inet");
		break;
	case CFG_VS_GROUP:
		snprintf(buf, len, "group %s %s %s", vs->group, proto[vs->protocol],
			 vs->af == AF_INET6 ? "inet6" : "inet");
		break;
	}
}

/* The order of services by their identity (0: the same service). */
static int cmp_ident(const struct cfg_vs *x, const struct cfg_vs *y)
{
	int c = (x->kind > y->kind) - (x->kind < y->kind);

	if (!c)
		c = (x->af > y->af) - (x->af < y->af);
	if (!c && x->kind != CFG_VS_FWMARK)
		c = (x->protocol > y->protocol) - (x->protocol < y->protocol);
	if (!c && x->kind == CFG_VS_ADDR)
		c = memcmp(x->addr.b, y->addr.b, x->af == AF_INET6 ? 16 : 4);
	if (!c && x->kind == CFG_VS_ADDR)
		c = (x->port > y->port) - (x->port < y->port);
	if (!c && x->kind == CFG_VS_FWMARK)
		c = (x->fwmark > y->fwmark) - (x->fwmark < y->fwmark);
	if (!c && x->kind == CFG_VS_GROUP)
		c = strcmp(x->group, y->group);
	return c;
}

/* A group's addresses must be of its servers' family unless every server is
 * tunnelled: the kernel refuses the rest, and keepalived 2.2.7 ignores such
 * a virtual server ("group with IPv4 & IPv6 doesn't match"). */
static void check_group_family(struct cfg_parser *p, const struct cfg_vs *vs, const struct cfg_vsg *g)
{
	bool all_tun = true;

	for (size_t i = 0; i < vs->nrs; i++)
		all_tun = all_tun && vs->rs[i].fwd.kind == CFG_FWD_TUN;
	for (size_t i = 0; i < g->n && !all_tun; i++) {
		if (!g->entries[i].fwmark && g->entries[i].first.af != vs->af) {
			cfg_diag_error(p->diag, &vs->group_where,
				       "virtual_server_group '%s' mixes IPv4 and IPv6 addresses and not all "
				       "real servers are TUN", g->name);
			return;
		}
	}
}

/* ... then by definition. */
static int cmp_vs(const void *a, const void *b)
{
	const struct cfg_vs *x = *(const struct cfg_vs *const *)a, *y = *(const struct cfg_vs *const *)b;
	int c = cmp_ident(x, y);

	return c ? c : (x > y) - (x < y);
}

struct vs_dup {
	char key[128];
	const struct cfg_vs *vs, *first;
};

static int cmp_dup(const void *a, const void *b)
{
	const struct vs_dup *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->vs > y->vs) - (x->vs < y->vs);
}

/* Reports the later definition of each duplicate pair, in the order of
 * their keys as text. */
static void report_dups(struct cfg_parser *p, struct vs_dup *d, size_t n)
{
	if (n == 0)
		return;
	for (size_t i = 0; i < n; i++)
		vs_key(d[i].vs, d[i].key, sizeof(d[i].key));
	qsort(d, n, sizeof(*d), cmp_dup);
	for (size_t i = 0; i < n; i++)
		cfg_diag_error(p->diag, &d[i].vs->where, "virtual_server %s is already defined (line %u)",
			       d[i].key, d[i].first->where.line);
}

/* Duplicate services: sort once, neighbours that match are duplicates;
 * the later definition is the one reported. */
static void check_vs(struct cfg_parser *p, struct config *cfg)
{
	const struct cfg_vs **v = calloc(cfg->nvs ? cfg->nvs : 1, sizeof(*v));
	struct vs_dup *d = NULL;
	size_t nd = 0;

	for (size_t i = 0; i < cfg->nvs; i++) {
		struct cfg_vs *vs = &cfg->vs[i];
		bool found = vs->kind != CFG_VS_GROUP;
		for (size_t g = 0; !found && g < cfg->nvsg; g++) {
			found = strcmp(cfg->vsg[g].name, vs->group) == 0;
			if (found)
				check_group_family(p, vs, &cfg->vsg[g]);
		}
		if (!found)
			cfg_diag_error(p->diag, &vs->group_where, "virtual_server group '%s' is not defined",
				       vs->group);
		if (v)
			v[i] = vs;
	}
	if (!v) {
		cfg_diag_error(p->diag, NULL, "out of memory");
		return;
	}
	/* a big config usually lists its services in order: check first */
	for (size_t i = 1; i < cfg->nvs; i++) {
		if (cmp_vs(&v[i - 1], &v[i]) > 0) {
			qsort(v, cfg->nvs, sizeof(*v), cmp_vs);
			break;
		}
	}
	for (size_t i = 1; i < cfg->nvs; i++) {
		const struct cfg_vs *a = v[i - 1], *b = v[i];

		if (cmp_ident(a, b) != 0)
			continue;
		if (!(nd & (nd - 1))) {
			struct vs_dup *g = realloc(d, (nd ? nd * 2 : 1) * sizeof(*d));

			if (!g) {
				cfg_diag_error(p->diag, NULL, "out of memory");
				break;
			}
			d = g;
		}
		d[nd++] = (struct vs_dup){ .vs = b, .first = a };
	}
	report_dups(p, d, nd);
	free(d);
	free(v);
}

/* Each line of an instance's or a group's track_* blocks names a block. */
static void check_tracked_names(struct cfg_parser *p, const struct config *cfg,
				const struct cfg_tracked *t, const char *kind, const char *name)
{
	for (size_t k = 0; k < t->nscripts; k++)
		if (!cfg_script_named(cfg, t->scripts[k].name))
			cfg_diag_error(p->diag, &t->scripts[k].where, "%s %s: track_script '%s' is not defined",
				       kind, name, t->scripts[k].name);
	for (size_t k = 0; k < t->nfiles; k++)
		if (!cfg_track_file_named(cfg, t->files[k].name))
			cfg_diag_error(p->diag, &t->files[k].where, "%s %s: track_file '%s' is not defined",
				       kind, name, t->files[k].name);
	for (size_t k = 0; k < t->nprocs; k++)
		if (!cfg_track_process_named(cfg, t->procs[k].name))
			cfg_diag_error(p->diag, &t->procs[k].where, "%s %s: track_process '%s' is not defined",
				       kind, name, t->procs[k].name);
}
/* mcast_dst_ip, else the global group of the instance's family, else
 * the IANA one; a group of the other family is the instance's error. */
static void mcast_group_resolve(struct cfg_parser *p, struct cfg_vrrp *vr, const struct cfg_global *g)
{
	const struct cfg_ip *dflt = vr->af == AF_INET6 ? &g->vrrp_mcast_group6 : &g->vrrp_mcast_group4;

	if (vr->mcast_dst_ip.af && vr->mcast_dst_ip.af != vr->af)
		cfg_diag_error(p->diag, &vr->mcast_dst_where,
			       "vrrp_instance %s: mcast_dst_ip is IPv%c, the instance IPv%c", vr->name,
			       vr->mcast_dst_ip.af == AF_INET ? '4' : '6', vr->af == AF_INET ? '4' : '6');
	if (vr->mcast_dst_ip.af)
		return;
	if (dflt->af)
		vr->mcast_dst_ip = *dflt;
	else
		cfg_ip_parse(vr->af == AF_INET6 ? "ff02::12" : "224.0.0.18", &vr->mcast_dst_ip);
}

static void check_vrrp(struct cfg_parser *p, struct config *cfg)
{
	for (size_t i = 0; i < cfg->nvrrp; i++) {
		struct cfg_vrrp *vr = &cfg->vrrp[i];
		if (!vr->version)
			vr->version = vr->af == AF_INET6 ? 3 : cfg->global.vrrp_version;
		/* the instance's strict_mode, else the global vrrp_strict */
		if (vr->strict < 0)
			vr->strict = cfg->global.vrrp_strict;
		if (vr->skip_check_adv_addr < 0)
			vr->skip_check_adv_addr = cfg->global.vrrp_skip_check_adv_addr;
		/* keepalived 2.2.7 starts an address owner without a state line
		 * as MASTER at once (measured: its first advert in the second it
		 * started); with state BACKUP it waits like any backup */
		if (!vr->state_where.file && vr->priority == 255)
			vr->state = CFG_VRRP_MASTER;
		/* keepalived 2.2.7, strict or not: "nopreempt is incompatible
		 * with priority 255. resetting nopreempt" */
		if (vr->nopreempt && vr->priority == 255) {
			cfg_diag_warn(p->diag, &vr->nopreempt_where, "vrrp_instance %s: nopreempt is "
				      "incompatible with priority 255 (the address owner): nopreempt "
				      "reset", vr->name);
			vr->nopreempt = false;
		}
		/* keepalived.conf(5): accept mode is the default unless strict */
		if (!vr->accept_set)
			vr->accept = !vr->strict;
		if (vr->strict)
			cfg_strict_apply(p, vr);
		cfg_vrrp_tuning_resolve(&vr->tune, &cfg->global);
		mcast_group_resolve(p, vr, &cfg->global);
		if (vr->version == 2 && vr->af == AF_INET6)
			cfg_diag_error(p->diag, vr->version_where.file ? &vr->version_where : &vr->where,
				       "vrrp_instance %s: IPv6 needs VRRP version 3", vr->name);
		if (vr->version == 2 && vr->advert_int % 1000000)
			cfg_diag_error(p->diag, vr->advert_where.file ? &vr->advert_where : &vr->where,
				       "vrrp_instance %s: VRRPv2 advert_int must be whole seconds", vr->name);
		if (vr->version == 3 && vr->auth_type)
			cfg_diag_error(p->diag, &vr->auth_where, "vrrp_instance %s: VRRPv3 has no authentication",
				       vr->name);
		check_tracked_names(p, cfg, &vr->track, "vrrp_instance", vr->name);
		for (size_t j = 0; j < i; j++) {
			const struct cfg_vrrp *o = &cfg->vrrp[j];
			if (strcmp(o->name, vr->name) == 0)
				cfg_diag_error(p->diag, &vr->where, "vrrp_instance %s is already defined (line %u)",
					       vr->name, o->where.line);
			else if (o->vrid == vr->vrid && o->af == vr->af && o->ifname && vr->ifname &&
				 strcmp(o->ifname, vr->ifname) == 0 && !vr->npeers && !o->npeers &&
				 memcmp(o->mcast_dst_ip.b, vr->mcast_dst_ip.b, 16) == 0)
				cfg_diag_error(p->diag, &vr->vrid_where,
					       "vrrp_instance %s: VRID %u on %s is already used by %s", vr->name,
					       vr->vrid, vr->ifname, o->name);
		}
	}
}

/* The sync daemon follows its VRRP instance, whose VRID is the default
 * sync id (keepalived.conf(5)), so both routers agree without saying it. */
static void check_lvs_sync(struct cfg_parser *p, struct config *cfg)
{
	struct cfg_lvs_sync *ls = &cfg->global.lvs_sync;
	const struct cfg_vrrp *vr;

	if (!ls->set || !ls->instance)
		return;
	if ((vr = cfg_vrrp_named(cfg, ls->instance))) {
		if (!ls->syncid_set)
			ls->syncid = vr->vrid;
		return;
	}
	cfg_diag_error(p->diag, &ls->instance_where, "lvs_sync_daemon: vrrp_instance '%s' is not defined",
		       ls->instance);
}

/* Does one of these track lines carry a weight, its own or (without one)
 * its object's? Objects are an array of n, each `size` bytes, with the
 * name at name_off and the int weight at weight_off. */
static bool lines_weighted(const struct cfg_track *l, size_t nl, const void *objs, size_t n,
			   size_t size, size_t name_off, size_t weight_off)
{
	for (size_t t = 0; t < nl; t++) {
		if (l[t].weight_set) {
			if (l[t].weight)
				return true;
			continue;
		}
		for (size_t k = 0; k < n; k++) {
			const char *o = (const char *)objs + k * size;
			if (strcmp(*(char *const *)(o + name_off), l[t].name) == 0 &&
			    *(const int *)(o + weight_off))
				return true;
		}
	}
	return false;
}

static bool weighted_tracking(const struct config *cfg, const struct cfg_tracked *t)
{
	return lines_weighted(t->scripts, t->nscripts, cfg->scripts, cfg->nscripts,
			      sizeof(*cfg->scripts), offsetof(struct cfg_vrrp_script, name),
			      offsetof(struct cfg_vrrp_script, weight)) ||
	       lines_weighted(t->files, t->nfiles, cfg->track_files, cfg->ntrack_files,
			      sizeof(*cfg->track_files), offsetof(struct cfg_track_file, name),
			      offsetof(struct cfg_track_file, weight)) ||
	       lines_weighted(t->procs, t->nprocs, cfg->track_procs, cfg->ntrack_procs,
			      sizeof(*cfg->track_procs), offsetof(struct cfg_track_process, name),
			      offsetof(struct cfg_track_process, weight)) ||
	       lines_weighted(t->bfds, t->nbfds, cfg->bfds, cfg->nbfds, sizeof(*cfg->bfds),
			      offsetof(struct cfg_bfd, name), offsetof(struct cfg_bfd, weight));
}

/* keepalived.conf(5): members' script and file weights are set to 0,
 * unless the group says sync_group_tracking_weight. */
static void warn_member_weights(struct cfg_parser *p, const struct config *cfg,
				const struct cfg_sync_group *g, size_t m)
{
	const struct cfg_vrrp *vr = g->tracking_weight ? NULL : cfg_vrrp_named(cfg, g->members[m]);

	if (vr && weighted_tracking(cfg, &vr->track))
		cfg_diag_warn(p->diag, &g->member_where[m],
			      "vrrp_sync_group %s: %s's track_script/file/process/bfd weights count as 0 "
			      "in a sync group (a failure is a FAULT)", g->name, g->members[m]);
}

static void warn_twice(struct cfg_parser *p, const struct cfg_track *l, size_t n,
		       const struct cfg_track *gl, size_t gn, const char *what,
		       const struct cfg_vrrp *vr, const struct cfg_sync_group *g)
{
	for (size_t k = 0; k < n; k++)
		for (size_t j = 0; j < gn; j++)
			if (strcmp(l[k].name, gl[j].name) == 0)
				cfg_diag_warn(p->diag, &l[k].where,
					      "vrrp_instance %s: %s %s is also tracked by its sync group %s, "
					      "whose line counts; this one is ignored", vr->name, what,
					      l[k].name, g->name);
}

/* keepalived 2.2.7 drops a member's line for an object its group tracks */
static void warn_tracked_twice(struct cfg_parser *p, const struct config *cfg,
			       const struct cfg_sync_group *g, size_t m)
{
	for (size_t i = 0; i < cfg->nvrrp; i++) {
		const struct cfg_vrrp *vr = &cfg->vrrp[i];
		const struct cfg_tracked *t = &vr->track, *gt = &g->track;

		if (strcmp(vr->name, g->members[m]) != 0)
			continue;
		warn_twice(p, t->ifs, t->nifs, gt->ifs, gt->nifs, "track_interface", vr, g);
		warn_twice(p, t->scripts, t->nscripts, gt->scripts, gt->nscripts, "track_script", vr, g);
		warn_twice(p, t->files, t->nfiles, gt->files, gt->nfiles, "track_file", vr, g);
		warn_twice(p, t->procs, t->nprocs, gt->procs, gt->nprocs, "track_process", vr, g);
		warn_twice(p, t->bfds, t->nbfds, gt->bfds, gt->nbfds, "track_bfd", vr, g);
	}
}

static void check_groups(struct cfg_parser *p, struct config *cfg)
{
	for (size_t i = 0; i < cfg->ngroups; i++) {
		struct cfg_sync_group *g = &cfg->groups[i];
		if (g->nmembers == 0)
			cfg_diag_error(p->diag, &g->where, "vrrp_sync_group %s has no group members", g->name);
		check_tracked_names(p, cfg, &g->track, "vrrp_sync_group", g->name);
		for (size_t m = 0; m < g->nmembers; m++) {
			if (!cfg_vrrp_named(cfg, g->members[m])) {
				cfg_diag_error(p->diag, &g->member_where[m],
					       "vrrp_sync_group %s: vrrp_instance '%s' is not defined", g->name,
					       g->members[m]);
				continue;
			}
			warn_member_weights(p, cfg, g, m);
			warn_tracked_twice(p, cfg, g, m);
		}
	}
	check_lvs_sync(p, cfg);
}

/* A FILE_CHECK names a track_file block: link it, now that all are read. */
static void link_file_checks(struct cfg_parser *p, struct config *cfg)
{
	if (p->file_checks == 0)	/* spares a walk over every check of a big config */
		return;
	for (size_t v = 0; v < cfg->nvs; v++)
		for (size_t r = 0; r < cfg->vs[v].nrs; r++) {
			struct cfg_rs *rs = &cfg->vs[v].rs[r];
			for (size_t i = 0; i < rs->nchecks; i++) {
				struct cfg_check *c = &rs->checks[i];
				if (c->kind != CFG_CHECK_FILE || !c->track->track_name)
					continue;
				c->track->track_file = cfg_track_file_named(cfg, c->track->track_name);
				if (!c->track->track_file)
					cfg_diag_error(p->diag, &rs->where, "FILE_CHECK: track_file '%s' is not defined",
						       c->track->track_name);
			}
		}
}

/* checker_log_all_failures: the default of the checks that do not say;
 * global_defs may come after them. */
static void log_failures_default(struct config *cfg)
{
	if (!cfg->global.checker_log_all_failures)
		return;
	for (size_t v = 0; v < cfg->nvs; v++)
		for (size_t r = 0; r < cfg->vs[v].nrs; r++)
			for (size_t i = 0; i < cfg->vs[v].rs[r].nchecks; i++) {
				struct cfg_check *c = &cfg->vs[v].rs[r].checks[i];

				if (!c->log_all_failures_set)
					c->log_all_failures = true;
			}
}

void cfg_validate(struct cfg_parser *p, struct config *cfg)
{
	log_failures_default(cfg);
	link_file_checks(p, cfg);
	check_vs(p, cfg);
	check_vrrp(p, cfg);
	check_groups(p, cfg);
	cfg_bfd_check_names(p, cfg);
	cfg_garp_check(p, cfg);
	cfg_smtp_resolve(p, cfg);
	cfg_static_check(p, cfg);	/* it adds track_interface lines */
	if (p->opts && p->opts->host_checks)
		cfg_host_check(p, cfg);
}
