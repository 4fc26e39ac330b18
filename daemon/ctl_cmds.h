// SPDX-License-Identifier: GPL-2.0-or-later
/* The control socket's commands: one table, one handler each. */
#ifndef KEEL_CTL_CMDS_H
#define KEEL_CTL_CMDS_H

#include "ctl_server.h"

/* arg is the struct keeld. */
ctl_dispatch_fn ctl_dispatch;

#endif
