// SPDX-License-Identifier: GPL-2.0-or-later
/* Whole-config checks that need every block read: duplicates, references
 * between blocks, and defaults that depend on global_defs. */
#ifndef KEEL_CFG_VALIDATE_H
#define KEEL_CFG_VALIDATE_H

#include "cfg_block.h"

void cfg_validate(struct cfg_parser *p, struct config *cfg);

#endif
