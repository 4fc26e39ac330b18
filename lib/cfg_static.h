// SPDX-License-Identifier: GPL-2.0-or-later
/* The top-level static blocks: static_ipaddress (virtual_ipaddress's
 * lines), static_routes / static_rules (cfg_route.c's lines), each line
 * free to name a track_group, and the track_group blocks themselves
 * (static_track_group is read as the same). */
#ifndef KEEL_CFG_STATIC_H
#define KEEL_CFG_STATIC_H

#include "cfg_block.h"

/* List blocks: obj is struct config (addresses), struct cfg_routes. */
extern const struct cfg_block cfg_static_addr_block, cfg_static_routes_block,
	cfg_static_rules_block, cfg_track_group_block;

void *cfg_track_group_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st);

/* Once everything is read: every track_group's instances and every line's
 * track_group must exist (warned and dropped when not), a tracked line must
 * say its link (error), and each instance of a group is given a
 * track_interface line (weight 0: FAULT while down) for every link its
 * group's lines use, as keepalived 2.2.7 does. */
void cfg_static_check(struct cfg_parser *p, struct config *cfg);

/* The track_group of that name, or NULL. */
const struct cfg_track_group *cfg_track_group_named(const struct config *cfg, const char *name);

/* The track groups (cfg_free frees the addresses with the VIPs). */
void cfg_static_free(struct config *cfg);

#endif
