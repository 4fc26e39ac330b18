// SPDX-License-Identifier: GPL-2.0-or-later
/* BFD's sockets (bfd_run.c): the receive socket of a family on UDP port
 * 3784, with the TTL / hop limit of each datagram, and a session's send
 * socket. */
#ifndef KEEL_BFD_NET_H
#define KEEL_BFD_NET_H

#include <event2/event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cfg.h"

/* ttl: the datagram's, -1 when the kernel did not say. */
typedef void bfd_rx_fn(void *arg, const uint8_t *buf, size_t len, const struct cfg_ip *from, int ttl);

struct bfd_rx {
	int fd;			/* -1: closed */
	struct event *ev;
	bfd_rx_fn *fn;
	void *arg;
};

/* Opens (want) or closes (!want) the receive socket of family af;
 * an open one stays as it is. Failures are logged. */
void bfd_rx_follow(struct bfd_rx *rx, struct event_base *base, int af, bool want, bfd_rx_fn *fn,
		   void *arg);
void bfd_rx_close(struct bfd_rx *rx);
/* A session's send socket: bound to source_ip (if set) and a free port
 * in 49152..65535, TTL / hop limit c->ttl. -1 with errno on error. */
int bfd_net_tx_open(const struct cfg_bfd *c);
/* 0, or -1 (logged at debug: a missing route is the session's business). */
int bfd_net_send(int fd, const struct cfg_ip *to, const uint8_t *buf, size_t len);

#endif
