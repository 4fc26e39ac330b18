// SPDX-License-Identifier: GPL-2.0-or-later
/* include FILENAME and its variants (keepalived.conf(5)): FILENAME is the
 * rest of the line, a glob pattern with csh-style {a,b} alternatives,
 * relative to the directory of the file that includes it. What a missing
 * or unreadable file means depends on include_check (global_defs) and the
 * variant: include (warn only), includer (readable), includem (match),
 * includew (wildcard_match), includeb (brace_match), includea (all).
 * include_check set in a file holds for that file and what it includes.
 * Include loops and nesting deeper than CFG_INCLUDE_DEPTH_MAX are errors. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfg_reader_int.h"

struct strv {
	char **v;
	size_t n, cap;
};

static bool strv_add(struct strv *sv, char *s)
{
	if (!s)
		return false;
	if (sv->n == sv->cap) {
		size_t ncap = sv->cap ? sv->cap * 2 : 8;
		char **v = realloc(sv->v, ncap * sizeof(*v));

		if (!v) {
			free(s);
			return false;
		}
		sv->v = v;
		sv->cap = ncap;
	}
	sv->v[sv->n++] = s;
	return true;
}

static void strv_free(struct strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
}

void cfg_src_free_files(struct cfg_src *s)
{
	for (size_t i = 0; i < s->npaths; i++)
		free(s->paths[i]);
	free(s->paths);
}

/* ---- include_check ------------------------------------------------------ */

static unsigned check_bit(const char *w)
{
	static const struct {
		const char *name;
		unsigned bits;
	} opts[] = {
		{ "readable", CFG_INC_READABLE },
		{ "match", CFG_INC_MATCH | CFG_INC_READABLE },
		{ "wildcard_match", CFG_INC_WILDCARD | CFG_INC_READABLE },
		{ "brace_match", CFG_INC_BRACE | CFG_INC_READABLE },
	};

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (strcmp(w, opts[i].name) == 0)
			return opts[i].bits;
	return 0;
}

void cfg_include_check(struct cfg_reader *r, const struct cfg_token *t, size_t n)
{
	struct cfg_src *f = cfg_src_file(r);
	unsigned v;

	if (!f)
		return;
	if (n < 2 || t[1].kind != CFG_TOK_WORD) {
		f->incl_check = CFG_INC_ALL;
		return;
	}
	v = t[1].text[0] == '+' || t[1].text[0] == '-' ? f->incl_check : 0;
	for (size_t i = 1; i < n && t[i].kind == CFG_TOK_WORD; i++) {
		const char *w = t[i].text;
		char sign = *w == '+' || *w == '-' ? *w++ : '+';
		unsigned bit = check_bit(w);

		if (!bit) {
			cfg_diag_error(r->diag, &t[i].loc, "unknown include_check option '%s'", t[i].text);
			continue;
		}
		if (sign == '+')
			v |= bit;
		else
			v &= ~(strcmp(w, "readable") == 0 ? bit : bit & ~(unsigned)CFG_INC_READABLE);
	}
	f->incl_check = v;
}

/* ---- files -------------------------------------------------------------- */

/* Opens a regular file for reading; on failure returns -1 with *why set.
 * The file is read in pieces (cfg_file_fill) so that a large one never
 * sits in memory whole. */
static int open_file(const char *path, struct stat *st, const char **why)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

	if (fd < 0 || fstat(fd, st) != 0) {
		*why = strerror(errno);
		goto fail;
	}
	if (S_ISDIR(st->st_mode) || !S_ISREG(st->st_mode)) {
		*why = S_ISDIR(st->st_mode) ? "it is a directory" : "it is not a regular file";
		goto fail;
	}
	if ((size_t)st->st_size > CFG_FILE_MAX) {
		*why = "it is larger than 64 MiB";
		goto fail;
	}
	return fd;
fail:
	if (fd >= 0)
		close(fd);
	return -1;
}

/* Moves the unread rest of f's buffer to its start and reads more after
 * it, growing the buffer when the rest fills it (a line longer than the
 * buffer). False at the end of the file, on a read error (reported) and
 * when out of memory. Lines handed out before are no longer valid. */
