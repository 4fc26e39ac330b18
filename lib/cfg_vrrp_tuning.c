// SPDX-License-Identifier: GPL-2.0-or-later
/* The timings of struct cfg_vrrp_tuning (gratuitous ARP bursts and
 * refreshes, garp_extra_if, down_timer_adverts, lower_prio_no_advert,
 * higher_prio_send_advert), read alike in vrrp_instance and, with the
 * vrrp_ prefix, in global_defs; an instance's unset ones then come from
 * global_defs, else keepalived's defaults. */
#include "config.h"

#include <string.h>

#include "cfg_vrrp.h"

void cfg_vrrp_tuning_unset(struct cfg_vrrp_tuning *t)
{
	*t = (struct cfg_vrrp_tuning){
		.garp_master_delay = -1, .garp_master_refresh = -1, .garp_lower_prio_delay = -1,
		.garp_master_repeat = -1, .garp_master_refresh_repeat = -1,
		.garp_lower_prio_repeat = -1, .down_timer_adverts = -1,
		.lower_prio_no_advert = -1, .higher_prio_send_advert = -1,
		.garp_extra_if = -1, .garp_extra_if_all = -1,
	};
}

/* garp_extra_if [all] N: N whole seconds, up to a day (keepalived.conf(5)) */
static int tuning_extra_if(struct cfg_parser *p, const struct cfg_stmt *st,
			   struct cfg_vrrp_tuning *t)
{
	bool all = st->argc == 3;
	uint64_t v;

	if (all && strcmp(st->argv[1], "all") != 0) {
		cfg_err(p, st, 1, "'%s': expected 'all' or a number of seconds", st->argv[1]);
		return -1;
	}
	if (cfg_arg_uint(p, st, all ? 2 : 1, 0, 86400, &v) < 0)
		return -1;
	t->garp_extra_if = (int64_t)v * 1000000;
	t->garp_extra_if_all = all;
	return 0;
}

int cfg_vrrp_tuning_kw(struct cfg_parser *p, const struct cfg_stmt *st, const char *name,
		       struct cfg_vrrp_tuning *t)
{
	static const struct {
		const char *kw;
		size_t off;
		int kind;	/* 0: time (us), 1: count (int16_t), 2: bool, 3: count (int8_t) */
		uint64_t min, max;
	} map[] = {
		{ "garp_master_delay", offsetof(struct cfg_vrrp_tuning, garp_master_delay), 0, 0, 1000000000 },
		{ "garp_master_refresh", offsetof(struct cfg_vrrp_tuning, garp_master_refresh), 0, 0, 1000000000 },
		{ "garp_lower_prio_delay", offsetof(struct cfg_vrrp_tuning, garp_lower_prio_delay), 0, 0, 1000000000 },
		{ "garp_master_repeat", offsetof(struct cfg_vrrp_tuning, garp_master_repeat), 1, 1, 255 },
		{ "garp_master_refresh_repeat", offsetof(struct cfg_vrrp_tuning, garp_master_refresh_repeat), 1, 1, 255 },
		{ "garp_lower_prio_repeat", offsetof(struct cfg_vrrp_tuning, garp_lower_prio_repeat), 1, 0, 255 },
		{ "down_timer_adverts", offsetof(struct cfg_vrrp_tuning, down_timer_adverts), 3, 1, 100 },
		{ "lower_prio_no_advert", offsetof(struct cfg_vrrp_tuning, lower_prio_no_advert), 2, 0, 1 },
		{ "higher_prio_send_advert", offsetof(struct cfg_vrrp_tuning, higher_prio_send_advert), 2, 0, 1 },
	};
	char *field = (char *)t;
	uint64_t v;
	bool b;

	if (strcmp(name, "garp_extra_if") == 0)
		return tuning_extra_if(p, st, t);
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (strcmp(map[i].kw, name) != 0)
			continue;
		switch (map[i].kind) {
		case 0:
			if (cfg_arg_timer(p, st, 1, &v) < 0)
				return -1;
			if (v > map[i].max) {
				cfg_err(p, st, 1, "'%s': %s must be at most 1000 s", st->argv[1], st->argv[0]);
				return -1;
			}
			*(int64_t *)(field + map[i].off) = (int64_t)v;
			return 0;
		case 1:
		case 3:
			if (cfg_arg_uint(p, st, 1, map[i].min, map[i].max, &v) < 0)
				return -1;
			if (map[i].kind == 3)
				*(int8_t *)(field + map[i].off) = (int8_t)v;
			else
				*(int16_t *)(field + map[i].off) = (int16_t)v;
			return 0;
		default:
			if (cfg_arg_bool(p, st, 1, &b) < 0)
				return -1;
			*(int8_t *)(field + map[i].off) = b;
			return 0;
		}
	}
	return -1;
}

static int64_t pick(int64_t own, int64_t global, int64_t fallback)
{
	return own >= 0 ? own : global >= 0 ? global : fallback;
}

void cfg_vrrp_tuning_resolve(struct cfg_vrrp_tuning *t, const struct cfg_global *g)
{
	const struct cfg_vrrp_tuning *d = &g->vrrp_tune;
	/* vrrp_min_garp: one GARP/NA at the transition and no second burst */
	bool min = g->vrrp_min_garp;

	t->garp_master_delay = pick(t->garp_master_delay, d->garp_master_delay, min ? 0 : 5000000);
	t->garp_master_repeat = (int16_t)pick(t->garp_master_repeat, d->garp_master_repeat, min ? 1 : 5);
	t->garp_master_refresh = pick(t->garp_master_refresh, d->garp_master_refresh, 0);
	t->garp_master_refresh_repeat =
		(int16_t)pick(t->garp_master_refresh_repeat, d->garp_master_refresh_repeat, 1);
	/* keepalived.conf(5): the lower priority burst defaults to the master's */
	t->garp_lower_prio_delay = pick(t->garp_lower_prio_delay, d->garp_lower_prio_delay,
					t->garp_master_delay);
	t->garp_lower_prio_repeat = (int16_t)pick(t->garp_lower_prio_repeat, d->garp_lower_prio_repeat,
						  t->garp_master_repeat);
	t->down_timer_adverts = (int8_t)pick(t->down_timer_adverts, d->down_timer_adverts, 3);
	t->lower_prio_no_advert = (int8_t)pick(t->lower_prio_no_advert, d->lower_prio_no_advert, 0);
	t->higher_prio_send_advert =
		(int8_t)pick(t->higher_prio_send_advert, d->higher_prio_send_advert, 0);
	/* the instance's line, both of its parts, or else the global one */
	if (t->garp_extra_if < 0) {
		t->garp_extra_if = d->garp_extra_if;
		t->garp_extra_if_all = d->garp_extra_if_all;
	}
	t->garp_extra_if = pick(t->garp_extra_if, -1, 0);
	t->garp_extra_if_all = (int8_t)(t->garp_extra_if_all > 0);
}
