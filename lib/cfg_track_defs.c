// SPDX-License-Identifier: GPL-2.0-or-later
/* The top-level blocks that define what tracking lines name:
 * vrrp_script, vrrp_track_file and vrrp_track_process, and their lookups
 * by name. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_block.h"
#include "cfg_vrrp.h"

/* --- vrrp_script NAME { script ...; interval; timeout; weight; rise; fall; user } */

static int sc_kw(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp_script *s = obj;
	const char *k = st->argv[0];
	uint64_t v;
	int64_t w;

	if (strcmp(k, "script") == 0)
		return cfg_arg_script(p, st, &s->script);
	if (strcmp(k, "user") == 0) {
		if (cfg_arg_str(p, st, 1, &s->script.user) < 0)
			return -1;
		return st->argc > 2 ? cfg_arg_str(p, st, 2, &s->script.group) : 0;
	}
	if (strcmp(k, "weight") == 0) {
		if (cfg_arg_int(p, st, 1, -253, 253, &w) < 0)
			return -1;
		s->weight = (int)w;
		s->weight_reverse = st->argc > 2 && strcmp(st->argv[2], "reverse") == 0;
		return 0;
	}
	if (strcmp(k, "init_fail") == 0) {
		s->init_fail = true;
		return 0;
	}
	if (strcmp(k, "rise") == 0 || strcmp(k, "fall") == 0) {
		if (cfg_arg_uint(p, st, 1, 1, UINT32_MAX, &v) < 0)
			return -1;
		*(k[0] == 'r' ? &s->rise : &s->fall) = (unsigned)v;
		return 0;
	}
	if (cfg_arg_timer(p, st, 1, &v) < 0)
		return -1;
	*(k[0] == 'i' ? &s->interval : &s->timeout) = v;
	return 0;
}

static const struct cfg_kw script_kw[] = {
	{ "fall", 1, 1, sc_kw, NULL, NULL, NULL },
	{ "init_fail", 0, 0, sc_kw, NULL, NULL, NULL },
	{ "interval", 1, 1, sc_kw, NULL, NULL, NULL },
	{ "rise", 1, 1, sc_kw, NULL, NULL, NULL },
	{ "script", 1, 3, sc_kw, NULL, NULL, NULL },
	{ "timeout", 1, 1, sc_kw, NULL, NULL, NULL },
	{ "user", 1, 2, sc_kw, NULL, NULL, NULL },
	{ "weight", 1, 2, sc_kw, NULL, NULL, NULL },
};

static void script_close(struct cfg_parser *p, void *obj, const struct cfg_loc *where)
{
	struct cfg_vrrp_script *s = obj;
	if (!s->script.cmd)
		cfg_diag_error(p->diag, where, "vrrp_script '%s' needs a script", s->name);
}

const struct cfg_block cfg_script_block = { "vrrp_script", CFG_TABLE(script_kw), NULL, script_close };

void *cfg_script_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct config *cfg = obj;
	struct cfg_vrrp_script *s = cfg_push(p, &cfg->scripts, &cfg->nscripts, sizeof(*s));

	if (!s)
		return NULL;
	s->interval = 1000000;
	s->rise = s->fall = 1;
	if (cfg_arg_str(p, st, 1, &s->name) < 0) {
		cfg->nscripts--;
		return NULL;
	}
	return s;
}

/* --- vrrp_track_file NAME { file PATH; weight N [reverse]; init_file } */

/* init_file [VALUE] [overwrite] */
static int init_file(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_track_file *t)
{
	size_t i = 1;

	t->init_file = true;
	if (st->argc > i && strcmp(st->argv[i], "overwrite") != 0 &&
	    cfg_arg_int(p, st, i++, INT32_MIN, INT32_MAX, &t->init_value) < 0)
		return -1;
	if (st->argc > i) {
		if (strcmp(st->argv[i], "overwrite") != 0 || st->argc > i + 1) {
			cfg_err(p, st, i, "'%s': expected 'init_file [VALUE] [overwrite]'", st->argv[i]);
			return -1;
		}
		t->init_overwrite = true;
	}
	return 0;
}

static int tf_kw(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_track_file *t = obj;
	int64_t w;

	if (strcmp(st->argv[0], "file") == 0)
		return cfg_arg_str(p, st, 1, &t->file);
	if (strcmp(st->argv[0], "init_file") == 0)
		return init_file(p, st, t);
	if (cfg_arg_int(p, st, 1, -254, 254, &w) < 0)
		return -1;
	t->weight = (int)w;
	t->weight_reverse = st->argc > 2 && strcmp(st->argv[2], "reverse") == 0;
	return 0;
}

static const struct cfg_kw track_file_kw[] = {
	{ "file", 1, 1, tf_kw, NULL, NULL, NULL },
	{ "init_file", 0, 2, tf_kw, NULL, NULL, NULL },
	{ "weight", 1, 2, tf_kw, NULL, NULL, NULL },
};

static void tf_close(struct cfg_parser *p, void *obj, const struct cfg_loc *where)
{
	struct cfg_track_file *t = obj;
	if (!t->file)
		cfg_diag_error(p->diag, where, "track file '%s' needs 'file PATH'", t->name);
}

const struct cfg_block cfg_track_file_block = { "track_file", CFG_TABLE(track_file_kw), NULL, tf_close };

void *cfg_track_file_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct config *cfg = obj;
	struct cfg_track_file *t = cfg_push(p, &cfg->track_files, &cfg->ntrack_files, sizeof(*t));

	if (!t)
		return NULL;
	t->weight = 1;
	if (cfg_arg_str(p, st, 1, &t->name) < 0) {
		cfg->ntrack_files--;
		return NULL;
	}
	return t;
}

