// SPDX-License-Identifier: GPL-2.0-or-later
/* interface_up_down_delays { IFNAME DOWN [UP] ... } (cfg_ifdelay.c). */
#ifndef KEEL_CFG_IFDELAY_H
#define KEEL_CFG_IFDELAY_H

#include "cfg_block.h"

extern const struct cfg_block cfg_if_delays_block;
void *cfg_if_delays_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st);
/* The interface's delays, or NULL: its changes count at once. */
const struct cfg_if_delay *cfg_if_delay_of(const struct config *cfg, const char *ifname);
void cfg_if_delays_free(struct config *cfg);

#endif
