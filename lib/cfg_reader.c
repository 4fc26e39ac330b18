// SPDX-License-Identifier: GPL-2.0-or-later
/* The configuration reader: the input stack (files, multi-line parameter
 * values, ~SEQ/~LST repetitions, include matches), physical lines with
 * their comments removed, and the tokenizer with brace tracking. The
 * preprocessing of each line lives in cfg_subst.c, includes in
 * cfg_include.c, the line and buffer helpers in cfg_line.c.
 *
 * A file is read in pieces into one buffer (cfg_file_fill); a line that
 * needs no rewriting is tokenized where it lies, its words ended with NULs
 * in place, so the common line costs no copy and no allocation. A line
 * stays valid until the next line of its file is read. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "cfg_reader_int.h"

struct cfg_buf *cfg_work_spare(struct cfg_reader *r, struct cfg_segs **segs)
{
	unsigned w = r->wi ^ 1;

	r->work[w].len = 0;
	r->wsegs[w].n = 0;
	*segs = &r->wsegs[w];
	return &r->work[w];
}

void cfg_work_use(struct cfg_reader *r, struct cfg_line *l)
{
	r->wi ^= 1;
	l->text = r->work[r->wi].p;	/* allocated by reader_new */
	l->len = r->work[r->wi].len;
	l->segs = &r->wsegs[r->wi];
	if (l->segs->n == 0 && !cfg_segs_add(l->segs, 0, 1, true))
		l->len = 0;	/* no column map: treat as empty */
}

bool cfg_oom(struct cfg_reader *r)
{
	if (!r->oom)
		cfg_diag_error(r->diag, NULL, "out of memory while reading the configuration");
	r->oom = true;
	return false;
}

/* ---- the input stack ---------------------------------------------------- */

struct cfg_src *cfg_src_push(struct cfg_reader *r, enum cfg_src_kind kind)
{
	struct cfg_src *s = calloc(1, sizeof(*s));

	if (!s) {
		cfg_oom(r);
		return NULL;
	}
	s->kind = kind;
	s->up = r->top;
	r->top = s;
	r->nfiles += kind == CFG_SRC_FILE;
	r->nexpand += kind == CFG_SRC_LINES || kind == CFG_SRC_LOOP;
	return s;
}

struct cfg_src *cfg_src_file(const struct cfg_reader *r)
{
	struct cfg_src *s = r->top;

	while (s && s->kind != CFG_SRC_FILE)
		s = s->up;
	return s;
}

static void src_free(struct cfg_src *s)
{
	if (s->kind == CFG_SRC_FILE && s->fd >= 0)
		close(s->fd);
	free(s->buf);
	free(s->dir);
	free(s->pwd);
	cfg_loop_free(s->loop);
	cfg_src_free_files(s);
	free(s);
}

/* Where the input ends, for the EOF token: just after the top file. */
static void set_eof_loc(struct cfg_reader *r, const struct cfg_src *f)
{
	if (f->col)	/* the last line had no newline: col is its length + 1 */
		r->eof_loc = (struct cfg_loc){ f->name, f->line, f->col };
	else
		r->eof_loc = (struct cfg_loc){ f->name, f->line + 1, 1 };
}

static void src_pop(struct cfg_reader *r)
{
	struct cfg_src *s = r->top;

	r->top = s->up;
	r->nexpand -= s->kind == CFG_SRC_LINES || s->kind == CFG_SRC_LOOP;
	if (s->kind == CFG_SRC_FILE) {
		r->nfiles--;
		if (!s->up)
			set_eof_loc(r, s);
	}
	src_free(s);
}

bool cfg_expand_room(struct cfg_reader *r, const struct cfg_loc *loc)
{
	while (r->top && r->top->kind == CFG_SRC_LINES && r->top->pos >= r->top->len)
		src_pop(r);
	if (r->nexpand < CFG_EXPAND_DEPTH_MAX)
		return true;
	cfg_diag_error(r->diag, loc,
		       "parameters and ~SEQ/~LST nest deeper than %d levels (does a parameter use itself?)",
		       CFG_EXPAND_DEPTH_MAX);
	r->stop = true;
	return false;
}

