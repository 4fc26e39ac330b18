// SPDX-License-Identifier: GPL-2.0-or-later
/* KEEPALIVED-MIB's tracked objects of the instances: what each instance's
 * track_interface and track_script lines say, with the weights keel
 * applies (the line's, else the vrrp_script's; a sync group member's
 * scripts have none, see vrrp_track_sum). */
#include "config.h"

#include <string.h>

#include "snmp_mib_vrrp.h"

/* WgtRev: true(1) when the weight counts the other way */
static long rev(bool reverse)
{
	return reverse ? 1 : 2;
}

void snmp_mib_tracked_ifs(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			  snmp_ifindex_fn *ifindex, struct snmp_rows *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct cfg_vrrp *c = snmp_mib_vrrp_conf(cfg, &v[i]);

		for (size_t k = 0; c && k < c->ntrack_if; k++) {
			const struct cfg_track *t = &c->track_if[k];
			unsigned ifi = ifindex(t->name);
			struct snmp_row *row;

			if (!ifi)
				continue;	/* no such interface now: no index */
			row = snmp_rows_add(out, (long[]){ (long)i + 1, (long)ifi }, 2);
			snmp_row_str(row, 1, t->name);
			snmp_row_int(row, 2, t->weight_set ? t->weight : 0);
			snmp_row_int(row, 3, rev(t->weight_set && t->reverse));
		}
	}
}

static const struct cfg_vrrp_script *script_named(const struct config *cfg, const char *name)
{
	for (size_t k = 0; k < cfg->nscripts; k++)
		if (strcmp(cfg->scripts[k].name, name) == 0)
			return &cfg->scripts[k];
	return NULL;
}

void snmp_mib_tracked_scripts(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			      snmp_ifindex_fn *ifindex, struct snmp_rows *out)
{
	(void)ifindex;
	for (size_t i = 0; i < n; i++) {
		const struct cfg_vrrp *c = snmp_mib_vrrp_conf(cfg, &v[i]);
		bool weighs = c && !*snmp_mib_group_of(cfg, c->name);
		long idx = 1;

		for (size_t k = 0; c && k < c->ntrack_script; k++) {
			const struct cfg_track *t = &c->track_script[k];
			const struct cfg_vrrp_script *s = script_named(cfg, t->name);
			struct snmp_row *row;

			if (!s)
				continue;	/* the validator refuses it */
			row = snmp_rows_add(out, (long[]){ (long)i + 1, idx++ }, 2);
			snmp_row_str(row, 2, t->name);
			snmp_row_int(row, 3, !weighs ? 0 : t->weight_set ? t->weight : s->weight);
			snmp_row_int(row, 4, rev(t->weight_set ? t->reverse : s->weight_reverse));
		}
	}
}
