// SPDX-License-Identifier: GPL-2.0-or-later
/* Which static addresses (static_ipaddress) to add and remove, pure, no
 * I/O. Going from the held lines to the wanted ones (start, reload, stop):
 * first a held line that changed (same address and device, another
 * prefix, broadcast, scope or label) is removed; then every wanted line is
 * added (added again when held: the kernel's copy is adopted, so drift is
 * repaired); from ops->late on, the held lines no longer wanted are
 * removed, which the caller does after the static routes, since a route
 * may use the address. And which wanted lines the kernel lacks. */
#ifndef KEEL_VRRP_SA_PLAN_H
#define KEEL_VRRP_SA_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "cfg.h"

struct vrrp_sa_op {
	bool add;
	bool fresh;			/* an add of a line not held before */
	const struct cfg_vip *addr;
};

struct vrrp_sa_ops {
	struct vrrp_sa_op *op;
	size_t n, late;			/* op[late .. n): after the routes */
};

/* held, want: arrays (NULL with 0 for none); every line has its dev set.
 * 0, or -1 when out of memory. Free ops->op. */
int vrrp_sa_plan(const struct cfg_vip *held, size_t nheld, const struct cfg_vip *want,
		 size_t nwant, struct vrrp_sa_ops *ops);

/* The same line for the kernel (every field keel sets). */
bool vrrp_sa_equal(const struct cfg_vip *a, const struct cfg_vip *b);

/* An address the kernel holds, as a dump says it. */
struct vrrp_sa_seen {
	struct cfg_ip addr;
	uint8_t plen;
	int ifindex;
};

/* Is want (on the interface of index ifindex) among the seen? */
bool vrrp_sa_seen_has(const struct vrrp_sa_seen *seen, size_t nseen, const struct cfg_vip *want,
		      int ifindex);

#endif
