// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * WireGuard primitives: known-answer tests of the crypto (RFC 7748, RFC
 * 7693, RFC 8439, draft-irtf-cfrg-xchacha; keyed BLAKE2s and HMAC-BLAKE2s
 * values from Python's hashlib), keys, timestamps, and handshakes replayed
 * from captures of kernel WireGuard ($KEEL_TEST_DATA/wg, written by
 * test/integration/wg-handshake.sh): our initiation must come out byte for
 * byte, the kernel's response, cookie reply and tunnel traffic must verify.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "suites.h"
#include "wg_crypto.h"
#include "wg_crypto_int.h"
#include "wg_icmp.h"
#include "wg_key.h"
#include "wg_noise.h"
#include "wg_transport.h"
#include "wg_vectors.h"
#include "wg_wire.h"

static void unhex(uint8_t *out, size_t n, const char *hex)
{
	ck_assert_uint_eq(strlen(hex), 2 * n);
	for (size_t i = 0; i < n; i++) {
		unsigned int b;

		ck_assert_int_eq(sscanf(hex + 2 * i, "%2x", &b), 1);
		out[i] = (uint8_t)b;
	}
}

#define ck_assert_hex(got, hex)                                        \
	do {                                                           \
		uint8_t want_[sizeof(hex) / 2];                        \
		unhex(want_, sizeof(want_), hex);                      \
		ck_assert_mem_eq(got, want_, sizeof(want_));           \
	} while (0)

/* ---- primitives ---------------------------------------------------- */

