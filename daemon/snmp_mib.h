// SPDX-License-Identifier: GPL-2.0-or-later
/* What the SNMP tables hold, from keeld's state: the config, the checks'
 * health and copies of the VRRP instances. Pure: rows of plain values
 * (snmp_rows.h) that the agent serves; index and column numbers are the
 * MIBs' (KEEPALIVED-MIB, VRRPv3-MIB). */
#ifndef KEEL_SNMP_MIB_H
#define KEEL_SNMP_MIB_H

#include "cfg.h"
#include "ipvs_desired.h"
#include "snmp_rows.h"
#include "vrrp_run.h"

/* The columns served of each table (all of them set in every row). */
#define SNMP_VS_COL_FIRST 2		/* virtualServerType */
#define SNMP_VS_COL_LAST 26		/* virtualServerHysteresis */
#define SNMP_RS_COL_FIRST 2		/* realServerType */
#define SNMP_RS_COL_LAST 12		/* realServerNotifyDown */
#define SNMP_VI_COL_FIRST 2		/* vrrpInstanceName */
#define SNMP_VI_COL_LAST 30		/* vrrpInstanceVrrpVersion */
#define SNMP_V3_COL_FIRST 3		/* vrrpv3OperationsMasterIpAddr (2 is an index) */
#define SNMP_V3_COL_LAST 11		/* vrrpv3OperationsAcceptMode */
#define SNMP_V3S_COL_FIRST 1		/* vrrpv3StatisticsMasterTransitions */
#define SNMP_V3S_COL_LAST 13		/* vrrpv3StatisticsRefreshRate */
#define SNMP_V3S_REFRESH_MS 1000	/* the tables' snapshot (SNMP_TABLE_CACHE_S) */

/* Whether cfg (or -x, force) asks for the subagent; -x serves what
 * enable_snmp_vrrp and enable_snmp_checker would. */
bool snmp_mib_wanted(const struct config *cfg, bool force);
bool snmp_mib_vrrp_on(const struct config *cfg, bool force);
bool snmp_mib_checker_on(const struct config *cfg, bool force);

/* InetAddressType and the InetAddress length of family af. */
long snmp_mib_addr_type(int af);
size_t snmp_mib_addr_len(int af);
/* A script's command line, "" when none. */
const char *snmp_mib_script(const struct cfg_script *s);
/* The instance of cfg a view shows: a VRID is unique per interface and
 * family. NULL during a reload's window, when the runtime is ahead. */
const struct cfg_vrrp *snmp_mib_vrrp_conf(const struct config *cfg, const struct vrrp_inst_view *v);

/* The name of the sync group instance name is in, "" when none. */
const char *snmp_mib_group_of(const struct config *cfg, const char *name);

/* The enumerations of the MIBs. */
long snmp_mib_sched(const char *sched);		/* virtualServerLoadBalancingAlgo */
long snmp_mib_fwd(enum cfg_fwd kind);		/* virtualServerLoadBalancingKind */
long snmp_mib_protocol(const struct cfg_vs *vs);	/* virtualServerProtocol */
long snmp_mib_vrrp_state(enum vrrp_state s);	/* KEEPALIVED-MIB VrrpState */
long snmp_mib_v3_status(enum vrrp_state s);	/* vrrpv3OperationsStatus */

/* virtualServerTable (index v + 1) and realServerTable (v + 1, r + 1).
 * health NULL: the start state. */
void snmp_mib_servers(const struct config *cfg, const struct ipvs_health *health,
		      struct snmp_rows *vs, struct snmp_rows *rs);
/* vrrpInstanceTable, index i + 1 in the runtime's order. The columns the
 * config alone says (sync daemon, sync group, GARP delay, scripts) come
 * from the instance of cfg with the view's interface, VRID and family. */
void snmp_mib_vrrp(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
		   struct snmp_rows *out);
/* vrrpv3OperationsTable, index (ifIndex, VRID, InetAddressType): rows in
 * index order; instances whose interface has no index are left out. */
typedef unsigned snmp_ifindex_fn(const char *ifname);
void snmp_mib_vrrpv3(const struct vrrp_inst_view *v, size_t n, snmp_ifindex_fn *ifindex,
		     struct snmp_rows *out);
/* vrrpv3StatisticsTable: the same index (it AUGMENTS the operations
 * table), from the instances' counters. */
void snmp_mib_vrrpv3_stats(const struct vrrp_inst_view *v, size_t n, snmp_ifindex_fn *ifindex,
			   struct snmp_rows *out);
/* The one row of v, on the interface with index ifindex. */
void snmp_mib_vrrpv3_one(const struct vrrp_inst_view *v, unsigned ifindex, struct snmp_rows *out);

#endif
