// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ev_base.h"
#include "log.h"
#include "notify_fifo.h"
#include "vrrp_rxbuf.h"
#include "vrrp_ah.h"
#include "vrrp_procs.h"
#include "vrrp_ifdelay.h"
#include "vrrp_run_int.h"
#include "vrrp_static.h"

uint64_t vrrp_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void cip_to_vip(const struct cfg_ip *in, struct vrrp_ip *out)
{
	memset(out, 0, sizeof(*out));
	vrrp_ip_from_bytes(in->b, in->af == AF_INET ? 4 : 16, out);
}

/* The group of a multicast instance (a config the reader did not finish
 * may leave it unset: the IANA one). */
static void inst_group(const struct cfg_vrrp *c, sa_family_t fam, struct vrrp_ip *g)
{
	if (c->mcast_dst_ip.af == fam)
		cip_to_vip(&c->mcast_dst_ip, g);
	else
		vrrp_pkt_mcast_group(fam, g);
}

/* use_vmac_addr's names: vmac_addr_prefix, else vmac_prefix */
static const char *addr_prefix(const struct cfg_global *g)
{
	return g->vmac_addr_prefix ? g->vmac_addr_prefix : g->vmac_prefix;
}

/* --- adverts out */

static size_t pack_vips(const struct vrrp_inst *i, uint8_t *buf, size_t cap)
{
	size_t alen = vrrp_ip_len(i->family), n = 0;

	for (size_t k = 0; k < i->c->nvips && n < 255; k++) {
		if (i->c->vips[k].addr.af != i->family || (n + 1) * alen > cap)
			continue;
		memcpy(buf + n * alen, i->c->vips[k].addr.b, alen);
		n++;
	}
	return n;
}

/* VRRPv2 authentication; AH over IPv4 only, as keepalived. The one place
 * that decides it: the socket, the adverts and the MIBs follow. */
uint8_t vrrp_inst_auth(const struct vrrp_inst *i)
{
	if (i->c->version != 2 || !i->c->auth_type)
		return VRRP_AUTH_NONE;
	if (strcmp(i->c->auth_type, "PASS") == 0)
		return VRRP_AUTH_PASS;
	return i->family == AF_INET ? VRRP_AUTH_AH : VRRP_AUTH_NONE;
}

static void send_advert(struct vrrp_inst *i, uint8_t prio)
{
	uint8_t addrs[255 * 16];
	struct vrrp_pkt p = {
		.version = (uint8_t)i->c->version,
		.vrid = (uint8_t)i->c->vrid,
		.priority = prio,
		.family = i->family,
		.adver_int_cs = (uint16_t)(i->c->advert_int / 10000),
		.addrs = addrs,
	};

	if (!i->net)
		return;
	p.naddr = (uint8_t)pack_vips(i, addrs, sizeof(addrs));
	p.auth_type = vrrp_inst_auth(i);
	if (p.auth_type == VRRP_AUTH_PASS)
		strncpy((char *)p.auth_data, i->c->auth_pass ? i->c->auth_pass : "", VRRP_AUTH_LEN);
	if (vrrp_net_send(i->net, &p) == 0) {
		i->tx++;
		i->stats.tx_prio_zero += prio == 0;
	}
}

/* --- VIPs */

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
static void vips_change(struct vrrp_inst *i, bool add)
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

static void garp(struct vrrp_inst *i, unsigned count)
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

static void garp_extra(struct vrrp_inst *i)
{
	struct announce_how how = { extra_wanted };

	each_vip(i, announce, &how);
}

/* --- FSM actions */

/* The loop's cached time is refreshed first because libevent adds the
 * delay to it, and other callbacks may have run since it woke. */
void vrrp_loop_add(struct vrrp_run *r, struct event *ev, uint64_t due_us)
{
	uint64_t now = vrrp_now_us();
	uint64_t rel = due_us > now ? due_us - now : 0;
	struct timeval tv = { .tv_sec = (time_t)(rel / 1000000u),
			      .tv_usec = (suseconds_t)(rel % 1000000u) };

	event_base_update_cache_time(r->base);
	evtimer_add(ev, &tv);
}

/* Hands t's deadline to the loop. */
static void loop_arm(struct vrrp_inst *i, struct vrrp_timer_ev *t)
{
	t->set_us = t->due_us;
	vrrp_loop_add(i->run, t->ev, t->due_us);
}

