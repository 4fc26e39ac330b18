// SPDX-License-Identifier: GPL-2.0-or-later
/* A thread's CPUs and real-time scheduling, following the config: the VRRP
 * thread's (vrrp_*) and the main thread's (checker_*). Each call acts on
 * the calling thread only.
 *
 * What keeld's threads hand on: a real-time thread is switched with
 * SCHED_RESET_ON_FORK, so the workers the main thread starts later (config
 * preparse, IPVS reads) and every script run normal-priority, as a parse
 * of a big config at SCHED_RR would starve the loop and run into
 * RLIMIT_RTTIME. The CPUs are handed on: workers do the main thread's
 * work and keep to checker_cpu_affinity's CPUs; scripts keep to the CPUs
 * of the thread that started them, as in keepalived's processes. */
#ifndef KEEL_THREAD_SCHED_H
#define KEEL_THREAD_SCHED_H

#include <sched.h>
#include <stdint.h>

#include "cfg.h"

struct thread_sched {
	const char *who;		/* the log lines' "VRRP" or "checks" */
	const char *kw;			/* the keywords' "vrrp" or "checker" */
	cpu_set_t start, now;		/* CPUs: before any config, and now */
	int rt_priority;		/* now; 0: SCHED_OTHER */
	uint32_t rttime_us;
};

/* On the thread, before it follows any config: the CPUs it runs on now
 * are the ones it goes back to when the config names none. */
void thread_sched_init(struct thread_sched *s, const char *who, const char *kw);

/* The CPUs a thread should run on: want's, or start's when want is empty. */
void thread_sched_cpus_want(const struct cfg_cpus *want, const cpu_set_t *start, cpu_set_t *out);

/* The calling thread on want's CPUs (or its start set). Failures are
 * logged and leave the thread where it was. */
void thread_sched_cpus(struct thread_sched *s, const struct cfg_cpus *want);

/* The calling thread at SCHED_RR prio (0: SCHED_OTHER), the process's
 * RLIMIT_RTTIME at rttime_us (cfg_rttime_us) first. */
void thread_sched_rt(struct thread_sched *s, int prio, uint32_t rttime_us);

/* Names the calling thread (ps -L, top -H; the main thread's is the
 * process's: ps, pidof), cut to the kernel's 15 characters. */
void thread_sched_name(const char *name);

#endif
