// SPDX-License-Identifier: GPL-2.0-or-later
/* Block tables of the VRRP part of the config: vrrp_instance (cfg_vrrp.c),
 * vrrp_sync_group (cfg_sync_group.c), vrrp_script, vrrp_track_file and
 * vrrp_track_process (cfg_track_defs.c). */
#ifndef KEEL_CFG_VRRP_H
#define KEEL_CFG_VRRP_H

#include "cfg_block.h"

extern const struct cfg_block cfg_vrrp_block, cfg_script_block, cfg_sync_block, cfg_track_file_block,
	cfg_track_process_block;

void *cfg_vrrp_open(struct cfg_parser *p, void *cfg, const struct cfg_stmt *st);
void *cfg_script_open(struct cfg_parser *p, void *cfg, const struct cfg_stmt *st);
void *cfg_sync_open(struct cfg_parser *p, void *cfg, const struct cfg_stmt *st);
void *cfg_track_file_open(struct cfg_parser *p, void *cfg, const struct cfg_stmt *st);
void *cfg_track_process_open(struct cfg_parser *p, void *cfg, const struct cfg_stmt *st);
/* Resolves an instance's defaults once its block is read. */
void cfg_vrrp_finish(struct cfg_parser *p, struct cfg_vrrp *vr, const struct cfg_loc *where);

void cfg_vrrp_free(struct cfg_vrrp *vr);

/* One virtual_ipaddress line appended to *list (static_ipaddress reads
 * the same lines): 0, or -1 (reported, nothing appended). */
int cfg_vip_line(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_vip **list, size_t *n);

/* A receive buffer size in bytes (kernel_rx_buf_size, vrrp_rx_bufs_policy
 * NUMBER): 1 byte to CFG_RX_BUF_MAX (cfg.h). */
int cfg_rx_buf_size(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, uint32_t *out);

/* The timings of struct cfg_vrrp_tuning (cfg_vrrp_tuning.c): all unset;
 * one keyword (name without global_defs' vrrp_ prefix) read into t, 0 or
 * -1 (reported); and (pure) t's unset fields from global_defs, then
 * keepalived's defaults. */
void cfg_vrrp_tuning_unset(struct cfg_vrrp_tuning *t);
int cfg_vrrp_tuning_kw(struct cfg_parser *p, const struct cfg_stmt *st, const char *name,
		       struct cfg_vrrp_tuning *t);
void cfg_vrrp_tuning_resolve(struct cfg_vrrp_tuning *t, const struct cfg_global *g);

#endif
