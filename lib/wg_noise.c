// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * WireGuard handshake, initiator side, written from the WireGuard paper
 * (section 5.4): Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s, with mac1/mac2 and
 * cookie replies. Naming follows the paper: ck is the chaining key C, h the
 * hash H, k a message key.
 */
#include "config.h"

#include <string.h>

#include "wg_noise.h"
#include "wg_wire.h"

static const char construction[] = "Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s";
static const char identifier[] = "WireGuard v1 zx2c4 Jason@zx2c4.com";
static const char label_mac1[] = "mac1----";
static const char label_cookie[] = "cookie--";
static const uint8_t empty[1];

/* Field offsets of the handshake messages. */
enum {
	INIT_SENDER = 4, INIT_EPH = 8, INIT_STATIC = 40, INIT_TS = 88, INIT_MAC1 = 116,
	INIT_MAC2 = 132,
	RESP_SENDER = 4, RESP_RECEIVER = 8, RESP_EPH = 12, RESP_EMPTY = 44, RESP_MAC1 = 60,
	COOKIE_RECEIVER = 4, COOKIE_NONCE = 8, COOKIE_DATA = 32,
};

/* ck = KDF1(ck, in) */
static int mix_key(uint8_t ck[WG_HASH_LEN], const void *in, size_t len)
{
	uint8_t *const out[] = { ck };

	return wg_kdf(out, 1, ck, in, len);
}

/* h = Hash(h || in) */
static int mix_hash(uint8_t h[WG_HASH_LEN], const void *in, size_t len)
{
	return wg_hash(h, h, WG_HASH_LEN, in, len);
}

static int derive_labels(struct wg_peer *p)
{
	int err = wg_hash(p->ck0, construction, strlen(construction), NULL, 0);

	if (!err)
		err = wg_hash(p->h0, p->ck0, WG_HASH_LEN, identifier, strlen(identifier));
	if (!err)
		err = mix_hash(p->h0, p->remote, WG_KEY_LEN);
	if (!err)
		err = wg_hash(p->mac1_key, label_mac1, 8, p->remote, WG_KEY_LEN);
	if (!err)
		err = wg_hash(p->mac1_key_self, label_mac1, 8, p->self.pub, WG_KEY_LEN);
	if (!err)
		err = wg_hash(p->cookie_key, label_cookie, 8, p->remote, WG_KEY_LEN);
	return err;
}

int wg_peer_init(struct wg_peer *p, const uint8_t self_priv[WG_KEY_LEN],
		 const uint8_t remote_pub[WG_KEY_LEN], const uint8_t *psk)
{
	int err;

	memset(p, 0, sizeof(*p));
	memcpy(p->remote, remote_pub, WG_KEY_LEN);
	if (psk)
		memcpy(p->psk, psk, WG_KEY_LEN);
	err = wg_dh_key_set(&p->self, self_priv);
	if (!err)
		err = wg_dh(p->ss, &p->self, p->remote);
	if (!err)
		err = derive_labels(p);
	if (err)
		wg_peer_free(p);
	return err;
}

void wg_peer_free(struct wg_peer *p)
{
	wg_dh_key_free(&p->self);
	wg_wipe(p, sizeof(*p));
}

void wg_handshake_init(struct wg_handshake *hs)
{
	memset(hs, 0, sizeof(*hs));
}

void wg_handshake_free(struct wg_handshake *hs)
{
	wg_dh_key_free(&hs->eph);
	wg_wipe(hs, sizeof(*hs));
}

