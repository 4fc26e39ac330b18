// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * WG_CHECK: a real WireGuard handshake with every real server.
 *
 * A probe opens a non-blocking UDP socket connected to the target (bindto,
 * bind_if, fwmark if set; IP_RECVERR so ICMP errors show), sends a handshake
 * initiation and waits for an authentic response. A cookie reply (the
 * backend is under load) is answered at once by a new initiation carrying
 * mac2, within the same probe. With tunnel_ping, the probe then sends an
 * encrypted ICMP echo through the fresh session and waits for the encrypted
 * echo reply. Anything else that arrives is ignored, and remembered as the
 * reason if nothing better comes.
 *
 * Per check (one backend) and kept across probes: the wg_peer (the static-
 * static DH is computed once, in init), the newest timestamp sent, and when
 * the last initiation left (initiations are kept CHK_WG_SPACING_NS apart).
 *
 * Without an answer it sends again every quarter of connect_timeout (at
 * most CHK_WG_RESENDS times).
 *
 * The probe ends itself at 15/16 of connect_timeout, so that it can say why
 * ("no response", "invalid response: ...", "tunnel ping: no reply"); the
 * engine's cancel() at connect_timeout is the backstop.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "chk.h"
#include "chk_wg.h"
#include "log.h"
#include "wg_crypto.h"
#include "wg_err.h"
#include "wg_wire.h"

#define RECV_BURST 16		/* datagrams per read callback: a flood cannot starve the loop */

static const uint8_t ping_payload[] = "keel WG_CHECK tunnel ping";

struct wg_priv {
	struct wg_peer peer;
	bool peer_ok;
	bool ping;			/* tunnel_ping configured */
	struct wg_echo echo_tmpl;	/* addresses and id of the tunnel ping */
	/* CLOCK_MONOTONIC of the last initiation sent or response received:
	 * the backend consumed our last initiation before it answered, maybe
	 * well after we sent it (its handshake queue), and counts from then. */
	uint64_t last_init_ns;
	char name[INET6_ADDRSTRLEN + 8];	/* target, for log lines */
	/* the probe in flight */
	bool busy;
	int fd;
	struct event *ev_read, *ev_send, *ev_deadline;
	struct chk_wg_probe pr;
	unsigned resends;		/* in the current phase */
	uint8_t ping_msg[192];		/* the inner echo request, for resends */
	size_t ping_len;
	const char *fail;		/* set: fail at the deadline event with this */
	char reason[96];
};

static uint64_t now_ns(clockid_t clk, struct timespec *ts)
{
	clock_gettime(clk, ts);
	return (uint64_t)ts->tv_sec * 1000000000ULL + (uint64_t)ts->tv_nsec;
}

/* Releases the probe in flight: socket, read event, timers, secrets. */
static void release(struct wg_priv *w)
{
	if (w->ev_read) {
		event_free(w->ev_read);
		w->ev_read = NULL;
	}
	evtimer_del(w->ev_send);
	evtimer_del(w->ev_deadline);
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	chk_wg_probe_free(&w->pr);
	w->busy = false;
	w->fail = NULL;
}

static void finish(struct chk *c, bool ok, const char *reason)
{
	struct wg_priv *w = c->priv;

	if (reason != w->reason)
		snprintf(w->reason, sizeof(w->reason), "%s", reason);
	release(w);
	chk_probe_done(c, ok, w->reason, -1);
}

/* Fails the probe from the loop, never from inside start(). */
static void fail_soon(struct wg_priv *w, const char *reason)
{
	w->fail = reason;
	evtimer_del(w->ev_send);
	event_active(w->ev_deadline, EV_TIMEOUT, 0);
}

/* Arms the resend timer after a transmission, while resends are left. */
static void arm_resend(const struct chk *c, struct wg_priv *w)
{
	uint64_t us = chk_timeout_us(c->conf) / 4;
	struct timeval tv;

	if (us < CHK_WG_SPACING_NS / 1000)
		us = CHK_WG_SPACING_NS / 1000;
	tv.tv_sec = (time_t)(us / 1000000);
	tv.tv_usec = (suseconds_t)(us % 1000000);
	if (w->resends < CHK_WG_RESENDS && !w->fail)
		evtimer_add(w->ev_send, &tv);
}

