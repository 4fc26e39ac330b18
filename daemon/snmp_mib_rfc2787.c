// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <sys/socket.h>

#include "snmp_mib_rfc2787.h"

#define SEC_US 1000000u

static bool is_v2(const struct vrrp_inst_view *v)
{
	return v->version == 2 && v->family == AF_INET;
}

/* vrrpOperAuthType: noAuthentication(1), simpleTextPassword(2),
 * ipAuthenticationHeader(3) */
static long auth_type(const struct vrrp_inst_view *v)
{
	return v->auth_ah ? 3 : v->auth_pass ? 2 : 1;
}

static void ipaddr(struct snmp_row *row, unsigned col, const uint8_t *a, bool has)
{
	static const uint8_t none[4];

	snmp_row_ipaddr(row, col, has ? a : none);
}

static void oper_row(struct snmp_row *row, const struct vrrp_inst_view *v)
{
	/* RFC 2787: 00-00-5E-00-01-{VRID} */
	const uint8_t vmac[6] = { 0x00, 0x00, 0x5e, 0x00, 0x01, (uint8_t)v->vrid };
	snmp_row_octets(row, 2, vmac, sizeof(vmac));
	snmp_row_int(row, 3, snmp_mib_v3_status(v->state));
	snmp_row_int(row, 4, 1);	/* up: a running instance is enabled */
	snmp_row_int(row, 5, v->priority);
	snmp_row_int(row, 6, (long)v->nvips);
	/* RFC 2787: the source of the last advert received, even as master
	 * (VRRPv3-MIB's is the router itself then) */
	ipaddr(row, 7, v->master, v->has_master);
	ipaddr(row, 8, v->src, v->has_src);
	snmp_row_int(row, 9, auth_type(v));
	snmp_row_str(row, 10, "");	/* RFC 2787: reads as the empty string */
	snmp_row_int(row, 11, (long)(v->advert_int_us / SEC_US));
	snmp_row_int(row, 12, snmp_bool(v->preempt));
}

/* counters as Counter32: the low 32 bits wrap as the type does */
static void stats_row(struct snmp_row *row, const struct vrrp_inst_view *v)
{
	const struct vrrp_stats *s = &v->stats;

	snmp_row_c32(row, 1, v->master_transitions);
	snmp_row_c32(row, 2, (uint32_t)(v->rx_ok + v->rx_bad));
	snmp_row_c32(row, 3, (uint32_t)s->adv_interval_errors);
	snmp_row_c32(row, 4, (uint32_t)s->auth_errors);
	snmp_row_c32(row, 5, (uint32_t)s->ttl_errors);
	snmp_row_c32(row, 6, (uint32_t)s->rx_prio_zero);
	snmp_row_c32(row, 7, (uint32_t)s->tx_prio_zero);
	snmp_row_c32(row, 8, (uint32_t)s->invalid_type);
	snmp_row_c32(row, 9, (uint32_t)s->addr_list_errors);
	snmp_row_c32(row, 10, (uint32_t)s->auth_type_unknown);
	snmp_row_c32(row, 11, (uint32_t)s->auth_type_errors);
	snmp_row_c32(row, 12, (uint32_t)s->length_errors);
}

typedef void row_fn(struct snmp_row *row, const struct vrrp_inst_view *v);

static void v2_rows(const struct vrrp_inst_view *v, size_t n, snmp_ifindex_fn *ifindex,
		    struct snmp_rows *out, row_fn *fn)
{
	for (size_t i = 0; i < n; i++) {
		unsigned ifi = is_v2(&v[i]) ? ifindex(v[i].ifname) : 0;

		if (ifi)
			fn(snmp_rows_add(out, (long[]){ (long)ifi, (long)v[i].vrid }, 2), &v[i]);
	}
}

void snmp_mib_vrrp2_oper(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			 snmp_ifindex_fn *ifindex, struct snmp_rows *out)
{
	(void)cfg;
	v2_rows(v, n, ifindex, out, oper_row);
}

void snmp_mib_vrrp2_stats(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			  snmp_ifindex_fn *ifindex, struct snmp_rows *out)
{
	(void)cfg;
	v2_rows(v, n, ifindex, out, stats_row);
}

void snmp_mib_vrrp2_addrs(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			  snmp_ifindex_fn *ifindex, struct snmp_rows *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct cfg_vrrp *c = snmp_mib_vrrp_conf(cfg, &v[i]);
		unsigned ifi = is_v2(&v[i]) ? ifindex(v[i].ifname) : 0;

		for (size_t k = 0; ifi && c && k < c->nvips; k++) {
			const struct cfg_ip *ip = &c->vips[k].addr;
			struct snmp_row *row;

			if (ip->af != AF_INET)
				continue;
			row = snmp_rows_add(out, (long[]){ (long)ifi, (long)v[i].vrid }, 2);
			snmp_row_index_addr(row, ip->b, 4);
			snmp_row_int(row, SNMP_V2A_COL, 1);	/* active */
		}
	}
}

bool snmp_mib_vrrp2_node(const struct vrrp_router_stats *s, unsigned which, struct snmp_cell *out)
{
	(void)s;
	if (which < 1 || which > SNMP_V2N_LAST)
		return false;
	/* vrrpNodeVersion 2; vrrpNotificationCntl disabled(2) */
	*out = (struct snmp_cell){ .type = SNMP_CELL_INT, .n = 2 };
	return true;
}

bool snmp_mib_vrrp2_router(const struct vrrp_router_stats *s, unsigned which, struct snmp_cell *out)
{
	const uint64_t v[] = { 0, s->checksum_errors, s->version_errors, s->vrid_errors };

	if (which < 1 || which > SNMP_V2R_LAST)
		return false;
	*out = (struct snmp_cell){ .type = SNMP_CELL_COUNTER32, .n = (uint32_t)v[which] };
	return true;
}