/* ---- physical lines ----------------------------------------------------- */

/* Byte classes for the loops that look at every byte of the input: a
 * byte of class 0 is plain text to all of them. */
enum { B_SPACE = 1, B_QUOTE = 2, B_BRACE = 4, B_COMMENT = 8, B_BSLASH = 16, B_DOLLAR = 32, B_NUL = 64 };
static const unsigned char byte_class[256] = {
	[' '] = B_SPACE, ['\t'] = B_SPACE, ['\r'] = B_SPACE, ['\v'] = B_SPACE, ['\f'] = B_SPACE,
	['"'] = B_QUOTE, ['{'] = B_BRACE, ['}'] = B_BRACE, ['#'] = B_COMMENT, ['!'] = B_COMMENT,
	['\\'] = B_BSLASH, ['$'] = B_DOLLAR, ['\0'] = B_NUL,
};

static unsigned bclass(char c)
{
	return byte_class[(unsigned char)c];
}

/* keepalived.conf(5): \" neither starts nor ends a quoted string; \\
 * is one backslash. Both stay in the text as written. */
static bool escaped_pair(const char *s, size_t i, size_t n)
{
	return s[i] == '\\' && i + 1 < n && (s[i + 1] == '"' || s[i + 1] == '\\');
}

/* The closing quote of a string whose opening quote is at s[i], or n. */
static size_t quote_end(const char *s, size_t i, size_t n)
{
	for (i++; i < n; i++) {
		if (escaped_pair(s, i, n))
			i++;
		else if (s[i] == '"')
			return i;
	}
	return n;
}

/* Cuts a comment ('#' or '!' outside double quotes) from s[from, n) and
 * reports an unterminated quote; notes in l whether the text holds a '$'.
 * s[n] must be '\n' or the NUL after the buffer. Returns the length of the
 * text before the comment. */
static size_t strip_comment(struct cfg_reader *r, struct cfg_line *l, const char *s, size_t from,
			    size_t n)
{
	size_t quote = 0;
	bool inq = false, dollar = false;

	/* most lines hold none of these: skip to the first in one library call */
	from += strcspn(s + from, "\"#!\\$\n");
	if (from >= n) {
		l->no_dollar = true;
		return n;
	}
	for (size_t i = from; i < n; i++) {
		char c = s[i];

		if (!(bclass(c) & (B_QUOTE | B_COMMENT | B_BSLASH | B_DOLLAR)))
			continue;
		if (c == '$') {
			dollar = true;
		} else if (escaped_pair(s, i, n)) {
			i++;
		} else if (c == '"') {
			inq = !inq;
			quote = i;
		} else if ((c == '#' || c == '!') && !inq) {
			l->no_dollar = !dollar;
			return i;
		}
	}
	l->no_dollar = !dollar;
	if (inq) {
		struct cfg_loc loc = { l->file, l->line, (unsigned)quote + 1 };

		cfg_diag_error(r->diag, &loc, "unterminated quoted string");
		l->quote_reported = true;
	}
	return n;
}

/* The next physical line of f into l, comment removed and trimmed (len 0
 * for a blank, comment or rejected line). False at the end of the file. */
