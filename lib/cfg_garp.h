// SPDX-License-Identifier: GPL-2.0-or-later
/* garp_group blocks and the GARP/NA intervals (cfg_garp.c). */
#ifndef KEEL_CFG_GARP_H
#define KEEL_CFG_GARP_H

#include "cfg_block.h"

extern const struct cfg_block cfg_garp_group_block;
void *cfg_garp_group_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st);

/* "KEYWORD SECONDS" (decimal, at most 60) into *us; 0, or -1 reported. */
int cfg_garp_interval(struct cfg_parser *p, const struct cfg_stmt *st, uint64_t *us);

/* An interface in two groups is an error, at the second group. */
void cfg_garp_check(struct cfg_parser *p, const struct config *cfg);
void cfg_garp_groups_free(struct config *cfg);

#endif
