// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfg_block.h"

#define STMT_MAX_ARGS 4096

/* A statement's words are the reader's tokens of one line, used where
 * they lie: they stay valid until the next line is read, which happens
 * only after the statement is dispatched (a sub-block's lines come after
 * its opening statement's handler ran). Only the arrays are kept, reused
 * for every statement: no allocation per word. */
struct cfg_stmt_buf {
	struct cfg_stmt st;
	size_t cap;			/* of argv and loc */
	/* Blocks of one kind tend to repeat the same statements in the same
	 * order: the keyword the last block of table `seen` at this nesting
	 * read as its statement k is tried first for statement k. */
	const struct cfg_block *seen;
	uint16_t guess[16];
	unsigned pos;
};

static void stmt_clear(struct cfg_stmt_buf *b)
{
	b->st.argc = 0;
	b->st.block = false;
}

static void stmt_free(struct cfg_stmt_buf *b)
{
	free(b->st.argv);
	free(b->st.loc);
}

static int resize(void **p, size_t n, size_t size)
{
	void *q = realloc(*p, n * size);

	if (!q)
		return -1;
	*p = q;
	return 0;
}

static int stmt_add(struct cfg_parser *p, struct cfg_stmt_buf *b)
{
	if (b->st.argc == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 16;
		if (resize((void **)&b->st.argv, cap, sizeof(*b->st.argv)) < 0 ||
		    resize((void **)&b->st.loc, cap, sizeof(*b->st.loc)) < 0)
			return -1;
		b->cap = cap;
	}
	b->st.argv[b->st.argc] = (char *)p->tok->text;	/* NUL-terminated, see cfg_reader.h */
	b->st.loc[b->st.argc++] = p->tok->loc;
	return 0;
}

/* Reads one statement. Returns the token that ended it: EOL, LBRACE,
 * RBRACE (with no words: the block's end) or EOF. */
static enum cfg_tok read_stmt(struct cfg_parser *p, struct cfg_stmt_buf *b)
{
	enum cfg_tok k;

	stmt_clear(b);
	while ((k = (p->tok = cfg_reader_take(p->rd))->kind) == CFG_TOK_WORD) {
		if (b->st.argc >= STMT_MAX_ARGS) {
			cfg_diag_error(p->diag, &p->tok->loc, "more than %d words in one statement",
				       STMT_MAX_ARGS);
			continue;
		}
		if (stmt_add(p, b) < 0) {
			cfg_diag_error(p->diag, &p->tok->loc, "out of memory");
			return CFG_TOK_EOF;
		}
	}
	b->st.block = k == CFG_TOK_LBRACE;
	if (b->st.block)
		b->st.brace = p->tok->loc;
	return k;
}

static void skip_block(struct cfg_parser *p)
{
	unsigned depth = 1;

	while (depth > 0) {
		switch ((p->tok = cfg_reader_take(p->rd))->kind) {
		case CFG_TOK_LBRACE: depth++; break;
		case CFG_TOK_RBRACE: depth--; break;
		case CFG_TOK_EOF: return;
		default: break;
		}
	}
}

/* strcmp for keywords, a few bytes long: a plain loop, not a libc call
 * that pays its setup for every statement (and whose vector code costs
 * several times its weight under emulation: the lab's reload bench spent
 * 8% of a reload in strcmp from here). */
static inline int kw_cmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

