// SPDX-License-Identifier: GPL-2.0-or-later
/* Notify scripts, run as keepalived.conf(5) describes: the state's own
 * script (notify_master, notify_backup, notify_fault, notify_stop) with
 * no arguments, then "notify" with INSTANCE, the name, the state and the
 * priority. Each runs under /bin/sh -c in a grandchild, so the loop never
 * waits for it: the child in between exits at once and is reaped here.
 * The user/group of a script is not applied yet. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "vrrp_run_int.h"

static void run(const char *cmd, const char *name, const char *state, const char *prio)
{
	pid_t pid = fork();

	if (pid < 0) {
		log_warn("vrrp: fork for notify script");
		return;
	}
	if (pid == 0) {
		if (fork() == 0) {
			setsid();
			if (name)
				execl("/bin/sh", "sh", "-c", "exec $0 \"$@\"", cmd, "INSTANCE", name,
				      state, prio, (char *)NULL);
			else
				execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
			_exit(127);
		}
		_exit(0);
	}
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

static const struct cfg_script *state_script(const struct cfg_vrrp *c, enum vrrp_state s)
{
	switch (s) {
	case VRRP_STATE_MASTER:
		return &c->notify_master;
	case VRRP_STATE_BACKUP:
		return &c->notify_backup;
	case VRRP_STATE_FAULT:
		return &c->notify_fault;
	case VRRP_STATE_STOP:
		return &c->notify_stop;
	default:
		return NULL;
	}
}

void vrrp_notify(const struct vrrp_inst *i, enum vrrp_state s, uint8_t prio)
{
	const struct cfg_script *own = state_script(i->c, s);
	char p[8];

	snprintf(p, sizeof(p), "%u", prio);
	if (own && own->cmd)
		run(own->cmd, NULL, NULL, NULL);
	if (i->c->notify.cmd)
		run(i->c->notify.cmd, i->c->name, vrrp_state_name(s), p);
}
