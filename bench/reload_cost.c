// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * reload_cost: the host-side cost of each step of keeld's reload
 * (daemon/keeld.c keeld_reload) without a kernel: the config is loaded,
 * the check engine rebuilt carrying state over, the desired IPVS table
 * built and planned against the kernel's table as keeld keeps it in memory
 * (the plan's operations applied to that copy instead of sent), the old
 * config freed and malloc_trim run. Reloads alternate between two files
 * (one weight apart, say) so every round plans a real change.
 *
 * usage: reload_cost FILE_A FILE_B [ROUNDS [PARTS]]
 * PARTS: cfg_load_opts' parts (default 0: one per CPU; 1: read whole).
 * Prints per step the median and the minimum wall time in microseconds
 * over ROUNDS reloads (default 21) and the median of its minor page faults
 * (costly under emulation), then the operations a reload planned.
 */
#include "config.h"

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <event2/event.h>

#include "cfg.h"
#include "chk_engine.h"
#include "ipvs_desired.h"
#include "ipvs_plan.h"
#include "log.h"

enum { PH_LOAD, PH_CHECKS, PH_DESIRED, PH_PLAN, PH_FREE, PH_TRIM, PH_N };
static const char *const phase_name[PH_N] = {
	"cfg_load", "chk_engine_new+free", "ipvs_desired", "ipvs_plan+follow", "cfg_free(old)",
	"malloc_trim",
};

/* minor page faults so far: under emulation each costs far more than on
 * the host, so they are reported beside the time */
static double faults(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_minflt;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static struct cfg_load_opts load_opts;

static struct config *load(const char *path)
{
	struct cfg_diag *diag = cfg_diag_new();
	struct config *cfg = diag ? cfg_load(path, &load_opts, diag) : NULL;

	if (!cfg && diag && cfg_diag_first_error(diag))
		fprintf(stderr, "%s: %s\n", path, cfg_diag_first_error(diag));
	cfg_diag_free(diag);
	return cfg;
}

/* One step's cost: wall time and page faults since mark(). */
struct cost {
	double us, flt;
};

static struct cost mark(void)
{
	return (struct cost){ now_us(), faults() };
}

static struct cost since(struct cost m)
{
	return (struct cost){ now_us() - m.us, faults() - m.flt };
}

/* What ipvs_sync_apply does with a new config, the netlink send aside:
 * desired table, plan against the kernel copy, follow the copy. */
static int plan_round(const struct config *cfg, const struct chk_engine *e, struct ipvs_table *desired,
		      struct ipvs_table *kernel, struct cost c[PH_N], size_t *nops)
{
	struct ipvs_table next = { 0 };
	struct ipvs_ops ops = { 0 };
	struct ipvs_owner owner;
	struct cost m = mark();
	int rc = ipvs_desired(cfg, chk_engine_health(e), &next);

	c[PH_DESIRED] = since(m);
	if (rc < 0)
		return rc;
	m = mark();
	ipvs_owner_table(&owner, desired);	/* the old desired table is what keel owns */
	rc = ipvs_plan(&next, kernel, &owner, &ops);
	for (size_t i = 0; rc == 0 && i < ops.n; i++)
		rc = ipvs_table_apply_op(kernel, &ops.op[i]);
	ipvs_table_free(desired);
	*desired = next;
	*nops = ops.n;
	ipvs_ops_free(&ops);
	c[PH_PLAN] = since(m);
	return rc;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

int main(int argc, char **argv)
{
	struct log_opts lo = { .ident = "reload_cost", .console = true };
	struct ipvs_table desired = { 0 }, kernel = { 0 };
	struct event_base *base;
	struct chk_engine *eng = NULL;
	struct config *cfg = NULL;
	int rounds = argc > 3 ? atoi(argv[3]) : 21;

	load_opts.parts = argc > 4 ? (unsigned)atoi(argv[4]) : 0;
	struct cost *c;
	size_t *nops;

	if (argc < 3 || rounds < 1) {
		fprintf(stderr, "usage: reload_cost FILE_A FILE_B [ROUNDS]\n");
		return 2;
	}
	log_init(&lo);	/* the engine's lines go to stderr */
	base = event_base_new();
	c = calloc((size_t)rounds * PH_N, sizeof(*c));
	nops = calloc((size_t)rounds, sizeof(*nops));
	if (!base || !c || !nops || !(cfg = load(argv[1])) || !(eng = chk_engine_new(base, cfg, NULL, NULL, NULL)) ||
	    ipvs_desired(cfg, chk_engine_health(eng), &desired) < 0 || ipvs_table_copy(&kernel, &desired) < 0) {
		fprintf(stderr, "reload_cost: cannot start from %s\n", argv[1]);
		return 1;
	}
	malloc_trim(0);		/* as keeld_start ends */
	for (int i = 0; i < rounds; i++) {
		struct cost *r = &c[i * PH_N], m = mark();
		struct config *next = load(argv[1 + (i + 1) % 2]);
		struct chk_engine *ne;

		r[PH_LOAD] = since(m);
		if (!next)
			return 1;
		m = mark();
		ne = chk_engine_new(base, next, eng, NULL, NULL);
		chk_engine_free(eng);
		eng = ne;
		r[PH_CHECKS] = since(m);
		if (!eng || plan_round(next, eng, &desired, &kernel, r, &nops[i]) < 0) {
			fprintf(stderr, "reload_cost: round %d failed\n", i);
			return 1;
		}
		m = mark();
		cfg_free(cfg);
		cfg = next;
		r[PH_FREE] = since(m);
		m = mark();
		malloc_trim(0);
		r[PH_TRIM] = since(m);
	}

	double *v = calloc((size_t)rounds, sizeof(*v)), total = 0, tflt = 0;
	printf("reload_cost: %s <-> %s, %d reloads\n", argv[1], argv[2], rounds);
	printf("  %-22s %10s %10s %8s\n", "step", "median_us", "min_us", "faults");
	for (int p = 0; v && p < PH_N; p++) {
		double med, flt;
		for (int i = 0; i < rounds; i++)
			v[i] = c[i * PH_N + p].flt;
		flt = median(v, rounds);
		for (int i = 0; i < rounds; i++)
			v[i] = c[i * PH_N + p].us;
		med = median(v, rounds);
		printf("  %-22s %10.0f %10.0f %8.0f\n", phase_name[p], med, v[0], flt);
		total += med;
		tflt += flt;
	}
	printf("  %-22s %10.0f %10s %8.0f (sums of the medians)\n", "total", total, "", tflt);
	printf("  operations planned: first %zu, last %zu\n", nops[0], nops[rounds - 1]);
	chk_engine_free(eng);
	cfg_free(cfg);
	ipvs_table_free(&desired);
	ipvs_table_free(&kernel);
	event_base_free(base);
	free(v);
	free(c);
	free(nops);
	return 0;
}
