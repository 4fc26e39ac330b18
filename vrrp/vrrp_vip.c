// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/rtnl.h>

#include "log.h"
#include "vrrp_vip.h"

struct vrrp_vips {
	struct nl_sock *sk;
	/* Announcements go out of sockets opened once: closing a packet
	 * socket waits for an RCU grace period, which with a hundred
	 * instances stalled the adverts for seconds. Protocol 0: it only
	 * sends, never receives. */
	int arp_fd, na_fd;
};

struct vrrp_vips *vrrp_vips_new(void)
{
	struct vrrp_vips *v = calloc(1, sizeof(*v));

	if (!v)
		return NULL;
	v->arp_fd = v->na_fd = -1;
	v->sk = nl_socket_alloc();
	if (!v->sk || nl_connect(v->sk, NETLINK_ROUTE) < 0) {
		log_warnx("vrrp: cannot open an rtnetlink socket");
		vrrp_vips_free(v);
		return NULL;
	}
	v->arp_fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	v->na_fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMPV6);
	if (v->arp_fd < 0)
		log_warn("vrrp: no packet socket: gratuitous ARPs cannot go out");
	if (v->na_fd >= 0) {
		int hops = 255;
		struct icmp6_filter none;

		ICMP6_FILTER_SETBLOCKALL(&none);	/* it only sends */
		if (setsockopt(v->na_fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof(hops)) < 0 ||
		    setsockopt(v->na_fd, IPPROTO_ICMPV6, ICMP6_FILTER, &none, sizeof(none)) < 0) {
			close(v->na_fd);
			v->na_fd = -1;
		}
	}
	if (v->na_fd < 0)
		log_warn("vrrp: no ICMPv6 socket: neighbour advertisements cannot go out");
	return v;
}

void vrrp_vips_free(struct vrrp_vips *v)
{
	if (!v)
		return;
	if (v->sk)
		nl_socket_free(v->sk);
	if (v->arp_fd >= 0)
		close(v->arp_fd);
	if (v->na_fd >= 0)
		close(v->na_fd);
	free(v);
}

struct nl_sock *vrrp_vips_sock(struct vrrp_vips *v)
{
	return v ? v->sk : NULL;
}

static const char *dev_of(const struct cfg_vip *vip, const char *defdev)
{
	return vip->dev ? vip->dev : defdev;
}

static struct nl_addr *nl_ip(const struct cfg_ip *ip)
{
	return nl_addr_build(ip->af, ip->b, ip->af == AF_INET ? 4 : 16);
}

/* The request for one address; NULL when the device is unknown. */
static struct rtnl_addr *build(const struct cfg_vip *vip, const char *dev, bool full)
{
	struct rtnl_addr *a = rtnl_addr_alloc();
	struct nl_addr *local = nl_ip(&vip->addr), *brd = NULL;
	int ifindex = (int)if_nametoindex(dev);

	if (!a || !local || !ifindex)
		goto fail;
	nl_addr_set_prefixlen(local, vip->plen);
	rtnl_addr_set_ifindex(a, ifindex);
	rtnl_addr_set_family(a, vip->addr.af);
	if (rtnl_addr_set_local(a, local) < 0)
		goto fail;
	rtnl_addr_set_prefixlen(a, vip->plen);
	if (full && vip->brd.af == AF_INET) {
		brd = nl_ip(&vip->brd);
		if (!brd || rtnl_addr_set_broadcast(a, brd) < 0)
			goto fail;
	}
	if (full && vip->label && rtnl_addr_set_label(a, vip->label) < 0)
		goto fail;
	if (full && vip->scope && rtnl_str2scope(vip->scope) >= 0)
		rtnl_addr_set_scope(a, rtnl_str2scope(vip->scope));
	if (full && vip->addr.af == AF_INET6)
		rtnl_addr_set_flags(a, IFA_F_NODAD);
	nl_addr_put(local);
	nl_addr_put(brd);
	return a;
fail:
	nl_addr_put(local);
	nl_addr_put(brd);
	rtnl_addr_put(a);
	return NULL;
}

static int change(struct vrrp_vips *v, const struct cfg_vip *vip, const char *defdev, bool add)
{
	const char *dev = dev_of(vip, defdev);
	struct rtnl_addr *a = build(vip, dev, add);
	char text[INET6_ADDRSTRLEN];
	int rc;

	cfg_ip_format(&vip->addr, text, sizeof(text));
	if (!a && !add && !if_nametoindex(dev))
		return 0;	/* no device, no address to remove */
	if (!a) {
		log_warnx("vrrp: cannot %s %s/%u on %s: no such device or no memory",
			  add ? "add" : "remove", text, vip->plen, dev);
		return -1;
	}
	rc = add ? rtnl_addr_add(v->sk, a, NLM_F_CREATE) : rtnl_addr_delete(v->sk, a, 0);
	rtnl_addr_put(a);
	if ((add && rc == -NLE_EXIST) || (!add && (rc == -NLE_NOADDR || rc == -NLE_OBJ_NOTFOUND)))
		rc = 0;
	if (rc < 0) {
		log_warnx("vrrp: cannot %s %s/%u on %s: %s", add ? "add" : "remove", text,
			  vip->plen, dev, nl_geterror(rc));
		return -1;
	}
	log_debug("vrrp: %s %s/%u on %s", add ? "added" : "removed", text, vip->plen, dev);
	return 0;
}

