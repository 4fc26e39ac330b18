// SPDX-License-Identifier: GPL-2.0-or-later
/* The VRRP tables beyond the instances': KEEPALIVED-MIB's sync groups,
 * their members, the instances' addresses and tracked objects
 * (snmp_mib_track.c), VRRPv3-MIB's associated
 * addresses and router counters. Pure, from the config and copies of the
 * running instances (vrrp_run_views), as snmp_mib.h. */
#ifndef KEEL_SNMP_MIB_VRRP_H
#define KEEL_SNMP_MIB_VRRP_H

#include "snmp_mib.h"
#include "vrrp_prio.h"

#define SNMP_SG_COL_FIRST 2		/* vrrpSyncGroupName */
#define SNMP_SG_COL_LAST 11		/* vrrpSyncGroupScriptStop */
#define SNMP_SGM_COL 2			/* vrrpSyncGroupMemberName */
#define SNMP_VA_COL_FIRST 2		/* vrrpAddressType */
#define SNMP_VA_COL_LAST 11		/* vrrpAddressAdvertising (12, the peer: unicast only) */
#define SNMP_V3A_COL 2			/* vrrpv3AssociatedIpAddrRowStatus */

/* vrrpTrackedInterfaceTable, index (instance i + 1, the interface's
 * ifIndex, as the MIB): the instance's track_interface lines of
 * interfaces that exist. vrrpTrackedScriptTable, index (i + 1, the
 * line's place among the instance's track_script lines; a sync group
 * member's weigh 0, as keel applies them). Both take the
 * instance's ifindex argument, so that one fill serves all. */
#define SNMP_TI_COL_FIRST 1		/* vrrpTrackedInterfaceName */
#define SNMP_TI_COL_LAST 3		/* vrrpTrackedInterfaceWgtRev */
#define SNMP_TS_COL_FIRST 2		/* vrrpTrackedScriptName */
#define SNMP_TS_COL_LAST 4		/* vrrpTrackedScriptWgtRev */
void snmp_mib_tracked_ifs(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			  snmp_ifindex_fn *ifindex, struct snmp_rows *out);
void snmp_mib_tracked_scripts(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			      snmp_ifindex_fn *ifindex, struct snmp_rows *out);
/* vrrpTrackedFileTable, index (i + 1, the line's place among the
 * instance's track_file lines), weights as the scripts'. */
#define SNMP_TF_COL_FIRST 2		/* vrrpTrackedFileName */
#define SNMP_TF_COL_LAST 4		/* vrrpTrackedFileWgtRev */
void snmp_mib_tracked_files(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			    snmp_ifindex_fn *ifindex, struct snmp_rows *out);

/* vrrpTrackedProcessTable, index (i + 1, the line's place among the
 * instance's track_process lines), weights as the scripts'. */
/* KEEPALIVED-MIB vrrpSyncTracked{Interface,Script,File,Process}Table:
 * indexed by group and line; interface columns 1..3, the others 2..4 */
#define SNMP_STI_COL_FIRST 1
#define SNMP_STI_COL_LAST 3
#define SNMP_STL_COL_FIRST 2
#define SNMP_STL_COL_LAST 4
void snmp_mib_sync_tracked_ifs(const struct config *cfg, snmp_ifindex_fn *ifindex,
			       struct snmp_rows *out);
void snmp_mib_sync_tracked_scripts(const struct config *cfg, struct snmp_rows *out);
void snmp_mib_sync_tracked_files(const struct config *cfg, struct snmp_rows *out);
void snmp_mib_sync_tracked_procs(const struct config *cfg, struct snmp_rows *out);

#define SNMP_TP_COL_FIRST 2		/* vrrpTrackedProcessName */
#define SNMP_TP_COL_LAST 4		/* vrrpTrackedProcessWgtRev */
void snmp_mib_tracked_procs(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			    snmp_ifindex_fn *ifindex, struct snmp_rows *out);
/* vrrpProcessTable, index k + 1 in the config's order of
 * vrrp_track_process blocks; count[k] and st[k] from the runtime
 * (vrrp_thread_procs). */
#define SNMP_PROC_COL_FIRST 2		/* vrrpProcessName */
#define SNMP_PROC_COL_LAST 14		/* vrrpProcessResult */
void snmp_mib_procs(const struct config *cfg, const size_t *count, const enum vrrp_obj_state *st,
		    struct snmp_rows *out);

/* vrrpScriptTable, index k + 1 in the config's order of vrrp_script
 * blocks; st[k] the runtime's state of script k (vrrp_thread_scripts). */
#define SNMP_SCR_COL_FIRST 2		/* vrrpScriptName */
#define SNMP_SCR_COL_LAST 9		/* vrrpScriptWgtRev */
void snmp_mib_scripts(const struct config *cfg, const enum vrrp_obj_state *st, struct snmp_rows *out);
/* vrrpFileTable, index k + 1 in the config's order of vrrp_track_file
 * blocks; vrrpFileResult is the file's value as tracking reads it. */
#define SNMP_FILE_COL_FIRST 2		/* vrrpFileName */
#define SNMP_FILE_COL_LAST 6		/* vrrpFileWgtRev */
typedef int64_t snmp_file_value_fn(const char *path);
void snmp_mib_files(const struct config *cfg, snmp_file_value_fn *value, struct snmp_rows *out);

/* vrrpSyncGroupTable (index g + 1 in the config's order) and
 * vrrpSyncGroupMemberTable (g + 1, m + 1 in the group's order); a group's
 * state is its members' as the runtime sees them (vrrp_sync_group_state). */
void snmp_mib_sync_groups(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			  struct snmp_rows *groups, struct snmp_rows *members);
/* vrrpAddressTable, index (instance i + 1 as vrrpInstanceTable, a + 1):
 * virtual_ipaddress, then virtual_ipaddress_excluded. */
void snmp_mib_vrrp_addrs(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			 snmp_ifindex_fn *ifindex, struct snmp_rows *out);
/* vrrpv3AssociatedIpAddrTable, index (ifIndex, VRID, InetAddressType,
 * InetAddress): an instance's virtual_ipaddress of its family, all
 * active(1). */
void snmp_mib_vrrpv3_addrs(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			   snmp_ifindex_fn *ifindex, struct snmp_rows *out);

/* vrrpv3Statistics scalars 1..4: the router's checksum, version and VRID
 * error counters and their discontinuity time. false: no such scalar. */
#define SNMP_V3R_LAST 4
bool snmp_mib_v3_router(const struct vrrp_router_stats *s, unsigned which, struct snmp_cell *out);

#endif
