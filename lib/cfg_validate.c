// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_validate.h"

/* A virtual server's stable key, as text: the same service twice is an error. */
static void vs_key(const struct cfg_vs *vs, char *buf, size_t len)
{
	static const char *const proto[] = { [IPPROTO_TCP] = "TCP", [IPPROTO_UDP] = "UDP",
					     [IPPROTO_SCTP] = "SCTP" };
	char a[INET6_ADDRSTRLEN];

	switch (vs->kind) {
	case CFG_VS_ADDR:
		cfg_ip_format(&vs->addr, a, sizeof(a));
		snprintf(buf, len, "%s %s%s%s:%u", proto[vs->protocol], vs->af == AF_INET6 ? "[" : "",
			 a, vs->af == AF_INET6 ? "]" : "", vs->port);
		break;
	case CFG_VS_FWMARK:
		snprintf(buf, len, "fwmark %u %s", vs->fwmark, vs->af == AF_INET6 ? "inet6" : "inet");
		break;
	case CFG_VS_GROUP:
		snprintf(buf, len, "group %s %s %s", vs->group, proto[vs->protocol],
			 vs->af == AF_INET6 ? "inet6" : "inet");
		break;
	}
}

struct vs_keyed {
	char key[128];
	size_t index;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct vs_keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* A group's addresses must be of its servers' family unless every server is
 * tunnelled: the kernel refuses the rest, and keepalived 2.2.7 ignores such
 * a virtual server ("group with IPv4 & IPv6 doesn't match"). */
static void check_group_family(struct cfg_parser *p, const struct cfg_vs *vs, const struct cfg_vsg *g)
{
	bool all_tun = true;

	for (size_t i = 0; i < vs->nrs; i++)
		all_tun = all_tun && vs->rs[i].fwd.kind == CFG_FWD_TUN;
	for (size_t i = 0; i < g->n && !all_tun; i++) {
		if (!g->entries[i].fwmark && g->entries[i].first.af != vs->af) {
			cfg_diag_error(p->diag, &vs->group_where,
				       "virtual_server_group '%s' mixes IPv4 and IPv6 addresses and not all "
				       "real servers are TUN", g->name);
			return;
		}
	}
}

/* Duplicate services: sort the keys once, neighbours that match are
 * duplicates; the later definition is the one reported. */
static void check_vs(struct cfg_parser *p, struct config *cfg)
{
	struct vs_keyed *k = calloc(cfg->nvs ? cfg->nvs : 1, sizeof(*k));

	for (size_t i = 0; i < cfg->nvs; i++) {
		struct cfg_vs *vs = &cfg->vs[i];
		bool found = vs->kind != CFG_VS_GROUP;
		for (size_t g = 0; !found && g < cfg->nvsg; g++) {
			found = strcmp(cfg->vsg[g].name, vs->group) == 0;
			if (found)
				check_group_family(p, vs, &cfg->vsg[g]);
		}
		if (!found)
			cfg_diag_error(p->diag, &vs->group_where, "virtual_server group '%s' is not defined",
				       vs->group);
		if (k) {
			vs_key(vs, k[i].key, sizeof(k[i].key));
			k[i].index = i;
		}
	}
	if (!k) {
		cfg_diag_error(p->diag, NULL, "out of memory");
		return;
	}
	qsort(k, cfg->nvs, sizeof(*k), cmp_keyed);
	for (size_t i = 1; i < cfg->nvs; i++)
		if (strcmp(k[i].key, k[i - 1].key) == 0)
			cfg_diag_error(p->diag, &cfg->vs[k[i].index].where,
				       "virtual_server %s is already defined (line %u)", k[i].key,
				       cfg->vs[k[i - 1].index].where.line);
	free(k);
}

static bool has_name(const void *base, size_t n, size_t size, size_t off, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(*(char *const *)((const char *)base + i * size + off), name) == 0)
			return true;
	return false;
}

