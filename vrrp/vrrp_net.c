// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "vrrp_ah.h"
#include "vrrp_net.h"

struct vrrp_sock {
	int fd;
	unsigned ifindex;
	struct vrrp_sock_key k;
};

struct vrrp_net {
	struct vrrp_sock *s;
	struct vrrp_ip src;
	struct vrrp_ip *peers;
	size_t npeers;
	uint16_t ip_id;
	bool ah;
	uint8_t ah_key[VRRP_AH_KEY_LEN];
	uint32_t ah_seq;		/* highest sent or accepted (vrrp_ah.h) */
};

/* --- the shared socket */

static int set_int(int fd, int level, int opt, int v, const char *what)
{
	if (setsockopt(fd, level, opt, &v, sizeof(v)) == 0)
		return 0;
	log_warn("vrrp: setsockopt %s", what);
	return -1;
}

static int join4(struct vrrp_sock *s)
{
	struct ip_mreqn mr = { .imr_ifindex = (int)s->ifindex };

	mr.imr_multiaddr.s_addr = htonl(0xe0000012);
	if (setsockopt(s->fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr, sizeof(mr)) < 0) {
		log_warn("vrrp: join 224.0.0.18 on %s", s->k.ifname);
		return -1;
	}
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
	struct vrrp_ip g;

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
	vrrp_pkt_mcast_group(AF_INET6, &g);
	memcpy(&mr.ipv6mr_multiaddr, g.addr, 16);
	if (setsockopt(s->fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &mr, sizeof(mr)) < 0) {
		log_warn("vrrp: join ff02::12 on %s", s->k.ifname);
		return -1;
	}
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
	if (setsockopt(s->fd, SOL_SOCKET, SO_BINDTODEVICE, k->ifname, (socklen_t)strlen(k->ifname)) < 0) {
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
	free(s);
}

int vrrp_sock_fd(const struct vrrp_sock *s)
{
	return s->fd;
}

bool vrrp_sock_is(const struct vrrp_sock *s, const struct vrrp_sock_key *k)
{
	return s->k.family == k->family && s->k.unicast == k->unicast && s->k.ah == k->ah &&
	       strcmp(s->k.ifname, k->ifname) == 0;
}

static int read4(struct vrrp_sock *s, uint8_t *buf, size_t cap, struct vrrp_dgram *dg)
{
	struct vrrp_pkt_ctx ip;
	ssize_t r = recv(s->fd, buf, cap, 0);

	if (r <= 0)
		return -1;
	dg->ip = buf;
	dg->iplen = (size_t)r;
	vrrp_pkt_ctx_init(&ip, AF_INET);
	dg->rc = vrrp_pkt_ip4_parse(buf, (size_t)r, &ip, &dg->payload, &dg->plen);
	dg->family = AF_INET;
	dg->src = ip.src;
	dg->dst = ip.dst;
	dg->ttl = ip.ttl;
	return 0;
}

static void read_cmsgs6(struct msghdr *m, struct vrrp_dgram *dg)
{
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(m); cm; cm = CMSG_NXTHDR(m, cm)) {
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

static int read6(struct vrrp_sock *s, uint8_t *buf, size_t cap, struct vrrp_dgram *dg)
{
	struct sockaddr_in6 sa;
	union {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} cb;
	struct iovec iov = { .iov_base = buf, .iov_len = cap };
	struct msghdr m = { .msg_name = &sa, .msg_namelen = sizeof(sa), .msg_iov = &iov,
			    .msg_iovlen = 1, .msg_control = cb.buf, .msg_controllen = sizeof(cb.buf) };
	ssize_t r = recvmsg(s->fd, &m, 0);

	if (r <= 0)
		return -1;
	dg->family = AF_INET6;
	dg->ttl = 0;
	vrrp_ip_from_bytes(sa.sin6_addr.s6_addr, 16, &dg->src);
	read_cmsgs6(&m, dg);
	dg->ip = dg->payload = buf;
	dg->iplen = dg->plen = (size_t)r;
	dg->rc = VRRP_PKT_OK;
	return 0;
}

int vrrp_sock_read(struct vrrp_sock *s, uint8_t *buf, size_t cap, struct vrrp_dgram *dg)
{
	memset(dg, 0, sizeof(*dg));
	return s->k.family == AF_INET ? read4(s, buf, cap, dg) : read6(s, buf, cap, dg);
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
	if (c->npeers) {
		n->peers = calloc(c->npeers, sizeof(*n->peers));
		if (!n->peers) {
			free(n);
			return NULL;
		}
		memcpy(n->peers, c->peers, c->npeers * sizeof(*n->peers));
		n->npeers = c->npeers;
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
	free(n);
}

static int send4(struct vrrp_net *n, const struct vrrp_ip *dst, const uint8_t *pkt, size_t len)
{
	uint8_t buf[VRRP_IP4_HDR_LEN + VRRP_AH_LEN + VRRP_PKT_MAX];
	struct sockaddr_in sa = { .sin_family = AF_INET };
	size_t ah = n->ah ? VRRP_AH_LEN : 0, total = VRRP_IP4_HDR_LEN + ah + len;

	/* the kernel fills in an ID of 0, after the AH's ICV covered it */
	if (!++n->ip_id)
		n->ip_id++;
	if (vrrp_pkt_ip4_build_proto(buf, sizeof(buf), &n->src, dst, ah + len, VRRP_TTL, n->ip_id,
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
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
		struct cmsghdr align;
	} cb;
	struct iovec iov = { .iov_base = (void *)pkt, .iov_len = len };
	struct msghdr m = { .msg_name = &sa, .msg_namelen = sizeof(sa), .msg_iov = &iov,
			    .msg_iovlen = 1, .msg_control = cb.buf, .msg_controllen = sizeof(cb.buf) };
	struct cmsghdr *cm;
	struct in6_pktinfo pi = { .ipi6_ifindex = n->s->ifindex };

	memset(&cb, 0, sizeof(cb));
	memcpy(&sa.sin6_addr, dst->addr, 16);
	memcpy(&pi.ipi6_addr, n->src.addr, 16);
	cm = CMSG_FIRSTHDR(&m);
	cm->cmsg_level = IPPROTO_IPV6;
	cm->cmsg_type = IPV6_PKTINFO;
	cm->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
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
	struct vrrp_ip g;
	int sent = 0;

	if (!n->npeers) {
		vrrp_pkt_mcast_group(n->s->k.family, &g);
		return send_to(n, p, &g);
	}
	for (size_t i = 0; i < n->npeers; i++)
		sent += send_to(n, p, &n->peers[i]) == 0;
	return sent ? 0 : -1;
}

static bool is_peer(const struct vrrp_net *n, const struct vrrp_ip *ip)
{
	for (size_t i = 0; i < n->npeers; i++)
		if (vrrp_ip_cmp(&n->peers[i], ip) == 0)
			return true;
	return false;
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
		if (!is_peer(n, &ctx->src))
			return -1;
		/* keepalived takes any TTL from its unicast peers (IPv6: 64) */
		ctx->ttl_min = 0;
		ctx->ttl_max = 255;
	}
	rc = vrrp_pkt_decode(dg->payload, dg->plen, ctx, p);
	/* only a whole, valid advert moves the anti-replay counter */
	if (rc == VRRP_PKT_OK && n->ah && !vrrp_ah_seq_accept(&n->ah_seq, seq))
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
