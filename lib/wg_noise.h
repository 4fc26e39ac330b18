// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The initiator's side of WireGuard's Noise_IKpsk2 handshake, for health
 * checks: build an initiation (type 1), consume the response (type 2) into
 * transport keys, consume a cookie reply (type 3) so the retry carries mac2.
 * Pure protocol: no sockets, no clock reads; the caller passes the time.
 *
 * struct wg_peer is one backend: keys and everything derived from them once.
 * struct wg_handshake is one probe in flight (one per peer at a time).
 */
#ifndef KEEL_WG_NOISE_H
#define KEEL_WG_NOISE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "wg_crypto.h"
#include "wg_tai64n.h"
#include "wg_transport.h"

#define WG_INITIATION_LEN 148
#define WG_RESPONSE_LEN 92
#define WG_COOKIE_REPLY_LEN 64
#define WG_COOKIE_LEN 16
/* A cookie is good for 120 s; stop 5 s early as the responder's secret may be older. */
#define WG_COOKIE_MAX_AGE_NS (115ULL * 1000000000ULL)

struct wg_peer {
	struct wg_dh_key self;		/* our static key */
	uint8_t remote[WG_KEY_LEN];	/* the backend's static public key */
	uint8_t psk[WG_KEY_LEN];	/* preshared key, zero when none */
	uint8_t ss[WG_KEY_LEN];		/* DH(our static, their static) */
	uint8_t ck0[WG_HASH_LEN];	/* chaining key and hash before the */
	uint8_t h0[WG_HASH_LEN];	/* ephemeral: the same for every probe */
	uint8_t mac1_key[WG_HASH_LEN];	/* Hash("mac1----" || remote) */
	uint8_t mac1_key_self[WG_HASH_LEN];	/* Hash("mac1----" || our public) */
	uint8_t cookie_key[WG_HASH_LEN];	/* Hash("cookie--" || remote) */
	uint8_t last_ts[WG_TAI64N_LEN];	/* newest timestamp sent */
	uint8_t cookie[WG_COOKIE_LEN];	/* from the last cookie reply */
	uint64_t cookie_at_ns;		/* when it came (monotonic) */
	bool have_cookie;
};

enum wg_hs_state { WG_HS_NONE, WG_HS_SENT, WG_HS_DONE };

struct wg_handshake {
	enum wg_hs_state state;
	uint32_t sender;		/* our index for this probe */
	struct wg_dh_key eph;
	uint8_t ck[WG_HASH_LEN];
	uint8_t h[WG_HASH_LEN];
	uint8_t mac1[WG_MAC_LEN];	/* the mac1 sent: a cookie reply's AD */
	bool cookie_taken;
};

/* What an initiation takes from outside; tests and captures fix them. */
struct wg_init_opts {
	struct timespec wall;		/* CLOCK_REALTIME: the timestamp (raised if not newer) */
	uint64_t mono_ns;		/* CLOCK_MONOTONIC: the cookie's age */
	const uint8_t *ephemeral;	/* private key; NULL: a fresh random one */
	const uint32_t *sender;		/* NULL: a random index */
};

/* psk may be NULL. Computes the static-static DH: WG_E_DH for a bad remote. */
int wg_peer_init(struct wg_peer *p, const uint8_t self_priv[WG_KEY_LEN],
		 const uint8_t remote_pub[WG_KEY_LEN], const uint8_t *psk);
void wg_peer_free(struct wg_peer *p);

void wg_handshake_init(struct wg_handshake *hs);
void wg_handshake_free(struct wg_handshake *hs);

/*
 * Starts a probe: writes the 148-byte initiation with mac1, and mac2 when a
 * cookie younger than WG_COOKIE_MAX_AGE_NS is held. Replaces any probe in hs.
 */
int wg_build_initiation(struct wg_peer *p, struct wg_handshake *hs,
			const struct wg_init_opts *o, uint8_t out[WG_INITIATION_LEN]);

/*
 * Checks a response to hs: size, type, mac1, receiver index (WG_E_STATE if
 * nothing was sent, WG_E_REPLAY if this probe already completed, WG_E_INDEX
 * for another probe's), then decrypts and verifies it. On WG_OK, s holds the
 * transport keys and hs is done; on error hs is unchanged.
 */
int wg_consume_response(const struct wg_peer *p, struct wg_handshake *hs, const uint8_t *pkt,
			size_t len, struct wg_session *s);

/*
 * Checks a cookie reply to hs and stores its cookie in p, so that the next
 * initiation carries mac2. The caller then sends a new initiation.
 */
int wg_consume_cookie_reply(struct wg_peer *p, struct wg_handshake *hs, const uint8_t *pkt,
			    size_t len, uint64_t mono_ns);

/* The message type of a received packet (0 when empty), to dispatch on. */
int wg_msg_type(const uint8_t *pkt, size_t len);

#endif
