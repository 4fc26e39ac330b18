// SPDX-License-Identifier: GPL-2.0-or-later
/* The top-level SSL block: its table and cleanup. */
#ifndef KEEL_CFG_SSL_H
#define KEEL_CFG_SSL_H

#include "cfg_block.h"

extern const struct cfg_block cfg_ssl_block;
void *cfg_ssl_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st);
void cfg_ssl_free(struct cfg_ssl *s);

#endif
