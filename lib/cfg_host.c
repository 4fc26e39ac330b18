// SPDX-License-Identifier: GPL-2.0-or-later
/* The config against this host: interfaces it names that the host lacks.
 * keel waits for such an interface (the instance stays FAULT, the address
 * is added when it appears), where keepalived 2.2.7 refuses an instance's
 * missing interface unless dynamic_interfaces is set ("Unknown
 * interface!") and warns at a static address's. Each is said at its
 * place, so a typo shows at keeld -t instead of as a silent FAULT. Not
 * said for a config run in another namespace, whose interfaces are not
 * these. */
#include "config.h"

#include <net/if.h>

#include "cfg_block.h"
#include "cfg_host.h"

static bool missing(const char *ifname)
{
	return ifname && if_nametoindex(ifname) == 0;
}

static void check_instances(struct cfg_parser *p, const struct config *cfg)
{
	if (cfg->global.dynamic_interfaces)
		return;
	for (size_t i = 0; i < cfg->nvrrp; i++) {
		const struct cfg_vrrp *vr = &cfg->vrrp[i];

		if (vr->ifname_given && missing(vr->ifname))
			cfg_diag_warn(p->diag, &vr->ifname_where,
				      "vrrp_instance %s: no interface '%s' here (yet); the instance stays FAULT "
				      "until it appears (keepalived refuses this without dynamic_interfaces)",
				      vr->name, vr->ifname);
	}
}

static void check_static_addrs(struct cfg_parser *p, const struct config *cfg)
{
	for (size_t i = 0; i < cfg->nstatic_addrs; i++) {
		const struct cfg_vip *v = &cfg->static_addrs[i];
		char a[64];

		if (!missing(v->dev))
			continue;
		cfg_ip_format(&v->addr, a, sizeof(a));
		cfg_diag_warn(p->diag, &v->where, "static_ipaddress %s/%u: no interface '%s' here (yet); "
			      "added when it appears", a, v->plen, v->dev);
	}
}

void cfg_host_check(struct cfg_parser *p, const struct config *cfg)
{
	if (cfg->global.net_namespace)
		return;
	check_instances(p, cfg);
	check_static_addrs(p, cfg);
}
