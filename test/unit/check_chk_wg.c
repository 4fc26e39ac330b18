// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * WG_CHECK's pure decisions (checkers/chk_wg_proto.c): how a received
 * datagram moves a probe, fed with kernel WireGuard captures
 * ($KEEL_TEST_DATA/wg) and with damaged or random datagrams; the spacing of
 * initiations, the default tunnel source, and the failure reasons.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "chk_wg.h"
#include "suites.h"
#include "wg_err.h"
#include "wg_vectors.h"
#include "wg_wire.h"

/* A probe set up from a capture: peer keys, fixed initiation inputs. */
struct cap {
	struct wg_vectors v;
	struct wg_peer peer;
	struct chk_wg_probe pr;
	struct wg_init_opts io;
	uint32_t sender;
};

static void cap_open(struct cap *c, const char *name)
{
	const char *dir = getenv("KEEL_TEST_DATA");
	const uint8_t *priv, *remote, *psk;
	const struct wg_vec_item *wall, *sender;
	char path[4096];
	long long sec;
	long nsec;

	memset(c, 0, sizeof(*c));
	snprintf(path, sizeof(path), "%s/wg/%s", dir ? dir : "test/unit/data", name);
	ck_assert_msg(wg_vectors_load(&c->v, path) == 0, "cannot read %s", path);
	priv = wg_vectors_bytes(&c->v, "private", 0, WG_KEY_LEN);
	remote = wg_vectors_bytes(&c->v, "remote", 0, WG_KEY_LEN);
	psk = wg_vectors_bytes(&c->v, "psk", 0, WG_KEY_LEN);
	wall = wg_vectors_get(&c->v, "wall", 0);
	sender = wg_vectors_get(&c->v, "sender", 0);
	ck_assert(priv && remote && wall && sender);
	ck_assert_int_eq(sscanf(wall->text, "%lld.%ld", &sec, &nsec), 2);
	c->io.wall.tv_sec = (time_t)sec;
	c->io.wall.tv_nsec = nsec;
	c->io.ephemeral = wg_vectors_bytes(&c->v, "ephemeral", 0, WG_KEY_LEN);
	c->sender = (uint32_t)strtoul(sender->text, NULL, 10);
	c->io.sender = &c->sender;
	c->io.mono_ns = 1000;
	ck_assert_int_eq(wg_peer_init(&c->peer, priv, remote, psk), WG_OK);
	wg_handshake_init(&c->pr.hs);
}

static void cap_close(struct cap *c)
{
	chk_wg_probe_free(&c->pr);
	wg_peer_free(&c->peer);
	wg_vectors_free(&c->v);
}

static void send_init(struct cap *c, size_t nth)
{
	uint8_t out[WG_INITIATION_LEN];
	const uint8_t *want = wg_vectors_bytes(&c->v, "initiation", nth, WG_INITIATION_LEN);

	ck_assert_int_eq(wg_build_initiation(&c->peer, &c->pr.hs, &c->io, out), WG_OK);
	ck_assert_ptr_nonnull(want);
	ck_assert_mem_eq(out, want, WG_INITIATION_LEN);
}

static const uint8_t *item(struct cap *c, const char *name, size_t *len)
{
	const struct wg_vec_item *it = wg_vectors_get(&c->v, name, 0);

	ck_assert_ptr_nonnull(it);
	ck_assert_ptr_nonnull(it->data);
	*len = it->len;
	return it->data;
}

/* The echo wg_probe sent in the capture (its payload, id and seq). */
static void capture_echo(struct cap *c, struct wg_echo *e)
{
	static const uint8_t payload[] = "keel tunnel ping";

	memset(e, 0, sizeof(*e));
	e->family = AF_INET;
	ck_assert_int_eq(inet_pton(AF_INET, wg_vectors_get(&c->v, "ping_src", 0)->text, e->src), 1);
	ck_assert_int_eq(inet_pton(AF_INET, wg_vectors_get(&c->v, "ping_dst", 0)->text, e->dst), 1);
	e->id = (uint16_t)atoi(wg_vectors_get(&c->v, "ping_id", 0)->text);
	e->seq = (uint16_t)atoi(wg_vectors_get(&c->v, "ping_seq", 0)->text);
	e->data = payload;
	e->data_len = sizeof(payload) - 1;
}

