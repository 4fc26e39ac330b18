// SPDX-License-Identifier: GPL-2.0-or-later
/* UDP_CHECK's decision on a reply, pure and unit tested. */
#ifndef KEEL_CHK_UDP_H
#define KEEL_CHK_UDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cfg.h"

/* Whether a reply of len bytes (buf holds the first min(len, cap) of them)
 * passes. Without require_reply any reply does. With it, len must lie in
 * [min_reply_length, max_reply_length] and, when require_reply has a hex
 * string, the bytes must equal it under reply_mask (0 nibbles are
 * wildcards) over the shorter of the reply and the string, as
 * keepalived.conf(5) says. why: a short static text. */
bool chk_udp_reply_ok(const struct cfg_check *cf, const uint8_t *buf, size_t cap, size_t len,
		      const char **why);

#endif