bool cfg_file_fill(struct cfg_reader *r, struct cfg_src *f)
{
	ssize_t got;

	if (f->fd < 0)
		return false;
	memmove(f->buf, f->buf + f->pos, f->len - f->pos);
	f->len -= f->pos;
	f->base += f->pos;
	f->pos = 0;
	if (f->len + 1 >= f->cap) {
		char *p = realloc(f->buf, f->cap * 2);

		if (!p)
			return cfg_oom(r);
		f->buf = p;
		f->cap *= 2;
	}
	/* at an offset: a part of the file (cfg_split.c) reads its own */
	do
		got = pread(f->fd, f->buf + f->len, f->cap - f->len - 1, (off_t)(f->base + f->len));
	while (got < 0 && errno == EINTR);
	if (got > 0 && (f->total += (size_t)got) > CFG_FILE_MAX) {
		errno = EFBIG;
		got = -1;
	}
	if (got < 0) {
		struct cfg_loc loc = { f->name, f->line + 1, 1 };

		cfg_diag_error(r->diag, &loc, "cannot read '%s' further: %s", f->name,
			       errno == EFBIG ? "it is larger than 64 MiB" : strerror(errno));
		r->stop = true;
	}
	if (got <= 0) {
		close(f->fd);
		f->fd = -1;
	} else {
		f->has_nul = f->has_nul || memchr(f->buf + f->len, '\0', (size_t)got);
		f->len += (size_t)got;
	}
	f->buf[f->len] = '\0';
	return got > 0;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

/* "a -> b -> c" for the files being read, then path. */
static void chain(struct cfg_reader *r, const char *path, struct cfg_buf *b)
{
	const struct cfg_src *files[CFG_INCLUDE_DEPTH_MAX + 1];
	size_t n = 0;

	for (const struct cfg_src *s = r->top; s && n < CFG_INCLUDE_DEPTH_MAX + 1; s = s->up)
		if (s->kind == CFG_SRC_FILE)
			files[n++] = s;
	while (n-- > 0) {
		cfg_buf_add(b, files[n]->name, strlen(files[n]->name));
		cfg_buf_add(b, " -> ", 4);
	}
	cfg_buf_add(b, path, strlen(path));
}

static bool nesting_ok(struct cfg_reader *r, const char *path, const struct stat *st,
		       const struct cfg_loc *loc)
{
	struct cfg_buf b = { 0 };
	const char *what = NULL;

	if (r->nfiles >= CFG_INCLUDE_DEPTH_MAX) {
		what = "includes nest deeper than the limit";
	} else {
		for (const struct cfg_src *s = r->top; s && !what; s = s->up)
			if (s->kind == CFG_SRC_FILE && s->ino && s->dev == st->st_dev &&
			    s->ino == st->st_ino)
				what = "include loop";
	}
	if (!what)
		return true;
	chain(r, path, &b);
	cfg_diag_error(r->diag, loc, "%s: %s", what, b.p ? b.p : path);
	free(b.p);
	return false;
}

bool cfg_file_open(struct cfg_reader *r, const char *path, const char *text,
		   const struct cfg_loc *loc, bool error)
{
	struct cfg_src *parent = cfg_src_file(r), *f;
	struct stat st = { 0 };
	const char *why = NULL, *name;
	int fd = text ? -1 : open_file(path, &st, &why);
	size_t cap = text ? strlen(text) + 1
		   : (size_t)st.st_size + 2 < CFG_READ_CHUNK ? (size_t)st.st_size + 2 : CFG_READ_CHUNK;
	char *buf = fd >= 0 || text ? malloc(cap) : NULL;

	if (!text)	/* what a read now would find there, readable or not */
		cfg_inputs_file(r->inputs, path, fd >= 0 ? &st : NULL);
	if (!buf) {
		if (fd >= 0)
			close(fd);
		if (!why || !loc)
			cfg_diag_error(r->diag, loc, "cannot open '%s': %s", path, why ? why : "out of memory");
		else if (error)
			cfg_diag_error(r->diag, loc, "cannot read included file '%s': %s", path, why);
		else
			cfg_diag_warn(r->diag, loc, "cannot read included file '%s': %s", path, why);
		return false;
	}
	if (text)
		memcpy(buf, text, cap);
	if (!nesting_ok(r, path, &st, loc)) {
		if (fd >= 0)
			close(fd);
		free(buf);
		return false;
	}
	name = cfg_diag_intern(r->diag, path);
	f = name ? cfg_src_push(r, CFG_SRC_FILE) : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		free(buf);
		return cfg_oom(r);
	}
	f->buf = buf;
	f->cap = cap;
	f->len = text ? cap - 1 : 0;
	f->fd = fd;
	f->name = name;
	if (fd >= 0)
		cfg_file_fill(r, f);
	f->pos = f->len >= 3 && memcmp(f->buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;	/* UTF-8 BOM */
	f->dir = dir_of(path);
	f->incl_check = parent ? parent->incl_check : 0;
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	return f->dir ? true : cfg_oom(r);
}

bool cfg_incl_next(struct cfg_reader *r, struct cfg_src *s)
{
	struct cfg_loc loc = { s->name, s->line, s->col };

	while (s->ipath < s->npaths && !r->oom)
		if (cfg_file_open(r, s->paths[s->ipath++], NULL, &loc,
				  (s->checks & CFG_INC_READABLE) != 0))
			return true;
	return false;
}

/* ---- patterns ----------------------------------------------------------- */

/* The '}' matching the '{' at s[i], or NULL. */
static const char *brace_close(const char *s, size_t i)
{
	int depth = 0;

	for (; s[i]; i++) {
		if (s[i] == '\\' && s[i + 1])
			i++;
		else if (s[i] == '{')
			depth++;
		else if (s[i] == '}' && --depth == 0)
			return s + i;
	}
	return NULL;
}

/* csh-style alternatives: "a{b,c{d,e}}f" gives abf acdf acef; "{x}" gives
 * x. A '{' without its '}' is text. Returns false when out of memory or
 * past CFG_BRACE_ALT_MAX names. */
static bool brace_expand(const char *s, struct strv *out)
{
	const char *open = NULL, *close = NULL;
	size_t plen;

	for (size_t i = 0; s[i] && !close; i++) {
		if (s[i] == '\\' && s[i + 1])
			i++;
		else if (s[i] == '{' && (close = brace_close(s, i)))
			open = s + i;
	}
	if (!close)
		return out->n < CFG_BRACE_ALT_MAX && strv_add(out, strdup(s));
	plen = (size_t)(open - s);
	for (const char *a = open + 1; a <= close;) {
		const char *e = a;
		int depth = 0;
		char *alt;
		bool ok;

		while (e < close && (*e != ',' || depth > 0)) {
			if (*e == '\\' && e + 1 < close)
				e++;
			else
				depth += *e == '{' ? 1 : *e == '}' ? -1 : 0;
			e++;
		}
		if (asprintf(&alt, "%.*s%.*s%s", (int)plen, s, (int)(e - a), a, close + 1) < 0)
			return false;
		ok = brace_expand(alt, out);
		free(alt);
		if (!ok)
			return false;
		a = e + 1;
	}
	return true;
}

static bool has_wildcard(const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' && s[1])
			s++;
		else if (*s == '*' || *s == '?' || *s == '[')
			return true;
	}
	return false;
}

