// SPDX-License-Identifier: GPL-2.0-or-later
/* WireGuard keys as text: standard base64 of 32 bytes, 44 characters. */
#ifndef KEEL_WG_KEY_H
#define KEEL_WG_KEY_H

#include <stddef.h>
#include <stdint.h>

#include "wg_crypto.h"

#define WG_KEY_B64_LEN 44

/*
 * Parses exactly WG_KEY_B64_LEN characters (no whitespace, one '=' at the
 * end, unused low bits zero, as `wg genkey` writes them). WG_E_KEY else.
 */
int wg_key_from_base64(uint8_t key[WG_KEY_LEN], const char *text, size_t len);
/* Writes WG_KEY_B64_LEN characters and a NUL. */
void wg_key_to_base64(char out[WG_KEY_B64_LEN + 1], const uint8_t key[WG_KEY_LEN]);

#endif
