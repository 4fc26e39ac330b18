// SPDX-License-Identifier: GPL-2.0-or-later
/* keepalived's top-level namespace and naming keywords: net_namespace,
 * net_namespace_ipvs, instance, use_pid_dir, namespace_with_ipsets.
 * keepalived 2.2.7 reads them only at the top level (inside global_defs
 * it calls them unknown) and keeps the first of a repeated one. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_block.h"
#include "cfg_netns.h"

bool cfg_netns_name_ok(const char *name)
{
	size_t n = strlen(name);

	return n > 0 && n < NAME_MAX - 16 && !strchr(name, '/') && strcmp(name, ".") != 0 &&
	       strcmp(name, "..") != 0;
}

/* The name argument of net_namespace, net_namespace_ipvs or instance
 * into *dst, unless a first one is already there. */
static int name_arg(struct cfg_parser *p, const struct cfg_stmt *st, char **dst, bool set)
{
	if (set) {
		cfg_warn(p, st, st->argc > 1 ? 1 : 0, "%s given again: keeping the first, as keepalived",
			 st->argv[0]);
		return 0;
	}
	if (st->argc < 2)
		return 0;
	if (!cfg_netns_name_ok(st->argv[1])) {
		cfg_err(p, st, 1, "'%s': %s takes a file name (no '/', not '.' or '..', under %d bytes)",
			st->argv[1], st->argv[0], NAME_MAX - 16);
		return -1;
	}
	return cfg_arg_str(p, st, 1, dst);
}

int cfg_netns_kw(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_global *g = &((struct config *)obj)->global;
	const char *k = st->argv[0];
	int rc;

	if (strcmp(k, "net_namespace") == 0)
		return name_arg(p, st, &g->net_namespace, g->net_namespace != NULL);
	if (strcmp(k, "instance") == 0)
		return name_arg(p, st, &g->instance, g->instance != NULL);
	if (strcmp(k, "net_namespace_ipvs") == 0) {
		rc = name_arg(p, st, &g->net_namespace_ipvs, g->net_namespace_ipvs_set);
		g->net_namespace_ipvs_set = true;
		return rc;
	}
	if (strcmp(k, "use_pid_dir") == 0)
		g->use_pid_dir = true;
	else
		g->namespace_with_ipsets = true;
	return 0;
}

static bool differs(const char *a, const char *b)
{
	return (a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0);
}

static void keep_str(char **next, const char *old, unsigned *mask, unsigned bit)
{
	char *copy;

	if (!differs(*next, old))
		return;
	copy = old ? strdup(old) : NULL;
	if (old && !copy)
		return;	/* out of memory: the new value stays in the model, unused */
	free(*next);
	*next = copy;
	*mask |= bit;
}

unsigned cfg_netns_keep(const struct cfg_global *old, struct cfg_global *next)
{
	unsigned mask = 0;

	keep_str(&next->net_namespace, old->net_namespace, &mask, CFG_NETNS_KEPT_NS);
	keep_str(&next->net_namespace_ipvs, old->net_namespace_ipvs, &mask, CFG_NETNS_KEPT_IPVS);
	if (next->net_namespace_ipvs_set != old->net_namespace_ipvs_set) {
		next->net_namespace_ipvs_set = old->net_namespace_ipvs_set;
		mask |= CFG_NETNS_KEPT_IPVS;
	}
	keep_str(&next->instance, old->instance, &mask, CFG_NETNS_KEPT_PIDFILE);
	if (next->use_pid_dir != old->use_pid_dir) {
		next->use_pid_dir = old->use_pid_dir;
		mask |= CFG_NETNS_KEPT_PIDFILE;
	}
	return mask;
}

void cfg_netns_free(struct cfg_global *g)
{
	free(g->net_namespace);
	free(g->net_namespace_ipvs);
	free(g->instance);
}
