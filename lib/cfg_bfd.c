// SPDX-License-Identifier: GPL-2.0-or-later
/* bfd_instance NAME { neighbor_ip|neighbour_ip IP; source_ip IP;
 * min_rx MS; min_tx MS; idle_tx MS; multiplier N; passive; ttl N;
 * hoplimit N; max_hops N; weight N [reverse]; vrrp; checker } with the
 * defaults and ranges of keepalived.conf(5) and keepalived 2.2.7's checks
 * (seen with keepalived -t): intervals in milliseconds with microsecond
 * resolution, min_rx/min_tx 1..4294967 (10), idle_tx 1000..4294967
 * (1000), multiplier 1..255 (5), ttl/hoplimit 1..255 (255 for IPv4, 64
 * for IPv6), max_hops -1..255 (0; above the ttl it is cut to the ttl),
 * weight -253..253; a name of at most 31 characters, each name and each
 * neighbor once. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cfg_bfd.h"
#include "cfg_diag.h"

/* "12", "3.312": milliseconds to microseconds, 1 ms .. 4294967 ms */
static int arg_ms(struct cfg_parser *p, const struct cfg_stmt *st, uint32_t min_ms, uint32_t *us)
{
	const char *s = st->argv[1], *c = s;
	uint64_t whole = 0, frac = 0, scale = 1000;

	for (; *c >= '0' && *c <= '9' && whole <= 4294967; c++)
		whole = whole * 10 + (uint64_t)(*c - '0');
	if (c == s)
		goto bad;
	if (*c == '.')
		for (c++; *c >= '0' && *c <= '9'; c++)
			if (scale > 1) {
				scale /= 10;
				frac += (uint64_t)(*c - '0') * scale;
			}
	if (*c)
		goto bad;
	if (whole * 1000 + frac < (uint64_t)min_ms * 1000 || whole * 1000 + frac > 4294967000u)
		goto bad;
	*us = (uint32_t)(whole * 1000 + frac);
	return 0;
bad:
	cfg_err(p, st, 1, "'%s': %s must be in %u..4294967 milliseconds", s, st->argv[0], min_ms);
	return -1;
}

static int bfd_weight(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_bfd *b)
{
	int64_t w;

	if (cfg_arg_int(p, st, 1, -253, 253, &w) < 0)
		return -1;
	if (st->argc > 2 && strcmp(st->argv[2], "reverse") != 0) {
		cfg_err(p, st, 2, "'%s': expected reverse", st->argv[2]);
		return -1;
	}
	b->weight = (int)w;
	b->weight_reverse = st->argc > 2;
	return 0;
}

static int bfd_kw(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_bfd *b = obj;
	const char *k = st->argv[0];
	int64_t v;

	if (strcmp(k, "neighbor_ip") == 0 || strcmp(k, "neighbour_ip") == 0)
		return cfg_arg_ip(p, st, 1, &b->neighbor);
	if (strcmp(k, "source_ip") == 0)
		return cfg_arg_ip(p, st, 1, &b->source);
	if (strcmp(k, "min_rx") == 0)
		return arg_ms(p, st, 1, &b->min_rx_us);
	if (strcmp(k, "min_tx") == 0)
		return arg_ms(p, st, 1, &b->min_tx_us);
	if (strcmp(k, "idle_tx") == 0)
		return arg_ms(p, st, 1000, &b->idle_tx_us);
	if (strcmp(k, "passive") == 0)
		return b->passive = true, 0;
	if (strcmp(k, "vrrp") == 0)
		return b->to_vrrp = true, 0;
	if (strcmp(k, "checker") == 0)
		return b->to_checker = true, 0;
	if (strcmp(k, "weight") == 0)
		return bfd_weight(p, st, b);
	if (strcmp(k, "max_hops") == 0) {
		if (cfg_arg_int(p, st, 1, -1, 255, &v) < 0)
			return -1;
		b->max_hops = (int16_t)v;
		return 0;
	}
	if (cfg_arg_int(p, st, 1, 1, 255, &v) < 0)	/* multiplier, ttl, hoplimit */
		return -1;
	if (k[0] == 'm')
		b->mult = (uint8_t)v;
	else
		b->ttl = (uint8_t)v;
	return 0;
}

