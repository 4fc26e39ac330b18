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

/* Fire and forget: runs s and reaps it from the loop. Children still
 * running are reaped (not killed) by chk_exec_forget_all() at exit. */
void chk_exec_notify(struct event_base *base, const struct cfg_script *s, const struct cfg_global *g);
void chk_exec_forget_all(void);

#endif
