// SPDX-License-Identifier: GPL-2.0-or-later
/* What the kernel's IPVS table should hold, from the config and the health
 * of the real servers. Pure: no I/O, the same inputs give the same table. */
#ifndef KEEL_IPVS_DESIRED_H
#define KEEL_IPVS_DESIRED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cfg.h"
#include "ipvs_types.h"

/* The health of one real server as the checkers see it. */
struct rs_health {
	bool alive;
	int weight;		/* the weight to use while alive (dynamic or configured) */
};

/* Health of every real server and quorum of every virtual server, indexed
 * like the config (cfg->vs[v].rs[r]). NULL functions, or a NULL health
 * table, mean the state keeld starts in: a server with checkers and alpha
 * starts down, any other starts up; quorum follows from that. */
struct ipvs_health {
	bool (*rs)(void *arg, size_t v, size_t r, struct rs_health *out);
	/* true when the virtual server has quorum (with its hysteresis applied) */
	bool (*quorum)(void *arg, size_t v);
	void *arg;
	/* Failed servers stay in the table at weight 0 instead of leaving it:
	 * set while the router's sync daemon is the backup (ipvs_sweep.h). */
	bool hold_failed;
	/* Real servers drained at run time (drains.h): weight 0 like the
	 * config's drain. NULL: none. */
	bool (*drained)(void *arg, const struct cfg_rs *rs);
	void *drained_arg;
};

/* The start state of one real server (see struct ipvs_health). */
struct rs_health ipvs_rs_start_health(const struct cfg_rs *rs);

/* The health of cfg->vs[v].rs[r], and whether cfg->vs[v] has quorum, as
 * the table is built from them (the start state without health). */
struct rs_health ipvs_rs_health(const struct ipvs_health *hl, const struct config *cfg, size_t v,
				size_t r);
bool ipvs_vs_quorum(const struct ipvs_health *hl, const struct config *cfg, size_t v);
/* Drained by the config or by the operator at run time: weight 0. */
bool ipvs_rs_drained(const struct ipvs_health *hl, const struct cfg_rs *rs);

/* Which real servers of cfg are down by health (the start state without
 * one), as a fingerprint of their places: 0 when none is, else the same
 * value for the same set. */
uint64_t ipvs_desired_failed_set(const struct config *cfg, const struct ipvs_health *health);

/* Builds the sorted table into *out (emptied first). Returns 0, -ENOMEM,
 * or -E2BIG when groups expand past IPVS_DESIRED_MAX_SERVICES. */
#define IPVS_DESIRED_MAX_SERVICES 65536
int ipvs_desired(const struct config *cfg, const struct ipvs_health *health, struct ipvs_table *out);

#endif
