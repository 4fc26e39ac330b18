// SPDX-License-Identifier: GPL-2.0-or-later
/* Strict mode (vrrp_strict, strict_mode): the RFC rules keepalived 2.2.7
 * enforces on a VRRP instance, as measured by running it. */
#ifndef KEEL_CFG_STRICT_H
#define KEEL_CFG_STRICT_H

#include "cfg_block.h"

/* Applies them to a strict instance whose version is resolved and whose
 * tuning is not yet: what keepalived refuses is an error, what it resets
 * a warning at its place and the value reset. */
void cfg_strict_apply(struct cfg_parser *p, struct cfg_vrrp *vr);

#endif
