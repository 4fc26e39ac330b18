// SPDX-License-Identifier: GPL-2.0-or-later
/* The VRRP advertisement codec: version 2 (RFC 3768, IPv4) and version 3
 * (RFC 5798 / RFC 9568, IPv4 and IPv6). Pure: no sockets, no allocation;
 * the socket layer hands in bytes plus what the IP layer told it.
 *
 * Wire format (both versions):
 *   0: version << 4 | type   1: VRID   2: priority   3: address count
 *   v2: 4: auth type  5: advert interval (s)  6-7: checksum
 *   v3: 4-5: 4 reserved bits + 12-bit max advert interval (cs)  6-7: checksum
 *   8: count addresses (4 or 16 bytes each); v2 then 8 bytes of auth data.
 * The v2 checksum covers the message only; v3 adds the IPv4/IPv6
 * pseudo-header (RFC 5798 5.2.8). */
#ifndef KEEL_VRRP_PKT_H
#define KEEL_VRRP_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vrrp_addr.h"

#define VRRP_IPPROTO 112
#define VRRP_TTL 255
#define VRRP_TYPE_ADVERT 1
#define VRRP_HDR_LEN 8
#define VRRP_AUTH_LEN 8		/* v2 auth data: always sent, zero when unused */
#define VRRP_PKT_MAX (VRRP_HDR_LEN + 255 * 16)
#define VRRP_IP4_HDR_LEN 20
#define VRRP_IP4_TOS 0xc0	/* internetwork control, as keepalived sends */
#define VRRP_V2_INT_MAX_S 255	/* 8-bit field, seconds */
#define VRRP_V3_INT_MAX_CS 4095 /* 12-bit field, centiseconds */
#define VRRP_PRIO_STOP 0	/* the master is leaving */
#define VRRP_PRIO_OWNER 255	/* the address owner */

enum vrrp_auth_type {
	VRRP_AUTH_NONE = 0,
	VRRP_AUTH_PASS = 1,	/* 8-byte clear text password (RFC 2338) */
	VRRP_AUTH_AH = 2,	/* IPsec AH (RFC 2338), checked by vrrp_ah.c */
};

/* keepalived up to 1.3.6 computed the v3 IPv4 unicast checksum with the
 * multicast group as pseudo-header destination; later versions send that
 * with old_unicast_checksum and accept it unless told "never". */
enum vrrp_old_ck {
	VRRP_OLD_CK_AUTO = 0,	/* accept either, report which matched */
	VRRP_OLD_CK_NEVER,	/* accept only the RFC checksum */
};

enum vrrp_pkt_err {
	VRRP_PKT_OK = 0,
	VRRP_PKT_E_SHORT,		/* shorter than the fixed header */
	VRRP_PKT_E_TTL,			/* TTL / hop limit outside the accepted range */
	VRRP_PKT_E_VERSION,		/* version neither 2 nor 3 */
	VRRP_PKT_E_VERSION_MISMATCH,	/* not the instance's version */
	VRRP_PKT_E_TYPE,		/* type is not ADVERTISEMENT */
	VRRP_PKT_E_VRID,		/* VRID 0, or not the expected one */
	VRRP_PKT_E_FAMILY,		/* v2 over IPv6, or addresses of another family */
	VRRP_PKT_E_LENGTH,		/* length disagrees with the address count */
	VRRP_PKT_E_CHECKSUM,		/* checksum wrong */
	VRRP_PKT_E_OWNER,		/* we own the addresses: adverts are discarded */
	VRRP_PKT_E_AUTH_AH,		/* v2 IPsec AH: not verified, SPI or ICV wrong */
	VRRP_PKT_E_AUTH_TYPE,		/* v2 auth type differs from ours */
	VRRP_PKT_E_AUTH_PASS,		/* v2 password differs from ours */
	VRRP_PKT_E_INTERVAL,		/* advert interval zero or out of range */
	VRRP_PKT_E_INTERVAL_MISMATCH,	/* v2 interval differs from ours */
	VRRP_PKT_E_NO_ADDRS,		/* no address, refused in strict mode */
	VRRP_PKT_E_ADDRS,		/* addresses differ from ours, not from the owner */
	VRRP_PKT_E_IPHDR,		/* IPv4 header malformed or not VRRP */
	VRRP_PKT_E_NOSPACE,		/* encode: buffer too small */
	VRRP_PKT_E_AH_SEQ,		/* v2 IPsec AH: sequence number not above the last */
	VRRP_PKT_E_AUTH_UNKNOWN,	/* v2 auth type none of RFC 2338's */
	VRRP_PKT_E_COUNT		/* number of codes, not an error */
};

