// SPDX-License-Identifier: GPL-2.0-or-later
/* One IPv4 or IPv6 address as VRRP carries it: packed, network byte order.
 * Shared by the codec (pseudo-headers) and the state machine (tie-break). */
#ifndef KEEL_VRRP_ADDR_H
#define KEEL_VRRP_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct vrrp_ip {
	sa_family_t family;	/* AF_INET or AF_INET6; 0 when unset */
	uint8_t addr[16];	/* IPv4 uses the first 4 bytes */
};

/* 4, 16, or 0 for anything else. */
size_t vrrp_ip_len(int family);

/* Orders by family, then as unsigned integers in network byte order: the
 * comparison RFC 5798 6.4.3 uses to break a tie between equal priorities. */
int vrrp_ip_cmp(const struct vrrp_ip *a, const struct vrrp_ip *b);

/* Text to address, the family found from the text. 0, or -1 if not one. */
int vrrp_ip_parse(const char *text, struct vrrp_ip *ip);

/* Builds an address from len packed bytes (4 or 16). 0, or -1. */
int vrrp_ip_from_bytes(const uint8_t *b, size_t len, struct vrrp_ip *ip);

/* Does a socket that joined group (unset: unicast) take a datagram sent
 * to dst? Not when dst is another group: the kernel hands a raw socket
 * the groups other sockets of the host joined too, and an instance on
 * 224.0.0.18 must not hear a VRID of the same number on 224.0.0.19. */
bool vrrp_group_hears(const struct vrrp_ip *group, const struct vrrp_ip *dst);

#endif
