// SPDX-License-Identifier: GPL-2.0-or-later
/* Work handed to an event loop from another thread. keeld runs VRRP on a
 * loop of its own so that thousands of checks cannot delay an advert; the
 * two loops talk only through mailboxes. Calls go one way: the main
 * thread may wait for the VRRP thread (ev_mailbox_call), the VRRP thread
 * only posts (ev_mailbox_post), so neither can wait on the other at once.
 * libevent's own locking is not used: it would tax every event of the
 * check loop for the few messages that cross. */
#ifndef KEEL_EV_MAILBOX_H
#define KEEL_EV_MAILBOX_H

#include <stddef.h>

#include <event2/event.h>

struct ev_mailbox;

/* NULL on error. */
struct ev_mailbox *ev_mailbox_new(struct event_base *base);
/* The calling thread runs the mailbox's loop: ev_mailbox_call from it
 * runs at once instead of waiting for itself. */
void ev_mailbox_adopt(struct ev_mailbox *mb);
/* Messages not delivered yet are dropped. Call it on the loop's thread,
 * once no other thread can post. NULL is fine. */
void ev_mailbox_free(struct ev_mailbox *mb);

/* Runs fn(arg) on the loop's thread and returns once it has run; on the
 * loop's own thread it runs fn at once. 0, or -1 when it cannot be
 * handed over (then fn has not run). */
int ev_mailbox_call(struct ev_mailbox *mb, void (*fn)(void *arg), void *arg);

/* Later, on the loop's thread: fn(ctx, copy of data). The copy lives
 * until fn returns. 0, or -1 when out of memory. Never waits for the
 * loop. */
typedef void ev_mailbox_fn(void *ctx, const void *data);
int ev_mailbox_post(struct ev_mailbox *mb, ev_mailbox_fn *fn, void *ctx, const void *data,
		    size_t len);

#endif
