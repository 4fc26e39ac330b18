// SPDX-License-Identifier: GPL-2.0-or-later
/* The check engine (see chk_engine.h): builds one unit per distinct check,
 * schedules its probes on the loop, and funnels every result through
 * funnel(), the one place that decides, logs and notifies. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chk_engine_int.h"
#include "chk_exec.h"
#include "chk_syn.h"
#include "hash_rng.h"
#include "log.h"

/* --- timing */

static uint64_t rand_below(struct chk_engine *e, uint64_t max)
{
	return max ? xorshift64_next(&e->rng) % max : 0;
}

static void schedule(struct chk_engine_state *st, uint64_t us)
{
	chk_sched_in(st->e, st, us);
}

/* delay_loop give or take 1/16, so checks started together drift apart. */
static uint64_t next_loop(struct chk_engine_state *st)
{
	uint64_t d = st->c.conf->timing.delay_loop, j = d / 16;

	return d - j + rand_below(st->e, 2 * j + 1);
}

/* --- the funnel */

static void mark_changed(struct chk_engine *e)
{
	event_active(e->changed_ev, EV_TIMEOUT, 0);
}

static bool unit_up(const struct chk_engine_state *st)
{
	return st->no_ops || (!st->init_failed && st->fsm.up);
}

static void rs_compute(const struct chk_engine *e, const struct chk_rs_rt *rs, bool *alive, int *weight)
{
	*alive = true;
	*weight = e->cfg->vs[rs->v].rs[rs->r].weight;
	for (size_t i = 0; i < rs->nunits; i++) {
		const struct chk_engine_state *st = chk_rs_unit(e, rs, i);
		if (!unit_up(st))
			*alive = false;
		if (st->dyn_weight >= 0)
			*weight = st->dyn_weight;
	}
}

static uint64_t vs_live(const struct chk_engine *e, size_t v)
{
	const struct chk_vs_rt *vs = &e->vs[v];
	uint64_t live = 0;

	for (size_t i = vs->first; i < vs->first + vs->n; i++) {
		const struct chk_rs_rt *rs = &e->rs[i];
		if (rs->alive && !e->cfg->vs[v].rs[rs->r].drain && rs->weight > 0)
			live += (uint64_t)rs->weight;
	}
	return live;
}

void chk_engine_fmt_addr(int proto, const struct cfg_ip *ip, uint16_t port, char *buf, size_t cap)
{
	char a[64];
	const char *p = proto == IPPROTO_TCP ? "tcp" : proto == IPPROTO_SCTP ? "sctp" : "udp";

	cfg_ip_format(ip, a, sizeof(a));
	snprintf(buf, cap, "[%s]:%s:%u", a, p, port);
}

void chk_engine_fmt_vs(const struct cfg_vs *vs, char *buf, size_t cap)
{
	if (vs->kind == CFG_VS_FWMARK)
		snprintf(buf, cap, "fwmark:%u", vs->fwmark);
	else if (vs->kind == CFG_VS_GROUP)
		snprintf(buf, cap, "group:%s", vs->group);
	else
		chk_engine_fmt_addr(vs->protocol, &vs->addr, vs->port, buf, cap);
}

static void note(struct chk_engine *e, const struct cfg_vs *vs, const struct cfg_rs *rs, bool up)
{
	char line[400], a[160], v[160];

	if (!e->note)
		return;
	chk_engine_fmt_vs(vs, v, sizeof(v));
	if (rs) {
		chk_engine_fmt_addr(vs->protocol, &rs->addr, rs->port, a, sizeof(a));
		snprintf(line, sizeof(line), "RS %s %s %s", a, v, up ? "UP" : "DOWN");
	} else {
		snprintf(line, sizeof(line), "VS %s %s", v, up ? "UP" : "DOWN");
	}
	e->note(e->note_arg, line);
}

void chk_engine_on_note(struct chk_engine *e, chk_engine_note_fn *fn, void *arg)
{
	e->note = fn;
	e->note_arg = arg;
}

void chk_engine_init_notifies(struct chk_engine *e)
{
	for (size_t i = 0; i < e->nrs; i++) {
		const struct chk_rs_rt *rs = &e->rs[i];
		const struct cfg_rs *crs = &e->cfg->vs[rs->v].rs[rs->r];

		if (!rs->alive)
			continue;
		chk_exec_notify(e->env.base, &crs->opt->notify_up, &e->cfg->global);
		note(e, &e->cfg->vs[rs->v], crs, true);
	}
}