static const struct cfg_kw bfd_kws[] = {
	{ "checker", 0, 0, bfd_kw, NULL, NULL, NULL },
	{ "hoplimit", 1, 1, bfd_kw, NULL, NULL, NULL },
	{ "idle_tx", 1, 1, bfd_kw, NULL, NULL, NULL },
	{ "max_hops", 1, 1, bfd_kw, NULL, NULL, NULL },
	{ "min_rx", 1, 1, bfd_kw, NULL, NULL, NULL },
	{ "min_tx", 1, 1, bfd_kw, NULL, NULL, NULL },
	{ "multiplier", 1, 1, bfd_kw, NULL, NULL, NULL },
	{ "neighbor_ip", 1, 1, bfd_kw, NULL, NULL, NULL },
	{ "neighbour_ip", 1, 1, bfd_kw, NULL, NULL, NULL },
	{ "passive", 0, 0, bfd_kw, NULL, NULL, NULL },
	{ "source_ip", 1, 1, bfd_kw, NULL, NULL, NULL },
	{ "ttl", 1, 1, bfd_kw, NULL, NULL, NULL },
	{ "vrrp", 0, 0, bfd_kw, NULL, NULL, NULL },
	{ "weight", 1, 2, bfd_kw, NULL, NULL, NULL },
};

static void bfd_close(struct cfg_parser *p, void *obj, const struct cfg_loc *where)
{
	struct cfg_bfd *b = obj;
	const struct config *cfg = p->cfg;
	char a[64];

	if (!b->neighbor.af) {
		cfg_diag_error(p->diag, where, "bfd_instance %s has no neighbor_ip", b->name);
		return;
	}
	if (b->source.af && b->source.af != b->neighbor.af)
		cfg_diag_error(p->diag, where,
			       "bfd_instance %s: source_ip and neighbor_ip are not of the same family",
			       b->name);
	for (const struct cfg_bfd *o = cfg->bfds; o < b; o++)
		if (o->neighbor.af == b->neighbor.af &&
		    memcmp(o->neighbor.b, b->neighbor.b, b->neighbor.af == AF_INET ? 4 : 16) == 0) {
			cfg_ip_format(&b->neighbor, a, sizeof(a));
			cfg_diag_error(p->diag, where, "bfd_instance %s: neighbor %s is bfd_instance %s's already",
				       b->name, a, o->name);
		}
	if (!b->ttl)
		b->ttl = b->neighbor.af == AF_INET ? 255 : 64;
	if (b->max_hops > b->ttl) {
		cfg_diag_warn(p->diag, where, "bfd_instance %s: max_hops %d exceeds the ttl %u: cut to it",
			      b->name, b->max_hops, b->ttl);
		b->max_hops = b->ttl;
	}
	if (!b->to_vrrp && !b->to_checker)
		b->to_vrrp = b->to_checker = true;
}

const struct cfg_block cfg_bfd_block = { "bfd_instance", CFG_TABLE(bfd_kws), NULL, bfd_close };

void *cfg_bfd_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct config *cfg = obj;
	struct cfg_bfd *b;

	if (strlen(st->argv[1]) > CFG_BFD_NAME_MAX) {
		cfg_err(p, st, 1, "'%s': a bfd_instance name has at most %d characters", st->argv[1],
			CFG_BFD_NAME_MAX);
		return NULL;
	}
	if (cfg_bfd_named(cfg, st->argv[1])) {
		cfg_err(p, st, 1, "bfd_instance %s is defined twice", st->argv[1]);
		return NULL;
	}
	b = cfg_push(p, &cfg->bfds, &cfg->nbfds, sizeof(*b));
	if (!b)
		return NULL;
	*b = (struct cfg_bfd){ .min_rx_us = 10000, .min_tx_us = 10000, .idle_tx_us = 1000000,
			       .mult = 5, .where = st->loc[0] };
	if (cfg_arg_str(p, st, 1, &b->name) < 0) {
		cfg->nbfds--;
		return NULL;
	}
	return b;
}

