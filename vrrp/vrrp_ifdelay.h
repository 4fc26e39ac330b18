// SPDX-License-Identifier: GPL-2.0-or-later
/* interface_up_down_delays at run time: the state the instances see of an
 * interface with delays changes only once the link has stayed changed
 * that long; a link that comes back first is never seen to go. */
#ifndef KEEL_VRRP_IFDELAY_H
#define KEEL_VRRP_IFDELAY_H

#include <stdbool.h>

struct config;
struct vrrp_run;

/* The state to show for ifname, read up (raw) now: raw itself for an
 * interface without delays; else the state shown so far, with the change
 * timed (it is looked at again when its delay has passed). */
bool vrrp_ifdelay_filter(struct vrrp_run *r, const char *ifname, bool raw);
/* Follows the config's delays; interfaces kept keep what they show. */
void vrrp_ifdelays_apply(struct vrrp_run *r, const struct config *cfg);
void vrrp_ifdelays_free(struct vrrp_run *r);

#endif
