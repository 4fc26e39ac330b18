// SPDX-License-Identifier: GPL-2.0-or-later
/* The HTTP response reader of HTTP_GET / SSL_GET: framing, limits and
 * malformed input, fed whole and one byte at a time. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chk_http_resp.h"
#include "suites.h"

struct got {
	char body[4096];
	size_t len;
};

static void collect(void *arg, const uint8_t *p, size_t n)
{
	struct got *g = arg;

	ck_assert_uint_le(g->len + n, sizeof(g->body));
	memcpy(g->body + g->len, p, n);
	g->len += n;
}

/* Feeds s whole (step 0) or step bytes at a time, then the close if eof. */
static enum chk_http_rc run(struct chk_http_resp *r, struct got *g, const char *s, size_t step,
			    bool eof)
{
	size_t n = strlen(s);
	enum chk_http_rc rc = CHK_HTTP_MORE;

	memset(g, 0, sizeof(*g));
	chk_http_resp_init(r, 1024, 1000, collect, g);
	for (size_t i = 0; i < n && rc == CHK_HTTP_MORE; i += step ? step : n)
		rc = chk_http_resp_feed(r, (const uint8_t *)s + i, step && n - i > step ? step : n - i);
	return eof ? chk_http_resp_eof(r) : rc;
}

/* The same result fed whole, byte by byte and in 7-byte pieces. */
static void expect(const char *s, bool eof, enum chk_http_rc want, int status, const char *body)
{
	static const size_t steps[] = { 0, 1, 7 };
	struct chk_http_resp r;
	struct got g;

	for (size_t i = 0; i < 3; i++) {
		enum chk_http_rc rc = run(&r, &g, s, steps[i], eof);
		ck_assert_msg(rc == want, "step %zu: got %d (%s), want %d for %s", steps[i], rc,
			      chk_http_strerror(rc), want, s);
		if (want == CHK_HTTP_DONE) {
			ck_assert_int_eq(r.status, status);
			ck_assert_uint_eq(g.len, strlen(body));
			ck_assert_uint_eq(r.body_len, strlen(body));
			ck_assert_mem_eq(g.body, body, g.len);
		}
	}
}

