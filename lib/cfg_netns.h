// SPDX-License-Identifier: GPL-2.0-or-later
/* The top-level keywords that place keeld: net_namespace,
 * net_namespace_ipvs, instance, use_pid_dir, namespace_with_ipsets. */
#ifndef KEEL_CFG_NETNS_H
#define KEEL_CFG_NETNS_H

#include <stdbool.h>

#include "cfg.h"

struct cfg_parser;
struct cfg_stmt;

/* The top-level handler of all five (obj: the struct config). */
int cfg_netns_kw(struct cfg_parser *p, void *obj, const struct cfg_stmt *st);
/* A namespace or instance name fit for a file name. */
bool cfg_netns_name_ok(const char *name);

/* What a reload cannot change (keepalived refuses it too): the new
 * config gets the running one's values back; the mask says which
 * differed. */
enum {
	CFG_NETNS_KEPT_NS = 1,		/* net_namespace */
	CFG_NETNS_KEPT_IPVS = 2,	/* net_namespace_ipvs */
	CFG_NETNS_KEPT_PIDFILE = 4,	/* instance, use_pid_dir */
};
unsigned cfg_netns_keep(const struct cfg_global *old, struct cfg_global *next);
void cfg_netns_free(struct cfg_global *g);

#endif