/* A timer re-armed from its own callback is periodic (the advert timer):
 * it keeps its cadence from the last due time (vrrp_fsm_due_us). A timer
 * pushed later while armed (the master down timer, by every advert a
 * backup reads) keeps the loop's deadline and moves on when that comes
 * (on_timer): the loop's timer is set once per expiry, not per advert.
 * at: when the event that armed it happened (an advert's arrival). */
static void arm_timer(struct vrrp_inst *i, struct vrrp_timer_ev *t, uint64_t usec, uint64_t at)
{
	t->due_us = t->which == VRRP_TIMER_ADVER
			    ? vrrp_fsm_adver_due_us(t->firing, t->due_us, usec, at, i->c->vrid)
			    : vrrp_fsm_due_us(t->firing, t->due_us, usec, at);
	/* without memory for a slot, the instance's own timer sends it */
	if (t->which == VRRP_TIMER_ADVER && vrrp_slots_arm(i->run, t) == 0) {
		evtimer_del(t->ev);	/* set when a slot could not be had */
		return;
	}
	t->armed = true;
	if (evtimer_pending(t->ev, NULL)) {
		if (t->due_us >= t->set_us)
			return;
	} else if (t->which == VRRP_TIMER_MASTER_DOWN && vrrp_link_watches(i->link, t->due_us)) {
		return;
	}
	loop_arm(i, t);
}

void vrrp_inst_down_timer_check(struct vrrp_inst *i)
{
	struct vrrp_timer_ev *t = &i->timers[VRRP_TIMER_MASTER_DOWN];

	if (t->armed && !evtimer_pending(t->ev, NULL) && !vrrp_link_watches(i->link, t->due_us))
		loop_arm(i, t);
}

static void stop_timer(struct vrrp_timer_ev *t)
{
	t->slotted = false;	/* its slot fires for the others, or for none */
	t->armed = false;
	evtimer_del(t->ev);
}

static void act(struct vrrp_inst *i, const struct vrrp_action *a, uint64_t at)
{
	switch (a->type) {
	case VRRP_ACT_SEND_ADVERT:
		send_advert(i, a->priority);
		break;
	case VRRP_ACT_TIMER_ARM:
		arm_timer(i, &i->timers[a->timer], a->usec, at);
		break;
	case VRRP_ACT_TIMER_STOP:
		stop_timer(&i->timers[a->timer]);
		break;
	case VRRP_ACT_VIPS_ADD:
		vips_change(i, true);
		break;
	case VRRP_ACT_VIPS_DEL:
		vips_change(i, false);
		break;
	case VRRP_ACT_GARP:
		garp(i, a->count);
		break;
	case VRRP_ACT_GARP_EXTRA:
		garp_extra(i);
		break;
	case VRRP_ACT_NOTIFY:
		vrrp_notify(i, a->state, a->priority);
		break;
	case VRRP_ACT_NOTIFY_RX_LOWER:
		log_info("VRRP_Instance(%s) master received a lower priority advert", i->c->name);
		break;
	case VRRP_ACT_SYNCD:
		if (i->run->syncd_fn)
			i->run->syncd_fn(i->run->syncd_arg, i->c->name, a->syncd);
		break;
	}
}

/* The no_accept drop follows the state (c: the config the drop was made
 * for, so a reload can take the old addresses out). */
static void accept_follow(struct vrrp_inst *i, const struct cfg_vrrp *c, bool drop)
{
	if (drop == i->dropping)
		return;
	if (vrrp_accept_apply(i->run->accept, c, drop) == 0 || !drop)
		i->dropping = drop;
}

static bool accept_wants_drop(const struct vrrp_inst *i)
{
	return i->f.state != VRRP_STATE_STOP && vrrp_accept_drops(i->c, i->f.state);
}

static size_t inst_index(const struct vrrp_inst *i)
{
	size_t n = 0;

	for (const struct vrrp_inst *x = i->run->insts; x && x != i; x = x->next)
		n++;
	return n;
}

static void state_changed(struct vrrp_inst *i, enum vrrp_state from, const struct vrrp_event *ev)
{
	struct vrrp_state_change c = { .from = from };

	if (i->f.state == VRRP_STATE_MASTER) {
		i->master_transitions++;
		i->master_reason = vrrp_stats_master_reason(from, ev->type,
							    i->master_at_us ? i->master_prio : 0,
							    i->f.priority);
	}
	if (!i->run->state_fn)
		return;
	c.index = inst_index(i);
	vrrp_inst_view_of(i, &c.v);
	i->run->state_fn(i->run->state_arg, &c);
}

