// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/macvlan.h>

#include "log.h"
#include "vrrp_vmac.h"

void vrrp_vmac_plan(const struct cfg_vrrp *c, const char *prefix, sa_family_t family,
		    struct vrrp_vmac *v)
{
	memset(v, 0, sizeof(*v));
	/* keepalived's PREFIX.VRID for both families; keel's own default
	 * keeps an IPv6 instance's apart from the IPv4 one of its VRID */
	if (!prefix)
		prefix = family == AF_INET6 ? "vrrp6" : "vrrp";
	if (c->vmac_name && c->vmac_name[0])
		snprintf(v->name, sizeof(v->name), "%s", c->vmac_name);
	else
		snprintf(v->name, sizeof(v->name), "%s.%u", prefix, (unsigned)c->vrid);
	snprintf(v->base, sizeof(v->base), "%s", c->ifname);
	/* RFC 5798 7.3 */
	v->mac[0] = 0x00, v->mac[1] = 0x00, v->mac[2] = 0x5e, v->mac[3] = 0x00;
	v->mac[4] = family == AF_INET6 ? 0x02 : 0x01;
	v->mac[5] = (uint8_t)c->vrid;
	v->ipv6 = family == AF_INET6;
	v->base_arp_ignore = v->base_arp_announce = -1;
}

static bool planned(const struct vrrp_vmac *v, size_t n, const char *base)
{
	for (size_t k = 0; k < n; k++)
		if (strcmp(v[k].base, base) == 0)
			return true;
	return false;
}

static void plan_addr(const struct cfg_vrrp *c, const char *prefix, sa_family_t family,
		      const char *base, size_t k, struct vrrp_vmac *v)
{
	struct cfg_vrrp on = { .vrid = c->vrid, .ifname = (char *)base };

	vrrp_vmac_plan(&on, prefix, family, v);
	if (!prefix)
		prefix = family == AF_INET6 ? "vrrp6" : "vrrp";
	/* an 11 character prefix with an index is cut to IFNAMSIZ */
	if (k && snprintf(v->name, sizeof(v->name), "%s%u.%u", prefix, (unsigned)k,
			  (unsigned)c->vrid) >= (int)sizeof(v->name))
		v->name[sizeof(v->name) - 1] = '\0';
}

size_t vrrp_vmac_plan_addrs(const struct cfg_vrrp *c, const char *prefix, sa_family_t family,
			    struct vrrp_vmac *out)
{
	size_t n = 0;

	for (size_t k = 0; k < c->nvips + c->nevips; k++) {
		const struct cfg_vip *vip = cfg_vrrp_vip(c, k);

		if (!vip->dev || strcmp(vip->dev, c->ifname) == 0 || planned(out, n, vip->dev))
			continue;
		plan_addr(c, prefix, family, vip->dev, n, &out[n]);
		n++;
	}
	return n;
}