static bool file_line(struct cfg_reader *r, struct cfg_src *f, struct cfg_line *l)
{
	char *start, *nl;
	size_t raw, n, end, seen = 0, lead = 0;

	for (;;) {
		start = f->buf + f->pos;
		nl = memchr(start + seen, '\n', f->len - f->pos - seen);
		if (nl || f->fd < 0)
			break;
		seen = f->len - f->pos;
		if (!cfg_file_fill(r, f))
			break;
	}
	start = f->buf + f->pos;
	if (f->pos >= f->len)
		return false;
	raw = nl ? (size_t)(nl - start) : f->len - f->pos;
	f->pos += raw + (nl != NULL);
	f->line++;
	f->col = nl ? 0 : (unsigned)raw + 1;
	*l = (struct cfg_line){ .text = start, .len = 0, .segs = &r->fsegs, .file = f->name,
				.line = f->line, .from_file = true };
	r->fsegs.n = 1;		/* capacity kept from open */
	r->fsegs.v[0] = (struct cfg_seg){ 0, 1, false };
	if (raw > CFG_LINE_MAX) {
		struct cfg_loc loc = { f->name, f->line, 1 };

		cfg_diag_error(r->diag, &loc, "line is %zu bytes long, more than the limit of %d",
			       raw, CFG_LINE_MAX);
		return true;
	}
	if (f->has_nul && memchr(start, '\0', raw)) {
		struct cfg_loc loc = { f->name, f->line,
				       (unsigned)((char *)memchr(start, '\0', raw) - start) + 1 };

		cfg_diag_error(r->diag, &loc, "NUL byte in the configuration text; line ignored");
		return true;
	}
	end = raw;
	while (end > 0 && cfg_is_space((unsigned char)start[end - 1]))
		end--;
	l->raw_cont = end > 0 && start[end - 1] == '\\';
	/* the indentation: eight spaces at a time is the common case */
	while (lead + 8 <= end && memcmp(start + lead, "        ", 8) == 0)
		lead += 8;
	while (lead < end && (bclass(start[lead]) & B_SPACE))
		lead++;
	n = strip_comment(r, l, start, lead, end);
	while (n > lead && cfg_is_space((unsigned char)start[n - 1]))
		n--;
	/* the line trimmed: its text starts at column lead + 1 */
	l->text = start + lead;
	l->len = n - lead;
	r->fsegs.v[0].col = (unsigned)lead + 1;
	return true;
}

bool cfg_file_cont_line(struct cfg_reader *r, struct cfg_src *f, struct cfg_line *l)
{
	return file_line(r, f, l);
}

/* The next line of a multi-line parameter value (stored trimmed, one line
 * per '\n', no empty lines). */
static bool lines_next(struct cfg_reader *r, struct cfg_src *s, struct cfg_line *l)
{
	struct cfg_segs *segs;
	struct cfg_buf *b;
	const char *start, *nl;
	size_t n;

	if (s->pos >= s->len)
		return false;
	start = s->buf + s->pos;
	nl = memchr(start, '\n', s->len - s->pos);
	n = nl ? (size_t)(nl - start) : s->len - s->pos;
	s->pos += n + (nl != NULL);
	b = cfg_work_spare(r, &segs);
	if (!cfg_buf_add(b, start, n) || !cfg_segs_add(segs, 0, s->col, true))
		return cfg_oom(r);
	*l = (struct cfg_line){ .file = s->name, .line = s->line };
	cfg_work_use(r, l);
	return true;
}

/* Counts a line made by a parameter or a loop; false past the limit. */
static bool generated(struct cfg_reader *r, const struct cfg_line *l)
{
	struct cfg_loc loc;

	if (++r->generated <= CFG_GENERATED_MAX)
		return true;
	loc = cfg_line_loc(l, 0);
	cfg_diag_error(r->diag, &loc,
		       "parameters and ~SEQ/~LST make more than %d lines; the rest is not read",
		       CFG_GENERATED_MAX);
	r->stop = true;
	return false;
}

/* Whether the read stops before the next line of f for
 * cfg_reader_pause_at: f is the top file, nothing else is open (no
 * include, parameter or block) and the line starts at the offset asked
 * for. A line that starts past it, or anything open there, misses the
 * stop: the read then goes on as if none had been asked for. */
static bool pause_here(struct cfg_reader *r, const struct cfg_src *f)
{
	size_t at = f->base + f->pos;

	if (!r->pause_at || f->up || at < r->pause_at)
		return false;
	if (at == r->pause_at && r->nbraces == 0 && !r->gd_pending && !r->in_gd) {
		r->paused = true;
		return true;
	}
	r->pause_at = 0;
	r->pause_missed = true;
	return false;
}

