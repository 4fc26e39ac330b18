// SPDX-License-Identifier: GPL-2.0-or-later
/* Line preprocessing, in keepalived.conf(5)'s order: an @id / @^id
 * conditional prefix, a $NAME=value definition (multi-line with a trailing
 * '\'), a parameter at the start of the line (its value may itself be a
 * conditional, a definition or a ~SEQ), ~SEQ/~LST, and last the
 * substitution of $NAME and ${NAME} everywhere in the line. Comments are
 * gone before any of this, so '#' from ${_HASH} is text. The ~SEQ and ~LST
 * blocks are in cfg_loop.c. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_reader_int.h"

/* ---- the parameter table ------------------------------------------------ */

struct param {
	struct param *next;
	char *name;
	char *val;
	size_t len;
};

struct cfg_params {
	struct param **b;
	size_t nb, n;
};

static size_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return (size_t)h;
}

struct cfg_params *cfg_params_new(void)
{
	struct cfg_params *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->nb = 64;
	p->b = calloc(p->nb, sizeof(*p->b));
	if (!p->b) {
		free(p);
		return NULL;
	}
	return p;
}

void cfg_params_free(struct cfg_params *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nb; i++) {
		struct param *e = p->b[i], *next;

		for (; e; e = next) {
			next = e->next;
			free(e->name);
			free(e->val);
			free(e);
		}
	}
	free(p->b);
	free(p);
}

static struct param *param_find(const struct cfg_params *p, const char *name, size_t n)
{
	for (struct param *e = p->b[hash(name, n) % p->nb]; e; e = e->next)
		if (strlen(e->name) == n && memcmp(e->name, name, n) == 0)
			return e;
	return NULL;
}

static void rehash(struct cfg_params *p)
{
	size_t nb = p->nb * 4;
	struct param **b = calloc(nb, sizeof(*b));

	if (!b)
		return;		/* longer chains, still correct */
	for (size_t i = 0; i < p->nb; i++) {
		struct param *e = p->b[i], *next;

		for (; e; e = next) {
			size_t h = hash(e->name, strlen(e->name)) % nb;

			next = e->next;
			e->next = b[h];
			b[h] = e;
		}
	}
	free(p->b);
	p->b = b;
	p->nb = nb;
}

bool cfg_param_set(struct cfg_reader *r, const char *name, size_t n, const char *val, size_t len)
{
	struct cfg_params *p = r->params;
	struct param *e = param_find(p, name, n);
	char *v = malloc(len + 1);

	if (!v)
		return cfg_oom(r);
	memcpy(v, val, len);
	v[len] = '\0';
	if (!e) {
		e = calloc(1, sizeof(*e));
		if (!e || !(e->name = strndup(name, n))) {
			free(e);
			free(v);
			return cfg_oom(r);
		}
		e->next = p->b[hash(name, n) % p->nb];
		p->b[hash(name, n) % p->nb] = e;
		if (++p->n > p->nb)
			rehash(p);
	}
	free(e->val);
	e->val = v;
	e->len = len;
	return true;
}

/* ---- built-in parameters ----------------------------------------------- */

static const char *const builtins[] = { "_BANG", "_ENV", "_HASH", "_INSTANCE", "_PWD", "_RANDOM" };

bool cfg_is_builtin(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (strlen(builtins[i]) == n && memcmp(builtins[i], name, n) == 0)
			return true;
	return false;
}

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

void cfg_random_seed(struct cfg_reader *r, uint64_t seed)
{
	r->rng = seed;
}

static const char *file_pwd(struct cfg_reader *r)
{
	struct cfg_src *f = cfg_src_file(r);

	if (!f)
		return ".";
	if (!f->pwd) {
		f->pwd = realpath(f->dir, NULL);
		if (!f->pwd)
			f->pwd = strdup(f->dir);
		if (!f->pwd)
			return f->dir;
	}
	return f->pwd;
}

