// SPDX-License-Identifier: GPL-2.0-or-later
/* KEEPALIVED-MIB's tracked objects: what each instance's and each sync
 * group's track_interface, track_script, track_file and track_process
 * lines say, with the weights keel applies (the line's, else the
 * object's; a sync group member's own scripts, files and processes have
 * none, see vrrp_track_sum), and the vrrp_script, vrrp_track_file and
 * vrrp_track_process blocks themselves with their current results. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "snmp_mib_vrrp.h"
#include "vrrp_procs.h"

/* WgtRev: true(1) when the weight counts the other way */
static long rev(bool reverse)
{
	return reverse ? 1 : 2;
}

/* What keel applies for a track_script or track_file line (vrrp_line_weight). */
static struct vrrp_tracked applied(const struct cfg_track *t, int def, bool def_rev)
{
	const struct vrrp_line l = { .weight_set = t->weight_set, .weight = t->weight,
				     .reverse_set = t->reverse_set, .reverse = t->reverse };
	struct vrrp_tracked o;

	vrrp_line_weight(&l, def, def_rev, &o);
	return o;
}

/* The track_interface lines of an instance or a group (owner), by ifIndex */
static void if_lines(const struct cfg_tracked *set, long owner, snmp_ifindex_fn *ifindex,
		     struct snmp_rows *out)
{
	for (size_t k = 0; k < set->nifs; k++) {
		const struct cfg_track *t = &set->ifs[k];
		unsigned ifi = ifindex(t->name);
		struct snmp_row *row;

		if (!ifi)
			continue;	/* no such interface now: no index */
		row = snmp_rows_add(out, (long[]){ owner, (long)ifi }, 2);
		snmp_row_str(row, 1, t->name);
		snmp_row_int(row, 2, t->weight_set ? t->weight : 0);
		snmp_row_int(row, 3, rev(t->weight_set && t->reverse));
	}
}

void snmp_mib_tracked_ifs(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			  snmp_ifindex_fn *ifindex, struct snmp_rows *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct cfg_vrrp *c = snmp_mib_vrrp_conf(cfg, &v[i]);

		if (c)
			if_lines(&c->track, (long)i + 1, ifindex, out);
	}
}

/* A line's object: its own weight and reverse; false when there is none
 * of that name (the validator refuses such a line). */
typedef bool object_fn(const struct config *cfg, const char *name, int *weight, bool *reverse);

static bool script_named(const struct config *cfg, const char *name, int *weight, bool *reverse)
{
	const struct cfg_vrrp_script *o = cfg_script_named(cfg, name);

	if (o) {
		*weight = o->weight;
		*reverse = o->weight_reverse;
	}
	return o != NULL;
}

static bool file_named(const struct config *cfg, const char *name, int *weight, bool *reverse)
{
	const struct cfg_track_file *o = cfg_track_file_named(cfg, name);

	if (o) {
		*weight = o->weight;
		*reverse = o->weight_reverse;
	}
	return o != NULL;
}

static bool process_named(const struct config *cfg, const char *name, int *weight, bool *reverse)
{
	const struct cfg_track_process *o = cfg_track_process_named(cfg, name);

	if (o) {
		*weight = o->weight;
		*reverse = o->weight_reverse;
	}
	return o != NULL;
}

/* The rows of one instance's or sync group's (owner) track_script,
 * track_file or track_process lines; weighs: their weights count. */
static void tracked_lines(const struct config *cfg, long owner, const struct cfg_track *lines,
			  size_t nlines, object_fn *object, bool weighs, struct snmp_rows *out)
{
	long idx = 1;

	for (size_t k = 0; k < nlines; k++) {
		const struct cfg_track *t = &lines[k];
		struct vrrp_tracked o;
		struct snmp_row *row;
		int w;
		bool r;

		if (!object(cfg, t->name, &w, &r))
			continue;
		o = applied(t, w, r);
		row = snmp_rows_add(out, (long[]){ owner, idx++ }, 2);
		snmp_row_str(row, 2, t->name);
		snmp_row_int(row, 3, weighs ? o.weight : 0);
		snmp_row_int(row, 4, rev(o.reverse));
	}
}

enum line_kind { LINES_SCRIPT, LINES_FILE, LINES_PROCESS };

/* One kind of lines of a set (an instance's or a group's). */
static void set_lines(const struct config *cfg, long owner, const struct cfg_tracked *set,
		      enum line_kind kind, bool weighs, struct snmp_rows *out)
{
	if (kind == LINES_SCRIPT)
		tracked_lines(cfg, owner, set->scripts, set->nscripts, script_named, weighs, out);
	else if (kind == LINES_FILE)
		tracked_lines(cfg, owner, set->files, set->nfiles, file_named, weighs, out);
	else
		tracked_lines(cfg, owner, set->procs, set->nprocs, process_named, weighs, out);
}

/* Every instance's lines of one kind; a sync group member's weigh
 * nothing unless the group says sync_group_tracking_weight (see
 * vrrp_track_sum). */
static void tracked_kind(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			 enum line_kind kind, struct snmp_rows *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct cfg_vrrp *c = snmp_mib_vrrp_conf(cfg, &v[i]);
		const struct cfg_sync_group *g;

		if (!c)
			continue;
		g = cfg_group_of(cfg, c->name);
		set_lines(cfg, (long)i + 1, &c->track, kind, !g || g->tracking_weight, out);
	}
}

void snmp_mib_tracked_scripts(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			      snmp_ifindex_fn *ifindex, struct snmp_rows *out)
{
	(void)ifindex;
	tracked_kind(cfg, v, n, LINES_SCRIPT, out);
}

