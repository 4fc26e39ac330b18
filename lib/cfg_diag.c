// SPDX-License-Identifier: GPL-2.0-or-later
/* Configuration diagnostics: formatted once, kept in order, counted. */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_diag.h"

struct cfg_diag {
	char **msgs;
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
		free(diag->msgs[i]);
	for (size_t i = 0; i < diag->nnames; i++)
		free(diag->names[i]);
	free(diag->msgs);
	free(diag->names);
	free(diag->first_error);
	free(diag);
}

/* Makes room for one more pointer in *vec. */
static bool grow(char ***vec, size_t *cap, size_t n)
{
	size_t ncap;
	char **p;

	if (n < *cap)
		return true;
	ncap = *cap ? *cap * 2 : 16;
	p = realloc(*vec, ncap * sizeof(**vec));
	if (!p)
		return false;
	*vec = p;
	*cap = ncap;
	return true;
}

/* Returns the line when kept, NULL when dropped. */
static const char *keep(struct cfg_diag *diag, char *line)
{
	if (!line || !grow(&diag->msgs, &diag->capmsgs, diag->nmsgs)) {
		free(line);
		diag->dropped++;
		return NULL;
	}
	diag->msgs[diag->nmsgs++] = line;
	return line;
}

static const char *report(struct cfg_diag *diag, const struct cfg_loc *loc, const char *kind,
			  const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

/* Formats and keeps one line; returns it, or NULL when it was not kept. */
static const char *report(struct cfg_diag *diag, const struct cfg_loc *loc, const char *kind,
			  const char *fmt, va_list ap)
{
	char *msg = NULL, *line = NULL;

	if (!diag)
		return NULL;
	if (diag->nmsgs >= CFG_DIAG_KEEP - 1) {
		/* keep the last slot for the summary */
		diag->dropped++;
		free(diag->nmsgs == CFG_DIAG_KEEP ? diag->msgs[--diag->nmsgs] : NULL);
		if (asprintf(&line, "keel: note: %zu more diagnostics not shown", diag->dropped) < 0)
			line = NULL;
		keep(diag, line);
		return NULL;
	}
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	if (!msg) {
		diag->dropped++;
		return NULL;
	}
	if (loc && loc->file) {
		if (asprintf(&line, "%s:%u:%u: %s: %s", loc->file, loc->line, loc->col, kind, msg) < 0)
			line = NULL;
	} else if (asprintf(&line, "keel: %s: %s", kind, msg) < 0) {
		line = NULL;
	}
	free(msg);
	return keep(diag, line);
}

void cfg_diag_verror(struct cfg_diag *diag, const struct cfg_loc *loc, const char *fmt, va_list ap)
{
	const char *line;

	if (diag)
		diag->errors++;
	line = report(diag, loc, "error", fmt, ap);
	if (line && !diag->first_error)
		diag->first_error = strdup(line);
}

void cfg_diag_vwarn(struct cfg_diag *diag, const struct cfg_loc *loc, const char *fmt, va_list ap)
{
	if (diag)
		diag->warnings++;
	report(diag, loc, "warning", fmt, ap);
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
	return diag->msgs[i];
}

const char *cfg_diag_intern(struct cfg_diag *diag, const char *s)
{
	char *copy;

	/* newest first: the file being read is usually the last one added */
	for (size_t i = diag->nnames; i-- > 0;)
		if (strcmp(diag->names[i], s) == 0)
			return diag->names[i];
	if (!grow(&diag->names, &diag->capnames, diag->nnames))
		return NULL;
	copy = strdup(s);
	if (copy)
		diag->names[diag->nnames++] = copy;
	return copy;
}
