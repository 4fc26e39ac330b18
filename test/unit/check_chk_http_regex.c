// SPDX-License-Identifier: GPL-2.0-or-later
/* HTTP_GET / SSL_GET url regex: the verdict on a body, and bodies as the
 * response reader hands them over (in pieces, chunked) to the keeper. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chk_http_regex.h"
#include "chk_http_resp.h"
#include "suites.h"
#include "unit_cfg.h"

static struct config *cfg;

/* The regex of an HTTP_GET url block holding lines. */
static const struct cfg_url_regex *regex_of(const char *lines)
{
	char text[1024];

	cfg_free(cfg);
	snprintf(text, sizeof(text),
		 "virtual_server 192.0.2.1 80 {\n real_server 192.0.2.2 80 {\n HTTP_GET {\n"
		 " url {\n path /\n%s\n }\n }\n }\n}\n", lines);
	cfg = unit_cfg_load(text);
	return &cfg->vs[0].rs[0].checks[0].http->urls[0].regex;
}

static void teardown(void)
{
	cfg_free(cfg);
	cfg = NULL;
}

/* the verdict on body s: NULL (passes) or why not */
static const char *verdict(const struct cfg_url_regex *re, const char *s)
{
	static char buf[200];
	struct chk_http_body b = { 0 };
	const char *why;

	chk_http_body_keep(&b, (const uint8_t *)s, strlen(s));
	why = chk_http_regex_verdict(re, &b, buf, sizeof(buf));
	chk_http_body_free(&b);
	return why;
}

START_TEST(match_and_no_match)
{
	const struct cfg_url_regex *re = regex_of("regex \"status: (ok|warn)\"");

	ck_assert_ptr_null(verdict(re, "<p>status: ok</p>"));
	ck_assert_str_eq(verdict(re, "<p>status: OK</p>"), "regex did not match");
	ck_assert_str_eq(verdict(re, ""), "regex did not match");
	re = regex_of("regex \"status: (ok|warn)\"\n regex_no_match");
	ck_assert_str_eq(verdict(re, "status: warn"), "regex matched (regex_no_match)");
	ck_assert_ptr_null(verdict(re, "status: down"));
	/* no regex: nothing to judge */
	re = regex_of("digest b1946ac92492d2347c6235b4d2611184");
	ck_assert_ptr_null(verdict(re, "anything"));
}
END_TEST

START_TEST(options)
{
	const struct cfg_url_regex *re = regex_of("regex ^ok$\n regex_options caseless multiline");

	ck_assert_ptr_null(verdict(re, "first\nOK\nlast"));
	re = regex_of("regex ^ok$");
	ck_assert_str_eq(verdict(re, "first\nOK\nlast"), "regex did not match");
	/* utf: a body that is not UTF-8 does not match, and is no error */
	re = regex_of("regex \"caf\\x{e9}\"\n regex_options utf");
	ck_assert_ptr_null(verdict(re, "un caf\xc3\xa9"));
	ck_assert_str_eq(verdict(re, "un caf\xe9 \xff"), "regex did not match");
}
END_TEST

/* offsets limit where a match may start */
START_TEST(offsets)
{
	const struct cfg_url_regex *re = regex_of("regex ok\n regex_min_offset 4");

	ck_assert_ptr_null(verdict(re, "....ok"));
	ck_assert_str_eq(verdict(re, "..ok.."), "regex did not match");
	ck_assert_str_eq(verdict(re, "ok"), "regex did not match");	/* shorter than the offset */
	re = regex_of("regex ok\n regex_max_offset 3");
	ck_assert_ptr_null(verdict(re, "...ok"));
	ck_assert_str_eq(verdict(re, "....ok"), "regex did not match");
	re = regex_of("regex ok\n regex_min_offset 2\n regex_max_offset 2\n regex_stack 32768 65536");
	ck_assert_ptr_null(verdict(re, "..ok"));
	ck_assert_str_eq(verdict(re, ".ok."), "regex did not match");
}
END_TEST

/* a PCRE2 error while matching fails the check, saying why */
START_TEST(match_error)
{
	const struct cfg_url_regex *re = regex_of("regex \"(*LIMIT_MATCH=5)(a+)+$\"");
	const char *why;


	why = verdict(re, "aaaaaaaaaaaaaaaaaaaaaaaab");
	ck_assert_ptr_nonnull(why);
	ck_assert_msg(strncmp(why, "regex: ", 7) == 0, "%s", why);
}
END_TEST

/* The body as the reader hands it over, a byte at a time: a match across
 * chunks and reads is found, the chunk framing is not part of it. */
START_TEST(through_the_reader)
{
	static const char answer[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
				     "7\r\nstatus:\r\n4\r\n rea\r\n3\r\ndy\n\r\n0\r\n\r\n";
	const struct cfg_url_regex *re = regex_of("regex \"^status: ready$\"\n regex_options multiline");
	const struct cfg_url_regex *framing = NULL;
	struct chk_http_body b = { 0 };
	struct chk_http_resp r;
	enum chk_http_rc rc = CHK_HTTP_MORE;
	char buf[200];

	chk_http_resp_init(&r, 1024, 1000, chk_http_body_keep, &b);
	for (size_t i = 0; i < sizeof(answer) - 1 && rc == CHK_HTTP_MORE; i++)
		rc = chk_http_resp_feed(&r, (const uint8_t *)answer + i, 1);
	ck_assert_int_eq(rc, CHK_HTTP_DONE);
	ck_assert_uint_eq(b.len, strlen("status: ready\n"));
	ck_assert_ptr_null(chk_http_regex_verdict(re, &b, buf, sizeof(buf)));
	framing = regex_of("regex \"\\r\\n\"");
	ck_assert_str_eq(chk_http_regex_verdict(framing, &b, buf, sizeof(buf)), "regex did not match");
	chk_http_body_free(&b);
}
END_TEST

/* the regex sees the first CHK_HTTP_REGEX_BODY_MAX bytes of the body */
START_TEST(body_cap)
{
	const struct cfg_url_regex *re = regex_of("regex tail");
	struct chk_http_body b = { 0 };
	size_t n = CHK_HTTP_REGEX_BODY_MAX - 2;
	uint8_t *big = malloc(n);
	char buf[200];

	ck_assert_ptr_nonnull(big);
	memset(big, '.', n);
	chk_http_body_keep(&b, big, n);
	chk_http_body_keep(&b, (const uint8_t *)"tail", 4);
	ck_assert_uint_eq(b.len, CHK_HTTP_REGEX_BODY_MAX);
	ck_assert_str_eq(chk_http_regex_verdict(re, &b, buf, sizeof(buf)), "regex did not match");
	chk_http_body_reset(&b);
	chk_http_body_keep(&b, big, 10);
	chk_http_body_keep(&b, (const uint8_t *)"tail", 4);
	ck_assert_ptr_null(chk_http_regex_verdict(re, &b, buf, sizeof(buf)));
	chk_http_body_free(&b);
	free(big);
}
END_TEST

Suite *chk_http_regex_suite(void)
{
	Suite *s = suite_create("chk_http_regex");
	TCase *tc = tcase_create("verdict");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, match_and_no_match);
	tcase_add_test(tc, options);
	tcase_add_test(tc, offsets);
	tcase_add_test(tc, match_error);
	tcase_add_test(tc, through_the_reader);
	tcase_add_test(tc, body_cap);
	suite_add_tcase(s, tc);
	return s;
}
