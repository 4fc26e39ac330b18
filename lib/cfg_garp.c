// SPDX-License-Identifier: GPL-2.0-or-later
/* Gratuitous ARP / unsolicited NA pacing, for switches that cannot take a
 * flood of them: global_defs' vrrp_garp_interval and vrrp_gna_interval
 * (each interface on its own), and garp_group blocks whose interfaces share
 * one pace (keepalived.conf(5)):
 *   garp_group { garp_interval S; gna_interval S; interface X }
 *   garp_group { garp_interval S; interfaces { X Y } } */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cfg_garp.h"

/* at most a minute between two announcements of one interface */
#define PACE_MAX_US 60000000ull

int cfg_garp_interval(struct cfg_parser *p, const struct cfg_stmt *st, uint64_t *us)
{
	if (cfg_arg_timer(p, st, 1, us) < 0)
		return -1;
	if (*us > PACE_MAX_US) {
		cfg_err(p, st, 1, "'%s': %s must be at most 60 seconds", st->argv[1], st->argv[0]);
		return -1;
	}
	return 0;
}

static int add_ifname(struct cfg_parser *p, const struct cfg_stmt *st, size_t i,
		      struct cfg_garp_group *g)
{
	char **name = cfg_push(p, &g->ifnames, &g->nifnames, sizeof(*name));

	if (!name)
		return -1;
	if (cfg_arg_str(p, st, i, name) < 0) {
		g->nifnames--;
		return -1;
	}
	return 0;
}

static int interfaces_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	for (size_t i = 0; i < st->argc; i++)
		if (add_ifname(p, st, i, obj) < 0)
			return -1;
	return 0;
}

static const struct cfg_block interfaces_block = { "interfaces", NULL, 0, interfaces_line, NULL };

static int gg_kw(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_garp_group *g = obj;

	if (strcmp(st->argv[0], "interface") == 0)
		return add_ifname(p, st, 1, g);
	return cfg_garp_interval(p, st, strcmp(st->argv[0], "garp_interval") == 0
					       ? &g->garp_interval_us : &g->gna_interval_us);
}

static const struct cfg_kw garp_group_kw[] = {
	{ "garp_interval", 1, 1, gg_kw, NULL, NULL, NULL },
	{ "gna_interval", 1, 1, gg_kw, NULL, NULL, NULL },
	{ "interface", 1, 1, gg_kw, NULL, NULL, NULL },
	{ "interfaces", 0, 0, NULL, cfg_open_self, &interfaces_block, NULL },
};

static void garp_group_close(struct cfg_parser *p, void *obj, const struct cfg_loc *where)
{
	struct cfg_garp_group *g = obj;

	(void)where;
	if (!g->nifnames)
		cfg_diag_error(p->diag, &g->where, "garp_group needs 'interface' or 'interfaces'");
}

const struct cfg_block cfg_garp_group_block = { "garp_group", CFG_TABLE(garp_group_kw), NULL,
						garp_group_close };

void *cfg_garp_group_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct config *cfg = obj;
	struct cfg_garp_group *g = cfg_push(p, &cfg->garp_groups, &cfg->ngarp_groups, sizeof(*g));

	if (g)
		g->where = st->loc[0];
	return g;
}

void cfg_garp_check(struct cfg_parser *p, const struct config *cfg)
{
	for (size_t g = 0; g < cfg->ngarp_groups; g++)
		for (size_t k = 0; k < cfg->garp_groups[g].nifnames; k++) {
			const char *name = cfg->garp_groups[g].ifnames[k];
			const struct cfg_garp_group *first = cfg_garp_group_of(cfg, name);

			if (first != &cfg->garp_groups[g])
				cfg_diag_error(p->diag, &cfg->garp_groups[g].where,
					       "garp_group: interface %s is already in the garp_group of line %u",
					       name, first->where.line);
		}
}

const struct cfg_garp_group *cfg_garp_group_of(const struct config *cfg, const char *ifname)
{
	for (size_t g = 0; g < cfg->ngarp_groups; g++)
		for (size_t k = 0; k < cfg->garp_groups[g].nifnames; k++)
			if (strcmp(cfg->garp_groups[g].ifnames[k], ifname) == 0)
				return &cfg->garp_groups[g];
	return NULL;
}

void cfg_garp_groups_free(struct config *cfg)
{
	for (size_t g = 0; g < cfg->ngarp_groups; g++) {
		for (size_t k = 0; k < cfg->garp_groups[g].nifnames; k++)
			free(cfg->garp_groups[g].ifnames[k]);
		free(cfg->garp_groups[g].ifnames);
	}
	free(cfg->garp_groups);
}