/* "[MIN [MAX]]" of ${_RANDOM}: non-negative decimal numbers. */
static bool random_args(const char *a, size_t n, unsigned long long *lo, unsigned long long *hi)
{
	unsigned long long v[2] = { 0, 32767 };
	size_t i = 0, k = 0;

	while (i < n) {
		char num[32];
		size_t j = i;

		while (j < n && !cfg_is_space((unsigned char)a[j]))
			j++;
		if (k == 2 || j - i >= sizeof(num) || strspn(a + i, "0123456789") < j - i)
			return false;
		memcpy(num, a + i, j - i);
		num[j - i] = '\0';
		errno = 0;
		v[k++] = strtoull(num, NULL, 10);
		if (errno)
			return false;
		while (j < n && cfg_is_space((unsigned char)a[j]))
			j++;
		i = j;
	}
	*lo = v[0];
	*hi = v[1];
	return *lo <= *hi;
}

static int builtin(struct cfg_reader *r, const struct cfg_ref *ref, char *tmp, size_t tmpsz,
		   const char **v, size_t *vlen)
{
	const char *name = ref->name;
	size_t n = ref->nlen;

	if (n == 7 && memcmp(name, "_RANDOM", 7) == 0) {
		unsigned long long lo, hi, span, x;

		if (!random_args(ref->args, ref->alen, &lo, &hi))
			return CFG_REF_BAD;
		span = hi - lo + 1;
		x = rng_next(&r->rng);
		if (r->inputs)
			r->inputs->random = true;
		*vlen = (size_t)snprintf(tmp, tmpsz, "%llu", span ? lo + x % span : x);
		*v = tmp;
		return CFG_REF_OK;
	}
	if (n == 4 && memcmp(name, "_ENV", 4) == 0) {
		char var[256];

		if (ref->alen == 0 || ref->alen >= sizeof(var) ||
		    memchr(ref->args, ' ', ref->alen) || memchr(ref->args, '\t', ref->alen))
			return CFG_REF_BAD;
		memcpy(var, ref->args, ref->alen);
		var[ref->alen] = '\0';
		*v = getenv(var);
		if (!*v)
			return CFG_REF_BAD;
		*vlen = strlen(*v);
		return CFG_REF_OK;
	}
	if (ref->alen > 0)
		return CFG_REF_BAD;
	if (n == 4 && memcmp(name, "_PWD", 4) == 0)
		*v = file_pwd(r);
	else if (n == 9 && memcmp(name, "_INSTANCE", 9) == 0)
		*v = r->instance;
	else if (n == 5 && memcmp(name, "_HASH", 5) == 0)
		*v = "#";
	else
		*v = "!";
	*vlen = strlen(*v);
	return CFG_REF_OK;
}

int cfg_resolve(struct cfg_reader *r, const struct cfg_ref *ref, char *tmp, size_t tmpsz,
		const char **v, size_t *vlen)
{
	const struct param *e;

	if (ref->nlen > 0 && ref->name[0] == '_' && cfg_is_builtin(ref->name, ref->nlen))
		return builtin(r, ref, tmp, tmpsz, v, vlen);
	if (ref->alen > 0)
		return CFG_REF_UNDEF;
	e = param_find(r->params, ref->name, ref->nlen);
	if (!e)
		return CFG_REF_UNDEF;
	*v = e->val;
	*vlen = e->len;
	return CFG_REF_OK;
}

/* ---- references --------------------------------------------------------- */

static bool name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool cfg_name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

/* A reference at s[i] == '$': ${NAME}, ${NAME ARGS} (built-ins), or $NAME
 * followed by whitespace or the end of the line. follow is the character
 * after s[n] (0 for the end of the line). */
