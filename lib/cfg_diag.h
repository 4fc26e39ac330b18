// SPDX-License-Identifier: GPL-2.0-or-later
/* Configuration diagnostics: an ordered list of "FILE:LINE:COL: error: MSG"
 * and "FILE:LINE:COL: warning: MSG" lines with error and warning counts.
 * No globals: every reader and parser run gets its own cfg_diag. */
#ifndef KEEL_CFG_DIAG_H
#define KEEL_CFG_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* A place in a configuration file, 1-based. file points to a string owned
 * by the cfg_diag the reader was given (see cfg_diag_intern), so it stays
 * valid after the reader is freed, until cfg_diag_free. */
struct cfg_loc {
	const char *file;
	unsigned line, col;
};

struct cfg_diag;

/* NULL when out of memory. */
struct cfg_diag *cfg_diag_new(void);
void cfg_diag_free(struct cfg_diag *diag);

/* loc may be NULL for errors that belong to no file: the line then reads
 * "keel: error: MSG". A newline at the end of fmt is not wanted. */
void cfg_diag_error(struct cfg_diag *diag, const struct cfg_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void cfg_diag_warn(struct cfg_diag *diag, const struct cfg_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void cfg_diag_verror(struct cfg_diag *diag, const struct cfg_loc *loc, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
void cfg_diag_vwarn(struct cfg_diag *diag, const struct cfg_loc *loc, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

unsigned cfg_diag_errors(const struct cfg_diag *diag);
unsigned cfg_diag_warnings(const struct cfg_diag *diag);

/* The kept lines, in the order reported, without a newline. At most
 * CFG_DIAG_KEEP lines are kept (the counts above go on counting); the last
 * kept line then says how many more were dropped. */
#define CFG_DIAG_KEEP 10000
size_t cfg_diag_count(const struct cfg_diag *diag);
/* The first error's line as reported, or NULL when there was none (or it
 * could not be kept). */
const char *cfg_diag_first_error(const struct cfg_diag *diag);
const char *cfg_diag_message(const struct cfg_diag *diag, size_t i);

/* Whether every line reported was kept (none dropped, for the limit or
 * for lack of memory). */
bool cfg_diag_whole(const struct cfg_diag *diag);
/* Reports the lines of from (whole) in diag, in their order, as if they
 * had been reported there. */
void cfg_diag_append(struct cfg_diag *diag, const struct cfg_diag *from);

/* A copy of s owned by diag (one copy per distinct string), for
 * cfg_loc.file. NULL when out of memory. */
const char *cfg_diag_intern(struct cfg_diag *diag, const char *s);

#endif
