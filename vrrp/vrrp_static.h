/* SPDX-License-Identifier: GPL-2.0-or-later */
/* static_ipaddress, static_routes and static_rules in the kernel, as
 * keepalived 2.2.7 keeps them: keeld adds them at start whatever the VRRP
 * state (addresses first: a route may need one), a reload adds the new
 * lines and removes the dropped ones (the rest untouched), and keeld
 * removes them all when it stops (rules, routes, then addresses). One
 * that goes away (deleted by hand, or with its link) is put back at the
 * next address or link event of the kernel. */
#ifndef KEEL_VRRP_STATIC_H
#define KEEL_VRRP_STATIC_H

#include "cfg.h"
#include "vrrp_linkmon.h"

struct vrrp_run;

/* From what the kernel holds (the last applied config's lines, which must
 * still be valid) to cfg's. */
void vrrp_static_apply(struct vrrp_run *r, const struct config *cfg);
/* Removes them all; again: nothing. */
void vrrp_static_stop(struct vrrp_run *r);
/* A link or address event of the kernel (vrrp_linkmon.h): what is missing
 * is added again. */
void vrrp_static_event(struct vrrp_run *r, enum vrrp_linkmon_what what, const char *ifname);

#endif
