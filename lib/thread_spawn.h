// SPDX-License-Identifier: GPL-2.0-or-later
/* Starting a worker thread: no event loop needed (config parts use it). */
#ifndef KEEL_THREAD_SPAWN_H
#define KEEL_THREAD_SPAWN_H

#include <pthread.h>
#include <stddef.h>

/* pthread_create with a stack of the given size rather than the libc's
 * default (glibc: RLIMIT_STACK, often 8 MB of address space; musl: 128 kB,
 * too little for some work), every signal blocked and the name set.
 * Returns 0 or an errno value. */
int thread_spawn(pthread_t *tid, size_t stack, const char *name, void *(*fn)(void *), void *arg);

#endif