bool cfg_parse_ref(const char *s, size_t i, size_t n, int follow, struct cfg_ref *ref)
{
	size_t j = i + 1;

	if (j < n && s[j] == '{') {
		const char *close = memchr(s + j, '}', n - j);
		size_t k = j + 1, a;

		if (!close || k >= n || !name_start(s[k]))
			return false;
		while (k < n && cfg_name_char(s[k]))
			k++;
		a = k;
		if (s + k != close && !cfg_is_space((unsigned char)s[k]))
			return false;
		while (s + a < close && cfg_is_space((unsigned char)s[a]))
			a++;
		*ref = (struct cfg_ref){ .start = i, .end = (size_t)(close - s) + 1, .name = s + j + 1,
					 .nlen = k - j - 1, .args = s + a,
					 .alen = (size_t)(close - s) - a, .braced = true };
		while (ref->alen > 0 && cfg_is_space((unsigned char)ref->args[ref->alen - 1]))
			ref->alen--;
		return true;
	}
	if (j >= n || !name_start(s[j]))
		return false;
	while (j < n && cfg_name_char(s[j]))
		j++;
	if (j < n ? !cfg_is_space((unsigned char)s[j]) : follow && !cfg_is_space(follow))
		return false;
	*ref = (struct cfg_ref){ .start = i, .end = j, .name = s + i + 1, .nlen = j - i - 1 };
	return true;
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!cfg_is_space((unsigned char)s[i]))
			return false;
	return true;
}

/* Appends l->text[from, to) to b with its column map. */
static bool copy_span(struct cfg_buf *b, struct cfg_segs *bs, const struct cfg_line *l,
		      size_t from, size_t to)
{
	const struct cfg_segs *s = l->segs;
	size_t k = s->n;

	if (from >= to)
		return true;
	while (k > 1 && s->v[k - 1].off > from)
		k--;
	k--;
	while (from < to) {
		size_t segend = k + 1 < s->n ? s->v[k + 1].off : to;
		size_t stop = segend < to ? segend : to;
		unsigned col = s->v[k].fixed ? s->v[k].col
					     : s->v[k].col + (unsigned)(from - s->v[k].off);

		if (!cfg_segs_add(bs, b->len, col, s->v[k].fixed) ||
		    !cfg_buf_add(b, l->text + from, stop - from))
			return false;
		from = stop;
		k++;
	}
	return true;
}

/* Pushes the lines of a multi-line value, all placed at (l's line, col). */
static bool push_lines(struct cfg_reader *r, const struct cfg_line *l, unsigned col,
		       const char *text, size_t len)
{
	struct cfg_loc loc = { l->file, l->line, col };
	struct cfg_src *s = cfg_expand_room(r, &loc) ? cfg_src_push(r, CFG_SRC_LINES) : NULL;

	if (!s)
		return false;
	s->buf = malloc(len + 1);
	if (!s->buf)
		return cfg_oom(r);
	memcpy(s->buf, text, len);
	s->buf[len] = '\0';
	s->len = len;
	s->name = l->file;
	s->line = l->line;
	s->col = col;
	return true;
}

/* ---- substitution in a whole line -------------------------------------- */

struct pending {
	char *text;
	size_t len;
	unsigned col;
};

struct subst {
	struct cfg_reader *r;
	const struct cfg_line *l;
	struct cfg_buf *out;
	struct cfg_segs *segs;
	struct pending *pend;
	size_t npend, cappend;
	unsigned long refs;	/* references expanded, see CFG_EXPAND_REFS_MAX */
	bool fail, changed;
};

static void sub_out(struct subst *x, const char *s, size_t n, long col, size_t topoff)
{
	bool ok;

	if (n == 0 || x->fail)
		return;
	if (col < 0)
		ok = copy_span(x->out, x->segs, x->l, topoff, topoff + n);
	else
		ok = cfg_segs_add(x->segs, x->out->len, (unsigned)col, true) &&
		     cfg_buf_add(x->out, s, n);
	if (!ok) {
		x->fail = true;
		cfg_oom(x->r);
	} else if (x->out->len > CFG_LINE_MAX) {
		struct cfg_loc loc = cfg_line_loc(x->l, 0);

		cfg_diag_error(x->r->diag, &loc,
			       "line is longer than %d bytes after parameter substitution; ignored",
			       CFG_LINE_MAX);
		x->fail = true;
	}
}

