// SPDX-License-Identifier: GPL-2.0-or-later
/* Script children for checkers and notifications (see chk_exec.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cfg_reader.h"
#include "chk_exec.h"
#include "log.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif

struct run_as {
	bool drop;
	uid_t uid;
	gid_t gid;
};

/* keepalived's order: the script's own user, global script_user, then
 * keepalived_script when that user exists, else keeld's own. The _r
 * lookups: VRRP's thread runs notify scripts beside the checks' loop. */
static int pick_user(const struct cfg_script *s, const struct cfg_global *g, struct run_as *ra,
		     const char **why)
{
	const char *user = s->user ? s->user : g ? g->script_user : NULL;
	const char *group = s->user ? s->group : g ? g->script_group : NULL;
	struct passwd pwb, *pw = NULL;
	struct group grb, *gr = NULL;
	char buf[4096];

	*ra = (struct run_as){ .uid = geteuid(), .gid = getegid() };
	getpwnam_r(user ? user : "keepalived_script", &pwb, buf, sizeof(buf), &pw);
	if (!pw) {
		if (!user)
			return 0;
		*why = "unknown script user";
		return -ENOENT;
	}
	if (geteuid() != 0)
		return 0;	/* only root can change user: run as keeld's own */
	ra->drop = true;
	ra->uid = pw->pw_uid;
	ra->gid = pw->pw_gid;
	if (group) {
		getgrnam_r(group, &grb, buf, sizeof(buf), &gr);
		if (!gr) {
			*why = "unknown script group";
			return -ENOENT;
		}
		ra->gid = gr->gr_gid;
	}
	return 0;
}

/* The file and every directory above it: owned by root, not writable by
 * group or others (sticky directories aside). */
static bool path_secure(const char *file)
{
	char path[4096];
	struct stat st;

	if (file[0] != '/' || strlen(file) >= sizeof(path))
		return false;
	strcpy(path, file);
	for (;;) {
		if (stat(path, &st) < 0 || st.st_uid != 0)
			return false;
		if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(S_ISDIR(st.st_mode) && (st.st_mode & S_ISVTX)))
			return false;
		char *slash = strrchr(path, '/');
		if (!slash || slash == path)
			break;
		*slash = '\0';
	}
	return stat("/", &st) == 0 && st.st_uid == 0 && !(st.st_mode & (S_IWGRP | S_IWOTH));
}

/* Runs with every signal blocked (see chk_exec_spawn): keeld's handlers
 * (libevent's write to a socketpair it shares with keeld) must not run in
 * the child, or a SIGTERM meant for the script would stop keeld. */
static void child(char **argv, const struct run_as *ra)
{
	sigset_t none;
	int fd;

	setpgid(0, 0);
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
	}
	syscall(SYS_close_range, 3u, ~0u, 0u);
	if (ra->drop && (setgroups(1, &ra->gid) < 0 || setgid(ra->gid) < 0 || setuid(ra->uid) < 0))
		_exit(127);
	execvp(argv[0], argv);
	_exit(127);
}

/* s's words (*words, to free), then extra (NULL-ended, may be NULL): an
 * array to free as well when it is not *words; NULL when empty. */
static char **script_argv(const struct cfg_script *s, const char *const *extra, char ***words)
{
	size_t argc = 0, nx = 0;
	char **argv;

	*words = s->cmd ? cfg_split_args(s->cmd, strlen(s->cmd), &argc) : NULL;
	if (!*words || argc == 0 || !extra)
		return argc ? *words : NULL;
	while (extra[nx])
		nx++;
	argv = calloc(argc + nx + 1, sizeof(*argv));
	if (!argv)
		return NULL;
	memcpy(argv, *words, argc * sizeof(*argv));
	memcpy(argv + argc, extra, nx * sizeof(*argv));
	return argv;
}

static void free_argv(char **argv, char **words)
{
	if (argv != words)
		free(argv);
	free(words);
}