/* dir + "/" + alt, with dir's glob characters escaped when glob is set. */
static char *join(const char *dir, const char *alt, bool glob)
{
	struct cfg_buf b = { 0 };
	bool ok = true;

	if (alt[0] == '/' || strcmp(dir, ".") == 0)
		return strdup(alt);
	for (const char *d = dir; *d && ok; d++)
		ok = (!glob || !strchr("*?[\\", *d) || cfg_buf_add(&b, "\\", 1)) &&
		     cfg_buf_add(&b, d, 1);
	if (ok && strcmp(dir, "/") != 0)
		ok = cfg_buf_add(&b, "/", 1);
	if (!ok || !cfg_buf_add(&b, alt, strlen(alt))) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

struct incl {
	struct cfg_reader *r;
	const struct cfg_src *file;
	struct cfg_loc loc;
	const char *pattern;
	unsigned checks;
	size_t nalt;
	struct strv paths;
};

static void report(struct incl *in, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(struct incl *in, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (error)
		cfg_diag_verror(in->r->diag, &in->loc, fmt, ap);
	else
		cfg_diag_vwarn(in->r->diag, &in->loc, fmt, ap);
	va_end(ap);
}

/* Globs one alternative; reports it when it matches nothing. */
static bool glob_alt(struct incl *in, const char *alt)
{
	char *pat = join(in->file->dir, alt, true), *shown = join(in->file->dir, alt, false);
	glob_t g = { 0 };
	int rc = pat ? glob(pat, 0, NULL, &g) : GLOB_NOSPACE;
	bool wild = has_wildcard(alt), ok = rc != GLOB_NOSPACE && shown;
	struct stat st;

	for (size_t i = 0; ok && rc == 0 && i < g.gl_pathc; i++)
		ok = strv_add(&in->paths, strdup(g.gl_pathv[i]));
	if (ok)
		cfg_inputs_glob(in->r->inputs, pat, rc, rc == 0 ? g.gl_pathv : NULL,
				rc == 0 ? g.gl_pathc : 0);
	if (ok && rc == GLOB_ABORTED)
		report(in, true, "cannot search for '%s'", shown);
	else if (ok && rc == GLOB_NOMATCH && in->nalt > 1 && (!wild || in->checks & CFG_INC_BRACE))
		report(in, in->checks & CFG_INC_BRACE, "no file matches '%s' (from '%s')", shown,
		       in->pattern);
	else if (ok && rc == GLOB_NOMATCH && in->nalt == 1 && wild &&
		 in->checks & CFG_INC_WILDCARD)
		report(in, true, "no file matches '%s'", shown);
	else if (ok && rc == GLOB_NOMATCH && in->nalt == 1 && !wild)
		report(in, in->checks & CFG_INC_MATCH, "cannot read included file '%s': %s", shown,
		       strerror(stat(shown, &st) == 0 ? EACCES : errno));
	if (rc != GLOB_NOSPACE)
		globfree(&g);
	free(pat);
	free(shown);
	return ok;
}

unsigned cfg_include_kind(const struct cfg_line *l, size_t *kwlen)
{
	static const struct {
		const char *kw;
		unsigned kind;
	} kinds[] = {
		{ "include", CFG_INC_PLAIN },
		{ "includea", CFG_INC_ALL },
		{ "includeb", CFG_INC_BRACE | CFG_INC_READABLE },
		{ "includem", CFG_INC_MATCH | CFG_INC_READABLE },
		{ "includer", CFG_INC_READABLE },
		{ "includew", CFG_INC_WILDCARD | CFG_INC_READABLE },
	};
	size_t n = 0;

	if (l->text[0] != 'i')
		return 0;
	while (n < l->len && !cfg_is_space((unsigned char)l->text[n]))
		n++;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strlen(kinds[i].kw) == n && memcmp(kinds[i].kw, l->text, n) == 0) {
			*kwlen = n;
			return kinds[i].kind;
		}
	return 0;
}

static void push_matches(struct incl *in)
{
	struct cfg_src *s = cfg_src_push(in->r, CFG_SRC_INCL);

	if (!s)
		return;
	s->paths = in->paths.v;
	s->npaths = in->paths.n;
	s->checks = in->checks;
	s->name = in->loc.file;
	s->line = in->loc.line;
	s->col = in->loc.col;
	in->paths = (struct strv){ 0 };
}

void cfg_include(struct cfg_reader *r, struct cfg_line *l, unsigned kind, size_t kwlen)
{
	struct incl in = { .r = r, .file = cfg_src_file(r), .loc = cfg_line_loc(l, 0) };
	struct strv alts = { 0 };
	bool any_wild = false, ok = true;
	char *pattern;

	cfg_line_skip(l, kwlen);
	cfg_line_trim(l);
	if (l->len >= 2 && l->text[0] == '"' && l->text[l->len - 1] == '"') {
		cfg_line_skip(l, 1);
		l->len--;
	}
	if (l->len == 0) {
		cfg_diag_error(r->diag, &in.loc, "include needs a file name");
		return;
	}
	in.loc = cfg_line_loc(l, 0);	/* from here on, problems are the name's */
	pattern = strndup(l->text, l->len);
	in.pattern = pattern;
	in.checks = (in.file ? in.file->incl_check : 0) | (kind & CFG_INC_ALL);
	if (!pattern || !in.file) {
		cfg_oom(r);
	} else if (!brace_expand(pattern, &alts)) {
		cfg_diag_error(r->diag, &in.loc, "include pattern '%s' gives more than %d names",
			       pattern, CFG_BRACE_ALT_MAX);
	} else {
		in.nalt = alts.n;
		for (size_t i = 0; i < alts.n && ok; i++) {
			any_wild |= has_wildcard(alts.v[i]);
			ok = glob_alt(&in, alts.v[i]);
		}
		if (!ok)
			cfg_oom(r);
		else if (in.paths.n == 0 && in.nalt > 1 && !(in.checks & CFG_INC_BRACE) &&
			 (in.checks & CFG_INC_WILDCARD || (in.checks & CFG_INC_MATCH && !any_wild)))
			report(&in, true, "no file matches '%s'", pattern);
		else if (in.paths.n > 0)
			push_matches(&in);
	}
	strv_free(&alts);
	strv_free(&in.paths);
	free(pattern);
}
