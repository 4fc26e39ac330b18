// SPDX-License-Identifier: GPL-2.0-or-later
/* KEEPALIVED-MIB's tracked objects: what each instance's track_interface,
 * track_script and track_file lines say, with the weights keel applies
 * (the line's, else the object's; a sync group member's scripts and files
 * have none, see vrrp_track_sum), and the vrrp_script and vrrp_track_file
 * blocks themselves with their current results. */
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

void snmp_mib_tracked_ifs(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			  snmp_ifindex_fn *ifindex, struct snmp_rows *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct cfg_vrrp *c = snmp_mib_vrrp_conf(cfg, &v[i]);

		for (size_t k = 0; c && k < c->ntrack_if; k++) {
			const struct cfg_track *t = &c->track_if[k];
			unsigned ifi = ifindex(t->name);
			struct snmp_row *row;

			if (!ifi)
				continue;	/* no such interface now: no index */
			row = snmp_rows_add(out, (long[]){ (long)i + 1, (long)ifi }, 2);
			snmp_row_str(row, 1, t->name);
			snmp_row_int(row, 2, t->weight_set ? t->weight : 0);
			snmp_row_int(row, 3, rev(t->weight_set && t->reverse));
		}
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

/* The rows of one instance's track_script, track_file or track_process lines. */
static void tracked_lines(const struct config *cfg, const struct cfg_vrrp *c, long inst,
			  const struct cfg_track *lines, size_t nlines, object_fn *object,
			  struct snmp_rows *out)
{
	bool weighs = !*snmp_mib_group_of(cfg, c->name);
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
		row = snmp_rows_add(out, (long[]){ inst, idx++ }, 2);
		snmp_row_str(row, 2, t->name);
		snmp_row_int(row, 3, weighs ? o.weight : 0);
		snmp_row_int(row, 4, rev(o.reverse));
	}
}

enum line_kind { LINES_SCRIPT, LINES_FILE, LINES_PROCESS };

/* Every instance's lines of one kind. */
static void tracked_kind(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			 enum line_kind kind, struct snmp_rows *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct cfg_vrrp *c = snmp_mib_vrrp_conf(cfg, &v[i]);

		if (!c)
			continue;
		if (kind == LINES_SCRIPT)
			tracked_lines(cfg, c, (long)i + 1, c->track_script, c->ntrack_script, script_named, out);
		else if (kind == LINES_FILE)
			tracked_lines(cfg, c, (long)i + 1, c->track_file, c->ntrack_file, file_named, out);
		else
			tracked_lines(cfg, c, (long)i + 1, c->track_process, c->ntrack_process,
				      process_named, out);
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