static void check_vrrp(struct cfg_parser *p, struct config *cfg)
{
	for (size_t i = 0; i < cfg->nvrrp; i++) {
		struct cfg_vrrp *vr = &cfg->vrrp[i];
		if (!vr->version)
			vr->version = vr->af == AF_INET6 ? 3 : cfg->global.vrrp_version;
		if (vr->version == 2 && vr->af == AF_INET6)
			cfg_diag_error(p->diag, vr->version_where.file ? &vr->version_where : &vr->where,
				       "vrrp_instance %s: IPv6 needs VRRP version 3", vr->name);
		if (vr->version == 2 && vr->advert_int % 1000000)
			cfg_diag_error(p->diag, vr->advert_where.file ? &vr->advert_where : &vr->where,
				       "vrrp_instance %s: VRRPv2 advert_int must be whole seconds", vr->name);
		if (vr->version == 3 && vr->auth_type)
			cfg_diag_error(p->diag, &vr->auth_where, "vrrp_instance %s: VRRPv3 has no authentication",
				       vr->name);
		for (size_t t = 0; t < vr->ntrack_script; t++)
			if (!has_name(cfg->scripts, cfg->nscripts, sizeof(*cfg->scripts),
				      offsetof(struct cfg_vrrp_script, name), vr->track_script[t].name))
				cfg_diag_error(p->diag, &vr->track_script[t].where,
					       "vrrp_instance %s: track_script '%s' is not defined",
					       vr->name, vr->track_script[t].name);
		for (size_t t = 0; t < vr->ntrack_file; t++)
			if (!has_name(cfg->track_files, cfg->ntrack_files, sizeof(*cfg->track_files),
				      offsetof(struct cfg_track_file, name), vr->track_file[t].name))
				cfg_diag_error(p->diag, &vr->track_file[t].where,
					       "vrrp_instance %s: track_file '%s' is not defined",
					       vr->name, vr->track_file[t].name);
		for (size_t j = 0; j < i; j++) {
			const struct cfg_vrrp *o = &cfg->vrrp[j];
			if (strcmp(o->name, vr->name) == 0)
				cfg_diag_error(p->diag, &vr->where, "vrrp_instance %s is already defined (line %u)",
					       vr->name, o->where.line);
			else if (o->vrid == vr->vrid && o->af == vr->af && o->ifname && vr->ifname &&
				 strcmp(o->ifname, vr->ifname) == 0 && !vr->npeers && !o->npeers)
				cfg_diag_error(p->diag, &vr->vrid_where,
					       "vrrp_instance %s: VRID %u on %s is already used by %s", vr->name,
					       vr->vrid, vr->ifname, o->name);
		}
	}
}

static void check_groups(struct cfg_parser *p, struct config *cfg)
{
	for (size_t i = 0; i < cfg->ngroups; i++) {
		struct cfg_sync_group *g = &cfg->groups[i];
		if (g->nmembers == 0)
			cfg_diag_error(p->diag, &g->where, "vrrp_sync_group %s has no group members", g->name);
		for (size_t m = 0; m < g->nmembers; m++)
			if (!has_name(cfg->vrrp, cfg->nvrrp, sizeof(*cfg->vrrp),
				      offsetof(struct cfg_vrrp, name), g->members[m]))
				cfg_diag_error(p->diag, &g->member_where[m],
					       "vrrp_sync_group %s: vrrp_instance '%s' is not defined", g->name,
					       g->members[m]);
	}
	if (cfg->global.lvs_sync.set && cfg->global.lvs_sync.instance &&
	    !has_name(cfg->vrrp, cfg->nvrrp, sizeof(*cfg->vrrp), offsetof(struct cfg_vrrp, name),
		      cfg->global.lvs_sync.instance))
		cfg_diag_error(p->diag, &cfg->global.lvs_sync.instance_where,
			       "lvs_sync_daemon: vrrp_instance '%s' is not defined",
			       cfg->global.lvs_sync.instance);
}

void cfg_validate(struct cfg_parser *p, struct config *cfg)
{
	check_vs(p, cfg);
	check_vrrp(p, cfg);
	check_groups(p, cfg);
}
