// SPDX-License-Identifier: GPL-2.0-or-later
/* The HTTP/1.x response reader (see chk_http_resp.h). Line-oriented parts
 * (status line, header fields, chunk sizes, trailers) are gathered into a
 * bounded line buffer; body bytes pass straight to the callback. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "chk_http_resp.h"

enum {
	ST_STATUS, ST_HEADER, ST_BODY_LEN, ST_BODY_CLOSE,
	ST_CHUNK_SIZE, ST_CHUNK_DATA, ST_CHUNK_END, ST_TRAILER, ST_DONE,
};

void chk_http_resp_init(struct chk_http_resp *r, size_t max_head, uint64_t max_body,
			chk_http_body_fn *on_body, void *arg)
{
	memset(r, 0, sizeof(*r));
	r->max_head = max_head;
	r->max_body = max_body;
	r->on_body = on_body;
	r->arg = arg;
	r->state = ST_STATUS;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int hex_value(char c)
{
	if (is_digit(c))
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* "HTTP/1.x SSS[ reason]": the status, or -1. */
static int parse_status(const char *l, size_t n)
{
	if (n < 12 || memcmp(l, "HTTP/1.", 7) != 0 || !is_digit(l[7]) || l[8] != ' ' ||
	    !is_digit(l[9]) || !is_digit(l[10]) || !is_digit(l[11]) || l[9] == '0')
		return -1;
	if (n > 12 && l[12] != ' ')
		return -1;
	return (l[9] - '0') * 100 + (l[10] - '0') * 10 + (l[11] - '0');
}

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* Content-Length: digits, or a list of equal ones ("5, 5"); -1 if bad. */
static int parse_length(const char *v, size_t n, uint64_t *out)
{
	bool have = false;
	size_t i = 0;

	while (i < n) {
		uint64_t x = 0;
		size_t start;
		while (i < n && (is_ows(v[i]) || v[i] == ','))
			i++;
		if (i == n)
			break;
		for (start = i; i < n && is_digit(v[i]); i++) {
			if (x > (UINT64_MAX - 9) / 10)
				return -1;
			x = x * 10 + (uint64_t)(v[i] - '0');
		}
		while (i < n && is_ows(v[i]))
			i++;
		if (i == start || (i < n && v[i] != ',') || (have && x != *out))
			return -1;
		*out = x;
		have = true;
	}
	return have ? 0 : -1;
}

/* Transfer-Encoding: is the last coding chunked? */
static bool last_coding_chunked(const char *v, size_t n)
{
	size_t end = n, start;

	while (end > 0 && (is_ows(v[end - 1]) || v[end - 1] == ','))
		end--;
	start = end;
	while (start > 0 && v[start - 1] != ',')
		start--;
	while (start < end && is_ows(v[start]))
		start++;
	return end - start == 7 && strncasecmp(v + start, "chunked", 7) == 0;
}

static bool is_tchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) ||
	       (c && strchr("!#$%&'*+-.^_`|~", c));
}

static enum chk_http_rc header_field(struct chk_http_resp *r, const char *l, size_t n)
{
	size_t colon = 0, vs, ve;

	if (is_ows(l[0]))	/* obs-fold: harmless unless it continues framing */
		return r->fold_forbidden ? CHK_HTTP_E_HEADER : CHK_HTTP_MORE;
	while (colon < n && is_tchar(l[colon]))
		colon++;
	if (colon == 0 || colon == n || l[colon] != ':')
		return CHK_HTTP_E_HEADER;
	for (vs = colon + 1; vs < n && is_ows(l[vs]); vs++)
		;
	for (ve = n; ve > vs && is_ows(l[ve - 1]); ve--)
		;
	r->fold_forbidden = false;
	if (colon == 14 && strncasecmp(l, "Content-Length", 14) == 0) {
		uint64_t len = r->length;
		if (parse_length(l + vs, ve - vs, &len) < 0 || (r->have_length && len != r->length))
			return CHK_HTTP_E_LENGTH;
		r->length = len;
		r->have_length = r->fold_forbidden = true;
	} else if (colon == 17 && strncasecmp(l, "Transfer-Encoding", 17) == 0) {
		r->have_te = r->fold_forbidden = true;
		r->chunked = last_coding_chunked(l + vs, ve - vs);
	}
	return CHK_HTTP_MORE;
}

/* The empty line after the headers: how the body is framed (RFC 9112 6.3). */
static enum chk_http_rc head_done(struct chk_http_resp *r)
{
	if (r->status < 200) {	/* interim: the final response follows */
		r->have_length = r->have_te = r->chunked = r->fold_forbidden = false;
		r->state = ST_STATUS;
		return CHK_HTTP_MORE;
	}
	if (r->status == 204 || r->status == 304) {
		r->state = ST_DONE;
	} else if (r->have_te) {
		r->state = r->chunked ? ST_CHUNK_SIZE : ST_BODY_CLOSE;
	} else if (r->have_length) {
		if (r->length > r->max_body)
			return CHK_HTTP_E_BODY_LONG;
		r->left = r->length;
		r->state = r->length ? ST_BODY_LEN : ST_DONE;
	} else {
		r->state = ST_BODY_CLOSE;
	}
	return r->state == ST_DONE ? CHK_HTTP_DONE : CHK_HTTP_MORE;
}

/* "hex[ ;ext]": the next chunk's size. */
static enum chk_http_rc chunk_size(struct chk_http_resp *r, const char *l, size_t n)
{
	uint64_t size = 0;
	size_t i = 0;