void vrrp_inst_event(struct vrrp_inst *i, const struct vrrp_event *ev)
{
	vrrp_inst_event_at(i, ev, vrrp_now_us());
}

void vrrp_inst_event_at(struct vrrp_inst *i, const struct vrrp_event *ev, uint64_t at)
{
	enum vrrp_state from = i->f.state;
	uint8_t faults = i->f.faults, prio = i->f.priority;
	struct vrrp_actions acts;

	vrrp_fsm_step(&i->fc, &i->f, ev, at, &i->f, &acts);
	if (from != i->f.state)
		log_info("VRRP_Instance(%s) %s -> %s (priority %u)", i->c->name,
			 vrrp_state_name(from), vrrp_state_name(i->f.state), i->f.priority);
	for (unsigned k = 0; k < acts.n; k++)
		act(i, &acts.a[k], at);
	if (from != i->f.state) {
		vrrp_link_follow(i->link);
		state_changed(i, from, ev);
	}
	accept_follow(i, i->c, accept_wants_drop(i));
	if (from != i->f.state || faults != i->f.faults)
		vrrp_group_follow(i, from);
	if (prio != i->f.priority)
		vrrp_notify_priority(i);
}

/* --- events from the loop */

void vrrp_timer_fire(struct vrrp_timer_ev *t, uint64_t now)
{
	struct vrrp_event ev = { .type = VRRP_EV_TIMER, .timer = t->which };

	t->firing = true;
	t->armed = false;
	vrrp_inst_event_at(t->inst, &ev, now);
	t->firing = false;
}

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct vrrp_timer_ev *t = arg;

	(void)fd, (void)what;
	if (t->due_us > t->set_us) {	/* pushed later since it was set */
		if (t->which != VRRP_TIMER_MASTER_DOWN || !vrrp_link_watches(t->inst->link, t->due_us))
			loop_arm(t->inst, t);
		return;
	}
	if (t->which == VRRP_TIMER_MASTER_DOWN) {
		/* adverts may wait unread: held by the link, or behind a loop
		 * that ran late; the master is gone only if none came */
		vrrp_link_catch_up(t->inst->link);
		if (evtimer_pending(t->ev, NULL))
			return;
	}
	vrrp_timer_fire(t, vrrp_now_us());
}

/* vips: room for 255 addresses, where ours go for the address check */
static void rx_ctx(const struct vrrp_inst *i, struct vrrp_pkt_ctx *ctx, uint8_t *vips)
{
	vrrp_pkt_ctx_init(ctx, i->family);
	ctx->version = (uint8_t)i->c->version;
	ctx->vrid = (uint8_t)i->c->vrid;
	ctx->owner = i->c->priority == VRRP_PRIO_OWNER;
	ctx->strict = i->c->strict > 0;
	ctx->vips = vips;
	ctx->nvips = pack_vips(i, vips, 255 * 16);
	ctx->skip_same_master = i->c->skip_check_adv_addr > 0;
	ctx->last_master = i->master_at_us ? &i->master : NULL;
	inst_group(i->c, i->family, &ctx->mcast_group);
	if (i->c->version == 2) {
		ctx->v2_adver_int_s = (uint8_t)(i->c->advert_int / 1000000u);
		ctx->auth_type = vrrp_inst_auth(i);
		if (ctx->auth_type == VRRP_AUTH_PASS)
			strncpy((char *)ctx->auth_pass, i->c->auth_pass ? i->c->auth_pass : "",
				VRRP_AUTH_LEN);
	}
}

/* keepalived names the count, or the first of our addresses missing */
static void log_bad_addrs(const struct vrrp_inst *i, const struct vrrp_pkt_ctx *ctx,
			  const struct vrrp_pkt *p)
{
	size_t alen = vrrp_ip_len(i->family);
	char a[INET6_ADDRSTRLEN] = "?", from[INET6_ADDRSTRLEN] = "?";

	inet_ntop(ctx->src.family, ctx->src.addr, from, sizeof(from));
	if (p->addr_missing < 0) {
		log_warnx("VRRP_Instance(%s) bad advert from %s: %u addresses, we have %zu",
			  i->c->name, from, p->naddr, ctx->nvips);
		return;
	}
	inet_ntop(i->family, ctx->vips + (size_t)p->addr_missing * alen, a, sizeof(a));
	log_warnx("VRRP_Instance(%s) bad advert from %s: our address %s is not in it",
		  i->c->name, from, a);
}

