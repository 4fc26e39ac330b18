// SPDX-License-Identifier: GPL-2.0-or-later
/* Virtual addresses on the wire and in the kernel: add and remove them
 * with rtnetlink (libnl-route-3), announce them with gratuitous ARP
 * (IPv4) or unsolicited neighbour advertisements (IPv6). */
#ifndef KEEL_VRRP_VIP_H
#define KEEL_VRRP_VIP_H

#include <stdbool.h>
#include <stddef.h>

#include "cfg.h"

struct vrrp_vips;
struct nl_sock;

/* One rtnetlink socket for every instance; NULL when it cannot open. */
struct vrrp_vips *vrrp_vips_new(void);
void vrrp_vips_free(struct vrrp_vips *v);
/* Its socket, for the routes and rules that go with the addresses. */
struct nl_sock *vrrp_vips_sock(struct vrrp_vips *v);

/* Adds or removes one address; dev falls back to defdev. Adding an
 * address present and removing one absent both succeed. 0 or -1 (logged). */
int vrrp_vip_add(struct vrrp_vips *v, const struct cfg_vip *vip, const char *defdev);
int vrrp_vip_del(struct vrrp_vips *v, const struct cfg_vip *vip, const char *defdev);

/* One gratuitous ARP / unsolicited NA for the address, out of its device. */
int vrrp_vip_announce(struct vrrp_vips *v, const struct cfg_vip *vip, const char *defdev);

/* Same address, prefix and device. */
bool vrrp_vip_equal(const struct cfg_vip *a, const struct cfg_vip *b, const char *defa,
		    const char *defb);

#endif
