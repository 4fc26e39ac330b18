// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: the HTTP response reader of HTTP_GET / SSL_GET.
 * Input: one control byte, then the bytes a server would send.
 *   bits 0-5: feed in pieces of this many bytes (0: all at once)
 *   bit 6: small limits (head 256, body 64), else the checker's
 *   bit 7: the connection closes after the bytes
 * Checks: results are sticky, the body handed out never passes the limit
 * and equals body_len, and a whole response has a final status. The body
 * kept for a url regex is matched too (a pattern with backtracking, some
 * offsets): it is the body's start, and the verdict always says. */
#include <stdlib.h>
#include <string.h>

#include "chk_http_regex.h"
#include "chk_http_resp.h"
#include "http_regex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	uint64_t total;
	struct chk_http_body kept;
};

static void count(void *arg, const uint8_t *p, size_t n)
{
	struct seen *s = arg;

	if (n == 0 || !p)
		abort();	/* never called for nothing */
	s->total += n;
	chk_http_body_keep(&s->kept, p, n);
}

static const struct cfg_url_regex *fuzz_regex(void)
{
	static struct cfg_url_regex re = {
		.pattern = "(?m)^(ok|status:\\s*(\\w+)+)$", .min_offset = 1, .max_offset = 4096,
		.max_offset_set = true, .stack_start = 32768, .stack_max = 65536,
	};
	char err[160];

	if (!re.compiled && !(re.compiled = http_regex_compile(&re, err, sizeof(err))))
		abort();
	return &re;
}

/* the kept body is the start of what was handed out, and judged */
static void check_regex(const struct seen *s)
{
	char buf[200];

	if (s->kept.len > CHK_HTTP_REGEX_BODY_MAX || s->kept.len > s->total ||
	    (s->kept.len < s->total && s->kept.len < CHK_HTTP_REGEX_BODY_MAX && !s->kept.oom))
		abort();
	chk_http_regex_verdict(fuzz_regex(), &s->kept, buf, sizeof(buf));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct chk_http_resp r;	/* 8 KiB line buffer: not on the stack */
	static struct seen seen;	/* its body buffer reused run after run */
	size_t step, max_head;
	uint64_t max_body;
	enum chk_http_rc rc = CHK_HTTP_MORE;

	if (size < 1)
		return 0;
	step = data[0] & 0x3f;
	max_head = data[0] & 0x40 ? 256 : 64 * 1024;
	max_body = data[0] & 0x40 ? 64 : 16 * 1024 * 1024;
	data++;
	size--;
	seen.total = 0;
	chk_http_body_reset(&seen.kept);
	chk_http_resp_init(&r, max_head, max_body, count, &seen);
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
	if (seen.total != r.body_len || seen.total > max_body)
		abort();
	check_regex(&seen);
	if (rc == CHK_HTTP_DONE && (r.status < 200 || r.status > 999 || !chk_http_resp_head_done(&r)))
		abort();
	if (!chk_http_strerror(rc))
		abort();
	return 0;
}
