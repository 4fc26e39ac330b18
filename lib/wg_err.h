// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Error codes of the WireGuard primitives (wg_*). Every function returns
 * WG_OK or one of these negative values; each way a packet can be wrong has
 * its own code, so a health check can say why a backend failed.
 */
#ifndef KEEL_WG_ERR_H
#define KEEL_WG_ERR_H

enum wg_err {
	WG_OK = 0,
	WG_E_CRYPTO = -1,	/* libcrypto failed (memory, missing algorithm) */
	WG_E_SHORT = -2,	/* shorter than its message type */
	WG_E_LONG = -3,		/* longer than its message type */
	WG_E_TYPE = -4,		/* not the message type expected */
	WG_E_MALFORMED = -5,	/* reserved header bytes not zero */
	WG_E_STATE = -6,	/* no handshake waiting for this message */
	WG_E_INDEX = -7,	/* receiver index is not ours (stale or foreign) */
	WG_E_MAC1 = -8,		/* mac1 wrong: not from the peer we probe */
	WG_E_AUTH = -9,		/* AEAD authentication failed */
	WG_E_REPLAY = -10,	/* already consumed, or counter outside the window */
	WG_E_DH = -11,		/* X25519 result all zero (low-order point) */
	WG_E_KEY = -12,		/* key text is not 44 characters of base64 */
	WG_E_SPACE = -13,	/* output buffer too small */
	WG_E_NOSESSION = -14,	/* no transport keys */
	WG_E_EXHAUSTED = -15,	/* message counter at its limit: handshake again */
	WG_E_CHECKSUM = -16,	/* inner IP or ICMP checksum wrong */
	WG_E_NOTREPLY = -17,	/* inner packet is not the echo reply we wait for */
};
#define WG_E_MIN WG_E_NOTREPLY

/* A short English reason; never NULL. */
const char *wg_strerror(int err);

#endif
