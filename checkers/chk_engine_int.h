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

/* One distinct check: its probe schedule, hysteresis and counters. */
struct chk_engine_state {
	struct chk c;
	struct chk_engine *e;
	char *key;			/* identity: kind, backend, target, parameters */
	size_t keylen;
	uint64_t hash;
	char name[96];			/* "TCP_CHECK 10.0.0.2:80" */
	struct chk_fsm fsm;
	struct chk_fsm_params par;
	bool alpha, no_ops, init_failed, initialized, running;
	struct event *timer, *timeout;
	uint64_t probes, successes, failures, timeouts;
	bool last_ok, have_result;
	char reason[128];
	time_t last_at;
	int dyn_weight;			/* -1: the configured weight */
	size_t *users;			/* indexes into engine->rs */
	size_t nusers;
};

/* One real server of one virtual server. */
struct chk_rs_rt {
	size_t v, r;
	struct chk_engine_state **units;
	size_t nunits;
	bool alive;
	int weight;
};

struct chk_vs_rt {
	size_t first, n;		/* its real servers in engine->rs */
	bool quorum;
};

struct chk_engine {
	struct event_base *base;
	const struct config *cfg;
	chk_engine_changed_fn *changed;
	void *arg;
	struct event *changed_ev;
	struct chk_engine_state **units;
	size_t nunits, configured;
	struct chk_engine_state **rs_units;	/* every rs's units, end to end */
	struct chk_engine_state **table;	/* hash of units by key */
	size_t table_size;			/* a power of two */
	struct chk_rs_rt *rs;
	size_t nrs;
	struct chk_vs_rt *vs;
	struct ipvs_health health;
	uint64_t rng;
};

/* chk_key.c */
int chk_key_build(struct chk_engine_state *st);
int chk_table_init(struct chk_engine *e, size_t n);
struct chk_engine_state *chk_table_find(const struct chk_engine *e, const char *key, size_t len,
					uint64_t hash);
void chk_table_add(struct chk_engine *e, struct chk_engine_state *st);
void chk_format_addr(const struct cfg_ip *ip, uint16_t port, char *buf, size_t len);
/* Names for log lines and listings, formatted when asked: a big config
 * has tens of thousands of servers and most are never named. */
#define CHK_RS_NAME_LEN 64
#define CHK_VS_NAME_LEN 80
/* "10.0.0.2:80", "[2001:db8::2]:80"; returns buf */
const char *chk_rs_name(const struct chk_engine *e, const struct chk_rs_rt *rs, char *buf);
/* "TCP 10.0.0.1:80", "FWM 7", "UDP group NAME"; returns buf */
const char *chk_vs_name(const struct cfg_vs *vs, char *buf);
/* The same virtual server in two configs: what makes their names equal. */
bool chk_vs_same(const struct cfg_vs *a, const struct cfg_vs *b);

#endif
