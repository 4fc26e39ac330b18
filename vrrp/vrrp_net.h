// SPDX-License-Identifier: GPL-2.0-or-later
/* VRRP socket I/O for one instance: a raw socket of protocol 112 on one
 * interface, multicast (224.0.0.18 / ff02::12) or unicast to peers.
 * IPv4 is sent with IP_HDRINCL and vrrp_pkt_ip4_build (TTL 255, TOS 0xc0);
 * IPv6 with hop limit 255 and the source set by IPV6_PKTINFO. Received
 * adverts are validated by vrrp_pkt_decode with the source, destination,
 * TTL / hop limit the kernel reported; with unicast only peers count.
 * With an AH key (IPv4, VRRPv2) the socket is of protocol 51: every advert
 * goes out under an IPsec AH (vrrp_ah.c) and only those whose AH verifies
 * with a sequence number above the last one come in. */
#ifndef KEEL_VRRP_NET_H
#define KEEL_VRRP_NET_H

#include <stdbool.h>
#include <stddef.h>

#include "vrrp_pkt.h"

struct vrrp_net_conf {
	sa_family_t family;
	const char *ifname;
	struct vrrp_ip src;		/* our source: the primary address */
	const struct vrrp_ip *peers;	/* unicast peers; none: multicast */
	size_t npeers;
	const uint8_t *ah_key;		/* VRRPv2 auth_type AH: 8 bytes; else NULL */
};

struct vrrp_net;

/* Opens and joins; NULL with the reason logged. */
struct vrrp_net *vrrp_net_open(const struct vrrp_net_conf *c);
void vrrp_net_close(struct vrrp_net *n);
int vrrp_net_fd(const struct vrrp_net *n);

/* Encodes p for each destination (the v3 checksum depends on it) and
 * sends it. 0, or -1 when no copy went out (logged). */
int vrrp_net_send(struct vrrp_net *n, const struct vrrp_pkt *p);

/* Reads one datagram and decodes it with *ctx (the caller's version,
 * VRID, auth...; the IP facts are filled here). buf must outlive *p.
 * Returns VRRP_PKT_OK, a decode error, or -1 when nothing was read or it
 * came from a stranger in unicast mode. */
int vrrp_net_recv(struct vrrp_net *n, struct vrrp_pkt_ctx *ctx, uint8_t *buf, size_t cap,
		  struct vrrp_pkt *p);

/* Our primary address on ifname for family: the first IPv4 address, or
 * the IPv6 link-local one. 0, or -1. */
int vrrp_net_primary(const char *ifname, sa_family_t family, struct vrrp_ip *ip);

#endif
