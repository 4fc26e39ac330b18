// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "checker_nice.h"
#include "log.h"

int checker_nice_want(const struct cfg_global *g, int start)
{
	return g->checker_nice_set ? g->checker_nice : start;
}

int checker_nice_follow(int *now, int want)
{
	if (want == *now)
		return 0;
	/* Linux: a thread id names that thread alone, so the VRRP thread
	 * keeps its own nice (threads started later inherit this one) */
	if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), want) < 0) {
		log_warn("cannot set checker_priority %d", want);
		return -1;
	}
	*now = want;
	return 0;
}
