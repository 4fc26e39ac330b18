// SPDX-License-Identifier: GPL-2.0-or-later
/* The instances' lives: made from the config, started (at once or
 * after vrrp_startup_delay), kept or replaced by a reload that matches
 * them by key, freed; and the VRRP runtime that holds them. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cfg_route.h"
#include "ev_base.h"
#include "log.h"
#include "notify_fifo.h"
#include "vrrp_procs.h"
#include "vrrp_ifdelay.h"
#include "vrrp_run_int.h"
#include "vrrp_static.h"

void vrrp_ip_of_cfg(const struct cfg_ip *in, struct vrrp_ip *out)
{
	memset(out, 0, sizeof(*out));
	vrrp_ip_from_bytes(in->b, in->af == AF_INET ? 4 : 16, out);
}

/* use_vmac_addr's names: vmac_addr_prefix, else vmac_prefix */
static const char *addr_prefix(const struct cfg_global *g)
{
	return g->vmac_addr_prefix ? g->vmac_addr_prefix : g->vmac_prefix;
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
		vrrp_ip_of_cfg(&c->unicast_peers[k], &i->peers[i->npeers++]);
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
		i->timers[t].ev = evtimer_new(r->base, vrrp_timer_on_loop, &i->timers[t]);
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
	vrrp_inst_vips_change(i, false);
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
	vrrp_inst_accept_follow(i, i->c, false);
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
		vrrp_ip_of_cfg(&c->unicast_peers[k], &p);
		if (vrrp_ip_cmp(&p, &i->peers[k]) != 0)
			return false;
	}
	return true;
}

static void inst_keep(struct vrrp_inst *i, const struct cfg_vrrp *c, const struct config *cfg)
{
	const struct cfg_vrrp *old = i->c;

	inst_conf(i, c, cfg);
	vrrp_inst_regroup(i, old);
	if (i->f.state != VRRP_STATE_INIT)
		promote_follow(i, c->promote_secondaries);
	vrrp_inst_vips_reconcile(i, old);
	if (i->dropping) {		/* the addresses or the mode may have changed */
		vrrp_inst_accept_follow(i, old, false);
		vrrp_inst_accept_follow(i, i->c, vrrp_inst_accept_wants_drop(i));
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
		vrrp_timer_arm(i, extra, i->fc.garp_extra_us, vrrp_now_us());
	else if (!i->fc.garp_extra_us && extra->armed)
		vrrp_timer_stop(extra);
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

static void on_route_gone(void *arg, const struct vrrp_rt_gone *g);

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
	vrrp_accept_conf(r->accept, &cfg->global.nft);
	vrrp_linkmon_watch_routes(r->linkmon, cfg_has_routes(cfg) ? on_route_gone : NULL);
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

/* keepalived 2.2.7: a watched static route or rule is put back, a master
 * whose virtual one went leaves MASTER */
static void on_route_gone(void *arg, const struct vrrp_rt_gone *g)
{
	struct vrrp_run *r = arg;

	vrrp_static_gone(r, g);
	for (struct vrrp_inst *i = r->insts; i; i = i->next)
		vrrp_inst_route_gone(i, g);
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
