// SPDX-License-Identifier: GPL-2.0-or-later
/* The track_interface, track_script, track_file, track_process and
 * track_bfd blocks of vrrp_instance and vrrp_sync_group: one tracked
 * object a line, by name, with its weight. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cfg_vrrp_int.h"

/* "NAME [weight N [reverse|noreverse]]" lines of track_* blocks */
static int track_line(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_track **list,
		      size_t *n, int64_t wmax)
{
	struct cfg_track *t = cfg_push(p, list, n, sizeof(*t));
	int64_t w;

	if (!t)
		return -1;
	t->where = st->loc[0];
	if (cfg_arg_str(p, st, 0, &t->name) < 0)
		goto fail;
	if (st->argc > 1) {
		if (strcmp(st->argv[1], "weight") != 0 || st->argc < 3) {
			cfg_err(p, st, 1, "expected 'weight N [reverse]' after the name");
			goto fail;
		}
		if (cfg_arg_int_as(p, st, 2, "weight", -wmax, wmax, &w) < 0)
			goto fail;
		t->weight = (int)w;
		t->weight_set = true;
		if (st->argc > 3) {
			t->reverse = strcmp(st->argv[3], "reverse") == 0;
			t->reverse_set = true;
			if (!t->reverse && strcmp(st->argv[3], "noreverse") != 0 &&
			    strcmp(st->argv[3], "no_reverse") != 0) {
				cfg_err(p, st, 3, "'%s': expected reverse or noreverse", st->argv[3]);
				goto fail;
			}
		}
	}
	return 0;
fail:
	free(t->name);
	(*n)--;
	return -1;
}

/* The track_* blocks fill a struct cfg_tracked: an instance's or a sync
 * group's (the opener hands over which). */
static int track_if_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_tracked *t = obj;
	return track_line(p, st, &t->ifs, &t->nifs, 253);
}

static int track_script_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_tracked *t = obj;
	return track_line(p, st, &t->scripts, &t->nscripts, 253);
}

static int track_file_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_tracked *t = obj;
	return track_line(p, st, &t->files, &t->nfiles, 254);
}

static int track_process_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_tracked *t = obj;
	return track_line(p, st, &t->procs, &t->nprocs, 254);
}

static int track_bfd_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_tracked *t = obj;
	return track_line(p, st, &t->bfds, &t->nbfds, 253);
}

const struct cfg_block cfg_tracked_bfd_block = { "track_bfd", NULL, 0, track_bfd_line, NULL };
const struct cfg_block cfg_tracked_if_block = { "track_interface", NULL, 0, track_if_line, NULL };
const struct cfg_block cfg_tracked_script_block = { "track_script", NULL, 0, track_script_line, NULL };
const struct cfg_block cfg_tracked_file_block = { "track_file", NULL, 0, track_file_line, NULL };
const struct cfg_block cfg_tracked_process_block = { "track_process", NULL, 0, track_process_line, NULL };