static bool get_line(struct cfg_reader *r, struct cfg_line *l)
{
	for (;;) {
		struct cfg_src *s = r->top;

		if (!s || r->oom || r->stop)
			return false;
		switch (s->kind) {
		case CFG_SRC_FILE:
			if (pause_here(r, s))
				return false;
			if (file_line(r, s, l)) {
				if (l->len > 0)
					return true;
				continue;
			}
			break;
		case CFG_SRC_LINES:
			if (lines_next(r, s, l))
				return generated(r, l);
			break;
		case CFG_SRC_LOOP:
			if (cfg_loop_next(r, s, l))
				return generated(r, l);
			break;
		case CFG_SRC_INCL:
			if (cfg_incl_next(r, s))
				continue;
			break;
		}
		if (r->oom || r->stop)
			return false;
		src_pop(r);
	}
}

/* ---- tokens ------------------------------------------------------------- */

static bool toks_grow(struct cfg_reader *r)
{
	size_t ncap = r->captoks ? r->captoks * 2 : 32;
	struct cfg_token *t = realloc(r->toks, ncap * sizeof(*t));

	if (!t)
		return cfg_oom(r);
	r->toks = t;
	r->captoks = ncap;
	return true;
}

static inline bool tok_add(struct cfg_reader *r, enum cfg_tok kind, const char *text, size_t len,
			   bool quoted, struct cfg_loc loc)
{
	if (r->ntoks == r->captoks && !toks_grow(r))
		return false;
	r->toks[r->ntoks++] = (struct cfg_token){ kind, text, len, quoted, loc };
	return true;
}

static void brace_open(struct cfg_reader *r, struct cfg_loc loc)
{
	if (r->nbraces == r->capbraces) {
		size_t ncap = r->capbraces ? r->capbraces * 2 : 16;
		struct cfg_loc *b = realloc(r->braces, ncap * sizeof(*b));

		if (!b) {
			cfg_oom(r);
			return;
		}
		r->braces = b;
		r->capbraces = ncap;
	}
	if (r->nbraces == 0 && r->gd_pending)
		r->in_gd = true;
	r->gd_pending = false;
	r->braces[r->nbraces++] = loc;
	tok_add(r, CFG_TOK_LBRACE, "{", 1, false, loc);
}

static void brace_close(struct cfg_reader *r, struct cfg_loc loc)
{
	if (r->nbraces == 0) {
		cfg_diag_error(r->diag, &loc, "'}' without a matching '{'");
		return;
	}
	if (--r->nbraces == 0)
		r->in_gd = false;
	tok_add(r, CFG_TOK_RBRACE, "}", 1, false, loc);
}

static bool word_char(char c)
{
	return !cfg_is_space((unsigned char)c) && c != '"' && c != '{' && c != '}';
}

static bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* End of the unquoted word starting at i. An unreplaced ${NAME} stays
 * inside its word: its braces are no block. s[n] must be a NUL: it ends
 * the loop over plain bytes, which then needs no bound. */
static size_t word_end(const char *s, size_t i, size_t n)
{
	while (!(bclass(s[i]) & ~B_COMMENT))	/* plain bytes, the common case */
		i++;
	while (i < n && word_char(s[i])) {
		if (escaped_pair(s, i, n)) {
			i += 2;
			continue;
		}
		if (s[i] == '$' && i + 1 < n && s[i + 1] == '{') {
			size_t k = i + 2;

			while (k < n && ident_char(s[k]))
				k++;
			if (k > i + 2 && k < n && s[k] == '}') {
				i = k + 1;
				continue;
			}
		}
		i++;
	}
	return i;
}

/* include_check and random_seed act on the reader itself, so it looks at
 * them as they pass (they are still handed on to the parser). */
