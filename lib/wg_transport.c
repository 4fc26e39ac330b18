// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <string.h>

#include "wg_transport.h"
#include "wg_wire.h"

/* Whitepaper, section 6.1: Reject-After-Messages = 2^64 - 2^13 - 1. */
#define REJECT_AFTER_MESSAGES (UINT64_MAX - (1ULL << 13))

void wg_session_clear(struct wg_session *s)
{
	wg_wipe(s, sizeof(*s));
}

size_t wg_data_len(size_t len)
{
	return WG_DATA_HEADER_LEN + ((len + 15) & ~(size_t)15) + WG_TAG_LEN;
}

int wg_replay_check(const struct wg_replay *r, uint64_t counter)
{
	if (counter >= REJECT_AFTER_MESSAGES)
		return WG_E_REPLAY;
	if (!r->any || counter > r->top)
		return WG_OK;
	if (r->top - counter >= WG_REPLAY_WINDOW)
		return WG_E_REPLAY;
	return r->seen >> (r->top - counter) & 1 ? WG_E_REPLAY : WG_OK;
}

void wg_replay_accept(struct wg_replay *r, uint64_t counter)
{
	if (!r->any || counter > r->top) {
		uint64_t shift = r->any ? counter - r->top : WG_REPLAY_WINDOW;

		r->seen = shift >= WG_REPLAY_WINDOW ? 1 : r->seen << shift | 1;
		r->top = counter;
		r->any = true;
		return;
	}
	r->seen |= 1ULL << (r->top - counter);
}

int wg_data_seal(struct wg_session *s, const uint8_t *ip, size_t len, uint8_t *out, size_t cap,
		 size_t *out_len)
{
	size_t total = wg_data_len(len);
	size_t padded = total - WG_DATA_MIN_LEN;
	int err;

	if (!s->valid)
		return WG_E_NOSESSION;
	if (s->send_counter >= REJECT_AFTER_MESSAGES)
		return WG_E_EXHAUSTED;
	if (cap < total || len > 65535)
		return WG_E_SPACE;
	wg_put_header(out, WG_MSG_DATA);
	wg_put_le32(out + 4, s->remote_index);
	wg_put_le64(out + 8, s->send_counter);
	/* Pad in place: the AEAD may run over the same buffer. */
	if (len)
		memmove(out + WG_DATA_HEADER_LEN, ip, len);
	memset(out + WG_DATA_HEADER_LEN + len, 0, padded - len);
	err = wg_aead_seal(out + WG_DATA_HEADER_LEN, s->send_key, s->send_counter,
			   out + WG_DATA_HEADER_LEN, padded, NULL, 0);
	if (err != WG_OK)
		return err;
	s->send_counter++;
	*out_len = total;
	return WG_OK;
}

int wg_data_open(struct wg_session *s, const uint8_t *pkt, size_t len, uint8_t *out, size_t cap,
		 size_t *out_len)
{
	uint64_t counter;
	int err = wg_check_header(pkt, len, WG_MSG_DATA, WG_DATA_MIN_LEN, 0);

	if (err != WG_OK)
		return err;
	if (!s->valid)
		return WG_E_NOSESSION;
	if (wg_get_le32(pkt + 4) != s->local_index)
		return WG_E_INDEX;
	if (cap < len - WG_DATA_MIN_LEN)
		return WG_E_SPACE;
	counter = wg_get_le64(pkt + 8);
	err = wg_replay_check(&s->replay, counter);
	if (err != WG_OK)
		return err;
	err = wg_aead_open(out, s->recv_key, counter, pkt + WG_DATA_HEADER_LEN,
			   len - WG_DATA_HEADER_LEN, NULL, 0);
	if (err != WG_OK)
		return err;
	wg_replay_accept(&s->replay, counter);
	*out_len = len - WG_DATA_MIN_LEN;
	return WG_OK;
}