static void send_initiation(struct chk *c)
{
	struct wg_priv *w = c->priv;
	struct wg_init_opts io = { 0 };
	uint8_t msg[WG_INITIATION_LEN];
	struct timespec mono;
	int err;

	io.mono_ns = now_ns(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &io.wall);
	chk_wg_probe_retire(&w->pr);
	err = wg_build_initiation(&w->peer, &w->pr.hs, &io, msg);
	if (err) {
		snprintf(w->reason, sizeof(w->reason), "initiation: %s", wg_strerror(err));
		fail_soon(w, w->reason);
		return;
	}
	w->last_init_ns = io.mono_ns;
	w->pr.inits++;
	if (send(w->fd, msg, sizeof(msg), 0) < 0 && errno != EAGAIN)
		fail_soon(w, chk_wg_errno_reason(errno));
	arm_resend(c, w);
}

/* Seals the echo request under the next counter and sends it. */
static void transmit_ping(struct chk *c)
{
	struct wg_priv *w = c->priv;
	uint8_t msg[256];
	size_t msg_len;
	int err = wg_data_seal(&w->pr.sess, w->ping_msg, w->ping_len, msg, sizeof(msg), &msg_len);

	if (err) {
		snprintf(w->reason, sizeof(w->reason), "tunnel ping: %s", wg_strerror(err));
		fail_soon(w, w->reason);
		return;
	}
	if (send(w->fd, msg, msg_len, 0) < 0 && errno != EAGAIN)
		fail_soon(w, chk_wg_errno_reason(errno));
	arm_resend(c, w);
}

static void send_ping(struct chk *c)
{
	struct wg_priv *w = c->priv;
	int err;

	w->pr.phase = CHK_WG_PH_PING;
	w->pr.bad = 0;
	w->resends = 0;
	evtimer_del(w->ev_send);
	w->pr.echo = w->echo_tmpl;
	w->pr.echo.seq = ++w->echo_tmpl.seq;
	err = wg_echo_request(&w->pr.echo, w->ping_msg, sizeof(w->ping_msg), &w->ping_len);
	if (err) {
		snprintf(w->reason, sizeof(w->reason), "tunnel ping: %s", wg_strerror(err));
		fail_soon(w, w->reason);
		return;
	}
	transmit_ping(c);
}

/* The first pending ICMP error's errno (0 if none); empties the queue. */
static int drain_errors(int fd)
{
	int first = 0;

	for (int i = 0; i < 16; i++) {
		uint8_t data[64], ctl[512];
		struct iovec iov = { data, sizeof(data) };
		struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
				    .msg_control = ctl, .msg_controllen = sizeof(ctl) };

		if (recvmsg(fd, &m, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
			break;
		for (struct cmsghdr *cm = CMSG_FIRSTHDR(&m); cm; cm = CMSG_NXTHDR(&m, cm)) {
			struct sock_extended_err ee;

			if (!((cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_RECVERR) ||
			      (cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_RECVERR)))
				continue;
			memcpy(&ee, CMSG_DATA(cm), sizeof(ee));
			if (!first)
				first = (int)ee.ee_errno;
		}
	}
	return first;
}

/* Acts on one datagram; false once the probe has ended. */
static bool on_datagram(struct chk *c, const uint8_t *buf, size_t n)
{
	struct wg_priv *w = c->priv;
	struct timespec ts;
	uint64_t now = now_ns(CLOCK_MONOTONIC, &ts);

	switch (chk_wg_classify(&w->peer, &w->pr, buf, n, now)) {
	case CHK_WG_COOKIE:
		send_initiation(c);
		return !w->fail;
	case CHK_WG_HANDSHAKE:
		w->last_init_ns = now;
		if (!w->ping) {
			finish(c, true, w->pr.cookies ? "handshake ok (cookie)" : "handshake ok");
			return false;
		}
		send_ping(c);
		return !w->fail;
	case CHK_WG_ECHO:
		finish(c, true, w->pr.cookies ? "tunnel ping ok (cookie)" : "tunnel ping ok");
		return false;
	case CHK_WG_REKEY:
		w->last_init_ns = now;
		transmit_ping(c);
		return !w->fail;
	case CHK_WG_IGNORE:
	default:
		return true;
	}
}

static void on_read(evutil_socket_t fd, short what, void *arg)
{
	struct chk *c = arg;
	struct wg_priv *w = c->priv;
	uint8_t buf[CHK_WG_RECV_BUF];

	(void)what;
	for (int i = 0; i < RECV_BURST && !w->fail; i++) {
		ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			/* an ICMP error whose errno a send() already took */
			int icmp = drain_errors(fd);

			if (icmp)
				finish(c, false, chk_wg_errno_reason(icmp));
			return;
		}
		if (n < 0) {
			int err = errno, icmp = drain_errors(fd);

			finish(c, false, chk_wg_errno_reason(icmp ? icmp : err));
			return;
		}
		if ((size_t)n > sizeof(buf)) {
			w->pr.bad = WG_E_LONG;
			continue;
		}
		if (!on_datagram(c, buf, (size_t)n))
			return;
	}
}

