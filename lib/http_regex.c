// SPDX-License-Identifier: GPL-2.0-or-later
/* HTTP url regexes over PCRE2 (see http_regex.h). */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "http_regex.h"

struct http_regex {
	pcre2_code *code;
	pcre2_match_context *mctx;
	pcre2_jit_stack *stack;		/* regex_stack's, or NULL */
	uint64_t min_offset;
};

/* the options keepalived.conf(5) lists, by their pcre2api names */
static const struct {
	const char *name;
	uint32_t flag;
} options[] = {
	{ "allow_empty_class", PCRE2_ALLOW_EMPTY_CLASS },
	{ "alt_bsux", PCRE2_ALT_BSUX },
	{ "alt_circumflex", PCRE2_ALT_CIRCUMFLEX },
	{ "alt_verbnames", PCRE2_ALT_VERBNAMES },
	{ "auto_callout", PCRE2_AUTO_CALLOUT },
	{ "caseless", PCRE2_CASELESS },
	{ "dollar_endonly", PCRE2_DOLLAR_ENDONLY },
	{ "dotall", PCRE2_DOTALL },
	{ "dupnames", PCRE2_DUPNAMES },
	{ "extended", PCRE2_EXTENDED },
	{ "firstline", PCRE2_FIRSTLINE },
	{ "match_unset_backref", PCRE2_MATCH_UNSET_BACKREF },
	{ "multiline", PCRE2_MULTILINE },
	{ "never_backslash_c", PCRE2_NEVER_BACKSLASH_C },
	{ "never_ucp", PCRE2_NEVER_UCP },
	{ "never_utf", PCRE2_NEVER_UTF },
	{ "no_auto_capture", PCRE2_NO_AUTO_CAPTURE },
	{ "no_auto_possess", PCRE2_NO_AUTO_POSSESS },
	{ "no_dotstar_anchor", PCRE2_NO_DOTSTAR_ANCHOR },
	{ "no_start_optimize", PCRE2_NO_START_OPTIMIZE },
	{ "ucp", PCRE2_UCP },
	{ "ungreedy", PCRE2_UNGREEDY },
	{ "use_offset_limit", PCRE2_USE_OFFSET_LIMIT },
	{ "utf", PCRE2_UTF },
};

bool http_regex_option(const char *name, uint32_t *flag)
{
	for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
		if (strcmp(options[i].name, name) == 0) {
			*flag = options[i].flag;
			return true;
		}
	}
	return false;
}

void http_regex_free(struct http_regex *rx)
{
	if (!rx)
		return;
	pcre2_match_context_free(rx->mctx);
	pcre2_jit_stack_free(rx->stack);
	pcre2_code_free(rx->code);
	free(rx);
}

static struct http_regex *fail(struct http_regex *rx, char *err, size_t errlen, const char *why)
{
	snprintf(err, errlen, "%s", why);
	http_regex_free(rx);
	return NULL;
}

struct http_regex *http_regex_compile(const struct cfg_url_regex *re, char *err, size_t errlen)
{
	struct http_regex *rx = calloc(1, sizeof(*rx));
	uint32_t opts = re->options;
	PCRE2_UCHAR msg[160];
	PCRE2_SIZE at;
	int code;

	if (!rx)
		return fail(rx, err, errlen, "out of memory");
	/* a body is not UTF-8 because the pattern is: bad bytes just do not
	 * match, rather than failing every match with an error */
	if (opts & PCRE2_UTF)
		opts |= PCRE2_MATCH_INVALID_UTF;
	if (re->max_offset_set)
		opts |= PCRE2_USE_OFFSET_LIMIT;
	rx->code = pcre2_compile((PCRE2_SPTR)re->pattern, PCRE2_ZERO_TERMINATED, opts, &code, &at, NULL);
	if (!rx->code) {
		pcre2_get_error_message(code, msg, sizeof(msg));
		snprintf(err, errlen, "%s at offset %zu", (const char *)msg, (size_t)at);
		http_regex_free(rx);
		return NULL;
	}
	/* where JIT is not available the interpreter matches: no error */
	pcre2_jit_compile(rx->code, PCRE2_JIT_COMPLETE);
	rx->mctx = pcre2_match_context_create(NULL);
	if (!rx->mctx)
		return fail(rx, err, errlen, "out of memory");
	if (re->max_offset_set)
		pcre2_set_offset_limit(rx->mctx, re->max_offset);
	if (re->stack_max) {
		rx->stack = pcre2_jit_stack_create(re->stack_start, re->stack_max, NULL);
		if (!rx->stack)
			return fail(rx, err, errlen, "cannot allocate the regex_stack");
		pcre2_jit_stack_assign(rx->mctx, NULL, rx->stack);
	}
	rx->min_offset = re->min_offset;
	return rx;
}

int http_regex_match(const struct http_regex *rx, const uint8_t *body, size_t n, char *err,
		     size_t errlen)
{
	PCRE2_UCHAR msg[160];
	pcre2_match_data *md;
	int rc;

	if (rx->min_offset > n)
		return 0;	/* the body ends before the search would start */
	md = pcre2_match_data_create(1, NULL);
	if (!md) {
		snprintf(err, errlen, "out of memory");
		return PCRE2_ERROR_NOMEMORY;
	}
	rc = pcre2_match(rx->code, body ? body : (const uint8_t *)"", n, rx->min_offset, 0, md, rx->mctx);
	pcre2_match_data_free(md);
	if (rc >= 0)
		return 1;	/* 0: matched, more groups than md holds */
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	pcre2_get_error_message(rc, msg, sizeof(msg));
	snprintf(err, errlen, "%s", (const char *)msg);
	return rc;
}