static void global_defs_line(struct cfg_reader *r)
{
	const struct cfg_token *t = r->toks;

	if (strcmp(t[0].text, "include_check") == 0) {
		cfg_include_check(r, t, r->ntoks);
	} else if (strcmp(t[0].text, "random_seed") == 0 && r->ntoks >= 2 &&
		   t[1].kind == CFG_TOK_WORD) {
		char *end;
		unsigned long long v;

		errno = 0;
		v = strtoull(t[1].text, &end, 10);
		if (errno || *end || t[1].text[0] == '-' || t[1].len == 0)
			cfg_diag_error(r->diag, &t[1].loc, "random_seed needs an unsigned number, not '%s'",
				       t[1].text);
		else
			cfg_random_seed(r, v);
	}
}

/* Where the tokens of a line were written, with what that takes read once
 * per line (tok_add's stores would make the compiler read it per token). */
struct tok_where {
	const struct cfg_line *l;
	struct cfg_loc at0;		/* file, line, and the column of offset 0 */
	bool one, fixed;		/* one origin (the common line); at one column */
};

static void tok_where_init(struct tok_where *w, const struct cfg_line *l)
{
	const struct cfg_seg *v = l->segs->v;

	*w = (struct tok_where){ .l = l, .one = l->segs->n == 1 };
	if (w->one) {
		w->fixed = v[0].fixed;
		w->at0 = (struct cfg_loc){ l->file, l->line, v[0].fixed ? v[0].col : v[0].col - (unsigned)v[0].off };
	}
}

/* cfg_line_loc, without the call for the common line of one origin */
static inline struct cfg_loc tok_loc(const struct tok_where *w, size_t off)
{
	struct cfg_loc loc = w->at0;

	if (!w->one)
		return cfg_line_loc(w->l, off);
	if (!w->fixed)
		loc.col += (unsigned)off;
	return loc;
}

static void tokenize(struct cfg_reader *r, struct cfg_line *l)
{
	char *s = l->text;
	size_t i = 0, n = l->len;
	size_t depth0 = r->nbraces;
	bool gd = r->in_gd, late = false;
	struct tok_where w;

	tok_where_init(&w, l);
	s[n] = '\0';	/* for word_end; text[len] is writable, and ends most lines so anyway */

	/* A word is ended with a NUL in place once nothing of the line that
	 * is still to be read can be lost by it: at once when a space or the
	 * line's end follows it, after the line for a glued '{', '}' or '"'. */
	while (i < n && !r->oom) {
		char c = s[i];
		struct cfg_loc loc;

		if (cfg_is_space((unsigned char)c)) {
			i++;
			continue;
		}
		loc = tok_loc(&w, i);
		if (c == '{' || c == '}') {
			if (c == '{')
				brace_open(r, loc);
			else
				brace_close(r, loc);
			i++;
		} else if (c == '"') {
			size_t q = quote_end(s, i, n);

			if (q == n) {
				if (!l->quote_reported)
					cfg_diag_error(r->diag, &loc, "unterminated quoted string");
				break;
			}
			tok_add(r, CFG_TOK_WORD, s + i + 1, q - i - 1, true, loc);
			s[q] = '\0';
			i = q + 1;
		} else {
			size_t j = word_end(s, i, n);

			/* a '{' opening global_defs may follow on this line or a later one */
			if (r->ntoks == 0 && depth0 == 0)
				r->gd_pending = j - i == 11 && memcmp(s + i, "global_defs", 11) == 0;
			tok_add(r, CFG_TOK_WORD, s + i, j - i, false, loc);
			i = j;
			if (j < n && !(bclass(s[j]) & B_SPACE))
				late = true;
			else
				s[i++] = '\0';	/* a space (skipped) or the line's end */
		}
	}
	if (r->ntoks == 0 || r->oom)
		return;
	for (size_t k = 0; late && k < r->ntoks; k++)
		if (r->toks[k].kind == CFG_TOK_WORD)
			((char *)r->toks[k].text)[r->toks[k].len] = '\0';
	if (r->toks[0].kind == CFG_TOK_WORD && gd && depth0 == 1)
		global_defs_line(r);
	tok_add(r, CFG_TOK_EOL, "", 0, false, tok_loc(&w, n));
}

