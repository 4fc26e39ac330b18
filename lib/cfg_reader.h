// SPDX-License-Identifier: GPL-2.0-or-later
/* The configuration reader: keepalived.conf text in, tokens out, after all
 * of keepalived's preprocessing (keepalived.conf(5): comments, quotes,
 * include and its variants, @id / @^id conditional lines, $NAME=value
 * parameters and their substitution, ~SEQ and ~LST line replication, the
 * ${_PWD}-style built-ins). Every token carries the file, line and column
 * it came from. No globals: one cfg_reader per read.
 *
 * Token stream: WORD tokens; '{' and '}' are always tokens of their own,
 * even when glued to a word ("ip{" gives "ip" "{"); EOL ends every logical
 * line that produced tokens (blank and comment lines produce none); EOF at
 * the end, repeated on every later call. An unmatched '}' is reported and
 * dropped; every '{' still open at the end is reported. */
#ifndef KEEL_CFG_READER_H
#define KEEL_CFG_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "cfg_diag.h"
#include "cfg_inputs.h"

enum cfg_tok { CFG_TOK_WORD, CFG_TOK_LBRACE, CFG_TOK_RBRACE, CFG_TOK_EOL, CFG_TOK_EOF };

struct cfg_token {
	enum cfg_tok kind;
	/* NUL-terminated (text[len] == '\0'). A quoted word is the text
	 * between the quotes, as written: "a\tb" gives the four characters
	 * a \ t b, as keepalived does (script lines apply the escapes later,
	 * see cfg_split_args). As keepalived.conf(5) documents, \" neither
	 * ends nor starts a quoted string (it stays \" in the text). */
	const char *text;
	size_t len;
	bool quoted;		/* the word was written as "..." */
	/* Where the token was written: an included file's own path and line;
	 * for text that came from a $parameter, the place of the '$'. Columns
	 * count bytes from 1 (a tab is one column). */
	struct cfg_loc loc;
};

struct cfg_reader_opts {
	const char *config_id;	/* -i/--config-id; NULL: the node name up to its first '.' */
	const char *instance;	/* ${_INSTANCE}; NULL: config_id when given, else the node name */
	bool include_check_all;	/* -e/--all-config: every include_check check from the start */
	struct cfg_inputs *inputs;	/* NULL, or filled with what the read depends on */
};

struct cfg_reader;

/* opts may be NULL. diag is required and must outlive the tokens' locations.
 * Returns NULL, with an error in diag naming the path and the reason, when
 * path cannot be read. */
struct cfg_reader *cfg_reader_open(const char *path, const struct cfg_reader_opts *opts,
				   struct cfg_diag *diag);

/* The same for text in memory (tests, fuzzing); name stands for its path:
 * locations use it and relative includes resolve against its directory. */
struct cfg_reader *cfg_reader_open_string(const char *name, const char *text,
					  const struct cfg_reader_opts *opts,
					  struct cfg_diag *diag);

/* The next token into *out, also returned. *out stays valid until the next
 * call; the text of a WORD stays valid longer, as long as the words of its
 * line: until the call after the line's EOL token (a statement's words can
 * be used in place until it is complete). Problems go to diag and reading
 * continues where sensible. */
enum cfg_tok cfg_reader_next(struct cfg_reader *rd, struct cfg_token *out);
/* The same token in place, without the copy: valid as *out above. */
const struct cfg_token *cfg_reader_take(struct cfg_reader *rd);

void cfg_reader_free(struct cfg_reader *rd);

/* Reading the top file in parts (cfg_parts.c). pause_at: the read stops
 * before the top file's line at offset as if the input ended there (no
 * end-of-input checks run), when nothing is open there: no block, include
 * or parameter. Else it goes on and never stops. resume: it goes on.
 * stop: it ends, at once, without the end-of-input checks. */
void cfg_reader_pause_at(struct cfg_reader *rd, size_t offset);
bool cfg_reader_paused(const struct cfg_reader *rd);
void cfg_reader_resume(struct cfg_reader *rd);
void cfg_reader_stop(struct cfg_reader *rd);

/* One part of the top file after the first, read by a reader of its own
 * (on another thread): it starts at a line that opens a virtual_server,
 * its locations are the whole file's, and it reads only lines whose
 * meaning does not depend on what came before (no parameter, conditional,
 * ~SEQ/~LST or include). */
struct cfg_part;

/* Cuts the top file of rd, before anything was read from it, into up to n
 * parts of at least min bytes each, at lines that start with
 * "virtual_server" near equal offsets. Fills parts[0 .. k-2] with the
 * parts after the first and returns k, the number of parts (1: no cut,
 * nothing filled); rd then stops at the start of the second part (see
 * cfg_reader_pause_at). Safe to call with any input: a cut that falls
 * where the whole read would not stop shows as a part not read in full. */
size_t cfg_reader_split(struct cfg_reader *rd, size_t n, size_t min, struct cfg_part **parts);
/* The reader of a part; NULL when out of memory (reported in diag). May
 * run on any thread, once per part. */
struct cfg_reader *cfg_part_open(struct cfg_part *part, struct cfg_diag *diag);
/* After its tokens until EOF: whether the part was read as the whole read
 * would have read it (all of it, stopping where the next part starts,
 * every line one a part can read). */
bool cfg_part_read_whole(const struct cfg_reader *rd);
void cfg_part_free(struct cfg_part *part);

/* A script command line split into its arguments as keepalived.conf(5)
 * "Quoted strings" says: arguments are separated by unquoted whitespace,
 * '...' and "..." group (the quotes are removed, whitespace inside kept),
 * and the escapes \a \b \E \f \n \r \t \v \nnn (octal, up to 3 digits)
 * \xXX (hex, up to 2 digits) \cC (control-C) and \C (C itself) apply
 * everywhere; an escaped character never quotes or separates.
 * Returns a NULL-terminated vector in one allocation (one free()), with
 * *argc set, or NULL when out of memory. */
char **cfg_split_args(const char *cmd, size_t len, size_t *argc);

#endif