void chk_engine_on_event(struct chk_engine *e, chk_engine_event_fn *fn, void *arg)
{
	e->event = fn;
	e->event_arg = arg;
}

static void event(const struct chk_engine *e, size_t v, size_t r, bool up, const char *why)
{
	if (e->event)
		e->event(e->event_arg, v, r, up, why);
}

static void vs_update(struct chk_engine *e, size_t v)
{
	const struct cfg_vs *cvs = &e->cfg->vs[v];
	struct chk_vs_rt *vs = &e->vs[v];
	uint64_t live = vs_live(e, v);
	bool q = chk_quorum_next(vs->quorum, live, cvs->quorum, cvs->hysteresis);
	char name[CHK_VS_NAME_LEN];

	if (q == vs->quorum)
		return;
	vs->quorum = q;
	log_info("vs %s: quorum %s (live weight %llu, quorum %u, hysteresis %u)%s",
		 chk_vs_name(cvs, name), q ? "gained" : "lost", (unsigned long long)live, cvs->quorum, cvs->hysteresis,
		 !q && cvs->sorry ? ": sorry server in" : "");
	chk_exec_notify(e->env.base, q ? &cvs->quorum_up : &cvs->quorum_down, &e->cfg->global);
	note(e, cvs, NULL, q);
	event(e, v, CHK_EVENT_QUORUM, q, NULL);
	mark_changed(e);
}

static void rs_update(struct chk_engine *e, struct chk_rs_rt *rs, const struct chk_engine_state *cause)
{
	const struct cfg_rs *crs = &e->cfg->vs[rs->v].rs[rs->r];
	char name[CHK_RS_NAME_LEN], vname[CHK_VS_NAME_LEN];
	bool alive, flipped;
	int weight;

	rs_compute(e, rs, &alive, &weight);
	if (alive != rs->alive) {
		log_info("rs %s (%s): %s -> %s (%s: %s)", chk_rs_name(e, rs, name),
			 chk_vs_name(&e->cfg->vs[rs->v], vname),
			 rs->alive ? "up" : "down", alive ? "up" : "down",
			 cfg_check_kind_name(cause->c.conf->kind), cause->reason);
		chk_exec_notify(e->env.base, alive ? &crs->opt->notify_up : &crs->opt->notify_down, &e->cfg->global);
		note(e, &e->cfg->vs[rs->v], crs, alive);
	} else if (weight != rs->weight) {
		log_info("rs %s (%s): weight %d -> %d (%s)", chk_rs_name(e, rs, name),
			 chk_vs_name(&e->cfg->vs[rs->v], vname), rs->weight,
			 weight, cfg_check_kind_name(cause->c.conf->kind));
	}
	if (alive == rs->alive && weight == rs->weight)
		return;
	flipped = alive != rs->alive;
	rs->alive = alive;
	rs->weight = weight;
	if (flipped) {
		char why[CHK_REASON_MAX + 32];

		snprintf(why, sizeof(why), "%s: %s", cfg_check_kind_name(cause->c.conf->kind), cause->reason);
		event(e, rs->v, rs->r, alive, why);
	}
	mark_changed(e);
	vs_update(e, rs->v);
}

/* Every probe result comes here, once: counters, hysteresis, the next
 * probe, and onward to the real servers that use this check. */
static void set_reason(struct chk_engine_state *st, const char *text)
{
	const char *r;

	if (strncmp(st->reason, text, CHK_REASON_MAX) == 0 && strlen(st->reason) == strnlen(text, CHK_REASON_MAX))
		return;		/* the same as last time: most results */
	r = chk_reason_intern(&st->e->reasons, text);
	st->reason = r ? r : "out of memory";
}

static void funnel(struct chk_engine_state *st, bool ok, const char *reason, int weight)
{
	struct chk_engine *e = st->e;
	bool weight_changed = false;
	enum chk_step step;
	char name[CHK_UNIT_NAME_LEN];

	st->running = false;
	ok ? st->successes++ : st->failures++;
	st->last_ok = ok;
	st->have_result = true;
	st->last_at = time(NULL);
	set_reason(st, reason ? reason : ok ? "ok" : "failed");
	if (ok && weight >= 0 && weight != st->dyn_weight) {
		st->dyn_weight = weight;
		weight_changed = true;
	}
	step = chk_fsm_feed(&st->fsm, &(struct chk_fsm_params){ .retry = st->c.conf->timing.retry,
								  .rise = st->c.conf->timing.rise }, ok);
	if (!ok && st->c.conf->log_all_failures && step != CHK_STEP_DOWN)
		log_info("%s: failed (%s)", chk_unit_name(st, name), st->reason);
	if (log_debug_on())
		log_debug("%s: %s (%s)", chk_unit_name(st, name), ok ? "ok" : "failed", st->reason);
	/* the next probe; this also drops the deadline of the one just done */
	schedule(st, step == CHK_STEP_RETRY ? st->c.conf->timing.delay_before_retry : next_loop(st));
	if (step != CHK_STEP_UP && step != CHK_STEP_DOWN && !weight_changed)
		return;
	for (size_t i = 0; i < st->nusers; i++)
		rs_update(e, &e->rs[chk_unit_user(st, i)], st);
}