START_TEST(x25519_rfc7748)
{
	uint8_t a[32], b[32], pub[32], out[32], u[32];
	struct wg_dh_key k;

	/* Section 6.1 */
	unhex(a, 32, "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
	unhex(b, 32, "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
	ck_assert_int_eq(wg_x25519_public(pub, a), WG_OK);
	ck_assert_hex(pub, "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
	ck_assert_int_eq(wg_dh_key_set(&k, b), WG_OK);
	ck_assert_hex(k.pub, "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
	ck_assert_int_eq(wg_dh(out, &k, pub), WG_OK);
	ck_assert_hex(out, "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
	wg_dh_key_free(&k);
	/* Section 5.2, first vector: an unclamped scalar, clamped on use. */
	unhex(a, 32, "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
	unhex(u, 32, "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");
	ck_assert_int_eq(wg_dh_key_set(&k, a), WG_OK);
	ck_assert_int_eq(wg_dh(out, &k, u), WG_OK);
	ck_assert_hex(out, "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
	wg_dh_key_free(&k);
}
END_TEST

START_TEST(x25519_low_order_and_generate)
{
	uint8_t zero[32] = { 0 }, one[32] = { 1 }, out[32], out2[32];
	struct wg_dh_key k, k2;

	ck_assert_int_eq(wg_dh_key_generate(&k), WG_OK);
	ck_assert_int_eq(wg_dh(out, &k, zero), WG_E_DH);
	ck_assert_int_eq(wg_dh(out, &k, one), WG_E_DH);
	ck_assert_int_eq(wg_dh_key_generate(&k2), WG_OK);
	ck_assert_mem_ne(k.pub, k2.pub, 32);
	ck_assert_int_eq(wg_dh(out, &k, k2.pub), WG_OK);
	ck_assert_int_eq(wg_dh(out2, &k2, k.pub), WG_OK);
	ck_assert_mem_eq(out, out2, 32);
	wg_dh_key_free(&k);
	wg_dh_key_free(&k2);
	ck_assert_int_eq(wg_dh(out, &k, one), WG_E_CRYPTO);	/* freed key */
}
END_TEST

START_TEST(blake2s_vectors)
{
	uint8_t h[32];

	/* RFC 7693 appendix B, and the empty message */
	ck_assert_int_eq(wg_hash(h, "abc", 3, NULL, 0), WG_OK);
	ck_assert_hex(h, "508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982");
	ck_assert_int_eq(wg_hash(h, "a", 1, "bc", 2), WG_OK);
	ck_assert_hex(h, "508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982");
	ck_assert_int_eq(wg_hash(h, "", 0, NULL, 0), WG_OK);
	ck_assert_hex(h, "69217a3079908094e11121d042354a7c1f55b6482ca1a51e1b250dfd1ed0eef9");
}
END_TEST

START_TEST(mac_hmac_kdf_vectors)
{
	uint8_t key[32], data[64], m[16], h[32], t1[32], t2[32], t3[32];
	uint8_t *const out3[] = { t1, t2, t3 };
	uint8_t *const alias[] = { key };

	for (int i = 0; i < 64; i++)
		data[i] = (uint8_t)i;
	memcpy(key, data, 32);
	/* hashlib.blake2s(msg, digest_size=16, key=key) */
	ck_assert_int_eq(wg_mac(m, key, 32, "abc", 3), WG_OK);
	ck_assert_hex(m, "61ba5f165c194692e09d12520cc4c74a");
	ck_assert_int_eq(wg_mac(m, key, 16, data, 64), WG_OK);
	ck_assert_hex(m, "dd55c51c98f8ab96ed272882941f0b6a");
	ck_assert_int_eq(wg_mac(m, key, 0, data, 64), WG_E_CRYPTO);
	/* hmac.new(key, msg, hashlib.blake2s) */
	ck_assert_int_eq(wg_hmac(h, key, "Wire", 4, "Guard", 5), WG_OK);
	ck_assert_hex(h, "5415924543576b3f5ee867c94e1aab70586d33b32fae3fccd2c635b3e1d7198d");
	ck_assert_int_eq(wg_kdf(out3, 3, key, "abc", 3), WG_OK);
	ck_assert_hex(t1, "c67e0b211ebf48c12c6d41da8fcee207d4c325a8c30f054d97401b14ed212f9f");
	ck_assert_hex(t2, "923b032867c597d1df124053325e553b104bf3b76180a46e0c21b44001ec50f6");
	ck_assert_hex(t3, "73e5eae9c5d230ea6becb29ab8a49f627aff1eb27586b938a71ae090d4c7a184");
	ck_assert_int_eq(wg_kdf(alias, 1, key, "abc", 3), WG_OK);	/* out aliases ck */
	ck_assert_mem_eq(key, t1, 32);
	ck_assert_int_eq(wg_kdf(out3, 4, key, "abc", 3), WG_E_CRYPTO);
}
END_TEST

static const char sunscreen[] = "Ladies and Gentlemen of the class of '99: If I could offer you only "
				"one tip for the future, sunscreen would be it.";
static const char sunscreen_ad[] = "50515253c0c1c2c3c4c5c6c7";

START_TEST(chachapoly_rfc8439)
{
	const size_t n = sizeof(sunscreen) - 1;
	uint8_t key[32], nonce[12], ad[12], ct[200], pt[200];

	/* RFC 8439 section 2.8.2 */
	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)(0x80 + i);
	unhex(nonce, 12, "070000004041424344454647");
	unhex(ad, 12, sunscreen_ad);
	ck_assert_int_eq(wg_chachapoly(1, ct, key, nonce, (const uint8_t *)sunscreen, n, ad, 12),
			 WG_OK);
	ck_assert_hex(ct, "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
			  "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
			  "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
			  "3ff4def08e4b7a9de576d26586cec64b6116");
	ck_assert_hex(ct + n, "1ae10b594f09e26a7e902ecbd0600691");
	ck_assert_int_eq(wg_chachapoly(0, pt, key, nonce, ct, n + 16, ad, 12), WG_OK);
	ck_assert_mem_eq(pt, sunscreen, n);
	ct[5] ^= 1;
	ck_assert_int_eq(wg_chachapoly(0, pt, key, nonce, ct, n + 16, ad, 12), WG_E_AUTH);
	/* The counter form: nonce 0^32 || LE64(counter) */
	ck_assert_int_eq(wg_aead_seal(ct, key, 0x0102030405060708ULL, "hi", 2, NULL, 0), WG_OK);
	unhex(nonce, 12, "000000000807060504030201");
	ck_assert_int_eq(wg_chachapoly(0, pt, key, nonce, ct, 18, NULL, 0), WG_OK);
	ck_assert_int_eq(wg_aead_open(pt, key, 0x0102030405060708ULL, ct, 18, NULL, 0), WG_OK);
	ck_assert_int_eq(wg_aead_open(pt, key, 1, ct, 18, NULL, 0), WG_E_AUTH);
	ck_assert_int_eq(wg_aead_open(pt, key, 1, ct, 15, NULL, 0), WG_E_SHORT);
}
END_TEST

START_TEST(xchacha_vectors)
{
	const size_t n = sizeof(sunscreen) - 1;
	uint8_t key[32], nonce[24], n16[16], sub[32], ad[12], ct[200], pt[200];

	/* draft-irtf-cfrg-xchacha-03 section 2.2.1 */
	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
	unhex(n16, 16, "000000090000004a0000000031415927");
	wg_hchacha20(sub, key, n16);
	ck_assert_hex(sub, "82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc");
	/* appendix A.3.1 */
	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)(0x80 + i);
	for (int i = 0; i < 24; i++)
		nonce[i] = (uint8_t)(0x40 + i);
	unhex(ad, 12, sunscreen_ad);
	ck_assert_int_eq(wg_xaead_seal(ct, key, nonce, sunscreen, n, ad, 12), WG_OK);
	ck_assert_hex(ct, "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb"
			  "731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452"
			  "2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9"
			  "21f9664c97637da9768812f615c68b13b52e");
	ck_assert_hex(ct + n, "c0875924c1c7987947deafd8780acf49");
	ck_assert_int_eq(wg_xaead_open(pt, key, nonce, ct, n + 16, ad, 12), WG_OK);
	ck_assert_mem_eq(pt, sunscreen, n);
	ad[0] ^= 1;
	ck_assert_int_eq(wg_xaead_open(pt, key, nonce, ct, n + 16, ad, 12), WG_E_AUTH);
}
END_TEST

START_TEST(base64_keys)
{
	static const char *const bad[] = {
		"",
		"UN2x0blFT2K45y2mFKdmdwdgqrpB/u30EJH3GiuIeW=",		/* 43 */
		"UN2x0blFT2K45y2mFKdmdwdgqrpB/u30EJH3GiuIeWs==",	/* 45 */
		"UN2x0blFT2K45y2mFKdmdwdgqrpB/u30EJH3GiuIeWsA",	/* no '=' */
		"UN2x0blFT2K45y2mFKdmdwdgqrpB/u30EJH3GiuIeWt=",	/* low bits set */
		"UN2x0blFT2K45y2mFKdmdwdgqrpB/u30EJH3Giu-eWs=",	/* URL alphabet */
		"UN2x0blFT2K45y2mFKdmdwdgqrpB/u30EJH3Giu eWs=",	/* space */
		"UN2x0blFT2K45y2mFKdmdwdgqrpB/u30EJH3Giu=eWs=",	/* early pad */
	};
	const char *good = "UN2x0blFT2K45y2mFKdmdwdgqrpB/u30EJH3GiuIeWs=";
	uint8_t key[32], pub[32];
	char text[WG_KEY_B64_LEN + 1];

	ck_assert_int_eq(wg_key_from_base64(key, good, strlen(good)), WG_OK);
	ck_assert_hex(key, "50ddb1d1b9454f62b8e72da614a766770760aaba41feedf41091f71a2b88796b");
	wg_key_to_base64(text, key);
	ck_assert_str_eq(text, good);
	/* wg pubkey of that key */
	ck_assert_int_eq(wg_x25519_public(pub, key), WG_OK);
	wg_key_to_base64(text, pub);
	ck_assert_str_eq(text, "tHmiG4WUzPCaVlZ4NOyYj0R8vz/7V8jLUW6VoDy1HDA=");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(wg_key_from_base64(key, bad[i], strlen(bad[i])) == WG_E_KEY,
			      "accepted %s", bad[i]);
	ck_assert_int_eq(wg_key_from_base64(key, good, 43), WG_E_KEY);
	memset(key, 0xff, 32);
	wg_key_to_base64(text, key);
	ck_assert_str_eq(text, "//////////////////////////////////////////8=");
}
END_TEST

START_TEST(tai64n_increasing)
{
	uint8_t zero[12] = { 0 }, a[12], b[12], c[12];
	struct timespec t = { 1700000000, 999999999 }, back = { 1600000000, 0 };

	wg_tai64n_from_timespec(a, &t);
	ck_assert_hex(a, "400000006553f10a3b9ac9ff");
	wg_tai64n_next(b, zero, &t);
	ck_assert_mem_eq(a, b, 12);
	wg_tai64n_next(b, a, &t);	/* same tick: +1 ns, carrying into seconds */
	ck_assert_hex(b, "400000006553f10b00000000");
	wg_tai64n_next(c, b, &back);	/* clock stepped back */
	ck_assert_hex(c, "400000006553f10b00000001");
	t.tv_sec = 1800000000;
	wg_tai64n_next(c, b, &t);	/* clock ahead: take it */
	ck_assert_hex(c, "400000006b49d20a3b9ac9ff");
	t.tv_sec = -5;
	wg_tai64n_from_timespec(c, &t);
	ck_assert_hex(c, "400000000000000a00000000");
}
END_TEST

/* ---- handshakes captured from kernel WireGuard --------------------- */

struct capture {
	struct wg_vectors v;
	struct wg_peer peer;
	struct wg_init_opts io;
	uint8_t eph[32];
	uint32_t sender;
};

static void capture_open(struct capture *c, const char *name)
{
	const char *dir = getenv("KEEL_TEST_DATA");
	const struct wg_vec_item *wall, *sender;
	const uint8_t *priv, *remote, *eph;
	long long sec;
	long nsec;
	char path[512];

	memset(c, 0, sizeof(*c));
	snprintf(path, sizeof(path), "%s/wg/%s", dir ? dir : "test/unit/data", name);
	ck_assert_msg(wg_vectors_load(&c->v, path) == 0, "cannot read %s", path);
	priv = wg_vectors_bytes(&c->v, "private", 0, 32);
	remote = wg_vectors_bytes(&c->v, "remote", 0, 32);
	eph = wg_vectors_bytes(&c->v, "ephemeral", 0, 32);
	wall = wg_vectors_get(&c->v, "wall", 0);
	sender = wg_vectors_get(&c->v, "sender", 0);
	ck_assert(priv && remote && eph && wall && sender);
	ck_assert_int_eq(sscanf(wall->text, "%lld.%ld", &sec, &nsec), 2);
	c->sender = (uint32_t)strtoul(sender->text, NULL, 10);
	memcpy(c->eph, eph, 32);
	c->io.wall.tv_sec = (time_t)sec;
	c->io.wall.tv_nsec = nsec;
	c->io.mono_ns = 1000000000;
	c->io.ephemeral = c->eph;
	c->io.sender = &c->sender;
	ck_assert_int_eq(wg_peer_init(&c->peer, priv, remote,
				      wg_vectors_bytes(&c->v, "psk", 0, 32)), WG_OK);
}

static void capture_close(struct capture *c)
{
	wg_peer_free(&c->peer);
	wg_vectors_free(&c->v);
}

static void echo_from(const struct capture *c, struct wg_echo *e)
{
	static const uint8_t payload[] = "keel tunnel ping";
	const char *src = wg_vectors_get(&c->v, "ping_src", 0)->text;
	const char *dst = wg_vectors_get(&c->v, "ping_dst", 0)->text;

	memset(e, 0, sizeof(*e));
	e->family = strchr(dst, ':') ? AF_INET6 : AF_INET;
	ck_assert_int_eq(inet_pton(e->family, src, e->src), 1);
	ck_assert_int_eq(inet_pton(e->family, dst, e->dst), 1);
	e->id = (uint16_t)atoi(wg_vectors_get(&c->v, "ping_id", 0)->text);
	e->seq = (uint16_t)atoi(wg_vectors_get(&c->v, "ping_seq", 0)->text);
	e->data = payload;
	e->data_len = sizeof(payload) - 1;
}

/* Our tunnel ping must encrypt to what we sent; the kernel's reply must open. */
static void replay_data(struct capture *c, struct wg_session *s, const struct wg_vec_item *it)
{
	uint8_t ip[256], msg[512], plain[512];
	size_t ip_len, len;
	struct wg_echo e;

	echo_from(c, &e);
	if (strcmp(it->name, "data_out") == 0) {
		ck_assert_int_eq(wg_echo_request(&e, ip, sizeof(ip), &ip_len), WG_OK);
		ck_assert_int_eq(wg_data_seal(s, ip, ip_len, msg, sizeof(msg), &len), WG_OK);
		ck_assert_uint_eq(len, it->len);
		ck_assert_mem_eq(msg, it->data, len);
		return;
	}
	ck_assert_int_eq(wg_data_open(s, it->data, it->len, plain, sizeof(plain), &len), WG_OK);
	ck_assert_int_eq(wg_echo_match(&e, plain, len), WG_OK);
	ck_assert_int_eq(wg_data_open(s, it->data, it->len, plain, sizeof(plain), &len),
			 WG_E_REPLAY);
}

/* Replays a capture in order; returns how many messages it checked. */
static int replay_capture(const char *name)
{
	struct capture c;
	struct wg_handshake hs;
	struct wg_session s = { 0 };
	uint8_t msg[WG_INITIATION_LEN];
	int checked = 0, responses = 0;

	capture_open(&c, name);
	wg_handshake_init(&hs);
	for (size_t i = 0; i < c.v.n; i++) {
		const struct wg_vec_item *it = &c.v.items[i];

		if (strcmp(it->name, "initiation") == 0) {
			ck_assert_int_eq(wg_build_initiation(&c.peer, &hs, &c.io, msg), WG_OK);
			ck_assert_uint_eq(it->len, sizeof(msg));
			ck_assert_mem_eq(msg, it->data, sizeof(msg));
		} else if (strcmp(it->name, "cookie_reply") == 0) {
			ck_assert_int_eq(wg_consume_cookie_reply(&c.peer, &hs, it->data, it->len,
								 c.io.mono_ns), WG_OK);
		} else if (strcmp(it->name, "response") == 0) {
			ck_assert_int_eq(wg_consume_response(&c.peer, &hs, it->data, it->len, &s),
					 WG_OK);
			responses++;
		} else if (strncmp(it->name, "data_", 5) == 0) {
			replay_data(&c, &s, it);
		} else {
			continue;
		}
		checked++;
	}
	ck_assert_int_eq(responses, 1);
	wg_session_clear(&s);
	wg_handshake_free(&hs);
	capture_close(&c);
	return checked;
}

START_TEST(kernel_handshake_and_ping)
{
	ck_assert_int_eq(replay_capture("handshake.txt"), 4);
}
END_TEST

START_TEST(kernel_handshake_psk)
{
	ck_assert_int_eq(replay_capture("psk.txt"), 4);
}
END_TEST

START_TEST(kernel_cookie_then_mac2)
{
	struct capture c;
	uint8_t zero[16] = { 0 };
	const uint8_t *before = NULL, *after = NULL;
	bool cookie = false;

	ck_assert_int_ge(replay_capture("cookie.txt"), 4);
	capture_open(&c, "cookie.txt");
	for (size_t i = 0; i < c.v.n; i++) {
		const struct wg_vec_item *it = &c.v.items[i];

		cookie |= strcmp(it->name, "cookie_reply") == 0;
		if (strcmp(it->name, "initiation") == 0 && !cookie)
			before = it->data;
		else if (strcmp(it->name, "initiation") == 0 && !after)
			after = it->data;
	}
	ck_assert(before && after);
	ck_assert_mem_eq(before + 132, zero, 16);	/* no cookie yet: no mac2 */
	ck_assert_mem_ne(after + 132, zero, 16);	/* the kernel took this mac2 */
	capture_close(&c);
}
END_TEST

/* ---- every malformed packet has its own error ---------------------- */

/* Sets the mac1 a packet from the backend must carry. */
static void remac(const struct wg_peer *p, uint8_t *pkt)
{
	ck_assert_int_eq(wg_mac(pkt + 60, p->mac1_key_self, 32, pkt, 60), WG_OK);
}

START_TEST(response_errors)
{
	struct capture c;
	struct wg_handshake hs, fresh;
	struct wg_session s;
	uint8_t init[WG_INITIATION_LEN], r[WG_RESPONSE_LEN + 1], good[WG_RESPONSE_LEN];
	uint32_t other = 7;

	capture_open(&c, "handshake.txt");
	memcpy(good, wg_vectors_bytes(&c.v, "response", 0, WG_RESPONSE_LEN), sizeof(good));
	wg_handshake_init(&hs);
	wg_handshake_init(&fresh);
	ck_assert_int_eq(wg_consume_response(&c.peer, &fresh, good, 92, &s), WG_E_STATE);
	ck_assert_int_eq(wg_build_initiation(&c.peer, &hs, &c.io, init), WG_OK);
	memcpy(r, good, 92);
	ck_assert_int_eq(wg_consume_response(&c.peer, &hs, r, 0, &s), WG_E_SHORT);
	ck_assert_int_eq(wg_consume_response(&c.peer, &hs, r, 3, &s), WG_E_SHORT);
	ck_assert_int_eq(wg_consume_response(&c.peer, &hs, r, 91, &s), WG_E_SHORT);
	ck_assert_int_eq(wg_consume_response(&c.peer, &hs, r, 93, &s), WG_E_LONG);
	ck_assert_int_eq(wg_consume_response(&c.peer, &hs, init, 148, &s), WG_E_TYPE);
	r[2] = 1;
	ck_assert_int_eq(wg_consume_response(&c.peer, &hs, r, 92, &s), WG_E_MALFORMED);
	memcpy(r, good, 92);
	r[70] ^= 1;
	ck_assert_int_eq(wg_consume_response(&c.peer, &hs, r, 92, &s), WG_E_MAC1);
	memcpy(r, good, 92);
	r[50] ^= 1;	/* in the encrypted empty: mac1 catches it first */
	ck_assert_int_eq(wg_consume_response(&c.peer, &hs, r, 92, &s), WG_E_MAC1);
	remac(&c.peer, r);
	ck_assert_int_eq(wg_consume_response(&c.peer, &hs, r, 92, &s), WG_E_AUTH);
	memcpy(r, good, 92);
	r[8] ^= 1;	/* receiver index */
	remac(&c.peer, r);
	ck_assert_int_eq(wg_consume_response(&c.peer, &hs, r, 92, &s), WG_E_INDEX);
	memcpy(r, good, 92);
	memset(r + 12, 0, 32);	/* low-order ephemeral */
	remac(&c.peer, r);
	ck_assert_int_eq(wg_consume_response(&c.peer, &hs, r, 92, &s), WG_E_DH);
	/* None of that disturbed the handshake; then a replay is refused. */
	ck_assert_int_eq(wg_consume_response(&c.peer, &hs, good, 92, &s), WG_OK);
	ck_assert(s.valid);
	ck_assert_int_eq(wg_consume_response(&c.peer, &hs, good, 92, &s), WG_E_REPLAY);
	/* The next probe has a new index: the old response is stale. */
	c.io.sender = &other;
	ck_assert_int_eq(wg_build_initiation(&c.peer, &hs, &c.io, init), WG_OK);
	ck_assert_int_eq(wg_consume_response(&c.peer, &hs, good, 92, &s), WG_E_INDEX);
	wg_session_clear(&s);
	wg_handshake_free(&hs);
	capture_close(&c);
}
END_TEST

/* Builds the capture's first initiation and returns its cookie reply. */
static const uint8_t *cookie_setup(struct capture *c, struct wg_handshake *hs)
{
	uint8_t init[WG_INITIATION_LEN];
	const uint8_t *reply;

	capture_open(c, "cookie.txt");
	reply = wg_vectors_bytes(&c->v, "cookie_reply", 0, WG_COOKIE_REPLY_LEN);
	ck_assert_ptr_nonnull(reply);
	wg_handshake_init(hs);
	/* The reply answers the initiation right before it. */
	for (size_t i = 0; c->v.items[i].data != reply; i++)
		if (strcmp(c->v.items[i].name, "initiation") == 0)
			ck_assert_int_eq(wg_build_initiation(&c->peer, hs, &c->io, init), WG_OK);
	return reply;
}

START_TEST(cookie_errors)
{
	struct capture c;
	struct wg_handshake hs, fresh;
	uint8_t r[WG_COOKIE_REPLY_LEN + 1], init[WG_INITIATION_LEN];
	const uint8_t *good = cookie_setup(&c, &hs);

	wg_handshake_init(&fresh);
	ck_assert_int_eq(wg_consume_cookie_reply(&c.peer, &fresh, good, 64, 0), WG_E_STATE);
	memcpy(r, good, 64);
	ck_assert_int_eq(wg_consume_cookie_reply(&c.peer, &hs, r, 2, 0), WG_E_SHORT);
	ck_assert_int_eq(wg_consume_cookie_reply(&c.peer, &hs, r, 63, 0), WG_E_SHORT);
	ck_assert_int_eq(wg_consume_cookie_reply(&c.peer, &hs, r, 65, 0), WG_E_LONG);
	r[0] = 2;
	ck_assert_int_eq(wg_consume_cookie_reply(&c.peer, &hs, r, 64, 0), WG_E_TYPE);
	r[0] = 3;
	r[3] = 9;
	ck_assert_int_eq(wg_consume_cookie_reply(&c.peer, &hs, r, 64, 0), WG_E_MALFORMED);
	memcpy(r, good, 64);
	r[5] ^= 1;
	ck_assert_int_eq(wg_consume_cookie_reply(&c.peer, &hs, r, 64, 0), WG_E_INDEX);
	memcpy(r, good, 64);
	r[40] ^= 1;
	ck_assert_int_eq(wg_consume_cookie_reply(&c.peer, &hs, r, 64, 0), WG_E_AUTH);
	ck_assert(!c.peer.have_cookie);
	ck_assert_int_eq(wg_consume_cookie_reply(&c.peer, &hs, good, 64, 5), WG_OK);
	ck_assert(c.peer.have_cookie);
	ck_assert_int_eq(wg_consume_cookie_reply(&c.peer, &hs, good, 64, 5), WG_E_REPLAY);
	/* The cookie belongs to this handshake's mac1: a new one cannot take it. */
	ck_assert_int_eq(wg_build_initiation(&c.peer, &hs, &c.io, init), WG_OK);
	ck_assert_int_eq(wg_consume_cookie_reply(&c.peer, &hs, good, 64, 5), WG_E_AUTH);
	wg_handshake_free(&hs);
	capture_close(&c);
}
END_TEST

START_TEST(cookie_ages_out)
{
	struct capture c;
	struct wg_handshake hs;
	uint8_t init[WG_INITIATION_LEN], zero[16] = { 0 }, mac2[16];
	const uint8_t *good = cookie_setup(&c, &hs);
	const uint64_t t0 = c.io.mono_ns;

	ck_assert_int_eq(wg_consume_cookie_reply(&c.peer, &hs, good, 64, t0), WG_OK);
	c.io.mono_ns = t0 + WG_COOKIE_MAX_AGE_NS - 1;
	ck_assert_int_eq(wg_build_initiation(&c.peer, &hs, &c.io, init), WG_OK);
	ck_assert_mem_ne(init + 132, zero, 16);
	ck_assert_int_eq(wg_mac(mac2, c.peer.cookie, 16, init, 132), WG_OK);
	ck_assert_mem_eq(init + 132, mac2, 16);
	c.io.mono_ns = t0 + WG_COOKIE_MAX_AGE_NS;
	ck_assert_int_eq(wg_build_initiation(&c.peer, &hs, &c.io, init), WG_OK);
	ck_assert_mem_eq(init + 132, zero, 16);
	wg_handshake_free(&hs);
	capture_close(&c);
}
END_TEST

START_TEST(initiation_fields)
{
	struct capture c;
	struct wg_handshake hs;
	struct wg_init_opts io;
	uint8_t a[WG_INITIATION_LEN], b[WG_INITIATION_LEN], mac1[16], ts1[12];
	uint8_t zero[32] = { 0 };
	struct wg_peer bad;

	capture_open(&c, "handshake.txt");
	wg_handshake_init(&hs);
	io = c.io;
	io.ephemeral = NULL;
	io.sender = NULL;
	ck_assert_int_eq(wg_build_initiation(&c.peer, &hs, &io, a), WG_OK);
	memcpy(ts1, c.peer.last_ts, 12);
	ck_assert_int_eq(wg_build_initiation(&c.peer, &hs, &io, b), WG_OK);
	ck_assert_int_eq(a[0], 1);
	ck_assert_mem_ne(a + 4, b + 4, 4);	/* random sender index */
	ck_assert_mem_ne(a + 8, b + 8, 32);	/* random ephemeral */
	ck_assert_int_gt(memcmp(c.peer.last_ts, ts1, 12), 0);	/* same wall: still newer */
	ck_assert_int_eq(wg_mac(mac1, c.peer.mac1_key, 32, b, 116), WG_OK);
	ck_assert_mem_eq(b + 116, mac1, 16);
	ck_assert_int_eq(wg_get_le32(b + 4), hs.sender);
	ck_assert_int_eq(wg_peer_init(&bad, zero, zero, NULL), WG_E_DH);
	wg_handshake_free(&hs);
	capture_close(&c);
}
END_TEST

/* ---- transport data ------------------------------------------------ */

static void session_pair(struct wg_session *a, struct wg_session *b)
{
	memset(a, 0, sizeof(*a));
	memset(a->send_key, 1, 32);
	memset(a->recv_key, 2, 32);
	a->local_index = 11;
	a->remote_index = 22;
	a->valid = true;
	*b = *a;
	memcpy(b->send_key, a->recv_key, 32);
	memcpy(b->recv_key, a->send_key, 32);
	b->local_index = 22;
	b->remote_index = 11;
}

START_TEST(transport_roundtrip_and_errors)
{
	struct wg_session a, b, none = { 0 };
	uint8_t m[4][128], out[128], ip[40];
	size_t len[4], n;

	session_pair(&a, &b);
	for (int i = 0; i < 40; i++)
		ip[i] = (uint8_t)i;
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(wg_data_seal(&a, ip, 40, m[i], sizeof(m[i]), &len[i]), WG_OK);
	ck_assert_uint_eq(len[0], 16 + 48 + 16);
	ck_assert_uint_eq(wg_get_le64(m[3] + 8), 3);
	ck_assert_int_eq(wg_data_open(&b, m[2], len[2], out, sizeof(out), &n), WG_OK);
	ck_assert_uint_eq(n, 48);
	ck_assert_mem_eq(out, ip, 40);
	ck_assert_int_eq(wg_data_open(&b, m[0], len[0], out, sizeof(out), &n), WG_OK);
	ck_assert_int_eq(wg_data_open(&b, m[0], len[0], out, sizeof(out), &n), WG_E_REPLAY);
	m[1][40] ^= 1;
	ck_assert_int_eq(wg_data_open(&b, m[1], len[1], out, sizeof(out), &n), WG_E_AUTH);
	m[1][40] ^= 1;
	ck_assert_int_eq(wg_data_open(&b, m[1], len[1], out, sizeof(out), &n), WG_OK);
	ck_assert_int_eq(wg_data_open(&b, m[3], len[3], out, 10, &n), WG_E_SPACE);
	ck_assert_int_eq(wg_data_open(&a, m[3], len[3], out, sizeof(out), &n), WG_E_INDEX);
	ck_assert_int_eq(wg_data_open(&none, m[3], len[3], out, sizeof(out), &n), WG_E_NOSESSION);
	ck_assert_int_eq(wg_data_open(&b, m[3], 31, out, sizeof(out), &n), WG_E_SHORT);
	m[3][0] = 1;
	ck_assert_int_eq(wg_data_open(&b, m[3], len[3], out, sizeof(out), &n), WG_E_TYPE);
	ck_assert_int_eq(wg_data_seal(&a, NULL, 0, m[0], sizeof(m[0]), &len[0]), WG_OK);
	ck_assert_uint_eq(len[0], 32);	/* keepalive */
	ck_assert_int_eq(wg_data_open(&b, m[0], len[0], out, sizeof(out), &n), WG_OK);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(wg_data_seal(&a, ip, 40, m[0], 79, &len[0]), WG_E_SPACE);
	ck_assert_int_eq(wg_data_seal(&none, ip, 40, m[0], 128, &len[0]), WG_E_NOSESSION);
	a.send_counter = UINT64_MAX - 8192;
	ck_assert_int_eq(wg_data_seal(&a, ip, 40, m[0], 128, &len[0]), WG_E_EXHAUSTED);
}
END_TEST

START_TEST(replay_window)
{
	struct wg_replay r = { 0 };

	ck_assert_int_eq(wg_replay_check(&r, 0), WG_OK);
	wg_replay_accept(&r, 0);
	ck_assert_int_eq(wg_replay_check(&r, 0), WG_E_REPLAY);
	wg_replay_accept(&r, 100);
	ck_assert_int_eq(wg_replay_check(&r, 36), WG_E_REPLAY);	/* behind the window */
	ck_assert_int_eq(wg_replay_check(&r, 37), WG_OK);
	wg_replay_accept(&r, 37);
	ck_assert_int_eq(wg_replay_check(&r, 37), WG_E_REPLAY);
	ck_assert_int_eq(wg_replay_check(&r, 99), WG_OK);
	wg_replay_accept(&r, 102);
	ck_assert_int_eq(wg_replay_check(&r, 100), WG_E_REPLAY);
	ck_assert_int_eq(wg_replay_check(&r, 101), WG_OK);
	ck_assert_int_eq(wg_replay_check(&r, 37), WG_E_REPLAY);
	ck_assert_int_eq(wg_replay_check(&r, UINT64_MAX - 8192), WG_E_REPLAY);
	ck_assert_int_eq(wg_replay_check(&r, UINT64_MAX - 8193), WG_OK);
}
END_TEST

/* ---- inner ICMP echo ----------------------------------------------- */

/* Turns an echo request into the reply a host would send. */
static void make_reply(uint8_t *p, size_t len, int family)
{
	size_t hdr = family == AF_INET ? 20 : 40, alen = family == AF_INET ? 4 : 16;
	size_t off = family == AF_INET ? 12 : 8;
	uint8_t tmp[16];
	uint32_t pseudo = 0;

	memcpy(tmp, p + off, alen);
	memcpy(p + off, p + off + alen, alen);
	memcpy(p + off + alen, tmp, alen);
	p[hdr] = family == AF_INET ? 0 : 129;
	p[hdr + 2] = p[hdr + 3] = 0;
	if (family == AF_INET6) {
		for (size_t i = 8; i < 40; i += 2)
			pseudo += (uint32_t)(p[i] << 8 | p[i + 1]);
		pseudo += (uint32_t)(len - hdr) + 58;
	}
	{
		uint16_t sum = wg_inet_checksum(p + hdr, len - hdr, pseudo);

		p[hdr + 2] = (uint8_t)(sum >> 8);
		p[hdr + 3] = (uint8_t)sum;
	}
}

static void check_echo(int family, const char *src, const char *dst)
{
	static const uint8_t data[] = "0123456789";
	struct wg_echo e = { .family = family, .id = 0x1234, .seq = 7, .data = data,
			     .data_len = 10 };
	uint8_t p[128] = { 0 };
	size_t len, hdr = family == AF_INET ? 20 : 40;

	ck_assert_int_eq(inet_pton(family, src, e.src), 1);
	ck_assert_int_eq(inet_pton(family, dst, e.dst), 1);
	ck_assert_int_eq(wg_echo_request(&e, p, 20, &len), WG_E_SPACE);
	ck_assert_int_eq(wg_echo_request(&e, p, sizeof(p), &len), WG_OK);
	ck_assert_uint_eq(len, hdr + 18);
	if (family == AF_INET)
		ck_assert_uint_eq(wg_inet_checksum(p, 20, 0), 0);
	ck_assert_int_eq(wg_echo_match(&e, p, len), WG_E_NOTREPLY);	/* our own request */
	make_reply(p, len, family);
	ck_assert_int_eq(wg_echo_match(&e, p, len), WG_OK);
	ck_assert_int_eq(wg_echo_match(&e, p, len + 6), WG_OK);	/* tunnel padding */
	ck_assert_int_eq(wg_echo_match(&e, p, len - 1), WG_E_NOTREPLY);
	e.seq = 8;
	ck_assert_int_eq(wg_echo_match(&e, p, len), WG_E_NOTREPLY);
	e.seq = 7;
	p[len - 1] ^= 1;
	ck_assert_int_eq(wg_echo_match(&e, p, len), WG_E_CHECKSUM);
}

START_TEST(icmp_echo)
{
	uint8_t p[64] = { 0 };
	size_t len;
	struct wg_echo e = { .family = AF_INET, .id = 0x6b6c, .seq = 1 };

	check_echo(AF_INET, "10.77.0.2", "10.77.0.1");
	check_echo(AF_INET6, "fd77::2", "fd77::1");
	/* Fixed bytes: header checksum as `ping` would send it. */
	inet_pton(AF_INET, "10.77.0.2", e.src);
	inet_pton(AF_INET, "10.77.0.1", e.dst);
	ck_assert_int_eq(wg_echo_request(&e, p, sizeof(p), &len), WG_OK);
	ck_assert_hex(p, "4500001c00014000400126440a4d00020a4d000108008c926b6c0001");
	e.family = 0;
	ck_assert_int_eq(wg_echo_request(&e, p, sizeof(p), &len), WG_E_NOTREPLY);
}
END_TEST

/* ---- robustness ---------------------------------------------------- */

static uint32_t rng_next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Mutated kernel packets: never accepted, never a crash (ASan watches). */
START_TEST(mutations_never_accepted)
{
	struct capture c;
	struct wg_handshake hs;
	struct wg_session s;
	uint8_t init[WG_INITIATION_LEN], buf[200], out[200];
	const uint8_t *resp;
	uint32_t seed = 0x9e3779b9;
	size_t n;

	capture_open(&c, "handshake.txt");
	resp = wg_vectors_bytes(&c.v, "response", 0, WG_RESPONSE_LEN);
	wg_handshake_init(&hs);
	ck_assert_int_eq(wg_build_initiation(&c.peer, &hs, &c.io, init), WG_OK);
	for (int i = 0; i < 3000; i++) {
		size_t len = 92;
		int flips = 1 + (int)(rng_next(&seed) % 3), err;

		memcpy(buf, resp, 92);
		/* Not into mac2 (76..91): a response's mac2 is not ours to check. */
		for (int f = 0; f < flips; f++)
			buf[rng_next(&seed) % 76] ^= (uint8_t)(1 + rng_next(&seed) % 255);
		if (i % 5 == 0)
			len = rng_next(&seed) % sizeof(buf);
		if (len == 92 && memcmp(buf, resp, 92) == 0)
			continue;
		err = wg_consume_response(&c.peer, &hs, buf, len, &s);
		ck_assert_int_lt(err, 0);
		ck_assert_int_ge(err, WG_E_MIN);
		ck_assert_int_lt(wg_consume_cookie_reply(&c.peer, &hs, buf, len, 0), 0);
		ck_assert_int_lt(wg_data_open(&s, buf, len, out, sizeof(out), &n), 0);
	}
	ck_assert_int_eq(wg_consume_response(&c.peer, &hs, resp, 92, &s), WG_OK);
	wg_session_clear(&s);
	wg_handshake_free(&hs);
	capture_close(&c);
}
END_TEST

START_TEST(error_strings)
{
	for (int e = WG_E_MIN; e <= 0; e++) {
		ck_assert_str_ne(wg_strerror(e), "unknown error");
		for (int f = e + 1; f <= 0; f++)
			ck_assert_str_ne(wg_strerror(e), wg_strerror(f));
	}
	ck_assert_str_eq(wg_strerror(WG_E_MIN - 1), "unknown error");
	ck_assert_str_eq(wg_strerror(1), "unknown error");
}
END_TEST

static void teardown(void)
{
	wg_crypto_cleanup();
}

Suite *wg_noise_suite(void)
{
	Suite *s = suite_create("wg_noise");
	TCase *prim = tcase_create("primitives");
	TCase *kern = tcase_create("kernel captures");
	TCase *misc = tcase_create("transport and icmp");

	tcase_add_checked_fixture(prim, NULL, teardown);
	tcase_add_test(prim, x25519_rfc7748);
	tcase_add_test(prim, x25519_low_order_and_generate);
	tcase_add_test(prim, blake2s_vectors);
	tcase_add_test(prim, mac_hmac_kdf_vectors);
	tcase_add_test(prim, chachapoly_rfc8439);
	tcase_add_test(prim, xchacha_vectors);
	tcase_add_test(prim, base64_keys);
	tcase_add_test(prim, tai64n_increasing);
	suite_add_tcase(s, prim);
	tcase_add_checked_fixture(kern, NULL, teardown);
	tcase_add_test(kern, kernel_handshake_and_ping);
	tcase_add_test(kern, kernel_handshake_psk);
	tcase_add_test(kern, kernel_cookie_then_mac2);
	tcase_add_test(kern, response_errors);
	tcase_add_test(kern, cookie_errors);
	tcase_add_test(kern, cookie_ages_out);
	tcase_add_test(kern, initiation_fields);
	tcase_add_test(kern, mutations_never_accepted);
	suite_add_tcase(s, kern);
	tcase_add_checked_fixture(misc, NULL, teardown);
	tcase_add_test(misc, transport_roundtrip_and_errors);
	tcase_add_test(misc, replay_window);
	tcase_add_test(misc, icmp_echo);
	tcase_add_test(misc, error_strings);
	suite_add_tcase(s, misc);
	return s;
}
