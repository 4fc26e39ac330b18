// SPDX-License-Identifier: GPL-2.0-or-later
/* use_vmac: a macvlan carrying the VRRP virtual MAC (00:00:5e:00:01:VRID,
 * :02: for IPv6) on the instance's interface, so the VIPs, adverts and
 * gratuitous ARPs use the virtual MAC and a takeover needs no ARP cache
 * update anywhere. The name and MAC are decided purely; the device is made
 * over rtnetlink. */
#ifndef KEEL_VRRP_VMAC_H
#define KEEL_VRRP_VMAC_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "cfg.h"

struct vrrp_vmac {
	char name[IF_NAMESIZE];
	char base[IF_NAMESIZE];
	uint8_t mac[6];
	bool ipv6;			/* the instance's family */
	int base_arp_ignore;		/* the base's values before, -1 unknown */
	int base_arp_announce;
};

/* The device use_vmac asks for: name (given, else PREFIX.VRID with
 * global_defs' vmac_prefix, NULL: vrrp.VRID / vrrp6.VRID) and MAC. Pure. */
void vrrp_vmac_plan(const struct cfg_vrrp *c, const char *prefix, sa_family_t family,
		    struct vrrp_vmac *v);
/* use_vmac_addr: a macvlan with the same MAC on each other interface a VIP
 * or excluded VIP names (dev), in the order they first come: named
 * PREFIX.VRID, PREFIX1.VRID, PREFIX2.VRID... as keepalived 2.2.7 names
 * them (prefix: vmac_addr_prefix, else vmac_prefix; NULL as above). out
 * has room for nvips + nevips; how many. Pure. */
size_t vrrp_vmac_plan_addrs(const struct cfg_vrrp *c, const char *prefix, sa_family_t family,
			    struct vrrp_vmac *out);
/* Creates (or adopts, when one with that name and MAC is on base) the
 * macvlan, up; sets arp_ignore on it and on the base so only the virtual
 * MAC answers for the VIPs, and arp_announce on the base so its own ARP
 * requests never name a VIP. 0 or -errno (logged). */
int vrrp_vmac_up(struct vrrp_vmac *v);
/* Deletes it and restores the base's arp_ignore and arp_announce. */
void vrrp_vmac_down(struct vrrp_vmac *v);

#endif
