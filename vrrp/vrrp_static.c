// SPDX-License-Identifier: GPL-2.0-or-later
/* The owner of the static state in the kernel: static_ipaddress,
 * static_routes and static_rules (vrrp_static.h). Decisions come from
 * vrrp_sa_plan and vrrp_rt_plan; the rtnetlink work is vrrp_vip.c's and
 * vrrp_routes.c's, over the VIPs' socket. */
#include "config.h"

#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/netlink.h>
#include <netlink/route/addr.h>

#include "log.h"
#include "vrrp_routes.h"
#include "vrrp_rt_plan.h"
#include "vrrp_run_int.h"
#include "vrrp_sa_plan.h"
#include "vrrp_static.h"
#include "vrrp_vip.h"

static const char *text_of(const struct cfg_vip *v, char *buf, size_t len)
{
	char a[64];

	cfg_ip_format(&v->addr, a, sizeof(a));
	snprintf(buf, len, "%s/%u dev %s", a, v->plen, v->dev);
	return buf;
}

/* ops->op[from .. to) */
static void sa_run(struct vrrp_run *r, const struct vrrp_sa_ops *ops, size_t from, size_t to)
{
	char t[96];

	for (size_t k = from; k < to; k++) {
		const struct vrrp_sa_op *op = &ops->op[k];
		int rc = op->add ? vrrp_vip_add(r->vips, op->addr, NULL)
				 : vrrp_vip_del(r->vips, op->addr, NULL);

		if (rc == 0 && (op->fresh || !op->add))
			log_info("static: %s address %s", op->add ? "added" : "removed",
				 text_of(op->addr, t, sizeof(t)));
	}
}

/* From what the kernel holds of from (NULL: nothing) to to (NULL: nothing):
 * addresses in, routes and rules from one set to the other, addresses out. */
static void sync_all(struct vrrp_run *r, const struct config *from, const struct config *to)
{
	struct vrrp_sa_ops ops;

	if (vrrp_sa_plan(from ? from->static_addrs : NULL, from ? from->nstatic_addrs : 0,
			 to ? to->static_addrs : NULL, to ? to->nstatic_addrs : 0, &ops) < 0) {
		log_warnx("static: out of memory planning the addresses");
		return;
	}
	sa_run(r, &ops, 0, ops.late);
	vrrp_routes_sync(vrrp_vips_sock(r->vips), from ? &from->static_rt : NULL,
			 to ? &to->static_rt : NULL, "static");
	sa_run(r, &ops, ops.late, ops.n);
	free(ops.op);
}

void vrrp_static_apply(struct vrrp_run *r, const struct config *cfg)
{
	sync_all(r, r->static_held, cfg);
	r->static_held = cfg;
}

void vrrp_static_stop(struct vrrp_run *r)
{
	if (!r->static_held)
		return;
	sync_all(r, r->static_held, NULL);
	r->static_held = NULL;
}

/* --- repair */

struct seen {
	struct vrrp_sa_seen *a;
	size_t n, cap;
};

static void seen_one(struct nl_object *obj, void *arg)
{
	struct rtnl_addr *ra = (struct rtnl_addr *)obj;
	struct nl_addr *local = rtnl_addr_get_local(ra);
	struct seen *s = arg;
	struct vrrp_sa_seen *e;
	unsigned len = local ? nl_addr_get_len(local) : 0;

	if ((len != 4 && len != 16) || s->n == s->cap)
		return;
	e = &s->a[s->n++];
	memset(e, 0, sizeof(*e));
	e->addr.af = len == 4 ? AF_INET : AF_INET6;
	memcpy(e->addr.b, nl_addr_get_binary_addr(local), len);
	e->plen = (uint8_t)rtnl_addr_get_prefixlen(ra);
	e->ifindex = rtnl_addr_get_ifindex(ra);
}

