// SPDX-License-Identifier: GPL-2.0-or-later
/* The receive buffer (SO_RCVBUF) of a VRRP socket. keepalived 2.2.7, as
 * measured: each instance on a socket asks for its kernel_rx_buf_size,
 * else for global_defs' vrrp_rx_bufs_policy (the interface's MTU or the
 * advert's size, IP header included, times vrrp_rx_bufs_multiplier, or a
 * size in bytes), and the socket gets the sum; the kernel doubles it.
 * Nothing asked leaves the system's default (net.core.rmem_default). */
#ifndef KEEL_VRRP_RXBUF_H
#define KEEL_VRRP_RXBUF_H

#include <stddef.h>
#include <stdint.h>

#include "cfg.h"

/* One instance's share, 0 for none. Pure. */
uint32_t vrrp_rxbuf_share(const struct cfg_vrrp *c, const struct cfg_global *g, unsigned mtu,
			  size_t advert_len);

/* a + b, at most CFG_RX_BUF_MAX. Pure. */
uint32_t vrrp_rxbuf_add(uint32_t a, uint32_t b);

#endif