void chk_probe_done(struct chk *c, bool ok, const char *reason, int weight)
{
	struct chk_engine_state *st = (struct chk_engine_state *)c;

	if (!st->running)
		return;		/* a checker bug: one result per probe */
	funnel(st, ok, reason, weight);
}

void chk_probe_soon(struct chk *c)
{
	struct chk_engine_state *st = (struct chk_engine_state *)c;

	if (!st->running && st->initialized)
		schedule(st, 0);
}

/* The probe's deadline passed first. */
static void timed_out(struct chk_engine_state *st)
{
	st->c.ops->cancel(&st->c);
	st->timeouts++;
	funnel(st, false, "timed out", -1);
}

/* The unit's time came: a probe is due, or the running one's deadline passed. */
static void on_due(struct chk_engine_state *st)
{
	int rc;

	if (st->running) {
		timed_out(st);
		return;
	}
	st->running = true;
	/* the deadline first: a probe that ends within start() sets the next one */
	schedule(st, chk_timeout_us(st->c.conf));
	rc = st->c.ops->start(&st->c);
	if (rc < 0 && st->running)
		funnel(st, false, strerror(-rc), -1);
}

/* --- building */

static size_t align_up(size_t n)
{
	size_t a = _Alignof(max_align_t);

	return (n + a - 1) / a * a;
}

/* The unit and its checker's priv in one block. A unit that turns out
 * shared is freed at once: only the distinct ones stay. */
static struct chk_engine_state *unit_alloc(const struct checker_ops *ops)
{
	size_t priv_at = align_up(sizeof(struct chk_engine_state));
	char *block = calloc(1, priv_at + (ops ? (ops->priv_size ? ops->priv_size : 1) : 0));
	struct chk_engine_state *st = (struct chk_engine_state *)block;

	if (!block)
		return NULL;
	st->c.priv = ops ? block + priv_at : NULL;
	return st;
}

/* The unit of check i of real server r of virtual server v, and the hash of its key. */
static struct chk_engine_state *unit_new(struct chk_engine *e, size_t v, size_t r, size_t i, uint64_t *hash)
{
	const struct cfg_vs *vs = &e->cfg->vs[v];
	const struct cfg_check *cf = &vs->rs[r].checks[i];
	const struct checker_ops *ops = chk_ops_for(cf->kind);
	struct chk_engine_state *st = unit_alloc(ops);
	void *priv;

	if (!st)
		return NULL;
	priv = st->c.priv;
	st->e = e;
	st->reason = "";
	st->c = (struct chk){ .ops = ops, .conf = cf, .rs = &vs->rs[r], .vs = vs, .env = &e->env, .priv = priv };
	st->alpha = cf->alpha || vs->rs[r].alpha;
	st->dyn_weight = -1;
	if (chk_key_hash(st, hash) < 0) {
		free(st);
		return NULL;
	}
	return st;
}

static void unit_free(struct chk_engine_state *st)
{
	if (st->initialized && st->running)
		st->c.ops->cancel(&st->c);
	if (st->initialized && st->c.ops->fini)
		st->c.ops->fini(&st->c);
	chk_sched_cancel(st->e, st);
	if (st->nusers > 1)
		free(st->users);
	free(st);
}

/* Most checks have one real server: it is kept in place of the array. */
static int add_user(struct chk_engine_state *st, size_t rs_index)
{
	size_t *u;

	if (st->nusers == 0) {
		st->user = rs_index;
		st->nusers = 1;
		return 0;
	}
	u = realloc(st->nusers > 1 ? st->users : NULL, (st->nusers + 1) * sizeof(*u));
	if (!u)
		return -ENOMEM;
	if (st->nusers == 1)
		u[0] = st->user;
	st->users = u;
	st->users[st->nusers++] = rs_index;
	return 0;
}