/* The kernel's addresses; -1 when they cannot be read. */
static int read_seen(struct nl_sock *sk, struct seen *s)
{
	struct nl_cache *cache = NULL;

	if (!sk || rtnl_addr_alloc_cache(sk, &cache) < 0)
		return -1;
	s->cap = (size_t)nl_cache_nitems(cache);
	s->a = s->cap ? calloc(s->cap, sizeof(*s->a)) : NULL;
	if (s->cap && !s->a) {
		nl_cache_free(cache);
		return -1;
	}
	nl_cache_foreach(cache, seen_one, s);
	nl_cache_free(cache);
	return 0;
}

/* Is ifname administratively up? What goes on a down link is refused
 * (routes) or dropped again by the kernel: it waits for the link. */
static bool link_up(const struct vrrp_run *r, const char *ifname)
{
	return vrrp_link_flags(r, ifname) & IFF_UP;
}

/* The wanted addresses the kernel lacks on links that are up are added
 * again; true when one was. */
static bool restore_addrs(struct vrrp_run *r, const struct config *cfg)
{
	struct seen s = { NULL, 0, 0 };
	bool any = false;
	char t[96];

	if (cfg->nstatic_addrs == 0 || read_seen(vrrp_vips_sock(r->vips), &s) < 0)
		return false;
	for (size_t k = 0; k < cfg->nstatic_addrs; k++) {
		const struct cfg_vip *v = &cfg->static_addrs[k];
		int ifindex = (int)if_nametoindex(v->dev);

		if (!ifindex || vrrp_sa_seen_has(s.a, s.n, v, ifindex) || !link_up(r, v->dev))
			continue;
		if (vrrp_vip_add(r->vips, v, NULL) == 0) {
			log_info("static: restored address %s", text_of(v, t, sizeof(t)));
			any = true;
		}
	}
	free(s.a);
	return any;
}

static bool uses_link(const struct config *cfg, const char *ifname)
{
	const struct cfg_routes *rt = &cfg->static_rt;

	for (size_t k = 0; k < cfg->nstatic_addrs; k++)
		if (strcmp(cfg->static_addrs[k].dev, ifname) == 0)
			return true;
	for (size_t k = 0; k < rt->nroutes; k++)
		if (rt->routes[k].dev && strcmp(rt->routes[k].dev, ifname) == 0)
			return true;
	for (size_t k = 0; k < rt->nrules; k++)
		if ((rt->rules[k].iif && strcmp(rt->rules[k].iif, ifname) == 0) ||
		    (rt->rules[k].oif && strcmp(rt->rules[k].oif, ifname) == 0))
			return true;
	return false;
}

void vrrp_static_event(struct vrrp_run *r, enum vrrp_linkmon_what what, const char *ifname)
{
	const struct config *cfg = r->static_held;
	bool link;

	if (!cfg)
		return;
	link = what == VRRP_LINKMON_LOST || (what == VRRP_LINKMON_LINK && ifname &&
					     uses_link(cfg, ifname) && link_up(r, ifname));
	if (what == VRRP_LINKMON_LINK && !link)
		return;
	/* the kernel drops the routes of a link that went down */
	if (restore_addrs(r, cfg) || link)
		vrrp_routes_sync(vrrp_vips_sock(r->vips), &cfg->static_rt, &cfg->static_rt, "static");
}

void vrrp_static_gone(struct vrrp_run *r, const struct vrrp_rt_gone *g)
{
	const struct cfg_routes *rt = r->static_held ? &r->static_held->static_rt : NULL;
	long k;

	if ((k = vrrp_rt_gone_route(rt, g)) >= 0) {
		const struct cfg_route *route = &rt->routes[k];

		/* gone with its link (IPv6): put back when the link is up */
		if (link_up(r, route->dev))
			vrrp_routes_restore(vrrp_vips_sock(r->vips), route, NULL, "static");
	} else if ((k = vrrp_rt_gone_rule(rt, g)) >= 0) {
		vrrp_routes_restore(vrrp_vips_sock(r->vips), NULL, &rt->rules[k], "static");
	}
}
