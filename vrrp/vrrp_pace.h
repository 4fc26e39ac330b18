// SPDX-License-Identifier: GPL-2.0-or-later
/* Gratuitous ARPs and unsolicited NAs paced as vrrp_garp_interval,
 * vrrp_gna_interval and garp_group say: announcements of one interface
 * (or of one garp_group's interfaces together) go out that far apart, the
 * ones that must wait queued in order. An address the instance gives up is
 * dropped from the queue: announcing it after would pull its traffic back. */
#ifndef KEEL_VRRP_PACE_H
#define KEEL_VRRP_PACE_H

#include <stdint.h>

#include <event2/event.h>

#include "cfg.h"
#include "vrrp_vip.h"

/* The pure part: an announcement asked for at now, with next_free the
 * first moment the pace allows one, goes out at the returned time, and
 * the one after it not before *next_free (updated). */
uint64_t vrrp_pace_slot(uint64_t *next_free, uint64_t now, uint64_t interval);

struct vrrp_pace;

struct vrrp_pace *vrrp_pace_new(struct event_base *base, struct vrrp_vips *vips);
void vrrp_pace_free(struct vrrp_pace *p);
/* The intervals and groups of a (new) config; kept until the next. */
void vrrp_pace_conf(struct vrrp_pace *p, const struct config *cfg);
/* Announce vip out of dev, now or in its turn. */
void vrrp_pace_announce(struct vrrp_pace *p, const struct cfg_vip *vip, const char *dev);
/* Drop what waits for vip on dev. */
void vrrp_pace_forget(struct vrrp_pace *p, const struct cfg_vip *vip, const char *dev);

#endif
