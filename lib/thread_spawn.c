// SPDX-License-Identifier: GPL-2.0-or-later
/* Starting a worker thread the way every keel thread starts (thread_spawn.h). */
#include "config.h"

#include <pthread.h>
#include <signal.h>

#include "thread_spawn.h"

int thread_spawn(pthread_t *tid, size_t stack, const char *name, void *(*fn)(void *), void *arg)
{
	sigset_t all, old;
	pthread_attr_t attr;
	int rc = pthread_attr_init(&attr);

	if (rc != 0)
		return rc;
	rc = pthread_attr_setstacksize(&attr, stack);
	if (rc == 0) {
		sigfillset(&all);
		pthread_sigmask(SIG_SETMASK, &all, &old);	/* the thread inherits it */
		rc = pthread_create(tid, &attr, fn, arg);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	}
	pthread_attr_destroy(&attr);
	if (rc == 0)
		pthread_setname_np(*tid, name);
	return rc;
}
