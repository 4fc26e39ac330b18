// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "snmp_mib.h"

#define SEC_US 1000000u
#define DEFAULT_DELAY_LOOP_S 60	/* keepalived's delay_loop default */

bool snmp_mib_vrrp_on(const struct config *cfg, bool force)
{
	return force || cfg->global.enable_snmp_vrrp;
}

bool snmp_mib_checker_on(const struct config *cfg, bool force)
{
	return force || cfg->global.enable_snmp_checker;
}

bool snmp_mib_wanted(const struct config *cfg, bool force)
{
	return snmp_mib_vrrp_on(cfg, force) || snmp_mib_checker_on(cfg, force) ||
	       cfg->global.enable_snmp_rfcv2 || cfg->global.enable_snmp_rfcv3;
}

long snmp_mib_sched(const char *sched)
{
	/* virtualServerLoadBalancingAlgo: rr(1) .. twos(14), unknown(99) */
	static const char *const names[] = { "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh",
					     "sh", "sed", "nq", "fo", "ovf", "mh", "twos" };

	for (size_t i = 0; sched && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(sched, names[i]) == 0)
			return (long)i + 1;
	return 99;
}

long snmp_mib_fwd(enum cfg_fwd kind)
{
	return kind == CFG_FWD_DR ? 2 : kind == CFG_FWD_TUN ? 3 : 1;
}

long snmp_mib_protocol(const struct cfg_vs *vs)
{
	if (vs->kind == CFG_VS_FWMARK)
		return 4;	/* none: a mark covers every protocol */
	switch (vs->protocol) {
	case IPPROTO_TCP: return 1;
	case IPPROTO_UDP: return 2;
	case IPPROTO_SCTP: return 3;
	default: return 4;
	}
}

long snmp_mib_vrrp_state(enum vrrp_state s)
{
	switch (s) {
	case VRRP_STATE_INIT: return 0;
	case VRRP_STATE_BACKUP: return 1;
	case VRRP_STATE_MASTER: return 2;
	case VRRP_STATE_FAULT: return 3;
	case VRRP_STATE_STOP: return 5;	/* shutdown */
	default: return 4;		/* unknown */
	}
}

long snmp_mib_v3_status(enum vrrp_state s)
{
	return s == VRRP_STATE_MASTER ? 3 : s == VRRP_STATE_BACKUP ? 2 : 1;
}

long snmp_mib_addr_type(int af)
{
	return af == AF_INET ? 1 : af == AF_INET6 ? 2 : 0;
}

size_t snmp_mib_addr_len(int af)
{
	return af == AF_INET ? 4 : af == AF_INET6 ? 16 : 0;
}

static void put_ip(struct snmp_row *row, unsigned type_col, unsigned addr_col, const struct cfg_ip *ip)
{
	snmp_row_int(row, type_col, snmp_mib_addr_type(ip->af));
	snmp_row_octets(row, addr_col, ip->b, snmp_mib_addr_len(ip->af));
}

const char *snmp_mib_script(const struct cfg_script *s)
{
	return s->cmd ? s->cmd : "";
}

/* type: regular(1), or sorry(2) for the sorry_server */
static void rs_row(struct snmp_rows *t, const struct cfg_rs *rs, long v, long r, struct rs_health h,
		   long type)
{
	struct snmp_row *row = snmp_rows_add(t, (long[]){ v, r }, 2);

	snmp_row_int(row, 2, type);
	put_ip(row, 3, 4, &rs->addr);
	snmp_row_uint(row, 5, rs->port);
	snmp_row_int(row, 6, h.alive ? 1 : 2);
	snmp_row_int(row, 7, h.weight);
	snmp_row_uint(row, 8, rs->uthreshold);
	snmp_row_uint(row, 9, rs->lthreshold);
	snmp_row_int(row, 10, rs->inhibit_on_failure ? 2 : 1);
	snmp_row_str(row, 11, snmp_mib_script(&rs->opt->notify_up));
	snmp_row_str(row, 12, snmp_mib_script(&rs->opt->notify_down));
}

