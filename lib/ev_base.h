// SPDX-License-Identifier: GPL-2.0-or-later
/* keeld's event loop. VRRP shares it with thousands of health checks, and
 * an advert that waits behind them is a late advert (at advert_int 0.1 a
 * backup gives up after 3 missed ones). So the loop has priorities: VRRP's
 * timers and sockets run first, and after a bounded run of other callbacks
 * the loop looks for due timers again. */
#ifndef KEEL_EV_BASE_H
#define KEEL_EV_BASE_H
#include <stdbool.h>

#include <event2/event.h>

enum {
	KEEL_EV_PRIO_URGENT = 0,	/* VRRP: timers, adverts in */
	KEEL_EV_PRIO_NORMAL = 1,	/* the default: checks, control, IPVS */
	KEEL_EV_PRIOS = 2,
};

/* Callbacks of normal priority run before the loop checks for due
 * urgent events again. */
#define KEEL_EV_BATCH 32

/* NULL when libevent cannot make it. precise: timers on CLOCK_MONOTONIC
 * and a timerfd; otherwise libevent reads CLOCK_MONOTONIC_COARSE, which
 * moves in jiffies (4 ms with HZ=250) and wakes timers up to that late:
 * fine for checks, not for adverts every 10-100 ms. */
struct event_base *keel_event_base_new(bool precise);

/* Marks ev urgent (before it is added); 0 or -1. */
int keel_event_urgent(struct event *ev);
#endif
