// SPDX-License-Identifier: GPL-2.0-or-later
/* The top file cut into parts that readers on other threads read at the
 * same time as the whole read reads the first (cfg_reader.h, cfg_parts.c).
 * A part starts at a line that opens a virtual_server, the block a big
 * configuration is made of. Whether the whole read would be between
 * blocks there is only known when it gets there (cfg_reader_pause_at), so
 * each cut is a guess that the readers confirm or refuse. */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "cfg.h"
#include "cfg_reader_int.h"

#define OPENER "\nvirtual_server"
#define LOOK_BYTES 65536	/* searched for an opener after each even cut */
#define LINE_UNKNOWN UINT_MAX

struct cfg_part {
	int fd;			/* a descriptor of its own on the file, or -1 */
	char *text;		/* else the file's text from start on */
	size_t textlen;
	size_t start, end;	/* end: where the next part starts; 0 for the last */
	unsigned line;		/* lines before start, or LINE_UNKNOWN: cfg_part_open counts */
	const char *name;	/* interned by the whole read's diag, which outlives the part */
	char *config_id, *instance;
	unsigned incl_check;
};

/* The offset of the first line in p[0, n) (p at file offset at, so that
 * p[0] is the newline before a candidate) that starts with the opener and
 * a blank; 0 when there is none. */
static size_t opener_in(const char *p, size_t n, size_t at)
{
	const size_t k = sizeof(OPENER) - 1;

	for (const char *q = p; (q = memmem(q, (size_t)(p + n - q), OPENER, k)); q++)
		if (q + k < p + n && (q[k] == ' ' || q[k] == '\t'))
			return at + (size_t)(q - p) + 1;
	return 0;
}

/* The first opener at or after offset from in f's file of size bytes. */
static size_t opener_after(const struct cfg_src *f, size_t from, size_t size)
{
	size_t at = from - 1, n = size - at < LOOK_BYTES ? size - at : LOOK_BYTES;
	char *p;
	ssize_t got;
	size_t found;

	if (from == 0 || from >= size)
		return 0;
	if (f->fd < 0)	/* all of it in memory (base 0) */
		return opener_in(f->buf + at, n, at);
	if (!(p = malloc(n)))
		return 0;
	got = pread(f->fd, p, n, (off_t)at);
	found = got > 0 ? opener_in(p, (size_t)got, at) : 0;
	free(p);
	return found;
}

/* The newlines in p[0, n): a part's first line number costs a pass over
 * the whole file before it, on the part's thread. */
static size_t lines_in(const char *p, size_t n)
{
	size_t lines = 0, i = 0;

#ifdef __SSE2__
	const __m128i nl = _mm_set1_epi8('\n');

	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(p + i));

		lines += (size_t)__builtin_popcount((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, nl)));
	}
#endif
	for (; i < n; i++)
		lines += p[i] == '\n';
	return lines;
}

void cfg_part_free(struct cfg_part *part)
{
	if (!part)
		return;
	if (part->fd >= 0)
		close(part->fd);
	free(part->text);
	free(part->config_id);
	free(part->instance);
	free(part);
}

static struct cfg_part *part_new(const struct cfg_reader *rd, const struct cfg_src *f, size_t start,
				 size_t end)
{
	struct cfg_part *part = calloc(1, sizeof(*part));

	if (!part)
		return NULL;
	*part = (struct cfg_part){ .fd = -1, .start = start, .end = end, .name = f->name,
				   .incl_check = f->incl_check, .line = LINE_UNKNOWN };
	part->config_id = strdup(rd->config_id);
	part->instance = strdup(rd->instance);
	if (f->fd >= 0) {
		part->fd = fcntl(f->fd, F_DUPFD_CLOEXEC, 0);
	} else if ((part->text = malloc(f->len - start + 1))) {
		part->textlen = f->len - start;
		memcpy(part->text, f->buf + start, part->textlen + 1);
		part->line = (unsigned)lines_in(f->buf, start);
	}
	if (!part->config_id || !part->instance || (part->fd < 0 && !part->text)) {
		cfg_part_free(part);
		return NULL;
	}
	return part;
}

