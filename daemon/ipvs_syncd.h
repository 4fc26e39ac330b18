// SPDX-License-Identifier: GPL-2.0-or-later
/* The IPVS connection-sync daemons of lvs_sync_daemon. Bound to a VRRP
 * instance, the kernel runs the master daemon while that instance is
 * MASTER and the backup daemon otherwise, so the router that takes the VIP
 * already holds the flows (and their persistence templates) of the one it
 * replaces. Without an instance both run for as long as keeld does
 * (active-active routers). Which daemons a role asks for is decided by a
 * pure function; ipvs_syncd_set makes the kernel run exactly those. */
#ifndef KEEL_IPVS_SYNCD_H
#define KEEL_IPVS_SYNCD_H

#include <stdbool.h>
#include <stddef.h>

#include "cfg.h"
#include "ipvs_types.h"

enum ipvs_syncd_role {
	IPVS_SYNCD_NONE,
	IPVS_SYNCD_MASTER,
	IPVS_SYNCD_BACKUP,
	IPVS_SYNCD_BOTH,
};

/* The daemons ls asks for in role r, into out[0..2): their count. */
size_t ipvs_syncd_wanted(const struct cfg_lvs_sync *ls, enum ipvs_syncd_role r,
			 struct ipvs_daemon out[2]);
/* Whether the running daemon k is the one w asks for; w's unset options
 * (maxlen, group, port, ttl) accept whatever the kernel chose. */
bool ipvs_syncd_matches(const struct ipvs_daemon *w, const struct ipvs_daemon *k);
const char *ipvs_syncd_role_name(enum ipvs_syncd_role r);

struct ipvs_syncd;

struct ipvs_syncd *ipvs_syncd_new(void);
/* Makes the kernel run what ls (NULL: nothing) asks for in role r: daemons
 * that differ are stopped, missing ones started, matching ones kept (a
 * restarted keeld adopts them). Daemons keeld never declared are left
 * alone. 0 or a negative errno, logged here. */
int ipvs_syncd_set(struct ipvs_syncd *d, const struct cfg_lvs_sync *ls, enum ipvs_syncd_role r);
enum ipvs_syncd_role ipvs_syncd_role(const struct ipvs_syncd *d);
void ipvs_syncd_free(struct ipvs_syncd *d);

#endif
