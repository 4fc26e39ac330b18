// SPDX-License-Identifier: GPL-2.0-or-later
/* keeld as an AgentX subagent of a master agent (net-snmp's snmpd),
 * driven by keeld's libevent loop. Serves KEEPALIVED-MIB (globals, the
 * virtual and real server tables, the VRRP instance, sync group and
 * address tables) and VRRPv3-MIB (operations, associated addresses,
 * statistics, the router's counters), each as its enable_snmp_* keyword
 * asks.
 * It reads keeld's state only through the sources it is given. */
#ifndef KEEL_SNMP_AGENT_H
#define KEEL_SNMP_AGENT_H

#include <event2/event.h>
#include <stdbool.h>

#include "cfg.h"
#include "ipvs_desired.h"
#include "vrrp_run.h"

struct snmp_agent_src {
	const struct config *(*config)(void *arg);		/* never NULL while running */
	const struct ipvs_health *(*health)(void *arg);		/* NULL: the start state */
	/* Copies of the running VRRP instances (vrrp_run_views' contract). */
	size_t (*vrrp_views)(void *arg, struct vrrp_inst_view *out, size_t cap);
	/* The VRRP router's counters (vrrp_run_router_stats). */
	void (*router_stats)(void *arg, struct vrrp_router_stats *out);
	/* out[k]: the state of cfg->scripts[k] (vrrp_thread_scripts). */
	void (*scripts)(void *arg, const struct config *cfg, enum vrrp_obj_state *out);
	/* count[k], st[k]: cfg->track_procs[k]'s (vrrp_thread_procs). */
	void (*procs)(void *arg, const struct config *cfg, size_t *count, enum vrrp_obj_state *st);
	void *arg;
};

struct snmp_agent;

/* Starts the subagent; it connects to the master now or, when the master
 * is not there, retries every SNMP_AGENT_PING_S. NULL on failure (logged). */
#define SNMP_AGENT_PING_S 5
struct snmp_agent *snmp_agent_new(struct event_base *base, const struct config *cfg, bool force,
				  const struct snmp_agent_src *src);
/* The config changed: serve what it enables. */
void snmp_agent_reload(struct snmp_agent *a, const struct config *cfg);
/* Notifications, sent when enable_traps is on for the MIBs served: a
 * VRRP instance's or sync group's state changed; real server
 * cfg->vs[v].rs[r], or v's quorum (r == SNMP_AGENT_QUORUM), changed, as
 * the health says now. NULL a is fine. */
#define SNMP_AGENT_QUORUM ((size_t)-1)
void snmp_agent_vrrp_change(struct snmp_agent *a, const struct vrrp_state_change *c);
void snmp_agent_server_change(struct snmp_agent *a, size_t v, size_t r);
/* Closes the AgentX session. NULL is fine. */
void snmp_agent_free(struct snmp_agent *a);

#endif