/* An advertisement. decode fills it; encode reads it. */
struct vrrp_pkt {
	uint8_t version;		/* 2 or 3 */
	uint8_t type;			/* decode only; encode writes ADVERTISEMENT */
	uint8_t vrid;
	uint8_t priority;
	uint8_t naddr;
	uint8_t auth_type;		/* v2: enum vrrp_auth_type */
	uint8_t auth_data[VRRP_AUTH_LEN];	/* v2 PASS: the password, zero padded */
	uint16_t adver_int_cs;		/* centiseconds for both versions (v2: s * 100) */
	uint16_t checksum;		/* decode: as received */
	sa_family_t family;		/* AF_INET or AF_INET6 */
	const uint8_t *addrs;		/* naddr packed addresses; decode points into
					 * the caller's buffer */
	bool old_checksum;		/* decode: only keepalived's old v3 checksum matched */
	bool addr_mismatch;		/* decode: the owner's advert lists other addresses */
	int addr_missing;		/* decode, E_ADDRS: index in ctx->vips of our first
					 * address the advert lacks; -1: the count differs */
};

/* What the receiver knows besides the bytes (RFC 5798 7.1, RFC 3768 7.1).
 * Start from vrrp_pkt_ctx_init(): it sets the RFC defaults. */
struct vrrp_pkt_ctx {
	sa_family_t family;		/* of the socket the advert came in on */
	struct vrrp_ip src;		/* IP source and destination: v3 pseudo-header */
	struct vrrp_ip dst;
	struct vrrp_ip mcast_group;	/* for old checksums; unset: 224.0.0.18 */
	uint8_t ttl;			/* TTL / hop limit as received */
	uint8_t ttl_min, ttl_max;	/* accepted range: 255 (RFC); keepalived takes
					 * any from unicast peers unless min/max_ttl */
	uint8_t version;		/* 2 or 3; 0 takes either */
	uint8_t vrid;			/* 0 takes any */
	bool owner;			/* we are the address owner (priority 255) */
	bool strict;			/* keepalived strict_mode: refuse 0 addresses */
	enum vrrp_old_ck old_ck;
	uint8_t v2_adver_int_s;		/* v2: our interval, must match; 0 skips */
	uint8_t auth_type;		/* v2: ours, enum vrrp_auth_type */
	uint8_t auth_pass[VRRP_AUTH_LEN];	/* v2 PASS: ours, zero padded */
	bool ah_ok;			/* v2 AH: the caller verified the advert's AH */
	const uint8_t *vips;		/* optional: our addresses, packed */
	size_t nvips;			/* 0 skips the address check */
	/* skip_check_adv_addr: an advert from last_master (the sender of
	 * the last advert taken; NULL: none) skips the address check */
	bool skip_same_master;
	const struct vrrp_ip *last_master;
};

void vrrp_pkt_ctx_init(struct vrrp_pkt_ctx *ctx, sa_family_t family);

/* Validates buf[0..len) as an advert received in ctx and fills *p. Every
 * failure has its own code; p->addrs points into buf. On a failure p
 * still has the header's version and VRID when it is long enough. */
enum vrrp_pkt_err vrrp_pkt_decode(const uint8_t *buf, size_t len,
				  const struct vrrp_pkt_ctx *ctx, struct vrrp_pkt *p);

/* Size on the wire of an advert, 0 for an impossible version/family. */
size_t vrrp_pkt_len(unsigned version, sa_family_t family, unsigned naddr);

/* Writes p into buf with its checksum; src and dst form the v3
 * pseudo-header (for keepalived's old unicast checksum pass the multicast
 * group as dst). *len gets the size written. */
enum vrrp_pkt_err vrrp_pkt_encode(const struct vrrp_pkt *p, const struct vrrp_ip *src,
				  const struct vrrp_ip *dst, uint8_t *buf, size_t cap,
				  size_t *len);

/* Address i of a decoded or prepared advert. */
void vrrp_pkt_addr(const struct vrrp_pkt *p, unsigned i, struct vrrp_ip *ip);

/* The IANA group for the family: 224.0.0.18 or ff02::12. */
void vrrp_pkt_mcast_group(sa_family_t family, struct vrrp_ip *ip);

/* A 20-byte IPv4 header for a raw socket with IP_HDRINCL, laid out as
 * keepalived sends it: TOS 0xc0, no DF, protocol 112, header checksum. */
enum vrrp_pkt_err vrrp_pkt_ip4_build(uint8_t *buf, size_t cap, const struct vrrp_ip *src,
				     const struct vrrp_ip *dst, size_t payload_len,
				     uint8_t ttl, uint16_t id);
/* The same with another protocol (51: an AH follows). */
enum vrrp_pkt_err vrrp_pkt_ip4_build_proto(uint8_t *buf, size_t cap, const struct vrrp_ip *src,
					   const struct vrrp_ip *dst, size_t payload_len,
					   uint8_t ttl, uint16_t id, uint8_t proto);

/* Reads the IPv4 header a raw socket delivers: fills ctx's family, src,
 * dst and ttl, and points *payload at the VRRP message (trailing link
 * padding cut off by the total length), past a 24-byte IPsec AH over VRRP
 * (protocol 51) whose ICV the caller checks (vrrp_ah_verify). */
enum vrrp_pkt_err vrrp_pkt_ip4_parse(const uint8_t *buf, size_t len, struct vrrp_pkt_ctx *ctx,
				     const uint8_t **payload, size_t *plen);

const char *vrrp_pkt_strerror(enum vrrp_pkt_err err);

#endif
