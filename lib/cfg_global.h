// SPDX-License-Identifier: GPL-2.0-or-later
/* global_defs: its block table, defaults and cleanup. */
#ifndef KEEL_CFG_GLOBAL_H
#define KEEL_CFG_GLOBAL_H

#include "cfg_block.h"

extern const struct cfg_block cfg_global_block;
void cfg_global_defaults(struct cfg_global *g);
void cfg_global_free(struct cfg_global *g);

#endif
