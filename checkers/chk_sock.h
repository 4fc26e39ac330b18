// SPDX-License-Identifier: GPL-2.0-or-later
/* Sockets as the checkers open them: non-blocking, close-on-exec, with the
 * check's fwmark, bind_if and bindto/bind_port applied. */
#ifndef KEEL_CHK_SOCK_H
#define KEEL_CHK_SOCK_H

#include "chk.h"

/* A socket of type/proto in the target's family; the fd or -errno. */
int chk_socket(const struct chk *c, int type, int proto);
/* chk_socket() then connect() to the target, or to `to` when not NULL:
 * the fd (connected, or connecting when *in_progress) or -errno. */
int chk_socket_connect(const struct chk *c, int type, int proto, const union chk_sa *to,
		       bool *in_progress);

#endif