static void sub_pend(struct subst *x, const char *s, size_t n, unsigned col)
{
	if (x->npend == x->cappend) {
		size_t ncap = x->cappend ? x->cappend * 2 : 4;
		struct pending *p = realloc(x->pend, ncap * sizeof(*p));

		if (!p) {
			x->fail = !cfg_oom(x->r);
			return;
		}
		x->pend = p;
		x->cappend = ncap;
	}
	x->pend[x->npend].text = strndup(s, n);
	if (!x->pend[x->npend].text) {
		x->fail = !cfg_oom(x->r);
		return;
	}
	x->pend[x->npend].len = n;
	x->pend[x->npend++].col = col;
}

/* Copies s to the output, replacing references; text of depth 0 is the
 * line itself (col < 0), deeper text is a value placed at col. */
static void expand(struct subst *x, const char *s, size_t n, int follow, bool at_end,
		   unsigned depth, long col)
{
	size_t i = 0, run = 0;
	bool inq = false;

	while (i < n && !x->fail) {
		struct cfg_ref ref;
		struct cfg_loc loc;
		const char *v;
		size_t vlen;
		char tmp[32];
		int found;
		bool rest_blank;

		if (s[i] == '"')
			inq = !inq;
		if (s[i] != '$' || !cfg_parse_ref(s, i, n, follow, &ref)) {
			i++;
			continue;
		}
		loc = col < 0 ? cfg_line_loc(x->l, i)
			      : (struct cfg_loc){ x->l->file, x->l->line, (unsigned)col };
		found = cfg_resolve(x->r, &ref, tmp, sizeof(tmp), &v, &vlen);
		rest_blank = at_end && blank(s + ref.end, n - ref.end);
		if (found == CFG_REF_OK && memchr(v, '\n', vlen) && !rest_blank) {
			cfg_diag_warn(x->r->diag, &loc,
				      "multi-line parameter '%.*s' is replaced only at the end of a line; left unchanged",
				      (int)ref.nlen, ref.name);
			found = CFG_REF_LEFT;
		}
		if (found != CFG_REF_OK) {
			if (found == CFG_REF_BAD)
				cfg_diag_warn(x->r->diag, &loc, "cannot expand '%.*s'; left unchanged",
					      (int)(ref.end - ref.start), s + ref.start);
			else if (found == CFG_REF_UNDEF && ref.braced && !inq && depth == 0)
				cfg_diag_warn(x->r->diag, &loc,
					      "parameter '%.*s' is not defined; left unchanged",
					      (int)ref.nlen, ref.name);
			i = ref.end;
			continue;
		}
		if (depth + 1 > CFG_EXPAND_DEPTH_MAX) {
			cfg_diag_error(x->r->diag, &loc,
				       "parameter '%.*s' nests deeper than %d levels (does it use itself?)",
				       (int)ref.nlen, ref.name, CFG_EXPAND_DEPTH_MAX);
			x->fail = true;
			return;
		}
		/* empty values nested n deep k times each make k^n references and no
		 * text, so CFG_LINE_MAX does not stop them */
		if (++x->refs > CFG_EXPAND_REFS_MAX) {
			cfg_diag_error(x->r->diag, &loc,
				       "line expands more than %d parameter references (at '%.*s'); ignored",
				       CFG_EXPAND_REFS_MAX, (int)ref.nlen, ref.name);
			x->fail = true;
			return;
		}
		sub_out(x, s + run, i - run, col, run);
		x->changed = true;
		if (!memchr(v, '\n', vlen)) {
			expand(x, v, vlen, ref.end < n ? s[ref.end] : follow, rest_blank, depth + 1,
			       loc.col);
		} else {
			const char *nl = memchr(v, '\n', vlen);

			expand(x, v, (size_t)(nl - v), 0, true, depth + 1, loc.col);
			sub_pend(x, nl + 1, vlen - (size_t)(nl + 1 - v), loc.col);
			ref.end = n;
		}
		i = run = ref.end;
	}
	sub_out(x, s + run, n - run, col, run);
}

