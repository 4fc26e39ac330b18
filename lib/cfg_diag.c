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
	cfg_diag_sink_fn *sink;	/* set: lines go there, not kept here */
	void *sink_arg;
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

/* Past the limit: one more dropped, said by the summary in the last slot. */
static bool full(struct cfg_diag *diag)
{
	char *line = NULL;

	if (diag->nmsgs < CFG_DIAG_KEEP - 1)
		return false;
	diag->dropped++;
	free(diag->nmsgs == CFG_DIAG_KEEP ? diag->msgs[--diag->nmsgs] : NULL);
	if (asprintf(&line, "keel: note: %zu more diagnostics not shown", diag->dropped) < 0)
		line = NULL;
	keep(diag, line);
	return true;
}

static const char *report(struct cfg_diag *diag, const struct cfg_loc *loc, const char *kind,
			  const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

/* Formats and keeps one line (or hands it to the sink); returns it, or
 * NULL when it was not kept here. */
static const char *report(struct cfg_diag *diag, const struct cfg_loc *loc, const char *kind,
			  const char *fmt, va_list ap)
{
	char *msg = NULL, *line = NULL;

	if (!diag || (!diag->sink && full(diag)))
		return NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	if (msg && loc && loc->file) {
		if (asprintf(&line, "%s:%u:%u: %s: %s", loc->file, loc->line, loc->col, kind, msg) < 0)
			line = NULL;
	} else if (msg && asprintf(&line, "keel: %s: %s", kind, msg) < 0) {
		line = NULL;
	}
	free(msg);
	if (diag->sink) {
		diag->sink(diag->sink_arg, kind[0] == 'e', line);
		return NULL;
	}
	return keep(diag, line);
}

void cfg_diag_set_sink(struct cfg_diag *diag, cfg_diag_sink_fn *sink, void *arg)
{
	diag->sink = sink;
	diag->sink_arg = arg;
}

void cfg_diag_add_line(struct cfg_diag *diag, bool error, char *line)
{
	const char *kept;

	if (error)
		diag->errors++;
	else
		diag->warnings++;
	if (full(diag)) {
		free(line);
		return;
	}
	kept = keep(diag, line);
	if (error && kept && !diag->first_error)
		diag->first_error = strdup(kept);
}

void cfg_diag_adopt_names(struct cfg_diag *dst, struct cfg_diag *src)
{
	size_t i = 0, k = 0;

	for (; i < src->nnames && grow(&dst->names, &dst->capnames, dst->nnames); i++)
		dst->names[dst->nnames++] = src->names[i];
	/* out of memory: the rest stay with src, valid until it is freed */
	while (i < src->nnames)
		src->names[k++] = src->names[i++];
	src->nnames = k;
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
