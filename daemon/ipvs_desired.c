// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "ipvs_desired.h"

struct rs_health ipvs_rs_start_health(const struct cfg_rs *rs)
{
	struct rs_health h = { .alive = true, .weight = rs->weight };

	if (rs->nchecks > 0 && rs->alpha)
		h.alive = false;
	for (size_t i = 0; i < rs->nchecks && h.alive; i++)
		if (rs->checks[i].alpha)
			h.alive = false;
	return h;
}

static struct rs_health rs_state(const struct ipvs_health *hl, const struct config *cfg, size_t v,
				 size_t r)
{
	struct rs_health h;

	if (hl && hl->rs && hl->rs(hl->arg, v, r, &h))
		return h;
	return ipvs_rs_start_health(&cfg->vs[v].rs[r]);
}

bool ipvs_rs_drained(const struct ipvs_health *hl, const struct cfg_rs *rs)
{
	return rs->drain || (hl && hl->drained && hl->drained(hl->drained_arg, rs));
}

/* Quorum from the start state: as keepalived starts, the live weight must
 * reach quorum + hysteresis (chk_quorum_start). */
static bool quorum_state(const struct ipvs_health *hl, const struct config *cfg, size_t v)
{
	const struct cfg_vs *vs = &cfg->vs[v];
	uint64_t live = 0;

	if (hl && hl->quorum)
		return hl->quorum(hl->arg, v);
	for (size_t r = 0; r < vs->nrs; r++) {
		struct rs_health h = rs_state(hl, cfg, v, r);
		if (h.alive && !ipvs_rs_drained(hl, &vs->rs[r]))
			live += (uint64_t)h.weight;
	}
	return live >= (uint64_t)vs->quorum + vs->hysteresis;
}

struct rs_health ipvs_rs_health(const struct ipvs_health *hl, const struct config *cfg, size_t v,
				size_t r)
{
	return rs_state(hl, cfg, v, r);
}

bool ipvs_vs_quorum(const struct ipvs_health *hl, const struct config *cfg, size_t v)
{
	return quorum_state(hl, cfg, v);
}

/* A server without a port takes its service's: for a group's addresses
 * that is each entry's port, as keepalived programs it (seen in the lab:
 * vsg-ranges.conf); fwmark services keep 0. */
static void fill_dest(struct ipvs_dest *d, const struct ipvs_service *svc, const struct cfg_rs *rs,
		      int weight)
{
	static const uint8_t fwd[] = { [CFG_FWD_NAT] = IPVS_FWD_NAT, [CFG_FWD_DR] = IPVS_FWD_DR,
				       [CFG_FWD_TUN] = IPVS_FWD_TUN };
	static const uint8_t tun[] = { [CFG_TUN_IPIP] = IPVS_TUN_IPIP, [CFG_TUN_GUE] = IPVS_TUN_GUE,
				       [CFG_TUN_GRE] = IPVS_TUN_GRE };

	memset(d, 0, sizeof(*d));
	d->af = rs->addr.af;
	memcpy(d->addr.b, rs->addr.b, sizeof(d->addr.b));
	d->port = rs->port ? rs->port : svc->port;
	d->fwd = fwd[rs->fwd.kind];
	if (rs->fwd.kind == CFG_FWD_TUN) {
		d->tun_type = tun[rs->fwd.tun_type];
		d->tun_port = rs->fwd.tun_port;
		d->tun_flags = rs->fwd.tun_csum == CFG_TUN_CSUM ? IPVS_TUN_F_CSUM
			     : rs->fwd.tun_csum == CFG_TUN_REMCSUM ? IPVS_TUN_F_REMCSUM : 0;
	}
	d->weight = weight;
	d->u_threshold = rs->uthreshold;
	d->l_threshold = rs->lthreshold;
}

/* The dests of one virtual server, as keepalived would hold them: live
 * servers at their weight, drained ones at 0, failed ones at 0 when
 * inhibited or held (hold_failed), else absent; without quorum the sorry
 * server replaces them. */
static int add_dests(struct ipvs_entry *e, const struct config *cfg, const struct ipvs_health *hl,
		     size_t v)
{
	const struct cfg_vs *vs = &cfg->vs[v];
	bool quorum = quorum_state(hl, cfg, v);
	struct ipvs_dest d;

	if (!quorum && vs->sorry) {
		fill_dest(&d, &e->svc, vs->sorry, vs->sorry->weight);
		return ipvs_entry_append(e, &d) ? 0 : -ENOMEM;
	}
	for (size_t r = 0; r < vs->nrs; r++) {
		const struct cfg_rs *rs = &vs->rs[r];
		struct rs_health h = rs_state(hl, cfg, v, r);
		if (!h.alive && !rs->inhibit_on_failure && !vs->inhibit_on_failure &&
		    !(hl && hl->hold_failed))
			continue;
		fill_dest(&d, &e->svc, rs, h.alive && !ipvs_rs_drained(hl, rs) ? h.weight : 0);
		if (!ipvs_entry_append(e, &d))
			return -ENOMEM;
	}
	if (vs->sorry && vs->sorry_inhibit) {
		fill_dest(&d, &e->svc, vs->sorry, 0);
		if (!ipvs_entry_append(e, &d))
			return -ENOMEM;
	}
	return 0;
}