static bool substitute(struct cfg_reader *r, struct cfg_line *l)
{
	struct subst x = { .r = r, .l = l };
	bool ok;

	x.out = cfg_work_spare(r, &x.segs);
	expand(&x, l->text, l->len, 0, true, 0, -1);
	ok = !x.fail;
	if (ok && x.changed) {
		cfg_work_use(r, l);
		l->from_file = false;
		/* the innermost value's lines come first: push it last */
		for (size_t k = x.npend; k-- > 0 && ok;)
			ok = push_lines(r, l, x.pend[k].col, x.pend[k].text, x.pend[k].len);
	}
	for (size_t k = 0; k < x.npend; k++)
		free(x.pend[k].text);
	free(x.pend);
	return ok;
}

/* ---- conditionals, definitions, a parameter that starts the line ------- */

/* The length of "$NAME" when s starts with "$NAME=", else 0. */
static size_t def_name_len(const char *s, size_t len)
{
	size_t n = 1;

	if (len < 2 || s[0] != '$' || !name_start(s[1]))
		return 0;
	while (n < len && cfg_name_char(s[n]))
		n++;
	return n < len && s[n] == '=' ? n : 0;
}

/* The rest of a definition whose first line ended in '\': every following
 * line that also ends in '\', and the one after it. */
static bool read_continuation(struct cfg_reader *r, struct cfg_buf *val)
{
	struct cfg_src *f = r->top;
	struct cfg_line cl;

	while (cfg_file_cont_line(r, f, &cl)) {
		bool cont = cl.raw_cont;

		if (cont && cl.len > 0 && cl.text[cl.len - 1] == '\\') {
			cl.len--;
			cfg_line_trim(&cl);
		}
		if (cl.len > 0 && ((val->len > 0 && !cfg_buf_add(val, "\n", 1)) ||
				   !cfg_buf_add(val, cl.text, cl.len)))
			return cfg_oom(r);
		if (val->len > CFG_VALUE_MAX) {
			struct cfg_loc loc = { cl.file, cl.line, 1 };

			cfg_diag_error(r->diag, &loc, "parameter value longer than %d bytes",
				       CFG_VALUE_MAX);
			return false;
		}
		if (!cont)
			break;
	}
	return true;
}

/* "@id rest" keeps rest when id is the config id, "@^id rest" when not.
 * A definition dropped this way drops its continuation lines with it
 * (keepalived would read them as lines of their own). */
static bool conditional(struct cfg_reader *r, struct cfg_line *l)
{
	bool neg = l->len > 1 && l->text[1] == '^';
	size_t w = neg ? 2 : 1, e = w, d;
	bool match;

	while (e < l->len && !cfg_is_space((unsigned char)l->text[e]))
		e++;
	match = strlen(r->config_id) == e - w && memcmp(r->config_id, l->text + w, e - w) == 0;
	if (match != neg) {
		cfg_line_skip(l, e);
		cfg_line_trim(l);
		return true;
	}
	for (d = e; d < l->len && cfg_is_space((unsigned char)l->text[d]);)
		d++;
	if (l->from_file && l->raw_cont && def_name_len(l->text + d, l->len - d)) {
		struct cfg_buf skip = { 0 };

		read_continuation(r, &skip);
		free(skip.p);
	}
	return false;
}

