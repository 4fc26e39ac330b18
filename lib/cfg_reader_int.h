// SPDX-License-Identifier: GPL-2.0-or-later
/* Internals shared by the reader's files: cfg_reader.c (input stack, lines,
 * tokens), cfg_subst.c (conditionals, parameters, ~SEQ/~LST) and
 * cfg_include.c (include and its variants). Not for other modules. */
#ifndef KEEL_CFG_READER_INT_H
#define KEEL_CFG_READER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cfg_diag.h"
#include "cfg_reader.h"

enum {
	CFG_LINE_MAX = 65536,		/* bytes in a line, before or after substitution */
	CFG_VALUE_MAX = 1 << 20,	/* bytes in one parameter value */
	CFG_INCLUDE_DEPTH_MAX = 32,	/* files open at once */
	CFG_EXPAND_DEPTH_MAX = 64,	/* parameters inside parameters */
	CFG_EXPAND_REFS_MAX = 65536,	/* references one line expands, nested ones too */
	CFG_BRACE_ALT_MAX = 1024,	/* names one include brace pattern may give */
	CFG_READ_CHUNK = 65536,		/* a file's read buffer, grown for longer lines */
};
#define CFG_FILE_MAX ((size_t)64 << 20)
/* Lines that multi-line parameters and ~SEQ/~LST may make in one read
 * (keepalived.conf(5)'s largest example makes 910,000). Fuzz builds may
 * lower it: -DCFG_GENERATED_MAX=100000. */
#ifndef CFG_GENERATED_MAX
#define CFG_GENERATED_MAX 10000000
#endif

/* include_check bits (keepalived.conf(5) global_defs include_check) */
enum {
	CFG_INC_READABLE = 1, CFG_INC_MATCH = 2, CFG_INC_WILDCARD = 4, CFG_INC_BRACE = 8,
	CFG_INC_ALL = 15,
	CFG_INC_PLAIN = 16,		/* plain include: adds no check */
};

struct cfg_buf {
	char *p;
	size_t len, cap;
};

/* Column map of a line: from off on, text comes from col (fixed: every
 * byte at col, as for substituted text; else col + (offset - off)). */
struct cfg_seg {
	size_t off;
	unsigned col;
	bool fixed;
};

struct cfg_segs {
	struct cfg_seg *v;
	size_t n, cap;
};

/* One logical line on its way through the preprocessor. text[len] is
 * writable (the tokenizer ends words with NULs in place). */
struct cfg_line {
	char *text;
	size_t len;
	struct cfg_segs *segs;
	const char *file;		/* interned */
	unsigned line;
	bool from_file;			/* text is a file line as written (continuation allowed) */
	bool raw_cont;			/* the physical line ended in '\' */
	bool quote_reported;		/* an unterminated quote was already reported */
	bool no_dollar;			/* known to hold no '$' (nothing to substitute) */
};

enum cfg_src_kind { CFG_SRC_FILE, CFG_SRC_LINES, CFG_SRC_LOOP, CFG_SRC_INCL };

struct cfg_loop;

/* One frame of the input stack: a file, the lines of a multi-line
 * parameter, a ~SEQ/~LST line being repeated, or the files an include
 * pattern matched that are still to be read. */
struct cfg_src {
	enum cfg_src_kind kind;
	struct cfg_src *up;
	const char *name;		/* interned file name for locations */
	unsigned line;			/* FILE: lines read; others: line of origin */
	unsigned col;			/* LINES, INCL: column of origin; FILE: see set_eof_loc */
	char *buf;			/* FILE: the part read (see cfg_file_fill); LINES: the value */
	size_t len, pos;
	size_t base;			/* FILE: the file offset of buf[0] */
	/* FILE */
	int fd;				/* -1 once read to the end (or for text) */
	bool has_nul;			/* a NUL byte was read: lines are checked for one */
	size_t cap, total;		/* of buf; bytes read so far */
	char *dir;			/* relative includes resolve here ("." = cwd) */
	char *pwd;			/* ${_PWD}, resolved on first use */
	unsigned incl_check;
	dev_t dev;
	ino_t ino;
	/* LOOP */
	struct cfg_loop *loop;
	/* INCL */
	char **paths;
	size_t npaths, ipath;
	unsigned checks;
};

struct cfg_params;

struct cfg_reader {
	struct cfg_diag *diag;
	struct cfg_src *top;
	unsigned nfiles;		/* FILE frames on the stack */
	unsigned nexpand;		/* LINES and LOOP frames on the stack */
	struct cfg_params *params;
	struct cfg_inputs *inputs;	/* may be NULL */
	char *config_id, *instance;
	uint64_t rng;			/* ${_RANDOM} state */
	struct cfg_buf work[2];		/* lines that are not file text as is */
	struct cfg_segs wsegs[2];
	unsigned wi;			/* work[wi] holds the current line */
	struct cfg_segs fsegs;		/* column map of a file line */
	struct cfg_token *toks;
	size_t ntoks, captoks, itok;
	struct cfg_loc *braces;		/* '{' still open */
	size_t nbraces, capbraces;
	bool gd_pending, in_gd;		/* inside global_defs { } */
	unsigned long generated;	/* lines made so far, see CFG_GENERATED_MAX */
	bool done, oom, stop;
	/* cfg_reader_pause_at: the top file's offset to stop at; whether the
	 * read stopped there, or passed it without stopping */
	size_t pause_at;
	bool paused, pause_missed;
	bool part;			/* a part of a file (cfg_split.c): plain lines only */
	bool part_refused;		/* it met a line a part cannot read */
	struct cfg_loc eof_loc;
	struct cfg_token eof_tok;	/* what cfg_reader_take gives at the end */
};

