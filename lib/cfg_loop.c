// SPDX-License-Identifier: GPL-2.0-or-later
/* ~SEQ(VAR, [START, [STEP,]] END), ~SEQx(...) and ~LST(VAR, V1, V2...) or
 * ~LST({VAR1, VAR2}, {V1, V2}, ...): the rest of the line is read once per
 * value, with $VAR set (it stays set afterwards, as in keepalived). The
 * rest is kept as written and preprocessed again on every round, so it may
 * hold another ~SEQ, a conditional or a multi-line parameter. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_reader_int.h"

struct cfg_loop {
	bool lst, hex, started;
	long long start, step, end, cur;
	char **vars;
	size_t nvars;
	char **vals;			/* vals[group * nvars + var], NULL for "" */
	size_t ngroups, igroup;
	char *rest;
	size_t rlen;
	struct cfg_seg *segs;
	size_t nsegs;
};

struct span {
	const char *p;
	size_t n;
};

void cfg_loop_free(struct cfg_loop *lp)
{
	if (!lp)
		return;
	for (size_t i = 0; i < lp->nvars; i++)
		free(lp->vars[i]);
	for (size_t i = 0; i < lp->ngroups * lp->nvars; i++)
		free(lp->vals[i]);
	free(lp->vars);
	free(lp->vals);
	free(lp->rest);
	free(lp->segs);
	free(lp);
}

static size_t kw_len(const char *s, size_t n)
{
	if (n >= 5 && memcmp(s, "~SEQx", 5) == 0)
		return 5;
	if (n >= 4 && (memcmp(s, "~SEQ", 4) == 0 || memcmp(s, "~LST", 4) == 0))
		return 4;
	return 0;
}

bool cfg_loop_kind(const struct cfg_line *l)
{
	size_t k = kw_len(l->text, l->len);

	while (k > 0 && k < l->len && cfg_is_space((unsigned char)l->text[k]))
		k++;
	return k > 0 && k < l->len && l->text[k] == '(';
}

static struct span trim(const char *p, size_t n)
{
	while (n > 0 && cfg_is_space((unsigned char)*p)) {
		p++;
		n--;
	}
	while (n > 0 && cfg_is_space((unsigned char)p[n - 1]))
		n--;
	return (struct span){ p, n };
}

/* Splits s at commas outside {...}, trimming each piece. */
static struct span *split(const char *s, size_t n, size_t *count)
{
	size_t cap = 1, k = 0, from = 0;
	int depth = 0;
	struct span *v;

	for (size_t i = 0; i < n; i++)
		cap += s[i] == ',';
	v = calloc(cap, sizeof(*v));
	if (!v)
		return NULL;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] == '{')
			depth++;
		else if (i < n && s[i] == '}')
			depth--;
		else if (i == n || (s[i] == ',' && depth == 0)) {
			v[k++] = trim(s + from, i - from);
			from = i + 1;
		}
	}
	*count = k;
	return v;
}

static bool var_ok(struct span v)
{
	if (v.n == 0 || cfg_is_builtin(v.p, v.n))
		return false;
	for (size_t i = 0; i < v.n; i++)
		if (!cfg_name_char(v.p[i]))
			return false;
	return true;
}

static bool number(struct span a, long long *out)
{
	char buf[32], *end;

	if (a.n == 0 || a.n >= sizeof(buf))
		return false;
	memcpy(buf, a.p, a.n);
	buf[a.n] = '\0';
	errno = 0;
	*out = strtoll(buf, &end, 0);
	return errno == 0 && *end == '\0';
}

struct loop_parse {
	struct cfg_reader *r;
	struct cfg_loc loc;
	const char *kw;
};

static const char *oom(struct loop_parse *p)
{
	cfg_oom(p->r);
	return NULL;
}

static const char *bad(struct loop_parse *p, const char *why)
{
	cfg_diag_error(p->r->diag, &p->loc, "invalid %s: %s", p->kw, why);
	return NULL;
}

