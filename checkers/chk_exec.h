// SPDX-License-Identifier: GPL-2.0-or-later
/* Scripts for checkers and notifications: fork and exec as the configured
 * user, never waited on in the loop (each child comes with a pidfd). */
#ifndef KEEL_CHK_EXEC_H
#define KEEL_CHK_EXEC_H

#include <event2/event.h>
#include <sys/types.h>

#include "cfg.h"

/* Starts s (split like keepalived: quotes and escapes) as s's user, else
 * global script_user, else keepalived_script when it exists, else keeld's
 * own user; in its own process group, stdin/stdout/stderr on /dev/null.
 * With enable_script_security a script that would run as root and whose
 * path is writable by another user is refused. Returns the pid with
 * *pidfd set (readable when the child exits), or -errno; *why then says
 * what failed. */
pid_t chk_exec_spawn(const struct cfg_script *s, const struct cfg_global *g, int *pidfd,
		     const char **why);

/* One script child at a time, its exit watched from the loop: the shared
 * runner of MISC_CHECK and vrrp_script. */
struct chk_exec_run;
/* status: as waitpid gives it, or -1 when the child was reaped elsewhere */
typedef void chk_exec_done_fn(void *arg, int status);

struct chk_exec_run *chk_exec_run_new(struct event_base *base, chk_exec_done_fn *done, void *arg);
/* Starts s (see chk_exec_spawn); done() is called once it exits. 0, or
 * -errno with *why set; -EBUSY when a stopped child is still there (it is
 * then sent SIGKILL). */
int chk_exec_run_start(struct chk_exec_run *r, const struct cfg_script *s,
		       const struct cfg_global *g, const char **why);
/* The running child's process group gets SIGTERM, and SIGKILL if it is
 * still there CHK_EXEC_KILL_GRACE_S later; done() is not called for it. */
void chk_exec_run_stop(struct chk_exec_run *r);
/* Kills (SIGKILL) and reaps a child still there, then frees. NULL is fine. */
void chk_exec_run_free(struct chk_exec_run *r);

#define CHK_EXEC_KILL_GRACE_S 2

/* Fire and forget: runs s and reaps it from the loop. Children still
 * running when their loop ends are not killed: chk_exec_forget() lets
 * them go. */
void chk_exec_notify(struct event_base *base, const struct cfg_script *s, const struct cfg_global *g);
/* The same with extra arguments after s's own (NULL-ended), as VRRP's
 * "notify" gets INSTANCE|GROUP, the name, the state and the priority.
 * Returns the child's pid, or -1 when it did not start (logged). */
pid_t chk_exec_notify_args(struct event_base *base, const struct cfg_script *s,
			   const struct cfg_global *g, const char *const *extra);
/* Signals a child started by chk_exec_notify* that has not been reaped
 * yet (so its pid is still its own); 0, or -1 when it is gone. */
int chk_exec_notify_signal(pid_t pid, int sig);
/* Forgets (frees the watch of) the children base's loop watches: call it
 * on that loop's thread before freeing base. */
void chk_exec_forget(const struct event_base *base);

#endif
