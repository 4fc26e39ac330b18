// SPDX-License-Identifier: GPL-2.0-or-later
#ifndef KEEL_CHECKER_NICE_H
#define KEEL_CHECKER_NICE_H

#include <stdbool.h>

#include "cfg.h"

/* How much nicer than keeld started the main thread runs by default when
 * the same keeld runs VRRP instances: an advert late by a few ms is a
 * failover margin lost, a health check late by a few ms is nothing, and
 * with equal weights the checks' busy thread keeps the VRRP thread
 * waiting for the CPU (bench/vrrp-100.sh). */
#define CHECKER_NICE_SHARED 10

/* The nice of keeld's main thread (health checks, IPVS, control socket):
 * keepalived's checker_priority when set, else start + CHECKER_NICE_SHARED
 * (at most 19) when the same keeld runs VRRP instances and checks, else
 * start (the nice keeld was started with). */
int checker_nice_want(const struct cfg_global *g, int start, bool vrrp, bool checks);

/* Sets the calling thread's nice to want unless *now already is; *now
 * follows. 0, or -1 (logged; *now unchanged). */
int checker_nice_follow(int *now, int want);

#endif
