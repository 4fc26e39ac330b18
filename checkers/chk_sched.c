// SPDX-License-Identifier: GPL-2.0-or-later
/* When each unit runs next (see chk_engine_int.h): one min-heap of due
 * times behind one libevent timer, rather than an event of 128 bytes in
 * every unit. A unit has one entry at most: its next probe while idle,
 * the deadline of its probe while one runs. */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "chk_engine_int.h"

/* How early a probe may start: probes due within this of each other start
 * in one turn of the loop (one wake-up, and their answers read together:
 * 1,000 checks at delay_loop 1 wake the loop ~250 times a second, not
 * 1,000). A deadline is never early. */
#define START_SLACK_US 4000

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static void place(struct chk_engine *e, size_t i, struct chk_engine_state *st)
{
	e->heap[i] = st;
	st->slot = (uint32_t)i + 1;
}

static void sift_up(struct chk_engine *e, size_t i)
{
	struct chk_engine_state *st = e->heap[i];

	while (i > 0 && e->heap[(i - 1) / 2]->due > st->due) {
		place(e, i, e->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	place(e, i, st);
}

static void sift_down(struct chk_engine *e, size_t i)
{
	struct chk_engine_state *st = e->heap[i];

	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= e->nheap)
			break;
		if (c + 1 < e->nheap && e->heap[c + 1]->due < e->heap[c]->due)
			c++;
		if (e->heap[c]->due >= st->due)
			break;
		place(e, i, e->heap[c]);
		i = c;
	}
	place(e, i, st);
}

static void unlink_at(struct chk_engine *e, size_t i)
{
	struct chk_engine_state *last = e->heap[--e->nheap];

	e->heap[i]->slot = 0;
	if (i == e->nheap)
		return;
	place(e, i, last);
	sift_down(e, i);
	sift_up(e, last->slot - 1);
}

/* The timer follows the earliest entry. */
static void rearm(struct chk_engine *e, uint64_t now)
{
	uint64_t wait;
	struct timeval tv;

	if (e->nheap == 0) {
		evtimer_del(e->tick);
		return;
	}
	wait = e->heap[0]->due > now ? e->heap[0]->due - now : 0;
	tv = (struct timeval){ .tv_sec = (time_t)(wait / 1000000), .tv_usec = (suseconds_t)(wait % 1000000) };
	evtimer_add(e->tick, &tv);
}

/* Runs every entry due now, and probes due within the slack. One
 * scheduled from here is due after that (chk_sched_in), so a zero delay
 * waits for the next turn of the loop, as an event of its own would, and
 * this ends. */
static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	struct chk_engine *e = arg;

	(void)fd, (void)what;
	e->tick_now = now_us();
	e->in_tick = true;
	while (e->nheap && e->heap[0]->due <= e->tick_now + (e->heap[0]->running ? 0 : START_SLACK_US)) {
		struct chk_engine_state *st = e->heap[0];
		unlink_at(e, 0);
		e->fire(st);
	}
	e->in_tick = false;
	rearm(e, now_us());
}

int chk_sched_init(struct chk_engine *e, size_t n, void (*fire)(struct chk_engine_state *))
{
	e->heap = calloc(n ? n : 1, sizeof(*e->heap));
	e->tick = evtimer_new(e->env.base, on_tick, e);
	e->fire = fire;
	return e->heap && e->tick ? 0 : -1;
}

void chk_sched_fini(struct chk_engine *e)
{
	for (size_t i = 0; i < e->nheap; i++)
		e->heap[i]->slot = 0;
	e->nheap = 0;
	if (e->tick)
		event_free(e->tick);
	free(e->heap);
}

void chk_sched_in(struct chk_engine *e, struct chk_engine_state *st, uint64_t us)
{
	uint64_t now = now_us();

	st->due = now + us;
	if (e->in_tick && st->due <= e->tick_now + START_SLACK_US)
		st->due = e->tick_now + START_SLACK_US + 1;
	if (st->slot) {
		sift_down(e, st->slot - 1);
		sift_up(e, st->slot - 1);
	} else {
		place(e, e->nheap++, st);
		sift_up(e, e->nheap - 1);
	}
	/* an earlier timer than needed only costs a turn */
	if (e->heap[0] == st && !e->in_tick)
		rearm(e, now);
}

void chk_sched_cancel(struct chk_engine *e, struct chk_engine_state *st)
{
	if (st->slot)
		unlink_at(e, st->slot - 1);
}

bool chk_sched_left(const struct chk_engine_state *st, uint64_t *us)
{
	uint64_t now;

	if (!st->slot)
		return false;
	now = now_us();
	*us = st->due > now ? st->due - now : 0;
	return true;
}
