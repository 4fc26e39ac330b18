// SPDX-License-Identifier: GPL-2.0-or-later
/* An HTTP_GET / SSL_GET url's regex against the answer's body. The body
 * arrives in pieces (reads, chunks) and a match may span them, so the
 * body is kept, up to CHK_HTTP_REGEX_BODY_MAX bytes, and matched once it
 * is all there: the regex sees the first CHK_HTTP_REGEX_BODY_MAX bytes of
 * a longer body. */
#ifndef KEEL_CHK_HTTP_REGEX_H
#define KEEL_CHK_HTTP_REGEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cfg.h"

#define CHK_HTTP_REGEX_BODY_MAX (1024 * 1024)

struct chk_http_body {
	uint8_t *buf;
	size_t len, cap;
	bool oom;		/* a piece could not be kept */
};

/* Keeps what fits of p (chk_http_body_fn's shape: arg is the body). */
void chk_http_body_keep(void *arg, const uint8_t *p, size_t n);
/* Empties b for the next answer; its memory stays for it. */
void chk_http_body_reset(struct chk_http_body *b);
void chk_http_body_free(struct chk_http_body *b);

/* NULL when b passes re: a match, or none with regex_no_match; else why
 * not (static text, or written to buf). */
const char *chk_http_regex_verdict(const struct cfg_url_regex *re, const struct chk_http_body *b,
				   char *buf, size_t len);

#endif
