// SPDX-License-Identifier: GPL-2.0-or-later
/* The VRRP runtime (vrrp_run.h) on a loop thread of its own, so that
 * health checks saturating the main loop cannot delay an advert. The
 * main thread drives it through these calls, each run on the VRRP thread
 * while the caller waits; the sync daemon hook comes back to the main
 * loop as a posted message. The config handed to apply must outlive the
 * next apply or the stop, as with vrrp_run_apply. */
#ifndef KEEL_VRRP_THREAD_H
#define KEEL_VRRP_THREAD_H

#include <event2/event.h>

#include "cfg.h"
#include "json.h"
#include "vrrp_prio.h"
#include "vrrp_run.h"

struct vrrp_thread;

/* fn(arg, ...) runs on main's loop. NULL on error (logged). */
struct vrrp_thread *vrrp_thread_start(struct event_base *main, vrrp_syncd_hook *fn, void *arg);
void vrrp_thread_apply(struct vrrp_thread *t, const struct config *cfg);
/* fn(arg, change) runs on main's loop after each state change of an
 * instance or a sync group; the VRRP thread posts, never waits. */
void vrrp_thread_on_state(struct vrrp_thread *t, vrrp_state_hook *fn, void *arg);
/* Graceful stop (vrrp_run_stop). NULL is fine. */
void vrrp_thread_stop(struct vrrp_thread *t);
/* Stops what still runs, ends the thread, frees. NULL is fine. */
void vrrp_thread_free(struct vrrp_thread *t);

/* From any thread, never waiting: bfd_instance name's session is (not)
 * Up (vrrp_run_bfd on the VRRP thread). */
void vrrp_thread_bfd(struct vrrp_thread *t, const char *name, bool up);

int vrrp_thread_state(struct vrrp_thread *t, const char *name);
void vrrp_thread_json(struct vrrp_thread *t, struct json_writer *w);
char *vrrp_thread_text(struct vrrp_thread *t);
/* vrrp_run_views, run on the VRRP thread. */
size_t vrrp_thread_views(struct vrrp_thread *t, struct vrrp_inst_view *out, size_t cap);
/* vrrp_run_router_stats, run on the VRRP thread. */
void vrrp_thread_router_stats(struct vrrp_thread *t, struct vrrp_router_stats *out);
/* out[k]: the state of cfg->scripts[k] on the VRRP thread (unknown where
 * no instance tracks it, or without a thread). */
void vrrp_thread_scripts(struct vrrp_thread *t, const struct config *cfg, enum vrrp_obj_state *out);
/* count[k], st[k]: the running processes matching cfg->track_procs[k] and
 * its state, on the VRRP thread (0 and unknown without one). */
void vrrp_thread_procs(struct vrrp_thread *t, const struct config *cfg, size_t *count,
		       enum vrrp_obj_state *st);

#endif
