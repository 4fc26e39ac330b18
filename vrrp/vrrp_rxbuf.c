// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include "vrrp_rxbuf.h"

uint32_t vrrp_rxbuf_add(uint32_t a, uint32_t b)
{
	uint64_t sum = (uint64_t)a + b;

	return sum > CFG_RX_BUF_MAX ? CFG_RX_BUF_MAX : (uint32_t)sum;
}

uint32_t vrrp_rxbuf_share(const struct cfg_vrrp *c, const struct cfg_global *g, unsigned mtu,
			  size_t advert_len)
{
	uint64_t v;

	if (c->kernel_rx_buf_size)
		return c->kernel_rx_buf_size;
	switch (g->vrrp_rx_bufs_policy) {
	case CFG_RX_BUFS_MTU:
		v = (uint64_t)mtu * g->vrrp_rx_bufs_multiplier;
		break;
	case CFG_RX_BUFS_ADVERT:
		v = (uint64_t)advert_len * g->vrrp_rx_bufs_multiplier;
		break;
	case CFG_RX_BUFS_SIZE:
		v = g->vrrp_rx_bufs_size;
		break;
	default:
		return 0;
	}
	return v > CFG_RX_BUF_MAX ? CFG_RX_BUF_MAX : (uint32_t)v;
}
