// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "snmp_mib_vrrp.h"
#include "vrrp_sync.h"

static const struct vrrp_inst_view *view_named(const struct vrrp_inst_view *v, size_t n,
						const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return &v[i];
	return NULL;
}

/* members not running (a reload's window) count as not started */
static enum vrrp_state group_state(const struct cfg_sync_group *g, const struct vrrp_inst_view *v,
				   size_t n)
{
	struct vrrp_sync_member *m = calloc(g->nmembers ? g->nmembers : 1, sizeof(*m));
	enum vrrp_state s;

	if (!m)
		return VRRP_STATE_COUNT;
	for (size_t k = 0; k < g->nmembers; k++) {
		const struct vrrp_inst_view *iv = view_named(v, n, g->members[k]);

		m[k].state = iv ? iv->state : VRRP_STATE_INIT;
	}
	s = vrrp_sync_group_state(m, g->nmembers);
	free(m);
	return s;
}

void snmp_mib_sync_groups(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			  struct snmp_rows *groups, struct snmp_rows *members)
{
	for (size_t g = 0; g < cfg->ngroups; g++) {
		const struct cfg_sync_group *sg = &cfg->groups[g];
		long idx = (long)g + 1;
		struct snmp_row *row = snmp_rows_add(groups, &idx, 1);

		snmp_row_str(row, 2, sg->name);
		snmp_row_int(row, 3, snmp_mib_vrrp_state(group_state(sg, v, n)));
		snmp_row_int(row, 4, 2);	/* smtp_alert: keel sends no mail */
		snmp_row_int(row, 5, snmp_bool(sg->notify.cmd || sg->notify_master.cmd ||
					       sg->notify_backup.cmd || sg->notify_fault.cmd ||
					       sg->notify_stop.cmd));
		snmp_row_str(row, 6, snmp_mib_script(&sg->notify_master));
		snmp_row_str(row, 7, snmp_mib_script(&sg->notify_backup));
		snmp_row_str(row, 8, snmp_mib_script(&sg->notify_fault));
		snmp_row_str(row, 9, snmp_mib_script(&sg->notify));
		snmp_row_int(row, 10, snmp_bool(sg->tracking_weight));
		snmp_row_str(row, 11, snmp_mib_script(&sg->notify_stop));
		for (size_t m = 0; m < sg->nmembers; m++)
			snmp_row_str(snmp_rows_add(members, (long[]){ idx, (long)m + 1 }, 2), SNMP_SGM_COL,
				     sg->members[m]);
	}
}

/* InetScopeType of the scope keyword: interfaceLocal(1), linkLocal(2),
 * siteLocal(5), global(14), the default */
static long scope_of(const char *scope)
{
	static const struct { const char *name; long v; } map[] = {
		{ "host", 1 }, { "link", 2 }, { "site", 5 },
	};

	for (size_t k = 0; scope && k < sizeof(map) / sizeof(map[0]); k++)
		if (strcmp(scope, map[k].name) == 0)
			return map[k].v;
	return 14;
}

static void addr_row(struct snmp_rows *out, long inst, long a, const struct cfg_vip *vip,
		     const char *dev, unsigned ifindex, bool up, bool advertised)
{
	static const uint8_t zero[16];
	struct snmp_row *row = snmp_rows_add(out, (long[]){ inst, a }, 2);
	size_t alen = snmp_mib_addr_len(vip->addr.af);

	snmp_row_int(row, 2, snmp_mib_addr_type(vip->addr.af));
	snmp_row_octets(row, 3, vip->addr.b, alen);
	snmp_row_octets(row, 4, vip->brd.af == vip->addr.af ? vip->brd.b : zero, alen);
	snmp_row_uint(row, 5, vip->plen ? vip->plen : (uint32_t)alen * 8);
	snmp_row_int(row, 6, scope_of(vip->scope));
	snmp_row_int(row, 7, ifindex);
	snmp_row_str(row, 8, dev);
	snmp_row_str(row, 9, vip->label);
	snmp_row_int(row, 10, up ? 1 : 2);
	snmp_row_int(row, 11, advertised ? 1 : 2);
}

void snmp_mib_vrrp_addrs(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			 snmp_ifindex_fn *ifindex, struct snmp_rows *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct cfg_vrrp *c = snmp_mib_vrrp_conf(cfg, &v[i]);
		long a = 1;

		for (size_t k = 0; c && k < c->nvips + c->nevips; k++) {
			bool adv = k < c->nvips;
			const struct cfg_vip *vip = cfg_vrrp_vip(c, k);
			const char *dev = vip->dev ? vip->dev : c->ifname;

			addr_row(out, (long)i + 1, a++, vip, dev, ifindex(dev), v[i].vips_up, adv);
		}
	}
}

void snmp_mib_vrrpv3_addrs(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			   snmp_ifindex_fn *ifindex, struct snmp_rows *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct cfg_vrrp *c = snmp_mib_vrrp_conf(cfg, &v[i]);
		unsigned ifi = ifindex(v[i].ifname);
		long idx[3] = { (long)ifi, (long)v[i].vrid, snmp_mib_addr_type(v[i].family) };

		for (size_t k = 0; ifi && c && k < c->nvips; k++) {
			const struct cfg_ip *ip = &c->vips[k].addr;
			struct snmp_row *row;

			if (ip->af != v[i].family)
				continue;
			row = snmp_rows_add(out, idx, 3);
			snmp_row_index_addr(row, ip->b, snmp_mib_addr_len(ip->af));
			snmp_row_int(row, SNMP_V3A_COL, 1);	/* active */
		}
	}
}

bool snmp_mib_v3_router(const struct vrrp_router_stats *s, unsigned which, struct snmp_cell *out)
{
	switch (which) {
	case 1:
		*out = (struct snmp_cell){ .type = SNMP_CELL_COUNTER64, .n = (int64_t)(s->checksum_errors & INT64_MAX) };
		return true;
	case 2:
		*out = (struct snmp_cell){ .type = SNMP_CELL_COUNTER64, .n = (int64_t)(s->version_errors & INT64_MAX) };
		return true;
	case 3:
		*out = (struct snmp_cell){ .type = SNMP_CELL_COUNTER64, .n = (int64_t)(s->vrid_errors & INT64_MAX) };
		return true;
	case 4:
		/* as the statistics rows: the counters start with keeld,
		 * whose (re)start the master sees as a new registration */
		*out = (struct snmp_cell){ .type = SNMP_CELL_TICKS, .n = 0 };
		return true;
	default:
		return false;
	}
}
