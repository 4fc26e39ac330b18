// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cfg_proc.h"
#include "chk_exec.h"
#include "ev_mailbox.h"
#include "ev_thread.h"
#include "log.h"
#include "thread_sched.h"
#include "vrrp_procs.h"
#include "vrrp_thread.h"

struct vrrp_thread {
	struct ev_thread *th;
	struct vrrp_run *run;		/* touched on the VRRP thread only */
	int nice;			/* the thread's scheduling now */
	struct thread_sched sched;
	struct ev_mailbox *main_mb;	/* the hook's way back */
	vrrp_syncd_hook *fn;
	void *arg;
	vrrp_state_hook *state_fn;	/* main thread's; NULL: none */
	void *state_arg;
};

struct syncd_msg {
	enum vrrp_syncd_role role;
	char instance[];
};

/* --- the hook: VRRP thread -> main loop */

static void syncd_deliver(void *ctx, const void *data)
{
	struct vrrp_thread *t = ctx;
	const struct syncd_msg *m = data;

	t->fn(t->arg, m->instance, m->role);
}

static void syncd_post(void *arg, const char *instance, enum vrrp_syncd_role role)
{
	struct vrrp_thread *t = arg;
	size_t len = strlen(instance) + 1;
	struct syncd_msg *m = malloc(sizeof(*m) + len);

	if (m) {
		m->role = role;
		memcpy(m->instance, instance, len);
	}
	if (!m || ev_mailbox_post(t->main_mb, syncd_deliver, t, m, sizeof(*m) + len) < 0)
		log_warnx("VRRP: out of memory: the sync daemon misses a move of %s", instance);
	free(m);
}

/* State changes cross by copy; the main loop drops them while nobody
 * listens (state_fn is the main thread's, never read here). */
static void state_deliver(void *ctx, const void *data)
{
	struct vrrp_thread *t = ctx;

	if (t->state_fn)
		t->state_fn(t->state_arg, data);
}

static void state_post(void *arg, const struct vrrp_state_change *c)
{
	struct vrrp_thread *t = arg;

	if (ev_mailbox_post(t->main_mb, state_deliver, t, c, sizeof(*c)) < 0)
		log_warnx("VRRP: out of memory: a state change of %s is not notified", c->v.name);
}

void vrrp_thread_on_state(struct vrrp_thread *t, vrrp_state_hook *fn, void *arg)
{
	t->state_fn = fn;
	t->state_arg = arg;
}

/* --- calls: main -> VRRP thread */

static void do_new(void *arg)
{
	struct vrrp_thread *t = arg;

	/* started before the main thread follows checker_cpu_affinity: the
	 * CPUs keeld started with */
	thread_sched_init(&t->sched, "VRRP", "vrrp");
	t->run = vrrp_run_new(ev_thread_base(t->th));
	if (t->run) {
		vrrp_run_on_syncd(t->run, syncd_post, t);
		vrrp_run_on_state(t->run, state_post, t);
	}
}

struct vrrp_thread *vrrp_thread_start(struct event_base *main, vrrp_syncd_hook *fn, void *arg)
{
	struct vrrp_thread *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->fn = fn;
	t->arg = arg;
	t->main_mb = ev_mailbox_new(main);
	if (t->main_mb)
		ev_mailbox_adopt(t->main_mb);
	t->th = t->main_mb ? ev_thread_start("keeld-vrrp") : NULL;
	if (t->th)
		ev_thread_call(t->th, do_new, t);
	if (!t->run) {
		log_warnx("VRRP: cannot start its thread");
		vrrp_thread_free(t);
		return NULL;
	}
	return t;
}

struct apply_call {
	struct vrrp_thread *t;
	const struct config *cfg;
};

/* vrrp_priority, vrrp_rt_priority, vrrp_rlimit_rttime and
 * vrrp_cpu_affinity for this thread alone: the checks keep the normal
 * share. Run on the thread. */
static void sched_follow(struct vrrp_thread *t, const struct cfg_global *g)
{
	if (g->vrrp_nice != t->nice) {
		if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), g->vrrp_nice) < 0)
			log_warn("VRRP: cannot set vrrp_priority %d", g->vrrp_nice);
		else
			t->nice = g->vrrp_nice;
	}
	thread_sched_cpus(&t->sched, &g->vrrp_cpus);
	thread_sched_rt(&t->sched, g->vrrp_rt_priority, cfg_rttime_us(g));
	thread_sched_name(cfg_thread_name(g, CFG_THREAD_VRRP));
}

static void do_apply(void *arg)
{
	struct apply_call *c = arg;

	vrrp_run_apply(c->t->run, c->cfg);
	sched_follow(c->t, &c->cfg->global);
}

void vrrp_thread_apply(struct vrrp_thread *t, const struct config *cfg)
{
	struct apply_call c = { t, cfg };

	ev_thread_call(t->th, do_apply, &c);
}

static void do_stop(void *arg)
{
	struct vrrp_thread *t = arg;

	vrrp_run_stop(t->run);
}

void vrrp_thread_stop(struct vrrp_thread *t)
{
	if (t)
		ev_thread_call(t->th, do_stop, t);
}

static void do_free(void *arg)
{
	struct vrrp_thread *t = arg;

	vrrp_run_free(t->run);
	t->run = NULL;
	/* notify scripts still running are watched by this loop's events */
	chk_exec_forget(ev_thread_base(t->th));
}

