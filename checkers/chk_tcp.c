// SPDX-License-Identifier: GPL-2.0-or-later
/* TCP_CHECK: up when the target's listener answers. By default a
 * half-open probe (chk_syn.h: a SYN, and the SYN-ACK or RST); with
 * full_handshake, or bind_if, bind_port or fwmark, or without a raw
 * socket, a non-blocking connect (from bindto/bind_port, bind_if and
 * fwmark when set), up when the connection is made. That connection is
 * then reset, not closed: an orderly close costs two more segments each
 * way and leaves a TIME_WAIT socket on the director for every check
 * (600,000 of them with 10,000 checks a second). */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "chk.h"
#include "chk_sock.h"
#include "chk_syn.h"

/* The probe's socket while it connects, -1 between probes: it waits in
 * the engine's set (chk_wait), not on an event of its own; or its
 * half-open probe's slot, 0 when none. */
struct tcp_probe {
	int fd;
	uint32_t syn_slot;
	struct chk_syn_src src;
};

static void reset_close(int fd)
{
	static const struct linger abort_now = { .l_onoff = 1, .l_linger = 0 };

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_now, sizeof(abort_now));
	close(fd);
}

static void tcp_ready(struct chk *c)
{
	struct tcp_probe *t = c->priv;
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(t->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	reset_close(t->fd);
	t->fd = -1;
	chk_probe_done(c, err == 0, err ? strerror(err) : "connected", -1);
}

/* The next probe asks the route for its source address again instead of
 * reusing the one kept (chk_syn.c): a probe that failed or was cancelled
 * may have gone out from an address the route no longer gives. */
static void forget_source(struct tcp_probe *t)
{
	t->src.uses = 0;
}

void chk_tcp_syn_done(struct chk *c, int err)
{
	struct tcp_probe *t = c->priv;

	t->syn_slot = 0;
	if (err)
		forget_source(t);
	chk_probe_done(c, err == 0, err ? strerror(err) : "SYN-ACK", -1);
}

static int tcp_start(struct chk *c)
{
	struct tcp_probe *t = c->priv;
	bool connecting;
	int fd, rc;

	t->fd = -1;
	t->syn_slot = 0;
	if (c->env->syn && chk_syn_suits(c)) {
		rc = chk_syn_start(c->env->syn, c, &t->src, &t->syn_slot);
		if (rc < 0)
			forget_source(t);
		if (rc != -EAFNOSUPPORT && rc != -EBUSY)
			return rc;
	}
	fd = chk_socket_connect(c, SOCK_STREAM, 0, NULL, &connecting);
	if (fd < 0)
		return fd;
	if (!connecting) {
		reset_close(fd);
		chk_probe_done(c, true, "connected", -1);
		return 0;
	}
	if ((rc = chk_wait(c, fd, EV_WRITE)) < 0) {
		reset_close(fd);
		return rc;
	}
	t->fd = fd;
	return 0;
}

static int tcp_init(struct chk *c)
{
	struct tcp_probe *t = c->priv;

	t->fd = -1;
	return 0;
}

static void tcp_cancel(struct chk *c)
{
	struct tcp_probe *t = c->priv;

	if (t->syn_slot) {
		chk_syn_cancel(c->env->syn, t->syn_slot);
		t->syn_slot = 0;
		forget_source(t);
	}
	if (t->fd < 0)
		return;
	chk_unwait(c, t->fd);
	reset_close(t->fd);
	t->fd = -1;
}

const struct checker_ops chk_tcp_ops = {
	.kind = CFG_CHECK_TCP,
	.priv_size = sizeof(struct tcp_probe),
	.init = tcp_init,
	.fini = tcp_cancel,
	.start = tcp_start,
	.cancel = tcp_cancel,
	.ready = tcp_ready,
};