static pid_t spawn(const struct cfg_script *s, const struct cfg_global *g,
		   const char *const *extra, int *pidfd, const char **why)
{
	struct run_as ra;
	sigset_t all, mask;
	char **argv, **words;
	pid_t pid;
	int rc;

	*why = NULL;
	if ((rc = pick_user(s, g, &ra, why)) < 0)
		return rc;
	argv = script_argv(s, extra, &words);
	if (!argv) {
		free(words);
		*why = "empty script";
		return -EINVAL;
	}
	if (g && g->enable_script_security && ra.uid == 0 && !path_secure(argv[0])) {
		free_argv(argv, words);
		*why = "script path writable by a non-root user (enable_script_security)";
		return -EPERM;
	}
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &mask);
	pid = fork();
	rc = -errno;
	if (pid == 0)
		child(argv, &ra);
	sigprocmask(SIG_SETMASK, &mask, NULL);
	free_argv(argv, words);
	if (pid < 0) {
		*why = "fork failed";
		return rc;
	}
	*pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (*pidfd < 0) {
		rc = -errno;
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		*why = "pidfd_open failed";
		return rc;
	}
	return pid;
}

pid_t chk_exec_spawn(const struct cfg_script *s, const struct cfg_global *g, int *pidfd,
		     const char **why)
{
	return spawn(s, g, NULL, pidfd, why);
}

/* Notify scripts: reaped from the loop, nobody waits for their result. */
struct notify_child {
	pid_t pid;
	int fd;
	struct event_base *base;
	struct event *ev;
	struct notify_child *next;
};

/* one list for both loops (checks' and VRRP's): each frees its own */
static struct notify_child *notifies;
static pthread_mutex_t notifies_mu = PTHREAD_MUTEX_INITIALIZER;

static void notify_unlink(struct notify_child *n)
{
	pthread_mutex_lock(&notifies_mu);
	for (struct notify_child **pp = &notifies; *pp; pp = &(*pp)->next) {
		if (*pp == n) {
			*pp = n->next;
			break;
		}
	}
	pthread_mutex_unlock(&notifies_mu);
}

static void notify_free(struct notify_child *n)
{
	notify_unlink(n);
	event_free(n->ev);
	close(n->fd);
	free(n);
}

static void on_notify_exit(evutil_socket_t fd, short what, void *arg)
{
	struct notify_child *n = arg;
	int st;

	(void)fd, (void)what;
	if (waitpid(n->pid, &st, WNOHANG) == 0)
		return;
	notify_free(n);
}

void chk_exec_notify(struct event_base *base, const struct cfg_script *s, const struct cfg_global *g)
{
	chk_exec_notify_args(base, s, g, NULL);
}

pid_t chk_exec_notify_args(struct event_base *base, const struct cfg_script *s,
			   const struct cfg_global *g, const char *const *extra)
{
	struct notify_child *n;
	const char *why;
	int fd = -1;
	pid_t pid;

	if (!s->cmd)
		return -1;
	pid = spawn(s, g, extra, &fd, &why);
	if (pid < 0) {
		log_warnx("script '%s' not run: %s (%s)", s->cmd, why, strerror((int)-pid));
		return -1;
	}
	n = calloc(1, sizeof(*n));
	if (n)
		n->ev = event_new(base, fd, EV_READ | EV_PERSIST, on_notify_exit, n);
	if (!n || !n->ev || event_add(n->ev, NULL) < 0) {
		log_warnx("script '%s': cannot watch it; it is left to init", s->cmd);
		if (n && n->ev)
			event_free(n->ev);
		free(n);
		close(fd);
		return pid;
	}
	n->pid = pid;
	n->fd = fd;
	n->base = base;
	pthread_mutex_lock(&notifies_mu);
	n->next = notifies;
	notifies = n;
	pthread_mutex_unlock(&notifies_mu);
	return pid;
}

int chk_exec_notify_signal(pid_t pid, int sig)
{
	int rc = -1;

	pthread_mutex_lock(&notifies_mu);
	for (struct notify_child *n = notifies; n; n = n->next)
		if (n->pid == pid) {
			rc = kill(pid, sig);
			break;
		}
	pthread_mutex_unlock(&notifies_mu);
	return rc;
}

