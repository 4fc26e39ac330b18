// SPDX-License-Identifier: GPL-2.0-or-later
/* vrrp_sync_group: its members (in 'group { }', or bare in the old
 * syntax), notify scripts and tracking; and the group an instance is a
 * member of. */
#include "config.h"

#include <string.h>

#include "cfg_smtp.h"
#include "cfg_vrrp.h"
#include "cfg_vrrp_int.h"

/* --- vrrp_sync_group NAME { group { A B } notify... } */

static int group_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_sync_group *g = obj;
	return cfg_arg_names(p, st, &g->members, &g->nmembers, &g->member_where);
}

static const struct cfg_block members_block = { "group", NULL, 0, group_line, NULL };

static int sg_notify(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_sync_group *g = obj;
	const char *k = st->argv[0];
	struct cfg_script *s = strcmp(k, "notify") == 0 ? &g->notify
			     : strcmp(k, "notify_master") == 0 ? &g->notify_master
			     : strcmp(k, "notify_backup") == 0 ? &g->notify_backup
			     : strcmp(k, "notify_fault") == 0 ? &g->notify_fault : &g->notify_stop;
	return cfg_arg_script(p, st, s);
}

static int sg_prio_changes(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return cfg_prio_changes_arg(p, st, &((struct cfg_sync_group *)obj)->notify_priority_changes);
}

static int sg_smtp_alert(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return cfg_smtp_alert_arg(p, st, &((struct cfg_sync_group *)obj)->smtp_alert);
}

static void *sg_tracked(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return &((struct cfg_sync_group *)obj)->track;
}

/* global_tracking is keepalived's deprecated name of the same switch */
static int sg_tracking_weight(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_sync_group *g = obj;

	if (strcmp(st->argv[0], "global_tracking") == 0)
		cfg_warn(p, st, 0, "'global_tracking' is deprecated; read as sync_group_tracking_weight");
	g->tracking_weight = true;
	return 0;
}

static const struct cfg_kw sync_kw[] = {
	{ "global_tracking", 0, 0, sg_tracking_weight, NULL, NULL, NULL },
	{ "group", 0, 0, NULL, cfg_open_self, &members_block, NULL },
	{ "notify", 1, 3, sg_notify, NULL, NULL, NULL },
	{ "notify_backup", 1, 3, sg_notify, NULL, NULL, NULL },
	{ "notify_fault", 1, 3, sg_notify, NULL, NULL, NULL },
	{ "notify_master", 1, 3, sg_notify, NULL, NULL, NULL },
	{ "notify_priority_changes", 0, 1, sg_prio_changes, NULL, NULL, NULL },
	{ "notify_stop", 1, 3, sg_notify, NULL, NULL, NULL },
	{ "smtp_alert", 0, 1, sg_smtp_alert, NULL, NULL, NULL },
	{ "sync_group_tracking_weight", 0, 0, sg_tracking_weight, NULL, NULL, NULL },
	{ "track_bfd", 0, 0, NULL, sg_tracked, &cfg_tracked_bfd_block, NULL },
	{ "track_file", 0, 0, NULL, sg_tracked, &cfg_tracked_file_block, NULL },
	{ "track_interface", 0, 0, NULL, sg_tracked, &cfg_tracked_if_block, NULL },
	{ "track_process", 0, 0, NULL, sg_tracked, &cfg_tracked_process_block, NULL },
	{ "track_script", 0, 0, NULL, sg_tracked, &cfg_tracked_script_block, NULL },
};

/* Members listed straight in the block (an old syntax, in keepalived's own
 * sample keepalived.conf.vrrp.lvs_syncd): keel reads them, keepalived
 * 2.2.7 ignores them as unknown keywords, so each line is warned about. */
static int bare_member_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	cfg_warn(p, st, 0, "'%s': a vrrp_sync_group member outside 'group { }': keel reads it, "
		 "keepalived 2.2.7 ignores it as an unknown keyword", st->argv[0]);
	return group_line(p, obj, st);
}

const struct cfg_block cfg_sync_block = { "vrrp_sync_group", CFG_TABLE(sync_kw), bare_member_line,
					  NULL };

void *cfg_sync_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct config *cfg = obj;
	struct cfg_sync_group *g = cfg_push(p, &cfg->groups, &cfg->ngroups, sizeof(*g));

	if (!g)
		return NULL;
	g->where = st->loc[0];
	g->notify_priority_changes = -1;
	if (cfg_arg_str(p, st, 1, &g->name) < 0) {
		cfg->ngroups--;
		return NULL;
	}
	return g;
}

const struct cfg_sync_group *cfg_group_of(const struct config *cfg, const char *instance)
{
	for (size_t g = 0; g < cfg->ngroups; g++)
		for (size_t m = 0; m < cfg->groups[g].nmembers; m++)
			if (strcmp(cfg->groups[g].members[m], instance) == 0)
				return &cfg->groups[g];
	return NULL;
}
