// SPDX-License-Identifier: GPL-2.0-or-later
/* Block tables and helpers of the LVS part of the config (virtual servers,
 * real servers, groups, checkers), shared between its parser files. */
#ifndef KEEL_CFG_LVS_H
#define KEEL_CFG_LVS_H

#include "cfg_block.h"

extern const struct cfg_block cfg_vs_block, cfg_rs_block, cfg_vsg_block, cfg_check_block;

void *cfg_vs_open(struct cfg_parser *p, void *cfg, const struct cfg_stmt *st);
void *cfg_vsg_open(struct cfg_parser *p, void *cfg, const struct cfg_stmt *st);
void *cfg_check_open(struct cfg_parser *p, void *rs, const struct cfg_stmt *st);
/* retry, connect_timeout, delay_loop, delay_before_retry, warmup into t. */
int cfg_timing_stmt(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_timing *t);
/* Resolves a virtual server's defaults once its block is read. */
void cfg_vs_finish(struct cfg_parser *p, struct cfg_vs *vs, const struct cfg_loc *where);

void cfg_vs_free(struct cfg_vs *vs);
void cfg_rs_free(struct cfg_rs *rs);
void cfg_check_free(struct cfg_check *c);
void cfg_script_free(struct cfg_script *s);

#endif
