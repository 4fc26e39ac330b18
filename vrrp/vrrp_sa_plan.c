// SPDX-License-Identifier: GPL-2.0-or-later
/* The static address plan (vrrp_sa_plan.h): pure set arithmetic over the
 * config's lines and a dump's addresses. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "vrrp_sa_plan.h"

/* The same address on the same device: one kernel address */
static bool same_key(const struct cfg_vip *a, const struct cfg_vip *b)
{
	return cfg_ip_equal(&a->addr, &b->addr) && cfg_str_equal(a->dev, b->dev);
}

bool vrrp_sa_equal(const struct cfg_vip *a, const struct cfg_vip *b)
{
	return same_key(a, b) && a->plen == b->plen && cfg_ip_equal(&a->brd, &b->brd) &&
	       cfg_str_equal(a->scope, b->scope) && cfg_str_equal(a->label, b->label);
}

/* 2: an equal line in set, 1: one of the same key only, 0: none */
static int find(const struct cfg_vip *set, size_t n, const struct cfg_vip *v)
{
	int best = 0;

	for (size_t k = 0; k < n; k++) {
		if (vrrp_sa_equal(&set[k], v))
			return 2;
		if (same_key(&set[k], v))
			best = 1;
	}
	return best;
}

static void push(struct vrrp_sa_ops *ops, bool add, bool fresh, const struct cfg_vip *v)
{
	ops->op[ops->n++] = (struct vrrp_sa_op){ .add = add, .fresh = fresh, .addr = v };
}

int vrrp_sa_plan(const struct cfg_vip *held, size_t nheld, const struct cfg_vip *want,
		 size_t nwant, struct vrrp_sa_ops *ops)
{
	size_t cap = 2 * nheld + nwant;

	ops->n = ops->late = 0;
	ops->op = cap ? calloc(cap, sizeof(*ops->op)) : NULL;
	if (cap && !ops->op)
		return -1;
	for (size_t k = 0; k < nheld; k++)
		if (find(want, nwant, &held[k]) == 1)
			push(ops, false, false, &held[k]);
	for (size_t k = 0; k < nwant; k++)
		push(ops, true, find(held, nheld, &want[k]) != 2, &want[k]);
	ops->late = ops->n;
	for (size_t k = 0; k < nheld; k++)
		if (find(want, nwant, &held[k]) == 0)
			push(ops, false, false, &held[k]);
	return 0;
}

bool vrrp_sa_seen_has(const struct vrrp_sa_seen *seen, size_t nseen, const struct cfg_vip *want,
		      int ifindex)
{
	for (size_t k = 0; k < nseen; k++)
		if (seen[k].ifindex == ifindex && seen[k].plen == want->plen &&
		    cfg_ip_equal(&seen[k].addr, &want->addr))
			return true;
	return false;
}
