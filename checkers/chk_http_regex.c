// SPDX-License-Identifier: GPL-2.0-or-later
/* A url's regex against the kept body (see chk_http_regex.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chk_http_regex.h"
#include "http_regex.h"

void chk_http_body_keep(void *arg, const uint8_t *p, size_t n)
{
	struct chk_http_body *b = arg;

	if (n > CHK_HTTP_REGEX_BODY_MAX - b->len)
		n = CHK_HTTP_REGEX_BODY_MAX - b->len;
	if (n == 0 || b->oom)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		uint8_t *grown;

		while (cap < b->len + n)
			cap *= 2;
		if (cap > CHK_HTTP_REGEX_BODY_MAX)
			cap = CHK_HTTP_REGEX_BODY_MAX;
		grown = realloc(b->buf, cap);
		if (!grown) {
			b->oom = true;
			return;
		}
		b->buf = grown;
		b->cap = cap;
	}
	memcpy(b->buf + b->len, p, n);
	b->len += n;
}

void chk_http_body_reset(struct chk_http_body *b)
{
	b->len = 0;
	b->oom = false;
}

void chk_http_body_free(struct chk_http_body *b)
{
	free(b->buf);
	*b = (struct chk_http_body){ 0 };
}

const char *chk_http_regex_verdict(const struct cfg_url_regex *re, const struct chk_http_body *b,
				   char *buf, size_t len)
{
	char err[160];
	int rc;

	if (!re->compiled)
		return NULL;
	if (b->oom)
		return "out of memory for the body's regex";
	rc = http_regex_match(re->compiled, b->buf, b->len, err, sizeof(err));
	if (rc < 0) {
		snprintf(buf, len, "regex: %s", err);
		return buf;
	}
	if (rc == 1 && re->no_match)
		return "regex matched (regex_no_match)";
	if (rc == 0 && !re->no_match)
		return "regex did not match";
	return NULL;
}
