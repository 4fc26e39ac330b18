// SPDX-License-Identifier: GPL-2.0-or-later
/* The regex of an HTTP_GET / SSL_GET url, with PCRE2 as keepalived has
 * it: compiled once when the config is read, matched against each answer's
 * body. Compiled patterns are read-only and may be shared; a match uses a
 * JIT stack of the pattern's own (regex_stack), so one thread at a time
 * matches a given pattern: the checks' loop. */
#ifndef KEEL_HTTP_REGEX_H
#define KEEL_HTTP_REGEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cfg_url_regex;
struct http_regex;

/* regex_options NAME: its PCRE2 compile option; false for a name keepalived
 * does not list. */
bool http_regex_option(const char *name, uint32_t *flag);
/* Compiles re's pattern with its options, offsets and stack; NULL with
 * err set (PCRE2's message and the offset in the pattern) on failure. */
struct http_regex *http_regex_compile(const struct cfg_url_regex *re, char *err, size_t errlen);
void http_regex_free(struct http_regex *rx);

/* Does body hold a match that starts between regex_min_offset and
 * regex_max_offset? 1 yes, 0 no, or a negative PCRE2 error (such as the
 * match limit or the JIT stack running out) with err set. */
int http_regex_match(const struct http_regex *rx, const uint8_t *body, size_t n, char *err,
		     size_t errlen);

#endif