/* The keyword in b's sorted table: this runs for every statement. */
static const struct cfg_kw *find_kw(const struct cfg_block *b, const char *key)
{
	size_t lo = 0, hi = b->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = kw_cmp(key, b->kw[mid].name);

		if (c == 0)
			return &b->kw[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* find_kw, trying the guess for this statement's position first. */
static const struct cfg_kw *lookup(struct cfg_stmt_buf *buf, const struct cfg_block *b,
				   const char *key)
{
	unsigned pos = buf->pos++, n = sizeof(buf->guess) / sizeof(buf->guess[0]);
	const struct cfg_kw *kw;

	if (pos < n && buf->guess[pos] < b->n && kw_cmp(b->kw[buf->guess[pos]].name, key) == 0)
		return &b->kw[buf->guess[pos]];
	kw = find_kw(b, key);
	if (pos < n)
		buf->guess[pos] = kw ? (uint16_t)(kw - b->kw) : UINT16_MAX;
	return kw;
}

static void dispatch(struct cfg_parser *p, const struct cfg_block *b, const struct cfg_kw *kw,
		     void *obj, const struct cfg_stmt *st)
{
	size_t nargs = st->argc - 1;

	if (p->only && p->depth == 0 && kw != p->only) {
		p->refused = true;
		cfg_reader_stop(p->rd);
		return;
	}
	if (!kw) {
		if (b->line) {
			if (st->block)
				cfg_err(p, st, 0, "'%s' takes no block here", st->argv[0]);
			else
				b->line(p, obj, st);
		} else {
			cfg_warn(p, st, 0, "unknown keyword '%s' in %s; ignored", st->argv[0], b->what);
		}
		if (st->block)
			skip_block(p);
		return;
	}
	if (kw->todo) {
		if (kw->fn)	/* ignored for a reason it gives itself */
			kw->fn(p, obj, st);
		else
			cfg_warn(p, st, 0, "'%s' is not implemented by keel yet (%s); ignored", kw->name,
				 kw->todo);
		if (st->block)
			skip_block(p);
		return;
	}
	if (nargs < kw->min || (kw->max != CFG_ANY && nargs > kw->max)) {
		/* too many: point at the first one too many */
		size_t at = nargs > kw->max ? (size_t)kw->max + 1 : 0;
		if (kw->min == kw->max)
			cfg_err(p, st, at, "'%s' takes %u argument%s, not %zu", kw->name, kw->min,
				kw->min == 1 ? "" : "s", nargs);
		else
			cfg_err(p, st, at, "'%s' takes %u to %u arguments, not %zu", kw->name, kw->min,
				kw->max, nargs);
		if (st->block)
			skip_block(p);
		return;
	}
	if (kw->sub) {
		void *child;
		if (!st->block) {
			cfg_err(p, st, 0, "'%s' needs a block: '%s ... {'", kw->name, kw->name);
			return;
		}
		child = kw->open ? kw->open(p, obj, st) : obj;
		if (!child) {
			skip_block(p);
			return;
		}
		p->depth++;
		cfg_parse_block(p, kw->sub, child, &st->loc[0]);
		p->depth--;
		return;
	}
	if (st->block) {
		cfg_diag_error(p->diag, &st->brace, "'%s' takes no block", kw->name);
		skip_block(p);
		return;
	}
	kw->fn(p, obj, st);
}

/* The statement buffer for the block being opened, or NULL. */
static struct cfg_stmt_buf *buf_get(struct cfg_parser *p)
{
	if (p->nest == p->nbufs) {
		struct cfg_stmt_buf **v = realloc(p->bufs, (p->nbufs + 1) * sizeof(*v));

		if (!v)
			return NULL;
		p->bufs = v;
		if (!(v[p->nbufs] = calloc(1, sizeof(**v))))
			return NULL;
		p->nbufs++;
	}
	return p->bufs[p->nest++];
}

static void buf_put(struct cfg_parser *p)
{
	if (--p->nest > 0)
		return;
	for (unsigned i = 0; i < p->nbufs; i++) {
		stmt_free(p->bufs[i]);
		free(p->bufs[i]);
	}
	free(p->bufs);
	p->bufs = NULL;
	p->nbufs = 0;
}

void cfg_parse_block(struct cfg_parser *p, const struct cfg_block *b, void *obj,
		     const struct cfg_loc *open_loc)
{
	struct cfg_stmt_buf *buf = buf_get(p);
	enum cfg_tok k;

	if (!buf) {
		cfg_diag_error(p->diag, NULL, "out of memory");
		p->nest++;
		buf_put(p);
		return;
	}
	if (buf->seen != b) {
		buf->seen = b;
		memset(buf->guess, 0xff, sizeof(buf->guess));
	}
	buf->pos = 0;
	for (;;) {
		k = read_stmt(p, buf);
		if (buf->st.argc > 0)
			dispatch(p, b, lookup(buf, b, buf->st.argv[0]), obj, &buf->st);
		else if (k == CFG_TOK_LBRACE) {
			cfg_diag_error(p->diag, &p->tok->loc, "'{' without a keyword before it");
			skip_block(p);
		}
		if (k == CFG_TOK_EOF || (k == CFG_TOK_RBRACE && p->depth > 0))
			break;
		/* at top level the reader already reported a stray '}' */
	}
	if (b->close)
		b->close(p, obj, open_loc);
	buf_put(p);
}

static void vreport(struct cfg_parser *p, bool error, const struct cfg_stmt *st, size_t i,
		    const char *fmt, va_list ap)
{
	const struct cfg_loc *loc = st && i < st->argc ? &st->loc[i] : NULL;
	if (error)
		cfg_diag_verror(p->diag, loc, fmt, ap);
	else
		cfg_diag_vwarn(p->diag, loc, fmt, ap);
}

void cfg_err(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(p, true, st, i, fmt, ap);
	va_end(ap);
}

void cfg_warn(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(p, false, st, i, fmt, ap);
	va_end(ap);
}

int cfg_arg_uint(struct cfg_parser *p, const struct cfg_stmt *st, size_t i,
		 uint64_t min, uint64_t max, uint64_t *out)
{
	return cfg_arg_uint_as(p, st, i, st->argv[0], min, max, out);
}

/* A number of 1 to 18 decimal digits, the common case, without strtoull's
 * generality; false for anything else. */
static bool plain_decimal(const char *s, unsigned long long *v)
{
	size_t n = 0;

	*v = 0;
	for (; s[n] >= '0' && s[n] <= '9'; n++)
		*v = *v * 10 + (unsigned)(s[n] - '0');
	return n > 0 && n <= 18 && s[n] == '\0';
}

int cfg_arg_uint_as(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, const char *name,
		    uint64_t min, uint64_t max, uint64_t *out)
{
	const char *s = st->argv[i];
	char *end = NULL;
	unsigned long long v;

	if (!plain_decimal(s, &v)) {
		errno = 0;
		v = strtoull(s, &end, 10);
	}
	if (end && (*s == '-' || *s == '+' || end == s || *end || errno)) {
		cfg_err(p, st, i, "'%s': %s expects an integer", s, name);
		return -1;
	}
	if (v < min || v > max) {
		cfg_err(p, st, i, "'%s': %s must be in %llu..%llu", s, name,
			(unsigned long long)min, (unsigned long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

int cfg_arg_int(struct cfg_parser *p, const struct cfg_stmt *st, size_t i,
		int64_t min, int64_t max, int64_t *out)
{
	return cfg_arg_int_as(p, st, i, st->argv[0], min, max, out);
}

int cfg_arg_int_as(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, const char *name,
		   int64_t min, int64_t max, int64_t *out)
{
	const char *s = st->argv[i];
	char *end = NULL;
	unsigned long long u;
	long long v;

	if (plain_decimal(s, &u)) {
		v = (long long)u;
	} else {
		errno = 0;
		v = strtoll(s, &end, 10);
	}
	if (end && (end == s || *end || errno)) {
		cfg_err(p, st, i, "'%s': %s expects an integer", s, name);
		return -1;
	}
	if (v < min || v > max) {
		cfg_err(p, st, i, "'%s': %s must be in %lld..%lld", s, name,
			(long long)min, (long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

int cfg_arg_timer(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, uint64_t *us)
{
	const char *s = st->argv[i], *c = s;
	uint64_t whole = 0, frac = 0, scale = 1000000;

	if (*c < '0' || *c > '9')
		goto bad;
	for (; *c >= '0' && *c <= '9'; c++) {
		whole = whole * 10 + (uint64_t)(*c - '0');
		if (whole > UINT32_MAX)
			goto bad;
	}
	if (*c == '.') {
		for (c++; *c >= '0' && *c <= '9'; c++) {
			if (scale > 1) {
				scale /= 10;
				frac += (uint64_t)(*c - '0') * scale;
			}
		}
	}
	if (*c)
		goto bad;
	*us = whole * 1000000 + frac;
	return 0;
bad:
	cfg_err(p, st, i, "'%s': %s expects seconds, e.g. 1 or 0.5", s, st->argv[0]);
	return -1;
}

int cfg_arg_bool(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, bool *out)
{
	static const char *const yes[] = { "on", "true", "yes", "1" };
	static const char *const no[] = { "off", "false", "no", "0" };

	if (i >= st->argc) {
		*out = true;
		return 0;
	}
	for (size_t k = 0; k < 4; k++) {
		if (strcasecmp(st->argv[i], yes[k]) == 0)
			return *out = true, 0;
		if (strcasecmp(st->argv[i], no[k]) == 0)
			return *out = false, 0;
	}
	cfg_err(p, st, i, "'%s': %s expects a boolean (yes/no, on/off, true/false)",
		st->argv[i], st->argv[0]);
	return -1;
}

/* Dotted-quad IPv4 as inet_pton(3) reads it (four decimal parts of at
 * most 255 without leading zeros), the common case, without its call;
 * false for anything else, which inet_pton then judges. */
static bool plain_ipv4(const char *s, uint8_t out[4])
{
	uint8_t b[4];

	for (int part = 0; part < 4; part++) {
		const char *first = s;
		unsigned v = (unsigned)(unsigned char)*s - '0', d;

		if (v > 9)
			return false;
		while ((d = (unsigned)(unsigned char)*++s - '0') <= 9) {
			if (s - first == 3)
				return false;	/* a fourth digit */
			v = v * 10 + d;
		}
		if (v > 255 || (s - first > 1 && *first == '0'))
			return false;
		b[part] = (uint8_t)v;
		if (*s++ != (part < 3 ? '.' : '\0'))
			return false;
	}
	memcpy(out, b, sizeof(b));
	return true;
}

bool cfg_ip_parse(const char *s, struct cfg_ip *out)
{
	memset(out, 0, sizeof(*out));
	if (plain_ipv4(s, out->b) || inet_pton(AF_INET, s, &out->v4) == 1) {
		out->af = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, s, &out->v6) == 1) {
		out->af = AF_INET6;
		return true;
	}
	return false;
}

bool cfg_ip_equal(const struct cfg_ip *a, const struct cfg_ip *b)
{
	return a->af == b->af && memcmp(a->b, b->b, a->af == AF_INET6 ? 16 : 4) == 0;
}

bool cfg_str_equal(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

void cfg_ip_format(const struct cfg_ip *ip, char *buf, size_t len)
{
	if (!ip->af || !inet_ntop(ip->af, ip->b, buf, (socklen_t)len))
		snprintf(buf, len, "none");
}

int cfg_arg_ip(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, struct cfg_ip *out)
{
	if (!cfg_ip_parse(st->argv[i], out)) {
		cfg_err(p, st, i, "'%s': %s expects an IPv4 or IPv6 address", st->argv[i], st->argv[0]);
		return -1;
	}
	return 0;
}

/* RFC 5798 sends adverts to a link-local group; keepalived warns about
 * another IPv6 scope and sends there all the same. */
int cfg_arg_mcast(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, uint8_t af,
		  struct cfg_ip *out)
{
	bool v4;

	if (cfg_arg_ip(p, st, i, out) < 0)
		return -1;
	v4 = out->af == AF_INET;
	if ((af && out->af != af) ||
	    !(v4 ? IN_MULTICAST(ntohl(out->v4.s_addr)) : IN6_IS_ADDR_MULTICAST(&out->v6))) {
		cfg_err(p, st, i, "'%s': %s expects %s multicast address", st->argv[i], st->argv[0],
			af == AF_INET ? "an IPv4" : af == AF_INET6 ? "an IPv6" : "a");
		*out = (struct cfg_ip){ 0 };
		return -1;
	}
	if (!v4 && !IN6_IS_ADDR_MC_LINKLOCAL(&out->v6))
		cfg_warn(p, st, i, "'%s': not a link-local group (ffX2::); adverts go there all the same",
			 st->argv[i]);
	return 0;
}

int cfg_arg_port(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, uint16_t *out)
{
	uint64_t v;

	/* after an address ("real_server 10.0.0.1 80") the value is a port */
	if (cfg_arg_uint_as(p, st, i, i >= 2 ? "port" : st->argv[0], 0, 65535, &v) < 0)
		return -1;
	*out = (uint16_t)v;
	return 0;
}

int cfg_arg_str(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, char **dst)
{
	char *s = strdup(st->argv[i]);

	if (!s) {
		cfg_err(p, st, i, "out of memory");
		return -1;
	}
	free(*dst);
	*dst = s;
	return 0;
}

int cfg_arg_names(struct cfg_parser *p, const struct cfg_stmt *st, char ***names, size_t *n,
		  struct cfg_loc **where)
{
	for (size_t i = 0; i < st->argc; i++) {
		size_t count = *n;
		char **name = cfg_push(p, names, n, sizeof(*name));
		struct cfg_loc *at = name ? cfg_push(p, where, &count, sizeof(*at)) : NULL;

		if (!at || cfg_arg_str(p, st, i, name) < 0)
			return -1;
		*at = st->loc[i];
	}
	return 0;
}

int cfg_arg_script(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_script *s)
{
	if (cfg_arg_str(p, st, 1, &s->cmd) < 0)
		return -1;
	if (st->argc > 2 && cfg_arg_str(p, st, 2, &s->user) < 0)
		return -1;
	if (st->argc > 3 && cfg_arg_str(p, st, 3, &s->group) < 0)
		return -1;
	return 0;
}

void *cfg_push(struct cfg_parser *p, void *arrayp, size_t *n, size_t size)
{
	void **array = arrayp;
	size_t count = *n;

	/* capacity is implied by the count: it doubles at every power of two */
	if (count == 0 || (count & (count - 1)) == 0) {
		char *grown = realloc(*array, (count ? count * 2 : 1) * size);
		if (!grown) {
			cfg_diag_error(p->diag, NULL, "out of memory");
			return NULL;
		}
		*array = grown;
	}
	memset((char *)*array + count * size, 0, size);
	(*n)++;
	return (char *)*array + count * size;
}

void *cfg_open_self(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	(void)p, (void)st;
	return obj;
}
