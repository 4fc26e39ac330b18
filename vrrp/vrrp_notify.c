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

static void run(const char *cmd, const char *kind, const char *name, const char *state,
		const char *prio)
{
	pid_t pid = fork();

	if (pid < 0) {
		log_warn("vrrp: fork for notify script");
		return;
	}
	if (pid == 0) {
		if (fork() == 0) {
			setsid();
			if (kind)
				execl("/bin/sh", "sh", "-c", "exec $0 \"$@\"", cmd, kind, name,
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

/* An instance's and a group's notify_* scripts, in state order. */
static const struct cfg_script *state_script(const struct cfg_script *const by_state[4],
					     enum vrrp_state s)
{
	switch (s) {
	case VRRP_STATE_MASTER:
		return by_state[0];
	case VRRP_STATE_BACKUP:
		return by_state[1];
	case VRRP_STATE_FAULT:
		return by_state[2];
	case VRRP_STATE_STOP:
		return by_state[3];
	default:
		return NULL;
	}
}

static void notify(const struct cfg_script *const by_state[4], const struct cfg_script *any,
		   const char *kind, const char *name, enum vrrp_state s, uint8_t prio)
{
	const struct cfg_script *own = state_script(by_state, s);
	char p[8];

	snprintf(p, sizeof(p), "%u", prio);
	if (own && own->cmd)
		run(own->cmd, NULL, NULL, NULL, NULL);
	if (any->cmd)
		run(any->cmd, kind, name, vrrp_state_name(s), p);
}

void vrrp_notify(const struct vrrp_inst *i, enum vrrp_state s, uint8_t prio)
{
	const struct cfg_vrrp *c = i->c;
	const struct cfg_script *const by_state[4] = { &c->notify_master, &c->notify_backup,
						       &c->notify_fault, &c->notify_stop };

	notify(by_state, &c->notify, "INSTANCE", c->name, s, prio);
}

/* A group has no priority of its own: its notify script gets 0. */
void vrrp_notify_group(const struct cfg_sync_group *g, enum vrrp_state s)
{
	const struct cfg_script *const by_state[4] = { &g->notify_master, &g->notify_backup,
						       &g->notify_fault, &g->notify_stop };

	notify(by_state, &g->notify, "GROUP", g->name, s, 0);
}
