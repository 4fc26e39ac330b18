// SPDX-License-Identifier: GPL-2.0-or-later
/* promote_secondaries: while an instance that asks for it runs, its
 * interface's net.ipv4.conf.IF.promote_secondaries is 1, so removing the
 * primary address promotes a secondary (a VIP) instead of removing every
 * address of its subnet. The value found is put back when the last such
 * instance of the interface goes, as keepalived 2.2.7 does (measured: 0
 * back to 0, 1 left at 1). */
#ifndef KEEL_VRRP_PROMOTE_H
#define KEEL_VRRP_PROMOTE_H

/* The interfaces whose setting keel holds; NULL is the empty set. */
struct vrrp_promote;

/* Sets it on ifname (once per interface; each hold counts). 0, or -1
 * logged (nothing held then). */
int vrrp_promote_hold(struct vrrp_promote **set, const char *ifname);
/* One hold less; the last puts the old value back. */
void vrrp_promote_release(struct vrrp_promote **set, const char *ifname);

/* Where the per-interface settings live: /proc/sys/net/ipv4/conf (tests
 * point it elsewhere). */
extern const char *vrrp_promote_root;

#endif
