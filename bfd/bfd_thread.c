// SPDX-License-Identifier: GPL-2.0-or-later
/* The BFD thread: see bfd_thread.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "bfd_thread.h"
#include "cfg_proc.h"
#include "ev_mailbox.h"
#include "ev_thread.h"
#include "log.h"
#include "thread_sched.h"

struct bfd_thread {
	struct ev_thread *th;
	struct bfd_run *run;		/* touched on the BFD thread only */
	struct ev_mailbox *main_mb;
	bfd_tell_fn *to_vrrp, *to_main;
	void *arg;
};

struct tell_msg {
	bool up;
	char name[CFG_BFD_NAME_MAX + 1];
};

static void main_deliver(void *ctx, const void *data)
{
	struct bfd_thread *t = ctx;
	const struct tell_msg *m = data;

	t->to_main(t->arg, m->name, m->up);
}

/* on the BFD thread */
static void on_change(void *arg, const struct cfg_bfd *b, bool up)
{
	struct bfd_thread *t = arg;
	struct tell_msg m = { .up = up };

	snprintf(m.name, sizeof(m.name), "%s", b->name);
	if (b->to_vrrp && t->to_vrrp)
		t->to_vrrp(t->arg, m.name, up);
	if (b->to_checker && t->to_main &&
	    ev_mailbox_post(t->main_mb, main_deliver, t, &m, sizeof(m)) < 0)
		log_warnx("BFD: out of memory: the checks miss that %s is %s", m.name, up ? "up" : "down");
}

static void do_new(void *arg)
{
	struct bfd_thread *t = arg;

	t->run = bfd_run_new(ev_thread_base(t->th), on_change, t);
}

struct bfd_thread *bfd_thread_start(struct event_base *main, bfd_tell_fn *to_vrrp,
				    bfd_tell_fn *to_main, void *arg)
{
	struct bfd_thread *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->to_vrrp = to_vrrp;
	t->to_main = to_main;
	t->arg = arg;
	t->main_mb = ev_mailbox_new(main);
	if (t->main_mb)
		ev_mailbox_adopt(t->main_mb);
	t->th = t->main_mb ? ev_thread_start("keeld-bfd") : NULL;
	if (t->th)
		ev_thread_call(t->th, do_new, t);
	if (!t->run) {
		log_warnx("BFD: cannot start its thread");
		bfd_thread_free(t);
		return NULL;
	}
	return t;
}

struct apply_call {
	struct bfd_thread *t;
	const struct config *cfg;
};

static void do_apply(void *arg)
{
	struct apply_call *c = arg;

	bfd_run_apply(c->t->run, c->cfg);
	thread_sched_name(cfg_thread_name(&c->cfg->global, CFG_THREAD_BFD));
}

void bfd_thread_apply(struct bfd_thread *t, const struct config *cfg)
{
	struct apply_call c = { t, cfg };

	if (t)
		ev_thread_call(t->th, do_apply, &c);
}

struct views_call {
	struct bfd_thread *t;
	struct bfd_view *out;
	size_t cap, n;
};

static void do_views(void *arg)
{
	struct views_call *c = arg;

	c->n = bfd_run_views(c->t->run, c->out, c->cap);
}

size_t bfd_thread_views(struct bfd_thread *t, struct bfd_view *out, size_t cap)
{
	struct views_call c = { .t = t, .out = out, .cap = cap };

	if (t)
		ev_thread_call(t->th, do_views, &c);
	return c.n;
}

static void do_free(void *arg)
{
	struct bfd_thread *t = arg;

	bfd_run_free(t->run);
	t->run = NULL;
}

void bfd_thread_free(struct bfd_thread *t)
{
	if (!t)
		return;
	ev_thread_stop(t->th, t->run ? do_free : NULL, t);
	ev_mailbox_free(t->main_mb);
	free(t);
}
