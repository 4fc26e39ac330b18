// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Hash, MACs, KDF and ChaCha20-Poly1305 for WireGuard, on the algorithms
 * fetched once into the cache below. Contexts are short-lived and made from
 * cached objects or templates (EVP_MAC_CTX_dup), never by name.
 */
#include "config.h"

#include <limits.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "wg_crypto.h"
#include "wg_crypto_int.h"

static struct wg_algs algs;
static int algs_ready;

void wg_crypto_cleanup(void)
{
	EVP_PKEY_CTX_free(algs.fromdata);
	EVP_PKEY_CTX_free(algs.keygen);
	EVP_CIPHER_free(algs.chachapoly);
	EVP_MAC_CTX_free(algs.mac16);
	EVP_MAC_CTX_free(algs.hmac);
	EVP_MAC_free(algs.b2mac_alg);
	EVP_MAC_free(algs.hmac_alg);
	EVP_MD_free(algs.blake2s);
	memset(&algs, 0, sizeof(algs));
	algs_ready = 0;
}

static int fetch_macs(void)
{
	char digest[] = "BLAKE2S-256";
	size_t size = WG_MAC_LEN;
	OSSL_PARAM hp[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
		OSSL_PARAM_construct_end(),
	};
	OSSL_PARAM bp[] = {
		OSSL_PARAM_construct_size_t(OSSL_MAC_PARAM_SIZE, &size),
		OSSL_PARAM_construct_end(),
	};

	algs.hmac_alg = EVP_MAC_fetch(NULL, "HMAC", NULL);
	algs.b2mac_alg = EVP_MAC_fetch(NULL, "BLAKE2SMAC", NULL);
	if (!algs.hmac_alg || !algs.b2mac_alg)
		return -1;
	algs.hmac = EVP_MAC_CTX_new(algs.hmac_alg);
	algs.mac16 = EVP_MAC_CTX_new(algs.b2mac_alg);
	if (!algs.hmac || !algs.mac16)
		return -1;
	if (!EVP_MAC_CTX_set_params(algs.hmac, hp) || !EVP_MAC_CTX_set_params(algs.mac16, bp))
		return -1;
	return 0;
}

static int fetch_x25519(void)
{
	algs.keygen = EVP_PKEY_CTX_new_from_name(NULL, "X25519", NULL);
	algs.fromdata = EVP_PKEY_CTX_new_from_name(NULL, "X25519", NULL);
	if (!algs.keygen || !algs.fromdata)
		return -1;
	if (EVP_PKEY_keygen_init(algs.keygen) <= 0 || EVP_PKEY_fromdata_init(algs.fromdata) <= 0)
		return -1;
	return 0;
}

int wg_crypto_init(void)
{
	if (algs_ready)
		return WG_OK;
	algs.blake2s = EVP_MD_fetch(NULL, "BLAKE2S-256", NULL);
	algs.chachapoly = EVP_CIPHER_fetch(NULL, "ChaCha20-Poly1305", NULL);
	if (!algs.blake2s || !algs.chachapoly || fetch_macs() < 0 || fetch_x25519() < 0) {
		wg_crypto_cleanup();
		return WG_E_CRYPTO;
	}
	algs_ready = 1;
	return WG_OK;
}

const struct wg_algs *wg_algs(void)
{
	return wg_crypto_init() == WG_OK ? &algs : NULL;
}

int wg_hash(uint8_t out[WG_HASH_LEN], const void *a, size_t alen, const void *b, size_t blen)
{
	const struct wg_algs *al = wg_algs();
	EVP_MD_CTX *ctx;
	int ok;

	if (!al || !(ctx = EVP_MD_CTX_new()))
		return WG_E_CRYPTO;
	ok = EVP_DigestInit_ex2(ctx, al->blake2s, NULL) && EVP_DigestUpdate(ctx, a, alen) &&
	     (blen == 0 || EVP_DigestUpdate(ctx, b, blen)) && EVP_DigestFinal_ex(ctx, out, NULL);
	EVP_MD_CTX_free(ctx);
	return ok ? WG_OK : WG_E_CRYPTO;
}

/* One MAC from a template: the template keeps the algorithm and its size. */
static int mac_run(EVP_MAC_CTX *tmpl, uint8_t *out, size_t outlen, const uint8_t *key,
		   size_t keylen, const void *a, size_t alen, const void *b, size_t blen)
{
	EVP_MAC_CTX *ctx = EVP_MAC_CTX_dup(tmpl);
	size_t got = 0;
	int ok;

	if (!ctx)
		return WG_E_CRYPTO;
	ok = EVP_MAC_init(ctx, key, keylen, NULL) && EVP_MAC_update(ctx, a, alen) &&
	     (blen == 0 || EVP_MAC_update(ctx, b, blen)) && EVP_MAC_final(ctx, out, &got, outlen) &&
	     got == outlen;
	EVP_MAC_CTX_free(ctx);
	return ok ? WG_OK : WG_E_CRYPTO;
}

