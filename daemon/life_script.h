// SPDX-License-Identifier: GPL-2.0-or-later
/* global_defs startup_script and shutdown_script. keepalived runs the
 * first before it starts anything and the second once everything has
 * stopped, and waits for each: there is no loop running to watch them
 * from, and what follows may depend on what they did (firewall marks,
 * iptables chains). The wait is bounded by the script's timeout. */
#ifndef KEEL_LIFE_SCRIPT_H
#define KEEL_LIFE_SCRIPT_H

#include "cfg.h"

enum life_script_end {
	LIFE_SCRIPT_NONE,	/* no script configured */
	LIFE_SCRIPT_NOT_RUN,	/* it could not start (logged) */
	LIFE_SCRIPT_EXITED,	/* status says how */
	LIFE_SCRIPT_TIMED_OUT,	/* killed after its timeout */
};

struct life_script_result {
	enum life_script_end end;
	int status;		/* as waitpid gives it, with LIFE_SCRIPT_EXITED */
};

/* Runs s as chk_exec_spawn does (its user, script security) and waits for
 * it at most timeout_s seconds; then its process group gets SIGTERM and,
 * if still there CHK_EXEC_KILL_GRACE_S later, SIGKILL, as keepalived
 * does. name ("startup_script") labels the one log line of the outcome. */
struct life_script_result life_script_run(const char *name, const struct cfg_script *s,
					  const struct cfg_global *g, unsigned timeout_s);

#endif
