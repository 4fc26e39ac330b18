// SPDX-License-Identifier: GPL-2.0-or-later
/* bfd_instance blocks (cfg_bfd.c). */
#ifndef KEEL_CFG_BFD_H
#define KEEL_CFG_BFD_H

#include "cfg_block.h"

extern const struct cfg_block cfg_bfd_block;
void *cfg_bfd_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st);
void cfg_bfds_free(struct config *cfg);
/* track_bfd lines and BFD_CHECKs name a bfd_instance (cfg_validate). */
void cfg_bfd_check_names(struct cfg_parser *p, const struct config *cfg);

#endif