	for (; i < n && hex_value(l[i]) >= 0; i++) {
		if (size > UINT64_MAX >> 4)
			return CHK_HTTP_E_CHUNK;
		size = size << 4 | (uint64_t)hex_value(l[i]);
	}
	if (i == 0)
		return CHK_HTTP_E_CHUNK;
	while (i < n && is_ows(l[i]))
		i++;
	if (i < n && l[i] != ';')
		return CHK_HTTP_E_CHUNK;
	if (size > r->max_body - r->body_len)
		return CHK_HTTP_E_BODY_LONG;
	r->left = size;
	r->state = size ? ST_CHUNK_DATA : ST_TRAILER;
	return CHK_HTTP_MORE;
}

static enum chk_http_rc line_done(struct chk_http_resp *r, const char *l, size_t n)
{
	switch (r->state) {
	case ST_STATUS:
		r->status = parse_status(l, n);
		if (r->status < 0)
			return CHK_HTTP_E_STATUS;
		r->state = ST_HEADER;
		return CHK_HTTP_MORE;
	case ST_HEADER:
		return n == 0 ? head_done(r) : header_field(r, l, n);
	case ST_CHUNK_SIZE:
		return chunk_size(r, l, n);
	case ST_CHUNK_END:
		r->state = ST_CHUNK_SIZE;
		return n == 0 ? CHK_HTTP_MORE : CHK_HTTP_E_CHUNK;
	default:		/* ST_TRAILER: fields are not looked at */
		if (n != 0)
			return CHK_HTTP_MORE;
		r->state = ST_DONE;
		return CHK_HTTP_DONE;
	}
}

static bool counts_as_head(int state)
{
	return state == ST_STATUS || state == ST_HEADER || state == ST_TRAILER;
}

/* Gathers a line from p; returns the bytes used. */
static size_t take_line(struct chk_http_resp *r, const uint8_t *p, size_t n, enum chk_http_rc *rc)
{
	const uint8_t *nl = memchr(p, '\n', n);
	size_t take = nl ? (size_t)(nl - p) + 1 : n, len;

	*rc = CHK_HTTP_MORE;
	if (counts_as_head(r->state)) {
		r->head_len += take;
		if (r->head_len > r->max_head) {
			*rc = CHK_HTTP_E_HEAD_LONG;
			return take;
		}
	}
	len = nl ? take - 1 : take;
	if (r->line_len + len > sizeof(r->line)) {
		*rc = r->state == ST_CHUNK_SIZE || r->state == ST_CHUNK_END ? CHK_HTTP_E_CHUNK
									    : CHK_HTTP_E_HEAD_LONG;
		return take;
	}
	memcpy(r->line + r->line_len, p, len);
	r->line_len += len;
	if (!nl)
		return take;
	len = r->line_len;
	if (len > 0 && r->line[len - 1] == '\r')
		len--;
	r->line_len = 0;
	*rc = line_done(r, r->line, len);
	return take;
}

static size_t take_body(struct chk_http_resp *r, const uint8_t *p, size_t n, enum chk_http_rc *rc)
{
	size_t take = n;

	*rc = CHK_HTTP_MORE;
	if (r->state != ST_BODY_CLOSE && take > r->left)
		take = (size_t)r->left;
	if (r->state == ST_BODY_CLOSE && take > r->max_body - r->body_len) {
		*rc = CHK_HTTP_E_BODY_LONG;
		return take;
	}
	if (r->on_body && take)
		r->on_body(r->arg, p, take);
	r->body_len += take;
	if (r->state == ST_BODY_CLOSE)
		return take;
	r->left -= take;
	if (r->left == 0 && r->state == ST_BODY_LEN) {
		r->state = ST_DONE;
		*rc = CHK_HTTP_DONE;
	} else if (r->left == 0) {
		r->state = ST_CHUNK_END;
	}
	return take;
}

enum chk_http_rc chk_http_resp_feed(struct chk_http_resp *r, const uint8_t *p, size_t n)
{
	while (r->rc == CHK_HTTP_MORE && n > 0) {
		enum chk_http_rc rc;
		size_t used;
		if (r->state == ST_BODY_LEN || r->state == ST_BODY_CLOSE || r->state == ST_CHUNK_DATA)
			used = take_body(r, p, n, &rc);
		else
			used = take_line(r, p, n, &rc);
		r->rc = rc;
		p += used;
		n -= used;
	}
	return (enum chk_http_rc)r->rc;
}

bool chk_http_resp_head_done(const struct chk_http_resp *r)
{
	return r->rc == CHK_HTTP_DONE || (r->rc == CHK_HTTP_MORE && r->state > ST_HEADER);
}

enum chk_http_rc chk_http_resp_eof(struct chk_http_resp *r)
{
	if (r->rc == CHK_HTTP_MORE)
		r->rc = r->state == ST_BODY_CLOSE ? CHK_HTTP_DONE : CHK_HTTP_E_TRUNCATED;
	return (enum chk_http_rc)r->rc;
}

const char *chk_http_strerror(enum chk_http_rc rc)
{
	switch (rc) {
	case CHK_HTTP_MORE: return "incomplete response";
	case CHK_HTTP_DONE: return "complete response";
	case CHK_HTTP_E_STATUS: return "not an HTTP/1.x status line";
	case CHK_HTTP_E_HEADER: return "malformed header line";
	case CHK_HTTP_E_HEAD_LONG: return "response head too long";
	case CHK_HTTP_E_LENGTH: return "bad Content-Length";
	case CHK_HTTP_E_CHUNK: return "malformed chunk";
	case CHK_HTTP_E_BODY_LONG: return "response body too long";
	case CHK_HTTP_E_TRUNCATED: return "connection closed inside the response";
	}
	return "unknown HTTP reader result";
}
