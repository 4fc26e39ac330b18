// SPDX-License-Identifier: GPL-2.0-or-later
/* The datagram probe shared by UDP_CHECK, DNS_CHECK and PING_CHECK. */
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "chk_dgram.h"
#include "chk_sock.h"

void chk_dgram_close(struct chk_dgram *d)
{
	if (d->ev)
		event_free(d->ev);
	if (d->fd >= 0)
		close(d->fd);
	d->ev = NULL;
	d->fd = -1;
}

int chk_dgram_start(struct chk *c, struct chk_dgram *d, int type, int proto,
		    const union chk_sa *to, const void *msg, size_t len, event_callback_fn on_read)
{
	bool in_progress;
	int rc;

	d->fd = chk_socket_connect(c, type, proto, to, &in_progress);
	if (d->fd < 0) {
		rc = d->fd;
		d->fd = -1;
		return rc;
	}
	if (send(d->fd, msg, len, 0) != (ssize_t)len) {
		rc = errno ? -errno : -EMSGSIZE;
		chk_dgram_close(d);
		return rc;
	}
	d->ev = event_new(c->env->base, d->fd, EV_READ | EV_PERSIST, on_read, c);
	if (!d->ev || event_add(d->ev, NULL) < 0) {
		chk_dgram_close(d);
		return -ENOMEM;
	}
	return 0;
}

ssize_t chk_dgram_recv(struct chk_dgram *d, void *buf, size_t cap, int *err)
{
	ssize_t n;

	*err = 0;
	do
		n = recv(d->fd, buf, cap, MSG_TRUNC);
	while (n < 0 && errno == EINTR);
	if (n >= 0)
		return n;
	if (errno != EAGAIN && errno != EWOULDBLOCK)
		*err = errno;
	return -1;
}