static enum chk_wg_verdict feed(struct cap *c, const uint8_t *p, size_t n)
{
	return chk_wg_classify(&c->peer, &c->pr, p, n, 2000);
}

START_TEST(handshake_then_tunnel_ping)
{
	struct cap c;
	const uint8_t *resp, *data_in;
	size_t rlen, dlen;

	cap_open(&c, "handshake.txt");
	send_init(&c, 0);
	resp = item(&c, "response", &rlen);
	data_in = item(&c, "data_in", &dlen);
	ck_assert_int_eq(feed(&c, resp, rlen), CHK_WG_HANDSHAKE);
	ck_assert(c.pr.sess.valid);
	ck_assert_int_eq(c.pr.bad, 0);
	c.pr.phase = CHK_WG_PH_PING;
	capture_echo(&c, &c.pr.echo);
	/* the response again, in the tunnel: a replay, ignored */
	ck_assert_int_eq(feed(&c, resp, rlen), CHK_WG_IGNORE);
	ck_assert_int_eq(c.pr.bad, WG_E_REPLAY);
	ck_assert_int_eq(feed(&c, data_in, dlen), CHK_WG_ECHO);
	/* the same reply replayed is no second answer */
	ck_assert_int_eq(feed(&c, data_in, dlen), CHK_WG_IGNORE);
	ck_assert_int_eq(c.pr.bad, WG_E_REPLAY);
	cap_close(&c);
}
END_TEST

START_TEST(garbage_is_ignored_then_response_counts)
{
	struct cap c;
	const uint8_t *resp, *data_in;
	uint8_t bad[WG_RESPONSE_LEN + 1];
	size_t rlen, dlen;

	cap_open(&c, "handshake.txt");
	/* nothing sent yet: even the real response is no answer */
	resp = item(&c, "response", &rlen);
	ck_assert_int_eq(feed(&c, resp, rlen), CHK_WG_IGNORE);
	ck_assert_int_eq(c.pr.bad, WG_E_STATE);
	send_init(&c, 0);
	ck_assert_int_eq(feed(&c, resp, 0), CHK_WG_IGNORE);
	ck_assert_int_eq(feed(&c, resp, 3), CHK_WG_IGNORE);
	ck_assert_int_eq(c.pr.bad, WG_E_SHORT);
	ck_assert_int_eq(feed(&c, resp, rlen - 1), CHK_WG_IGNORE);
	ck_assert_int_eq(c.pr.bad, WG_E_SHORT);
	memcpy(bad, resp, rlen);
	bad[rlen] = 0;
	ck_assert_int_eq(feed(&c, bad, rlen + 1), CHK_WG_IGNORE);
	ck_assert_int_eq(c.pr.bad, WG_E_LONG);
	bad[40] ^= 1;		/* inside the encrypted part: mac1 no longer fits */
	ck_assert_int_eq(feed(&c, bad, rlen), CHK_WG_IGNORE);
	ck_assert_int_eq(c.pr.bad, WG_E_MAC1);
	/* an echo server sends our initiation back */
	ck_assert_int_eq(feed(&c, wg_vectors_bytes(&c.v, "initiation", 0, WG_INITIATION_LEN),
			      WG_INITIATION_LEN),
			 CHK_WG_IGNORE);
	ck_assert_int_eq(c.pr.bad, WG_E_TYPE);
	data_in = item(&c, "data_in", &dlen);
	ck_assert_int_eq(feed(&c, data_in, dlen), CHK_WG_IGNORE);
	ck_assert_int_eq(c.pr.bad, WG_E_TYPE);
	/* the real response still completes the handshake */
	ck_assert_int_eq(feed(&c, resp, rlen), CHK_WG_HANDSHAKE);
	cap_close(&c);
}
END_TEST

