// SPDX-License-Identifier: GPL-2.0-or-later
/* startup_script and shutdown_script, waited for (see life_script.h). */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "chk_exec.h"
#include "life_script.h"
#include "log.h"

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* true once the child behind pidfd has exited, false after ms */
static bool exited_within(int pidfd, int64_t ms)
{
	int64_t deadline = now_ms() + ms;
	struct pollfd pfd = { .fd = pidfd, .events = POLLIN };

	for (;;) {
		int64_t left = deadline - now_ms();
		int n = poll(&pfd, 1, left > 0 ? (int)left : 0);

		if (n > 0)
			return true;
		if ((n == 0 && left <= 0) || (n < 0 && errno != EINTR))
			return false;
	}
}

static void signal_group(pid_t pid, int sig)
{
	if (kill(-pid, sig) < 0)
		kill(pid, sig);
}

static void log_result(const char *name, const char *cmd, const struct life_script_result *r,
		       unsigned timeout_s)
{
	if (r->end == LIFE_SCRIPT_TIMED_OUT)
		log_warnx("%s '%s' timed out after %u s: killed", name, cmd, timeout_s);
	else if (WIFEXITED(r->status) && WEXITSTATUS(r->status) == 0)
		log_info("%s '%s' succeeded", name, cmd);
	else if (WIFEXITED(r->status))
		log_warnx("%s '%s' failed, exit status %d", name, cmd, WEXITSTATUS(r->status));
	else
		log_warnx("%s '%s' failed, killed by signal %d", name, cmd, WTERMSIG(r->status));
}

struct life_script_result life_script_run(const char *name, const struct cfg_script *s,
					  const struct cfg_global *g, unsigned timeout_s)
{
	struct life_script_result r = { LIFE_SCRIPT_NONE, 0 };
	const char *why;
	int pidfd;
	pid_t pid;

	if (!s->cmd)
		return r;
	log_info("running %s '%s' (timeout %u s)", name, s->cmd, timeout_s);
	pid = chk_exec_spawn(s, g, &pidfd, &why);
	if (pid < 0) {
		log_warnx("%s '%s' not run: %s (%s)", name, s->cmd, why, strerror((int)-pid));
		r.end = LIFE_SCRIPT_NOT_RUN;
		return r;
	}
	r.end = LIFE_SCRIPT_EXITED;
	if (!exited_within(pidfd, (int64_t)timeout_s * 1000)) {
		r.end = LIFE_SCRIPT_TIMED_OUT;
		signal_group(pid, SIGTERM);
		if (!exited_within(pidfd, CHK_EXEC_KILL_GRACE_S * 1000))
			signal_group(pid, SIGKILL);
	}
	while (waitpid(pid, &r.status, 0) < 0 && errno == EINTR)
		;
	close(pidfd);
	log_result(name, s->cmd, &r, timeout_s);
	return r;
}