/* The spacing delay before the first initiation, or a resend. */
static void on_send(evutil_socket_t fd, short what, void *arg)
{
	struct chk *c = arg;
	struct wg_priv *w = c->priv;

	(void)fd;
	(void)what;
	if (!w->busy || w->fail)
		return;
	if (w->pr.inits)
		w->resends++;
	if (w->pr.phase == CHK_WG_PH_PING)
		transmit_ping(c);
	else
		send_initiation(c);
}

static void on_deadline(evutil_socket_t fd, short what, void *arg)
{
	struct chk *c = arg;
	struct wg_priv *w = c->priv;

	(void)fd;
	(void)what;
	if (!w->busy)
		return;
	if (w->fail) {
		finish(c, false, w->fail);
		return;
	}
	chk_wg_timeout_reason(&w->pr, w->reason, sizeof(w->reason));
	finish(c, false, w->reason);
}

/* A UDP socket connected to the target: bindto, bind_if and fwmark applied,
 * ICMP errors queued (IP_RECVERR) so that they end the probe with a reason. */
static int open_socket(const struct chk *c)
{
	const struct cfg_check *cf = c->conf;
	union chk_sa to, from;
	socklen_t to_len = chk_target(c, &to), from_len = chk_source(c, &from);
	int fd = socket(to.sa.sa_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int on = 1, err;

	if (fd < 0)
		return -errno;
	if (to.sa.sa_family == AF_INET6)
		err = setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &on, sizeof(on));
	else
		err = setsockopt(fd, IPPROTO_IP, IP_RECVERR, &on, sizeof(on));
	if (!err && cf->conn->fwmark)
		err = setsockopt(fd, SOL_SOCKET, SO_MARK, &cf->conn->fwmark, sizeof(cf->conn->fwmark));
	if (!err && cf->conn->bind_if)
		err = setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, cf->conn->bind_if,
				 (socklen_t)strlen(cf->conn->bind_if));
	if (!err && from_len)
		err = bind(fd, &from.sa, from_len);
	if (!err)
		err = connect(fd, &to.sa, to_len);
	if (err) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

static int wg_start(struct chk *c)
{
	struct wg_priv *w = c->priv;
	uint64_t t = chk_timeout_us(c->conf), keep = t - t / 16, wait;
	struct timeval tv = { (time_t)(keep / 1000000), (suseconds_t)(keep % 1000000) };
	struct timespec ts;

	if (w->busy)
		release(w);
	if (!w->peer_ok)
		return -EINVAL;
	w->fd = open_socket(c);
	if (w->fd < 0) {
		int err = w->fd;

		w->fd = -1;
		return err;
	}
	w->ev_read = event_new(c->env->base, w->fd, EV_READ | EV_PERSIST, on_read, c);
	if (!w->ev_read || event_add(w->ev_read, NULL) < 0) {
		release(w);
		return -ENOMEM;
	}
	memset(&w->pr, 0, sizeof(w->pr));
	wg_handshake_init(&w->pr.hs);
	w->resends = 0;
	w->busy = true;
	w->fail = NULL;
	evtimer_add(w->ev_deadline, &tv);
	wait = chk_wg_spacing_wait(w->last_init_ns, now_ns(CLOCK_MONOTONIC, &ts));
	if (wait) {
		struct timeval d = { 0, (suseconds_t)(wait / 1000 + 1) };

		evtimer_add(w->ev_send, &d);
	} else {
		send_initiation(c);
	}
	return 0;
}

