// SPDX-License-Identifier: GPL-2.0-or-later
/* Shared by the suites that start from a config text. */
#ifndef KEEL_UNIT_CFG_H
#define KEEL_UNIT_CFG_H

#include "cfg.h"

/* The model of text ("t.conf"); fails the test with the first diagnostic
 * when it does not load. */
struct config *unit_cfg_load(const char *text);
/* The model of text (NULL on errors), which must have given exactly the
 * one diagnostic msg (msg NULL: none at all). */
struct config *unit_cfg_load_saying(const char *text, const char *msg);
/* The same, loaded as keeld loads it: with the checks against this host
 * (cfg_load_opts' host_checks). */
struct config *unit_cfg_load_here_saying(const char *text, const char *msg);

#endif