/* virtualServerType and its addressing columns 2..7 */
static void vs_addressing(struct snmp_row *row, const struct cfg_vs *vs)
{
	static const long type[] = { [CFG_VS_ADDR] = 2, [CFG_VS_FWMARK] = 1, [CFG_VS_GROUP] = 3 };
	struct cfg_ip none = { .af = vs->af };

	snmp_row_int(row, 2, type[vs->kind]);
	snmp_row_str(row, 3, vs->kind == CFG_VS_GROUP ? vs->group : "");
	snmp_row_uint(row, 4, vs->kind == CFG_VS_FWMARK ? vs->fwmark : 0);
	if (vs->kind == CFG_VS_ADDR) {
		put_ip(row, 5, 6, &vs->addr);
	} else {
		snmp_row_int(row, 5, snmp_mib_addr_type(none.af));
		snmp_row_octets(row, 6, NULL, 0);
	}
	snmp_row_uint(row, 7, vs->kind == CFG_VS_ADDR ? vs->port : 0);
}

static void vs_row(struct snmp_rows *t, const struct cfg_vs *vs, long v, unsigned up, bool quorum)
{
	struct snmp_row *row = snmp_rows_add(t, &v, 1);
	const struct cfg_ip *gran = &vs->persistence_granularity;
	static const uint8_t all_ones[4] = { 0xff, 0xff, 0xff, 0xff };
	uint64_t delay = vs->timing.delay_loop ? vs->timing.delay_loop / SEC_US : DEFAULT_DELAY_LOOP_S;

	vs_addressing(row, vs);
	snmp_row_int(row, 8, snmp_mib_protocol(vs));
	snmp_row_int(row, 9, snmp_mib_sched(vs->sched));
	snmp_row_int(row, 10, snmp_mib_fwd(vs->fwd.kind));
	snmp_row_int(row, 11, quorum ? 1 : 2);
	snmp_row_str(row, 12, vs->virtualhost);
	snmp_row_int(row, 13, snmp_bool(vs->persistent));
	snmp_row_uint(row, 14, vs->persistent ? vs->persistence_timeout : 0);
	/* IPv4: the mask IPVS applies, /32 unless given (as keepalived says);
	 * IPv6 has its own column (virtualServerPersistGranularity6) */
	if (vs->af == AF_INET)
		snmp_row_octets(row, 15, gran->af == AF_INET ? gran->b : all_ones, 4);
	else
		snmp_row_octets(row, 15, NULL, 0);
	snmp_row_uint(row, 16, (uint32_t)delay);
	snmp_row_int(row, 17, snmp_bool(vs->ha_suspend));
	snmp_row_int(row, 18, snmp_bool(vs->alpha));
	snmp_row_int(row, 19, snmp_bool(vs->omega));
	snmp_row_uint(row, 20, (uint32_t)vs->nrs);
	snmp_row_uint(row, 21, up);
	snmp_row_uint(row, 22, vs->quorum);
	snmp_row_int(row, 23, quorum ? 1 : 2);
	snmp_row_str(row, 24, snmp_mib_script(&vs->quorum_up));
	snmp_row_str(row, 25, snmp_mib_script(&vs->quorum_down));
	snmp_row_uint(row, 26, vs->hysteresis);
}

void snmp_mib_servers(const struct config *cfg, const struct ipvs_health *health,
		      struct snmp_rows *vs, struct snmp_rows *rs)
{
	for (size_t v = 0; v < cfg->nvs; v++) {
		const struct cfg_rs *sorry = cfg->vs[v].sorry;
		long first = sorry ? 2 : 1;	/* as keepalived: the sorry server is index 1 */
		bool quorum = ipvs_vs_quorum(health, cfg, v);
		unsigned up = 0;

		/* the sorry server is alive while it serves: without quorum */
		if (sorry)
			rs_row(rs, sorry, (long)v + 1, 1,
			       (struct rs_health){ .alive = !quorum, .weight = sorry->weight }, 2);
		for (size_t r = 0; r < cfg->vs[v].nrs; r++) {
			struct rs_health h = ipvs_rs_health(health, cfg, v, r);

			up += h.alive;
			rs_row(rs, &cfg->vs[v].rs[r], (long)v + 1, (long)r + first, h, 1);
		}
		vs_row(vs, &cfg->vs[v], (long)v + 1, up, quorum);
	}
}

/* VRRPv2 counts advert_int in seconds, VRRPv3 in centiseconds */
static uint32_t advert_units(const struct vrrp_inst_view *v)
{
	return (uint32_t)(v->version == 3 ? v->advert_int_us / 10000 : v->advert_int_us / SEC_US);
}

