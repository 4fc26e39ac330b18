// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "cfg.h"
#include "cfg_ifdelay.h"
#include "log.h"
#include "vrrp_ifdelay.h"
#include "vrrp_run_int.h"

struct vrrp_ifdelay {
	struct vrrp_run *r;
	char name[IF_NAMESIZE];
	uint64_t down_us, up_us;
	bool shown;		/* up and running, as the instances see it */
	struct event *timer;	/* pending: a change waiting out its delay */
	struct vrrp_ifdelay *next;
};

static struct vrrp_ifdelay *find(const struct vrrp_run *r, const char *ifname)
{
	for (struct vrrp_ifdelay *d = r->ifdelays; d; d = d->next)
		if (strcmp(d->name, ifname) == 0)
			return d;
	return NULL;
}

static void on_delay(evutil_socket_t fd, short what, void *arg)
{
	struct vrrp_ifdelay *d = arg;

	(void)fd, (void)what;
	if (vrrp_track_link_read(d->r, d->name) == d->shown)
		return;	/* it came back meanwhile, unseen */
	d->shown = !d->shown;
	log_info("VRRP: %s %s for its delay: the instances see it now", d->name,
		 d->shown ? "up" : "down");
	vrrp_track_link_event(d->r, VRRP_LINKMON_LINK, d->name);
}

bool vrrp_ifdelay_filter(struct vrrp_run *r, const char *ifname, bool raw)
{
	struct vrrp_ifdelay *d = find(r, ifname);
	uint64_t us;

	if (!d)
		return raw;
	if (raw == d->shown) {
		evtimer_del(d->timer);	/* a bounce, over before its delay */
		return raw;
	}
	us = raw ? d->up_us : d->down_us;
	if (!us) {
		d->shown = raw;
		return raw;
	}
	if (!evtimer_pending(d->timer, NULL)) {
		struct timeval tv = { .tv_sec = (time_t)(us / 1000000u),
				      .tv_usec = (suseconds_t)(us % 1000000u) };

		evtimer_add(d->timer, &tv);
	}
	return d->shown;
}

static void delay_free(struct vrrp_ifdelay *d)
{
	if (d->timer)
		event_free(d->timer);
	free(d);
}

void vrrp_ifdelays_apply(struct vrrp_run *r, const struct config *cfg)
{
	struct vrrp_ifdelay *old = r->ifdelays, *d;

	r->ifdelays = NULL;
	for (size_t k = 0; k < cfg->nif_delays; k++) {
		const struct cfg_if_delay *c = &cfg->if_delays[k];
		struct vrrp_ifdelay **pp = &old;

		while (*pp && strcmp((*pp)->name, c->ifname) != 0)
			pp = &(*pp)->next;
		if ((d = *pp)) {
			*pp = d->next;
		} else {
			d = calloc(1, sizeof(*d));
			if (!d || !(d->timer = evtimer_new(r->base, on_delay, d))) {
				log_warnx("VRRP: out of memory for %s's up/down delays", c->ifname);
				free(d);
				continue;
			}
			d->r = r;
			snprintf(d->name, sizeof(d->name), "%s", c->ifname);
			d->shown = vrrp_track_link_read(r, d->name);
		}
		d->down_us = c->down_us;
		d->up_us = c->up_us;
		d->next = r->ifdelays;
		r->ifdelays = d;
	}
	while ((d = old)) {
		old = d->next;
		delay_free(d);
	}
}

void vrrp_ifdelays_free(struct vrrp_run *r)
{
	struct vrrp_ifdelay *d;

	while ((d = r->ifdelays)) {
		r->ifdelays = d->next;
		delay_free(d);
	}
}
