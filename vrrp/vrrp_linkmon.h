// SPDX-License-Identifier: GPL-2.0-or-later
/* The kernel's link and address events, as the VRRP thread needs them:
 * which interface went up or down (so a tracked interface is looked at
 * when it changes, not at the next poll), and that some address came or
 * went (an instance still waiting for its source address tries again,
 * one with track_src_ip looks whether its source is still there). */
#ifndef KEEL_VRRP_LINKMON_H
#define KEEL_VRRP_LINKMON_H

struct event_base;
struct vrrp_rt_gone;
struct vrrp_linkmon;

enum vrrp_linkmon_what {
	VRRP_LINKMON_LINK,	/* ifname's flags changed, or it came or went */
	VRRP_LINKMON_ADDR,	/* an address was added or removed somewhere */
	VRRP_LINKMON_LOST,	/* the socket overflowed: anything may have changed */
};

typedef void vrrp_linkmon_fn(void *arg, enum vrrp_linkmon_what what, const char *ifname);

/* Listens on base; NULL (logged) when the socket cannot be had: the
 * caller then polls. */
struct vrrp_linkmon *vrrp_linkmon_new(struct event_base *base, vrrp_linkmon_fn *fn, void *arg);
/* Also the deletions of IPv4/IPv6 routes and rules, each told to fn as
 * it comes (static and virtual routes are watched as keepalived does);
 * fn NULL stops listening to route and rule events. */
typedef void vrrp_linkmon_gone_fn(void *arg, const struct vrrp_rt_gone *g);
void vrrp_linkmon_watch_routes(struct vrrp_linkmon *m, vrrp_linkmon_gone_fn *fn);
void vrrp_linkmon_free(struct vrrp_linkmon *m);

#endif
