// SPDX-License-Identifier: GPL-2.0-or-later
/* UDP_CHECK: sends payload (random bytes when none is set, as
 * keepalived.conf(5) says) on a connected UDP socket. An ICMP error (port
 * unreachable arrives as ECONNREFUSED) fails. With require_reply the probe
 * waits for a reply that chk_udp_reply_ok() accepts; without it, a reply or
 * silence passes. Silence must be judged before the engine's timeout
 * (connect_timeout) fails the probe, so it is judged at 7/8 of it: ICMP
 * errors come within a round trip, or after the ARP timeout (about 3 s) for
 * a host that is gone, which is why the man page asks for a connect_timeout
 * of 4 s or more. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "chk.h"
#include "chk_dgram.h"
#include "chk_udp.h"

#define RANDOM_PAYLOAD_LEN 16
#define REPLY_MAX 65536

struct udp_probe {
	struct chk_dgram d;
	struct event *quiet;
	char reason[64];
};

static void udp_close(struct udp_probe *u)
{
	chk_dgram_close(&u->d);
	if (u->quiet)
		evtimer_del(u->quiet);
}

static void finish(struct chk *c, bool ok, const char *why)
{
	udp_close(c->priv);
	chk_probe_done(c, ok, why, -1);
}

static void on_read(evutil_socket_t fd, short what, void *arg)
{
	static uint8_t buf[REPLY_MAX];	/* the loop is single-threaded */
	struct chk *c = arg;
	struct udp_probe *u = c->priv;
	const char *why;
	ssize_t n;
	int err;

	(void)fd, (void)what;
	n = chk_dgram_recv(&u->d, buf, sizeof(buf), &err);
	if (n >= 0) {
		bool ok = chk_udp_reply_ok(c->conf, buf, sizeof(buf), (size_t)n, &why);
		finish(c, ok, why);
	} else if (err) {
		snprintf(u->reason, sizeof(u->reason), "%s", strerror(err));
		finish(c, false, u->reason);
	}
}

static void on_quiet(evutil_socket_t fd, short what, void *arg)
{
	(void)fd, (void)what;
	finish(arg, true, "no reply, no ICMP error");
}

static int udp_start(struct chk *c)
{
	struct udp_probe *u = c->priv;
	const struct cfg_check *cf = c->conf;
	uint8_t rnd[RANDOM_PAYLOAD_LEN] = { 0 };
	uint64_t q = chk_timeout_us(c->conf) / 8 * 7;
	struct timeval tv = { .tv_sec = (time_t)(q / 1000000), .tv_usec = (suseconds_t)(q % 1000000) };
	int rc;

	if (!cf->udp->payload && getrandom(rnd, sizeof(rnd), GRND_NONBLOCK) < 0)
		rnd[0] = 1;	/* no entropy yet: any bytes do */
	rc = chk_dgram_start(c, &u->d, SOCK_DGRAM, 0, NULL, cf->udp->payload ? cf->udp->payload : rnd,
			     cf->udp->payload ? cf->udp->payload_len : sizeof(rnd), on_read);
	if (rc < 0)
		return rc;
	if (!cf->udp->require_reply && evtimer_add(u->quiet, &tv) < 0) {
		udp_close(u);
		return -ENOMEM;
	}
	return 0;
}

static int udp_init(struct chk *c)
{
	struct udp_probe *u = c->priv;

	u->d.fd = -1;
	u->quiet = evtimer_new(c->env->base, on_quiet, c);
	return u->quiet ? 0 : -ENOMEM;
}

static void udp_cancel(struct chk *c)
{
	udp_close(c->priv);
}

static void udp_fini(struct chk *c)
{
	struct udp_probe *u = c->priv;

	udp_close(u);
	if (u->quiet)
		event_free(u->quiet);
	u->quiet = NULL;
}

const struct checker_ops chk_udp_ops = {
	.kind = CFG_CHECK_UDP,
	.priv_size = sizeof(struct udp_probe),
	.init = udp_init,
	.fini = udp_fini,
	.start = udp_start,
	.cancel = udp_cancel,
};
