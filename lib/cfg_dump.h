// SPDX-License-Identifier: GPL-2.0-or-later
/* The normalised model as JSON (keeld -t --dump): stable key order, every
 * default filled in, so tests and tools can diff it. */
#ifndef KEEL_CFG_DUMP_H
#define KEEL_CFG_DUMP_H

#include "cfg.h"
#include "json.h"

void cfg_dump(const struct config *cfg, struct json_writer *w);

#endif
