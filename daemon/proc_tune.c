// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "cfg_proc.h"
#include "log.h"
#include "proc_tune.h"

void proc_tune_init(struct proc_tune *t)
{
	*t = (struct proc_tune){ 0 };
	thread_sched_init(&t->main, "checks", "checker");
}

void proc_tune_umask(const struct cfg_global *g)
{
	umask((mode_t)cfg_umask(g));
}

/* vrrp_no_swap or checker_no_swap: both threads share the memory, so
 * either locks it all, including what keeld maps later */
static void memlock_follow(struct proc_tune *t, bool want)
{
	struct rlimit rl;

	if (want == t->locked)
		return;
	if (!want) {
		munlockall();
		t->locked = false;
		log_info("memory unlocked (no vrrp_no_swap, checker_no_swap)");
		return;
	}
	if (mlockall(MCL_CURRENT | MCL_FUTURE) < 0) {
		int err = errno;
		if (getrlimit(RLIMIT_MEMLOCK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
			log_warnx("cannot lock keeld's memory (vrrp_no_swap, checker_no_swap): %s; "
				  "RLIMIT_MEMLOCK is %llu kB", strerror(err),
				  (unsigned long long)rl.rlim_cur / 1024);
		else
			log_warnx("cannot lock keeld's memory (vrrp_no_swap, checker_no_swap): %s",
				  strerror(err));
		return;
	}
	t->locked = true;
	log_info("memory locked: keeld's pages stay in RAM (vrrp_no_swap, checker_no_swap)");
}

void proc_tune_follow(struct proc_tune *t, const struct cfg_global *g)
{
	proc_tune_umask(g);
	memlock_follow(t, g->no_swap);
	thread_sched_cpus(&t->main, &g->checker_cpus);
	thread_sched_rt(&t->main, g->checker_rt_priority, cfg_rttime_us(g));
}
