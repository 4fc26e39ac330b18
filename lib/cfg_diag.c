// SPDX-License-Identifier: GPL-2.0-or-later
/* Configuration diagnostics: formatted once, kept in order, counted. */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_diag.h"

/* A kept line and its kind (cfg_diag_append reports it again). */
struct kept {
	char *line;
	bool error;
};

struct cfg_diag {
	struct kept *msgs;
	size_t nmsgs, capmsgs;
	unsigned errors, warnings;
	size_t dropped;		/* messages counted but not kept */
	char *first_error;	/* a copy of the first error's line */
	char **names;		/* interned strings */
	size_t nnames, capnames;
};

struct cfg_diag *cfg_diag_new(void)
{
	return calloc(1, sizeof(struct cfg_diag));
}

void cfg_diag_free(struct cfg_diag *diag)
{
	if (!diag)
		return;
	for (size_t i = 0; i < diag->nmsgs; i++)
		free(diag->msgs[i].line);
	for (size_t i = 0; i < diag->nnames; i++)
		free(diag->names[i]);
	free(diag->msgs);
	free(diag->names);
	free(diag->first_error);
	free(diag);
}

/* Makes room for one more element of size bytes in *vec. */
static bool grow(void *vec, size_t *cap, size_t n, size_t size)
{
	void **v = vec, *p;
	size_t ncap;

	if (n < *cap)
		return true;
	ncap = *cap ? *cap * 2 : 16;
	p = realloc(*v, ncap * size);
	if (!p)
		return false;
	*v = p;
	*cap = ncap;
	return true;
}

/* Returns the line when kept, NULL when dropped. */
static const char *keep(struct cfg_diag *diag, char *line, bool error)
{
	if (!line || !grow(&diag->msgs, &diag->capmsgs, diag->nmsgs, sizeof(*diag->msgs))) {
		free(line);
		diag->dropped++;
		return NULL;
	}
	diag->msgs[diag->nmsgs++] = (struct kept){ line, error };
	return line;
}

/* With the last slot kept for the summary: false when line (freed) is
 * one more diagnostic not shown. */
static bool room(struct cfg_diag *diag, char *line)
{
	char *note;

	if (diag->nmsgs < CFG_DIAG_KEEP - 1)
		return true;
	free(line);
	diag->dropped++;
	free(diag->nmsgs == CFG_DIAG_KEEP ? diag->msgs[--diag->nmsgs].line : NULL);
	if (asprintf(&note, "keel: note: %zu more diagnostics not shown", diag->dropped) < 0)
		note = NULL;
	keep(diag, note, false);
	return false;
}

/* Keeps a formatted line (taken) of the kind counted already. */
static void keep_counted(struct cfg_diag *diag, char *line, bool error)
{
	const char *kept = room(diag, line) ? keep(diag, line, error) : NULL;

	if (kept && error && !diag->first_error)
		diag->first_error = strdup(kept);
}

static void report(struct cfg_diag *diag, const struct cfg_loc *loc, bool error, const char *fmt,
		   va_list ap) __attribute__((format(printf, 4, 0)));

/* Counts, formats and keeps one line. */
static void report(struct cfg_diag *diag, const struct cfg_loc *loc, bool error, const char *fmt,
		   va_list ap)
{
	const char *kind = error ? "error" : "warning";
	char *msg = NULL, *line = NULL;

	if (!diag)
		return;
	if (error)
		diag->errors++;
	else
		diag->warnings++;
	if (!room(diag, NULL))
		return;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	if (!msg) {
		diag->dropped++;
		return;
	}
	if (loc && loc->file) {
		if (asprintf(&line, "%s:%u:%u: %s: %s", loc->file, loc->line, loc->col, kind, msg) < 0)
			line = NULL;
	} else if (asprintf(&line, "keel: %s: %s", kind, msg) < 0) {
		line = NULL;
	}
	free(msg);
	keep_counted(diag, line, error);
}

void cfg_diag_verror(struct cfg_diag *diag, const struct cfg_loc *loc, const char *fmt, va_list ap)
{
	report(diag, loc, true, fmt, ap);
}

void cfg_diag_vwarn(struct cfg_diag *diag, const struct cfg_loc *loc, const char *fmt, va_list ap)
{
	report(diag, loc, false, fmt, ap);
}

void cfg_diag_error(struct cfg_diag *diag, const struct cfg_loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cfg_diag_verror(diag, loc, fmt, ap);
	va_end(ap);
}

void cfg_diag_warn(struct cfg_diag *diag, const struct cfg_loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cfg_diag_vwarn(diag, loc, fmt, ap);
	va_end(ap);
}

bool cfg_diag_whole(const struct cfg_diag *diag)
{
	return diag && diag->dropped == 0;
}

void cfg_diag_append(struct cfg_diag *diag, const struct cfg_diag *from)
{
	for (size_t i = 0; i < from->nmsgs; i++) {
		bool error = from->msgs[i].error;

		if (error)
			diag->errors++;
		else
			diag->warnings++;
		keep_counted(diag, strdup(from->msgs[i].line), error);
	}
}

unsigned cfg_diag_errors(const struct cfg_diag *diag)
{
	return diag ? diag->errors : 0;
}

unsigned cfg_diag_warnings(const struct cfg_diag *diag)
{
	return diag ? diag->warnings : 0;
}

const char *cfg_diag_first_error(const struct cfg_diag *diag)
{
	return diag ? diag->first_error : NULL;
}

size_t cfg_diag_count(const struct cfg_diag *diag)
{
	return diag ? diag->nmsgs : 0;
}

const char *cfg_diag_message(const struct cfg_diag *diag, size_t i)
{
	if (!diag || i >= diag->nmsgs)
		return NULL;
	return diag->msgs[i].line;
}

const char *cfg_diag_intern(struct cfg_diag *diag, const char *s)
{
	char *copy;

	/* newest first: the file being read is usually the last one added */
	for (size_t i = diag->nnames; i-- > 0;)
		if (strcmp(diag->names[i], s) == 0)
			return diag->names[i];
	if (!grow(&diag->names, &diag->capnames, diag->nnames, sizeof(*diag->names)))
		return NULL;
	copy = strdup(s);
	if (copy)
		diag->names[diag->nnames++] = copy;
	return copy;
}
