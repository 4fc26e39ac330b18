// SPDX-License-Identifier: GPL-2.0-or-later
/* One datagram out, replies in: the probe shape of UDP_CHECK, DNS_CHECK and
 * PING_CHECK. The socket is connected, so the kernel drops datagrams from
 * other peers and reports ICMP errors (port unreachable: ECONNREFUSED). */
#ifndef KEEL_CHK_DGRAM_H
#define KEEL_CHK_DGRAM_H

#include <sys/types.h>

#include "chk.h"

struct chk_dgram {
	int fd;			/* -1: closed */
	struct event *ev;
};

/* Opens a socket of type/proto connected to the target (to, when not
 * NULL, is the target with another port), sends msg and calls on_read
 * (arg c) whenever a reply or an error is there. 0 or -errno. */
int chk_dgram_start(struct chk *c, struct chk_dgram *d, int type, int proto,
		    const union chk_sa *to, const void *msg, size_t len, event_callback_fn on_read);
/* The next datagram: its length (MSG_TRUNC: the length it had, possibly
 * more than cap; 0 is an empty datagram), else -1 with *err 0 when none is
 * waiting or the socket's error (ECONNREFUSED, EHOSTUNREACH, ...). */
ssize_t chk_dgram_recv(struct chk_dgram *d, void *buf, size_t cap, int *err);
void chk_dgram_close(struct chk_dgram *d);

#endif
