// SPDX-License-Identifier: GPL-2.0-or-later
/* The keyword-table engine: statements read from the token stream are
 * dispatched through one sorted table per block kind. Handlers fill the
 * model; argument helpers report errors at the argument's own location. */
#ifndef KEEL_CFG_BLOCK_H
#define KEEL_CFG_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cfg.h"
#include "cfg_reader.h"

#define CFG_ANY 255		/* no upper bound on arguments */

/* One statement: the keyword (argv[0]) and its arguments. */
struct cfg_stmt {
	size_t argc;
	char **argv;
	struct cfg_loc *loc;		/* loc[i] is where argv[i] was written */
	bool block;			/* a '{' follows */
	struct cfg_loc brace;		/* where, when it does */
};

struct cfg_stmt_buf;

struct cfg_parser {
	struct cfg_reader *rd;
	struct cfg_diag *diag;
	struct config *cfg;
	const struct cfg_load_opts *opts;	/* may be NULL */
	const struct cfg_token *tok;	/* the last read (cfg_reader_take) */
	unsigned depth;
	/* statement buffers, one per open block, kept for the next block at
	 * the same nesting until the outermost block ends */
	struct cfg_stmt_buf **bufs;
	unsigned nbufs, nest;
	/* the real servers of the virtual server being read (cfg_lvs.c) */
	struct cfg_rs *rs_scratch;
	size_t rs_cap;
	size_t file_checks;		/* FILE_CHECKs opened: cfg_validate links them */
	/* A part of a file (cfg_parts.c) reads only this top-level keyword:
	 * at any other the read ends, refused. */
	const struct cfg_kw *only;
	bool refused;
};

typedef int cfg_kw_fn(struct cfg_parser *p, void *obj, const struct cfg_stmt *st);
/* Opens a sub-block: returns the object its statements fill, or NULL to
 * skip the block (after reporting why). */
typedef void *cfg_open_fn(struct cfg_parser *p, void *obj, const struct cfg_stmt *st);
typedef void cfg_close_fn(struct cfg_parser *p, void *obj, const struct cfg_loc *where);

struct cfg_block;

struct cfg_kw {
	const char *name;
	uint8_t min, max;		/* arguments after the keyword */
	cfg_kw_fn *fn;			/* a plain statement */
	cfg_open_fn *open;		/* a statement opening sub */
	const struct cfg_block *sub;
	const char *todo;		/* set: ignored, warned (by fn when there is one) */
};

struct cfg_block {
	const char *what;		/* for messages: "virtual_server" */
	const struct cfg_kw *kw;	/* sorted by name */
	size_t n;
	cfg_kw_fn *line;		/* list blocks: unknown first words go here */
	cfg_close_fn *close;		/* runs at the block's '}' */
};

#define CFG_TABLE(t) (t), sizeof(t) / sizeof((t)[0])

/* Reads statements into obj until the matching '}' (or EOF at top level). */
void cfg_parse_block(struct cfg_parser *p, const struct cfg_block *b, void *obj,
		     const struct cfg_loc *open_loc);

void cfg_err(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void cfg_warn(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Argument parsers: 0, or -1 after reporting at argv[i]. */
int cfg_arg_uint(struct cfg_parser *p, const struct cfg_stmt *st, size_t i,
		 uint64_t min, uint64_t max, uint64_t *out);
int cfg_arg_int(struct cfg_parser *p, const struct cfg_stmt *st, size_t i,
		int64_t min, int64_t max, int64_t *out);
/* The same, naming the value "name" in messages instead of the keyword. */
int cfg_arg_uint_as(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, const char *name,
		    uint64_t min, uint64_t max, uint64_t *out);
int cfg_arg_int_as(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, const char *name,
		   int64_t min, int64_t max, int64_t *out);
/* Seconds with an optional fraction ("0.25"), to microseconds. */
int cfg_arg_timer(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, uint64_t *us);
/* An optional <BOOL>: absent means true. */
int cfg_arg_bool(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, bool *out);
int cfg_arg_ip(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, struct cfg_ip *out);
/* A multicast address, of family af unless af is 0. */
int cfg_arg_mcast(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, uint8_t af,
		  struct cfg_ip *out);
int cfg_arg_port(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, uint16_t *out);
/* Replaces *dst with a copy of argv[i]. */
int cfg_arg_str(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, char **dst);
/* Every word of the line (from argv[0]) appended to *names, where each was
 * written to *where (as long as *names). */
int cfg_arg_names(struct cfg_parser *p, const struct cfg_stmt *st, char ***names, size_t *n,
		  struct cfg_loc **where);
/* "cmd" [user [group]] into a script. */
int cfg_arg_script(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_script *s);

/* Grows an array by one zeroed element; NULL when out of memory. */
void *cfg_push(struct cfg_parser *p, void *arrayp, size_t *n, size_t size);
/* An opener for a block that fills its parent's object (a list inside
 * vrrp_instance, say): obj itself. */
void *cfg_open_self(struct cfg_parser *p, void *obj, const struct cfg_stmt *st);

#endif
