// SPDX-License-Identifier: GPL-2.0-or-later
/* The engine's runtime types, shared by its files (chk_engine.c: build,
 * schedule, funnel; chk_key.c: identity of checks; chk_list.c: listing). */
#ifndef KEEL_CHK_ENGINE_INT_H
#define KEEL_CHK_ENGINE_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "chk.h"
#include "chk_engine.h"
#include "chk_funnel.h"
#include "chk_reason.h"

/* One distinct check: its probe schedule, hysteresis and counters. Ten
 * thousand of them live all the time, so it holds no text: its name is
 * formatted when asked (chk_unit_name), its last reason is a shared copy
 * (chk_reason.h), its identity key is rebuilt when a hash matches, its
 * timer is an entry in the engine's heap (chk_sched.c). One allocation
 * holds the unit and its checker's priv. */
struct chk_engine_state {
	struct chk c;			/* first: a checker's chk is its unit */
	struct chk_engine *e;
	/* when it runs next: its next probe while idle, the probe's deadline
	 * while one runs (monotonic us); slot: 1 + its place in e->heap, 0 if none */
	uint64_t due;
	const char *reason;		/* in e->reasons; never NULL */
	struct chk_fsm fsm;
	uint32_t slot;
	bool alpha : 1, no_ops : 1, init_failed : 1, initialized : 1, running : 1;
	bool last_ok : 1, have_result : 1;
	int dyn_weight;			/* -1: the configured weight */
	uint32_t nusers;
	uint64_t successes, failures, timeouts;	/* probes: their sum while none runs */
	time_t last_at;
	union {				/* indexes into engine->rs */
		size_t user;		/* nusers <= 1 */
		size_t *users;		/* nusers > 1 */
	};
};

/* Its i-th real server, an index into engine->rs. */
static inline size_t chk_unit_user(const struct chk_engine_state *st, size_t i)
{
	return st->nusers > 1 ? st->users[i] : st->user;
}

/* Probes started: each ends as one success or failure. */
static inline uint64_t chk_unit_probes(const struct chk_engine_state *st)
{
	return st->successes + st->failures + st->running;
}

/* A place in the key table: unit 0 is free, else 1 + its index in
 * engine->units; tag, the top of its key's hash, spares most key compares. */
struct chk_slot {
	uint32_t unit, tag;
};

/* One real server of one virtual server (24 bytes: there are as many as checks). */
struct chk_rs_rt {
	uint32_t units;			/* its first in engine->rs_units */
	uint32_t v, r;			/* cfg->vs[v].rs[r] */
	uint32_t nunits;
	int weight;
	bool alive;
};

struct chk_vs_rt {
	size_t first, n;		/* its real servers in engine->rs */
	bool quorum;
};

struct chk_engine {
	struct chk_env env;		/* its units' c.env */
	const struct config *cfg;
	chk_engine_changed_fn *changed;
	void *arg;
	chk_engine_note_fn *note;
	void *note_arg;
	chk_engine_event_fn *event;
	void *event_arg;
	struct event *changed_ev;
	struct chk_engine_state **units;
	size_t nunits, configured;
	struct chk_engine_state **rs_units;	/* every rs's units, end to end */
	struct chk_slot *table;		/* hash of units by key */
	size_t table_size;		/* a power of two */
	struct chk_rs_rt *rs;
	size_t nrs;
	struct chk_vs_rt *vs;
	struct ipvs_health health;
	struct chk_reasons reasons;
	uint64_t rng;
	/* chk_sched.c */
	struct chk_engine_state **heap;		/* by due time, room for every unit */
	size_t nheap;
	struct event *tick;
	void (*fire)(struct chk_engine_state *st);
	uint64_t tick_now;
	bool in_tick;
	/* chk_wait.c: the epoll set probes wait in, -1 before it is made */
	int wait_fd;
	struct event *wait_ev;
};

/* The i-th unit of rs, a real server of e. */
static inline struct chk_engine_state *chk_rs_unit(const struct chk_engine *e, const struct chk_rs_rt *rs, size_t i)
{
	return e->rs_units[rs->units + i];
}

/* chk_sched.c: fire is called for a unit when its time comes (and it has
 * left the heap); n units at most. */
int chk_sched_init(struct chk_engine *e, size_t n, void (*fire)(struct chk_engine_state *st));
void chk_sched_fini(struct chk_engine *e);
/* (Re)schedules st in us from now. */
void chk_sched_in(struct chk_engine *e, struct chk_engine_state *st, uint64_t us);
void chk_sched_cancel(struct chk_engine *e, struct chk_engine_state *st);
/* Whether st is scheduled, and in how long. */
bool chk_sched_left(const struct chk_engine_state *st, uint64_t *us);

/* chk_wait.c: makes and frees e's wait set (chk_wait()); -errno */
int chk_wait_init(struct chk_engine *e);
void chk_wait_fini(struct chk_engine *e);

/* chk_key.c */
/* The hash of st's identity key into *hash; -ENOMEM. Units do not keep
 * it: the key table does. */
int chk_key_hash(const struct chk_engine_state *st, uint64_t *hash);
int chk_table_init(struct chk_engine *e, size_t n);
/* The unit of e with the same key as st (st of e or of another engine;
 * hash its chk_key_hash), NULL when none (or without memory to compare keys). */
struct chk_engine_state *chk_table_find(const struct chk_engine *e, const struct chk_engine_state *st,
					uint64_t hash);
/* e->units[at], of that hash. */
void chk_table_add(struct chk_engine *e, uint64_t hash, size_t at);
void chk_format_addr(const struct cfg_ip *ip, uint16_t port, char *buf, size_t len);
/* Names for log lines and listings, formatted when asked: a big config
 * has tens of thousands of servers and most are never named. */
#define CHK_RS_NAME_LEN 64
#define CHK_VS_NAME_LEN 80
#define CHK_UNIT_NAME_LEN 96
/* "TCP_CHECK 10.0.0.2:80"; returns buf */
const char *chk_unit_name(const struct chk_engine_state *st, char *buf);
/* "10.0.0.2:80", "[2001:db8::2]:80"; returns buf */
const char *chk_rs_name(const struct chk_engine *e, const struct chk_rs_rt *rs, char *buf);
/* "TCP 10.0.0.1:80", "FWM 7", "UDP group NAME"; returns buf */
const char *chk_vs_name(const struct cfg_vs *vs, char *buf);
/* The same virtual server in two configs: what makes their names equal. */
bool chk_vs_same(const struct cfg_vs *a, const struct cfg_vs *b);

#endif
