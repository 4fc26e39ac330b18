// SPDX-License-Identifier: GPL-2.0-or-later
/* VRRP socket I/O. A vrrp_sock is one raw socket of protocol 112 on one
 * interface, multicast (224.0.0.18 / ff02::12) or unicast; the instances
 * of a link that send and listen alike share it (vrrp_link.c), since the
 * kernel hands every advert to every such socket on the link. A vrrp_net
 * is one instance's view of it: its source, peers and AH state.
 * IPv4 is sent with IP_HDRINCL and vrrp_pkt_ip4_build (TTL 255, TOS 0xc0);
 * IPv6 with hop limit 255 and the source set by IPV6_PKTINFO. Received
 * adverts are validated by vrrp_pkt_decode with the source, destination,
 * TTL / hop limit the kernel reported; with unicast only peers count.
 * With an AH key (IPv4, VRRPv2) the socket is of protocol 51: every advert
 * goes out under an IPsec AH (vrrp_ah.c) and only those whose AH verifies
 * with a sequence number above the last one come in. */
#ifndef KEEL_VRRP_NET_H
#define KEEL_VRRP_NET_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vrrp_pkt.h"

/* What makes two instances' sockets the same. */
struct vrrp_sock_key {
	sa_family_t family;
	char ifname[IF_NAMESIZE];
	bool unicast;			/* no group joined */
	/* unicast, not bound to ifname: the peers are reached, and heard,
	 * through whatever route leads to them (a WireGuard link between
	 * the routers, say) */
	bool routed;
	bool ah;			/* protocol 51 (IPv4 only: vrrp_inst_auth) */
	struct vrrp_ip group;		/* multicast: joined, sent to; else unset */
};

struct vrrp_sock;

/* Opens and joins; NULL with the reason logged. */
struct vrrp_sock *vrrp_sock_open(const struct vrrp_sock_key *k);
void vrrp_sock_close(struct vrrp_sock *s);
int vrrp_sock_fd(const struct vrrp_sock *s);
bool vrrp_sock_is(const struct vrrp_sock *s, const struct vrrp_sock_key *k);
/* The MTU of its interface (1500 when it has none or on error); sets its
 * SO_RCVBUF: 0, or -1 logged. */
unsigned vrrp_sock_mtu(const struct vrrp_sock *s);
int vrrp_sock_rcvbuf(struct vrrp_sock *s, uint32_t bytes);

/* One datagram as read: the IP facts and the VRRP payload. rc is
 * VRRP_PKT_OK or why the IP layer is not an advert's. */
struct vrrp_dgram {
	const uint8_t *ip;		/* IPv4: from the IP header; IPv6: payload */
	size_t iplen;
	const uint8_t *payload;
	size_t plen;
	int rc;
	sa_family_t family;
	struct vrrp_ip src, dst;
	uint8_t ttl;
	uint64_t at_us;			/* its arrival, monotonic (vrrp_sock_read) */
};

/* Reads up to VRRP_READ_MAX datagrams at once into buffers s keeps: how
 * many, 0 when none waits. Each one's arrival comes from its kernel
 * timestamp once vrrp_sock_stamp(s) asked for them, else it is the time
 * of the read: a reader that lets adverts wait (vrrp_link.c) still runs
 * the master down timer from when they came. */
#define VRRP_READ_MAX 16
int vrrp_sock_read(struct vrrp_sock *s);
/* The k-th datagram of the last read, valid until the next one. */
void vrrp_sock_dgram(const struct vrrp_sock *s, unsigned k, struct vrrp_dgram *dg);
/* Asks the kernel to stamp what s receives (once; it costs every packet
 * the machine receives a clock read). 0, or -1 logged. */
int vrrp_sock_stamp(struct vrrp_sock *s);

/* A datagram's arrival on the monotonic clock, from the time of the read
 * (now_us, monotonic; now_real_ns, realtime) and its kernel timestamp
 * (stamp_ns, realtime): never before floor_us (the previous read that
 * emptied the socket: a step of the realtime clock cannot move an
 * arrival further back) nor after now_us. */
uint64_t vrrp_arrival_us(uint64_t now_us, int64_t now_real_ns, int64_t stamp_ns, uint64_t floor_us);

/* The VRID an advert names, -1 when it is too short to name one. */
int vrrp_dgram_vrid(const struct vrrp_dgram *dg);
/* Is dg for s: not sent to a group s did not join (vrrp_group_hears)? */
bool vrrp_sock_hears(const struct vrrp_sock *s, const struct vrrp_dgram *dg);

/* The TTL (hop limit) an advert from a unicast peer may arrive with */
struct vrrp_ttl_range {
	uint8_t min, max;
};

struct vrrp_net_conf {
	struct vrrp_ip src;		/* our source: the primary address */
	const struct vrrp_ip *peers;	/* unicast peers; none: multicast */
	const struct vrrp_ttl_range *peer_ttl;	/* one per peer; NULL: any */
	size_t npeers;
	uint8_t unicast_ttl;		/* of adverts to peers; 0: 255 */
	const uint8_t *ah_key;		/* VRRPv2 auth_type AH: 8 bytes; else NULL */
};

struct vrrp_net;

/* An instance's view of s (not owned); NULL when out of memory. */
struct vrrp_net *vrrp_net_new(const struct vrrp_net_conf *c, struct vrrp_sock *s);
void vrrp_net_free(struct vrrp_net *n);
/* A reload's unicast TTLs: sent, and accepted per peer (the peers are the
 * same ones, in the same order). */
void vrrp_net_ttl(struct vrrp_net *n, uint8_t unicast_ttl, const struct vrrp_ttl_range *peer_ttl);
/* Is ip one of n's unicast peers? */
bool vrrp_net_is_peer(const struct vrrp_net *n, const struct vrrp_ip *ip);

/* Encodes p for each destination (the v3 checksum depends on it) and
 * sends it. 0, or -1 when no copy went out (logged). */
int vrrp_net_send(struct vrrp_net *n, const struct vrrp_pkt *p);

/* Decodes dg as an advert for this instance with *ctx (the caller's
 * version, VRID, auth...; the IP facts are filled here). p points into
 * dg's buffer. Returns VRRP_PKT_OK, a decode error, or -1 when it came
 * from a stranger in unicast mode. */
int vrrp_net_take(struct vrrp_net *n, const struct vrrp_dgram *dg, struct vrrp_pkt_ctx *ctx,
		  struct vrrp_pkt *p);

/* Our primary address on ifname for family: the first IPv4 address, or
 * the IPv6 link-local one. 0, or -1. */
int vrrp_net_primary(const char *ifname, sa_family_t family, struct vrrp_ip *ip);
/* Is ip an address of ifname (NULL: of any interface)? With a snapshot
 * of the addresses (may be NULL: read them now). */
struct vrrp_addrs;
struct vrrp_addrs *vrrp_net_addrs(void);	/* NULL when unreadable */
void vrrp_net_addrs_free(struct vrrp_addrs *a);
bool vrrp_net_has_addr(const struct vrrp_addrs *snap, const char *ifname, const struct vrrp_ip *ip);

#endif