/* The Noise part of an initiation: ephemeral, static and timestamp fields. */
static int initiation_body(const struct wg_peer *p, struct wg_handshake *n,
			   const uint8_t ts[WG_TAI64N_LEN], uint8_t *out)
{
	uint8_t k[WG_KEY_LEN], dh[WG_KEY_LEN];
	uint8_t *const ck_k[] = { n->ck, k };
	int err;

	memcpy(n->ck, p->ck0, WG_HASH_LEN);
	memcpy(n->h, p->h0, WG_HASH_LEN);
	memcpy(out + INIT_EPH, n->eph.pub, WG_KEY_LEN);
	err = mix_key(n->ck, n->eph.pub, WG_KEY_LEN);
	if (!err)
		err = mix_hash(n->h, n->eph.pub, WG_KEY_LEN);
	if (!err)
		err = wg_dh(dh, &n->eph, p->remote);
	if (!err)
		err = wg_kdf(ck_k, 2, n->ck, dh, WG_KEY_LEN);
	if (!err)
		err = wg_aead_seal(out + INIT_STATIC, k, 0, p->self.pub, WG_KEY_LEN, n->h,
				   WG_HASH_LEN);
	if (!err)
		err = mix_hash(n->h, out + INIT_STATIC, WG_KEY_LEN + WG_TAG_LEN);
	if (!err)
		err = wg_kdf(ck_k, 2, n->ck, p->ss, WG_KEY_LEN);
	if (!err)
		err = wg_aead_seal(out + INIT_TS, k, 0, ts, WG_TAI64N_LEN, n->h, WG_HASH_LEN);
	if (!err)
		err = mix_hash(n->h, out + INIT_TS, WG_TAI64N_LEN + WG_TAG_LEN);
	wg_wipe(k, sizeof(k));
	wg_wipe(dh, sizeof(dh));
	return err;
}

static bool cookie_fresh(const struct wg_peer *p, uint64_t mono_ns)
{
	return p->have_cookie && mono_ns >= p->cookie_at_ns &&
	       mono_ns - p->cookie_at_ns < WG_COOKIE_MAX_AGE_NS;
}

int wg_build_initiation(struct wg_peer *p, struct wg_handshake *hs, const struct wg_init_opts *o,
			uint8_t out[WG_INITIATION_LEN])
{
	struct wg_handshake n;
	uint8_t ts[WG_TAI64N_LEN];
	int err;

	wg_handshake_init(&n);
	err = o->ephemeral ? wg_dh_key_set(&n.eph, o->ephemeral) : wg_dh_key_generate(&n.eph);
	if (!err && o->sender)
		n.sender = *o->sender;
	else if (!err)
		err = wg_random(&n.sender, sizeof(n.sender));
	if (err)
		goto fail;
	wg_tai64n_next(ts, p->last_ts, &o->wall);
	memset(out, 0, WG_INITIATION_LEN);
	wg_put_header(out, WG_MSG_INITIATION);
	wg_put_le32(out + INIT_SENDER, n.sender);
	err = initiation_body(p, &n, ts, out);
	if (!err)
		err = wg_mac(n.mac1, p->mac1_key, WG_HASH_LEN, out, INIT_MAC1);
	if (!err)
		memcpy(out + INIT_MAC1, n.mac1, WG_MAC_LEN);
	/* mac2 covers mac1 */
	if (!err && cookie_fresh(p, o->mono_ns))
		err = wg_mac(out + INIT_MAC2, p->cookie, WG_COOKIE_LEN, out, INIT_MAC2);
	if (err)
		goto fail;
	memcpy(p->last_ts, ts, WG_TAI64N_LEN);
	n.state = WG_HS_SENT;
	wg_handshake_free(hs);
	*hs = n;
	return WG_OK;
fail:
	wg_handshake_free(&n);
	wg_wipe(out, WG_INITIATION_LEN);
	return err;
}

/* The Noise part of a response; ck and h are working copies. */
static int response_body(const struct wg_peer *p, const struct wg_handshake *hs,
			 const uint8_t *pkt, uint8_t ck[WG_HASH_LEN], struct wg_session *s)
{
	const uint8_t *eph = pkt + RESP_EPH;
	uint8_t h[WG_HASH_LEN], t[WG_HASH_LEN], k[WG_KEY_LEN], dh[WG_KEY_LEN];
	uint8_t *const ck_t_k[] = { ck, t, k };
	uint8_t *const keys[] = { s->send_key, s->recv_key };
	int err;

	memcpy(h, hs->h, WG_HASH_LEN);
	err = mix_key(ck, eph, WG_KEY_LEN);
	if (!err)
		err = mix_hash(h, eph, WG_KEY_LEN);
	if (!err)
		err = wg_dh(dh, &hs->eph, eph);
	if (!err)
		err = mix_key(ck, dh, WG_KEY_LEN);
	if (!err)
		err = wg_dh(dh, &p->self, eph);
	if (!err)
		err = mix_key(ck, dh, WG_KEY_LEN);
	if (!err)
		err = wg_kdf(ck_t_k, 3, ck, p->psk, WG_KEY_LEN);
	if (!err)
		err = mix_hash(h, t, WG_HASH_LEN);
	if (!err)
		err = wg_aead_open(t, k, 0, pkt + RESP_EMPTY, WG_TAG_LEN, h, WG_HASH_LEN);
	if (!err)
		err = wg_kdf(keys, 2, ck, empty, 0);
	wg_wipe(h, sizeof(h));
	wg_wipe(t, sizeof(t));
	wg_wipe(k, sizeof(k));
	wg_wipe(dh, sizeof(dh));
	return err;
}

