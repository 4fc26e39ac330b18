// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <string.h>

#include "vrrp_addr.h"

size_t vrrp_ip_len(int family)
{
	if (family == AF_INET)
		return 4;
	if (family == AF_INET6)
		return 16;
	return 0;
}

int vrrp_ip_cmp(const struct vrrp_ip *a, const struct vrrp_ip *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(a->addr, b->addr, vrrp_ip_len(a->family));
}

int vrrp_ip_parse(const char *text, struct vrrp_ip *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (inet_pton(AF_INET, text, ip->addr) == 1) {
		ip->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, text, ip->addr) == 1) {
		ip->family = AF_INET6;
		return 0;
	}
	return -1;
}

int vrrp_ip_from_bytes(const uint8_t *b, size_t len, struct vrrp_ip *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (len == 4)
		ip->family = AF_INET;
	else if (len == 16)
		ip->family = AF_INET6;
	else
		return -1;
	memcpy(ip->addr, b, len);
	return 0;
}

static bool is_mcast(const struct vrrp_ip *ip)
{
	if (ip->family == AF_INET)
		return ip->addr[0] >= 224 && ip->addr[0] <= 239;
	return ip->family == AF_INET6 && ip->addr[0] == 0xff;
}

bool vrrp_group_hears(const struct vrrp_ip *group, const struct vrrp_ip *dst)
{
	return !group->family || !is_mcast(dst) || vrrp_ip_cmp(group, dst) == 0;
}
