// SPDX-License-Identifier: GPL-2.0-or-later
/* Keeps kernel IPVS at the desired table: plan the difference against the
 * kernel's table as last seen, apply it, and read the kernel again every
 * second (longer for big tables) so changes made behind keeld's back are
 * repaired. keeld owns only what it declared; it adopts matching entries
 * on start without touching them. */
#ifndef KEEL_IPVS_SYNC_H
#define KEEL_IPVS_SYNC_H

#include <event2/event.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "cfg.h"
#include "ipvs_desired.h"
#include "json.h"

struct ipvs_sync;

struct ipvs_sync_stats {
	bool kernel_ok;			/* the IPVS family answered */
	size_t services, dests;		/* desired */
	uint64_t applies;		/* reconciliations that sent operations */
	uint64_t ops_sent, ops_failed;
	uint64_t drift_repairs;		/* reconciliations that found drift */
	uint64_t drift_checks;		/* periodic reads of the kernel's table */
	uint64_t drift_quick_checks;	/* of /proc/net/ip_vs only (ipvs_proc.h) */
	uint64_t dumps;			/* reads of the whole table, for any reason */
	uint64_t nl_requests;		/* netlink requests, dumps included */
	uint64_t nl_dump_requests;	/* of those, dump requests */
	uint64_t drift_interval_ms;	/* between drift checks: grows with dump time */
	time_t last_apply;		/* wall clock, 0 never */
	char last_error[256];		/* "" when the last apply had none */
};

/* Opens the driver and applies cfg's start actions (lvs_flush, timeouts).
 * Without IPVS in the kernel it still returns an object (logged once) that
 * reports kernel_ok false and programs nothing. NULL only without memory. */
struct ipvs_sync *ipvs_sync_new(struct event_base *base, const struct config *cfg);
/* Makes the kernel hold what cfg and health ask for; 0 or -errno. */
int ipvs_sync_apply(struct ipvs_sync *s, const struct config *cfg, const struct ipvs_health *health);
/* A reload's settings that are not the table (the IPVS sysctls, changed
 * lvs_timeouts); the table itself follows with ipvs_sync_apply. */
void ipvs_sync_reconfigure(struct ipvs_sync *s, const struct config *cfg);
/* On stop: flush, delete keel's services, or leave them, as lvs_flush_onstop says. */
void ipvs_sync_stop(struct ipvs_sync *s, const struct config *cfg);
void ipvs_sync_free(struct ipvs_sync *s);
const struct ipvs_sync_stats *ipvs_sync_stats(const struct ipvs_sync *s);
/* text: the kernel's table as `ipvsadm -Ln` prints it, with "*" after
 * every service keel manages (valid during the call only), or NULL and
 * err says why. */
typedef void ipvs_listing_fn(void *arg, const char *text, const char *err);
/* Reads the kernel's table on the drift check's worker (10,000 entries
 * took ~400 ms in the lab VM: the main loop serves the rest meanwhile) and
 * calls fn on the main loop; requests that come while one read runs share
 * the next. fn may run before this returns (no worker: read here; or an
 * error). Pending ones get an error when s is freed. */
void ipvs_sync_listing(struct ipvs_sync *s, ipvs_listing_fn *fn, void *arg);

#endif
