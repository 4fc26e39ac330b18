// SPDX-License-Identifier: GPL-2.0-or-later
/* static_ipaddress, static_routes and static_rules in the kernel, as
 * keepalived 2.2.7 keeps them: keeld adds them at start whatever the VRRP
 * state (addresses first: a route may need one), a reload adds the new
 * lines and removes the dropped ones (the rest untouched), and keeld
 * removes them all when it stops (rules, routes, then addresses). A
 * route or rule deleted by hand is put back at once (unless no_track, or
 * a route without dev); an address, or what went with its link, at the
 * next address or link event of the kernel. */
#ifndef KEEL_VRRP_STATIC_H
#define KEEL_VRRP_STATIC_H

#include "cfg.h"
#include "vrrp_linkmon.h"

struct vrrp_run;
struct vrrp_rt_gone;

/* From what the kernel holds (the last applied config's lines, which must
 * still be valid) to cfg's. */
void vrrp_static_apply(struct vrrp_run *r, const struct config *cfg);
/* Removes them all; again: nothing. */
void vrrp_static_stop(struct vrrp_run *r);
/* A link or address event of the kernel (vrrp_linkmon.h): what is missing
 * is added again. */
void vrrp_static_event(struct vrrp_run *r, enum vrrp_linkmon_what what, const char *ifname);

/* A route or rule the kernel deleted: a watched static one is added
 * again at once ("restored deleted", as keepalived's "Restoring deleted
 * static route"). */
void vrrp_static_gone(struct vrrp_run *r, const struct vrrp_rt_gone *g);

#endif