START_TEST(tunnel_keepalive_and_foreign_data)
{
	struct cap c;
	struct wg_session peer_side;
	uint8_t msg[128], reply[128];
	size_t rlen, dlen, n;
	const uint8_t *resp, *data_in;

	cap_open(&c, "handshake.txt");
	send_init(&c, 0);
	resp = item(&c, "response", &rlen);
	ck_assert_int_eq(feed(&c, resp, rlen), CHK_WG_HANDSHAKE);
	c.pr.phase = CHK_WG_PH_PING;
	capture_echo(&c, &c.pr.echo);
	/* the backend's side of the session: its send key is our receive key */
	memset(&peer_side, 0, sizeof(peer_side));
	memcpy(peer_side.send_key, c.pr.sess.recv_key, WG_KEY_LEN);
	peer_side.remote_index = c.pr.sess.local_index;
	peer_side.send_counter = 7;
	peer_side.valid = true;
	ck_assert_int_eq(wg_data_seal(&peer_side, reply, 0, msg, sizeof(msg), &n), WG_OK);
	ck_assert_int_eq(feed(&c, msg, n), CHK_WG_IGNORE);	/* keepalive */
	ck_assert_int_eq(c.pr.bad, 0);
	/* an authentic packet that is not our echo reply */
	memset(reply, 0x45, 40);
	ck_assert_int_eq(wg_data_seal(&peer_side, reply, 40, msg, sizeof(msg), &n), WG_OK);
	ck_assert_int_eq(feed(&c, msg, n), CHK_WG_IGNORE);
	ck_assert(c.pr.bad == WG_E_NOTREPLY || c.pr.bad == WG_E_CHECKSUM);
	/* another receiver index */
	data_in = item(&c, "data_in", &dlen);
	memcpy(reply, data_in, dlen);
	reply[4] ^= 0xff;
	ck_assert_int_eq(feed(&c, reply, dlen), CHK_WG_IGNORE);
	ck_assert_int_eq(c.pr.bad, WG_E_INDEX);
	reply[4] ^= 0xff;
	reply[dlen - 1] ^= 1;	/* forged tag */
	ck_assert_int_eq(feed(&c, reply, dlen), CHK_WG_IGNORE);
	ck_assert_int_eq(c.pr.bad, WG_E_AUTH);
	ck_assert_int_eq(feed(&c, data_in, dlen), CHK_WG_ECHO);
	wg_session_clear(&peer_side);
	cap_close(&c);
}
END_TEST

START_TEST(cookie_reply_then_retry_with_mac2)
{
	struct cap c;
	const uint8_t *cookie, *resp;
	size_t clen, rlen;

	cap_open(&c, "cookie.txt");
	send_init(&c, 0);
	cookie = item(&c, "cookie_reply", &clen);
	resp = item(&c, "response", &rlen);
	ck_assert_int_eq(feed(&c, cookie, clen - 1), CHK_WG_IGNORE);
	ck_assert_int_eq(feed(&c, cookie, clen), CHK_WG_COOKIE);
	ck_assert_uint_eq(c.pr.cookies, 1);
	ck_assert_int_eq(feed(&c, cookie, clen), CHK_WG_IGNORE);	/* taken already */
	ck_assert_int_eq(c.pr.bad, WG_E_REPLAY);
	/* the retry carries mac2: byte for byte the kernel-accepted one */
	c.io.mono_ns = 3000;	/* after the cookie came (feed: 2000) */
	send_init(&c, 1);
	ck_assert_int_eq(feed(&c, cookie, clen), CHK_WG_IGNORE);	/* for the old index */
	ck_assert_int_eq(feed(&c, resp, rlen), CHK_WG_HANDSHAKE);
	cap_close(&c);
}
END_TEST

/* After a resend, the late answer to the earlier initiation still counts
 * when the earlier one was retired; without that it is ignored, and is no
 * failure reason once the probe has resent. */
