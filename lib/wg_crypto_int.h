// SPDX-License-Identifier: GPL-2.0-or-later
/* Inside the wg_crypto files only: the algorithms fetched once. */
#ifndef KEEL_WG_CRYPTO_INT_H
#define KEEL_WG_CRYPTO_INT_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

struct wg_algs {
	EVP_MD *blake2s;
	EVP_MAC *hmac_alg, *b2mac_alg;
	EVP_MAC_CTX *hmac;	/* template with the digest set: dup, then key */
	EVP_MAC_CTX *mac16;	/* template with size 16: dup, then key */
	EVP_CIPHER *chachapoly;
	EVP_PKEY_CTX *keygen;	/* X25519, keygen-initialised */
	EVP_PKEY_CTX *fromdata;	/* X25519, fromdata-initialised */
};

/* The cache, fetched on first use; NULL when libcrypto lacks something. */
const struct wg_algs *wg_algs(void);

/* ChaCha20-Poly1305 with a 12-byte nonce; enc 1 seals, 0 opens. */
int wg_chachapoly(int enc, uint8_t *dst, const uint8_t key[32], const uint8_t nonce[12],
		  const uint8_t *src, size_t len, const void *ad, size_t adlen);

#endif