int wg_mac(uint8_t out[WG_MAC_LEN], const uint8_t *key, size_t keylen, const void *data,
	   size_t len)
{
	const struct wg_algs *al = wg_algs();

	if (!al || keylen == 0 || keylen > WG_KEY_LEN)
		return WG_E_CRYPTO;
	return mac_run(al->mac16, out, WG_MAC_LEN, key, keylen, data, len, NULL, 0);
}

int wg_hmac(uint8_t out[WG_HASH_LEN], const uint8_t key[WG_KEY_LEN], const void *a,
	    size_t alen, const void *b, size_t blen)
{
	const struct wg_algs *al = wg_algs();

	if (!al)
		return WG_E_CRYPTO;
	return mac_run(al->hmac, out, WG_HASH_LEN, key, WG_KEY_LEN, a, alen, b, blen);
}

/*
 * tau0 = HMAC(ck, in); tau1 = HMAC(tau0, 0x1);
 * tau_i = HMAC(tau0, tau_(i-1) || i) for i = 2, 3.
 */
int wg_kdf(uint8_t *const out[], size_t n, const uint8_t ck[WG_KEY_LEN], const void *in,
	   size_t inlen)
{
	uint8_t prk[WG_HASH_LEN], t[3][WG_HASH_LEN];
	int err;

	if (n < 1 || n > 3)
		return WG_E_CRYPTO;
	err = wg_hmac(prk, ck, in, inlen, NULL, 0);
	for (size_t i = 0; err == WG_OK && i < n; i++) {
		uint8_t ctr = (uint8_t)(i + 1);

		if (i == 0)
			err = wg_hmac(t[0], prk, &ctr, 1, NULL, 0);
		else
			err = wg_hmac(t[i], prk, t[i - 1], WG_HASH_LEN, &ctr, 1);
	}
	for (size_t i = 0; err == WG_OK && i < n; i++)
		memcpy(out[i], t[i], WG_HASH_LEN);
	wg_wipe(prk, sizeof(prk));
	wg_wipe(t, sizeof(t));
	return err;
}

int wg_chachapoly(int enc, uint8_t *dst, const uint8_t key[WG_KEY_LEN], const uint8_t nonce[12],
		  const uint8_t *src, size_t len, const void *ad, size_t adlen)
{
	const struct wg_algs *al = wg_algs();
	size_t plen = enc ? len : len - WG_TAG_LEN;
	EVP_CIPHER_CTX *ctx;
	int n = 0, ok;

	if (!enc && len < WG_TAG_LEN)
		return WG_E_SHORT;
	if (len > INT_MAX / 2 || adlen > INT_MAX / 2)
		return WG_E_SPACE;
	if (!al || !(ctx = EVP_CIPHER_CTX_new()))
		return WG_E_CRYPTO;
	ok = EVP_CipherInit_ex2(ctx, al->chachapoly, key, nonce, enc, NULL) &&
	     (adlen == 0 || EVP_CipherUpdate(ctx, NULL, &n, ad, (int)adlen)) &&
	     (plen == 0 || EVP_CipherUpdate(ctx, dst, &n, src, (int)plen)) &&
	     (enc || EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, WG_TAG_LEN,
					 (void *)(src + plen)));
	if (ok && EVP_CipherFinal_ex(ctx, dst + plen, &n) <= 0) {
		ok = 0;
		if (!enc) {	/* OpenSSL wrote the plaintext before checking */
			wg_wipe(dst, plen);
			EVP_CIPHER_CTX_free(ctx);
			return WG_E_AUTH;
		}
	}
	if (ok && enc)
		ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, WG_TAG_LEN, dst + plen);
	EVP_CIPHER_CTX_free(ctx);
	return ok ? WG_OK : WG_E_CRYPTO;
}

static void counter_nonce(uint8_t nonce[12], uint64_t counter)
{
	memset(nonce, 0, 4);
	for (int i = 0; i < 8; i++)
		nonce[4 + i] = (uint8_t)(counter >> (8 * i));
}

int wg_aead_seal(uint8_t *dst, const uint8_t key[WG_KEY_LEN], uint64_t counter, const void *src,
		 size_t len, const void *ad, size_t adlen)
{
	uint8_t nonce[12];

	counter_nonce(nonce, counter);
	return wg_chachapoly(1, dst, key, nonce, src, len, ad, adlen);
}

int wg_aead_open(uint8_t *dst, const uint8_t key[WG_KEY_LEN], uint64_t counter, const void *src,
		 size_t len, const void *ad, size_t adlen)
{
	uint8_t nonce[12];

	counter_nonce(nonce, counter);
	return wg_chachapoly(0, dst, key, nonce, src, len, ad, adlen);
}

int wg_random(void *buf, size_t len)
{
	if (len > INT_MAX)
		return WG_E_CRYPTO;
	return RAND_priv_bytes(buf, (int)len) == 1 ? WG_OK : WG_E_CRYPTO;
}

bool wg_equal(const void *a, const void *b, size_t len)
{
	return CRYPTO_memcmp(a, b, len) == 0;
}

void wg_wipe(void *p, size_t len)
{
	OPENSSL_cleanse(p, len);
}
