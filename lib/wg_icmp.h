// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Inner packets for a tunnel ping: an IPv4 ICMP or IPv6 ICMPv6 echo request
 * with correct checksums, and the test that a decrypted packet is its reply.
 */
#ifndef KEEL_WG_ICMP_H
#define KEEL_WG_ICMP_H

#include <stddef.h>
#include <stdint.h>

#include "wg_err.h"

struct wg_echo {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t src[16];	/* our inner address (in the backend's allowed-ips) */
	uint8_t dst[16];	/* the address to ping behind the tunnel */
	uint16_t id, seq;
	const uint8_t *data;	/* payload the reply must carry back */
	size_t data_len;
};

/* Writes the request (IP header included) to out; WG_E_SPACE if cap is short. */
int wg_echo_request(const struct wg_echo *e, uint8_t *out, size_t cap, size_t *out_len);
/*
 * WG_OK when pkt (len may include the tunnel's zero padding) is the reply to
 * e: right addresses, id, seq and payload, valid checksums. WG_E_CHECKSUM or
 * WG_E_NOTREPLY otherwise.
 */
int wg_echo_match(const struct wg_echo *e, const uint8_t *pkt, size_t len);

/* The Internet checksum (RFC 1071) of buf, folded, starting from sum. */
uint16_t wg_inet_checksum(const uint8_t *buf, size_t len, uint32_t sum);

#endif
