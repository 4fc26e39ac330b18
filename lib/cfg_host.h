// SPDX-License-Identifier: GPL-2.0-or-later
/* The config's interface names looked up on this host (cfg_load_opts'
 * host_checks): warnings only, at the place of each name. */
#ifndef KEEL_CFG_HOST_H
#define KEEL_CFG_HOST_H

#include "cfg.h"

struct cfg_parser;

void cfg_host_check(struct cfg_parser *p, const struct config *cfg);

#endif