/* The state a reloaded check keeps, or the start state of a new one. */
static const struct chk_engine_state *unit_state(struct chk_engine_state *st, uint64_t hash,
						       const struct chk_engine *old)
{
	const struct chk_engine_state *o = old ? chk_table_find(old, st, hash) : NULL;

	if (!o) {
		chk_fsm_start(&st->fsm, st->alpha);
		return NULL;
	}
	st->fsm = o->fsm;
	st->successes = o->successes;
	st->failures = o->failures;
	st->timeouts = o->timeouts;
	st->last_ok = o->last_ok;
	st->have_result = o->have_result;
	st->last_at = o->last_at;
	st->dyn_weight = o->dyn_weight;
	set_reason(st, o->reason);
	return o;
}

/* When a carried check probes next: when the old one would have, at once
 * when a probe was in flight (the reload cancels it), else within delay_loop. */
static uint64_t carried_delay(struct chk_engine *e, const struct chk_engine_state *o)
{
	uint64_t left;

	if (o->running)
		return 0;
	if (chk_sched_left(o, &left))
		return left;
	return rand_below(e, o->c.conf->timing.delay_loop);
}

/* Starts a new unit's checker and its first probe: within warmup for a new
 * check (0: at once); a check carried over a reload keeps its schedule. */
static int unit_start(struct chk_engine *e, struct chk_engine_state *st,
		      const struct chk_engine_state *carried, unsigned *logged_kinds)
{
	const struct cfg_timing *t = &st->c.conf->timing;
	int rc;

	if (!st->c.ops) {
		st->no_ops = true;
		if (!(*logged_kinds & (1u << st->c.conf->kind)))
			log_warnx("%s: keel has no checker for this kind yet; its real servers count as up",
				  cfg_check_kind_name(st->c.conf->kind));
		*logged_kinds |= 1u << st->c.conf->kind;
		set_reason(st, "no checker in keel");
		return 0;
	}
	rc = st->c.ops->init ? st->c.ops->init(&st->c) : 0;
	st->initialized = rc == 0;
	if (rc < 0) {
		char why[CHK_REASON_MAX + 1], name[CHK_UNIT_NAME_LEN];
		st->init_failed = true;
		snprintf(why, sizeof(why), "cannot start: %s", strerror(-rc));
		set_reason(st, why);
		log_warnx("%s: %s", chk_unit_name(st, name), st->reason);
		return 0;
	}
	schedule(st, carried ? carried_delay(e, carried) : rand_below(e, t->warmup));
	return 0;
}

static int build_units(struct chk_engine *e, const struct chk_engine *old)
{
	unsigned logged = 0;
	size_t ri = 0, off = 0;

	for (size_t v = 0; v < e->cfg->nvs; v++) {
		const struct cfg_vs *vs = &e->cfg->vs[v];
		for (size_t r = 0; r < vs->nrs; r++, ri++) {
			struct chk_rs_rt *rs = &e->rs[ri];
			rs->units = (uint32_t)off;
			off += vs->rs[r].nchecks;
			for (size_t i = 0; i < vs->rs[r].nchecks; i++) {
				uint64_t hash;
				struct chk_engine_state *st = unit_new(e, v, r, i, &hash), *same;
				if (!st)
					return -ENOMEM;
				same = chk_table_find(e, st, hash);
				if (same) {
					unit_free(st);
					st = same;
				} else {
					e->units[e->nunits] = st;
					chk_table_add(e, hash, e->nunits++);
					const struct chk_engine_state *carried = unit_state(st, hash, old);
					if (unit_start(e, st, carried, &logged) < 0)
						return -ENOMEM;
				}
				e->rs_units[rs->units + rs->nunits++] = st;
				if (add_user(st, ri) < 0)
					return -ENOMEM;
			}
		}
	}
	return 0;
}

/* Real servers and virtual servers, with the state the units give them. */
static int build_servers(struct chk_engine *e, const struct chk_engine *old)
{
	size_t n = 0;

	for (size_t v = 0; v < e->cfg->nvs; v++) {
		struct chk_vs_rt *vs = &e->vs[v];
		vs->first = n;
		vs->n = e->cfg->vs[v].nrs;
		for (size_t r = 0; r < vs->n; r++, n++) {
			e->rs[n].v = (uint32_t)v;
			e->rs[n].r = (uint32_t)r;
		}
	}
	if (build_units(e, old) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < e->nrs; i++)
		rs_compute(e, &e->rs[i], &e->rs[i].alive, &e->rs[i].weight);
	for (size_t v = 0; v < e->cfg->nvs; v++) {
		const struct chk_vs_rt *ov = NULL;
		/* a reload mostly keeps the order: try the same place first, so
		 * thousands of virtual servers are not matched in square time */
		if (old && v < old->cfg->nvs && chk_vs_same(&old->cfg->vs[v], &e->cfg->vs[v]))
			ov = &old->vs[v];
		for (size_t j = 0; old && j < old->cfg->nvs && !ov; j++)
			if (chk_vs_same(&old->cfg->vs[j], &e->cfg->vs[v]))
				ov = &old->vs[j];
		e->vs[v].quorum = ov ? ov->quorum : chk_quorum_start(vs_live(e, v), e->cfg->vs[v].quorum,
								    e->cfg->vs[v].hysteresis);
		if (ov)
			vs_update(e, v);
	}
	return 0;
}