static const char *seq_args(struct loop_parse *p, struct cfg_loop *lp, struct span *a, size_t n)
{
	long long v[3];

	if (n < 2 || n > 4)
		return bad(p, "it takes (VAR, END), (VAR, START, END) or (VAR, START, STEP, END)");
	for (size_t i = 1; i < n; i++)
		if (!number(a[i], &v[i - 1])) {
			cfg_diag_error(p->r->diag, &p->loc, "invalid %s: '%.*s' is not an integer",
				       p->kw, (int)a[i].n, a[i].p);
			return NULL;
		}
	lp->end = v[n - 2];
	lp->start = n == 2 ? (lp->end < 0 ? -1 : 1) : v[0];
	lp->step = n == 4 ? v[1] : (lp->end >= lp->start ? 1 : -1);
	if (lp->step == 0)
		return bad(p, "the step is 0");
	if ((lp->end > lp->start && lp->step < 0) || (lp->end < lp->start && lp->step > 0))
		return bad(p, "the step goes away from the end");
	if (lp->hex && (lp->start < 0 || lp->end < 0))
		return bad(p, "~SEQx takes no negative numbers");
	return "";
}

/* One ~LST value group: "{a, b}" or a single "a". */
static const char *lst_group(struct loop_parse *p, struct cfg_loop *lp, struct span g, size_t gi)
{
	struct span *vals = &g, *parts = NULL;
	size_t n = 1;
	const char *ret = "";

	if (g.n > 0 && g.p[0] == '{') {
		if (g.p[g.n - 1] != '}')
			return bad(p, "a '{' value group has no '}'");
		parts = split(g.p + 1, g.n - 2, &n);
		if (!parts)
			return oom(p);
		vals = parts;
	}
	if (n > lp->nvars)
		ret = bad(p, "a value group has more values than there are variables");
	for (size_t i = 0; ret && i < n; i++) {
		for (size_t k = 0; k < vals[i].n; k++)
			if (cfg_is_space((unsigned char)vals[i].p[k]) || vals[i].p[k] == '{' ||
			    vals[i].p[k] == '}') {
				cfg_diag_error(p->r->diag, &p->loc, "invalid %s: bad value '%.*s'",
					       p->kw, (int)vals[i].n, vals[i].p);
				ret = NULL;
				break;
			}
		if (ret && !(lp->vals[gi * lp->nvars + i] = strndup(vals[i].p, vals[i].n)))
			ret = oom(p);
	}
	free(parts);
	return ret;
}

static const char *lst_args(struct loop_parse *p, struct cfg_loop *lp, struct span *a, size_t n)
{
	struct span *vars = a, *parts = NULL;
	size_t nv = 1;
	const char *ret = "";

	if (n < 2)
		return bad(p, "it takes (VAR, VALUE...) or ({VAR, ...}, {VALUE, ...}...)");
	if (a[0].n > 0 && a[0].p[0] == '{') {
		if (a[0].p[a[0].n - 1] != '}')
			return bad(p, "the '{' of the variables has no '}'");
		parts = split(a[0].p + 1, a[0].n - 2, &nv);
		if (!parts)
			return oom(p);
		vars = parts;
	}
	lp->vars = calloc(nv, sizeof(char *));
	lp->vals = calloc(nv * (n - 1), sizeof(char *));
	if (!lp->vars || !lp->vals) {
		free(parts);
		return oom(p);
	}
	for (size_t i = 0; ret && i < nv; i++) {
		if (!var_ok(vars[i]))
			ret = bad(p, "a variable name is empty or not made of A-Za-z0-9_");
		else if (!(lp->vars[lp->nvars++] = strndup(vars[i].p, vars[i].n)))
			ret = oom(p);
	}
	free(parts);
	lp->ngroups = n - 1;
	for (size_t g = 1; ret && g < n; g++)
		ret = lst_group(p, lp, a[g], g - 1);
	return ret;
}

