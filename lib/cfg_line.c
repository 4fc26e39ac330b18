// SPDX-License-Identifier: GPL-2.0-or-later
/* The reader's small pieces: growable buffers, a line's segments (where
 * each piece of a rewritten line came from, so a diagnostic still points
 * into the file) and the line helpers built on them. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cfg_reader_int.h"

/* ---- small buffers ------------------------------------------------------ */

bool cfg_buf_reserve(struct cfg_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1, ncap;
	char *p;

	if (need <= b->cap)
		return true;
	ncap = b->cap ? b->cap : 256;
	while (ncap < need)
		ncap *= 2;
	p = realloc(b->p, ncap);
	if (!p)
		return false;
	b->p = p;
	b->cap = ncap;
	return true;
}

bool cfg_buf_add(struct cfg_buf *b, const char *p, size_t n)
{
	if (!cfg_buf_reserve(b, n))
		return false;
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return true;
}

static bool segs_room(struct cfg_segs *s, size_t n)
{
	size_t ncap;
	struct cfg_seg *v;

	if (s->n + n <= s->cap)
		return true;
	ncap = s->cap ? s->cap : 8;
	while (ncap < s->n + n)
		ncap *= 2;
	v = realloc(s->v, ncap * sizeof(*v));
	if (!v)
		return false;
	s->v = v;
	s->cap = ncap;
	return true;
}

bool cfg_segs_add(struct cfg_segs *s, size_t off, unsigned col, bool fixed)
{
	if (s->n > 0) {
		struct cfg_seg *last = &s->v[s->n - 1];

		if (last->off == off) {		/* the previous piece was empty */
			*last = (struct cfg_seg){ off, col, fixed };
			return true;
		}
		if (last->fixed == fixed &&
		    (fixed ? last->col == col : last->col + (off - last->off) == col))
			return true;
	}
	if (!segs_room(s, 1))
		return false;
	s->v[s->n++] = (struct cfg_seg){ off, col, fixed };
	return true;
}

bool cfg_segs_copy(struct cfg_segs *dst, const struct cfg_seg *v, size_t n)
{
	dst->n = 0;
	if (!segs_room(dst, n))
		return false;
	memcpy(dst->v, v, n * sizeof(*v));
	dst->n = n;
	return true;
}

unsigned cfg_line_col(const struct cfg_line *l, size_t off)
{
	const struct cfg_segs *s = l->segs;
	size_t i = s->n;

	while (i > 1 && s->v[i - 1].off > off)
		i--;
	if (i == 0)
		return 1;
	return s->v[i - 1].fixed ? s->v[i - 1].col
				 : s->v[i - 1].col + (unsigned)(off - s->v[i - 1].off);
}

struct cfg_loc cfg_line_loc(const struct cfg_line *l, size_t off)
{
	return (struct cfg_loc){ l->file, l->line, cfg_line_col(l, off) };
}

void cfg_line_skip(struct cfg_line *l, size_t n)
{
	struct cfg_segs *s = l->segs;
	size_t drop = 0;

	if (n == 0)
		return;
	l->text += n;
	l->len -= n;
	while (drop + 1 < s->n && s->v[drop + 1].off <= n)
		drop++;
	memmove(s->v, s->v + drop, (s->n - drop) * sizeof(*s->v));
	s->n -= drop;
	if (s->n > 0 && !s->v[0].fixed)
		s->v[0].col += (unsigned)(n - s->v[0].off);
	if (s->n > 0)
		s->v[0].off = n;
	for (size_t i = 0; i < s->n; i++)
		s->v[i].off -= n;
}

bool cfg_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

void cfg_line_trim(struct cfg_line *l)
{
	size_t i = 0;

	while (l->len > 0 && cfg_is_space((unsigned char)l->text[l->len - 1]))
		l->len--;
	while (i < l->len && cfg_is_space((unsigned char)l->text[i]))
		i++;
	cfg_line_skip(l, i);
}
