// SPDX-License-Identifier: GPL-2.0-or-later
/* Accept mode (RFC 5798 6.4.3; keepalived's accept / no_accept, no_accept
 * being the default only with vrrp_strict): an instance in no_accept mode
 * makes the router drop traffic addressed to its VIPs, except while it is
 * the master that owns them (priority 255). The drop is an nftables rule in
 * keeld's own table ("inet keel" unless global_defs' nftables names it;
 * prerouting, so forwarded packets go too) matching two address sets that
 * follow the instances' states. */
#ifndef KEEL_VRRP_ACCEPT_H
#define KEEL_VRRP_ACCEPT_H

#include <stdbool.h>

#include "cfg.h"
#include "vrrp_fsm.h"

/* Whether traffic to c's VIPs is dropped in state s. Pure. */
bool vrrp_accept_drops(const struct cfg_vrrp *c, enum vrrp_state s);

struct vrrp_accept;

/* The table is made on first use and deleted by vrrp_accept_free. */
struct vrrp_accept *vrrp_accept_new(void);
/* The table's name, chain priority and counters from the config: a
 * change moves the addresses to a table made anew. */
void vrrp_accept_conf(struct vrrp_accept *a, const struct cfg_nftables *n);
/* Adds (drop) or removes the VIPs and eVIPs of c to the drop sets. 0 or
 * -1 (logged). */
int vrrp_accept_apply(struct vrrp_accept *a, const struct cfg_vrrp *c, bool drop);
void vrrp_accept_free(struct vrrp_accept *a);

#endif