void vrrp_inst_rx(struct vrrp_inst *i, const struct vrrp_dgram *dg)
{
	struct vrrp_pkt_ctx ctx;
	struct vrrp_pkt p = { 0 };
	struct vrrp_event ev = { .type = VRRP_EV_ADVERT };
	uint8_t vips[255 * 16];
	bool lower;
	int rc;

	rx_ctx(i, &ctx, vips);
	rc = vrrp_net_take(i->net, dg, &ctx, &p);
	if (rc < 0)
		return;
	if (rc != VRRP_PKT_OK) {
		/* the link hands an instance only its own VRID's adverts */
		vrrp_router_stats_rx(&i->run->stats, (enum vrrp_pkt_err)rc, true, true);
		if (i->rx_bad++ % 100 == 0) {
			if (rc == VRRP_PKT_E_ADDRS)
				log_bad_addrs(i, &ctx, &p);
			else
				log_warnx("VRRP_Instance(%s) bad advert: %s", i->c->name,
					  vrrp_pkt_strerror((enum vrrp_pkt_err)rc));
		}
		vrrp_stats_rx_error(&i->stats, (enum vrrp_pkt_err)rc);
		return;
	}
	i->rx_ok++;
	i->stats.rx_prio_zero += p.priority == 0;
	lower = i->f.state == VRRP_STATE_MASTER && p.priority && p.priority < i->f.priority;
	ev.priority = p.priority;
	ev.adver_int_us = (uint32_t)p.adver_int_cs * 10000u;
	ev.src = ctx.src;
	if (vrrp_ip_cmp(&ctx.src, &i->src) != 0) {
		i->master = ctx.src;
		i->master_prio = p.priority;
		i->master_at_us = dg->at_us;
	}
	vrrp_inst_event_at(i, &ev, dg->at_us);
	if (lower)
		vrrp_notify_rx_lower(i);
}

/* --- instance life */

static void inst_conf(struct vrrp_inst *i, const struct cfg_vrrp *c, const struct config *cfg)
{
	struct vrrp_fsm_conf *fc = &i->fc;

	i->c = c;
	i->cfg = cfg;
	/* the peers are the same over a reload (same_key), their TTLs may not */
	for (size_t k = 0; k < i->npeers; k++)
		i->peer_ttl[k] = (struct vrrp_ttl_range){ c->peer_ttl[k].min, c->peer_ttl[k].max };
	if (i->net)
		vrrp_net_ttl(i->net, c->unicast_ttl, i->peer_ttl);
	vrrp_fsm_conf_init(fc);
	fc->version = (uint8_t)c->version;
	fc->priority = (uint8_t)c->priority;
	fc->adver_int_us = (uint32_t)c->advert_int;
	fc->primary = i->src;
	fc->init_master = c->state == CFG_VRRP_MASTER;
	fc->nopreempt = c->nopreempt;
	fc->preempt_delay_us = c->preempt_delay;
	fc->accept = c->accept;
	/* ranges checked by the reader, defaults resolved by its validation */
	fc->garp_master_delay_us = (uint64_t)c->tune.garp_master_delay;
	fc->garp_master_repeat = (uint8_t)c->tune.garp_master_repeat;
	fc->garp_lower_prio_delay_us = (uint64_t)c->tune.garp_lower_prio_delay;
	fc->garp_lower_prio_repeat = (uint8_t)c->tune.garp_lower_prio_repeat;
	fc->garp_master_refresh_us = (uint64_t)c->tune.garp_master_refresh;
	fc->garp_master_refresh_repeat = (uint8_t)c->tune.garp_master_refresh_repeat;
	fc->garp_extra_us = (uint64_t)c->tune.garp_extra_if;
	fc->down_timer_adverts = (uint8_t)c->tune.down_timer_adverts;
	fc->lower_prio_no_advert = c->tune.lower_prio_no_advert > 0;
	fc->higher_prio_send_advert = c->tune.higher_prio_send_advert > 0;
	fc->ipvs_sync = cfg->global.lvs_sync.set && cfg->global.lvs_sync.instance &&
			strcmp(cfg->global.lvs_sync.instance, c->name) == 0;
}

static sa_family_t inst_family(const struct cfg_vrrp *c)
{
	if (c->af)
		return c->af;
	if (c->npeers)
		return c->unicast_peers[0].af;
	return AF_INET;
}

/* Source address: unicast_src_ip, mcast_src_ip, else the interface's. */
static int inst_source(const struct cfg_vrrp *c, sa_family_t fam, struct vrrp_ip *src)
{
	if (c->unicast_src_ip.af == fam) {
		cip_to_vip(&c->unicast_src_ip, src);
		return 0;
	}
	if (c->mcast_src_ip.af == fam) {
		cip_to_vip(&c->mcast_src_ip, src);
		return 0;
	}
	return vrrp_net_primary(c->ifname, fam, src);
}