/* The first child of base's still listed. */
static struct notify_child *notify_of(const struct event_base *base)
{
	struct notify_child *n;

	pthread_mutex_lock(&notifies_mu);
	for (n = notifies; n && n->base != base; n = n->next)
		;
	pthread_mutex_unlock(&notifies_mu);
	return n;
}

void chk_exec_forget(const struct event_base *base)
{
	struct notify_child *n;

	while ((n = notify_of(base)))
		notify_free(n);
}


/* --- one watched child at a time */

struct chk_exec_run {
	struct event_base *base;
	chk_exec_done_fn *done;
	void *arg;
	pid_t pid;		/* 0: no child */
	int fd;			/* its pidfd */
	struct event *exit_ev, *kill_ev;
	bool reporting;		/* done() is wanted for this child */
};

static void signal_group(pid_t pid, int sig)
{
	if (kill(-pid, sig) < 0)
		kill(pid, sig);
}

static void run_release(struct chk_exec_run *r)
{
	if (r->exit_ev)
		event_free(r->exit_ev);
	if (r->pid > 0)
		close(r->fd);
	evtimer_del(r->kill_ev);
	r->exit_ev = NULL;
	r->pid = 0;
	r->fd = -1;
}

static void on_run_exit(evutil_socket_t fd, short what, void *arg)
{
	struct chk_exec_run *r = arg;
	bool reporting = r->reporting;
	int st = 0;
	pid_t p;

	(void)fd, (void)what;
	while ((p = waitpid(r->pid, &st, WNOHANG)) < 0 && errno == EINTR)
		;
	if (p == 0)
		return;
	run_release(r);
	r->reporting = false;
	if (reporting)
		r->done(r->arg, p < 0 ? -1 : st);
}

static void on_run_kill(evutil_socket_t fd, short what, void *arg)
{
	struct chk_exec_run *r = arg;

	(void)fd, (void)what;
	if (r->pid > 0)
		signal_group(r->pid, SIGKILL);
}

struct chk_exec_run *chk_exec_run_new(struct event_base *base, chk_exec_done_fn *done, void *arg)
{
	struct chk_exec_run *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	*r = (struct chk_exec_run){ .base = base, .done = done, .arg = arg, .fd = -1 };
	r->kill_ev = evtimer_new(base, on_run_kill, r);
	if (!r->kill_ev) {
		free(r);
		return NULL;
	}
	return r;
}

int chk_exec_run_start(struct chk_exec_run *r, const struct cfg_script *s,
		       const struct cfg_global *g, const char **why)
{
	pid_t pid;
	int fd;

	if (r->pid > 0) {	/* a stopped run that ignores SIGTERM */
		signal_group(r->pid, SIGKILL);
		*why = "previous run still alive";
		return -EBUSY;
	}
	pid = chk_exec_spawn(s, g, &fd, why);
	if (pid < 0)
		return (int)pid;
	r->pid = pid;
	r->fd = fd;
	r->exit_ev = event_new(r->base, fd, EV_READ | EV_PERSIST, on_run_exit, r);
	if (!r->exit_ev || event_add(r->exit_ev, NULL) < 0) {
		signal_group(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		run_release(r);
		*why = "cannot watch the script";
		return -ENOMEM;
	}
	r->reporting = true;
	return 0;
}

void chk_exec_run_stop(struct chk_exec_run *r)
{
	struct timeval grace = { .tv_sec = CHK_EXEC_KILL_GRACE_S };

	r->reporting = false;
	if (r->pid <= 0)
		return;
	signal_group(r->pid, SIGTERM);
	evtimer_add(r->kill_ev, &grace);
}

/* At stop or reload: the child was sent SIGKILL, so the wait is short. */
void chk_exec_run_free(struct chk_exec_run *r)
{
	if (!r)
		return;
	if (r->pid > 0) {
		signal_group(r->pid, SIGKILL);
		waitpid(r->pid, NULL, 0);
	}
	run_release(r);
	event_free(r->kill_ev);
	free(r);
}
