// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * XChaCha20-Poly1305 for cookie replies. OpenSSL 3.0 has no XChaCha, so it
 * is built as its specification (draft-irtf-cfrg-xchacha) describes: derive
 * a subkey with HChaCha20 from the key and the nonce's first 16 bytes, then
 * run ChaCha20-Poly1305 with nonce 0^32 || the nonce's last 8 bytes.
 * HChaCha20 is the ChaCha20 block function without the final addition,
 * keeping state words 0-3 and 12-15; written here from RFC 8439 section 2.
 */
#include "config.h"

#include "wg_crypto.h"
#include "wg_crypto_int.h"

static uint32_t rotl(uint32_t v, int n)
{
	return (v << n) | (v >> (32 - n));
}

static void quarter(uint32_t *x, int a, int b, int c, int d)
{
	x[a] += x[b];
	x[d] = rotl(x[d] ^ x[a], 16);
	x[c] += x[d];
	x[b] = rotl(x[b] ^ x[c], 12);
	x[a] += x[b];
	x[d] = rotl(x[d] ^ x[a], 8);
	x[c] += x[d];
	x[b] = rotl(x[b] ^ x[c], 7);
}

static uint32_t load_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void store_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

void wg_hchacha20(uint8_t out[WG_KEY_LEN], const uint8_t key[WG_KEY_LEN], const uint8_t nonce[16])
{
	/* "expand 32-byte k" */
	uint32_t x[16] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };

	for (int i = 0; i < 8; i++)
		x[4 + i] = load_le32(key + 4 * i);
	for (int i = 0; i < 4; i++)
		x[12 + i] = load_le32(nonce + 4 * i);
	for (int round = 0; round < 10; round++) {
		quarter(x, 0, 4, 8, 12);
		quarter(x, 1, 5, 9, 13);
		quarter(x, 2, 6, 10, 14);
		quarter(x, 3, 7, 11, 15);
		quarter(x, 0, 5, 10, 15);
		quarter(x, 1, 6, 11, 12);
		quarter(x, 2, 7, 8, 13);
		quarter(x, 3, 4, 9, 14);
	}
	for (int i = 0; i < 4; i++) {
		store_le32(out + 4 * i, x[i]);
		store_le32(out + 16 + 4 * i, x[12 + i]);
	}
	wg_wipe(x, sizeof(x));
}

static int xaead(int enc, uint8_t *dst, const uint8_t key[WG_KEY_LEN],
		 const uint8_t nonce[WG_XNONCE_LEN], const void *src, size_t len, const void *ad,
		 size_t adlen)
{
	uint8_t subkey[WG_KEY_LEN], n12[12] = { 0 };
	int err;

	wg_hchacha20(subkey, key, nonce);
	for (int i = 0; i < 8; i++)
		n12[4 + i] = nonce[16 + i];
	err = wg_chachapoly(enc, dst, subkey, n12, src, len, ad, adlen);
	wg_wipe(subkey, sizeof(subkey));
	return err;
}

int wg_xaead_seal(uint8_t *dst, const uint8_t key[WG_KEY_LEN], const uint8_t nonce[WG_XNONCE_LEN],
		  const void *src, size_t len, const void *ad, size_t adlen)
{
	return xaead(1, dst, key, nonce, src, len, ad, adlen);
}

int wg_xaead_open(uint8_t *dst, const uint8_t key[WG_KEY_LEN], const uint8_t nonce[WG_XNONCE_LEN],
		  const void *src, size_t len, const void *ad, size_t adlen)
{
	return xaead(0, dst, key, nonce, src, len, ad, adlen);
}