/* Opens the socket when the interface has an address; 0 once open. */
static int inst_open(struct vrrp_inst *i)
{
	/* adverts go out (and come in) on the macvlan so they carry the
	 * virtual MAC, unless vmac_xmit_base keeps them on the interface */
	const char *ifname = i->has_vmac && !i->c->vmac_xmit_base ? i->vmac.name : i->c->ifname;
	/* unicast adverts take any route to the peers, unless they must
	 * carry the virtual MAC */
	struct vrrp_sock_key k = { .family = i->family, .unicast = i->npeers > 0,
				   .routed = i->npeers > 0 && !i->has_vmac,
				   .ah = vrrp_inst_auth(i) == VRRP_AUTH_AH };
	struct vrrp_net_conf nc = { .peers = i->peers, .peer_ttl = i->peer_ttl, .npeers = i->npeers,
				    .unicast_ttl = i->c->unicast_ttl };
	uint8_t key[VRRP_AH_KEY_LEN] = { 0 };

	if (i->net)
		return 0;
	if (inst_source(i->c, i->family, &i->src) < 0)
		return -1;
	i->fc.primary = i->src;
	nc.src = i->src;
	if (k.ah) {
		strncpy((char *)key, i->c->auth_pass ? i->c->auth_pass : "", sizeof(key));
		nc.ah_key = key;
	}
	snprintf(k.ifname, sizeof(k.ifname), "%s", ifname);
	if (!k.unicast)
		inst_group(i->c, i->family, &k.group);
	if (!i->link && !(i->link = vrrp_link_get(i->run, &k)))
		return -1;
	i->net = vrrp_net_new(&nc, vrrp_link_sock(i->link));
	if (!i->net) {
		log_warnx("VRRP_Instance(%s) out of memory", i->c->name);
		return -1;
	}
	vrrp_link_size_rx(i->link);
	return 0;
}

/* keepalived counts the IP header in an advert's size */
uint32_t vrrp_inst_rx_share(const struct vrrp_inst *i, unsigned mtu)
{
	uint8_t vips[255 * 16];
	size_t n = pack_vips(i, vips, sizeof(vips));
	size_t iph = i->family == AF_INET6 ? 40 : 20;

	return vrrp_rxbuf_share(i->c, &i->cfg->global, mtu,
				iph + vrrp_pkt_len((unsigned)i->c->version, i->family, (unsigned)n));
}

int vrrp_inst_open(struct vrrp_inst *i)
{
	return inst_open(i);
}

static struct vrrp_inst *inst_new(struct vrrp_run *r, const struct cfg_vrrp *c,
				  const struct config *cfg)
{
	struct vrrp_inst *i = calloc(1, sizeof(*i));

	if (!i)
		return NULL;
	i->run = r;
	i->family = inst_family(c);
	if (c->npeers && (!(i->peers = calloc(c->npeers, sizeof(*i->peers))) ||
			  !(i->peer_ttl = calloc(c->npeers, sizeof(*i->peer_ttl)))))
		goto fail;
	for (size_t k = 0; k < c->npeers; k++)
		cip_to_vip(&c->unicast_peers[k], &i->peers[i->npeers++]);
	inst_conf(i, c, cfg);
	vrrp_fsm_init(&i->f, &i->fc);
	/* made at its start, once a reload has removed the old ones */
	if (c->use_vmac)
		vrrp_vmac_plan(c, cfg->global.vmac_prefix, i->family, &i->vmac);
	if (c->use_vmac_addr) {
		i->avmac = calloc(c->nvips + c->nevips + 1, sizeof(*i->avmac));
		i->avmac_up = calloc(c->nvips + c->nevips + 1, sizeof(*i->avmac_up));
		if (!i->avmac || !i->avmac_up)
			goto fail;
		i->navmac = vrrp_vmac_plan_addrs(c, addr_prefix(&cfg->global), i->family, i->avmac);
	}
	for (int t = 0; t < VRRP_TIMER_COUNT; t++) {
		i->timers[t] = (struct vrrp_timer_ev){ .inst = i, .which = (enum vrrp_timer)t };
		i->timers[t].ev = evtimer_new(r->base, on_timer, &i->timers[t]);
		if (!i->timers[t].ev)
			goto fail;
		keel_event_urgent(i->timers[t].ev);
	}
	return i;
fail:
	log_warnx("VRRP_Instance(%s) out of memory", c->name);
	free(i->avmac);
	free(i->avmac_up);
	free(i->peers);
	free(i->peer_ttl);
	free(i);
	return NULL;
}