/* --- health for ipvs_desired */

static bool health_rs(void *arg, size_t v, size_t r, struct rs_health *out)
{
	const struct chk_engine *e = arg;
	const struct chk_rs_rt *rs;

	if (v >= e->cfg->nvs || r >= e->vs[v].n)
		return false;
	rs = &e->rs[e->vs[v].first + r];
	if (rs->nunits == 0)
		return false;	/* no checks: the start state (up) */
	*out = (struct rs_health){ .alive = rs->alive, .weight = rs->weight };
	return true;
}

static bool health_quorum(void *arg, size_t v)
{
	const struct chk_engine *e = arg;

	return v < e->cfg->nvs ? e->vs[v].quorum : true;
}

static void on_changed(evutil_socket_t fd, short what, void *arg)
{
	struct chk_engine *e = arg;

	(void)fd, (void)what;
	if (e->changed)
		e->changed(e->arg);
}

struct chk_engine *chk_engine_new(struct event_base *base, const struct config *cfg,
				  const struct chk_engine *old, chk_engine_changed_fn *changed,
				  void *arg)
{
	struct chk_engine *e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	*e = (struct chk_engine){ .env = { .base = base, .global = &cfg->global }, .cfg = cfg,
				  .changed = changed, .arg = arg, .wait_fd = -1 };
	e->rng = ((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid() ^ (uintptr_t)e;
	e->rng = e->rng ? e->rng : 1;
	for (size_t v = 0; v < cfg->nvs; v++) {
		e->nrs += cfg->vs[v].nrs;
		for (size_t r = 0; r < cfg->vs[v].nrs; r++)
			e->configured += cfg->vs[v].rs[r].nchecks;
	}
	/* units, real servers and slots are counted in 32 bits */
	if (e->configured >= UINT32_MAX || e->nrs >= UINT32_MAX || cfg->nvs >= UINT32_MAX) {
		log_warnx("checks: too many (%zu)", e->configured);
		free(e);
		return NULL;
	}
	e->units = calloc(e->configured ? e->configured : 1, sizeof(*e->units));
	e->rs_units = calloc(e->configured ? e->configured : 1, sizeof(*e->rs_units));
	e->rs = calloc(e->nrs ? e->nrs : 1, sizeof(*e->rs));
	e->vs = calloc(cfg->nvs ? cfg->nvs : 1, sizeof(*e->vs));
	e->changed_ev = event_new(base, -1, 0, on_changed, e);
	e->health = (struct ipvs_health){ .rs = health_rs, .quorum = health_quorum, .arg = e };
	e->env.syn = chk_syn_new(base, chk_tcp_syn_done);	/* without it TCP_CHECK connects */
	if (!e->units || !e->rs_units || !e->rs || !e->vs || !e->changed_ev || chk_table_init(e, e->configured) < 0 ||
	    chk_sched_init(e, e->configured, on_due) < 0 || chk_wait_init(e) < 0 || build_servers(e, old) < 0) {
		log_warnx("checks: out of memory");
		chk_engine_free(e);
		return NULL;
	}
	log_info("checks: %zu configured, %zu run (identical checks shared)", e->configured, e->nunits);
	return e;
}

void chk_engine_free(struct chk_engine *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->nunits; i++)
		unit_free(e->units[i]);
	chk_sched_fini(e);
	chk_wait_fini(e);
	chk_syn_free(e->env.syn);
	if (e->changed_ev)
		event_free(e->changed_ev);
	free(e->units);
	free(e->rs_units);
	free(e->rs);
	free(e->vs);
	free(e->table);
	chk_reasons_free(&e->reasons);
	free(e);
}

const struct ipvs_health *chk_engine_health(const struct chk_engine *e)
{
	return &e->health;
}

size_t chk_engine_count(const struct chk_engine *e, size_t *configured)
{
	if (configured)
		*configured = e->configured;
	return e->nunits;
}