/* ---- the common line, read and tokenized in one pass -------------------- */

/* For fast_line: a byte of class 0 is part of a word; F_OTHER bytes need
 * the full path (quotes, comments, escapes, parameters, a NUL: the one
 * after the buffer's end too). */
enum { F_SPACE = 1, F_BRACE = 2, F_NL = 4, F_OTHER = 8 };
static const unsigned char fast_class[256] = {
	[' '] = F_SPACE, ['\t'] = F_SPACE, ['\r'] = F_SPACE, ['\v'] = F_SPACE, ['\f'] = F_SPACE,
	['{'] = F_BRACE, ['}'] = F_BRACE, ['\n'] = F_NL,
	['"'] = F_OTHER, ['#'] = F_OTHER, ['!'] = F_OTHER, ['\\'] = F_OTHER, ['$'] = F_OTHER,
	['\0'] = F_OTHER,
};

/* The first byte from p on of class F_NL or F_OTHER; *end is a NUL. */
#ifdef __SSE2__
static char *fast_stop(char *p, const char *end)
{
	const __m128i nl = _mm_set1_epi8('\n'), dq = _mm_set1_epi8('"'), hash = _mm_set1_epi8('#'),
		      bang = _mm_set1_epi8('!'), bs = _mm_set1_epi8('\\'), dollar = _mm_set1_epi8('$'),
		      nul = _mm_setzero_si128();

	/* sixteen bytes at a time while they lie before end */
	for (; p + 16 <= end; p += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)p);
		__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, dq)),
					 _mm_or_si128(_mm_cmpeq_epi8(v, hash), _mm_cmpeq_epi8(v, bang)));
		unsigned bits;

		m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, bs), _mm_cmpeq_epi8(v, dollar)));
		bits = (unsigned)_mm_movemask_epi8(_mm_or_si128(m, _mm_cmpeq_epi8(v, nul)));
		if (bits)
			return p + __builtin_ctz(bits);
	}
	while (!(fast_class[(unsigned char)*p] & (F_NL | F_OTHER)))
		p++;
	return p;
}
#else
static char *fast_stop(char *p, const char *end)
{
	(void)end;
	while (!(fast_class[(unsigned char)*p] & (F_NL | F_OTHER)))
		p++;
	return p;
}
#endif

/* The next line of the top file when it is a common one (most lines of a
 * big file): whole in the buffer, only words, spaces and braces, and not
 * starting with what process would look at ('@', '~', 'i'). Its tokens
 * are the ones file_line, process and tokenize make of it, made in one
 * pass. False, having changed nothing, for any other line. */
static bool fast_line(struct cfg_reader *r)
{
	struct cfg_src *f = r->top;
	char *start, *p, *q, *last;
	size_t depth0 = r->nbraces;
	bool gd = r->in_gd, late = false;
	struct cfg_loc loc;

	if (!f || f->kind != CFG_SRC_FILE || r->oom || r->stop)
		return false;
	if (r->pause_at && !f->up && f->base + f->pos >= r->pause_at)
		return false;	/* get_line decides */
	start = q = f->buf + f->pos;
	/* the indentation: eight spaces at a time is the common case */
	while (q + 8 <= f->buf + f->len && memcmp(q, "        ", 8) == 0)
		q += 8;
	while (fast_class[(unsigned char)*q] == F_SPACE)
		q++;
	if (*q == '@' || *q == '~' || *q == 'i')
		return false;
	p = fast_stop(q, f->buf + f->len);
	if (*p != '\n' || (size_t)(p - start) > CFG_LINE_MAX)
		return false;
	f->pos += (size_t)(p - start) + 1;
	f->line++;
	f->col = 0;
	loc = (struct cfg_loc){ f->name, f->line, 0 };
	/* A word is ended with a NUL in place at once when a space or the
	 * '\n' follows it, after the line when a brace does. */
	for (last = q; q < p && !r->oom;) {
		unsigned c = fast_class[(unsigned char)*q];
		char *w = q;

		if (c == F_SPACE) {
			q++;
			continue;
		}
		loc.col = (unsigned)(q - start) + 1;
		if (c == F_BRACE) {
			if (*q++ == '{')
				brace_open(r, loc);
			else
				brace_close(r, loc);
			last = q;
			continue;
		}
		while (!fast_class[(unsigned char)*q])
			q++;
		if (r->ntoks == 0 && depth0 == 0)
			r->gd_pending = q - w == 11 && memcmp(w, "global_defs", 11) == 0;
		tok_add(r, CFG_TOK_WORD, w, (size_t)(q - w), false, loc);
		last = q;
		if (*q == '{' || *q == '}')
			late = true;
		else
			*q++ = '\0';
	}
	if (r->ntoks == 0 || r->oom)
		return true;
	for (size_t k = 0; late && k < r->ntoks; k++)
		if (r->toks[k].kind == CFG_TOK_WORD)
			((char *)r->toks[k].text)[r->toks[k].len] = '\0';
	if (r->toks[0].kind == CFG_TOK_WORD && gd && depth0 == 1)
		global_defs_line(r);
	loc.col = (unsigned)(last - start) + 1;
	tok_add(r, CFG_TOK_EOL, "", 0, false, loc);
	return true;
}