void snmp_mib_tracked_files(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			    snmp_ifindex_fn *ifindex, struct snmp_rows *out)
{
	(void)ifindex;
	tracked_kind(cfg, v, n, LINES_FILE, out);
}

void snmp_mib_tracked_procs(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			    snmp_ifindex_fn *ifindex, struct snmp_rows *out)
{
	(void)ifindex;
	tracked_kind(cfg, v, n, LINES_PROCESS, out);
}

/* vrrpProcessParamMatch: none(0), exact(1), partial(2), initial(3) */
static long param_match(const struct cfg_track_process *t)
{
	if (t->argc < 2 && !t->param_match_set)
		return 0;
	return t->param_match == CFG_PARAM_PARTIAL ? 2 : t->param_match == CFG_PARAM_INITIAL ? 3 : 1;
}

/* the parameters, one space apart */
static void params_str(const struct cfg_track_process *t, char *buf, size_t cap)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t k = 1; k < t->argc && len < cap; k++)
		len += (size_t)snprintf(buf + len, cap - len, "%s%s", k > 1 ? " " : "", t->argv[k]);
}

void snmp_mib_procs(const struct config *cfg, const size_t *count, const enum vrrp_obj_state *st,
		    struct snmp_rows *out)
{
	char params[1024];

	for (size_t k = 0; k < cfg->ntrack_procs; k++) {
		const struct cfg_track_process *t = &cfg->track_procs[k];
		struct snmp_row *row = snmp_rows_add(out, (long[]){ (long)k + 1 }, 1);

		params_str(t, params, sizeof(params));
		snmp_row_str(row, 2, t->name);
		snmp_row_str(row, 3, t->argv[0]);
		snmp_row_str(row, 4, params);
		snmp_row_int(row, 5, param_match(t));
		snmp_row_int(row, 6, t->weight);
		snmp_row_int(row, 7, rev(t->weight_reverse));
		snmp_row_uint(row, 8, t->quorum);
		snmp_row_int(row, 9, t->quorum_max > INT32_MAX ? -1 : (long)t->quorum_max);
		snmp_row_uint(row, 10, (unsigned long)t->fork_delay_us);
		snmp_row_uint(row, 11, (unsigned long)t->terminate_delay_us);
		/* true whenever the command line is matched */
		snmp_row_int(row, 12, rev(vrrp_proc_wants_cmdline(t)));
		snmp_row_int(row, 13, (long)count[k]);
		snmp_row_int(row, 14, st[k] == VRRP_OBJ_UP ? 1 : 2);
	}
}

/* vrrpScriptResult */
static long script_result(enum vrrp_obj_state st)
{
	return st == VRRP_OBJ_UP ? 3 : st == VRRP_OBJ_DOWN ? 2 : 1;	/* good, bad, init */
}

void snmp_mib_scripts(const struct config *cfg, const enum vrrp_obj_state *st, struct snmp_rows *out)
{
	for (size_t k = 0; k < cfg->nscripts; k++) {
		const struct cfg_vrrp_script *s = &cfg->scripts[k];
		struct snmp_row *row = snmp_rows_add(out, (long[]){ (long)k + 1 }, 1);

		snmp_row_str(row, 2, s->name);
		snmp_row_str(row, 3, s->script.cmd ? s->script.cmd : "");
		snmp_row_int(row, 4, (long)(s->interval / 1000000u));
		snmp_row_int(row, 5, s->weight);
		snmp_row_int(row, 6, script_result(st[k]));
		snmp_row_uint(row, 7, s->rise);
		snmp_row_uint(row, 8, s->fall);
		snmp_row_int(row, 9, rev(s->weight_reverse));
	}
}

void snmp_mib_files(const struct config *cfg, snmp_file_value_fn *value, struct snmp_rows *out)
{
	for (size_t k = 0; k < cfg->ntrack_files; k++) {
		const struct cfg_track_file *f = &cfg->track_files[k];
		struct snmp_row *row = snmp_rows_add(out, (long[]){ (long)k + 1 }, 1);

		snmp_row_str(row, 2, f->name);
		snmp_row_str(row, 3, f->file);
		snmp_row_int(row, 4, (long)value(f->file));
		snmp_row_int(row, 5, f->weight);
		snmp_row_int(row, 6, rev(f->weight_reverse));
	}
}

/* --- vrrpSyncTracked*Table: each sync group's lines, which weigh as
 * written. As in the instances' tables keel indexes the interface lines by
 * ifIndex, as the MIB says, and shows the weight it applies (keepalived
 * 2.2.7: the lines' places, and a file line's block weight where the line
 * sets its own). */

void snmp_mib_sync_tracked_ifs(const struct config *cfg, snmp_ifindex_fn *ifindex,
			       struct snmp_rows *out)
{
	for (size_t g = 0; g < cfg->ngroups; g++)
		if_lines(&cfg->groups[g].track, (long)g + 1, ifindex, out);
}

static void sync_kind(const struct config *cfg, enum line_kind kind, struct snmp_rows *out)
{
	for (size_t g = 0; g < cfg->ngroups; g++)
		set_lines(cfg, (long)g + 1, &cfg->groups[g].track, kind, true, out);
}

void snmp_mib_sync_tracked_scripts(const struct config *cfg, struct snmp_rows *out)
{
	sync_kind(cfg, LINES_SCRIPT, out);
}

void snmp_mib_sync_tracked_files(const struct config *cfg, struct snmp_rows *out)
{
	sync_kind(cfg, LINES_FILE, out);
}

void snmp_mib_sync_tracked_procs(const struct config *cfg, struct snmp_rows *out)
{
	sync_kind(cfg, LINES_PROCESS, out);
}
