// SPDX-License-Identifier: GPL-2.0-or-later
/* Real servers an operator drained at run time (keelctl drain): they stay
 * in IPVS at weight 0, so their established flows go on and no new one
 * comes, whatever the checks say, until undrained. Named by address and
 * port ("10.0.0.2:80", "[2001:db8::2]:51820") or address alone (every
 * port), across all virtual servers; kept over reloads, not restarts.
 * Pure: a set and its decisions. */
#ifndef KEEL_DRAINS_H
#define KEEL_DRAINS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cfg.h"

struct drain {
	struct cfg_ip addr;
	uint16_t port;			/* 0: every port */
};

struct drains {
	struct drain *v;
	size_t n;
};

/* "ADDR", "ADDR:PORT", "[V6]" or "[V6]:PORT" into *out; 0, or -1. */
int drain_parse(const char *s, struct drain *out);
/* "10.0.0.2:80", "[2001:db8::2]", ... */
void drain_format(const struct drain *d, char *buf, size_t len);

/* 1 when added, 0 when already there, -1 out of memory. */
int drains_add(struct drains *ds, const struct drain *d);
/* 1 when removed, 0 when it was not there. */
int drains_del(struct drains *ds, const struct drain *d);
/* Whether real server rs (as the config has it) is drained. */
bool drains_match(const struct drains *ds, const struct cfg_rs *rs);
/* How many real servers of cfg d names. */
size_t drains_count_in(const struct config *cfg, const struct drain *d);
void drains_free(struct drains *ds);

#endif
