// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Transport data messages (type 4) on the keys of a completed handshake:
 * enough for a probe to send an inner IP packet through the tunnel and read
 * the answer. A session is meant for the seconds after its handshake; it
 * does not rekey (Reject-After-Time is the caller's concern).
 */
#ifndef KEEL_WG_TRANSPORT_H
#define KEEL_WG_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wg_crypto.h"

#define WG_DATA_HEADER_LEN 16	/* type, reserved, receiver, counter */
#define WG_DATA_MIN_LEN (WG_DATA_HEADER_LEN + WG_TAG_LEN)	/* a keepalive */
#define WG_REPLAY_WINDOW 64

/* Sliding window over received counters. */
struct wg_replay {
	uint64_t top;		/* greatest counter accepted */
	uint64_t seen;		/* bit i: counter top - i accepted */
	bool any;
};

struct wg_session {
	uint8_t send_key[WG_KEY_LEN];
	uint8_t recv_key[WG_KEY_LEN];
	uint32_t local_index;	/* ours: the receiver field of what they send */
	uint32_t remote_index;	/* theirs: the receiver field of what we send */
	uint64_t send_counter;
	struct wg_replay replay;
	bool valid;
};

void wg_session_clear(struct wg_session *s);

/* Size of the message carrying an inner packet of len bytes (padded to 16). */
size_t wg_data_len(size_t len);
/*
 * Encrypts inner packet ip (len 0: a keepalive) into out (cap bytes) with the
 * next send counter; *out_len = wg_data_len(len).
 */
int wg_data_seal(struct wg_session *s, const uint8_t *ip, size_t len, uint8_t *out, size_t cap,
		 size_t *out_len);
/*
 * Checks and decrypts a type 4 message into out (cap >= len - 32 bytes).
 * *out_len is the padded plaintext length (0 for a keepalive); the inner IP
 * header tells the real length. The counter is recorded only once the
 * message authenticated, so forgeries cannot move the window.
 */
int wg_data_open(struct wg_session *s, const uint8_t *pkt, size_t len, uint8_t *out, size_t cap,
		 size_t *out_len);

/* The window alone, for tests: 0 if counter is new, WG_E_REPLAY else. */
int wg_replay_check(const struct wg_replay *r, uint64_t counter);
void wg_replay_accept(struct wg_replay *r, uint64_t counter);

#endif
