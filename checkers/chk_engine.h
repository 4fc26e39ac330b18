// SPDX-License-Identifier: GPL-2.0-or-later
/* The check engine: one probe schedule per distinct check of the config
 * (identical checks of one backend used by several virtual servers run
 * once and share their result), one funnel for every result (retry, rise,
 * alpha, the one "rs X: up -> down (reason)" line, notify scripts, real
 * server state and weight, quorum with hysteresis), and the health table
 * keeld hands to ipvs_sync_apply(). */
#ifndef KEEL_CHK_ENGINE_H
#define KEEL_CHK_ENGINE_H

#include <event2/event.h>

#include "cfg.h"
#include "chk.h"
#include "ipvs_desired.h"
#include "json.h"

struct chk_engine;

/* Called from the loop (deferred, coalesced) after the health changed. */
typedef void chk_engine_changed_fn(void *arg);
/* keepalived's notify FIFO lines for the checker side: "RS [1.2.3.4]:tcp:80
 * [10.0.0.1]:tcp:80 UP" when a real server changes, "VS [10.0.0.1]:tcp:80
 * DOWN" when a virtual server's quorum does. */
typedef void chk_engine_note_fn(void *arg, const char *line);
/* The addresses as those lines write them, keepalived's way:
 * "[10.0.0.1]:tcp:80"; a virtual server may be "fwmark:N" or "group:NAME". */
void chk_engine_fmt_addr(int proto, const struct cfg_ip *ip, uint16_t port, char *buf, size_t cap);
void chk_engine_fmt_vs(const struct cfg_vs *vs, char *buf, size_t cap);

/* The same changes as indices into the engine's config, heard after the
 * health table holds them: real server cfg->vs[v].rs[r] went up or down
 * (why: the check result that moved it), or (r == CHK_EVENT_QUORUM,
 * why NULL) virtual server v gained or lost its quorum. */
#define CHK_EVENT_QUORUM ((size_t)-1)
typedef void chk_engine_event_fn(void *arg, size_t v, size_t r, bool up, const char *why);
void chk_engine_on_event(struct chk_engine *e, chk_engine_event_fn *fn, void *arg);

/* Builds the engine for cfg and schedules its probes. With old (a reload),
 * checks whose key matches carry their state over: no flap, no log line.
 * cfg must outlive the engine; old is not touched and is freed by the
 * caller afterwards. NULL only without memory. */
void chk_engine_on_note(struct chk_engine *e, chk_engine_note_fn *fn, void *arg);
struct chk_engine *chk_engine_new(struct event_base *base, const struct config *cfg,
				  const struct chk_engine *old, chk_engine_changed_fn *changed,
				  void *arg);
/* rs_init_notifies, at keeld's start: each real server that starts up
 * (not alpha) gets its notify_up script and its "RS ... UP" line, as
 * keepalived 2.2.7 sent them in the lab (nothing for the alpha ones, which
 * start down; one without checks was not compared). The note hook set
 * above hears the lines. */
void chk_engine_init_notifies(struct chk_engine *e);

/* Cancels running probes (scripts are killed) and frees everything. */
void chk_engine_free(struct chk_engine *e);

/* The health of every real server and the quorum of every virtual server,
 * indexed like the engine's config; valid while the engine lives. */
const struct ipvs_health *chk_engine_health(const struct chk_engine *e);

/* Distinct checks run (after sharing) and configured checks. */
size_t chk_engine_count(const struct chk_engine *e, size_t *configured);

/* Every check as a JSON array value: key "checks" is the caller's. */
void chk_engine_json(const struct chk_engine *e, struct json_writer *w);
/* The same as text, one check per line; malloc'ed, NULL without memory. */
char *chk_engine_text(const struct chk_engine *e);

#endif