const struct cfg_bfd *cfg_bfd_named(const struct config *cfg, const char *name)
{
	for (size_t k = 0; k < cfg->nbfds; k++)
		if (cfg->bfds[k].name && strcmp(cfg->bfds[k].name, name) == 0)
			return &cfg->bfds[k];
	return NULL;
}

bool cfg_bfd_equal(const struct cfg_bfd *a, const struct cfg_bfd *b)
{
	return strcmp(a->name, b->name) == 0 && memcmp(&a->neighbor, &b->neighbor, sizeof(a->neighbor)) == 0 &&
	       memcmp(&a->source, &b->source, sizeof(a->source)) == 0 && a->min_rx_us == b->min_rx_us &&
	       a->min_tx_us == b->min_tx_us && a->idle_tx_us == b->idle_tx_us && a->mult == b->mult &&
	       a->ttl == b->ttl && a->max_hops == b->max_hops && a->passive == b->passive &&
	       a->to_vrrp == b->to_vrrp && a->to_checker == b->to_checker;
}

void cfg_bfds_free(struct config *cfg)
{
	for (size_t k = 0; k < cfg->nbfds; k++)
		free(cfg->bfds[k].name);
	free(cfg->bfds);
}

static void check_lines(struct cfg_parser *p, const struct config *cfg, const struct cfg_tracked *t,
			const char *kind, const char *name)
{
	for (size_t k = 0; k < t->nbfds; k++)
		if (!cfg_bfd_named(cfg, t->bfds[k].name))
			cfg_diag_error(p->diag, &t->bfds[k].where, "%s %s: track_bfd '%s' is not defined",
				       kind, name, t->bfds[k].name);
		else if (!cfg_bfd_named(cfg, t->bfds[k].name)->to_vrrp)
			cfg_diag_warn(p->diag, &t->bfds[k].where,
				      "%s %s: bfd_instance %s says 'checker': VRRP is not told its state",
				      kind, name, t->bfds[k].name);
}

static void check_rs(struct cfg_parser *p, const struct config *cfg, const struct cfg_rs *rs)
{
	for (size_t i = 0; i < rs->nchecks; i++) {
		const struct cfg_check *c = &rs->checks[i];
		const struct cfg_bfd *b;

		if (c->kind != CFG_CHECK_BFD || !c->track->track_name)
			continue;
		b = cfg_bfd_named(cfg, c->track->track_name);
		if (!b)
			cfg_diag_error(p->diag, &rs->where, "BFD_CHECK: bfd_instance '%s' is not defined",
				       c->track->track_name);
		else if (!b->to_checker)
			cfg_diag_warn(p->diag, &rs->where,
				      "BFD_CHECK: bfd_instance %s says 'vrrp': the checks are not told its state",
				      b->name);
	}
}

void cfg_bfd_check_names(struct cfg_parser *p, const struct config *cfg)
{
	for (size_t k = 0; k < cfg->nvrrp; k++)
		check_lines(p, cfg, &cfg->vrrp[k].track, "vrrp_instance", cfg->vrrp[k].name);
	for (size_t k = 0; k < cfg->ngroups; k++)
		check_lines(p, cfg, &cfg->groups[k].track, "vrrp_sync_group", cfg->groups[k].name);
	for (size_t v = 0; v < cfg->nvs; v++)
		for (size_t r = 0; r < cfg->vs[v].nrs; r++)
			check_rs(p, cfg, &cfg->vs[v].rs[r]);
}
