// SPDX-License-Identifier: GPL-2.0-or-later
/* FILE_CHECK: the value in the file of the track_file block it names
 * (chk_file_eval() says what it means). The file is re-read at every
 * probe, each delay_loop, and at once when it changes: an inotify watch on
 * its directory (through libevent) asks the engine for a probe when the
 * file is written, moved or deleted. The directory, not the file, is
 * watched so that a file replaced by rename, or created later, is seen;
 * without the watch (no inotify, no directory) delay_loop still applies. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "chk.h"
#include "chk_file.h"
#include "log.h"

#define WATCH_MASK (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE)

struct file_watch {
	int fd;			/* inotify; -1 without */
	struct event *ev;
	const char *base;	/* the file's name in its directory */
};

static void on_inotify(evutil_socket_t fd, short what, void *arg)
{
	struct chk *c = arg;
	struct file_watch *w = c->priv;
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool ours = false;
	ssize_t n;

	(void)what;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		const struct inotify_event *ev;
		for (char *p = buf; p < buf + n; p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)p;
			ours |= (ev->mask & IN_Q_OVERFLOW) || (ev->len && strcmp(ev->name, w->base) == 0);
		}
	}
	if (ours)
		chk_probe_soon(c);
}

static int file_start(struct chk *c)
{
	const struct cfg_track_file *tf = c->conf->track->track_file;
	char text[128];
	ssize_t n = -1;
	long value;
	int fd = open(tf->file, O_RDONLY | O_NONBLOCK | O_CLOEXEC), weight;
	const char *why;

	if (fd >= 0) {
		n = read(fd, text, sizeof(text) - 1);
		close(fd);
	}
	text[n > 0 ? n : 0] = '\0';
	if (!chk_file_value(text, &value)) {
		chk_probe_done(c, false, "value out of range", -1);
		return 0;
	}
	bool own = c->conf->track->file_weight != 0;
	bool ok = chk_file_eval(value, own ? c->conf->track->file_weight : tf->weight,
				own ? c->conf->track->file_reverse : tf->weight_reverse, c->conf->track->dynamic, c->rs->weight,
				&weight, &why);
	chk_probe_done(c, ok, why, weight);
	return 0;
}

static void file_fini(struct chk *c)
{
	struct file_watch *w = c->priv;

	if (w->ev)
		event_free(w->ev);
	if (w->fd >= 0)
		close(w->fd);
	w->ev = NULL;
	w->fd = -1;
}

static int file_init(struct chk *c)
{
	struct file_watch *w = c->priv;
	const char *path = c->conf->track->track_file ? c->conf->track->track_file->file : NULL;
	const char *slash = path ? strrchr(path, '/') : NULL;
	char dir[PATH_MAX];

	w->fd = -1;
	if (!path)
		return -EINVAL;	/* validation links every FILE_CHECK */
	w->base = slash ? slash + 1 : path;
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) + (slash == path) : 1, slash ? path : ".");
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd >= 0)
		w->ev = event_new(c->env->base, w->fd, EV_READ | EV_PERSIST, on_inotify, c);
	if (!w->ev || inotify_add_watch(w->fd, dir, WATCH_MASK) < 0 || event_add(w->ev, NULL) < 0) {
		log_warn("FILE_CHECK %s: cannot watch %s, reading it each delay_loop only", path, dir);
		file_fini(c);
	}
	return 0;
}

/* A probe reads the file and reports before start() returns: nothing runs. */
static void file_cancel(struct chk *c)
{
	(void)c;
}

const struct checker_ops chk_file_ops = {
	.kind = CFG_CHECK_FILE,
	.priv_size = sizeof(struct file_watch),
	.init = file_init,
	.fini = file_fini,
	.start = file_start,
	.cancel = file_cancel,
};
