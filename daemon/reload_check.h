// SPDX-License-Identifier: GPL-2.0-or-later
/* reload_check_config LOG_FILE: each reload's check, as keepalived 2.2.7
 * leaves it (seen in a namespace): the file holds that check's messages
 * only, empty when there were none, readable by its owner alone. */
#ifndef KEEL_RELOAD_CHECK_H
#define KEEL_RELOAD_CHECK_H

#include "cfg_diag.h"

/* Replaces path's content with d's messages, one a line. 0, or -errno
 * (logged). */
int reload_check_write(const char *path, const struct cfg_diag *d);

#endif