/* --- vrrp_track_process NAME { process CMD [PARAM...]; param_match
 * initial|partial; weight N [reverse]; quorum N; quorum_max N;
 * fork_delay S; terminate_delay S; delay S; full_command } */

static int tp_process(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_track_process *t)
{
	if (t->argv) {
		cfg_err(p, st, 0, "track process '%s': 'process' given twice", t->name);
		return -1;
	}
	t->argv = calloc(st->argc - 1, sizeof(*t->argv));
	if (!t->argv)
		return -1;
	for (size_t i = 1; i < st->argc; i++) {
		if (cfg_arg_str(p, st, i, &t->argv[i - 1]) < 0)
			return -1;
		t->argc++;
	}
	return 0;
}

static int tp_count(struct cfg_parser *p, const struct cfg_stmt *st, uint32_t *out)
{
	uint64_t v;

	if (cfg_arg_uint(p, st, 1, 0, UINT32_MAX, &v) < 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int tp_kw(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_track_process *t = obj;
	const char *k = st->argv[0];
	uint64_t us;
	int64_t w;

	if (strcmp(k, "process") == 0)
		return tp_process(p, st, t);
	if (strcmp(k, "param_match") == 0) {
		t->param_match_set = true;
		if (st->argc < 2)
			return 0;
		if (strcmp(st->argv[1], "initial") == 0)
			t->param_match = CFG_PARAM_INITIAL;
		else if (strcmp(st->argv[1], "partial") == 0)
			t->param_match = CFG_PARAM_PARTIAL;
		else {
			cfg_err(p, st, 1, "'%s': param_match expects initial or partial", st->argv[1]);
			return -1;
		}
		return 0;
	}
	if (strcmp(k, "full_command") == 0)
		return cfg_arg_bool(p, st, 1, &t->full_command);
	if (strcmp(k, "quorum") == 0)
		return tp_count(p, st, &t->quorum);
	if (strcmp(k, "quorum_max") == 0)
		return tp_count(p, st, &t->quorum_max);
	if (strcmp(k, "weight") == 0) {
		if (cfg_arg_int(p, st, 1, -254, 254, &w) < 0)
			return -1;
		t->weight = (int)w;
		t->weight_reverse = st->argc > 2 && strcmp(st->argv[2], "reverse") == 0;
		return 0;
	}
	if (cfg_arg_timer(p, st, 1, &us) < 0)
		return -1;
	if (k[0] != 't')	/* fork_delay or delay */
		t->fork_delay_us = us;
	if (k[0] != 'f')	/* terminate_delay or delay */
		t->terminate_delay_us = us;
	return 0;
}

static const struct cfg_kw track_process_kw[] = {
	{ "delay", 1, 1, tp_kw, NULL, NULL, NULL },
	{ "fork_delay", 1, 1, tp_kw, NULL, NULL, NULL },
	{ "full_command", 0, 1, tp_kw, NULL, NULL, NULL },
	{ "param_match", 0, 1, tp_kw, NULL, NULL, NULL },
	{ "process", 1, CFG_ANY, tp_kw, NULL, NULL, NULL },
	{ "quorum", 1, 1, tp_kw, NULL, NULL, NULL },
	{ "quorum_max", 1, 1, tp_kw, NULL, NULL, NULL },
	{ "terminate_delay", 1, 1, tp_kw, NULL, NULL, NULL },
	{ "weight", 1, 2, tp_kw, NULL, NULL, NULL },
};

static void tp_close(struct cfg_parser *p, void *obj, const struct cfg_loc *where)
{
	struct cfg_track_process *t = obj;

	if (!t->argc)
		cfg_diag_error(p->diag, where, "track process '%s' needs 'process NAME'", t->name);
	else if (t->quorum > t->quorum_max)
		cfg_diag_error(p->diag, where, "track process '%s': quorum %u above quorum_max %u",
			       t->name, t->quorum, t->quorum_max);
}

const struct cfg_block cfg_track_process_block = { "vrrp_track_process", CFG_TABLE(track_process_kw), NULL,
						   tp_close };

void *cfg_track_process_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct config *cfg = obj;
	struct cfg_track_process *t = cfg_push(p, &cfg->track_procs, &cfg->ntrack_procs, sizeof(*t));

	if (!t)
		return NULL;
	t->weight = 1;
	t->quorum = 1;
	t->quorum_max = UINT32_MAX;
	t->where = st->loc[0];
	if (cfg_arg_str(p, st, 1, &t->name) < 0) {
		cfg->ntrack_procs--;
		return NULL;
	}
	return t;
}

/* --- blocks by name (the lines that name them: tracking, FILE_CHECK) */

const struct cfg_vrrp_script *cfg_script_named(const struct config *cfg, const char *name)
{
	for (size_t k = 0; k < cfg->nscripts; k++)
		if (strcmp(cfg->scripts[k].name, name) == 0)
			return &cfg->scripts[k];
	return NULL;
}

const struct cfg_track_file *cfg_track_file_named(const struct config *cfg, const char *name)
{
	for (size_t k = 0; k < cfg->ntrack_files; k++)
		if (strcmp(cfg->track_files[k].name, name) == 0)
			return &cfg->track_files[k];
	return NULL;
}

const struct cfg_track_process *cfg_track_process_named(const struct config *cfg, const char *name)
{
	for (size_t k = 0; k < cfg->ntrack_procs; k++)
		if (strcmp(cfg->track_procs[k].name, name) == 0)
			return &cfg->track_procs[k];
	return NULL;
}
