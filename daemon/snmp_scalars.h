// SPDX-License-Identifier: GPL-2.0-or-later
/* Groups of read-only scalars whose values come from the VRRP router's
 * counters (the VRRP MIBs' router statistics and node scalars): one
 * handler for them all, the value of each from a pure mapping. */
#ifndef KEEL_SNMP_SCALARS_H
#define KEEL_SNMP_SCALARS_H

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "snmp_rows.h"
#include "vrrp_stats.h"

/* The value of scalar which (1..) of a group from the counters s; false:
 * none. */
typedef bool snmp_scalar_map(const struct vrrp_router_stats *s, unsigned which,
			     struct snmp_cell *out);

struct snmp_scalar_src {
	bool (*on)(void *arg);	/* the group is enabled now (a reload may disable it) */
	void (*stats)(void *arg, struct vrrp_router_stats *out);
	void *arg;
};

/* Registers base.1.0 .. base.last.0 (base[0..len)), served from map.
 * src must live until snmp_shutdown(). Failures are logged. */
void snmp_scalars_register(const char *name, const oid *base, size_t len, unsigned last,
			   snmp_scalar_map *map, const struct snmp_scalar_src *src);
/* After snmp_shutdown(): forgets every group. */
void snmp_scalars_forget(void);

#endif