int vrrp_vip_add(struct vrrp_vips *v, const struct cfg_vip *vip, const char *defdev)
{
	return change(v, vip, defdev, true);
}

int vrrp_vip_del(struct vrrp_vips *v, const struct cfg_vip *vip, const char *defdev)
{
	return change(v, vip, defdev, false);
}

/* The device's MAC and index, asked on the sending socket. */
static int dev_facts(int fd, const char *dev, uint8_t mac[ETH_ALEN], int *ifindex)
{
	struct ifreq ifr = { 0 };

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0)
		return -1;
	memcpy(mac, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	if (ioctl(fd, SIOCGIFINDEX, &ifr) < 0)
		return -1;
	*ifindex = ifr.ifr_ifindex;
	return 0;
}

/* ARP request "who has VIP, tell VIP" to the broadcast address. */
static int garp4(int fd, const struct cfg_vip *vip, const char *dev)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ARP),
				   .sll_halen = ETH_ALEN };
	uint8_t pkt[28], mac[ETH_ALEN];

	if (fd < 0 || dev_facts(fd, dev, mac, &sll.sll_ifindex) < 0)
		return -1;
	memset(sll.sll_addr, 0xff, ETH_ALEN);
	pkt[0] = 0, pkt[1] = ARPHRD_ETHER;	/* hardware type */
	pkt[2] = 0x08, pkt[3] = 0x00;		/* protocol IPv4 */
	pkt[4] = ETH_ALEN, pkt[5] = 4;
	pkt[6] = 0, pkt[7] = ARPOP_REQUEST;
	memcpy(pkt + 8, mac, ETH_ALEN);
	memcpy(pkt + 14, vip->addr.b, 4);
	memset(pkt + 18, 0xff, ETH_ALEN);
	memcpy(pkt + 24, vip->addr.b, 4);
	return sendto(fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&sll, sizeof(sll)) < 0 ? -1 : 0;
}

/* Unsolicited NA to all nodes, override flag, our MAC as target option;
 * the kernel fills the ICMPv6 checksum. The link-local destination's
 * scope picks the device. */
static int na6(int fd, const struct cfg_vip *vip, const char *dev)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6 };
	struct {
		struct nd_neighbor_advert na;
		uint8_t opt[8];
	} pkt;
	int ifindex;

	if (fd < 0 || dev_facts(fd, dev, pkt.opt + 2, &ifindex) < 0)
		return -1;
	sa.sin6_scope_id = (uint32_t)ifindex;
	inet_pton(AF_INET6, "ff02::1", &sa.sin6_addr);
	memset(&pkt.na, 0, sizeof(pkt.na));
	pkt.na.nd_na_type = ND_NEIGHBOR_ADVERT;
	pkt.na.nd_na_flags_reserved = ND_NA_FLAG_OVERRIDE;
	memcpy(&pkt.na.nd_na_target, vip->addr.b, 16);
	pkt.opt[0] = ND_OPT_TARGET_LINKADDR;
	pkt.opt[1] = 1;
	return sendto(fd, &pkt, sizeof(pkt), 0, (struct sockaddr *)&sa, sizeof(sa)) < 0 ? -1 : 0;
}

int vrrp_vip_announce(struct vrrp_vips *v, const struct cfg_vip *vip, const char *defdev)
{
	const char *dev = dev_of(vip, defdev);
	int rc = vip->addr.af == AF_INET ? garp4(v->arp_fd, vip, dev) : na6(v->na_fd, vip, dev);

	if (rc < 0)
		log_warn("vrrp: %s on %s", vip->addr.af == AF_INET ? "gratuitous ARP" : "NA", dev);
	return rc;
}

bool vrrp_vip_equal(const struct cfg_vip *a, const struct cfg_vip *b, const char *defa,
		    const char *defb)
{
	return a->addr.af == b->addr.af && a->plen == b->plen &&
	       memcmp(a->addr.b, b->addr.b, a->addr.af == AF_INET ? 4 : 16) == 0 &&
	       strcmp(dev_of(a, defa), dev_of(b, defb)) == 0;
}
