// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <string.h>

#include "wg_key.h"

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int b64_value(char c)
{
	const char *p = c ? strchr(b64, c) : NULL;

	return p ? (int)(p - b64) : -1;
}

int wg_key_from_base64(uint8_t key[WG_KEY_LEN], const char *text, size_t len)
{
	uint8_t out[WG_KEY_LEN];
	uint32_t acc = 0;
	size_t o = 0;

	if (len != WG_KEY_B64_LEN || text[WG_KEY_B64_LEN - 1] != '=')
		return WG_E_KEY;
	/* 43 characters carry 258 bits: 256 of key and 2 that must be zero. */
	for (size_t i = 0; i < WG_KEY_B64_LEN - 1; i++) {
		int v = b64_value(text[i]);

		if (v < 0)
			return WG_E_KEY;
		acc = acc << 6 | (uint32_t)v;
		if (i % 4 == 3 || i == WG_KEY_B64_LEN - 2) {
			int bytes = i % 4 == 3 ? 3 : 2;

			if (bytes == 2) {
				if (acc & 3)
					return WG_E_KEY;
				acc >>= 2;
			}
			for (int b = bytes - 1; b >= 0; b--)
				out[o++] = (uint8_t)(acc >> (8 * b));
			acc = 0;
		}
	}
	memcpy(key, out, WG_KEY_LEN);
	wg_wipe(out, sizeof(out));
	return WG_OK;
}

void wg_key_to_base64(char out[WG_KEY_B64_LEN + 1], const uint8_t key[WG_KEY_LEN])
{
	size_t o = 0;

	for (size_t i = 0; i < WG_KEY_LEN; i += 3) {
		uint32_t v = (uint32_t)key[i] << 16;
		size_t n = WG_KEY_LEN - i < 3 ? WG_KEY_LEN - i : 3;

		if (n > 1)
			v |= (uint32_t)key[i + 1] << 8;
		if (n > 2)
			v |= key[i + 2];
		for (size_t c = 0; c < 4; c++)
			out[o++] = c <= n ? b64[(v >> (18 - 6 * c)) & 63] : '=';
	}
	out[o] = '\0';
}
