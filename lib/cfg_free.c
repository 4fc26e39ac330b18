// SPDX-License-Identifier: GPL-2.0-or-later
/* Releasing a config snapshot and its parts. */
#include "config.h"

#include <stdlib.h>

#include "cfg_bfd.h"
#include "cfg_garp.h"
#include "cfg_ifdelay.h"
#include "cfg_global.h"
#include "cfg_lvs.h"
#include "cfg_route.h"
#include "cfg_static.h"
#include "cfg_vrrp.h"

void cfg_script_free(struct cfg_script *s)
{
	free(s->cmd);
	free(s->user);
	free(s->group);
}

void cfg_rs_free(struct cfg_rs *rs)
{
	for (size_t i = 0; i < rs->nchecks; i++)
		cfg_check_free(&rs->checks[i]);
	free(rs->checks);
	if (rs->opt && rs->opt != &cfg_rs_opt_none) {
		struct cfg_rs_opt *o = (struct cfg_rs_opt *)rs->opt;	/* its own, see rs_opt */

		cfg_script_free(&o->notify_up);
		cfg_script_free(&o->notify_down);
		free(o->virtualhost);
		free(o);
	}
}

void cfg_vs_free(struct cfg_vs *vs)
{
	for (size_t i = 0; i < vs->nrs; i++)
		cfg_rs_free(&vs->rs[i]);
	free(vs->rs);
	if (vs->sorry) {
		cfg_rs_free(vs->sorry);
		free(vs->sorry);
	}
	free(vs->group);
	free(vs->persistence_engine);
	cfg_script_free(&vs->quorum_up);
	cfg_script_free(&vs->quorum_down);
	free(vs->virtualhost);
}

static void free_vips(struct cfg_vip *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].dev);
		free(v[i].label);
		free(v[i].scope);
		free(v[i].track_group);
	}
	free(v);
}

static void free_tracks(struct cfg_track *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(t[i].name);
	free(t);
}

static void free_tracked(struct cfg_tracked *t)
{
	free_tracks(t->ifs, t->nifs);
	free_tracks(t->scripts, t->nscripts);
	free_tracks(t->files, t->nfiles);
	free_tracks(t->procs, t->nprocs);
	free_tracks(t->bfds, t->nbfds);
}

void cfg_vrrp_free(struct cfg_vrrp *vr)
{
	free(vr->name);
	free(vr->ifname);
	free(vr->unicast_peers);
	free(vr->peer_ttl);
	free_vips(vr->vips, vr->nvips);
	free_vips(vr->evips, vr->nevips);
	cfg_routes_free(&vr->vroutes);
	free_tracked(&vr->track);
	free(vr->auth_type);
	free(vr->auth_pass);
	cfg_script_free(&vr->notify);
	cfg_script_free(&vr->notify_master);
	cfg_script_free(&vr->notify_backup);
	cfg_script_free(&vr->notify_fault);
	cfg_script_free(&vr->notify_stop);
	cfg_script_free(&vr->notify_master_rx_lower_pri);
	free(vr->vmac_name);
}

static void free_groups(struct config *cfg)
{
	for (size_t i = 0; i < cfg->ngroups; i++) {
		struct cfg_sync_group *g = &cfg->groups[i];
		for (size_t m = 0; m < g->nmembers; m++)
			free(g->members[m]);
		free(g->members);
		free(g->member_where);
		free(g->name);
		free_tracked(&g->track);
		cfg_script_free(&g->notify);
		cfg_script_free(&g->notify_master);
		cfg_script_free(&g->notify_backup);
		cfg_script_free(&g->notify_fault);
		cfg_script_free(&g->notify_stop);
	}
	free(cfg->groups);
}

void cfg_free(struct config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->nvs; i++)
		cfg_vs_free(&cfg->vs[i]);
	free(cfg->vs);
	for (size_t i = 0; i < cfg->nvsg; i++) {
		free(cfg->vsg[i].name);
		free(cfg->vsg[i].entries);
	}
	free(cfg->vsg);
	for (size_t i = 0; i < cfg->nvrrp; i++)
		cfg_vrrp_free(&cfg->vrrp[i]);
	free(cfg->vrrp);
	for (size_t i = 0; i < cfg->nscripts; i++) {
		free(cfg->scripts[i].name);
		cfg_script_free(&cfg->scripts[i].script);
	}
	free(cfg->scripts);
	free_groups(cfg);
	cfg_garp_groups_free(cfg);
	cfg_if_delays_free(cfg);
	for (size_t i = 0; i < cfg->ntrack_files; i++) {
		free(cfg->track_files[i].name);
		free(cfg->track_files[i].file);
	}
	free(cfg->track_files);
	for (size_t i = 0; i < cfg->ntrack_procs; i++) {
		struct cfg_track_process *t = &cfg->track_procs[i];

		free(t->name);
		for (size_t k = 0; k < t->argc; k++)
			free(t->argv[k]);
		free(t->argv);
	}
	free(cfg->track_procs);
	cfg_bfds_free(cfg);
	cfg_routes_free(&cfg->static_rt);
	free_vips(cfg->static_addrs, cfg->nstatic_addrs);
	cfg_static_free(cfg);
	cfg_global_free(&cfg->global);
	free(cfg->path);
	free(cfg);
}
