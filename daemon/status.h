// SPDX-License-Identifier: GPL-2.0-or-later
/* What `keelctl status` shows: a plain snapshot, rendered as JSON members
 * or as text. Pure: no daemon internals beyond this struct. */
#ifndef KEEL_STATUS_H
#define KEEL_STATUS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "ipvs_sync.h"
#include "json.h"

struct reload_result {
	bool ok;
	time_t when;			/* wall clock of the attempt */
	unsigned errors, warnings;
	char *first_error;		/* formatted diagnostic, NULL when ok */
};

struct status_snapshot {
	const char *version;
	long pid;
	int64_t uptime_s;
	const char *config_path;
	size_t virtual_servers, real_servers, vrrp_instances;	/* in the config in force */
	unsigned reloads;		/* successful SIGHUP reloads since start */
	unsigned reload_failures;
	const struct reload_result *last;
	const struct ipvs_sync_stats *ipvs;	/* NULL: keeld does not drive IPVS (-P) */
	/* lvs_sync_daemon: the daemons keeld runs now ("master", "backup",
	 * "master+backup", "none"), NULL when the config has none */
	const char *sync_role;
	const char *sync_ifname;
	unsigned sync_id;
	uint64_t sync_sweeps;		/* ipvs_sweep.h: failed servers' entries dropped */
};

void status_json(const struct status_snapshot *s, struct json_writer *w);
/* Multi-line human text; the caller frees it. NULL when out of memory. */
char *status_text(const struct status_snapshot *s);

#endif
