// SPDX-License-Identifier: GPL-2.0-or-later
/* BFD's sockets: see bfd_net.h. */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bfd_net.h"
#include "bfd_pkt.h"
#include "log.h"

union sa {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
};

static socklen_t sa_of(const struct cfg_ip *ip, int af, uint16_t port, union sa *out)
{
	memset(out, 0, sizeof(*out));
	if (af == AF_INET) {
		out->in.sin_family = AF_INET;
		out->in.sin_port = htons(port);
		if (ip && ip->af == AF_INET)
			out->in.sin_addr = ip->v4;
		return sizeof(out->in);
	}
	out->in6.sin6_family = AF_INET6;
	out->in6.sin6_port = htons(port);
	if (ip && ip->af == AF_INET6)
		out->in6.sin6_addr = ip->v6;
	return sizeof(out->in6);
}

static int ttl_of(struct msghdr *m)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
		int v;

		if ((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) ||
		    (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT)) {
			memcpy(&v, CMSG_DATA(c), sizeof(v));
			return v;
		}
	}
	return -1;
}

static void from_sa(const union sa *a, struct cfg_ip *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (a->sa.sa_family == AF_INET) {
		ip->af = AF_INET;
		ip->v4 = a->in.sin_addr;
	} else if (IN6_IS_ADDR_V4MAPPED(&a->in6.sin6_addr)) {
		ip->af = AF_INET;
		memcpy(&ip->v4, &a->in6.sin6_addr.s6_addr[12], 4);
	} else {
		ip->af = AF_INET6;
		ip->v6 = a->in6.sin6_addr;
	}
}

/* Reads what waits, a few datagrams at a time. */
static void on_read(evutil_socket_t fd, short what, void *arg)
{
	struct bfd_rx *rx = arg;

	(void)what;
	for (int k = 0; k < 64; k++) {
		uint8_t buf[256];
		char ctl[CMSG_SPACE(sizeof(int)) * 2];
		union sa from;
		struct iovec iov = { buf, sizeof(buf) };
		struct msghdr m = { .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov,
				    .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof(ctl) };
		struct cfg_ip ip;
		ssize_t n = recvmsg(fd, &m, MSG_DONTWAIT);

		if (n < 0)
			return;
		from_sa(&from, &ip);
		rx->fn(rx->arg, buf, (size_t)n, &ip, ttl_of(&m));
	}
}

static int rx_open(int af)
{
	union sa a;
	socklen_t len = sa_of(NULL, af, BFD_PORT, &a);
	int one = 1, fd = socket(af, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	bool ok = fd >= 0;

	ok = ok && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0;
	if (af == AF_INET)
		ok = ok && setsockopt(fd, IPPROTO_IP, IP_RECVTTL, &one, sizeof(one)) == 0;
	else
		ok = ok && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) == 0 &&
		     setsockopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &one, sizeof(one)) == 0;
	ok = ok && bind(fd, &a.sa, len) == 0;
	if (!ok) {
		log_warn("BFD: cannot listen on UDP port %d (IPv%c)", BFD_PORT, af == AF_INET ? '4' : '6');
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

void bfd_rx_follow(struct bfd_rx *rx, struct event_base *base, int af, bool want, bfd_rx_fn *fn,
		   void *arg)
{
	if (!want) {
		bfd_rx_close(rx);
		return;
	}
	rx->fn = fn;
	rx->arg = arg;
	if (rx->fd >= 0)
		return;
	rx->fd = rx_open(af);
	if (rx->fd < 0)
		return;
	rx->ev = event_new(base, rx->fd, EV_READ | EV_PERSIST, on_read, rx);
	if (!rx->ev || event_add(rx->ev, NULL) < 0) {
		log_warnx("BFD: cannot watch its socket");
		bfd_rx_close(rx);
	}
}

void bfd_rx_close(struct bfd_rx *rx)
{
	if (rx->ev)
		event_free(rx->ev);
	if (rx->fd >= 0)
		close(rx->fd);
	rx->ev = NULL;
	rx->fd = -1;
}

/* A random port of 49152..65535 that binds, RFC 5881 4. */
static int bind_port(int fd, const struct cfg_bfd *c)
{
	union sa a;
	uint16_t r;

	for (int k = 0; k < 64; k++) {
		if (getrandom(&r, sizeof(r), 0) != sizeof(r))
			r = (uint16_t)(k * 7919);
		socklen_t len = sa_of(c->source.af ? &c->source : NULL, c->neighbor.af,
				      (uint16_t)(BFD_SRC_PORT_MIN + r % (BFD_SRC_PORT_MAX - BFD_SRC_PORT_MIN + 1)),
				      &a);

		if (bind(fd, &a.sa, len) == 0)
			return 0;
		if (errno != EADDRINUSE)
			return -1;
	}
	return -1;
}

int bfd_net_tx_open(const struct cfg_bfd *c)
{
	int af = c->neighbor.af, ttl = c->ttl, fd = socket(af, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	bool ok = fd >= 0;

	if (af == AF_INET)
		ok = ok && setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)) == 0;
	else
		ok = ok && setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl, sizeof(ttl)) == 0;
	ok = ok && bind_port(fd, c) == 0;
	if (!ok) {
		if (fd >= 0) {
			int e = errno;

			close(fd);
			errno = e;
		}
		return -1;
	}
	return fd;
}

int bfd_net_send(int fd, const struct cfg_ip *to, const uint8_t *buf, size_t len)
{
	union sa a;
	socklen_t alen = sa_of(to, to->af, BFD_PORT, &a);

	if (sendto(fd, buf, len, 0, &a.sa, alen) < 0) {
		log_debug("BFD: send: %s", strerror(errno));
		return -1;
	}
	return 0;
}
