// SPDX-License-Identifier: GPL-2.0-or-later
/* Per-block resolution at a block's '}': inherited settings, keepalived's
 * defaults, and checks that need only the block itself. */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "cfg_lvs.h"
#include "cfg_vrrp.h"

#define SEC 1000000ull

static void ip_str(const struct cfg_ip *ip, char *buf, size_t len)
{
	cfg_ip_format(ip, buf, len);
}

/* The nearest level that set a value wins: checker, real server, virtual server. */
static void resolve_timing(struct cfg_check *c, const struct cfg_timing *rs, const struct cfg_timing *vs)
{
	struct cfg_timing *t = &c->timing;
	const struct cfg_timing *lv[] = { rs, vs };

	for (size_t i = 0; i < 2; i++) {
		if (!t->connect_timeout)
			t->connect_timeout = lv[i]->connect_timeout;
		if (!t->delay_loop)
			t->delay_loop = lv[i]->delay_loop;
		if (!t->delay_before_retry)
			t->delay_before_retry = lv[i]->delay_before_retry;
		if (!t->retry_set && lv[i]->retry_set)
			t->retry = lv[i]->retry, t->retry_set = true;
		if (!t->warmup_set && lv[i]->warmup_set)
			t->warmup = lv[i]->warmup, t->warmup_set = true;
		if (!t->rise)
			t->rise = lv[i]->rise;
	}
	if (!t->rise)
		t->rise = 1;
	if (!t->connect_timeout)
		t->connect_timeout = 5 * SEC;
	if (!t->delay_loop)
		t->delay_loop = 60 * SEC;
	if (!t->retry_set)
		t->retry = c->kind == CFG_CHECK_DNS ? 3 : c->kind == CFG_CHECK_MISC ? 0 : 1;
	if (!t->delay_before_retry)
		t->delay_before_retry = c->kind == CFG_CHECK_DNS ? t->delay_loop
				      : c->kind == CFG_CHECK_HTTP || c->kind == CFG_CHECK_SSL ? 3 * SEC : SEC;
	if (!t->warmup_set)
		t->warmup = t->delay_loop;
	if (c->kind == CFG_CHECK_FILE || c->kind == CFG_CHECK_BFD) {
		/* the file (the BFD session) holds the state itself: a change
		 * counts at once */
		t->retry = 0;
		t->rise = 1;
		t->warmup = 0;
	}
	t->retry_set = t->warmup_set = true;
}

static void finish_rs(struct cfg_parser *p, struct cfg_vs *vs, struct cfg_rs *rs, bool sorry)
{
	char a[INET6_ADDRSTRLEN];

	if (rs->fwd_inherited)
		rs->fwd = sorry && vs->sorry_fwd_set ? vs->sorry_fwd : vs->fwd;
	/* the virtual server's alpha is its real servers' default, as in
	 * keepalived (seen in the lab: alpha-inhibit.conf) */
	if (!rs->alpha_set)
		rs->alpha = vs->alpha;
	if (rs->fwd.kind != CFG_FWD_TUN && rs->addr.af != vs->af) {
		ip_str(&rs->addr, a, sizeof(a));
		cfg_diag_error(p->diag, &rs->where,
			       "%s %s is not of the virtual server's address family (only TUN may differ)",
			       sorry ? "sorry_server" : "real_server", a);
	}
	if (vs->kind == CFG_VS_ADDR && rs->port == 0)
		rs->port = vs->port;
	if (rs->fwd.kind == CFG_FWD_DR && vs->kind == CFG_VS_ADDR && rs->port != vs->port) {
		ip_str(&rs->addr, a, sizeof(a));
		cfg_diag_warn(p->diag, &rs->where,
			      "DR cannot change ports: real_server %s port %u becomes %u", a,
			      rs->port, vs->port);
		rs->port = vs->port;
	}
	/* the kernel refuses such a dest (ERANGE), also when uthreshold is
	 * 0 = none: keepalived then runs without that server */
	if (rs->lthreshold > rs->uthreshold)
		cfg_diag_error(p->diag, &rs->opt->lthreshold_where, "lthreshold %u is above uthreshold %u%s",
			       rs->lthreshold, rs->uthreshold,
			       rs->uthreshold ? "" : " (none): the kernel refuses a lower threshold alone");
	for (size_t i = 0; i < rs->nchecks; i++)
		resolve_timing(&rs->checks[i], &rs->opt->timing, &vs->timing);
}

static bool same_rs(const struct cfg_rs *a, const struct cfg_rs *b)
{
	return a->addr.af == b->addr.af && memcmp(a->addr.b, b->addr.b, 16) == 0 && a->port == b->port;
}

/* An order of real servers by family, address and port (an IPv4 address
 * as one word: no memcmp call for each server). */
static int rs_key_cmp(const struct cfg_rs *a, const struct cfg_rs *b)
{
	int c = (a->addr.af > b->addr.af) - (a->addr.af < b->addr.af);

	if (!c && a->addr.af == AF_INET) {
		uint32_t x = ntohl(a->addr.v4.s_addr), y = ntohl(b->addr.v4.s_addr);

		c = (x > y) - (x < y);
	} else if (!c) {
		c = memcmp(a->addr.b, b->addr.b, 16);
	}
	return c ? c : (a->port > b->port) - (a->port < b->port);
}

/* Fwmark and group services take their family from the real servers. */
static void pick_family(struct cfg_vs *vs)
{
	if (vs->af)
		return;
	for (size_t i = 0; i < vs->nrs; i++) {
		if (vs->rs[i].fwd.kind != CFG_FWD_TUN || (vs->rs[i].fwd_inherited && vs->fwd.kind != CFG_FWD_TUN)) {
			vs->af = vs->rs[i].addr.af;
			return;
		}
	}
	vs->af = vs->nrs > 0 ? vs->rs[0].addr.af : AF_INET;
}