static void wg_cancel(struct chk *c)
{
	struct wg_priv *w = c->priv;

	if (w->busy)
		release(w);
}

static void target_name(const struct chk *c, char *out, size_t cap)
{
	char host[INET6_ADDRSTRLEN] = "?";
	unsigned port = 0;
	union chk_sa to;

	chk_target(c, &to);
	if (to.sa.sa_family == AF_INET) {
		const struct sockaddr_in *s = &to.in;

		inet_ntop(AF_INET, &s->sin_addr, host, sizeof(host));
		port = ntohs(s->sin_port);
	} else if (to.sa.sa_family == AF_INET6) {
		const struct sockaddr_in6 *s = &to.in6;

		inet_ntop(AF_INET6, &s->sin6_addr, host, sizeof(host));
		port = ntohs(s->sin6_port);
	}
	snprintf(out, cap, "%s:%u", host, port);
}

/* The tunnel ping's addresses, id and payload; -EINVAL on a family mismatch. */
static int setup_ping(struct wg_priv *w, const struct cfg_check *cf)
{
	struct cfg_ip src = cf->wg->tunnel_source;
	uint16_t id;

	if (!src.af)
		chk_wg_default_source(&src, &cf->wg->tunnel_ping);
	if (src.af != cf->wg->tunnel_ping.af) {
		log_warnx("WG_CHECK %s: tunnel_source and tunnel_ping differ in family", w->name);
		return -EINVAL;
	}
	if (wg_random(&id, sizeof(id)) != WG_OK)
		return -ENOMEM;
	w->echo_tmpl.family = src.af;
	memcpy(w->echo_tmpl.src, src.b, src.af == AF_INET ? 4 : 16);
	memcpy(w->echo_tmpl.dst, cf->wg->tunnel_ping.b, src.af == AF_INET ? 4 : 16);
	w->echo_tmpl.id = id;
	w->echo_tmpl.data = ping_payload;
	w->echo_tmpl.data_len = sizeof(ping_payload) - 1;
	w->ping = true;
	return 0;
}

static void wg_fini(struct chk *c);

static int wg_init(struct chk *c)
{
	const struct cfg_check *cf = c->conf;
	struct wg_priv *w = c->priv;
	int err;

	w->fd = -1;
	target_name(c, w->name, sizeof(w->name));
	w->ev_send = evtimer_new(c->env->base, on_send, c);
	w->ev_deadline = evtimer_new(c->env->base, on_deadline, c);
	if (!w->ev_send || !w->ev_deadline) {
		err = -ENOMEM;
		goto fail;
	}
	if (!cf->wg->wg_has_public || !cf->wg->wg_has_probe) {
		log_warnx("WG_CHECK %s: needs public_key and probe_private_key", w->name);
		err = -EINVAL;
		goto fail;
	}
	err = wg_peer_init(&w->peer, cf->wg->wg_probe_key, cf->wg->wg_public_key,
			   cf->wg->wg_has_psk ? cf->wg->wg_psk : NULL);
	if (err) {
		log_warnx("WG_CHECK %s: keys: %s", w->name, wg_strerror(err));
		err = err == WG_E_CRYPTO ? -ENOMEM : -EINVAL;
		goto fail;
	}
	w->peer_ok = true;
	err = cf->wg->tunnel_ping.af ? setup_ping(w, cf) : 0;
	if (!err)
		return 0;
fail:
	wg_fini(c);	/* the engine need not call fini after a failed init */
	return err;
}

static void wg_fini(struct chk *c)
{
	struct wg_priv *w = c->priv;

	if (w->busy)
		release(w);
	if (w->ev_send)
		event_free(w->ev_send);
	if (w->ev_deadline)
		event_free(w->ev_deadline);
	w->ev_send = w->ev_deadline = NULL;
	if (w->peer_ok)
		wg_peer_free(&w->peer);
	w->peer_ok = false;
}

const struct checker_ops chk_wg_ops = {
	.kind = CFG_CHECK_WG,
	.priv_size = sizeof(struct wg_priv),
	.init = wg_init,
	.fini = wg_fini,
	.start = wg_start,
	.cancel = wg_cancel,
};
