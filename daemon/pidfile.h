// SPDX-License-Identifier: GPL-2.0-or-later
/* A locked pid file: a second keeld with the same file refuses to start. */
#ifndef KEEL_PIDFILE_H
#define KEEL_PIDFILE_H

/* Returns the open, locked fd (kept for the process's life) or -1 with
 * errno set; EWOULDBLOCK means another live process holds the file. */
int pidfile_create(const char *path);
void pidfile_remove(const char *path, int fd);

#endif