const struct cfg_vrrp *snmp_mib_vrrp_conf(const struct config *cfg, const struct vrrp_inst_view *v)
{
	for (size_t i = 0; i < cfg->nvrrp; i++) {
		const struct cfg_vrrp *c = &cfg->vrrp[i];

		if (c->vrid == v->vrid && c->af == v->family && c->ifname &&
		    strcmp(c->ifname, v->ifname) == 0)
			return c;
	}
	return NULL;
}

const char *snmp_mib_group_of(const struct config *cfg, const char *name)
{
	const struct cfg_sync_group *g = cfg_group_of(cfg, name);

	return g ? g->name : "";
}

/* columns 16..26: what the config says of the instance */
static void vrrp_conf_cols(struct snmp_row *row, const struct config *cfg, const struct cfg_vrrp *c)
{
	static const struct cfg_vrrp none = { .name = "" };
	const struct cfg_lvs_sync *ls = &cfg->global.lvs_sync;
	bool sync = c && ls->set && ls->instance && strcmp(ls->instance, c->name) == 0;

	if (!c)
		c = &none;
	snmp_row_int(row, 16, snmp_bool(sync));
	snmp_row_str(row, 17, sync ? ls->ifname : "");
	snmp_row_str(row, 18, snmp_mib_group_of(cfg, c->name));
	snmp_row_uint(row, 19, (uint32_t)(c->tune.garp_master_delay > 0 ? c->tune.garp_master_delay / SEC_US : 0));
	snmp_row_int(row, 20, 2);	/* smtp_alert: keel sends no mail */
	snmp_row_int(row, 21, snmp_bool(c->notify.cmd || c->notify_master.cmd || c->notify_backup.cmd ||
					c->notify_fault.cmd || c->notify_stop.cmd));
	snmp_row_str(row, 22, snmp_mib_script(&c->notify_master));
	snmp_row_str(row, 23, snmp_mib_script(&c->notify_backup));
	snmp_row_str(row, 24, snmp_mib_script(&c->notify_fault));
	snmp_row_str(row, 25, snmp_mib_script(&c->notify_stop));
	snmp_row_str(row, 26, snmp_mib_script(&c->notify));
}

void snmp_mib_vrrp(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
		   struct snmp_rows *out)
{
	for (size_t i = 0; i < n; i++) {
		long idx = (long)i + 1;
		struct snmp_row *row = snmp_rows_add(out, &idx, 1);
		long init = v[i].init_master ? 2 : 1;

		snmp_row_str(row, 2, v[i].name);
		snmp_row_uint(row, 3, v[i].vrid);
		snmp_row_int(row, 4, snmp_mib_vrrp_state(v[i].state));
		snmp_row_int(row, 5, init);
		snmp_row_int(row, 6, init);
		snmp_row_int(row, 7, (long)v[i].base_priority);
		snmp_row_int(row, 8, (long)v[i].priority);
		snmp_row_int(row, 9, v[i].vips_up ? 1 : 2);
		snmp_row_str(row, 10, v[i].ifname);
		/* notTracked: what keepalived says of its default (no
		 * track_interface naming it), which keel behaves as */
		snmp_row_int(row, 11, 2);
		snmp_row_uint(row, 12, advert_units(&v[i]));
		snmp_row_int(row, 13, v[i].preempt ? 1 : 2);
		snmp_row_uint(row, 14, (uint32_t)(v[i].preempt_delay_us / SEC_US));
		snmp_row_int(row, 15, v[i].auth_ah ? 2 : v[i].auth_pass ? 1 : 0);
		vrrp_conf_cols(row, cfg, snmp_mib_vrrp_conf(cfg, &v[i]));
		snmp_row_int(row, 27, snmp_bool(v[i].accept));
		snmp_row_int(row, 28, 2);	/* promote_secondaries: not in keel */
		snmp_row_int(row, 29, 2);	/* use_linkbeat: keel reads link state from netlink */
		snmp_row_int(row, 30, v[i].version);
	}
}

struct v3_key {
	long index[3];
	const struct vrrp_inst_view *v;
};

static int v3_cmp(const void *a, const void *b)
{
	const struct v3_key *x = a, *y = b;

	for (int i = 0; i < 3; i++)
		if (x->index[i] != y->index[i])
			return x->index[i] < y->index[i] ? -1 : 1;
	return 0;
}

