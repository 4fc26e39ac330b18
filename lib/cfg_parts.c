// SPDX-License-Identifier: GPL-2.0-or-later
/* A big configuration read in parts at once. A file of 10,000 real
 * servers is almost all virtual_server blocks, each read on its own: the
 * calling thread reads the top file up to a cut (cfg_reader_split) while a
 * thread per later part reads that part into a config of its own; the
 * parts' virtual servers, messages and recorded inputs are then joined in
 * file order, and the validation that needs the whole runs once after.
 *
 * A part reads only virtual_server blocks of plain lines. Anything else
 * in it, a cut the whole read passes inside a block, or a part that could
 * not keep its messages, and the calling thread reads on from its cut
 * itself: the result, messages included, is always that of one read from
 * start to end (test/unit/check_cfg_parts.c compares the two). */
#include "config.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_global.h"
#include "cfg_parts.h"
#include "thread_spawn.h"

#define PART_STACK ((size_t)256 << 10)	/* a part nests no deeper than the whole */
#define JOIN_STEP ((size_t)256 << 10)	/* bytes of virtual servers moved at a time */

struct part_run {
	struct cfg_part *part;
	const struct cfg_block *top;
	const struct cfg_kw *vs;
	struct cfg_load_opts opts;	/* the read's, with inputs of the part's own */
	pthread_t tid;
	bool started;
	/* the part's results, read after the join */
	struct cfg_diag *diag;
	struct config *cfg;
	struct cfg_inputs *inputs;
	size_t file_checks;
	bool whole;
};

static void *read_part(void *arg)
{
	struct part_run *w = arg;
	struct cfg_parser p = { .diag = w->diag, .cfg = w->cfg, .opts = &w->opts, .only = w->vs };

	if (!(p.rd = cfg_part_open(w->part, w->diag)))
		return NULL;
	cfg_parse_block(&p, w->top, w->cfg, NULL);
	free(p.rs_scratch);
	w->file_checks = p.file_checks;
	w->whole = !p.refused && cfg_part_read_whole(p.rd) && cfg_diag_whole(w->diag);
	cfg_reader_free(p.rd);
	return NULL;
}

static unsigned parts_wanted(const struct cfg_load_opts *opts)
{
	cpu_set_t set;
	int cpus;

	if (opts && opts->parts)
		return opts->parts < CFG_PARTS_MAX ? opts->parts : CFG_PARTS_MAX;
	/* the CPUs this thread may run on: its workers inherit them */
	cpus = sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set) : 1;
	return cpus < 1 ? 1 : cpus < CFG_PARTS_MAX ? (unsigned)cpus : CFG_PARTS_MAX;
}

static bool start(struct part_run *w, const struct cfg_load_opts *opts)
{
	if (opts)
		w->opts = *opts;
	w->opts.inputs = NULL;
	if (!(w->diag = cfg_diag_new()) || !(w->cfg = calloc(1, sizeof(*w->cfg))) ||
	    (opts && opts->inputs && !(w->opts.inputs = w->inputs = cfg_inputs_new())))
		return false;
	cfg_global_defaults(&w->cfg->global);
	w->started = thread_spawn(&w->tid, PART_STACK, "keel-cfg-part", read_part, w) == 0;
	return w->started;
}

/* cfg_push's arrays hold the next power of two of their count. */
static size_t room_for(size_t n)
{
	size_t cap = 1;

	while (cap < n)
		cap *= 2;
	return cap;
}

/* Moves the parts' virtual servers after cfg's, all or none; false when
 * out of memory. */
static bool join_vs(struct config *cfg, struct part_run *run, size_t n)
{
	size_t total = cfg->nvs;
	struct cfg_vs *vs;

	for (size_t i = 0; i < n; i++)
		total += run[i].cfg->nvs;
	if (total == cfg->nvs)
		return true;
	if (!(vs = realloc(cfg->vs, room_for(total) * sizeof(*vs))))
		return false;
	cfg->vs = vs;
	for (size_t i = 0; i < n; i++) {
		struct config *part = run[i].cfg;
		size_t left = part->nvs;

		/* from the end, giving back what was copied as it goes: a
		 * part's array of megabytes is not held twice at the peak */
		while (left > 0) {
			size_t k = left < JOIN_STEP / sizeof(*vs) ? left : JOIN_STEP / sizeof(*vs);
			struct cfg_vs *rest;

			left -= k;
			memcpy(vs + cfg->nvs + left, part->vs + left, k * sizeof(*vs));
			if (left && (rest = realloc(part->vs, left * sizeof(*vs))))
				part->vs = rest;
		}
		cfg->nvs += part->nvs;
		part->nvs = 0;
	}
	return true;
}

static void end(struct part_run *w)
{
	if (w->started)
		pthread_join(w->tid, NULL);
	w->started = false;
}

static void run_free(struct part_run *w)
{
	end(w);
	cfg_part_free(w->part);
	cfg_diag_free(w->diag);
	cfg_free(w->cfg);
	cfg_inputs_free(w->inputs);
}

void cfg_parts_read(struct cfg_parser *p, const struct cfg_block *top, const struct cfg_kw *vs,
		    struct config *cfg)
{
	const struct cfg_load_opts *opts = p->opts;
	struct cfg_part *parts[CFG_PARTS_MAX];
	struct part_run run[CFG_PARTS_MAX] = { 0 };
	size_t min = opts && opts->part_min ? opts->part_min : CFG_PART_MIN;
	size_t n = cfg_reader_split(p->rd, parts_wanted(opts), min, parts) - 1;
	bool whole = true;

	for (size_t i = 0; i < n; i++) {
		run[i] = (struct part_run){ .part = parts[i], .top = top, .vs = vs };
		whole = whole && start(&run[i], opts);
	}
	cfg_parse_block(p, top, cfg, NULL);
	for (size_t i = 0; i < n; i++) {
		end(&run[i]);
		whole = whole && run[i].whole;
	}
	if (n > 0 && cfg_reader_paused(p->rd)) {
		for (size_t i = 0; i < n; i++)
			whole = whole && (!run[i].inputs || cfg_inputs_files_only(run[i].inputs));
		if (whole && join_vs(cfg, run, n)) {
			for (size_t i = 0; i < n; i++) {
				if (run[i].inputs)
					cfg_inputs_append_files(opts->inputs, run[i].inputs);
				cfg_diag_append(p->diag, run[i].diag);
				p->file_checks += run[i].file_checks;
			}
			cfg->parts_read = (unsigned)n + 1;
		} else {
			/* from the first cut on, as if there had been none */
			cfg_reader_resume(p->rd);
			cfg_parse_block(p, top, cfg, NULL);
		}
	}
	for (size_t i = 0; i < n; i++)
		run_free(&run[i]);
}
