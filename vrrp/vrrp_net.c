// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "vrrp_ah.h"
#include "vrrp_net.h"

#define RX_CAP (VRRP_IP4_HDR_LEN + VRRP_AH_LEN + VRRP_PKT_MAX + 64)

/* One datagram's room for recvmmsg: IPv6 needs its source, destination
 * and hop limit from the socket, both families the kernel's timestamp. */
struct rx_slot {
	uint8_t buf[RX_CAP];
	struct sockaddr_in6 from;
	union {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(int)) +
			 CMSG_SPACE(sizeof(struct timespec))];
		struct cmsghdr align;
	} cb;
	uint64_t at_us;
};

struct rx_batch {
	struct mmsghdr mm[VRRP_READ_MAX];
	struct iovec iov[VRRP_READ_MAX];
	struct rx_slot slot[VRRP_READ_MAX];
	uint64_t drained_us;	/* when a read last emptied the socket */
};

struct vrrp_sock {
	int fd;
	unsigned ifindex;
	bool stamped;
	struct vrrp_sock_key k;
	struct rx_batch *rx;
};

struct vrrp_net {
	struct vrrp_sock *s;
	struct vrrp_ip src;
	struct vrrp_ip *peers;
	struct vrrp_ttl_range *peer_ttl;	/* one per peer */
	size_t npeers;
	uint8_t ttl;			/* of what we send */
	uint16_t ip_id;
	bool ah;
	uint8_t ah_key[VRRP_AH_KEY_LEN];
	struct vrrp_ah_seq ah_seq;	/* sent and taken (vrrp_ah.h) */
};

/* --- the shared socket */

static int set_int(int fd, int level, int opt, int v, const char *what)
{
	if (setsockopt(fd, level, opt, &v, sizeof(v)) == 0)
		return 0;
	log_warn("vrrp: setsockopt %s", what);
	return -1;
}

/* Linux 4.20; older headers lack it */
#ifndef IPV6_MULTICAST_ALL
#define IPV6_MULTICAST_ALL 29
#endif

static void join_failed(const struct vrrp_sock *s)
{
	char g[INET6_ADDRSTRLEN];

	inet_ntop(s->k.family, s->k.group.addr, g, sizeof(g));
	log_warn("vrrp: join %s on %s", g, s->k.ifname);
}

static int join4(struct vrrp_sock *s)
{
	struct ip_mreqn mr = { .imr_ifindex = (int)s->ifindex };

	memcpy(&mr.imr_multiaddr, s->k.group.addr, 4);
	if (setsockopt(s->fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr, sizeof(mr)) < 0) {
		join_failed(s);
		return -1;
	}
	/* the groups other sockets joined stay out: no wake-up for them
	 * (vrrp_sock_hears drops them where the kernel lets them in) */
	set_int(s->fd, IPPROTO_IP, IP_MULTICAST_ALL, 0, "IP_MULTICAST_ALL");
	if (setsockopt(s->fd, IPPROTO_IP, IP_MULTICAST_IF, &mr, sizeof(mr)) < 0) {
		log_warn("vrrp: IP_MULTICAST_IF %s", s->k.ifname);
		return -1;
	}
	return 0;
}