START_TEST(late_answer_after_resend)
{
	struct cap c;
	uint8_t out[WG_INITIATION_LEN];
	uint32_t other = 7;
	const uint8_t *resp;
	size_t rlen;

	cap_open(&c, "handshake.txt");
	send_init(&c, 0);
	resp = item(&c, "response", &rlen);
	c.io.sender = &other;
	ck_assert_int_eq(wg_build_initiation(&c.peer, &c.pr.hs, &c.io, out), WG_OK);
	c.pr.inits = 1;		/* one initiation: another index is suspicious */
	ck_assert_int_eq(feed(&c, resp, rlen), CHK_WG_IGNORE);
	ck_assert_int_eq(c.pr.bad, WG_E_INDEX);
	c.pr.bad = 0;
	c.pr.inits = 2;
	ck_assert_int_eq(feed(&c, resp, rlen), CHK_WG_IGNORE);
	ck_assert_int_eq(c.pr.bad, 0);
	cap_close(&c);

	/* retired before the resend: the first initiation's response completes */
	cap_open(&c, "handshake.txt");
	resp = item(&c, "response", &rlen);
	send_init(&c, 0);
	chk_wg_probe_retire(&c.pr);
	ck_assert_uint_eq(c.pr.nprev, 1);
	c.io.sender = &other;
	ck_assert_int_eq(wg_build_initiation(&c.peer, &c.pr.hs, &c.io, out), WG_OK);
	c.pr.inits = 2;
	ck_assert_int_eq(feed(&c, resp, rlen), CHK_WG_HANDSHAKE);
	ck_assert(c.pr.sess.valid);
	/* in the tunnel phase the same response again is a replay, not a re-key */
	c.pr.phase = CHK_WG_PH_PING;
	ck_assert_int_eq(feed(&c, resp, rlen), CHK_WG_IGNORE);	/* the same again */
	ck_assert_int_eq(c.pr.bad, WG_E_REPLAY);
	cap_close(&c);
}
END_TEST

START_TEST(cookie_replies_are_capped)
{
	struct cap c;
	const uint8_t *cookie;
	size_t clen;

	cap_open(&c, "cookie.txt");
	send_init(&c, 0);
	cookie = item(&c, "cookie_reply", &clen);
	c.pr.cookies = CHK_WG_MAX_COOKIES;
	ck_assert_int_eq(feed(&c, cookie, clen), CHK_WG_IGNORE);
	ck_assert_int_eq(c.pr.bad, WG_E_REPLAY);
	cap_close(&c);
}
END_TEST

/* Random datagrams, some with a valid type byte: never an answer, no crash. */
START_TEST(random_datagrams)
{
	struct cap c;
	uint8_t pkt[256];
	uint32_t x = 0x12345678u + (uint32_t)_i;
	size_t rlen;
	const uint8_t *resp;

	cap_open(&c, "handshake.txt");
	send_init(&c, 0);
	resp = item(&c, "response", &rlen);
	for (int round = 0; round < 2000; round++) {
		size_t n;

		for (size_t i = 0; i < sizeof(pkt); i++) {
			x = x * 1103515245u + 12345u;
			pkt[i] = (uint8_t)(x >> 16);
		}
		n = (x >> 8) % sizeof(pkt);
		if (n)
			pkt[0] = (uint8_t)(1 + round % 5);
		if (n > 3)
			memset(pkt + 1, 0, 3);
		if (round % 7 == 0 && n >= rlen)
			n = rlen;
		ck_assert_int_eq(feed(&c, pkt, n), CHK_WG_IGNORE);
		ck_assert_int_lt(c.pr.bad, 0);
	}
	ck_assert_int_eq(feed(&c, resp, rlen), CHK_WG_HANDSHAKE);
	c.pr.phase = CHK_WG_PH_PING;
	capture_echo(&c, &c.pr.echo);
	for (int round = 0; round < 2000; round++) {
		size_t n;

		for (size_t i = 0; i < sizeof(pkt); i++) {
			x = x * 1103515245u + 12345u;
			pkt[i] = (uint8_t)(x >> 16);
		}
		n = (x >> 8) % sizeof(pkt);
		if (n > 8) {
			memcpy(pkt, "\4\0\0\0", 4);
			memcpy(pkt + 4, &c.pr.sess.local_index, 4);
		}
		ck_assert_int_eq(feed(&c, pkt, n), CHK_WG_IGNORE);
	}
	cap_close(&c);
}
END_TEST

