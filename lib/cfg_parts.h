// SPDX-License-Identifier: GPL-2.0-or-later
/* The top level of a configuration read in parts at once (cfg_parts.c). */
#ifndef KEEL_CFG_PARTS_H
#define KEEL_CFG_PARTS_H

#include "cfg_block.h"

/* Reads p's input into cfg with top as the top-level table, as
 * cfg_parse_block(p, top, cfg, NULL) would, using p->opts' parts; vs is
 * top's virtual_server keyword, the one a part reads. */
void cfg_parts_read(struct cfg_parser *p, const struct cfg_block *top, const struct cfg_kw *vs,
		    struct config *cfg);

#endif