static int setup4(struct vrrp_sock *s)
{
	if (set_int(s->fd, IPPROTO_IP, IP_HDRINCL, 1, "IP_HDRINCL") < 0 ||
	    set_int(s->fd, IPPROTO_IP, IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP") < 0)
		return -1;
	return s->k.unicast ? 0 : join4(s);
}

static int setup6(struct vrrp_sock *s)
{
	struct ipv6_mreq mr = { .ipv6mr_interface = s->ifindex };

	if (set_int(s->fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO") < 0 ||
	    set_int(s->fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT") < 0 ||
	    set_int(s->fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 255, "IPV6_MULTICAST_HOPS") < 0 ||
	    set_int(s->fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 255, "IPV6_UNICAST_HOPS") < 0 ||
	    set_int(s->fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0, "IPV6_MULTICAST_LOOP") < 0 ||
	    set_int(s->fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, (int)s->ifindex, "IPV6_MULTICAST_IF") < 0 ||
	    set_int(s->fd, IPPROTO_IPV6, IPV6_TCLASS, VRRP_IP4_TOS, "IPV6_TCLASS") < 0)
		return -1;
	if (s->k.unicast)
		return 0;
	memcpy(&mr.ipv6mr_multiaddr, s->k.group.addr, 16);
	if (setsockopt(s->fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &mr, sizeof(mr)) < 0) {
		join_failed(s);
		return -1;
	}
	set_int(s->fd, IPPROTO_IPV6, IPV6_MULTICAST_ALL, 0, "IPV6_MULTICAST_ALL");
	return 0;
}

struct vrrp_sock *vrrp_sock_open(const struct vrrp_sock_key *k)
{
	struct vrrp_sock *s = calloc(1, sizeof(*s));
	int rc;

	if (!s)
		return NULL;
	s->fd = -1;
	s->k = *k;
	s->rx = calloc(1, sizeof(*s->rx));
	if (!s->rx) {
		log_warnx("vrrp: out of memory for the socket of %s", k->ifname);
		goto fail;
	}
	s->ifindex = if_nametoindex(k->ifname);
	if (!s->ifindex) {
		log_warn("vrrp: interface %s", k->ifname);
		goto fail;
	}
	s->fd = socket(k->family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
		       k->ah ? VRRP_AH_PROTO : VRRP_IPPROTO);
	if (s->fd < 0) {
		log_warn("vrrp: raw socket");
		goto fail;
	}
	if (!k->routed &&
	    setsockopt(s->fd, SOL_SOCKET, SO_BINDTODEVICE, k->ifname, (socklen_t)strlen(k->ifname)) < 0) {
		log_warn("vrrp: bind to %s", k->ifname);
		goto fail;
	}
	rc = k->family == AF_INET ? setup4(s) : setup6(s);
	if (rc < 0)
		goto fail;
	return s;
fail:
	vrrp_sock_close(s);
	return NULL;
}

void vrrp_sock_close(struct vrrp_sock *s)
{
	if (!s)
		return;
	if (s->fd >= 0)
		close(s->fd);
	free(s->rx);
	free(s);
}

int vrrp_sock_fd(const struct vrrp_sock *s)
{
	return s->fd;
}

bool vrrp_sock_is(const struct vrrp_sock *s, const struct vrrp_sock_key *k)
{
	return s->k.family == k->family && s->k.unicast == k->unicast && s->k.routed == k->routed &&
	       s->k.ah == k->ah && strcmp(s->k.ifname, k->ifname) == 0 &&
	       vrrp_ip_cmp(&s->k.group, &k->group) == 0;
}

unsigned vrrp_sock_mtu(const struct vrrp_sock *s)
{
	struct ifreq ifr = { 0 };

	if (!s->k.ifname[0])
		return 1500;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", s->k.ifname);
	if (ioctl(s->fd, SIOCGIFMTU, &ifr) < 0 || ifr.ifr_mtu <= 0)
		return 1500;
	return (unsigned)ifr.ifr_mtu;
}

int vrrp_sock_rcvbuf(struct vrrp_sock *s, uint32_t bytes)
{
	return set_int(s->fd, SOL_SOCKET, SO_RCVBUF, (int)bytes, "SO_RCVBUF");
}

bool vrrp_sock_hears(const struct vrrp_sock *s, const struct vrrp_dgram *dg)
{
	return vrrp_group_hears(&s->k.group, &dg->dst);
}

int vrrp_sock_stamp(struct vrrp_sock *s)
{
	if (s->stamped)
		return 0;
	if (set_int(s->fd, SOL_SOCKET, SO_TIMESTAMPNS, 1, "SO_TIMESTAMPNS") < 0)
		return -1;
	s->stamped = true;
	return 0;
}

uint64_t vrrp_arrival_us(uint64_t now_us, int64_t now_real_ns, int64_t stamp_ns, uint64_t floor_us)
{
	int64_t age_ns = now_real_ns - stamp_ns;
	uint64_t age_us = age_ns > 0 ? (uint64_t)age_ns / 1000u : 0;
	uint64_t at = age_us < now_us ? now_us - age_us : 0;

	return at < floor_us ? (floor_us < now_us ? floor_us : now_us) : at;
}

static int64_t ts_ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

static uint64_t ts_us(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000u + (uint64_t)ts->tv_nsec / 1000u;
}

/* The kernel's timestamp of m, realtime ns; 0 when it has none. */
static int64_t stamp_of(struct msghdr *m)
{
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(m); cm; cm = CMSG_NXTHDR(m, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_TIMESTAMPNS) {
			struct timespec ts;

			memcpy(&ts, CMSG_DATA(cm), sizeof(ts));
			return ts_ns(&ts);
		}
	return 0;
}

int vrrp_sock_read(struct vrrp_sock *s)
{
	struct rx_batch *rx = s->rx;
	struct timespec mono, real = { 0 };
	uint64_t now;
	int n;

	for (unsigned k = 0; k < VRRP_READ_MAX; k++) {
		struct msghdr *m = &rx->mm[k].msg_hdr;

		rx->iov[k] = (struct iovec){ .iov_base = rx->slot[k].buf, .iov_len = RX_CAP };
		*m = (struct msghdr){ .msg_iov = &rx->iov[k], .msg_iovlen = 1,
				      .msg_control = rx->slot[k].cb.buf,
				      .msg_controllen = sizeof(rx->slot[k].cb.buf) };
		if (s->k.family == AF_INET6) {
			m->msg_name = &rx->slot[k].from;
			m->msg_namelen = sizeof(rx->slot[k].from);
		}
	}
	n = recvmmsg(s->fd, rx->mm, VRRP_READ_MAX, MSG_DONTWAIT, NULL);
	if (n <= 0)
		return 0;
	/* one clock read for the batch: under emulation each is a system call */
	clock_gettime(CLOCK_MONOTONIC, &mono);
	if (s->stamped)
		clock_gettime(CLOCK_REALTIME, &real);
	now = ts_us(&mono);
	for (int k = 0; k < n; k++) {
		int64_t stamp = s->stamped ? stamp_of(&rx->mm[k].msg_hdr) : 0;

		rx->slot[k].at_us = stamp ? vrrp_arrival_us(now, ts_ns(&real), stamp, rx->drained_us) : now;
	}
	if (n < VRRP_READ_MAX)
		rx->drained_us = now;
	return n;
}

static void dgram4(const struct rx_slot *sl, size_t len, struct vrrp_dgram *dg)
{
	struct vrrp_pkt_ctx ip;

	dg->ip = sl->buf;
	dg->iplen = len;
	vrrp_pkt_ctx_init(&ip, AF_INET);
	dg->rc = vrrp_pkt_ip4_parse(sl->buf, len, &ip, &dg->payload, &dg->plen);
	dg->family = AF_INET;
	dg->src = ip.src;
	dg->dst = ip.dst;
	dg->ttl = ip.ttl;
}

static void read_cmsgs6(const struct msghdr *m, struct vrrp_dgram *dg)
{
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(m); cm; cm = CMSG_NXTHDR((struct msghdr *)m, cm)) {
		if (cm->cmsg_level != IPPROTO_IPV6)
			continue;
		if (cm->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo pi;

			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			vrrp_ip_from_bytes(pi.ipi6_addr.s6_addr, 16, &dg->dst);
		} else if (cm->cmsg_type == IPV6_HOPLIMIT) {
			int h;

			memcpy(&h, CMSG_DATA(cm), sizeof(h));
			dg->ttl = (uint8_t)h;
		}
	}
}

static void dgram6(const struct rx_slot *sl, const struct msghdr *m, size_t len,
		   struct vrrp_dgram *dg)
{
	dg->family = AF_INET6;
	dg->ttl = 0;
	vrrp_ip_from_bytes(sl->from.sin6_addr.s6_addr, 16, &dg->src);
	read_cmsgs6(m, dg);
	dg->ip = dg->payload = sl->buf;
	dg->iplen = dg->plen = len;
	dg->rc = VRRP_PKT_OK;
}

void vrrp_sock_dgram(const struct vrrp_sock *s, unsigned k, struct vrrp_dgram *dg)
{
	const struct rx_batch *rx = s->rx;
	const struct rx_slot *sl = &rx->slot[k];
	size_t len = rx->mm[k].msg_len;

	memset(dg, 0, sizeof(*dg));
	if (s->k.family == AF_INET)
		dgram4(sl, len, dg);
	else
		dgram6(sl, &rx->mm[k].msg_hdr, len, dg);
	dg->at_us = sl->at_us;
}

int vrrp_dgram_vrid(const struct vrrp_dgram *dg)
{
	/* byte 1 in v2 and v3 alike */
	return dg->rc == VRRP_PKT_OK && dg->plen >= 2 ? dg->payload[1] : -1;
}

/* --- one instance's view */

struct vrrp_net *vrrp_net_new(const struct vrrp_net_conf *c, struct vrrp_sock *s)
{
	struct vrrp_net *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->s = s;
	n->src = c->src;
	n->ttl = VRRP_TTL;
	if (c->npeers) {
		n->peers = calloc(c->npeers, sizeof(*n->peers));
		n->peer_ttl = calloc(c->npeers, sizeof(*n->peer_ttl));
		if (!n->peers || !n->peer_ttl) {
			vrrp_net_free(n);
			return NULL;
		}
		memcpy(n->peers, c->peers, c->npeers * sizeof(*n->peers));
		n->npeers = c->npeers;
		vrrp_net_ttl(n, c->unicast_ttl, c->peer_ttl);
	}
	if (c->ah_key) {
		n->ah = true;
		memcpy(n->ah_key, c->ah_key, VRRP_AH_KEY_LEN);
	}
	return n;
}

void vrrp_net_free(struct vrrp_net *n)
{
	if (!n)
		return;
	free(n->peers);
	free(n->peer_ttl);
	free(n);
}

void vrrp_net_ttl(struct vrrp_net *n, uint8_t unicast_ttl, const struct vrrp_ttl_range *peer_ttl)
{
	if (!n->npeers)
		return;		/* multicast: the RFC's 255 both ways */
	n->ttl = unicast_ttl ? unicast_ttl : VRRP_TTL;
	for (size_t i = 0; i < n->npeers; i++)
		n->peer_ttl[i] = peer_ttl ? peer_ttl[i] : (struct vrrp_ttl_range){ 0, 255 };
}

static int send4(struct vrrp_net *n, const struct vrrp_ip *dst, const uint8_t *pkt, size_t len)
{
	uint8_t buf[VRRP_IP4_HDR_LEN + VRRP_AH_LEN + VRRP_PKT_MAX];
	struct sockaddr_in sa = { .sin_family = AF_INET };
	size_t ah = n->ah ? VRRP_AH_LEN : 0, total = VRRP_IP4_HDR_LEN + ah + len;

	/* the kernel fills in an ID of 0, after the AH's ICV covered it */
	if (!++n->ip_id)
		n->ip_id++;
	if (vrrp_pkt_ip4_build_proto(buf, sizeof(buf), &n->src, dst, ah + len, n->ttl, n->ip_id,
				     n->ah ? VRRP_AH_PROTO : VRRP_IPPROTO) != VRRP_PKT_OK)
		return -1;
	memcpy(buf + VRRP_IP4_HDR_LEN + ah, pkt, len);
	if (n->ah && vrrp_ah_seal(buf, total, n->ah_key, vrrp_ah_seq_next(&n->ah_seq),
				  n->npeers > 0) < 0)
		return -1;
	memcpy(&sa.sin_addr, dst->addr, 4);
	return sendto(n->s->fd, buf, total, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0 ? -1 : 0;
}

static int send6(struct vrrp_net *n, const struct vrrp_ip *dst, const uint8_t *pkt, size_t len)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_scope_id = n->s->ifindex };
	union {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} cb;
	int hops = n->ttl;
	struct iovec iov = { .iov_base = (void *)pkt, .iov_len = len };
	struct msghdr m = { .msg_name = &sa, .msg_namelen = sizeof(sa), .msg_iov = &iov,
			    .msg_iovlen = 1, .msg_control = cb.buf, .msg_controllen = sizeof(cb.buf) };
	struct cmsghdr *cm;
	struct in6_pktinfo pi = { .ipi6_ifindex = n->s->ifindex };

	memset(&cb, 0, sizeof(cb));
	memcpy(&sa.sin6_addr, dst->addr, 16);
	/* a routed peer: the route picks the way out, the source stays ours */
	if (n->s->k.routed && !IN6_IS_ADDR_LINKLOCAL(&sa.sin6_addr))
		sa.sin6_scope_id = pi.ipi6_ifindex = 0;
	memcpy(&pi.ipi6_addr, n->src.addr, 16);
	cm = CMSG_FIRSTHDR(&m);
	cm->cmsg_level = IPPROTO_IPV6;
	cm->cmsg_type = IPV6_PKTINFO;
	cm->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	/* the hop limit per advert: instances with other unicast_ttl share
	 * the socket */
	cm = CMSG_NXTHDR(&m, cm);
	cm->cmsg_level = IPPROTO_IPV6;
	cm->cmsg_type = IPV6_HOPLIMIT;
	cm->cmsg_len = CMSG_LEN(sizeof(hops));
	memcpy(CMSG_DATA(cm), &hops, sizeof(hops));
	return sendmsg(n->s->fd, &m, 0) < 0 ? -1 : 0;
}

static int send_to(struct vrrp_net *n, const struct vrrp_pkt *p, const struct vrrp_ip *dst)
{
	uint8_t pkt[VRRP_PKT_MAX];
	size_t len;
	int rc;

	if (vrrp_pkt_encode(p, &n->src, dst, pkt, sizeof(pkt), &len) != VRRP_PKT_OK) {
		log_warnx("vrrp: cannot encode an advert for VRID %u", p->vrid);
		return -1;
	}
	rc = n->s->k.family == AF_INET ? send4(n, dst, pkt, len) : send6(n, dst, pkt, len);
	if (rc < 0)
		log_warn("vrrp: send advert on %s", n->s->k.ifname);
	return rc;
}

int vrrp_net_send(struct vrrp_net *n, const struct vrrp_pkt *p)
{
	int sent = 0;

	if (!n->npeers)
		return send_to(n, p, &n->s->k.group);
	for (size_t i = 0; i < n->npeers; i++)
		sent += send_to(n, p, &n->peers[i]) == 0;
	return sent ? 0 : -1;
}

bool vrrp_net_is_peer(const struct vrrp_net *n, const struct vrrp_ip *ip)
{
	for (size_t i = 0; i < n->npeers; i++)
		if (vrrp_ip_cmp(&n->peers[i], ip) == 0)
			return true;
	return false;
}

/* The peer's place, -1 for a stranger */
static ssize_t peer_of(const struct vrrp_net *n, const struct vrrp_ip *ip)
{
	for (size_t i = 0; i < n->npeers; i++)
		if (vrrp_ip_cmp(&n->peers[i], ip) == 0)
			return (ssize_t)i;
	return -1;
}

int vrrp_net_take(struct vrrp_net *n, const struct vrrp_dgram *dg, struct vrrp_pkt_ctx *ctx,
		  struct vrrp_pkt *p)
{
	uint32_t seq = 0;
	int rc;

	if (dg->rc != VRRP_PKT_OK)
		return dg->rc;
	ctx->family = dg->family;
	ctx->src = dg->src;
	ctx->dst = dg->dst;
	ctx->ttl = dg->ttl;
	if (n->ah) {
		rc = vrrp_ah_verify(dg->ip, dg->iplen, n->ah_key, n->npeers > 0, &seq);
		ctx->ah_ok = rc == VRRP_PKT_OK;
		if (rc != VRRP_PKT_OK)
			return rc;
	}
	if (n->npeers) {
		ssize_t k = peer_of(n, &ctx->src);

		if (k < 0)
			return -1;
		/* keepalived takes any TTL from its unicast peers (IPv6: 64)
		 * unless min_ttl/max_ttl narrow it */
		ctx->ttl_min = n->peer_ttl[k].min;
		ctx->ttl_max = n->peer_ttl[k].max;
	}
	rc = vrrp_pkt_decode(dg->payload, dg->plen, ctx, p);
	/* only a whole, valid advert moves the anti-replay counter */
	if (rc == VRRP_PKT_OK && n->ah &&
	    !vrrp_ah_seq_accept(&n->ah_seq, seq, vrrp_ip_cmp(&n->src, &ctx->src) < 0))
		return VRRP_PKT_E_AH_SEQ;
	return rc;
}

static bool pick(const struct ifaddrs *a, const char *ifname, sa_family_t family)
{
	if (!a->ifa_addr || a->ifa_addr->sa_family != family || strcmp(a->ifa_name, ifname) != 0)
		return false;
	if (family == AF_INET6)
		return IN6_IS_ADDR_LINKLOCAL(&((struct sockaddr_in6 *)a->ifa_addr)->sin6_addr);
	return true;
}

int vrrp_net_primary(const char *ifname, sa_family_t family, struct vrrp_ip *ip)
{
	struct ifaddrs *all, *a;
	int rc = -1;

	if (getifaddrs(&all) < 0)
		return -1;
	for (a = all; a && rc < 0; a = a->ifa_next) {
		if (!pick(a, ifname, family))
			continue;
		if (family == AF_INET)
			rc = vrrp_ip_from_bytes(
				(const uint8_t *)&((struct sockaddr_in *)a->ifa_addr)->sin_addr, 4, ip);
		else
			rc = vrrp_ip_from_bytes(
				((struct sockaddr_in6 *)a->ifa_addr)->sin6_addr.s6_addr, 16, ip);
	}
	freeifaddrs(all);
	return rc;
}

/* An address of the family, as packed bytes; NULL for another. */
static const uint8_t *addr_bytes(const struct sockaddr *sa, sa_family_t family)
{
	if (!sa || sa->sa_family != family)
		return NULL;
	if (family == AF_INET)
		return (const uint8_t *)&((const struct sockaddr_in *)sa)->sin_addr;
	return ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
}

struct vrrp_addrs {
	struct ifaddrs *all;
};

struct vrrp_addrs *vrrp_net_addrs(void)
{
	struct vrrp_addrs *a = calloc(1, sizeof(*a));

	if (a && getifaddrs(&a->all) < 0) {
		free(a);
		return NULL;
	}
	return a;
}

void vrrp_net_addrs_free(struct vrrp_addrs *a)
{
	if (!a)
		return;
	freeifaddrs(a->all);
	free(a);
}

bool vrrp_net_has_addr(const struct vrrp_addrs *snap, const char *ifname, const struct vrrp_ip *ip)
{
	struct vrrp_addrs *now = snap ? NULL : vrrp_net_addrs();
	const struct vrrp_addrs *a = snap ? snap : now;
	bool found = false;

	if (!a)
		return true;	/* unknown: no fault made up */
	for (const struct ifaddrs *e = a->all; e && !found; e = e->ifa_next) {
		const uint8_t *b = addr_bytes(e->ifa_addr, ip->family);

		found = b && memcmp(b, ip->addr, vrrp_ip_len(ip->family)) == 0 &&
			(!ifname || strcmp(e->ifa_name, ifname) == 0);
	}
	vrrp_net_addrs_free(now);
	return found;
}