START_TEST(spacing)
{
	const uint64_t ms = 1000000;

	ck_assert_uint_eq(chk_wg_spacing_wait(0, 5 * ms), 0);
	ck_assert_uint_eq(chk_wg_spacing_wait(100 * ms, 100 * ms), CHK_WG_SPACING_NS);
	ck_assert_uint_eq(chk_wg_spacing_wait(100 * ms, 105 * ms), CHK_WG_SPACING_NS - 5 * ms);
	ck_assert_uint_eq(chk_wg_spacing_wait(100 * ms, 100 * ms + CHK_WG_SPACING_NS), 0);
	ck_assert_uint_eq(chk_wg_spacing_wait(100 * ms, 99 * ms), 0);	/* clock oddity */
	ck_assert_uint_ge(CHK_WG_SPACING_NS, 20 * ms);
}
END_TEST

static void src_of(const char *ping, const char *want)
{
	struct cfg_ip p = { 0 }, s, w = { 0 };

	p.af = w.af = strchr(ping, ':') ? AF_INET6 : AF_INET;
	ck_assert_int_eq(inet_pton(p.af, ping, p.b), 1);
	ck_assert_int_eq(inet_pton(w.af, want, w.b), 1);
	chk_wg_default_source(&s, &p);
	ck_assert_int_eq(s.af, w.af);
	ck_assert_msg(memcmp(s.b, w.b, s.af == AF_INET ? 4 : 16) == 0, "%s -> not %s", ping, want);
}

START_TEST(default_tunnel_source)
{
	src_of("10.99.0.1", "10.99.0.254");
	src_of("10.99.0.254", "10.99.0.253");
	src_of("192.168.7.77", "192.168.7.254");
	src_of("fd77::1", "fd77::fffe");
	src_of("fd77::fffe", "fd77::fffd");
	src_of("2001:db8:1:2:3:4:5:6", "2001:db8:1:2:3:4:5:fffe");
}
END_TEST

START_TEST(reasons)
{
	struct chk_wg_probe pr;
	char buf[96];

	memset(&pr, 0, sizeof(pr));
	chk_wg_timeout_reason(&pr, buf, sizeof(buf));
	ck_assert_str_eq(buf, "no response");
	pr.cookies = 1;
	chk_wg_timeout_reason(&pr, buf, sizeof(buf));
	ck_assert_str_eq(buf, "no response after cookie reply");
	pr.bad = WG_E_TYPE;
	chk_wg_timeout_reason(&pr, buf, sizeof(buf));
	ck_assert_str_eq(buf, "invalid response: wrong message type");
	pr.bad = WG_E_AUTH;
	chk_wg_timeout_reason(&pr, buf, sizeof(buf));
	ck_assert_str_eq(buf, "invalid response: authentication failed");
	pr.phase = CHK_WG_PH_PING;
	chk_wg_timeout_reason(&pr, buf, sizeof(buf));
	ck_assert_str_eq(buf, "tunnel ping: invalid reply: authentication failed");
	pr.bad = 0;
	chk_wg_timeout_reason(&pr, buf, sizeof(buf));
	ck_assert_str_eq(buf, "tunnel ping: no reply");
	chk_wg_timeout_reason(&pr, buf, 8);
	ck_assert_str_eq(buf, "tunnel ");
	ck_assert_str_eq(chk_wg_errno_reason(ECONNREFUSED), "port unreachable");
	ck_assert_str_eq(chk_wg_errno_reason(EHOSTUNREACH), "host unreachable");
	ck_assert_str_eq(chk_wg_errno_reason(ENETUNREACH), "network unreachable");
	ck_assert_str_eq(chk_wg_errno_reason(EIO), "socket error");
}
END_TEST

Suite *chk_wg_suite(void)
{
	Suite *s = suite_create("chk_wg");
	TCase *tc = tcase_create("classify");

	tcase_add_test(tc, handshake_then_tunnel_ping);
	tcase_add_test(tc, garbage_is_ignored_then_response_counts);
	tcase_add_test(tc, tunnel_keepalive_and_foreign_data);
	tcase_add_test(tc, cookie_reply_then_retry_with_mac2);
	tcase_add_test(tc, cookie_replies_are_capped);
	tcase_add_test(tc, late_answer_after_resend);
	tcase_add_loop_test(tc, random_datagrams, 0, 3);
	suite_add_tcase(s, tc);
	tc = tcase_create("helpers");
	tcase_add_test(tc, spacing);
	tcase_add_test(tc, default_tunnel_source);
	tcase_add_test(tc, reasons);
	suite_add_tcase(s, tc);
	return s;
}