size_t cfg_reader_split(struct cfg_reader *rd, size_t n, size_t min, struct cfg_part **parts)
{
	struct cfg_src *f = rd->top;
	size_t size, k = 1, starts[CFG_PARTS_MAX + 1];
	struct stat st;

	/* before the first line was read, in memory as a whole or not at all */
	if (n > CFG_PARTS_MAX)
		n = CFG_PARTS_MAX;
	if (n < 2 || !f || f->kind != CFG_SRC_FILE || f->up || f->base != 0 || f->pos > 3)
		return 1;
	if (f->fd >= 0)
		size = fstat(f->fd, &st) == 0 && st.st_size > 0 ? (size_t)st.st_size : 0;
	else
		size = f->len;
	if (min > 0 && size / n < min)
		n = size / min;
	starts[0] = 0;
	for (size_t i = 1; i < n; i++) {
		size_t at = opener_after(f, size / n * i, size);

		if (at > starts[k - 1] && at < size)
			starts[k++] = at;
	}
	for (size_t i = 1; i < k; i++) {
		if (!(parts[i - 1] = part_new(rd, f, starts[i], i + 1 < k ? starts[i + 1] : 0))) {
			while (--i > 0)
				cfg_part_free(parts[i - 1]);
			return 1;
		}
	}
	if (k > 1)
		cfg_reader_pause_at(rd, starts[1]);
	return k;
}

/* The lines of the file before the part, read through its own descriptor. */
static bool count_lines(struct cfg_part *part)
{
	char *buf = malloc(LOOK_BYTES);
	size_t at = 0, lines = 0;

	while (buf && at < part->start) {
		size_t want = part->start - at < LOOK_BYTES ? part->start - at : LOOK_BYTES;
		ssize_t got = pread(part->fd, buf, want, (off_t)at);

		if (got <= 0)
			break;
		lines += lines_in(buf, (size_t)got);
		at += (size_t)got;
	}
	free(buf);
	part->line = (unsigned)lines;
	return at == part->start;
}

struct cfg_reader *cfg_part_open(struct cfg_part *part, struct cfg_diag *diag)
{
	struct cfg_reader_opts o = { .config_id = part->config_id, .instance = part->instance };
	struct cfg_reader *r;
	struct cfg_src *f;
	char *buf = part->fd >= 0 ? malloc(CFG_READ_CHUNK) : NULL;

	/* a failure here leaves the part to the whole read, which reports
	 * what it finds itself */
	if ((part->fd >= 0 && !buf) || (part->line == LINE_UNKNOWN && !count_lines(part)) ||
	    !(r = cfg_reader_new(&o, diag))) {
		free(buf);
		return NULL;
	}
	if (!(f = cfg_src_push(r, CFG_SRC_FILE))) {
		free(buf);
		cfg_reader_free(r);
		return NULL;
	}
	f->name = part->name;
	f->line = part->line;
	f->base = f->total = part->start;
	f->incl_check = part->incl_check;
	f->fd = part->fd;
	part->fd = -1;
	if (f->fd >= 0) {
		f->buf = buf;
		f->cap = CFG_READ_CHUNK;
		cfg_file_fill(r, f);
	} else {
		f->buf = part->text;
		f->len = part->textlen;
		f->cap = part->textlen + 1;
		f->has_nul = memchr(f->buf, '\0', f->len) != NULL;
		part->text = NULL;
	}
	r->part = true;
	r->eof_loc = (struct cfg_loc){ f->name, 1, 1 };
	if (part->end)
		cfg_reader_pause_at(r, part->end);
	return r;
}

bool cfg_part_read_whole(const struct cfg_reader *rd)
{
	if (rd->part_refused || rd->oom || rd->stop || rd->pause_missed)
		return false;
	return rd->paused || (rd->done && !rd->pause_at);
}
