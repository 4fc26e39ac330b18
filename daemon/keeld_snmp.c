// SPDX-License-Identifier: GPL-2.0-or-later
/* keeld's SNMP subagent follows the config: started when an enable_snmp_*
 * keyword (or -x) asks for it, told of every reload (see
 * snmp_agent_reload), stopped with keeld. The agent reads keeld only
 * through these sources. */
#include "config.h"

#include "chk_engine.h"
#include "keeld.h"
#include "snmp_agent.h"
#include "snmp_mib.h"

static const struct config *src_config(void *arg)
{
	const struct keeld *k = arg;

	return k->cfg;
}

static const struct ipvs_health *src_health(void *arg)
{
	const struct keeld *k = arg;

	return k->chk ? chk_engine_health(k->chk) : NULL;
}

static size_t src_vrrp_views(void *arg, struct vrrp_inst_view *out, size_t cap)
{
	const struct keeld *k = arg;

	return k->vrrp_views ? k->vrrp_views(k, out, cap) : 0;
}

static void src_router_stats(void *arg, struct vrrp_router_stats *out)
{
	const struct keeld *k = arg;

	if (k->vrrp_router_stats)
		k->vrrp_router_stats(k, out);
	else
		*out = (struct vrrp_router_stats){ 0 };
}

static void src_scripts(void *arg, const struct config *cfg, enum vrrp_obj_state *out)
{
	const struct keeld *k = arg;

	if (k->vrrp_scripts)
		k->vrrp_scripts(k, cfg, out);
	else
		for (size_t s = 0; s < cfg->nscripts; s++)
			out[s] = VRRP_OBJ_UNKNOWN;
}

static void src_procs(void *arg, const struct config *cfg, size_t *count, enum vrrp_obj_state *st)
{
	const struct keeld *k = arg;

	if (k->vrrp_procs) {
		k->vrrp_procs(k, cfg, count, st);
		return;
	}
	for (size_t p = 0; p < cfg->ntrack_procs; p++) {
		count[p] = 0;
		st[p] = VRRP_OBJ_UNKNOWN;
	}
}

void keeld_snmp_on_check(void *arg, size_t v, size_t r, bool up, const char *why)
{
	struct keeld *k = arg;

	(void)up, (void)why;	/* the agent reads the health, which already says it */
	snmp_agent_server_change(k->snmp, v, r == CHK_EVENT_QUORUM ? SNMP_AGENT_QUORUM : r);
}

void keeld_snmp_on_vrrp(void *arg, const struct vrrp_state_change *c)
{
	struct keeld *k = arg;

	snmp_agent_vrrp_change(k->snmp, c);
}

void keeld_snmp_follow(struct keeld *k)
{
	const struct snmp_agent_src src = {
		.config = src_config, .health = src_health, .vrrp_views = src_vrrp_views,
		.router_stats = src_router_stats, .scripts = src_scripts,
		.procs = src_procs, .arg = k,
	};
	if (k->snmp)
		snmp_agent_reload(k->snmp, k->cfg);
	else if (snmp_mib_wanted(k->cfg, k->opts->snmp))
		k->snmp = snmp_agent_new(k->base, k->cfg, k->opts->snmp, &src);
}

void keeld_snmp_stop(struct keeld *k)
{
	snmp_agent_free(k->snmp);
	k->snmp = NULL;
}
