// SPDX-License-Identifier: GPL-2.0-or-later
/* interface_up_down_delays: how long an interface must stay down (or up)
 * before the VRRP instances using or tracking it see the change, so a
 * bouncing link does not flap them (keepalived.conf(5)):
 *   interface_up_down_delays { eth0 0.5 [0.2] }
 * Seconds to the microsecond, at most 255; the up delay is the down one
 * unless given. A second line for an interface replaces the first. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cfg_ifdelay.h"

#define IF_DELAY_MAX_US 255000000ull

static int delay_arg(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, uint64_t *us)
{
	if (cfg_arg_timer(p, st, i, us) < 0)
		return -1;
	if (*us > IF_DELAY_MAX_US) {
		cfg_err(p, st, i, "'%s': an interface delay must be at most 255 seconds", st->argv[i]);
		return -1;
	}
	return 0;
}

static int delay_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct config *cfg = obj;
	struct cfg_if_delay d = { 0 }, *slot;

	if (st->argc < 2 || st->argc > 3) {
		cfg_err(p, st, 0, "'%s': expected an interface, a down delay and an optional up delay",
			st->argv[0]);
		return -1;
	}
	if (delay_arg(p, st, 1, &d.down_us) < 0)
		return -1;
	d.up_us = d.down_us;
	if (st->argc == 3 && delay_arg(p, st, 2, &d.up_us) < 0)
		return -1;
	slot = (struct cfg_if_delay *)cfg_if_delay_of(cfg, st->argv[0]);
	if (slot) {
		slot->down_us = d.down_us;
		slot->up_us = d.up_us;
		return 0;
	}
	slot = cfg_push(p, &cfg->if_delays, &cfg->nif_delays, sizeof(*slot));
	if (!slot)
		return -1;
	*slot = d;
	if (cfg_arg_str(p, st, 0, &slot->ifname) < 0) {
		cfg->nif_delays--;
		return -1;
	}
	return 0;
}

const struct cfg_block cfg_if_delays_block = { "interface_up_down_delays", NULL, 0, delay_line,
					       NULL };

void *cfg_if_delays_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	(void)p, (void)st;
	return obj;	/* the lines go into the config itself */
}

const struct cfg_if_delay *cfg_if_delay_of(const struct config *cfg, const char *ifname)
{
	for (size_t k = 0; k < cfg->nif_delays; k++)
		if (strcmp(cfg->if_delays[k].ifname, ifname) == 0)
			return &cfg->if_delays[k];
	return NULL;
}

void cfg_if_delays_free(struct config *cfg)
{
	for (size_t k = 0; k < cfg->nif_delays; k++)
		free(cfg->if_delays[k].ifname);
	free(cfg->if_delays);
	cfg->if_delays = NULL;
	cfg->nif_delays = 0;
}
