// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "cfg_proc.h"
#include "log.h"
#include "thread_sched.h"

/* Netlink answers in the sender's context, so a burst of transitions
 * (100 instances adding VIPs at start) runs long without blocking: the
 * soft limit warns, only this one kills. */
#define RTTIME_KILL_US (5u * 1000000u)

void thread_sched_init(struct thread_sched *s, const char *who, const char *kw)
{
	*s = (struct thread_sched){ .who = who, .kw = kw };
	if (pthread_getaffinity_np(pthread_self(), sizeof(s->start), &s->start) != 0)
		CPU_ZERO(&s->start);	/* unknown: nothing to go back to */
	s->now = s->start;
}

void thread_sched_cpus_want(const struct cfg_cpus *want, const cpu_set_t *start, cpu_set_t *out)
{
	if (cfg_cpus_empty(want)) {
		*out = *start;
		return;
	}
	CPU_ZERO(out);
	for (unsigned c = 0; c < CFG_CPUS_MAX && c < CPU_SETSIZE; c++)
		if (cfg_cpus_has(want, c))
			CPU_SET(c, out);
}

static void cpus_text(const cpu_set_t *set, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int c = 0; c < CPU_SETSIZE && n < len; c++)
		if (CPU_ISSET(c, set))
			n += (size_t)snprintf(buf + n, len - n, "%s%d", n ? " " : "", c);
}

void thread_sched_cpus(struct thread_sched *s, const struct cfg_cpus *want)
{
	cpu_set_t set;
	char text[64];

	thread_sched_cpus_want(want, &s->start, &set);
	if (CPU_COUNT(&set) == 0 || CPU_EQUAL(&set, &s->now))
		return;
	cpus_text(&set, text, sizeof(text));
	errno = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	if (errno) {
		log_warn("%s: cannot run on CPUs %s (%s_cpu_affinity)", s->who, text, s->kw);
		return;
	}
	s->now = set;
	log_info("%s: on CPUs %s", s->who, text);
}

void thread_sched_rt(struct thread_sched *s, int prio, uint32_t rttime_us)
{
	struct sched_param sp = { .sched_priority = prio };
	struct rlimit rl = { rttime_us, rttime_us > RTTIME_KILL_US ? rttime_us : RTTIME_KILL_US };
	int policy = prio ? SCHED_RR | SCHED_RESET_ON_FORK : SCHED_OTHER;

	if (prio == s->rt_priority && (!prio || rttime_us == s->rttime_us))
		return;
	/* the limit first: past it the kernel sends SIGXCPU (keeld logs it);
	 * a real-time loop that has not blocked for seconds is broken, and
	 * the kernel kills keeld so that the peer takes over */
	if (prio && setrlimit(RLIMIT_RTTIME, &rl) < 0) {
		log_warn("%s: cannot set %s_rlimit_rttime; no real-time scheduling", s->who, s->kw);
		return;
	}
	/* Linux: 0 is the calling thread, not the whole process */
	if (sched_setscheduler(0, policy, &sp) < 0) {
		log_warn("%s: cannot set %s_rt_priority %d", s->who, s->kw, prio);
		return;
	}
	s->rt_priority = prio;
	s->rttime_us = rttime_us;
	if (prio)
		log_info("%s: real-time priority %d (SCHED_RR), at most %u us without blocking",
			 s->who, prio, rttime_us);
}

void thread_sched_name(const char *name)
{
	char comm[16];

	snprintf(comm, sizeof(comm), "%s", name);
	if (prctl(PR_SET_NAME, comm, 0, 0, 0) < 0)
		log_warn("cannot name a thread %s", comm);
}
