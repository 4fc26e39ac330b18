// SPDX-License-Identifier: GPL-2.0-or-later
/* `keelctl metrics`: keeld's state in Prometheus' text exposition format
 * (for node_exporter's textfile collector or a scraper's exec): the
 * daemon, reloads, IPVS programming, each VRRP instance, each virtual
 * server's quorum and each real server's health, weight and drain. Pure:
 * it renders what it is given. */
#ifndef KEEL_METRICS_H
#define KEEL_METRICS_H

#include <stddef.h>

#include "cfg.h"
#include "ipvs_desired.h"
#include "status.h"
#include "vrrp_run.h"

struct metrics_in {
	const struct status_snapshot *status;
	const struct vrrp_inst_view *vrrp;	/* nvrrp of them */
	size_t nvrrp;
	const struct config *cfg;		/* NULL: no IPVS part (-P) */
	const struct ipvs_health *health;	/* as ipvs_desired takes it */
};

/* The caller frees it; NULL when out of memory. */
char *metrics_text(const struct metrics_in *in);

#endif
