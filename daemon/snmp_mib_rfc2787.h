// SPDX-License-Identifier: GPL-2.0-or-later
/* VRRP-MIB (RFC 2787), for VRRPv2 over IPv4: the operations, associated
 * address and statistics tables of the VRRPv2 IPv4 instances, the
 * router's counters. Pure, from copies of the running instances and the
 * config, as snmp_mib.h. */
#ifndef KEEL_SNMP_MIB_RFC2787_H
#define KEEL_SNMP_MIB_RFC2787_H

#include "snmp_mib.h"

#define SNMP_V2O_COL_FIRST 2		/* vrrpOperVirtualMacAddr */
#define SNMP_V2O_COL_LAST 12		/* vrrpOperPreemptMode (13, up time: not known) */
#define SNMP_V2A_COL 2			/* vrrpAssoIpAddrRowStatus */
#define SNMP_V2S_COL_FIRST 1		/* vrrpStatsBecomeMaster */
#define SNMP_V2S_COL_LAST 12		/* vrrpStatsPacketLengthErrors */

/* vrrpOperTable and vrrpRouterStatsTable (which AUGMENTS it), index
 * (ifIndex, VRID): the VRRPv2 IPv4 instances whose interface has an
 * index. vrrpAssoIpAddrTable, index (ifIndex, VRID, IpAddress): their
 * virtual_ipaddress of IPv4, all active(1). */
void snmp_mib_vrrp2_oper(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			 snmp_ifindex_fn *ifindex, struct snmp_rows *out);
void snmp_mib_vrrp2_stats(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			  snmp_ifindex_fn *ifindex, struct snmp_rows *out);
void snmp_mib_vrrp2_addrs(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			  snmp_ifindex_fn *ifindex, struct snmp_rows *out);

/* vrrpOperations scalars 1 (vrrpNodeVersion) and 2 (vrrpNotificationCntl:
 * disabled, keel sends none of this MIB's notifications); vrrpStatistics
 * scalars 1..3, the router's checksum, version and VRID errors. false: no
 * such scalar. */
#define SNMP_V2N_LAST 2
#define SNMP_V2R_LAST 3
bool snmp_mib_vrrp2_node(const struct vrrp_router_stats *s, unsigned which, struct snmp_cell *out);
bool snmp_mib_vrrp2_router(const struct vrrp_router_stats *s, unsigned which, struct snmp_cell *out);

#endif
