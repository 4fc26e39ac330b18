// SPDX-License-Identifier: GPL-2.0-or-later
/* The background parse behind SIGHUP (preparse.h). Worker thread, not the
 * main loop: a 10,000-entry config takes 40-110 ms to parse in the lab VM
 * on x86, more on a Pi-class CPU, and the main loop runs the health checks
 * and the control socket. One parse runs at a time; a change during it
 * parses again once it is done. */
#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "ev_mailbox.h"
#include "ev_thread.h"
#include "log.h"
#include "preparse.h"

#define SETTLE_MS 100	/* editors write in steps: parse once they are done */
/* Set, not left to libc: glibc's default follows RLIMIT_STACK (8 MB of
 * address space, or whatever ulimit -s says), musl's is 128 kB (OpenWrt).
 * Includes are read from a heap stack and blocks nest only as deep as the
 * keyword tables, so the parse's depth is bounded by parameter expansion
 * (64 levels): bench/parse-stack.sh measured 27 kB at most on x86-64
 * with -O2 (46 kB with sanitizers), 12 kB for 32 nested includes.
 * test/preparse-stack.sh keeps a margin of 4. */
#define PREPARSE_STACK (256 * 1024)

struct preparse {
	struct event_base *base;
	char *path, *config_id;
	int fd;				/* inotify */
	struct event *ev, *settle;
	struct ev_mailbox *mb;		/* the worker's "done" */
	struct cfg_inputs *names;	/* what the last parse read: the names that matter */
	const struct cfg_inputs *loaded;	/* what the running config read (keeld's) */
	pthread_t worker;
	bool busy, again;
	bool retried;			/* the parse after this change was repeated once */
	struct preparse_result *done;	/* the worker's, read after the join */
	struct preparse_result *held;
};

struct preparse_result *preparse_run(const char *path, const char *config_id, bool waited_for)
{
	struct preparse_result *r = calloc(1, sizeof(*r));
	/* ahead of a SIGHUP nobody waits: one thread leaves the other CPUs
	 * to the running daemon, and keeps the config's records in one heap
	 * (a config read in parts lies in the heaps of two threads, which the
	 * lab's bench saw leave more memory resident after many reloads) */
	struct cfg_load_opts lo = { .config_id = config_id, .host_checks = true,
				    .parts = waited_for ? 0 : 1 };

	if (!r || !(r->diag = cfg_diag_new())) {
		free(r);
		return NULL;
	}
	r->inputs = cfg_inputs_new();	/* NULL: no record, never reused */
	lo.inputs = r->inputs;
	r->cfg = cfg_load(path, &lo, r->diag);
	return r;
}

void preparse_result_free(struct preparse_result *r)
{
	if (!r)
		return;
	cfg_free(r->cfg);
	cfg_diag_free(r->diag);
	cfg_inputs_free(r->inputs);
	free(r);
}

static ev_mailbox_fn on_done;

static void *work(void *arg)
{
	struct preparse *pp = arg;

	pp->done = preparse_run(pp->path, pp->config_id, false);
	if (ev_mailbox_post(pp->mb, on_done, pp, "", 1) < 0)
		log_warnx("config pre-parse: cannot report back (out of memory)");
	return NULL;
}

static void start(struct preparse *pp)
{
	/* signals stay with the main loop */
	int rc = thread_spawn(&pp->worker, PREPARSE_STACK, "keel-preparse", work, pp);

	if (rc != 0) {
		log_warnx("config pre-parse: cannot start a thread: %s", strerror(rc));
		return;
	}
	pp->busy = true;
	pp->again = false;
}

/* Whether the files are still what the running config read: a parse of
 * them would only hold a second copy of it (a reload parsed them already). */
static bool as_loaded(const struct preparse *pp)
{
	struct cfg_inputs *now = pp->loaded ? cfg_inputs_probe(pp->loaded) : NULL;
	const char *why;
	bool same = cfg_inputs_same(pp->loaded, now, &why);

	cfg_inputs_free(now);
	return same;
}

static void on_settled(evutil_socket_t fd, short what, void *arg)
{
	struct preparse *pp = arg;

	if (pp->busy)
		pp->again = true;
	else if (as_loaded(pp))
		log_debug("config pre-parse: the files are as the running config read them");
	else
		start(pp);
}

static void changed(struct preparse *pp)
{
	struct timeval tv = { 0, SETTLE_MS * 1000 };

	evtimer_add(pp->settle, &tv);	/* from the last change on */
}

