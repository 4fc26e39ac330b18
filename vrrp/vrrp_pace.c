// SPDX-License-Identifier: GPL-2.0-or-later
/* Announcement pacing (vrrp_pace.h). A pacer per interface, or per
 * garp_group, and per family: each announcement takes the next slot of
 * its pacer (vrrp_pace_slot); one that cannot go at once waits in the
 * pacer's queue for its slot, and one timer per pacer sends the queue's
 * head when its slot comes. */
#include "config.h"

#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "vrrp_pace.h"

uint64_t vrrp_pace_slot(uint64_t *next_free, uint64_t now, uint64_t interval)
{
	uint64_t at = *next_free > now ? *next_free : now;

	*next_free = at + interval;
	return at;
}

struct item {
	struct item *next;
	uint64_t at;			/* its slot */
	struct cfg_ip addr;
	char dev[IF_NAMESIZE];
};

struct pacer {
	struct pacer *next;
	struct vrrp_pace *pace;
	char key[IF_NAMESIZE + 8];	/* the interface, or "group " and its first */
	bool v6;
	uint64_t next_free;
	struct item *head, **tail;
	struct event *ev;
};

struct vrrp_pace {
	struct event_base *base;
	struct vrrp_vips *vips;
	const struct config *cfg;
	struct pacer *pacers;
};

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void send_one(struct vrrp_pace *p, const struct cfg_ip *addr, const char *dev)
{
	struct cfg_vip vip = { .addr = *addr };

	vrrp_vip_announce(p->vips, &vip, dev);
}

static void arm(struct pacer *pc, uint64_t now)
{
	uint64_t rel = pc->head->at > now ? pc->head->at - now : 0;
	struct timeval tv = { .tv_sec = (time_t)(rel / 1000000u), .tv_usec = (suseconds_t)(rel % 1000000u) };

	event_add(pc->ev, &tv);
}

static void on_slot(evutil_socket_t fd, short what, void *arg)
{
	struct pacer *pc = arg;
	uint64_t now = now_us();
	struct item *it;

	(void)fd, (void)what;
	while ((it = pc->head) && it->at <= now) {
		pc->head = it->next;
		if (!pc->head)
			pc->tail = &pc->head;
		send_one(pc->pace, &it->addr, it->dev);
		free(it);
	}
	if (pc->head)
		arm(pc, now);
}

/* The pace dev's announcements of that family keep: its interval, and
 * the key of the pacer they share. */
static uint64_t pace_of(const struct config *cfg, const char *dev, bool v6, char *key, size_t cap)
{
	const struct cfg_garp_group *g = cfg ? cfg_garp_group_of(cfg, dev) : NULL;

	if (g) {
		snprintf(key, cap, "group %s", g->ifnames[0]);
		return v6 ? g->gna_interval_us : g->garp_interval_us;
	}
	snprintf(key, cap, "%s", dev);
	if (!cfg)
		return 0;
	return v6 ? cfg->global.vrrp_gna_interval_us : cfg->global.vrrp_garp_interval_us;
}

static struct pacer *pacer_get(struct vrrp_pace *p, const char *key, bool v6)
{
	struct pacer *pc;

	for (pc = p->pacers; pc; pc = pc->next)
		if (pc->v6 == v6 && strcmp(pc->key, key) == 0)
			return pc;
	pc = calloc(1, sizeof(*pc));
	if (!pc)
		return NULL;
	pc->ev = evtimer_new(p->base, on_slot, pc);
	if (!pc->ev) {
		free(pc);
		return NULL;
	}
	pc->pace = p;
	pc->v6 = v6;
	pc->tail = &pc->head;
	snprintf(pc->key, sizeof(pc->key), "%s", key);
	pc->next = p->pacers;
	p->pacers = pc;
	return pc;
}

struct vrrp_pace *vrrp_pace_new(struct event_base *base, struct vrrp_vips *vips)
{
	struct vrrp_pace *p = calloc(1, sizeof(*p));

	if (p) {
		p->base = base;
		p->vips = vips;
	}
	return p;
}

static void drop_queue(struct pacer *pc)
{
	struct item *it;

	while ((it = pc->head)) {
		pc->head = it->next;
		free(it);
	}
	pc->tail = &pc->head;
}

void vrrp_pace_free(struct vrrp_pace *p)
{
	struct pacer *pc;

	if (!p)
		return;
	while ((pc = p->pacers)) {
		p->pacers = pc->next;
		drop_queue(pc);
		event_free(pc->ev);
		free(pc);
	}
	free(p);
}

void vrrp_pace_conf(struct vrrp_pace *p, const struct config *cfg)
{
	if (p)
		p->cfg = cfg;
}

void vrrp_pace_announce(struct vrrp_pace *p, const struct cfg_vip *vip, const char *dev)
{
	bool v6 = vip->addr.af == AF_INET6;
	char key[IF_NAMESIZE + 8];
	uint64_t interval = pace_of(p ? p->cfg : NULL, dev, v6, key, sizeof(key)), now, at;
	struct pacer *pc;
	struct item *it;

	if (!p || !interval) {
		if (p)
			vrrp_vip_announce(p->vips, vip, dev);
		return;
	}
	if (!(pc = pacer_get(p, key, v6))) {
		log_warnx("vrrp: out of memory pacing announcements on %s: sent at once", dev);
		vrrp_vip_announce(p->vips, vip, dev);
		return;
	}
	now = now_us();
	at = vrrp_pace_slot(&pc->next_free, now, interval);
	if (at <= now && !pc->head) {
		vrrp_vip_announce(p->vips, vip, dev);
		return;
	}
	if (!(it = calloc(1, sizeof(*it)))) {
		log_warnx("vrrp: out of memory pacing announcements on %s: one dropped", dev);
		return;
	}
	it->at = at;
	it->addr = vip->addr;
	snprintf(it->dev, sizeof(it->dev), "%s", dev);
	*pc->tail = it;
	pc->tail = &it->next;
	if (!evtimer_pending(pc->ev, NULL))
		arm(pc, now);
}

void vrrp_pace_forget(struct vrrp_pace *p, const struct cfg_vip *vip, const char *dev)
{
	for (struct pacer *pc = p ? p->pacers : NULL; pc; pc = pc->next) {
		struct item **pp = &pc->head;

		while (*pp) {
			struct item *it = *pp;

			if (strcmp(it->dev, dev) == 0 && it->addr.af == vip->addr.af &&
			    memcmp(it->addr.b, vip->addr.b, sizeof(it->addr.b)) == 0) {
				*pp = it->next;
				free(it);
			} else {
				pp = &it->next;
			}
		}
		pc->tail = pp;
		if (!pc->head)
			evtimer_del(pc->ev);
	}
}