/* A line a part of a file (cfg_split.c) can read as the whole read would:
 * no parameter, conditional, ~SEQ/~LST or include, whose meaning depends
 * on what came before the part. */
static bool part_line(const struct cfg_line *l)
{
	size_t kwlen;

	return l->no_dollar && l->text[0] != '@' && !(l->text[0] == '~' && cfg_loop_kind(l)) &&
	       !cfg_include_kind(l, &kwlen);
}

static void process(struct cfg_reader *r, struct cfg_line *l)
{
	size_t kwlen;
	unsigned kind;
	/* A trimmed line without '$' that starts no conditional, ~SEQ/~LST or
	 * include has nothing to preprocess: the common line. */
	bool plain = l->no_dollar && l->text[0] != '@' && l->text[0] != '~' && l->text[0] != 'i';

	if (r->part && !plain && !part_line(l)) {
		r->part_refused = r->stop = true;
		return;
	}
	if (!plain && !cfg_preprocess(r, l))
		return;
	kind = plain ? 0 : cfg_include_kind(l, &kwlen);
	if (kind) {
		cfg_include(r, l, kind, kwlen);
		return;
	}
	if (l->from_file && l->raw_cont && l->text[l->len - 1] == '\\') {
		struct cfg_loc loc = cfg_line_loc(l, l->len - 1);

		cfg_diag_warn(r->diag, &loc,
			      "'\\' at the end of a line continues only a $NAME= definition; kept as text");
	}
	tokenize(r, l);
}

static void finish(struct cfg_reader *r)
{
	r->done = true;
	if (r->oom || r->stop)
		return;
	for (size_t i = 0; i < r->nbraces; i++)
		cfg_diag_error(r->diag, &r->braces[i], "'{' is not closed by a '}'");
}

/* The first token of the next line that makes any. */
static const struct cfg_token *__attribute__((noinline)) next_line(struct cfg_reader *r)
{
	while (r->itok >= r->ntoks) {
		struct cfg_line l;

		r->itok = r->ntoks = 0;
		if (!r->done && fast_line(r))
			continue;
		if (r->done || !get_line(r, &l)) {
			if (r->paused)
				return &r->eof_tok;
			if (!r->done)
				finish(r);
			r->eof_tok = (struct cfg_token){ CFG_TOK_EOF, "", 0, false, r->eof_loc };
			return &r->eof_tok;
		}
		process(r, &l);
	}
	return &r->toks[r->itok++];
}

const struct cfg_token *cfg_reader_take(struct cfg_reader *r)
{
	return r->itok < r->ntoks ? &r->toks[r->itok++] : next_line(r);
}

void cfg_reader_pause_at(struct cfg_reader *r, size_t offset)
{
	r->pause_at = offset;
	r->paused = r->pause_missed = false;
	r->eof_tok = (struct cfg_token){ CFG_TOK_EOF, "", 0, false, r->eof_loc };
}