/* cfg_reader.c */
/* A reader with nothing to read yet; NULL when out of memory (reported). */
struct cfg_reader *cfg_reader_new(const struct cfg_reader_opts *opts, struct cfg_diag *diag);
bool cfg_buf_add(struct cfg_buf *b, const char *p, size_t n);
bool cfg_buf_reserve(struct cfg_buf *b, size_t extra);
bool cfg_segs_add(struct cfg_segs *s, size_t off, unsigned col, bool fixed);
bool cfg_segs_copy(struct cfg_segs *dst, const struct cfg_seg *v, size_t n);
unsigned cfg_line_col(const struct cfg_line *l, size_t off);
struct cfg_loc cfg_line_loc(const struct cfg_line *l, size_t off);
void cfg_line_skip(struct cfg_line *l, size_t n);
void cfg_line_trim(struct cfg_line *l);
/* The spare work buffer, emptied, for building a new line; cfg_work_use
 * makes it the current line's buffer. */
struct cfg_buf *cfg_work_spare(struct cfg_reader *r, struct cfg_segs **segs);
void cfg_work_use(struct cfg_reader *r, struct cfg_line *l);
bool cfg_oom(struct cfg_reader *r);
struct cfg_src *cfg_src_push(struct cfg_reader *r, enum cfg_src_kind kind);
/* Before pushing a LINES or LOOP frame: drops spent LINES frames on top,
 * reports at loc and returns false when CFG_EXPAND_DEPTH_MAX are open. */
bool cfg_expand_room(struct cfg_reader *r, const struct cfg_loc *loc);
struct cfg_src *cfg_src_file(const struct cfg_reader *r);
/* The next physical line of a file frame for a '\' continuation: comment
 * removed and trimmed (possibly empty). False at the end of the file. */
bool cfg_file_cont_line(struct cfg_reader *r, struct cfg_src *f, struct cfg_line *l);
bool cfg_is_space(int c);

/* cfg_subst.c */
/* A parameter reference in a line: s[start, end) is "$NAME", "${NAME}" or
 * "${NAME ARGS}" (ARGS for built-ins such as ${_RANDOM 1 9}). */
struct cfg_ref {
	size_t start, end;
	const char *name, *args;
	size_t nlen, alen;
	bool braced;
};
enum { CFG_REF_UNDEF, CFG_REF_BAD, CFG_REF_OK, CFG_REF_LEFT };
bool cfg_parse_ref(const char *s, size_t i, size_t n, int follow, struct cfg_ref *ref);
/* CFG_REF_OK with the value in *v (may point into tmp), CFG_REF_UNDEF, or
 * CFG_REF_BAD for a built-in with arguments it cannot take. */
int cfg_resolve(struct cfg_reader *r, const struct cfg_ref *ref, char *tmp, size_t tmpsz,
		const char **v, size_t *vlen);
bool cfg_param_set(struct cfg_reader *r, const char *name, size_t n, const char *val, size_t len);
bool cfg_is_builtin(const char *name, size_t n);
bool cfg_name_char(char c);
struct cfg_params *cfg_params_new(void);
void cfg_params_free(struct cfg_params *p);
/* Conditionals, definitions, ~SEQ/~LST and substitution on l. True when l
 * is left to be tokenized (it is then non-empty), false when consumed. */
bool cfg_preprocess(struct cfg_reader *r, struct cfg_line *l);
void cfg_random_seed(struct cfg_reader *r, uint64_t seed);

/* cfg_loop.c: ~SEQ(...) and ~LST(...) */
/* True when l starts with ~SEQ, ~SEQx or ~LST. */
bool cfg_loop_kind(const struct cfg_line *l);
/* Parses the block at the start of l and pushes a LOOP frame for the rest
 * of the line; reports a bad block (the line is then dropped). */
void cfg_loop_start(struct cfg_reader *r, struct cfg_line *l);
/* The next repetition of a LOOP frame into l; false when it is done. */
bool cfg_loop_next(struct cfg_reader *r, struct cfg_src *s, struct cfg_line *l);
void cfg_loop_free(struct cfg_loop *loop);

/* cfg_include.c */
/* The include variant l starts with (the CFG_INC_* bits it adds, or
 * CFG_INC_PLAIN), or 0 when l is no include line. */
unsigned cfg_include_kind(const struct cfg_line *l, size_t *kwlen);
void cfg_include(struct cfg_reader *r, struct cfg_line *l, unsigned kind, size_t kwlen);
/* Opens the next file of an INCL frame; false when there is none left. */
bool cfg_incl_next(struct cfg_reader *r, struct cfg_src *s);
/* Pushes a FILE frame for path; reports why not at loc (NULL: top file). */
bool cfg_file_open(struct cfg_reader *r, const char *path, const char *text,
		   const struct cfg_loc *loc, bool error);
bool cfg_file_fill(struct cfg_reader *r, struct cfg_src *f);
void cfg_include_check(struct cfg_reader *r, const struct cfg_token *t, size_t n);
void cfg_src_free_files(struct cfg_src *s);

#endif
