// SPDX-License-Identifier: GPL-2.0-or-later
/* Route and rule lists: virtual_routes / virtual_rules of a vrrp_instance
 * and static_routes / static_rules at top level share one grammar, the
 * forms of `ip route` and `ip rule` that keepalived documents. */
#ifndef KEEL_CFG_ROUTE_H
#define KEEL_CFG_ROUTE_H

#include "cfg_block.h"

/* List blocks filling a struct cfg_routes. */
extern const struct cfg_block cfg_routes_block, cfg_rules_block;

/* Openers: the instance's list (obj: struct cfg_vrrp) and the top-level
 * one (obj: struct config). */
void *cfg_vroutes_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st);
void *cfg_static_rt_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st);

void cfg_routes_free(struct cfg_routes *rt);

/* `ip route` / `ip rule` words for logs and dumps: "10.1.0.0/16 via
 * 10.0.0.254 dev eth0 table 100". Truncated to len. */
void cfg_route_format(const struct cfg_route *r, char *buf, size_t len);
void cfg_rule_format(const struct cfg_rule *u, char *buf, size_t len);

/* Whether cfg has any route or rule line, static or an instance's: the
 * VRRP thread listens to the kernel's route events only then. */
bool cfg_has_routes(const struct config *cfg);

#endif
