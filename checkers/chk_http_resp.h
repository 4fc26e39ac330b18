// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * An HTTP/1.x response reader for HTTP_GET and SSL_GET: status line, header
 * fields, and a body framed by Content-Length, chunked coding or the end of
 * the connection (RFC 9112). Pure: bytes in, a verdict out; the body is
 * handed to a callback (the checker hashes it) and never kept. Bounded: a
 * head longer than max_head or a body longer than max_body is an error,
 * whatever the framing says.
 */
#ifndef KEEL_CHK_HTTP_RESP_H
#define KEEL_CHK_HTTP_RESP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Results of chk_http_resp_feed() and chk_http_resp_eof(); errors < 0. */
enum chk_http_rc {
	CHK_HTTP_MORE = 0,		/* wants more bytes */
	CHK_HTTP_DONE = 1,		/* a whole response: status and body */
	CHK_HTTP_E_STATUS = -1,		/* not an HTTP/1.x status line */
	CHK_HTTP_E_HEADER = -2,		/* a malformed header line */
	CHK_HTTP_E_HEAD_LONG = -3,	/* status line and headers over max_head */
	CHK_HTTP_E_LENGTH = -4,		/* a bad or conflicting Content-Length */
	CHK_HTTP_E_CHUNK = -5,		/* a malformed chunk */
	CHK_HTTP_E_BODY_LONG = -6,	/* body over max_body */
	CHK_HTTP_E_TRUNCATED = -7,	/* the connection ended inside the response */
};

/* A complete line (status, header, chunk size, trailer) is at most this. */
#define CHK_HTTP_LINE_MAX 8192

typedef void chk_http_body_fn(void *arg, const uint8_t *p, size_t n);

struct chk_http_resp {
	/* set by the caller before feeding (chk_http_resp_init) */
	size_t max_head;
	uint64_t max_body;
	chk_http_body_fn *on_body;	/* may be NULL */
	void *arg;
	/* results */
	int status;			/* the final status code, 100..999 */
	uint64_t body_len;		/* body bytes delivered */
	/* reader state */
	int state;
	int rc;				/* sticky once DONE or an error */
	bool have_length, have_te, chunked;
	bool fold_forbidden;		/* the last field framed the body */
	uint64_t length, left;		/* Content-Length; bytes left of body or chunk */
	size_t head_len, line_len;
	char line[CHK_HTTP_LINE_MAX];
};

void chk_http_resp_init(struct chk_http_resp *r, size_t max_head, uint64_t max_body,
			chk_http_body_fn *on_body, void *arg);
/* Reads the next bytes of the response; bytes after its end are ignored. */
enum chk_http_rc chk_http_resp_feed(struct chk_http_resp *r, const uint8_t *p, size_t n);
/* Status line and header fields are read: status is final. */
bool chk_http_resp_head_done(const struct chk_http_resp *r);
/* The peer closed: ends a body framed by the close, else truncated. */
enum chk_http_rc chk_http_resp_eof(struct chk_http_resp *r);
/* Short static text for a result. */
const char *chk_http_strerror(enum chk_http_rc rc);

#endif
