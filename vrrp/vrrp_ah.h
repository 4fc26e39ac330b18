// SPDX-License-Identifier: GPL-2.0-or-later
/* VRRPv2 "auth_type AH": an IPsec Authentication Header (RFC 2402) between
 * the IPv4 header and the advert, as keepalived sends it. Pure (OpenSSL
 * for the MAC), no sockets:
 *   0: next header 112   1: payload length 4 (24 bytes in 32-bit words,
 *   less 2)   2-3: zero   4-7: SPI, the sender's IPv4 address
 *   8-11: sequence number   12-23: ICV, HMAC-MD5-96.
 * The ICV covers the IPv4 header with TOS, flags/fragment offset and
 * header checksum zeroed (and TTL too when unicast, as keepalived does;
 * multicast keeps TTL 255 in), the AH with its ICV zeroed, and the advert.
 * The key is auth_pass cut or zero padded to 8 bytes. One sequence counter
 * an instance serves both ways, as in keepalived: an advert is taken only
 * with a number above the highest seen or sent, and we send one above it,
 * so a new master carries on from where the old one stopped.
 * Two adverts that cross on the wire can carry the same number, and then
 * each side drops the other's (keepalived does, and two keepalived masters
 * can stay so, each sending the same numbers at the same pace). keeld
 * leaves numbers out to keep clear of that: the first advert it sends
 * after taking one skips a number, so the advert a master sent just
 * before we took over is older than our first; and when a peer's advert
 * carries the number we last sent, our next one skips one or two
 * (by address order), so two keeld masters part too. A receiver only
 * needs numbers to grow, not to be consecutive. */
#ifndef KEEL_VRRP_AH_H
#define KEEL_VRRP_AH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vrrp_pkt.h"

#define VRRP_AH_PROTO 51
#define VRRP_AH_LEN 24
#define VRRP_AH_KEY_LEN 8

/* pkt[0..len): a 20-byte IPv4 header of protocol 51, then VRRP_AH_LEN
 * bytes for the AH, then the advert. Fills the AH with seq and its ICV.
 * 0, or -1 when pkt is too short or the MAC fails. */
int vrrp_ah_seal(uint8_t *pkt, size_t len, const uint8_t key[VRRP_AH_KEY_LEN], uint32_t seq,
		 bool unicast);

/* Checks the AH of a received IPv4 packet (header length from the packet)
 * and its ICV; *seq gets its sequence number. VRRP_PKT_OK,
 * VRRP_PKT_E_IPHDR (not an AH over VRRP) or VRRP_PKT_E_AUTH_AH (SPI or
 * ICV wrong: another auth_pass, or the packet was changed). */
enum vrrp_pkt_err vrrp_ah_verify(const uint8_t *pkt, size_t len,
				 const uint8_t key[VRRP_AH_KEY_LEN], bool unicast, uint32_t *seq);

struct vrrp_ah_seq {
	uint32_t last;	/* the highest number sent or taken */
	uint32_t skip;	/* how many numbers our next advert leaves out */
	bool sent;	/* last is one of ours */
};

/* Anti-replay on the shared counter: true (and the counter moves up) when
 * seq is above it. below_peer: our address is below the sender's (which
 * of two colliding masters skips more). */
bool vrrp_ah_seq_accept(struct vrrp_ah_seq *c, uint32_t seq, bool below_peer);

/* The number for the next advert we send. */
uint32_t vrrp_ah_seq_next(struct vrrp_ah_seq *c);

#endif
