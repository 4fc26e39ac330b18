// SPDX-License-Identifier: GPL-2.0-or-later
/* TCP_CHECK: a non-blocking connect to the target (from bindto/bind_port,
 * bind_if and fwmark when set); up when the connection is made. */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "chk.h"

struct tcp_probe {
	int fd;
	struct event *ev;
};

static void tcp_close(struct tcp_probe *t)
{
	if (t->ev)
		event_free(t->ev);
	if (t->fd >= 0)
		close(t->fd);
	t->ev = NULL;
	t->fd = -1;
}

static void on_writable(evutil_socket_t fd, short what, void *arg)
{
	struct chk *c = arg;
	int err = 0;
	socklen_t len = sizeof(err);

	(void)what;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	tcp_close(c->priv);
	chk_probe_done(c, err == 0, err ? strerror(err) : "connected", -1);
}

static int tcp_socket(const struct chk *c)
{
	const struct cfg_check *cf = c->conf;
	int fd = socket(c->target.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;

	if (fd < 0)
		return -errno;
	if ((cf->fwmark && setsockopt(fd, SOL_SOCKET, SO_MARK, &cf->fwmark, sizeof(cf->fwmark)) < 0) ||
	    (cf->bind_if && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, cf->bind_if,
				       (socklen_t)strlen(cf->bind_if)) < 0) ||
	    (c->source.ss_family && (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
				     bind(fd, (const struct sockaddr *)&c->source, c->source_len) < 0))) {
		int rc = -errno;
		close(fd);
		return rc;
	}
	return fd;
}

static int tcp_start(struct chk *c)
{
	struct tcp_probe *t = c->priv;
	int fd = tcp_socket(c);

	t->fd = -1;
	if (fd < 0)
		return fd;
	if (connect(fd, (const struct sockaddr *)&c->target, c->target_len) == 0) {
		close(fd);
		chk_probe_done(c, true, "connected", -1);
		return 0;
	}
	if (errno != EINPROGRESS) {
		int rc = -errno;
		close(fd);
		return rc;
	}
	t->fd = fd;
	t->ev = event_new(c->base, fd, EV_WRITE, on_writable, c);
	if (!t->ev || event_add(t->ev, NULL) < 0) {
		tcp_close(t);
		return -ENOMEM;
	}
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
	tcp_close(c->priv);
}

const struct checker_ops chk_tcp_ops = {
	.kind = CFG_CHECK_TCP,
	.priv_size = sizeof(struct tcp_probe),
	.init = tcp_init,
	.fini = tcp_cancel,
	.start = tcp_start,
	.cancel = tcp_cancel,
};
