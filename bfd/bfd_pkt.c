// SPDX-License-Identifier: GPL-2.0-or-later
/* The BFD control packet codec (RFC 5880 4.1 and 6.8.6). Layout:
 *   0: version (3 bits) | diagnostic (5 bits)
 *   1: state (2 bits) | P F C A D M
 *   2: detect multiplier   3: length
 *   4: my discriminator    8: your discriminator
 *  12: desired min TX     16: required min RX     20: required min echo RX
 * all big endian. */
#include "config.h"

#include "bfd_pkt.h"

static uint32_t get32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static void put32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

static int check(const struct bfd_pkt *p, size_t len)
{
	if (p->version != 1)
		return BFD_PKT_VERSION;
	if (p->len < (p->auth ? BFD_PKT_LEN + 2 : BFD_PKT_LEN))
		return BFD_PKT_LENGTH;
	if (p->len > len)
		return BFD_PKT_SHORT;
	if (p->mult == 0)
		return BFD_PKT_MULT;
	if (p->multipoint)
		return BFD_PKT_MULTIPOINT;
	if (p->my_disc == 0)
		return BFD_PKT_MY_DISC;
	if (p->your_disc == 0 && p->state != BFD_DOWN && p->state != BFD_ADMIN_DOWN)
		return BFD_PKT_YOUR_DISC;
	return BFD_PKT_OK;
}

int bfd_pkt_decode(const uint8_t *buf, size_t len, struct bfd_pkt *p)
{
	if (len < BFD_PKT_LEN)
		return BFD_PKT_SHORT;
	*p = (struct bfd_pkt){
		.version = buf[0] >> 5,
		.diag = buf[0] & 0x1f,
		.state = buf[1] >> 6,
		.poll = buf[1] & 0x20,
		.final = buf[1] & 0x10,
		.cpi = buf[1] & 0x08,
		.auth = buf[1] & 0x04,
		.demand = buf[1] & 0x02,
		.multipoint = buf[1] & 0x01,
		.mult = buf[2],
		.len = buf[3],
		.my_disc = get32(buf + 4),
		.your_disc = get32(buf + 8),
		.min_tx_us = get32(buf + 12),
		.min_rx_us = get32(buf + 16),
		.min_echo_rx_us = get32(buf + 20),
	};
	return check(p, len);
}

size_t bfd_pkt_encode(const struct bfd_pkt *p, uint8_t out[BFD_PKT_LEN])
{
	out[0] = (uint8_t)(1u << 5 | (p->diag & 0x1f));
	out[1] = (uint8_t)((p->state & 3u) << 6 | (p->poll ? 0x20 : 0) | (p->final ? 0x10 : 0) |
			   (p->cpi ? 0x08 : 0) | (p->demand ? 0x02 : 0));
	out[2] = p->mult;
	out[3] = BFD_PKT_LEN;
	put32(out + 4, p->my_disc);
	put32(out + 8, p->your_disc);
	put32(out + 12, p->min_tx_us);
	put32(out + 16, p->min_rx_us);
	put32(out + 20, p->min_echo_rx_us);
	return BFD_PKT_LEN;
}

const char *bfd_pkt_strerror(int err)
{
	switch (err) {
	case BFD_PKT_OK: return "ok";
	case BFD_PKT_SHORT: return "shorter than its length";
	case BFD_PKT_VERSION: return "not version 1";
	case BFD_PKT_LENGTH: return "bad length field";
	case BFD_PKT_MULT: return "detect multiplier 0";
	case BFD_PKT_MULTIPOINT: return "multipoint bit set";
	case BFD_PKT_MY_DISC: return "my discriminator 0";
	case BFD_PKT_YOUR_DISC: return "your discriminator 0 outside Down";
	default: return "bad packet";
	}
}

const char *bfd_state_name(enum bfd_state s)
{
	static const char *const names[] = { "AdminDown", "Down", "Init", "Up" };

	return names[s & 3];
}

const char *bfd_diag_name(uint8_t diag)
{
	static const char *const names[] = {
		"no diagnostic", "control detection time expired", "echo function failed",
		"neighbor signaled session down", "forwarding plane reset", "path down",
		"concatenated path down", "administratively down", "reverse concatenated path down",
	};

	return diag < sizeof(names) / sizeof(names[0]) ? names[diag] : "unknown diagnostic";
}
