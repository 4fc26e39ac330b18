// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * X25519 through EVP_PKEY. A private key is imported once into a derive
 * context that then serves every key agreement it takes part in: a probe's
 * four scalar multiplications are the ephemeral key's generation, two
 * agreements with it, and one with the static key (static-static is done
 * once per backend). Importing a private key computes its public key too, so
 * re-importing per agreement would double the work.
 */
#include "config.h"

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/params.h>

#include "wg_crypto.h"
#include "wg_crypto_int.h"

static EVP_PKEY *import(const struct wg_algs *al, int selection, const char *name,
			const uint8_t key[WG_KEY_LEN])
{
	OSSL_PARAM p[] = {
		OSSL_PARAM_construct_octet_string(name, (void *)key, WG_KEY_LEN),
		OSSL_PARAM_construct_end(),
	};
	EVP_PKEY *pkey = NULL;

	if (EVP_PKEY_fromdata(al->fromdata, &pkey, selection, p) <= 0)
		return NULL;
	return pkey;
}

/* Takes over pkey: fills k with its public key and a derive context. */
static int adopt(struct wg_dh_key *k, EVP_PKEY *pkey)
{
	size_t len = WG_KEY_LEN;
	int err = WG_E_CRYPTO;

	k->ctx = NULL;
	if (!pkey)
		return WG_E_CRYPTO;
	if (EVP_PKEY_get_raw_public_key(pkey, k->pub, &len) <= 0 || len != WG_KEY_LEN)
		goto out;
	k->ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
	if (!k->ctx)
		goto out;
	if (EVP_PKEY_derive_init(k->ctx) <= 0) {
		EVP_PKEY_CTX_free(k->ctx);
		k->ctx = NULL;
		goto out;
	}
	err = WG_OK;
out:
	EVP_PKEY_free(pkey);
	return err;
}

int wg_dh_key_set(struct wg_dh_key *k, const uint8_t priv[WG_KEY_LEN])
{
	const struct wg_algs *al = wg_algs();

	k->ctx = NULL;
	if (!al)
		return WG_E_CRYPTO;
	return adopt(k, import(al, EVP_PKEY_KEYPAIR, OSSL_PKEY_PARAM_PRIV_KEY, priv));
}

int wg_dh_key_generate(struct wg_dh_key *k)
{
	const struct wg_algs *al = wg_algs();
	EVP_PKEY *pkey = NULL;

	k->ctx = NULL;
	if (!al || EVP_PKEY_generate(al->keygen, &pkey) <= 0)
		return WG_E_CRYPTO;
	return adopt(k, pkey);
}

void wg_dh_key_free(struct wg_dh_key *k)
{
	EVP_PKEY_CTX_free(k->ctx);
	k->ctx = NULL;
}

int wg_dh(uint8_t out[WG_KEY_LEN], const struct wg_dh_key *k, const uint8_t their_pub[WG_KEY_LEN])
{
	static const uint8_t zero[WG_KEY_LEN];
	const struct wg_algs *al = wg_algs();
	EVP_PKEY *peer;
	size_t len = WG_KEY_LEN;
	int err = WG_OK;

	if (!al || !k->ctx)
		return WG_E_CRYPTO;
	peer = import(al, EVP_PKEY_PUBLIC_KEY, OSSL_PKEY_PARAM_PUB_KEY, their_pub);
	if (!peer)
		return WG_E_CRYPTO;
	if (EVP_PKEY_derive_set_peer_ex(k->ctx, peer, 0) <= 0)
		err = WG_E_CRYPTO;
	/* OpenSSL refuses an all-zero result: the peer sent a low-order point. */
	else if (EVP_PKEY_derive(k->ctx, out, &len) <= 0 || len != WG_KEY_LEN)
		err = WG_E_DH;
	else if (wg_equal(out, zero, WG_KEY_LEN))
		err = WG_E_DH;
	EVP_PKEY_free(peer);
	if (err != WG_OK)
		wg_wipe(out, WG_KEY_LEN);
	return err;
}

int wg_x25519_public(uint8_t pub[WG_KEY_LEN], const uint8_t priv[WG_KEY_LEN])
{
	struct wg_dh_key k;
	int err = wg_dh_key_set(&k, priv);

	if (err == WG_OK)
		memcpy(pub, k.pub, WG_KEY_LEN);
	wg_dh_key_free(&k);
	return err;
}
