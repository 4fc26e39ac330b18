// SPDX-License-Identifier: GPL-2.0-or-later
/* An instance's VIPs and excluded VIPs where they live (its interface,
 * use_vmac's macvlan, or use_vmac_addr's on another interface): added and
 * removed with the virtual_routes and virtual_rules that follow them,
 * announced by gratuitous ARP / unsolicited NA, and reconciled when a
 * reload keeps a master. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cfg_route.h"
#include "log.h"
#include "vrrp_rt_plan.h"
#include "vrrp_run_int.h"

/* use_vmac_addr: the macvlan up on base, or NULL */
static const char *addr_vmac(const struct vrrp_inst *i, const char *base)
{
	for (size_t k = 0; k < i->navmac; k++)
		if (i->avmac_up[k] && strcmp(i->avmac[k].base, base) == 0)
			return i->avmac[k].name;
	return NULL;
}

/* With use_vmac, the VIPs of the instance's own interface (named or not)
 * live on the macvlan; with use_vmac_addr, those of another interface live
 * on its macvlan; the others stay where they are. */
static const struct cfg_vip *vip_on(const struct vrrp_inst *i, const struct cfg_vip *vip,
				    struct cfg_vip *tmp, const char **dev)
{
	bool own = !vip->dev || strcmp(vip->dev, i->c->ifname) == 0;
	const char *on = own ? (i->has_vmac ? i->vmac.name : NULL) : addr_vmac(i, vip->dev);

	*dev = i->c->ifname;
	if (!on)
		return vip;
	*tmp = *vip;
	tmp->dev = NULL;
	*dev = on;
	return tmp;
}

/* virtual_routes and virtual_rules follow the VIPs */
static void routes_sync(struct vrrp_inst *i, const struct cfg_routes *held,
			const struct cfg_routes *want)
{
	char who[128];

	snprintf(who, sizeof(who), "VRRP_Instance(%s)", i->c->name);
	vrrp_routes_sync(vrrp_vips_sock(i->run->vips), held, want, who);
}

/* Calls fn for each VIP and excluded VIP with the interface it lives on. */
typedef void vip_visit_fn(struct vrrp_inst *i, const struct cfg_vip *vip, const char *dev, void *arg);

static void each_vip(struct vrrp_inst *i, vip_visit_fn *fn, void *arg)
{
	struct cfg_vip tmp;
	const char *dev;

	for (size_t k = 0; k < i->c->nvips + i->c->nevips; k++) {
		/* dev is set by vip_on: not in the same call's arguments */
		const struct cfg_vip *vip = vip_on(i, cfg_vrrp_vip(i->c, k), &tmp, &dev);

		fn(i, vip, dev, arg);
	}
}

static void vip_add(struct vrrp_inst *i, const struct cfg_vip *vip, const char *dev, void *arg)
{
	(void)i;
	vrrp_vip_add(arg, vip, dev);
}

static void vip_del(struct vrrp_inst *i, const struct cfg_vip *vip, const char *dev, void *arg)
{
	/* a gratuitous ARP still waiting would pull the traffic back */
	vrrp_pace_forget(i->run->pace, vip, dev);
	vrrp_vip_del(arg, vip, dev);
}

static void vip_addrs(struct vrrp_inst *i, bool add)
{
	if (i->run->vips)
		each_vip(i, add ? vip_add : vip_del, i->run->vips);
}

/* Routes may have a VIP as source: they come after the VIPs and go
 * before them. */
void vrrp_inst_vips_change(struct vrrp_inst *i, bool add)
{
	if (!add)
		routes_sync(i, &i->c->vroutes, NULL);
	vip_addrs(i, add);
	if (add)
		routes_sync(i, NULL, &i->c->vroutes);
	i->vips_up = add;
}

/* Which interfaces' VIPs an announcement covers; wanted NULL: all. */
struct announce_how {
	bool (*wanted)(const struct vrrp_inst *i, const char *on);
};

static void announce(struct vrrp_inst *i, const struct cfg_vip *vip, const char *dev, void *arg)
{
	const struct announce_how *how = arg;

	if (!how->wanted || how->wanted(i, vip->dev ? vip->dev : dev))
		vrrp_pace_announce(i->run->pace, vip, dev);
}

void vrrp_inst_garp(struct vrrp_inst *i, unsigned count)
{
	struct announce_how all = { NULL };

	for (unsigned n = 0; n < count; n++)
		each_vip(i, announce, &all);
}

/* garp_extra_if: switches learn a MAC from the frames it sends; a VIP on
 * an interface the adverts do not leave from would be forgotten. By
 * default only a VMAC's (vmac_xmit_base), with all any other's. */
static bool extra_wanted(const struct vrrp_inst *i, const char *on)
{
	const char *adverts = i->has_vmac && !i->c->vmac_xmit_base ? i->vmac.name : i->c->ifname;

	if (strcmp(on, adverts) == 0)
		return false;
	return i->c->tune.garp_extra_if_all || (i->has_vmac && strcmp(on, i->vmac.name) == 0);
}

void vrrp_inst_garp_extra(struct vrrp_inst *i)
{
	struct announce_how how = { extra_wanted };

	each_vip(i, announce, &how);
}

static bool has_vip(const struct cfg_vrrp *c, const struct cfg_vip *v, const char *dev)
{
	for (size_t k = 0; k < c->nvips + c->nevips; k++)
		if (vrrp_vip_equal(cfg_vrrp_vip(c, k), v, c->ifname, dev))
			return true;
	return false;
}

/* A master adds the new VIPs, moves its routes and rules to the new
 * config's and removes the VIPs the new config dropped. */
void vrrp_inst_vips_reconcile(struct vrrp_inst *i, const struct cfg_vrrp *old)
{
	if (!i->vips_up)
		return;
	vip_addrs(i, true);
	routes_sync(i, &old->vroutes, &i->c->vroutes);
	for (size_t k = 0; k < old->nvips + old->nevips; k++)
		if (!has_vip(i->c, cfg_vrrp_vip(old, k), old->ifname)) {
			struct cfg_vip tmp;
			const char *dev;
			const struct cfg_vip *vip = vip_on(i, cfg_vrrp_vip(old, k), &tmp, &dev);

			vrrp_vip_del(i->run->vips, vip, dev);
		}
}

void vrrp_inst_route_gone(struct vrrp_inst *i, const struct vrrp_rt_gone *g)
{
	const struct cfg_routes *rt = &i->c->vroutes;
	long k;
	char text[256];

	if (i->f.state != VRRP_STATE_MASTER || !i->vips_up)
		return;
	if ((k = vrrp_rt_gone_route(rt, g)) >= 0)
		cfg_route_format(&rt->routes[k], text, sizeof(text));
	else if ((k = vrrp_rt_gone_rule(rt, g)) >= 0)
		cfg_rule_format(&rt->rules[k], text, sizeof(text));
	else
		return;
	log_warnx("VRRP_Instance(%s): virtual %s '%s' deleted: leaving MASTER", i->c->name,
		  g->rule ? "rule" : "route", text);
	vrrp_inst_event(i, &(struct vrrp_event){ .type = VRRP_EV_RESIGN });
}