static void fill_service(struct ipvs_service *s, const struct cfg_vs *vs)
{
	memset(s, 0, sizeof(*s));
	s->af = vs->af;
	s->protocol = (uint16_t)vs->protocol;
	/* s is zeroed: a bounded copy terminates (snprintf costs more, per service) */
	memcpy(s->sched, vs->sched, strnlen(vs->sched, sizeof(s->sched) - 1));
	if (vs->persistence_engine)
		snprintf(s->pe_name, sizeof(s->pe_name), "%s", vs->persistence_engine);
	if (vs->persistent)
		s->flags |= IPVS_SVC_F_PERSISTENT;
	if (vs->ops)
		s->flags |= IPVS_SVC_F_ONEPACKET;
	if (vs->sched_flags & CFG_SCHED_FLAG_1)
		s->flags |= IPVS_SVC_F_SCHED1;
	if (vs->sched_flags & CFG_SCHED_FLAG_2)
		s->flags |= IPVS_SVC_F_SCHED2;
	if (vs->sched_flags & CFG_SCHED_FLAG_3)
		s->flags |= IPVS_SVC_F_SCHED3;
	s->timeout = vs->persistent ? vs->persistence_timeout : 0;
	if (vs->af == AF_INET6)
		s->netmask = vs->persistence_prefix ? vs->persistence_prefix : 128;
	else
		s->netmask = vs->persistence_granularity.af ? ntohl(vs->persistence_granularity.v4.s_addr)
							    : 0xffffffffu;
}

static int add_service(struct ipvs_table *t, const struct config *cfg, const struct ipvs_health *hl,
		       size_t v, const struct ipvs_service *svc)
{
	struct ipvs_entry *e;

	if (t->n >= IPVS_DESIRED_MAX_SERVICES)
		return -E2BIG;
	e = ipvs_table_append(t, svc);
	if (!e || ipvs_entry_reserve(e, cfg->vs[v].nrs + (cfg->vs[v].sorry != NULL)) < 0)
		return -ENOMEM;
	return add_dests(e, cfg, hl, v);
}

uint64_t ipvs_desired_failed_set(const struct config *cfg, const struct ipvs_health *health)
{
	uint64_t h = 0;
	bool any = false;

	for (size_t v = 0; v < cfg->nvs; v++)
		for (size_t r = 0; r < cfg->vs[v].nrs; r++)
			if (!rs_state(health, cfg, v, r).alive) {
				/* a sum of FNV-1a hashes of the places */
				uint64_t x = 14695981039346656037u;
				x = (x ^ v) * 1099511628211u;
				x = (x ^ r) * 1099511628211u;
				h += x;
				any = true;
			}
	return any ? h | 1 : 0;
}

/* Walks an address range of a group entry, one service per address. */
static int add_range(struct ipvs_table *t, const struct config *cfg, const struct ipvs_health *hl,
		     size_t v, struct ipvs_service *svc, const struct cfg_vsg_entry *ge)
{
	size_t alen = ge->first.af == AF_INET ? 4 : 16;
	union ipvs_addr a;
	int rc;

	memcpy(a.b, ge->first.b, sizeof(a.b));
	for (;;) {
		svc->addr = a;
		if ((rc = add_service(t, cfg, hl, v, svc)) < 0)
			return rc;
		if (memcmp(a.b, ge->last.b, alen) >= 0)
			return 0;
		for (size_t i = alen; i-- > 0;)	/* increment, big-endian */
			if (++a.b[i] != 0)
				break;
	}
}

static int add_group(struct ipvs_table *t, const struct config *cfg, const struct ipvs_health *hl,
		     size_t v)
{
	const struct cfg_vs *vs = &cfg->vs[v];
	const struct cfg_vsg *g = NULL;
	struct ipvs_service svc;
	int rc;

	for (size_t i = 0; i < cfg->nvsg && !g; i++)
		if (strcmp(cfg->vsg[i].name, vs->group) == 0)
			g = &cfg->vsg[i];
	if (!g)
		return 0;	/* validation reported it */
	for (size_t i = 0; i < g->n; i++) {
		const struct cfg_vsg_entry *ge = &g->entries[i];
		fill_service(&svc, vs);
		if (ge->fwmark) {
			svc.protocol = 0;
			svc.fwmark = ge->fwmark;
			svc.af = ge->fwmark_af ? ge->fwmark_af : vs->af;
			rc = add_service(t, cfg, hl, v, &svc);
		} else {
			svc.af = ge->first.af;
			svc.port = ge->port;
			rc = add_range(t, cfg, hl, v, &svc, ge);
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

int ipvs_desired(const struct config *cfg, const struct ipvs_health *health, struct ipvs_table *out)
{
	struct ipvs_service svc;
	int rc = 0;

	ipvs_table_free(out);
	/* one service a virtual server, unless groups add more */
	if (ipvs_table_reserve(out, cfg->nvs) < 0)
		return -ENOMEM;
	for (size_t v = 0; v < cfg->nvs && rc == 0; v++) {
		const struct cfg_vs *vs = &cfg->vs[v];
		switch (vs->kind) {
		case CFG_VS_ADDR:
			fill_service(&svc, vs);
			memcpy(svc.addr.b, vs->addr.b, sizeof(svc.addr.b));
			svc.port = vs->port;
			rc = add_service(out, cfg, health, v, &svc);
			break;
		case CFG_VS_FWMARK:
			fill_service(&svc, vs);
			svc.protocol = 0;
			svc.fwmark = vs->fwmark;
			rc = add_service(out, cfg, health, v, &svc);
			break;
		case CFG_VS_GROUP:
			rc = add_group(out, cfg, health, v);
			break;
		}
	}
	if (rc == 0)
		rc = ipvs_table_sort(out);
	if (rc < 0)
		ipvs_table_free(out);
	return rc;
}