void vrrp_thread_free(struct vrrp_thread *t)
{
	if (!t)
		return;
	ev_thread_stop(t->th, t->run ? do_free : NULL, t);
	ev_mailbox_free(t->main_mb);
	free(t);
}

struct state_call {
	struct vrrp_thread *t;
	const char *name;
	int state;
};

static void do_state(void *arg)
{
	struct state_call *c = arg;

	c->state = vrrp_run_state(c->t->run, c->name);
}

int vrrp_thread_state(struct vrrp_thread *t, const char *name)
{
	struct state_call c = { t, name, -1 };

	if (t)
		ev_thread_call(t->th, do_state, &c);
	return c.state;
}

struct show_call {
	struct vrrp_thread *t;
	struct json_writer *w;
	char *text;
};

static void do_json(void *arg)
{
	struct show_call *c = arg;

	vrrp_run_json(c->t->run, c->w);
}

void vrrp_thread_json(struct vrrp_thread *t, struct json_writer *w)
{
	struct show_call c = { .t = t, .w = w };

	if (!t)
		vrrp_run_json(NULL, w);
	else
		ev_thread_call(t->th, do_json, &c);
}

static void do_text(void *arg)
{
	struct show_call *c = arg;

	c->text = vrrp_run_text(c->t->run);
}

char *vrrp_thread_text(struct vrrp_thread *t)
{
	struct show_call c = { .t = t };

	if (!t)
		return vrrp_run_text(NULL);
	ev_thread_call(t->th, do_text, &c);
	return c.text;
}

struct views_call {
	struct vrrp_thread *t;
	struct vrrp_inst_view *out;
	size_t cap, n;
};

static void do_views(void *arg)
{
	struct views_call *c = arg;

	c->n = vrrp_run_views(c->t->run, c->out, c->cap);
}

size_t vrrp_thread_views(struct vrrp_thread *t, struct vrrp_inst_view *out, size_t cap)
{
	struct views_call c = { .t = t, .out = out, .cap = cap };

	if (t)
		ev_thread_call(t->th, do_views, &c);
	return c.n;
}

struct router_stats_call {
	struct vrrp_thread *t;
	struct vrrp_router_stats *out;
};

static void do_router_stats(void *arg)
{
	struct router_stats_call *c = arg;

	vrrp_run_router_stats(c->t->run, c->out);
}

void vrrp_thread_router_stats(struct vrrp_thread *t, struct vrrp_router_stats *out)
{
	struct router_stats_call c = { .t = t, .out = out };

	*out = (struct vrrp_router_stats){ 0 };
	if (t)
		ev_thread_call(t->th, do_router_stats, &c);
}

struct scripts_call {
	struct vrrp_thread *t;
	const struct config *cfg;
	enum vrrp_obj_state *out;
};

static void do_scripts(void *arg)
{
	struct scripts_call *c = arg;

	for (size_t k = 0; c->t->run && k < c->cfg->nscripts; k++)
		c->out[k] = vrrp_script_state(c->t->run, c->cfg->scripts[k].name);
}

struct procs_call {
	struct vrrp_thread *t;
	const struct config *cfg;
	size_t *count;
	enum vrrp_obj_state *st;
};

static void do_procs(void *arg)
{
	struct procs_call *c = arg;

	for (size_t k = 0; c->t->run && k < c->cfg->ntrack_procs; k++) {
		c->count[k] = vrrp_procs_count(vrrp_run_procs(c->t->run), c->cfg->track_procs[k].name);
		c->st[k] = vrrp_procs_state(vrrp_run_procs(c->t->run), c->cfg->track_procs[k].name);
	}
}

void vrrp_thread_procs(struct vrrp_thread *t, const struct config *cfg, size_t *count,
		       enum vrrp_obj_state *st)
{
	struct procs_call c = { .t = t, .cfg = cfg, .count = count, .st = st };

	for (size_t k = 0; k < cfg->ntrack_procs; k++) {
		count[k] = 0;
		st[k] = VRRP_OBJ_UNKNOWN;
	}
	if (t)
		ev_thread_call(t->th, do_procs, &c);
}

void vrrp_thread_scripts(struct vrrp_thread *t, const struct config *cfg, enum vrrp_obj_state *out)
{
	struct scripts_call c = { .t = t, .cfg = cfg, .out = out };

	for (size_t k = 0; k < cfg->nscripts; k++)
		out[k] = VRRP_OBJ_UNKNOWN;
	if (t)
		ev_thread_call(t->th, do_scripts, &c);
}

struct bfd_msg {
	bool up;
	char name[CFG_BFD_NAME_MAX + 1];
};

static void bfd_deliver(void *ctx, const void *data)
{
	struct vrrp_thread *t = ctx;
	const struct bfd_msg *m = data;

	if (t->run)
		vrrp_run_bfd(t->run, m->name, m->up);
}

void vrrp_thread_bfd(struct vrrp_thread *t, const char *name, bool up)
{
	struct bfd_msg m = { .up = up };

	snprintf(m.name, sizeof(m.name), "%s", name);
	if (ev_thread_post(t->th, bfd_deliver, t, &m, sizeof(m)) < 0)
		log_warnx("VRRP: out of memory: misses that bfd_instance %s is %s", name, up ? "up" : "down");
}
