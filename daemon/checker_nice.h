// SPDX-License-Identifier: GPL-2.0-or-later
#ifndef KEEL_CHECKER_NICE_H
#define KEEL_CHECKER_NICE_H

#include <stdbool.h>

#include "cfg.h"

/* The nice of keeld's main thread (health checks, IPVS, control socket):
 * keepalived's checker_priority when set, else start (the nice keeld was
 * started with). No nicer default with VRRP in the same keeld: on the
 * saturated emulated lab (bench/vrrp-100.sh) +10 cut the checks completed
 * by about a quarter with no advert jitter gain the host noise let show. */
int checker_nice_want(const struct cfg_global *g, int start);

/* Sets the calling thread's nice to want unless *now already is; *now
 * follows. 0, or -1 (logged; *now unchanged). */
int checker_nice_follow(int *now, int want);

#endif