/* keepalived 2.2.7 lowers a quorum that the real servers' whole weight
 * cannot reach to that weight (and the hysteresis below it), with a warning;
 * keel does the same so that such a service runs on its real servers as it
 * did under keepalived (seen in the kernel lab, sorry-quorum.conf). A pool
 * of weight 0 keeps its quorum: no weight reaches it either way. */
static void cap_quorum(struct cfg_parser *p, struct cfg_vs *vs, const struct cfg_loc *where)
{
	uint64_t total = 0;

	for (size_t i = 0; i < vs->nrs; i++)
		if (vs->rs[i].weight > 0)
			total += (uint64_t)vs->rs[i].weight;
	if (total == 0 || vs->quorum <= total)
		return;
	cfg_diag_warn(p->diag, where,
		      "quorum %u is above the real servers' total weight %llu: using %llu, as keepalived does",
		      vs->quorum, (unsigned long long)total, (unsigned long long)total);
	vs->quorum = (uint32_t)total;
	if (vs->hysteresis >= vs->quorum)
		vs->hysteresis = vs->quorum - 1;
}

void cfg_vs_finish(struct cfg_parser *p, struct cfg_vs *vs, const struct cfg_loc *where)
{
	if (vs->kind != CFG_VS_ADDR)
		pick_family(vs);
	/* keepalived 2.2.7 (Debian 12) programs such a service as UDP, even
	 * with TCP or HTTP checks: keel does the same, and says so */
	if (!vs->protocol) {
		vs->protocol = IPPROTO_UDP;
		if (vs->kind != CFG_VS_FWMARK)
			cfg_diag_warn(p->diag, where,
				      "virtual_server without 'protocol': UDP, as keepalived does; "
				      "say 'protocol TCP' or 'protocol UDP'");
	}
	/* keepalived 2.2.7 makes a service with a granularity and no timeout
	 * persistent for the default time (seen in the kernel lab,
	 * test/conformance/persistence.conf); a mask alone means nothing */
	if (!vs->persistent && (vs->persistence_granularity.af || vs->persistence_prefix)) {
		vs->persistent = true;
		vs->persistence_timeout = CFG_DEFAULT_PERSISTENCE_S;
	}
	if (vs->kind == CFG_VS_ADDR && vs->port == 0 && !vs->persistent)
		cfg_diag_error(p->diag, where, "a virtual server without a port must be persistent");
	if (vs->persistence_prefix && vs->af == AF_INET)
		cfg_diag_error(p->diag, &vs->granularity_where,
			       "IPv4 persistence_granularity takes a netmask");
	if (vs->persistence_granularity.af && vs->af == AF_INET6)
		cfg_diag_error(p->diag, &vs->granularity_where,
			       "IPv6 persistence_granularity takes a prefix length");
	if (vs->hysteresis >= vs->quorum && vs->hysteresis > 0)
		cfg_diag_error(p->diag, &vs->hysteresis_where, "hysteresis %u must be below quorum %u",
			       vs->hysteresis, vs->quorum);
	bool ascending = true;

	for (size_t i = 0; i < vs->nrs; i++) {
		finish_rs(p, vs, &vs->rs[i], false);
		/* while they come in strictly ascending order (a generated config
		 * lists them so), each differs from all before it: the search,
		 * quadratic in a big virtual server, is not needed */
		if (ascending && i > 0)
			ascending = rs_key_cmp(&vs->rs[i - 1], &vs->rs[i]) < 0;
		for (size_t j = 0; j < i && !ascending; j++) {
			if (same_rs(&vs->rs[i], &vs->rs[j])) {
				char a[INET6_ADDRSTRLEN];
				ip_str(&vs->rs[i].addr, a, sizeof(a));
				cfg_diag_error(p->diag, &vs->rs[i].where,
					       "real_server %s port %u is already in this virtual server (line %u)",
					       a, vs->rs[i].port, vs->rs[j].where.line);
				break;
			}
		}
	}
	if (vs->sorry)
		finish_rs(p, vs, vs->sorry, true);
	cap_quorum(p, vs, where);
}

void cfg_vrrp_finish(struct cfg_parser *p, struct cfg_vrrp *vr, const struct cfg_loc *where)
{
	uint8_t af = 0;

	/* a bad value was reported where it stands: no second error for it */
	if (!vr->vrid_given)
		cfg_diag_error(p->diag, where, "vrrp_instance %s needs virtual_router_id", vr->name);
	if (!vr->ifname_given && vr->npeers == 0)
		cfg_diag_error(p->diag, where, "vrrp_instance %s needs an interface (or unicast peers)",
			       vr->name);
	for (size_t i = 0; i < vr->nvips; i++) {
		if (af && vr->vips[i].addr.af != af) {
			cfg_diag_error(p->diag, &vr->vips[i].where,
				       "vrrp_instance %s mixes IPv4 and IPv6 in virtual_ipaddress "
				       "(put the other family in virtual_ipaddress_excluded)", vr->name);
			break;
		}
		af = vr->vips[i].addr.af;
	}
	/* without VIPs the addresses adverts go between say it: an IPv6 peer
	 * must not make an IPv4 instance (nor let AH run unauthenticated) */
	if (!af)
		af = vr->unicast_src_ip.af ? vr->unicast_src_ip.af
		     : vr->npeers ? vr->unicast_peers[0].af : AF_INET;
	vr->af = af;
	if (vr->auth_type && !vr->auth_pass)
		cfg_diag_error(p->diag, &vr->auth_where, "vrrp_instance %s: auth_type needs auth_pass",
			       vr->name);
}