/* Parses "(...)" at l->text[k]; *end is then the offset just after ')'. */
static bool parse(struct loop_parse *p, struct cfg_loop *lp, const struct cfg_line *l,
		  size_t k, size_t *end)
{
	const char *s = l->text;
	size_t close = k + 1, n = 0;
	int depth = 0;
	struct span *a;
	const char *ok;

	while (close < l->len && (s[close] != ')' || depth > 0)) {
		depth += s[close] == '{' ? 1 : s[close] == '}' ? -1 : 0;
		close++;
	}
	if (close >= l->len)
		return bad(p, "no ')'");
	a = split(s + k + 1, close - k - 1, &n);
	if (!a)
		return oom(p);
	if (!lp->lst) {
		lp->vars = calloc(1, sizeof(char *));
		if (!lp->vars)
			ok = oom(p);
		else if (n < 1 || !var_ok(a[0]))
			ok = bad(p, "the variable name is empty or not made of A-Za-z0-9_");
		else if (!(lp->vars[0] = strndup(a[0].p, a[0].n)))
			ok = oom(p);
		else
			ok = (lp->nvars = 1, seq_args(p, lp, a, n));
	} else {
		ok = lst_args(p, lp, a, n);
	}
	free(a);
	*end = close + 1;
	return ok != NULL;
}

void cfg_loop_start(struct cfg_reader *r, struct cfg_line *l)
{
	size_t k = kw_len(l->text, l->len), end;
	struct cfg_loop *lp = calloc(1, sizeof(*lp));
	struct loop_parse p = { r, cfg_line_loc(l, 0), NULL };
	struct cfg_src *s;

	if (!lp) {
		cfg_oom(r);
		return;
	}
	lp->lst = l->text[1] == 'L';
	lp->hex = k == 5;
	p.kw = lp->lst ? "~LST" : lp->hex ? "~SEQx" : "~SEQ";
	while (l->text[k] != '(')
		k++;
	if (!parse(&p, lp, l, k, &end))
		goto drop;
	cfg_line_skip(l, end);
	cfg_line_trim(l);
	if (l->len == 0)
		goto drop;
	lp->rest = malloc(l->len + 1);
	lp->segs = malloc(l->segs->n * sizeof(*lp->segs));
	if (!cfg_expand_room(r, &p.loc))
		goto drop;
	s = lp->rest && lp->segs ? cfg_src_push(r, CFG_SRC_LOOP) : NULL;
	if (!s) {
		cfg_oom(r);
		goto drop;
	}
	memcpy(lp->rest, l->text, l->len);
	lp->rlen = l->len;
	memcpy(lp->segs, l->segs->v, l->segs->n * sizeof(*lp->segs));
	lp->nsegs = l->segs->n;
	s->loop = lp;
	s->name = l->file;
	s->line = l->line;
	return;
drop:
	cfg_loop_free(lp);
}

static bool next_value(struct cfg_reader *r, struct cfg_loop *lp)
{
	char num[32];
	int n;

	if (lp->lst) {
		if (lp->igroup >= lp->ngroups)
			return false;
		for (size_t v = 0; v < lp->nvars; v++) {
			const char *val = lp->vals[lp->igroup * lp->nvars + v];

			if (!cfg_param_set(r, lp->vars[v], strlen(lp->vars[v]), val ? val : "",
					   val ? strlen(val) : 0))
				return false;
		}
		lp->igroup++;
		return true;
	}
	if (!lp->started) {
		lp->cur = lp->start;
		lp->started = true;
	} else if (__builtin_add_overflow(lp->cur, lp->step, &lp->cur)) {
		return false;
	}
	if (lp->step > 0 ? lp->cur > lp->end : lp->cur < lp->end)
		return false;
	if (lp->hex)
		n = snprintf(num, sizeof(num), "%llx", (unsigned long long)lp->cur);
	else
		n = snprintf(num, sizeof(num), "%lld", lp->cur);
	return cfg_param_set(r, lp->vars[0], strlen(lp->vars[0]), num, (size_t)n);
}

bool cfg_loop_next(struct cfg_reader *r, struct cfg_src *s, struct cfg_line *l)
{
	struct cfg_loop *lp = s->loop;
	struct cfg_segs *segs;
	struct cfg_buf *b;

	if (!next_value(r, lp))
		return false;
	b = cfg_work_spare(r, &segs);
	if (!cfg_buf_add(b, lp->rest, lp->rlen) || !cfg_segs_copy(segs, lp->segs, lp->nsegs))
		return cfg_oom(r);
	*l = (struct cfg_line){ .file = s->name, .line = s->line };
	cfg_work_use(r, l);
	return true;
}
