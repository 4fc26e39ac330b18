// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "ev_base.h"
#include "ev_thread.h"
#include "log.h"

/* Adverts, netlink and scripts' fork need little: small routers have
 * little memory, and musl's default is smaller still. */
#define EV_THREAD_STACK (1024 * 1024)

struct ev_thread {
	struct event_base *base;
	struct ev_mailbox *mb;
	pthread_t tid;
	void (*last)(void *arg);
	void *last_arg;
};

static void *loop(void *arg)
{
	struct ev_thread *t = arg;

	ev_mailbox_adopt(t->mb);
	event_base_loop(t->base, EVLOOP_NO_EXIT_ON_EMPTY);
	return NULL;
}

struct ev_thread *ev_thread_start(const char *name)
{
	struct ev_thread *t = calloc(1, sizeof(*t));
	int rc;

	if (!t)
		return NULL;
	t->base = keel_event_base_new(true);
	t->mb = t->base ? ev_mailbox_new(t->base) : NULL;
	if (!t->mb)
		goto fail;
	/* the mailbox belongs to the new thread before any call can come:
	 * the starting thread waits in ev_thread_call until the loop runs */
	rc = thread_spawn(&t->tid, EV_THREAD_STACK, name, loop, t);
	if (rc != 0) {
		log_warnx("cannot start the %s thread: %s", name, strerror(rc));
		goto fail;
	}
	return t;
fail:
	ev_mailbox_free(t->mb);
	if (t->base)
		event_base_free(t->base);
	free(t);
	return NULL;
}

struct event_base *ev_thread_base(const struct ev_thread *t)
{
	return t->base;
}

int ev_thread_call(struct ev_thread *t, void (*fn)(void *arg), void *arg)
{
	return ev_mailbox_call(t->mb, fn, arg);
}

int ev_thread_post(struct ev_thread *t, ev_mailbox_fn *fn, void *ctx, const void *data, size_t len)
{
	return ev_mailbox_post(t->mb, fn, ctx, data, len);
}

static void finish(void *arg)
{
	struct ev_thread *t = arg;

	if (t->last)
		t->last(t->last_arg);
	event_base_loopbreak(t->base);
}

void ev_thread_stop(struct ev_thread *t, void (*last)(void *arg), void *arg)
{
	if (!t)
		return;
	t->last = last;
	t->last_arg = arg;
	if (ev_thread_call(t, finish, t) == 0)
		pthread_join(t->tid, NULL);
	ev_mailbox_free(t->mb);
	event_base_free(t->base);
	free(t);
}