/* promote_secondaries, held while a started instance asks for it */
static void promote_follow(struct vrrp_inst *i, bool want)
{
	if (want == i->promoting)
		return;
	if (!want)
		vrrp_promote_release(&i->run->promote, i->c->ifname);
	else if (vrrp_promote_hold(&i->run->promote, i->c->ifname) < 0)
		return;
	i->promoting = want;
}

static void inst_start(struct vrrp_inst *i)
{
	struct vrrp_event ev = { .type = VRRP_EV_FAULT };

	if (i->c->use_vmac && !i->has_vmac) {
		i->has_vmac = vrrp_vmac_up(&i->vmac) == 0;
		if (!i->has_vmac)
			log_warnx("VRRP_Instance(%s) runs without its virtual MAC on %s", i->c->name,
				  i->c->ifname);
	}
	for (size_t k = 0; k < i->navmac; k++)
		if (!i->avmac_up[k])
			i->avmac_up[k] = vrrp_vmac_up(&i->avmac[k]) == 0;
	promote_follow(i, i->c->promote_secondaries);

	/* keel owns the VIPs it declares: none is left from an earlier run */
	vips_change(i, false);
	vrrp_track_eval(i);
	if (i->fault)
		vrrp_inst_event(i, &ev);
	i->f.priority = vrrp_fsm_effective_priority(i->fc.priority, i->weight);
	ev.type = VRRP_EV_STARTUP;
	vrrp_inst_event(i, &ev);
	vrrp_track_start(i->run);
	log_info("VRRP_Instance(%s) started on %s, VRID %u, v%d, %s", i->c->name, i->c->ifname,
		 i->c->vrid, i->c->version, i->npeers ? "unicast" : "multicast");
}

static void inst_free(struct vrrp_inst *i)
{
	struct vrrp_event ev = { .type = VRRP_EV_SHUTDOWN };

	if (i->f.state != VRRP_STATE_STOP && i->f.state != VRRP_STATE_INIT)
		vrrp_inst_event(i, &ev);
	for (int t = 0; t < VRRP_TIMER_COUNT; t++)
		if (i->timers[t].ev)
			event_free(i->timers[t].ev);
	accept_follow(i, i->c, false);
	promote_follow(i, false);
	vrrp_net_free(i->net);
	vrrp_link_put(i->link);
	if (i->has_vmac)
		vrrp_vmac_down(&i->vmac);
	for (size_t k = 0; k < i->navmac; k++)
		if (i->avmac_up[k])
			vrrp_vmac_down(&i->avmac[k]);
	free(i->avmac);
	free(i->avmac_up);
	free(i->peers);
	free(i->peer_ttl);
	free(i);
}

/* --- reload */

/* the VMACs' names and interfaces (use_vmac NAME, use_vmac_addr, the
 * VIPs' interfaces, vmac_prefix, vmac_addr_prefix) */
static bool same_vmac(const struct vrrp_inst *i, const struct cfg_vrrp *c,
		      const struct cfg_global *g)
{
	struct vrrp_vmac v, *a;
	size_t n;
	bool same = true;

	if (c->use_vmac_addr != (i->avmac != NULL))
		return false;
	if (c->use_vmac) {
		vrrp_vmac_plan(c, g->vmac_prefix, i->family, &v);
		same = strcmp(v.name, i->vmac.name) == 0;
	}
	if (!same || !c->use_vmac_addr)
		return same;
	a = calloc(c->nvips + c->nevips + 1, sizeof(*a));
	if (!a)
		return false;
	n = vrrp_vmac_plan_addrs(c, addr_prefix(g), i->family, a);
	same = n == i->navmac;
	for (size_t k = 0; same && k < n; k++)
		same = strcmp(a[k].name, i->avmac[k].name) == 0 &&
		       strcmp(a[k].base, i->avmac[k].base) == 0;
	free(a);
	return same;
}

