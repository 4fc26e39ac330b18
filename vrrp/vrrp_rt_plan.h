// SPDX-License-Identifier: GPL-2.0-or-later
/* Which routes and rules to add and remove, pure, no I/O. An instance
 * holds its virtual_routes/virtual_rules while it is MASTER (with its
 * VIPs); static_routes/static_rules are held from the start on. Going
 * from what is held to what is wanted: first the rules, then the routes
 * that are held and no longer wanted go; then every wanted route, then
 * every wanted rule is added (added again when held: the kernel's copy is
 * adopted, so drift is repaired). Routes before rules on the way in and
 * after them on the way out, so a rule never points at a table that lacks
 * its routes. */
#ifndef KEEL_VRRP_RT_PLAN_H
#define KEEL_VRRP_RT_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "cfg.h"

struct vrrp_rt_op {
	bool add;
	bool restore;			/* an add that puts back a deleted one (logged so) */
	const struct cfg_route *route;	/* one of route, rule is set */
	const struct cfg_rule *rule;
};

struct vrrp_rt_ops {
	struct vrrp_rt_op *op;
	size_t n;
};

/* held, want: NULL for none. 0, or -1 when out of memory. Free ops->op. */
int vrrp_rt_plan(const struct cfg_routes *held, const struct cfg_routes *want,
		 struct vrrp_rt_ops *ops);

/* The same route / rule for the kernel (every field keel sets). */
bool vrrp_route_equal(const struct cfg_route *a, const struct cfg_route *b);
bool vrrp_rule_equal(const struct cfg_rule *a, const struct cfg_rule *b);

/* A route or rule the kernel says was deleted (RTM_DELROUTE/DELRULE),
 * in the fields keel compares. */
struct vrrp_rt_gone {
	bool rule;
	uint8_t af;
	struct cfg_ip dst, to;		/* route: dst; rule: from (dst) and to */
	uint8_t dst_len, to_len;
	uint8_t type;			/* route: RTN_* */
	uint32_t table, metric;		/* route: metric; rule: priority */
	uint32_t fwmark, fwmask;	/* rule */
};

/* keepalived 2.2.7 acts on the deletion of a line it watches (not
 * no_track; a route with a dev): the index of the line of set that g was,
 * or -1. The protocol is not compared: a line adopted from the kernel
 * with another is still the line. */
/* The kernel's RTN_* of a route type. */
uint8_t vrrp_rt_type(enum cfg_route_type t);

long vrrp_rt_gone_route(const struct cfg_routes *set, const struct vrrp_rt_gone *g);
long vrrp_rt_gone_rule(const struct cfg_routes *set, const struct vrrp_rt_gone *g);

#endif
