// SPDX-License-Identifier: GPL-2.0-or-later
/* Routes and policy rules in the kernel (libnl-route-3): carries out what
 * vrrp_rt_plan decides. A route or rule the kernel already holds is
 * adopted; removing one that is gone succeeds; any other refusal is logged
 * once, with the route's text, and the rest goes on. */
#ifndef KEEL_VRRP_ROUTES_H
#define KEEL_VRRP_ROUTES_H

#include "cfg.h"

struct nl_sock;

/* From held to want (either NULL for none) over sk, an rtnetlink socket
 * (NULL: nothing is done); who names the owner in logs
 * ("VRRP_Instance(VI_1)", "static"). The number of refusals. */
int vrrp_routes_sync(struct nl_sock *sk, const struct cfg_routes *held,
		     const struct cfg_routes *want, const char *who);

/* Adds again one route (or rule, route NULL) deleted behind keel's back,
 * logged once as "restored deleted": 0, or -1 (logged). */
int vrrp_routes_restore(struct nl_sock *sk, const struct cfg_route *route,
			const struct cfg_rule *rule, const char *who);

#endif