static int sysctl_path(const char *dev, const char *key, char *path, size_t len)
{
	int n = snprintf(path, len, "/proc/sys/net/%s/conf/%s/%s",
			 strcmp(key, "disable_ipv6") == 0 ? "ipv6" : "ipv4", dev, key);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

static int sysctl_read(const char *dev, const char *key)
{
	char path[128], buf[16] = "";
	int fd, v = -1;
	ssize_t n;

	if (sysctl_path(dev, key, path, sizeof(path)) < 0 || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n > 0)
		v = atoi(buf);
	close(fd);
	return v;
}

static int sysctl_write(const char *dev, const char *key, int value)
{
	char path[128], buf[16];
	int fd, n, rc = 0;

	if (sysctl_path(dev, key, path, sizeof(path)) < 0 || (fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
		return -errno;
	n = snprintf(buf, sizeof(buf), "%d\n", value);
	if (write(fd, buf, (size_t)n) != n)
		rc = -errno;
	close(fd);
	if (rc < 0)
		log_warnx("vrrp: %s.%s = %d: %s", dev, key, value, strerror(-rc));
	return rc;
}

/* Is the existing link `name` our macvlan on base with our MAC? */
static bool is_ours(struct nl_sock *sk, const struct vrrp_vmac *v, int base_index)
{
	struct rtnl_link *l = NULL;
	struct nl_addr *a;
	bool ok = false;

	if (rtnl_link_get_kernel(sk, 0, v->name, &l) < 0)
		return false;
	a = rtnl_link_get_addr(l);
	ok = rtnl_link_is_macvlan(l) && rtnl_link_get_link(l) == base_index && a &&
	     nl_addr_get_len(a) == 6 && memcmp(nl_addr_get_binary_addr(a), v->mac, 6) == 0;
	rtnl_link_put(l);
	return ok;
}

static int set_up(struct nl_sock *sk, const char *name)
{
	struct rtnl_link *l = NULL, *change = rtnl_link_alloc();
	int rc = rtnl_link_get_kernel(sk, 0, name, &l);

	if (!change)
		rc = -NLE_NOMEM;
	if (rc >= 0) {
		rtnl_link_set_flags(change, IFF_UP);
		rc = rtnl_link_change(sk, l, change, 0);
	}
	if (l)
		rtnl_link_put(l);
	rtnl_link_put(change);
	return rc;
}

int vrrp_vmac_up(struct vrrp_vmac *v)
{
	struct nl_sock *sk = nl_socket_alloc();
	struct rtnl_link *l = NULL;
	struct nl_addr *mac = NULL;
	int base_index = (int)if_nametoindex(v->base), rc;

	if (!sk || nl_connect(sk, NETLINK_ROUTE) < 0) {
		rc = -ENOMEM;
		goto out;
	}
	if (!base_index) {
		rc = -ENODEV;
		goto out;
	}
	if (!is_ours(sk, v, base_index)) {
		l = rtnl_link_macvlan_alloc();
		mac = nl_addr_build(AF_LLC, v->mac, 6);
		if (!l || !mac) {
			rc = -ENOMEM;
			goto out;
		}
		rtnl_link_set_name(l, v->name);
		rtnl_link_set_link(l, base_index);
		rtnl_link_set_addr(l, mac);
		rtnl_link_macvlan_set_mode(l, (uint32_t)rtnl_link_macvlan_str2mode("private"));
		rc = rtnl_link_add(sk, l, NLM_F_CREATE | NLM_F_EXCL);
		if (rc < 0) {
			log_warnx("vrrp: create %s on %s: %s", v->name, v->base,
				  rc == -NLE_EXIST ? "a different interface has that name" : nl_geterror(rc));
			rc = -EEXIST;
			goto out;
		}
	}
	/* An IPv4 instance's macvlan must stay silent in the backup: IPv6
	 * autoconfiguration would send from the virtual MAC and teach the
	 * switches that the master lives behind the backup's port. */
	if (!v->ipv6)
		sysctl_write(v->name, "disable_ipv6", 1);
	rc = set_up(sk, v->name);
	if (rc < 0) {
		log_warnx("vrrp: set %s up: %s", v->name, nl_geterror(rc));
		rc = -EIO;
		goto out;
	}
	/* Only the interface holding an address answers ARP for it: the VIPs
	 * sit on the macvlan, so the base stays silent about them. */
	if (v->base_arp_ignore < 0)
		v->base_arp_ignore = sysctl_read(v->base, "arp_ignore");
	if (v->base_arp_announce < 0)
		v->base_arp_announce = sysctl_read(v->base, "arp_announce");
	sysctl_write(v->base, "arp_ignore", 1);
	sysctl_write(v->name, "arp_ignore", 1);
	/* Replies from a VIP may leave through the base (its prefix route
	 * comes first); the ARP they need must not teach the LAN that the
	 * VIP lives at the base's MAC. */
	sysctl_write(v->base, "arp_announce", 2);
	log_info("vrrp: %s (%02x:%02x:%02x:%02x:%02x:%02x) up on %s", v->name, v->mac[0], v->mac[1],
		 v->mac[2], v->mac[3], v->mac[4], v->mac[5], v->base);
	rc = 0;
out:
	if (mac)
		nl_addr_put(mac);
	if (l)
		rtnl_link_put(l);
	if (sk)
		nl_socket_free(sk);
	return rc;
}

void vrrp_vmac_down(struct vrrp_vmac *v)
{
	struct nl_sock *sk = nl_socket_alloc();
	struct rtnl_link *l = rtnl_link_alloc();

	if (sk && l && nl_connect(sk, NETLINK_ROUTE) == 0) {
		rtnl_link_set_name(l, v->name);
		if (rtnl_link_delete(sk, l) < 0)
			log_warnx("vrrp: cannot delete %s", v->name);
	}
	if (v->base_arp_ignore >= 0)
		sysctl_write(v->base, "arp_ignore", v->base_arp_ignore);
	if (v->base_arp_announce >= 0)
		sysctl_write(v->base, "arp_announce", v->base_arp_announce);
	if (l)
		rtnl_link_put(l);
	if (sk)
		nl_socket_free(sk);
}
