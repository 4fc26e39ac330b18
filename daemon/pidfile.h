// SPDX-License-Identifier: GPL-2.0-or-later
/* A locked pid file: a second keeld with the same file refuses to start. */
#ifndef KEEL_PIDFILE_H
#define KEEL_PIDFILE_H

#include <stdbool.h>
#include <stddef.h>

/* Returns the open, locked fd (kept for the process's life) or -1 with
 * errno set; EWOULDBLOCK means another live process holds the file. */
int pidfile_create(const char *path);

/* The pid file's path, by keepalived's rules with keel's names: -p's
 * (given) as it is; else, with net_namespace, instance or use_pid_dir,
 * RUNDIR/keel[/NAMESPACE]/keeld[_INSTANCE].pid; else RUNDIR/keeld.pid.
 * 0, or -1 when it does not fit in len. */
int pidfile_path(const char *given, const char *rundir, const char *netns, const char *instance,
		 bool use_pid_dir, char *out, size_t len);
/* Makes the directories above path that are missing (0755); 0 or -1. */
int pidfile_mkdirs(const char *path);
void pidfile_remove(const char *path, int fd);

#endif