/* $NAME=VALUE. Returns false when l is no definition. */
static bool definition(struct cfg_reader *r, struct cfg_line *l)
{
	const char *s = l->text;
	char *name = NULL;
	size_t n = def_name_len(s, l->len);
	struct cfg_line v;
	struct cfg_buf val = { 0 };
	struct cfg_loc loc = cfg_line_loc(l, 0);
	bool ok = true;

	if (n == 0)
		return false;
	v = *l;
	cfg_line_skip(&v, n + 1);
	cfg_line_trim(&v);
	if (l->from_file && l->raw_cont) {
		if (v.len > 0 && v.text[v.len - 1] == '\\') {
			v.len--;
			cfg_line_trim(&v);
		}
		/* reading on may move the file's buffer, and s with it */
		ok = (s = name = strndup(s, n)) && cfg_buf_add(&val, v.text, v.len) &&
		     read_continuation(r, &val);
	} else {
		ok = cfg_buf_add(&val, v.text, v.len);
	}
	if (!s)
		cfg_oom(r);
	else if (cfg_is_builtin(s + 1, n - 1))
		cfg_diag_warn(r->diag, &loc, "'%.*s' is a built-in parameter; definition ignored",
			      (int)n - 1, s + 1);
	else if (ok)
		cfg_param_set(r, s + 1, n - 1, val.p ? val.p : "", val.len);
	free(name);
	free(val.p);
	return true;
}

/* A parameter at the very start of the line: its value replaces it and the
 * line is looked at again (so the value may be "@id ...", "$X=..." or a
 * ~SEQ). A multi-line value alone on its line becomes lines of its own.
 * Returns 1 when replaced, 2 when l is consumed, 0 when not a parameter. */
static int leading_ref(struct cfg_reader *r, struct cfg_line *l, unsigned *rounds)
{
	struct cfg_ref ref;
	const char *v;
	size_t vlen;
	char tmp[32];
	unsigned col = cfg_line_col(l, 0);
	struct cfg_segs *segs;
	struct cfg_buf *b;

	if (!cfg_parse_ref(l->text, 0, l->len, 0, &ref) ||
	    cfg_resolve(r, &ref, tmp, sizeof(tmp), &v, &vlen) != CFG_REF_OK)
		return 0;
	if (++*rounds > CFG_EXPAND_DEPTH_MAX) {
		struct cfg_loc loc = cfg_line_loc(l, 0);

		cfg_diag_error(r->diag, &loc,
			       "parameter '%.*s' nests deeper than %d levels (does it use itself?)",
			       (int)ref.nlen, ref.name, CFG_EXPAND_DEPTH_MAX);
		return 2;
	}
	if (memchr(v, '\n', vlen)) {
		if (!blank(l->text + ref.end, l->len - ref.end))
			return 0;	/* substitute() says why it is left */
		push_lines(r, l, col, v, vlen);
		return 2;
	}
	b = cfg_work_spare(r, &segs);
	if (!cfg_segs_add(segs, 0, col, true) || !cfg_buf_add(b, v, vlen) ||
	    !copy_span(b, segs, l, ref.end, l->len)) {
		cfg_oom(r);
		return 2;
	}
	cfg_work_use(r, l);
	l->from_file = false;
	cfg_line_trim(l);
	return 1;
}

bool cfg_preprocess(struct cfg_reader *r, struct cfg_line *l)
{
	unsigned rounds = 0;

	for (;;) {
		int e;

		if (l->len == 0 || r->oom)
			return false;
		if (l->text[0] == '@') {
			if (!conditional(r, l))
				return false;
			continue;
		}
		if (l->text[0] == '~' && cfg_loop_kind(l)) {
			cfg_loop_start(r, l);
			return false;
		}
		if (l->text[0] != '$')
			break;
		if (definition(r, l))
			return false;
		e = leading_ref(r, l, &rounds);
		if (e == 2)
			return false;
		if (e == 0)
			break;
	}
	if (!l->no_dollar && memchr(l->text, '$', l->len) && !substitute(r, l))
		return false;
	cfg_line_trim(l);
	return l->len > 0;
}