START_TEST(good_responses)
{
	expect("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nServer: x\r\n\r\nhello", false,
	       CHK_HTTP_DONE, 200, "hello");
	/* bytes after the response are not body */
	expect("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhello", false, CHK_HTTP_DONE, 200, "he");
	expect("HTTP/1.0 404 Not Found\r\n\r\ngone", true, CHK_HTTP_DONE, 404, "gone");
	expect("HTTP/1.0 200\r\n\r\n", true, CHK_HTTP_DONE, 200, "");
	expect("HTTP/1.1 204 No Content\r\n\r\n", false, CHK_HTTP_DONE, 204, "");
	expect("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", false, CHK_HTTP_DONE, 304, "");
	expect("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false, CHK_HTTP_DONE, 200, "");
	/* bare LF line ends, a list of equal lengths, odd case and spaces */
	expect("HTTP/1.1 503 Busy\ncontent-LENGTH:  3 , 3 \n\nabc", false, CHK_HTTP_DONE, 503, "abc");
	/* interim responses come before the final one */
	expect("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\nX: y\r\n\r\n"
	       "HTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nz", false, CHK_HTTP_DONE, 201, "z");
	/* obs-fold of an unrelated field is tolerated */
	expect("HTTP/1.1 200 OK\r\nX-Long: a\r\n  b\r\nContent-Length: 1\r\n\r\n!", false,
	       CHK_HTTP_DONE, 200, "!");
}
END_TEST

START_TEST(short_responses)
{
	struct chk_http_resp r;
	struct got g;

	ck_assert_int_eq(run(&r, &g, "HTTP/1.1 200 OK\r\nContent-Le", 0, false), CHK_HTTP_MORE);
	expect("", true, CHK_HTTP_E_TRUNCATED, 0, "");
	expect("HTTP/1.1 200 OK\r\n", true, CHK_HTTP_E_TRUNCATED, 0, "");
	expect("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhell", true, CHK_HTTP_E_TRUNCATED, 0, "");
	expect("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", true,
	       CHK_HTTP_E_TRUNCATED, 0, "");
	expect("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n", true,
	       CHK_HTTP_E_TRUNCATED, 0, "");
	/* a result is sticky: the close after DONE changes nothing */
	expect("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx", true, CHK_HTTP_DONE, 200, "x");
}
END_TEST

static char *repeat(const char *head, char c, size_t n, const char *tail)
{
	size_t h = strlen(head), t = strlen(tail);
	char *s = malloc(h + n + t + 1);

	ck_assert_ptr_nonnull(s);
	memcpy(s, head, h);
	memset(s + h, c, n);
	memcpy(s + h + n, tail, t + 1);
	return s;
}

START_TEST(long_responses)
{
	char *s;

	/* the head limit (1024 here) counts status line and fields */
	s = repeat("HTTP/1.1 200 OK\r\nX: ", 'a', 1100, "\r\n\r\n");
	expect(s, false, CHK_HTTP_E_HEAD_LONG, 0, "");
	free(s);
	s = repeat("HTTP/1.1 200 OK\r\nX: ", 'a', 990, "\r\nContent-Length: 0\r\n\r\n");
	expect(s, false, CHK_HTTP_E_HEAD_LONG, 0, "");
	free(s);
	/* the body limit (1000 here), whatever the framing */
	expect("HTTP/1.1 200 OK\r\nContent-Length: 1001\r\n\r\n", false, CHK_HTTP_E_BODY_LONG, 0, "");
	expect("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n", false,
	       CHK_HTTP_E_LENGTH, 0, "");
	s = repeat("HTTP/1.1 200 OK\r\n\r\n", 'b', 1000, "");
	expect(s, true, CHK_HTTP_DONE, 200, s + strlen("HTTP/1.1 200 OK\r\n\r\n"));
	free(s);
	s = repeat("HTTP/1.1 200 OK\r\n\r\n", 'b', 1001, "");
	expect(s, true, CHK_HTTP_E_BODY_LONG, 0, "");
	free(s);
	expect("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3e9\r\n", false,
	       CHK_HTTP_E_BODY_LONG, 0, "");
	expect("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1f4\r\n", false, CHK_HTTP_MORE, 0, "");
	/* many small chunks add up */
	s = malloc(8 * 1100 + 100);
	strcpy(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
	for (int i = 0; i < 1100; i++)
		strcat(s, "1\r\nc\r\n");
	expect(s, false, CHK_HTTP_E_BODY_LONG, 0, "");
	free(s);
	/* a chunk size line longer than a line may be */
	s = repeat("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;", 'e', CHK_HTTP_LINE_MAX, "\r\n");
	expect(s, false, CHK_HTTP_E_CHUNK, 0, "");
	free(s);
}
END_TEST

START_TEST(malformed_responses)
{
	static const char *const bad_status[] = {
		"HTTP/2 200 OK\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n", "HTTP/1.1 2000 OK\r\n\r\n",
		"HTTP/1.1 099 Low\r\n\r\n", "ICY 200 OK\r\n\r\n", "http/1.1 200 OK\r\n\r\n",
		"HTTP/1.1  200 OK\r\n\r\n", "\r\nHTTP/1.1 200 OK\r\n\r\n", "HTTP/1.x 200 OK\r\n\r\n",
		"HTTP/1.1 2O0 OK\r\n\r\n",
	};
	static const char *const bad_header[] = {
		"HTTP/1.1 200 OK\r\nNoColon\r\n\r\n", "HTTP/1.1 200 OK\r\nName : v\r\n\r\n",
		"HTTP/1.1 200 OK\r\n: v\r\n\r\n", "HTTP/1.1 200 OK\r\nNa\"me: v\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n 2\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\t, chunked\r\n\r\n",
	};
	static const char *const bad_length[] = {
		"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 0x10\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 1 2\r\n\r\n",
	};

	for (size_t i = 0; i < sizeof(bad_status) / sizeof(bad_status[0]); i++)
		expect(bad_status[i], true, CHK_HTTP_E_STATUS, 0, "");
	for (size_t i = 0; i < sizeof(bad_header) / sizeof(bad_header[0]); i++)
		expect(bad_header[i], true, CHK_HTTP_E_HEADER, 0, "");
	for (size_t i = 0; i < sizeof(bad_length) / sizeof(bad_length[0]); i++)
		expect(bad_length[i], true, CHK_HTTP_E_LENGTH, 0, "");
	/* equal duplicates are one length */
	expect("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx", false,
	       CHK_HTTP_DONE, 200, "x");
}
END_TEST

START_TEST(garbage_input)
{
	struct chk_http_resp r;
	uint8_t buf[4096];
	unsigned seed = 12345;

	/* random bytes end in an error or want more; never DONE without HTTP/1. */
	for (int round = 0; round < 200; round++) {
		size_t n = (size_t)(rand_r(&seed) % (int)sizeof(buf));
		enum chk_http_rc rc;
		for (size_t i = 0; i < n; i++)
			buf[i] = (uint8_t)rand_r(&seed);
		chk_http_resp_init(&r, 1024, 1000, NULL, NULL);
		rc = chk_http_resp_feed(&r, buf, n);
		ck_assert(rc == CHK_HTTP_MORE || rc < 0);
		ck_assert_int_lt(chk_http_resp_eof(&r), 0);
		ck_assert_str_ne(chk_http_strerror(chk_http_resp_eof(&r)), "");
	}
	chk_http_resp_init(&r, 1024, 1000, NULL, NULL);
	ck_assert_int_eq(chk_http_resp_feed(&r, (const uint8_t *)"\0\0\0\n", 4), CHK_HTTP_E_STATUS);
	ck_assert_int_eq(chk_http_resp_feed(&r, (const uint8_t *)"HTTP/1.1 200 OK\r\n\r\n", 19),
			 CHK_HTTP_E_STATUS);
}
END_TEST

START_TEST(chunked_bodies)
{
	const char *te = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
	char s[512];

#define CHUNKED(body) (snprintf(s, sizeof(s), "%s%s", te, body), s)
	expect(CHUNKED("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"), false, CHK_HTTP_DONE, 200, "hello world");
	/* upper-case hex, leading zeros, extensions, trailers, bare LF */
	expect(CHUNKED("0A;name=\"v\"\r\n0123456789\r\n00001 ; x\n!\n0\r\nTrailer: t\r\nT2: u\r\n\r\n"),
	       false, CHK_HTTP_DONE, 200, "0123456789!");
	expect(CHUNKED("0\r\n\r\n"), false, CHK_HTTP_DONE, 200, "");
	/* CRLF missing after the data, no size, junk after the size */
	expect(CHUNKED("5\r\nhelloX\r\n0\r\n\r\n"), false, CHK_HTTP_E_CHUNK, 0, "");
	expect(CHUNKED("\r\nhello\r\n"), false, CHK_HTTP_E_CHUNK, 0, "");
	expect(CHUNKED("5x\r\nhello\r\n"), false, CHK_HTTP_E_CHUNK, 0, "");
	expect(CHUNKED("-5\r\nhello\r\n"), false, CHK_HTTP_E_CHUNK, 0, "");
	/* a size that overflows 64 bits */
	expect(CHUNKED("10000000000000000\r\n"), false, CHK_HTTP_E_CHUNK, 0, "");
	/* Transfer-Encoding wins over Content-Length */
	expect("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n"
	       "2\r\nok\r\n0\r\n\r\n", false, CHK_HTTP_DONE, 200, "ok");
	/* chunked last: chunked; chunked not last: the close frames the body */
	expect("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, CHUNKED\r\n\r\n2\r\nok\r\n0\r\n\r\n", false,
	       CHK_HTTP_DONE, 200, "ok");
	expect("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n2\r\nok\r\n", true,
	       CHK_HTTP_DONE, 200, "2\r\nok\r\n");
	/* bytes after the last chunk are ignored */
	expect(CHUNKED("1\r\na\r\n0\r\n\r\nHTTP/1.1 500 x\r\n\r\n"), false, CHK_HTTP_DONE, 200, "a");
#undef CHUNKED
}
END_TEST

Suite *chk_http_resp_suite(void)
{
	Suite *s = suite_create("chk_http_resp");
	TCase *tc = tcase_create("reader");

	tcase_add_test(tc, good_responses);
	tcase_add_test(tc, short_responses);
	tcase_add_test(tc, long_responses);
	tcase_add_test(tc, malformed_responses);
	tcase_add_test(tc, garbage_input);
	tcase_add_test(tc, chunked_bodies);
	suite_add_tcase(s, tc);
	return s;
}