static bool same_key(const struct vrrp_inst *i, const struct cfg_vrrp *c,
		     const struct cfg_global *g)
{
	struct vrrp_ip p;

	if (strcmp(i->c->name, c->name) != 0 || strcmp(i->c->ifname, c->ifname) != 0 ||
	    i->c->vrid != c->vrid || i->c->version != c->version || inst_family(c) != i->family ||
	    i->c->use_vmac != c->use_vmac || i->c->vmac_xmit_base != c->vmac_xmit_base ||
	    !same_vmac(i, c, g) ||
	    c->npeers != i->npeers || i->c->unicast_src_ip.af != c->unicast_src_ip.af ||
	    memcmp(i->c->unicast_src_ip.b, c->unicast_src_ip.b, 16) != 0)
		return false;
	for (size_t k = 0; k < c->npeers; k++) {
		cip_to_vip(&c->unicast_peers[k], &p);
		if (vrrp_ip_cmp(&p, &i->peers[k]) != 0)
			return false;
	}
	return true;
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
static void vips_reconcile(struct vrrp_inst *i, const struct cfg_vrrp *old)
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

/* Another mcast_dst_ip: the instance moves to that group's socket, in
 * its state (a failed open faults it at the next poll, which retries). */
static void inst_regroup(struct vrrp_inst *i, const struct cfg_vrrp *old)
{
	struct vrrp_ip was, now;

	inst_group(old, i->family, &was);
	inst_group(i->c, i->family, &now);
	if (!i->net || i->npeers || vrrp_ip_cmp(&was, &now) == 0)
		return;
	vrrp_net_free(i->net);
	vrrp_link_put(i->link);
	i->net = NULL;
	i->link = NULL;
	inst_open(i);
}

static void inst_keep(struct vrrp_inst *i, const struct cfg_vrrp *c, const struct config *cfg)
{
	const struct cfg_vrrp *old = i->c;

	inst_conf(i, c, cfg);
	inst_regroup(i, old);
	if (i->f.state != VRRP_STATE_INIT)
		promote_follow(i, c->promote_secondaries);
	vips_reconcile(i, old);
	if (i->dropping) {		/* the addresses or the mode may have changed */
		accept_follow(i, old, false);
		accept_follow(i, i->c, accept_wants_drop(i));
	}
	log_info("VRRP_Instance(%s) kept in %s", c->name, vrrp_state_name(i->f.state));
}

/* After a reload, once the groups are in place: tracking lines, base
 * priority and garp_extra_if may have changed under a running instance. */
static void inst_follow_conf(struct vrrp_inst *i)
{
	struct vrrp_timer_ev *extra = &i->timers[VRRP_TIMER_GARP_EXTRA];

	vrrp_track_update(i);
	if (i->f.state != VRRP_STATE_MASTER)
		return;
	if (i->fc.garp_extra_us && !extra->armed)
		arm_timer(i, extra, i->fc.garp_extra_us, vrrp_now_us());
	else if (!i->fc.garp_extra_us && extra->armed)
		stop_timer(extra);
}

static struct vrrp_inst *take_old(struct vrrp_inst **old, const struct cfg_vrrp *c,
				   const struct cfg_global *g)
{
	for (struct vrrp_inst **pp = old; *pp; pp = &(*pp)->next) {
		if (same_key(*pp, c, g)) {
			struct vrrp_inst *i = *pp;

			*pp = i->next;
			i->next = NULL;
			return i;
		}
	}
	return NULL;
}

static void start_waiting(struct vrrp_run *r)
{
	for (struct vrrp_inst *i = r->insts; i; i = i->next)
		if (i->f.state == VRRP_STATE_INIT)
			inst_start(i);
}

static void on_startup_delay(evutil_socket_t fd, short what, void *arg)
{
	struct vrrp_run *r = arg;

	(void)fd, (void)what;
	r->holding = false;
	log_info("VRRP: vrrp_startup_delay over: instances start");
	start_waiting(r);
}

/* Without the timer the instances start at once: better than never. */
static void hold_start(struct vrrp_run *r, uint64_t us)
{
	r->startup = evtimer_new(r->base, on_startup_delay, r);
	if (!r->startup) {
		log_warnx("VRRP: cannot wait for vrrp_startup_delay; instances start now");
		return;
	}
	vrrp_loop_add(r, r->startup, vrrp_now_us() + us);
	r->holding = true;
	log_info("VRRP: instances start in %.3f s (vrrp_startup_delay)", (double)us / 1e6);
}

void vrrp_run_apply(struct vrrp_run *r, const struct config *cfg)
{
	struct vrrp_inst *old = r->insts, **tail = &r->insts, *i;
	bool reload = r->started;

	/* keeld's main loop runs notify_fifo's script */
	notify_fifo_follow(&r->fifo_all, r->base, &cfg->global.notify_fifo, &cfg->global, false);
	notify_fifo_follow(&r->fifo_vrrp, r->base, &cfg->global.vrrp_notify_fifo, &cfg->global, true);
	vrrp_track_files_init(cfg, !r->started);
	vrrp_ifdelays_apply(r, cfg);
	vrrp_pace_conf(r->pace, cfg);
	r->log_unknown_vrids = cfg->global.log_unknown_vrids;
	if (!r->started && cfg->global.vrrp_startup_delay_us > 0)
		hold_start(r, cfg->global.vrrp_startup_delay_us);
	r->started = true;
	vrrp_scripts_apply(r, cfg);
	r->procs = vrrp_procs_apply(r->procs, r, cfg);
	r->insts = NULL;
	for (size_t k = 0; k < cfg->nvrrp; k++) {
		i = take_old(&old, &cfg->vrrp[k], &cfg->global);
		if (i)
			inst_keep(i, &cfg->vrrp[k], cfg);
		else if (!(i = inst_new(r, &cfg->vrrp[k], cfg)))
			continue;
		*tail = i;
		tail = &i->next;
		*tail = NULL;
	}
	vrrp_groups_apply(r, cfg);
	for (i = r->insts; i; i = i->next) {
		inst_follow_conf(i);
		if (i->link)
			vrrp_link_size_rx(i->link);
	}
	/* before the new instances start: they write their own lines */
	if (reload && cfg->global.fifo_write_vrrp_states_on_reload)
		vrrp_notify_states(r);
	vrrp_static_apply(r, cfg);
	/* stop the dropped ones first: their VIPs may move to a new instance */
	while (old) {
		i = old;
		old = i->next;
		log_info("VRRP_Instance(%s) removed by the new config", i->c->name);
		inst_free(i);
	}
	if (!r->holding)
		start_waiting(r);
	vrrp_track_start(r);	/* a kept instance may track a file now */
}

const struct vrrp_procs *vrrp_run_procs(const struct vrrp_run *r)
{
	return r->procs;
}

static void on_link_event(void *arg, enum vrrp_linkmon_what what, const char *ifname)
{
	vrrp_track_link_event(arg, what, ifname);
	vrrp_static_event(arg, what, ifname);
}

struct vrrp_run *vrrp_run_new(struct event_base *base)
{
	struct vrrp_run *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->base = base;
	r->ioctl_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	r->vips = vrrp_vips_new();
	r->pace = r->vips ? vrrp_pace_new(base, r->vips) : NULL;
	r->accept = vrrp_accept_new();
	r->linkmon = vrrp_linkmon_new(base, on_link_event, r);
	if (!r->vips || !r->pace || !r->accept || r->ioctl_fd < 0) {
		vrrp_run_free(r);
		return NULL;
	}
	return r;
}

void vrrp_run_stop(struct vrrp_run *r)
{
	if (!r)
		return;
	/* each member stops on its own: no group follows a stopping one */
	vrrp_groups_free(r);
	while (r->insts) {
		struct vrrp_inst *i = r->insts;

		r->insts = i->next;
		inst_free(i);
	}
	vrrp_scripts_free(r);
	vrrp_static_stop(r);	/* after the VIPs: keepalived's order */
}

void vrrp_run_free(struct vrrp_run *r)
{
	if (!r)
		return;
	vrrp_run_stop(r);
	if (r->track)
		event_free(r->track);
	if (r->startup)
		event_free(r->startup);
	vrrp_procs_free(r->procs);
	vrrp_bfd_free(r);
	vrrp_linkmon_free(r->linkmon);
	vrrp_ifdelays_free(r);
	vrrp_slots_free(r);
	notify_fifo_close(r->fifo_all);
	notify_fifo_close(r->fifo_vrrp);
	vrrp_accept_free(r->accept);
	vrrp_pace_free(r->pace);
	vrrp_vips_free(r->vips);
	if (r->ioctl_fd >= 0)
		close(r->ioctl_fd);
	free(r);
}

void vrrp_run_on_syncd(struct vrrp_run *r, vrrp_syncd_hook *fn, void *arg)
{
	r->syncd_fn = fn;
	r->syncd_arg = arg;
}

void vrrp_run_on_state(struct vrrp_run *r, vrrp_state_hook *fn, void *arg)
{
	r->state_fn = fn;
	r->state_arg = arg;
}

int vrrp_run_state(const struct vrrp_run *r, const char *name)
{
	for (const struct vrrp_inst *i = r ? r->insts : NULL; i; i = i->next)
		if (strcmp(i->c->name, name) == 0)
			return (int)i->f.state;
	return -1;
}
