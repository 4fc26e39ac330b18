// SPDX-License-Identifier: GPL-2.0-or-later
/* Internals shared by the VRRP config files: cfg_vrrp.c (vrrp_instance),
 * cfg_sync_group.c (vrrp_sync_group), cfg_vrrp_addrs.c (their address
 * lists) and cfg_track_lines.c (their track_* blocks). Not for other
 * modules. */
#ifndef KEEL_CFG_VRRP_INT_H
#define KEEL_CFG_VRRP_INT_H

#include <stdint.h>

#include "cfg_block.h"

/* cfg_vrrp_addrs.c: virtual_ipaddress, virtual_ipaddress_excluded and
 * unicast_peer, each opened on a struct cfg_vrrp. */
extern const struct cfg_block cfg_vip_block, cfg_evip_block, cfg_peer_block;

/* cfg_track_lines.c: the track_* blocks, each opened on the struct
 * cfg_tracked of an instance or a sync group. */
extern const struct cfg_block cfg_tracked_if_block, cfg_tracked_script_block, cfg_tracked_file_block,
	cfg_tracked_process_block, cfg_tracked_bfd_block;

/* cfg_vrrp.c: notify_priority_changes [BOOL] into out, of an instance or
 * a sync group: 0 or -1 (reported). */
int cfg_prio_changes_arg(struct cfg_parser *p, const struct cfg_stmt *st, int8_t *out);

#endif
