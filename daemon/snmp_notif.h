// SPDX-License-Identifier: GPL-2.0-or-later
/* What the SNMP notifications (traps) carry, from keeld's events: the
 * notification's OID and its varbinds in the order RFC 3416 4.2.6 asks
 * (the OBJECTS of its NOTIFICATION-TYPE, then extras). Pure, like the
 * table mapping (snmp_mib.c) it takes its values from; the agent sends. */
#ifndef KEEL_SNMP_NOTIF_H
#define KEEL_SNMP_NOTIF_H

#include <stdint.h>

#include "cfg.h"
#include "ipvs_desired.h"
#include "snmp_rows.h"
#include "vrrp_run.h"

#define SNMP_OID_MAX 24
#define SNMP_NOTIF_VB_MAX 12

struct snmp_varbind {
	uint32_t oid[SNMP_OID_MAX];
	size_t len;
	struct snmp_cell v;		/* OCTETS: owned */
};

struct snmp_notif {
	uint32_t trap[SNMP_OID_MAX];	/* snmpTrapOID.0's value */
	size_t trap_len;
	struct snmp_varbind vb[SNMP_NOTIF_VB_MAX];
	size_t n;
	bool oom;			/* a value could not be stored */
};

/* Frees the values and empties n for the next one. */
void snmp_notif_clear(struct snmp_notif *n);

/* KEEPALIVED-MIB vrrpInstanceStateChange or vrrpSyncGroupStateChange
 * (c->group), indexed like vrrpInstanceTable / vrrpSyncGroupTable.
 * router_id: routerId's value. */
void snmp_notif_vrrp(const struct config *cfg, const struct vrrp_state_change *c,
		     const char *router_id, struct snmp_notif *out);
/* VRRPv3-MIB vrrpv3NewMaster when c is an instance that became master
 * (ifindex: its interface's, index of vrrpv3OperationsTable); false
 * otherwise, out untouched. */
bool snmp_notif_v3_new_master(const struct vrrp_state_change *c, unsigned ifindex,
			      struct snmp_notif *out);
/* KEEPALIVED-MIB realServerStateChange for cfg->vs[v].rs[r], or
 * virtualServerQuorumStateChange for cfg->vs[v] (r == SNMP_NOTIF_QUORUM),
 * with the health now (NULL: the start state). */
#define SNMP_NOTIF_QUORUM ((size_t)-1)
void snmp_notif_server(const struct config *cfg, const struct ipvs_health *health, size_t v,
		       size_t r, const char *router_id, struct snmp_notif *out);

#endif