/* Whose probe a handshake message answers, by its receiver index. */
static int match_index(const struct wg_handshake *hs, uint32_t receiver)
{
	if (hs->state == WG_HS_NONE)
		return WG_E_STATE;
	if (receiver != hs->sender)
		return WG_E_INDEX;
	return hs->state == WG_HS_DONE ? WG_E_REPLAY : WG_OK;
}

int wg_consume_response(const struct wg_peer *p, struct wg_handshake *hs, const uint8_t *pkt,
			size_t len, struct wg_session *s)
{
	struct wg_session n;
	uint8_t mac[WG_MAC_LEN], ck[WG_HASH_LEN];
	int err = wg_check_header(pkt, len, WG_MSG_RESPONSE, WG_RESPONSE_LEN, WG_RESPONSE_LEN);

	if (err)
		return err;
	err = wg_mac(mac, p->mac1_key_self, WG_HASH_LEN, pkt, RESP_MAC1);
	if (err)
		return err;
	if (!wg_equal(mac, pkt + RESP_MAC1, WG_MAC_LEN))
		return WG_E_MAC1;
	err = match_index(hs, wg_get_le32(pkt + RESP_RECEIVER));
	if (err)
		return err;
	memset(&n, 0, sizeof(n));
	memcpy(ck, hs->ck, WG_HASH_LEN);
	err = response_body(p, hs, pkt, ck, &n);
	wg_wipe(ck, sizeof(ck));
	if (err) {
		wg_session_clear(&n);
		return err;
	}
	n.local_index = hs->sender;
	n.remote_index = wg_get_le32(pkt + RESP_SENDER);
	n.valid = true;
	*s = n;
	wg_session_clear(&n);
	/* Done: keep only what recognises a replay of this response. */
	wg_dh_key_free(&hs->eph);
	wg_wipe(hs->ck, sizeof(hs->ck));
	wg_wipe(hs->h, sizeof(hs->h));
	hs->state = WG_HS_DONE;
	return WG_OK;
}

int wg_consume_cookie_reply(struct wg_peer *p, struct wg_handshake *hs, const uint8_t *pkt,
			    size_t len, uint64_t mono_ns)
{
	uint8_t cookie[WG_COOKIE_LEN];
	int err = wg_check_header(pkt, len, WG_MSG_COOKIE, WG_COOKIE_REPLY_LEN,
				  WG_COOKIE_REPLY_LEN);

	if (err)
		return err;
	err = match_index(hs, wg_get_le32(pkt + COOKIE_RECEIVER));
	if (err == WG_E_REPLAY)
		return WG_E_STATE;	/* the handshake already completed */
	if (err)
		return err;
	if (hs->cookie_taken)
		return WG_E_REPLAY;
	err = wg_xaead_open(cookie, p->cookie_key, pkt + COOKIE_NONCE, pkt + COOKIE_DATA,
			    WG_COOKIE_LEN + WG_TAG_LEN, hs->mac1, WG_MAC_LEN);
	if (err)
		return err;
	memcpy(p->cookie, cookie, WG_COOKIE_LEN);
	wg_wipe(cookie, sizeof(cookie));
	p->cookie_at_ns = mono_ns;
	p->have_cookie = true;
	hs->cookie_taken = true;
	return WG_OK;
}

int wg_msg_type(const uint8_t *pkt, size_t len)
{
	return len ? pkt[0] : 0;
}
