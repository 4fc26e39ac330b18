// SPDX-License-Identifier: GPL-2.0-or-later
/* The process and its main thread as global_defs tunes them: keepalived
 * sets these per process; keeld is one process, so the process-wide ones
 * (umask, no_swap) hold for VRRP and the checks alike, and the checker_*
 * scheduling is the main thread's (the VRRP thread follows its own,
 * vrrp_thread.c). */
#ifndef KEEL_PROC_TUNE_H
#define KEEL_PROC_TUNE_H

#include <stdbool.h>

#include "cfg.h"
#include "thread_sched.h"

struct proc_tune {
	struct thread_sched main;	/* the main thread's CPUs and SCHED_RR */
	bool locked;			/* mlockall in force */
};

/* On the main thread before any thread starts: the CPUs to go back to. */
void proc_tune_init(struct proc_tune *t);

/* umask from global_defs (keepalived's 022 when unset). Before keeld
 * creates its first file, the pid file; again on every reload. */
void proc_tune_umask(const struct cfg_global *g);

/* The main thread's checker_cpu_affinity, checker_rt_priority and
 * checker_rlimit_rttime, the process's memory lock and umask. On the
 * main thread, after the daemon's fork (locks do not pass a fork).
 * Failures are logged; keeld runs on untuned. */
void proc_tune_follow(struct proc_tune *t, const struct cfg_global *g);

#endif
