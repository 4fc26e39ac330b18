// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The cryptographic primitives of WireGuard's Noise_IKpsk2 handshake, on
 * OpenSSL 3 libcrypto: X25519, BLAKE2s-256, keyed BLAKE2s-128, HMAC-BLAKE2s
 * and the KDF built on it, ChaCha20-Poly1305 and XChaCha20-Poly1305.
 *
 * Algorithms are fetched once (wg_crypto_init, or lazily on first use) and
 * kept; nothing here fetches per call. Single-threaded use: the daemon runs
 * one event loop. Every function returns WG_OK or a negative enum wg_err.
 */
#ifndef KEEL_WG_CRYPTO_H
#define KEEL_WG_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wg_err.h"

#define WG_KEY_LEN 32		/* X25519 keys, hashes, symmetric keys */
#define WG_HASH_LEN 32
#define WG_MAC_LEN 16		/* keyed BLAKE2s-128: mac1, mac2, cookies */
#define WG_TAG_LEN 16		/* Poly1305 tag */
#define WG_XNONCE_LEN 24	/* XChaCha20-Poly1305 nonce */

struct evp_pkey_ctx_st;

/* An X25519 private key ready for key agreement, and its public key. */
struct wg_dh_key {
	struct evp_pkey_ctx_st *ctx;	/* derive context: NULL when empty */
	uint8_t pub[WG_KEY_LEN];
};

int wg_crypto_init(void);
/* Frees the cached algorithms (at exit, so leak checkers stay quiet). */
void wg_crypto_cleanup(void);

/* X25519 */
int wg_dh_key_set(struct wg_dh_key *k, const uint8_t priv[WG_KEY_LEN]);
int wg_dh_key_generate(struct wg_dh_key *k);
void wg_dh_key_free(struct wg_dh_key *k);
/* out = X25519(k, their_pub); WG_E_DH when the result is all zero. */
int wg_dh(uint8_t out[WG_KEY_LEN], const struct wg_dh_key *k,
	  const uint8_t their_pub[WG_KEY_LEN]);
int wg_x25519_public(uint8_t pub[WG_KEY_LEN], const uint8_t priv[WG_KEY_LEN]);

/* out = BLAKE2s-256(a || b); b may be NULL with blen 0; out may alias a. */
int wg_hash(uint8_t out[WG_HASH_LEN], const void *a, size_t alen,
	    const void *b, size_t blen);
/* out = BLAKE2s-128 keyed with key (1..32 bytes) over data. */
int wg_mac(uint8_t out[WG_MAC_LEN], const uint8_t *key, size_t keylen,
	   const void *data, size_t len);
/* out = HMAC-BLAKE2s(key, a || b). */
int wg_hmac(uint8_t out[WG_HASH_LEN], const uint8_t key[WG_KEY_LEN],
	    const void *a, size_t alen, const void *b, size_t blen);
/*
 * WireGuard's KDF_n: n (1..3) outputs of 32 bytes from chaining key ck and
 * input. Outputs may alias ck.
 */
int wg_kdf(uint8_t *const out[], size_t n, const uint8_t ck[WG_KEY_LEN],
	   const void *in, size_t inlen);

/* ChaCha20-Poly1305 with nonce 0^32 || LE64(counter); dst gets len + 16. */
int wg_aead_seal(uint8_t *dst, const uint8_t key[WG_KEY_LEN], uint64_t counter,
		 const void *src, size_t len, const void *ad, size_t adlen);
/* src holds ciphertext and tag (len >= 16); dst gets len - 16 bytes. */
int wg_aead_open(uint8_t *dst, const uint8_t key[WG_KEY_LEN], uint64_t counter,
		 const void *src, size_t len, const void *ad, size_t adlen);

/* XChaCha20-Poly1305 (cookie replies), same buffer rules. */
int wg_xaead_seal(uint8_t *dst, const uint8_t key[WG_KEY_LEN],
		  const uint8_t nonce[WG_XNONCE_LEN], const void *src, size_t len,
		  const void *ad, size_t adlen);
int wg_xaead_open(uint8_t *dst, const uint8_t key[WG_KEY_LEN],
		  const uint8_t nonce[WG_XNONCE_LEN], const void *src, size_t len,
		  const void *ad, size_t adlen);
/* HChaCha20: the XChaCha20 subkey from key and the nonce's first 16 bytes. */
void wg_hchacha20(uint8_t out[WG_KEY_LEN], const uint8_t key[WG_KEY_LEN],
		  const uint8_t nonce[16]);

/* Random bytes from OpenSSL's CSPRNG. */
int wg_random(void *buf, size_t len);
/* Compares in constant time; true when equal. */
bool wg_equal(const void *a, const void *b, size_t len);
void wg_wipe(void *p, size_t len);

#endif
