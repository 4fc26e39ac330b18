// SPDX-License-Identifier: GPL-2.0-or-later
/* SMTP_CHECK: connects (like TCP_CHECK), reads the 220 greeting, sends
 * HELO helo_name and wants 250, then sends QUIT and wants 221 (or the
 * server closing). Replies may span lines (smtp_reply()). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "chk.h"
#include "chk_smtp.h"
#include "chk_sock.h"

#define SMTP_BUF 4096		/* RFC 5321 lines are <= 512 bytes; a few of them */

enum smtp_step { STEP_CONNECT, STEP_GREETING, STEP_HELO, STEP_QUIT };

struct smtp_probe {
	int fd;
	struct event *ev;
	enum smtp_step step;
	char buf[SMTP_BUF];
	size_t len;
	char reason[64];
};

static void smtp_close(struct smtp_probe *s)
{
	if (s->ev)
		event_free(s->ev);
	if (s->fd >= 0)
		close(s->fd);
	s->ev = NULL;
	s->fd = -1;
}

static void finish(struct chk *c, bool ok, const char *why)
{
	smtp_close(c->priv);
	chk_probe_done(c, ok, why, -1);
}

/* A failure with a number: a reply code or an errno. */
static void fail_with(struct chk *c, const char *what, int n)
{
	struct smtp_probe *s = c->priv;

	snprintf(s->reason, sizeof(s->reason), "%s %d", what, n);
	finish(c, false, s->reason);
}

static bool say(struct smtp_probe *s, const char *what, const char *arg)
{
	char line[600];
	int n = snprintf(line, sizeof(line), "%s%s\r\n", what, arg);

	return n > 0 && (size_t)n < sizeof(line) && send(s->fd, line, (size_t)n, MSG_NOSIGNAL) == n;
}

/* One complete reply with this code: the next step, or the end. */
static void on_reply(struct chk *c, int code)
{
	struct smtp_probe *s = c->priv;
	const char *helo = c->conf->smtp->helo_name ? c->conf->smtp->helo_name : CHK_SMTP_DEFAULT_HELO;
	static const int want[] = { [STEP_GREETING] = 220, [STEP_HELO] = 250, [STEP_QUIT] = 221 };
	static const char *const what[] = { [STEP_GREETING] = "greeting", [STEP_HELO] = "HELO reply",
					    [STEP_QUIT] = "QUIT reply" };

	if (code != want[s->step]) {
		fail_with(c, what[s->step], code);
		return;
	}
	if (s->step == STEP_QUIT) {
		finish(c, true, "221 after QUIT");
		return;
	}
	if (!say(s, s->step == STEP_GREETING ? "HELO " : "QUIT", s->step == STEP_GREETING ? helo : "")) {
		fail_with(c, "cannot send: errno", errno);
		return;
	}
	s->step++;
}

static void on_readable(struct chk *c)
{
	struct smtp_probe *s = c->priv;
	ssize_t n = recv(s->fd, s->buf + s->len, sizeof(s->buf) - s->len, 0);
	enum smtp_parse r = SMTP_MORE;
	size_t used;
	int code;

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		if (n == 0 && s->step == STEP_QUIT)
			finish(c, true, "closed after QUIT");
		else if (n == 0)
			finish(c, false, "closed by the server");
		else
			fail_with(c, "receive error", errno);
		return;
	}
	s->len += (size_t)n;
	while (s->fd >= 0 && (r = smtp_reply(s->buf, s->len, &code, &used)) == SMTP_REPLY) {
		memmove(s->buf, s->buf + used, s->len - used);
		s->len -= used;
		on_reply(c, code);
	}
	if (s->fd < 0)
		return;
	if (r == SMTP_BAD)
		finish(c, false, "not an SMTP reply");
	else if (s->len == sizeof(s->buf))
		finish(c, false, "reply too long");
}

static void on_event(evutil_socket_t fd, short what, void *arg)
{
	struct chk *c = arg;
	struct smtp_probe *s = c->priv;
	int err = 0;
	socklen_t len = sizeof(err);

	(void)what;
	if (s->step != STEP_CONNECT) {
		on_readable(c);
		return;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (err) {
		snprintf(s->reason, sizeof(s->reason), "%s", strerror(err));
		smtp_close(s);
		chk_probe_done(c, false, s->reason, -1);
		return;
	}
	s->step = STEP_GREETING;
	event_free(s->ev);
	s->ev = event_new(c->env->base, s->fd, EV_READ | EV_PERSIST, on_event, c);
	if (!s->ev || event_add(s->ev, NULL) < 0)
		finish(c, false, "out of memory");
}

static int smtp_start(struct chk *c)
{
	struct smtp_probe *s = c->priv;
	bool connecting;

	s->len = 0;
	s->step = STEP_CONNECT;
	s->fd = chk_socket_connect(c, SOCK_STREAM, 0, NULL, &connecting);
	if (s->fd < 0) {
		int rc = s->fd;
		s->fd = -1;
		return rc;
	}
	/* connected at once (loopback) or not: writability says when */
	s->ev = event_new(c->env->base, s->fd, EV_WRITE, on_event, c);
	if (!s->ev || event_add(s->ev, NULL) < 0) {
		smtp_close(s);
		return -ENOMEM;
	}
	return 0;
}

static int smtp_init(struct chk *c)
{
	struct smtp_probe *s = c->priv;

	s->fd = -1;
	return 0;
}

static void smtp_cancel(struct chk *c)
{
	smtp_close(c->priv);
}

const struct checker_ops chk_smtp_ops = {
	.kind = CFG_CHECK_SMTP,
	.priv_size = sizeof(struct smtp_probe),
	.init = smtp_init,
	.fini = smtp_cancel,
	.start = smtp_start,
	.cancel = smtp_cancel,
};
