// SPDX-License-Identifier: GPL-2.0-or-later
/* systemd's readiness protocol: one datagram to $NOTIFY_SOCKET. */
#ifndef KEEL_SDNOTIFY_H
#define KEEL_SDNOTIFY_H

/* Sends state ("READY=1", "RELOADING=1", "STOPPING=1", "STATUS=..."). Without
 * $NOTIFY_SOCKET it does nothing and returns 0; -1 with errno on failure. */
int sd_notify_state(const char *state);

#endif
