// SPDX-License-Identifier: GPL-2.0-or-later
/* UDP_CHECK reply matching (see chk_udp.h). */
#include "config.h"

#include "chk_udp.h"

bool chk_udp_reply_ok(const struct cfg_check *cf, const uint8_t *buf, size_t cap, size_t len,
		      const char **why)
{
	size_t n = len < cap ? len : cap;

	*why = "reply";
	if (!cf->udp->require_reply)
		return true;
	if (len < cf->udp->min_reply_length || len > cf->udp->max_reply_length) {
		*why = len < cf->udp->min_reply_length ? "reply too short" : "reply too long";
		return false;
	}
	if (n > cf->udp->reply_len)
		n = cf->udp->reply_len;
	for (size_t i = 0; i < n; i++) {
		uint8_t m = cf->udp->reply_mask ? cf->udp->reply_mask[i] : 0xff;
		if ((buf[i] ^ cf->udp->reply[i]) & m) {
			*why = "reply does not match";
			return false;
		}
	}
	*why = "reply matches";
	return true;
}
