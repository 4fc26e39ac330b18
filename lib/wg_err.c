// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include "wg_err.h"

const char *wg_strerror(int err)
{
	static const char *const msg[] = {
		[-WG_OK] = "ok",
		[-WG_E_CRYPTO] = "crypto library failure",
		[-WG_E_SHORT] = "packet too short",
		[-WG_E_LONG] = "packet too long",
		[-WG_E_TYPE] = "wrong message type",
		[-WG_E_MALFORMED] = "malformed header",
		[-WG_E_STATE] = "no handshake pending",
		[-WG_E_INDEX] = "unknown receiver index",
		[-WG_E_MAC1] = "bad mac1",
		[-WG_E_AUTH] = "authentication failed",
		[-WG_E_REPLAY] = "replayed message",
		[-WG_E_DH] = "invalid public key (zero shared secret)",
		[-WG_E_KEY] = "invalid key text",
		[-WG_E_SPACE] = "buffer too small",
		[-WG_E_NOSESSION] = "no session keys",
		[-WG_E_EXHAUSTED] = "message counter exhausted",
		[-WG_E_CHECKSUM] = "bad checksum",
		[-WG_E_NOTREPLY] = "not the expected echo reply",
	};

	if (err > 0 || err < WG_E_MIN)
		return "unknown error";
	return msg[-err];
}
