// SPDX-License-Identifier: GPL-2.0-or-later
/* UDP_CHECK reply matching (see chk_udp.h). */
#include "config.h"

#include "chk_udp.h"

bool chk_udp_reply_ok(const struct cfg_check *cf, const uint8_t *buf, size_t cap, size_t len,
		      const char **why)
{
	size_t n = len < cap ? len : cap;

	*why = "reply";
	if (!cf->require_reply)
		return true;
	if (len < cf->min_reply_length || len > cf->max_reply_length) {
		*why = len < cf->min_reply_length ? "reply too short" : "reply too long";
		return false;
	}
	if (n > cf->reply_len)
		n = cf->reply_len;
	for (size_t i = 0; i < n; i++) {
		uint8_t m = cf->reply_mask ? cf->reply_mask[i] : 0xff;
		if ((buf[i] ^ cf->reply[i]) & m) {
			*why = "reply does not match";
			return false;
		}
	}
	*why = "reply matches";
	return true;
}
