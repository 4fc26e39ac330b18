// SPDX-License-Identifier: GPL-2.0-or-later
/* The record of a configuration read's inputs (cfg_inputs.h). */
#include "config.h"

#include <errno.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>

#include "cfg_inputs.h"

static bool grow(void **v, size_t *cap, size_t n, size_t size)
{
	size_t ncap = *cap ? *cap * 2 : 8;
	void *p;

	if (n < *cap)
		return true;
	p = realloc(*v, ncap * size);
	if (!p)
		return false;
	*v = p;
	*cap = ncap;
	return true;
}

struct cfg_inputs *cfg_inputs_new(void)
{
	struct cfg_inputs *in = calloc(1, sizeof(*in));
	struct timespec ts;

	if (!in)
		return NULL;
	clock_gettime(CLOCK_REALTIME, &ts);
	in->started_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	return in;
}

static void free_paths(char **paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

void cfg_inputs_free(struct cfg_inputs *in)
{
	if (!in)
		return;
	for (size_t i = 0; i < in->nfiles; i++)
		free(in->files[i].path);
	for (size_t i = 0; i < in->nglobs; i++) {
		free(in->globs[i].pattern);
		free_paths(in->globs[i].paths, in->globs[i].npaths);
	}
	free(in->files);
	free(in->globs);
	free(in->node);
	free(in);
}

static int64_t ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

void cfg_inputs_file(struct cfg_inputs *in, const char *path, const struct stat *st)
{
	struct cfg_input_file *f;
	struct stat now;

	if (!in || in->oom)
		return;
	if (!grow((void **)&in->files, &in->capfiles, in->nfiles, sizeof(*in->files)) ||
	    !(path = strdup(path))) {
		in->oom = true;
		return;
	}
	f = &in->files[in->nfiles++];
	*f = (struct cfg_input_file){ .path = (char *)path };
	if (!st && stat(path, &now) != 0) {
		f->err = errno;
		return;
	}
	st = st ? st : &now;
	f->dev = st->st_dev;
	f->ino = st->st_ino;
	f->mode = st->st_mode;
	f->size = st->st_size;
	f->mtime_ns = ns(&st->st_mtim);
	f->ctime_ns = ns(&st->st_ctim);
}

bool cfg_inputs_files_only(const struct cfg_inputs *in)
{
	return !in->nglobs && !in->node && !in->random;
}

void cfg_inputs_append_files(struct cfg_inputs *in, const struct cfg_inputs *from)
{
	for (size_t i = 0; i < from->nfiles && in && !in->oom; i++) {
		char *path;

		if (!grow((void **)&in->files, &in->capfiles, in->nfiles, sizeof(*in->files)) ||
		    !(path = strdup(from->files[i].path))) {
			in->oom = true;
			break;
		}
		in->files[in->nfiles] = from->files[i];
		in->files[in->nfiles++].path = path;
	}
	if (in && from->oom)
		in->oom = true;
}

void cfg_inputs_glob(struct cfg_inputs *in, const char *pattern, int rc, char **paths, size_t n)
{
	struct cfg_input_glob *g;

	if (!in || in->oom)
		return;
	if (!grow((void **)&in->globs, &in->capglobs, in->nglobs, sizeof(*in->globs))) {
		in->oom = true;
		return;
	}
	g = &in->globs[in->nglobs++];
	*g = (struct cfg_input_glob){ .pattern = strdup(pattern), .rc = rc };
	g->paths = n ? calloc(n, sizeof(*g->paths)) : NULL;
	in->oom = !g->pattern || (n && !g->paths);
	for (size_t i = 0; i < n && !in->oom; i++, g->npaths++)
		in->oom = !(g->paths[i] = strdup(paths[i]));
}

void cfg_inputs_node(struct cfg_inputs *in, const char *node)
{
	if (!in || in->oom || in->node)
		return;
	in->node = strdup(node);
	in->oom = !in->node;
}

static void probe_glob(struct cfg_inputs *now, const char *pattern)
{
	glob_t g = { 0 };
	int rc = glob(pattern, 0, NULL, &g);

	cfg_inputs_glob(now, pattern, rc, rc == 0 ? g.gl_pathv : NULL, rc == 0 ? g.gl_pathc : 0);
	if (rc != GLOB_NOSPACE)
		globfree(&g);
}

struct cfg_inputs *cfg_inputs_probe(const struct cfg_inputs *held)
{
	struct cfg_inputs *now = cfg_inputs_new();
	struct utsname u;

	if (!now)
		return NULL;
	for (size_t i = 0; i < held->nfiles; i++)
		cfg_inputs_file(now, held->files[i].path, NULL);
	for (size_t i = 0; i < held->nglobs; i++)
		probe_glob(now, held->globs[i].pattern);
	if (held->node)
		cfg_inputs_node(now, uname(&u) == 0 ? u.nodename : "");
	now->random = held->random;
	if (now->oom) {
		cfg_inputs_free(now);
		return NULL;
	}
	return now;
}

static bool file_same(const struct cfg_input_file *a, const struct cfg_input_file *b)
{
	if (strcmp(a->path, b->path) != 0 || a->err != b->err)
		return false;
	return a->err || (a->dev == b->dev && a->ino == b->ino && a->mode == b->mode &&
			  a->size == b->size && a->mtime_ns == b->mtime_ns &&
			  a->ctime_ns == b->ctime_ns);
}

static bool glob_same(const struct cfg_input_glob *a, const struct cfg_input_glob *b)
{
	if (strcmp(a->pattern, b->pattern) != 0 || a->rc != b->rc || a->npaths != b->npaths)
		return false;
	for (size_t i = 0; i < a->npaths; i++)
		if (strcmp(a->paths[i], b->paths[i]) != 0)
			return false;
	return true;
}

bool cfg_inputs_racy(const struct cfg_inputs *held)
{
	int64_t limit = held->started_ns - CFG_INPUTS_RACY_NS;

	for (size_t i = 0; i < held->nfiles; i++) {
		const struct cfg_input_file *f = &held->files[i];

		if (!f->err && (f->mtime_ns >= limit || f->ctime_ns >= limit))
			return true;
	}
	return false;
}

static const char *differs(const struct cfg_inputs *held, const struct cfg_inputs *now)
{
	const char *why = NULL;

	if (held->nfiles != now->nfiles || held->nglobs != now->nglobs)
		why = "the record lists differ";
	else if ((held->node || now->node) &&
		 (!held->node || !now->node || strcmp(held->node, now->node) != 0))
		why = "the node name changed";
	for (size_t i = 0; !why && i < held->nfiles; i++)
		if (!file_same(&held->files[i], &now->files[i]))
			why = "a file changed";
	for (size_t i = 0; !why && i < held->nglobs; i++)
		if (!glob_same(&held->globs[i], &now->globs[i]))
			why = "an include pattern matches other files";
	return why;
}

bool cfg_inputs_equal(const struct cfg_inputs *a, const struct cfg_inputs *b)
{
	return a && b && !a->oom && !b->oom && !differs(a, b);
}

bool cfg_inputs_same(const struct cfg_inputs *held, const struct cfg_inputs *now,
		     const char **why)
{
	*why = NULL;
	if (!held || !now || held->oom || now->oom)
		*why = "no complete record";
	else if (held->random)
		*why = "the config draws ${_RANDOM}";
	else if (cfg_inputs_racy(held))
		*why = "a file changed just before it was read";
	else
		*why = differs(held, now);
	return !*why;
}
