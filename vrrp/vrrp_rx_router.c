// SPDX-License-Identifier: GPL-2.0-or-later
/* The router's share of the adverts the instances refuse: which instance
 * of a link speaks for it (vrrp_router_stats_rx decides what counts). */
#include "config.h"

#include <string.h>

#include "vrrp_run_int.h"

static bool same_link(const struct vrrp_inst *a, const struct vrrp_inst *b)
{
	return a->family == b->family && strcmp(a->c->ifname, b->c->ifname) == 0;
}

/* the first instance of i's link that listens */
static bool reporter(const struct vrrp_inst *i)
{
	for (const struct vrrp_inst *o = i->run->insts; o; o = o->next)
		if (o->net && same_link(o, i))
			return o == i;
	return false;
}

static bool vrid_known(const struct vrrp_inst *i, unsigned vrid)
{
	for (const struct vrrp_inst *o = i->run->insts; o; o = o->next)
		if (same_link(o, i) && o->c->vrid == vrid)
			return true;
	return false;
}

void vrrp_router_rx(struct vrrp_inst *i, enum vrrp_pkt_err err, const struct vrrp_pkt *p)
{
	/* the walks only for what all instances of the link refuse alike */
	bool all = err == VRRP_PKT_E_VERSION || err == VRRP_PKT_E_VRID;
	bool rep = all && reporter(i);

	vrrp_router_stats_rx(&i->run->stats, err, rep, rep && vrid_known(i, p->vrid));
}