static void v3_row(struct snmp_rows *out, const struct v3_key *k)
{
	const struct vrrp_inst_view *v = k->v;
	struct snmp_row *row = snmp_rows_add(out, k->index, 3);
	size_t alen = snmp_mib_addr_len(v->family);
	/* RFC 5798 7.3: 00-00-5E-00-01-{VRID} for IPv4, 00-00-5E-00-02-{VRID} for IPv6 */
	uint8_t vmac[6] = { 0x00, 0x00, 0x5e, 0x00, v->family == AF_INET6 ? 2 : 1, (uint8_t)v->vrid };
	const uint8_t *master = v->state == VRRP_STATE_MASTER ? v->src : v->master;
	bool has_master = v->state == VRRP_STATE_MASTER ? v->has_src : v->has_master;

	snmp_row_octets(row, 3, master, has_master ? alen : 0);
	snmp_row_octets(row, 4, v->src, v->has_src ? alen : 0);
	snmp_row_octets(row, 5, vmac, sizeof(vmac));
	snmp_row_int(row, 6, snmp_mib_v3_status(v->state));
	snmp_row_uint(row, 7, v->priority);
	snmp_row_int(row, 8, (long)v->nvips);
	snmp_row_int(row, 9, (long)(v->advert_int_us / 10000));
	snmp_row_int(row, 10, snmp_bool(v->preempt));
	snmp_row_int(row, 11, snmp_bool(v->accept));
}

static struct v3_key v3_key(const struct vrrp_inst_view *v, unsigned ifindex)
{
	return (struct v3_key){ { (long)ifindex, (long)v->vrid, snmp_mib_addr_type(v->family) }, v };
}

void snmp_mib_vrrpv3_one(const struct vrrp_inst_view *v, unsigned ifindex, struct snmp_rows *out)
{
	struct v3_key k = v3_key(v, ifindex);

	v3_row(out, &k);
}

/* RFC 6527: rcvd adverts counts every advert received, valid or not;
 * row discontinuity 0: the counters live as long as the subagent's
 * registration, which the master agent's sysUpTime already covers */
static void v3_stats_row(struct snmp_rows *out, const struct v3_key *k)
{
	const struct vrrp_inst_view *v = k->v;
	const struct vrrp_stats *s = &v->stats;
	struct snmp_row *row = snmp_rows_add(out, k->index, 3);

	snmp_row_c32(row, 1, v->master_transitions);
	snmp_row_int(row, 2, v->master_reason);
	snmp_row_c64(row, 3, v->rx_ok + v->rx_bad);
	snmp_row_c64(row, 4, s->adv_interval_errors);
	snmp_row_c64(row, 5, s->ttl_errors);
	snmp_row_int(row, 6, s->proto_err);
	snmp_row_c64(row, 7, s->rx_prio_zero);
	snmp_row_c64(row, 8, s->tx_prio_zero);
	snmp_row_c64(row, 9, s->invalid_type);
	snmp_row_c64(row, 10, s->addr_list_errors);
	snmp_row_c64(row, 11, s->length_errors);
	snmp_row_ticks(row, 12, 0);
	snmp_row_uint(row, 13, SNMP_V3S_REFRESH_MS);
}

typedef void v3_row_fn(struct snmp_rows *out, const struct v3_key *k);

static void v3_rows(const struct vrrp_inst_view *v, size_t n, snmp_ifindex_fn *ifindex,
		    struct snmp_rows *out, v3_row_fn *row)
{
	struct v3_key *keys = calloc(n ? n : 1, sizeof(*keys));
	size_t nk = 0;

	if (!keys) {
		out->oom = true;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned ifi = ifindex(v[i].ifname);

		if (!ifi)
			continue;
		keys[nk++] = v3_key(&v[i], ifi);
	}
	/* the agent serves rows in index order; two instances never share one */
	qsort(keys, nk, sizeof(*keys), v3_cmp);
	for (size_t i = 0; i < nk; i++)
		if (i == 0 || v3_cmp(&keys[i - 1], &keys[i]) != 0)
			row(out, &keys[i]);
	free(keys);
}

void snmp_mib_vrrpv3(const struct vrrp_inst_view *v, size_t n, snmp_ifindex_fn *ifindex,
		     struct snmp_rows *out)
{
	v3_rows(v, n, ifindex, out, v3_row);
}

void snmp_mib_vrrpv3_stats(const struct vrrp_inst_view *v, size_t n, snmp_ifindex_fn *ifindex,
			   struct snmp_rows *out)
{
	v3_rows(v, n, ifindex, out, v3_stats_row);
}
