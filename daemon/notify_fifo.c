// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chk_exec.h"
#include "log.h"
#include "notify_fifo.h"

struct notify_fifo {
	char *path, *script;
	int fd;
	pid_t script_pid;		/* -1: none */
	unsigned long dropped;
};

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The FIFO's owner, when keeld creates it. */
static void chown_to(const char *path, const struct cfg_script *owner)
{
	struct passwd pwb, *pw = NULL;
	struct group grb, *gr = NULL;
	char buf[4096];
	uid_t uid = (uid_t)-1;
	gid_t gid = (gid_t)-1;

	if (owner->user && getpwnam_r(owner->user, &pwb, buf, sizeof(buf), &pw) == 0 && pw) {
		uid = pw->pw_uid;
		gid = pw->pw_gid;
	}
	if (owner->group && getgrnam_r(owner->group, &grb, buf, sizeof(buf), &gr) == 0 && gr)
		gid = gr->gr_gid;
	if ((owner->user && !pw) || (owner->group && !gr))
		log_warnx("notify FIFO %s: unknown owner %s%s%s", path, owner->user ? owner->user : "",
			  owner->group ? ":" : "", owner->group ? owner->group : "");
	if ((uid != (uid_t)-1 || gid != (gid_t)-1) && chown(path, uid, gid) < 0)
		log_warn("notify FIFO %s: chown", path);
}

static int fifo_fd(const char *path, const struct cfg_script *owner)
{
	struct stat st;
	int fd;

	if (mkfifo(path, 0600) == 0)
		chown_to(path, owner);
	else if (errno != EEXIST) {
		log_warn("notify FIFO %s: cannot create it", path);
		return -1;
	}
	/* read-write: open does not wait for a reader, and a missing reader
	 * is no error (the pipe fills, and lines are dropped) */
	fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		log_warn("notify FIFO %s: cannot open it", path);
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISFIFO(st.st_mode)) {
		log_warnx("notify FIFO %s: not a FIFO", path);
		close(fd);
		return -1;
	}
	return fd;
}

struct notify_fifo *notify_fifo_open(struct event_base *base, const struct cfg_fifo *f,
				     const struct cfg_global *g, bool run_script)
{
	struct notify_fifo *nf;
	const char *extra[2];

	if (!f->fifo.cmd)
		return NULL;
	nf = calloc(1, sizeof(*nf));
	if (nf)
		nf->fd = nf->script_pid = -1;
	if (!nf || !(nf->path = strdup(f->fifo.cmd)) ||
	    (f->script.cmd && !(nf->script = strdup(f->script.cmd)))) {
		log_warnx("notify FIFO %s: out of memory", f->fifo.cmd);
		notify_fifo_close(nf);
		return NULL;
	}
	nf->fd = fifo_fd(nf->path, &f->fifo);
	if (nf->fd < 0) {
		notify_fifo_close(nf);
		return NULL;
	}
	if (run_script && f->script.cmd) {
		extra[0] = nf->path;
		extra[1] = NULL;
		nf->script_pid = chk_exec_notify_args(base, &f->script, g, extra);
	}
	return nf;
}

bool notify_fifo_same(const struct notify_fifo *nf, const struct cfg_fifo *f)
{
	return nf && same_str(nf->path, f->fifo.cmd) && same_str(nf->script, f->script.cmd);
}

void notify_fifo_write(struct notify_fifo *nf, const char *line)
{
	char buf[512];
	size_t len;

	if (!nf)
		return;
	len = strlen(line);
	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, line, len);
	buf[len++] = '\n';
	if (write(nf->fd, buf, len) == (ssize_t)len)
		return;
	/* the pipe is full: nobody reads, or too slowly */
	if (nf->dropped++ % 100 == 0)
		log_warnx("notify FIFO %s: nobody reads it; %lu lines dropped", nf->path, nf->dropped);
}

void notify_fifo_close(struct notify_fifo *nf)
{
	if (!nf)
		return;
	/* as keepalived: the script is told to finish; it still reads what
	 * is in the FIFO, then sees its end once this last writer closes */
	if (nf->script_pid > 0)
		chk_exec_notify_signal(nf->script_pid, SIGTERM);
	if (nf->fd >= 0)
		close(nf->fd);
	free(nf->path);
	free(nf->script);
	free(nf);
}

void notify_fifo_follow(struct notify_fifo **nf, struct event_base *base, const struct cfg_fifo *f,
			const struct cfg_global *g, bool run_script)
{
	if (notify_fifo_same(*nf, f) || (!*nf && !f->fifo.cmd))
		return;
	notify_fifo_close(*nf);
	*nf = notify_fifo_open(base, f, g, run_script);
}
