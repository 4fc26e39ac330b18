// SPDX-License-Identifier: GPL-2.0-or-later
/* MISC_CHECK: runs misc_path as its user; exit 0 is up, anything else down.
 * With misc_dynamic, 2..255 is up with weight status - 2. The engine's
 * timeout for this kind is misc_timeout: the script's process group then
 * gets SIGTERM, and SIGKILL if it is still there a grace period later. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chk.h"
#include "chk_exec.h"
#include "chk_funnel.h"

#define KILL_GRACE_S 2

struct misc_run {
	pid_t pid;		/* 0: no child */
	int fd;			/* its pidfd */
	struct event *exit_ev, *kill_ev;
	bool reporting;		/* the engine waits for this run's result */
	char reason[48];
};

static void signal_group(pid_t pid, int sig)
{
	if (kill(-pid, sig) < 0)
		kill(pid, sig);
}

static void release(struct misc_run *m)
{
	if (m->exit_ev)
		event_free(m->exit_ev);
	if (m->kill_ev)
		event_free(m->kill_ev);
	if (m->pid > 0)
		close(m->fd);
	m->exit_ev = m->kill_ev = NULL;
	m->pid = 0;
	m->fd = -1;
}

static void report(struct chk *c, int st)
{
	struct misc_run *m = c->priv;
	bool ok;
	int w = -1;

	if (!WIFEXITED(st)) {
		snprintf(m->reason, sizeof(m->reason), "killed by signal %d", WTERMSIG(st));
		chk_probe_done(c, false, m->reason, -1);
		return;
	}
	int code = WEXITSTATUS(st);
	ok = code == 0;
	if (c->conf->misc->misc_dynamic) {
		w = chk_misc_status_weight(code);
		ok = w != -2;
		w = w >= 0 ? w : -1;
	}
	snprintf(m->reason, sizeof(m->reason), "exit status %d", code);
	chk_probe_done(c, ok, m->reason, w);
}

static void on_exit_ev(evutil_socket_t fd, short what, void *arg)
{
	struct chk *c = arg;
	struct misc_run *m = c->priv;
	bool reporting = m->reporting;
	int st = 0;
	pid_t r;

	(void)fd, (void)what;
	while ((r = waitpid(m->pid, &st, WNOHANG)) < 0 && errno == EINTR)
		;
	if (r == 0)
		return;
	release(m);
	m->reporting = false;
	if (reporting && r < 0)		/* reaped by someone else: no status */
		chk_probe_done(c, false, "script status lost", -1);
	else if (reporting)
		report(c, st);
}

static void on_kill(evutil_socket_t fd, short what, void *arg)
{
	struct misc_run *m = arg;

	(void)fd, (void)what;
	if (m->pid > 0)
		signal_group(m->pid, SIGKILL);
}

static int misc_start(struct chk *c)
{
	struct misc_run *m = c->priv;
	const char *why;
	int fd;
	pid_t pid;

	if (m->pid > 0) {	/* a cancelled run that ignores SIGTERM */
		signal_group(m->pid, SIGKILL);
		chk_probe_done(c, false, "previous run still alive", -1);
		return 0;
	}
	pid = chk_exec_spawn(&c->conf->misc->misc, c->global, &fd, &why);
	if (pid < 0) {
		chk_probe_done(c, false, why, -1);
		return 0;
	}
	m->pid = pid;
	m->fd = fd;
	m->exit_ev = event_new(c->base, fd, EV_READ | EV_PERSIST, on_exit_ev, c);
	m->kill_ev = evtimer_new(c->base, on_kill, m);
	if (!m->exit_ev || !m->kill_ev || event_add(m->exit_ev, NULL) < 0) {
		signal_group(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		release(m);
		return -ENOMEM;
	}
	m->reporting = true;
	return 0;
}

static void misc_cancel(struct chk *c)
{
	struct misc_run *m = c->priv;
	struct timeval grace = { .tv_sec = KILL_GRACE_S };

	m->reporting = false;
	if (m->pid <= 0)
		return;
	signal_group(m->pid, SIGTERM);
	evtimer_add(m->kill_ev, &grace);
}

static int misc_init(struct chk *c)
{
	struct misc_run *m = c->priv;

	m->fd = -1;
	return 0;
}

/* At stop or reload: the child goes now; it was sent SIGKILL, so the wait is short. */
static void misc_fini(struct chk *c)
{
	struct misc_run *m = c->priv;

	if (m->pid > 0) {
		signal_group(m->pid, SIGKILL);
		waitpid(m->pid, NULL, 0);
	}
	release(m);
}

const struct checker_ops chk_misc_ops = {
	.kind = CFG_CHECK_MISC,
	.priv_size = sizeof(struct misc_run),
	.init = misc_init,
	.fini = misc_fini,
	.start = misc_start,
	.cancel = misc_cancel,
};
