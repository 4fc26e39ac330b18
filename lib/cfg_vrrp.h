// SPDX-License-Identifier: GPL-2.0-or-later
/* Block tables of the VRRP part of the config. */
#ifndef KEEL_CFG_VRRP_H
#define KEEL_CFG_VRRP_H

#include "cfg_block.h"

extern const struct cfg_block cfg_vrrp_block, cfg_script_block, cfg_sync_block, cfg_track_file_block;

void *cfg_vrrp_open(struct cfg_parser *p, void *cfg, const struct cfg_stmt *st);
void *cfg_script_open(struct cfg_parser *p, void *cfg, const struct cfg_stmt *st);
void *cfg_sync_open(struct cfg_parser *p, void *cfg, const struct cfg_stmt *st);
void *cfg_track_file_open(struct cfg_parser *p, void *cfg, const struct cfg_stmt *st);
/* Resolves an instance's defaults once its block is read. */
void cfg_vrrp_finish(struct cfg_parser *p, struct cfg_vrrp *vr, const struct cfg_loc *where);

void cfg_vrrp_free(struct cfg_vrrp *vr);

#endif
