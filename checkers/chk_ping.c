// SPDX-License-Identifier: GPL-2.0-or-later
/* PING_CHECK: one ICMP (ICMPv6) echo request to the target; up when the
 * matching reply comes (chk_ping_match()), down on an ICMP error or the
 * engine's timeout. An unprivileged ping socket is tried first (the kernel
 * then owns the id and hands each socket only its own replies); where
 * net.ipv4.ping_group_range does not allow it (Debian's default "1 0"
 * allows no one) a raw socket is used, which keeld as root may open, and
 * which sees every ICMP packet: the id, sequence and 16 random bytes tell
 * ours apart. keel does not change ping_group_range. */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "chk.h"
#include "chk_dgram.h"
#include "chk_ping.h"

enum ping_mode { MODE_UNKNOWN, MODE_DGRAM, MODE_RAW };

struct ping_probe {
	struct chk_dgram d;
	struct chk_ping_echo echo;
	enum ping_mode mode;
	char reason[64];
};

static void finish(struct chk *c, bool ok, const char *why)
{
	struct ping_probe *p = c->priv;

	chk_dgram_close(&p->d);
	chk_probe_done(c, ok, why, -1);
}

static void on_read(evutil_socket_t fd, short what, void *arg)
{
	struct chk *c = arg;
	struct ping_probe *p = c->priv;
	bool raw = p->mode == MODE_RAW;
	uint8_t buf[1500];
	ssize_t n;
	int err;

	(void)fd, (void)what;
	while ((n = chk_dgram_recv(&p->d, buf, sizeof(buf), &err)) >= 0) {
		size_t len = (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf);
		if (chk_ping_match(&p->echo, buf, len, raw && p->echo.af == AF_INET, raw)) {
			finish(c, true, "echo reply");
			return;
		}
	}
	if (err) {
		snprintf(p->reason, sizeof(p->reason), "%s", strerror(err));
		finish(c, false, p->reason);
	}
}

static int send_echo(struct chk *c, enum ping_mode mode)
{
	struct ping_probe *p = c->priv;
	union chk_sa to;
	uint8_t pkt[CHK_PING_HDR_LEN + CHK_PING_DATA_LEN];
	size_t len = chk_ping_build(&p->echo, pkt, sizeof(pkt));
	int proto;

	chk_target(c, &to);
	proto = to.sa.sa_family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;

	/* ICMP has no ports: a raw IPv6 socket would read one as a protocol */
	if (to.sa.sa_family == AF_INET6)
		to.in6.sin6_port = 0;
	else
		to.in.sin_port = 0;
	p->mode = mode;
	return chk_dgram_start(c, &p->d, mode == MODE_RAW ? SOCK_RAW : SOCK_DGRAM, proto, &to, pkt, len,
			       on_read);
}

static int ping_start(struct chk *c)
{
	struct ping_probe *p = c->priv;
	union chk_sa to;
	int rc;

	chk_target(c, &to);
	p->echo.af = to.sa.sa_family;
	p->echo.seq++;
	if (getrandom(&p->echo.id, sizeof(p->echo.id), GRND_NONBLOCK) < 0 ||
	    getrandom(p->echo.data, sizeof(p->echo.data), GRND_NONBLOCK) < 0)
		p->echo.data[0]++;	/* no entropy yet: the sequence still differs */
	if (p->mode == MODE_RAW)
		return send_echo(c, MODE_RAW);
	rc = send_echo(c, MODE_DGRAM);
	if (p->mode == MODE_DGRAM && (rc == -EACCES || rc == -EPERM || rc == -EPROTONOSUPPORT))
		rc = send_echo(c, MODE_RAW);	/* and from now on */
	return rc;
}

static int ping_init(struct chk *c)
{
	struct ping_probe *p = c->priv;

	p->d.fd = -1;
	return 0;
}

static void ping_cancel(struct chk *c)
{
	struct ping_probe *p = c->priv;

	chk_dgram_close(&p->d);
}

const struct checker_ops chk_ping_ops = {
	.kind = CFG_CHECK_PING,
	.priv_size = sizeof(struct ping_probe),
	.init = ping_init,
	.fini = ping_cancel,
	.start = ping_start,
	.cancel = ping_cancel,
};