bool cfg_reader_paused(const struct cfg_reader *r)
{
	return r->paused;
}

void cfg_reader_resume(struct cfg_reader *r)
{
	r->pause_at = 0;
	r->paused = false;
}

void cfg_reader_stop(struct cfg_reader *r)
{
	r->stop = true;
}

enum cfg_tok cfg_reader_next(struct cfg_reader *r, struct cfg_token *out)
{
	*out = *cfg_reader_take(r);
	return out->kind;
}

/* ---- open and free ------------------------------------------------------ */

static char *node_name(struct cfg_reader *r, bool short_name)
{
	struct utsname u;
	char *dot;

	if (uname(&u) != 0)
		return strdup("");
	cfg_inputs_node(r->inputs, u.nodename);
	dot = short_name ? strchr(u.nodename, '.') : NULL;
	if (dot)
		*dot = '\0';
	return strdup(u.nodename);
}

struct cfg_reader *cfg_reader_new(const struct cfg_reader_opts *opts, struct cfg_diag *diag)
{
	struct cfg_reader *r = calloc(1, sizeof(*r));
	struct timespec ts;

	if (!r) {
		cfg_diag_error(diag, NULL, "out of memory");
		return NULL;
	}
	r->diag = diag;
	r->params = cfg_params_new();
	r->inputs = opts ? opts->inputs : NULL;
	r->config_id = opts && opts->config_id ? strdup(opts->config_id) : node_name(r, true);
	if (opts && opts->instance)
		r->instance = strdup(opts->instance);
	else
		r->instance = opts && opts->config_id ? strdup(opts->config_id) : node_name(r, false);
	clock_gettime(CLOCK_REALTIME, &ts);
	cfg_random_seed(r, (uint64_t)ts.tv_sec * 1000000007u ^ (uint64_t)ts.tv_nsec ^
			   ((uint64_t)getpid() << 32));
	if (!r->params || !r->config_id || !r->instance ||
	    !cfg_segs_add(&r->fsegs, 0, 1, false) || !cfg_buf_reserve(&r->work[0], 0) ||
	    !cfg_buf_reserve(&r->work[1], 0)) {
		cfg_diag_error(diag, NULL, "out of memory");
		cfg_reader_free(r);
		return NULL;
	}
	r->eof_loc = (struct cfg_loc){ NULL, 0, 0 };
	return r;
}

static struct cfg_reader *open_common(const char *path, const char *text,
				      const struct cfg_reader_opts *opts, struct cfg_diag *diag)
{
	struct cfg_reader *r = cfg_reader_new(opts, diag);

	if (!r)
		return NULL;
	if (!cfg_file_open(r, path, text, NULL, true)) {
		cfg_reader_free(r);
		return NULL;
	}
	if (opts && opts->include_check_all)
		r->top->incl_check = CFG_INC_ALL;
	r->eof_loc = (struct cfg_loc){ r->top->name, 1, 1 };
	return r;
}

struct cfg_reader *cfg_reader_open(const char *path, const struct cfg_reader_opts *opts,
				   struct cfg_diag *diag)
{
	return open_common(path, NULL, opts, diag);
}

struct cfg_reader *cfg_reader_open_string(const char *name, const char *text,
					  const struct cfg_reader_opts *opts,
					  struct cfg_diag *diag)
{
	return open_common(name, text ? text : "", opts, diag);
}

void cfg_reader_free(struct cfg_reader *r)
{
	if (!r)
		return;
	while (r->top) {
		struct cfg_src *s = r->top;

		r->top = s->up;
		src_free(s);
	}
	cfg_params_free(r->params);
	free(r->config_id);
	free(r->instance);
	for (int i = 0; i < 2; i++) {
		free(r->work[i].p);
		free(r->wsegs[i].v);
	}
	free(r->fsegs.v);
	free(r->toks);
	free(r->braces);
	free(r);
}