static void on_done(void *ctx, const void *data)
{
	struct preparse *pp = ctx;

	pthread_join(pp->worker, NULL);
	pp->busy = false;
	preparse_result_free(pp->held);
	pp->held = pp->done;
	pp->done = NULL;
	if (pp->held && cfg_inputs_equal(pp->held->inputs, pp->loaded)) {
		log_debug("config pre-parse: the same files as the running config's: dropped");
		preparse_result_free(pp->held);
		pp->held = NULL;
	} else if (pp->held && pp->held->inputs) {
		preparse_watch(pp, pp->held->inputs);
		/* a file stamped just before the parse: parse again once it is
		 * older; once per change (a file stamped in the future stays so) */
		if (cfg_inputs_racy(pp->held->inputs) && !pp->retried)
			pp->again = pp->retried = true;
		log_debug("config pre-parse: %s, %u errors, %u warnings", pp->held->cfg ? "valid" : "invalid",
			  cfg_diag_errors(pp->held->diag), cfg_diag_warnings(pp->held->diag));
	}
	if (pp->again)
		changed(pp);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Whether a change to the entry name (in some watched directory) can
 * change the parse: a file read by name or one an include pattern may
 * match. Without a record every change counts. */
static bool matters(const struct preparse *pp, const char *name)
{
	const struct cfg_inputs *in = pp->names;

	if (!in)
		return true;
	for (size_t i = 0; i < in->nfiles; i++)
		if (strcmp(base_name(in->files[i].path), name) == 0)
			return true;
	for (size_t i = 0; i < in->nglobs; i++)
		if (fnmatch(base_name(in->globs[i].pattern), name, FNM_PERIOD) == 0)
			return true;
	return false;
}

static void on_inotify(evutil_socket_t fd, short what, void *arg)
{
	struct preparse *pp = arg;
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool any = false;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *e = (const struct inotify_event *)p;

			/* no name: the watched file itself, or a lost queue */
			any |= e->len == 0 ? !(e->mask & IN_IGNORED) : matters(pp, e->name);
			p += sizeof(*e) + e->len;
		}
	}
	if (any) {
		pp->retried = false;
		changed(pp);
	}
}

/* The directory part of path, or NULL when it has glob characters (such a
 * directory cannot be watched; SIGHUP then parses). */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *d;

	if (!slash)
		return strdup(".");
	d = slash == path ? strdup("/") : strndup(path, (size_t)(slash - path));
	if (d && strpbrk(d, "*?[\\")) {
		free(d);
		return NULL;
	}
	return d;
}

static void watch(struct preparse *pp, const char *path, uint32_t mask)
{
	if (path && inotify_add_watch(pp->fd, path, mask) < 0 && errno != ENOENT)
		log_debug("config pre-parse: cannot watch %s: %s", path, strerror(errno));
}

void preparse_loaded(struct preparse *pp, const struct cfg_inputs *in)
{
	if (!pp)
		return;
	pp->loaded = in;
	preparse_watch(pp, in);
}

void preparse_watch(struct preparse *pp, const struct cfg_inputs *in)
{
	/* A directory's watch sees names come and go; writes to the files
	 * are their own watches' to see. Writes there would wake the loop
	 * for every line a log or a capture beside the config gets (a file
	 * changed before its watch exists is caught by preparse_take). */
	const uint32_t dir_mask = IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
				  IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
	const uint32_t file_mask = IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF;
	struct cfg_inputs *names;

	if (!pp || !in)
		return;
	for (size_t i = 0; i < in->nfiles + in->nglobs; i++) {
		const char *p = i < in->nfiles ? in->files[i].path : in->globs[i - in->nfiles].pattern;
		char *d = dir_of(p);

		watch(pp, d, dir_mask);
		free(d);
		/* the file itself too: it may be a link into a directory not watched */
		if (i < in->nfiles)
			watch(pp, p, file_mask);
	}
	/* keep the names to filter events with: a probe of the same inputs */
	names = cfg_inputs_probe(in);
	if (names) {
		cfg_inputs_free(pp->names);
		pp->names = names;
	}
}

struct preparse_result *preparse_take(struct preparse *pp, const char **why)
{
	struct preparse_result *r = pp->held;
	struct cfg_inputs *now;

	pp->held = NULL;
	if (!r) {
		*why = pp->busy ? "the pre-parse is still running" : "no pre-parse held";
		return NULL;
	}
	now = r->inputs ? cfg_inputs_probe(r->inputs) : NULL;
	if (!cfg_inputs_same(r->inputs, now, why)) {
		preparse_result_free(r);
		r = NULL;
	}
	cfg_inputs_free(now);
	return r;
}

struct preparse *preparse_new(struct event_base *base, const char *path, const char *config_id)
{
	struct preparse *pp = calloc(1, sizeof(*pp));

	if (!pp)
		goto fail;
	pp->base = base;
	pp->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	pp->path = strdup(path);
	pp->config_id = config_id ? strdup(config_id) : NULL;
	if (pp->fd < 0 || !pp->path || (config_id && !pp->config_id))
		goto fail;
	pp->ev = event_new(base, pp->fd, EV_READ | EV_PERSIST, on_inotify, pp);
	pp->settle = evtimer_new(base, on_settled, pp);
	pp->mb = ev_mailbox_new(base);
	if (!pp->ev || !pp->settle || !pp->mb || event_add(pp->ev, NULL) < 0)
		goto fail;
	ev_mailbox_adopt(pp->mb);
	return pp;
fail:
	log_warnx("config pre-parse: cannot set up (%s): every reload parses",
		  pp && pp->fd < 0 ? strerror(errno) : "out of memory");
	preparse_free(pp);
	return NULL;
}

void preparse_free(struct preparse *pp)
{
	if (!pp)
		return;
	if (pp->busy) {
		pthread_join(pp->worker, NULL);
		preparse_result_free(pp->done);
	}
	ev_mailbox_free(pp->mb);	/* after the join: no post can come */
	if (pp->ev)
		event_free(pp->ev);
	if (pp->settle)
		event_free(pp->settle);
	if (pp->fd >= 0)
		close(pp->fd);
	preparse_result_free(pp->held);
	cfg_inputs_free(pp->names);
	free(pp->path);
	free(pp->config_id);
	free(pp);
}
