// SPDX-License-Identifier: GPL-2.0-or-later
/* An event loop on a thread of its own (with VRRP's priorities), driven
 * from the thread that started it through a mailbox (ev_mailbox.h). The
 * loop's thread blocks every signal: they stay with the main loop. Its
 * timers are precise (ev_base.h): a loop gets a thread of its own because
 * its timing matters. */
#ifndef KEEL_EV_THREAD_H
#define KEEL_EV_THREAD_H

#include <event2/event.h>
#include <pthread.h>
#include <stddef.h>

#include "ev_mailbox.h"
#include "thread_spawn.h"

struct ev_thread;

/* name: the thread's name in ps/top (15 chars at most). NULL on error. */
struct ev_thread *ev_thread_start(const char *name);
/* Events of this base must be added and freed on the loop's thread only. */
struct event_base *ev_thread_base(const struct ev_thread *t);
/* Runs fn(arg) on the loop's thread and waits for it: see ev_mailbox_call. */
int ev_thread_call(struct ev_thread *t, void (*fn)(void *arg), void *arg);
/* Runs fn(ctx, copy of data) later on the loop's thread, never waiting:
 * see ev_mailbox_post. */
int ev_thread_post(struct ev_thread *t, ev_mailbox_fn *fn, void *ctx, const void *data, size_t len);
/* Runs last(arg) on the loop's thread (NULL: nothing), ends the loop,
 * joins the thread and frees the base. NULL is fine. */
void ev_thread_stop(struct ev_thread *t, void (*last)(void *arg), void *arg);

#endif
