// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: the HTTP response reader of HTTP_GET / SSL_GET.
 * Input: one control byte, then the bytes a server would send.
 *   bits 0-5: feed in pieces of this many bytes (0: all at once)
 *   bit 6: small limits (head 256, body 64), else the checker's
 *   bit 7: the connection closes after the bytes
 * Checks: results are sticky, the body handed out never passes the limit
 * and equals body_len, and a whole response has a final status. */
#include <stdlib.h>

#include "chk_http_resp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void count(void *arg, const uint8_t *p, size_t n)
{
	uint64_t *total = arg;

	if (n == 0 || !p)
		abort();	/* never called for nothing */
	*total += n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct chk_http_resp r;	/* 8 KiB line buffer: not on the stack */
	size_t step, max_head;
	uint64_t max_body, total = 0;
	enum chk_http_rc rc = CHK_HTTP_MORE;

	if (size < 1)
		return 0;
	step = data[0] & 0x3f;
	max_head = data[0] & 0x40 ? 256 : 64 * 1024;
	max_body = data[0] & 0x40 ? 64 : 16 * 1024 * 1024;
	data++;
	size--;
	chk_http_resp_init(&r, max_head, max_body, count, &total);
	for (size_t off = 0; off < size;) {
		size_t n = step && size - off > step ? step : size - off;
		enum chk_http_rc now = chk_http_resp_feed(&r, data + off, n);
		if (rc != CHK_HTTP_MORE && now != rc)
			abort();	/* DONE and errors are final */
		rc = now;
		off += n;
	}
	if (data[-1] & 0x80) {
		enum chk_http_rc end = chk_http_resp_eof(&r);
		if (rc != CHK_HTTP_MORE && end != rc)
			abort();
		rc = end;
	}
	if (total != r.body_len || total > max_body)
		abort();
	if (rc == CHK_HTTP_DONE && (r.status < 200 || r.status > 999 || !chk_http_resp_head_done(&r)))
		abort();
	if (!chk_http_strerror(rc))
		abort();
	return 0;
}
