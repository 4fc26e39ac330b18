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

int chk_tcp_error(evutil_socket_t fd)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	return err;
}

static void on_writable(evutil_socket_t fd, short what, void *arg)
{
	struct chk *c = arg;
	int err = chk_tcp_error(fd);

	(void)what;
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

int chk_tcp_connect(struct chk *c, event_callback_fn cb, void *arg, struct event **ev)
{
	int fd = tcp_socket(c);

	*ev = NULL;
	if (fd < 0)
		return fd;
	if (connect(fd, (const struct sockaddr *)&c->target, c->target_len) < 0 && errno != EINPROGRESS) {
		int rc = -errno;
		close(fd);
		return rc;
	}
	/* connected at once or not yet: writable tells */
	*ev = event_new(c->base, fd, EV_WRITE, cb, arg);
	if (!*ev || event_add(*ev, NULL) < 0) {
		if (*ev)
			event_free(*ev);
		*ev = NULL;
		close(fd);
		return -ENOMEM;
	}
	return fd;
}

static int tcp_start(struct chk *c)
{
	struct tcp_probe *t = c->priv;
	int fd = chk_tcp_connect(c, on_writable, c, &t->ev);

	t->fd = fd < 0 ? -1 : fd;
	return fd < 0 ? fd : 0;
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
