// SPDX-License-Identifier: GPL-2.0-or-later
/* PING_CHECK's packets, pure and unit tested: the ICMP / ICMPv6 echo
 * request and the test of a received packet against it. */
#ifndef KEEL_CHK_PING_H
#define KEEL_CHK_PING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CHK_PING_HDR_LEN 8
#define CHK_PING_DATA_LEN 16	/* random bytes: a reply must echo them */

struct chk_ping_echo {
	int af;			/* AF_INET: ICMP; AF_INET6: ICMPv6 */
	uint16_t id, seq;
	uint8_t data[CHK_PING_DATA_LEN];
};

/* Writes the echo request (CHK_PING_HDR_LEN + CHK_PING_DATA_LEN bytes)
 * and returns its length, 0 when cap is too small. The ICMP checksum is
 * set; ICMPv6's covers a pseudo-header, so the kernel computes it. */
size_t chk_ping_build(const struct chk_ping_echo *e, uint8_t *buf, size_t cap);

/* Whether pkt is the reply to e. ip_header: the packet starts with an IPv4
 * header (a raw IPv4 socket); check_id false for a ping socket, whose
 * kernel sets the id and delivers only the socket's own replies. An ICMP
 * reply must carry a valid checksum. */
bool chk_ping_match(const struct chk_ping_echo *e, const uint8_t *pkt, size_t len, bool ip_header,
		    bool check_id);

#endif
