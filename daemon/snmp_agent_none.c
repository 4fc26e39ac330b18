// SPDX-License-Identifier: GPL-2.0-or-later
/* keeld built without net-snmp (--disable-snmp): the keywords are read
 * and the agent says once that it is not there. */
#include "config.h"

#include "log.h"
#include "snmp_agent.h"

struct snmp_agent *snmp_agent_new(struct event_base *base, const struct config *cfg, bool force,
				  const struct snmp_agent_src *src)
{
	(void)base;
	(void)cfg;
	(void)force;
	(void)src;
	log_warnx("snmp: this keeld was built without net-snmp (--disable-snmp): no subagent");
	return NULL;
}

void snmp_agent_reload(struct snmp_agent *a, const struct config *cfg)
{
	(void)a;
	(void)cfg;
}

void snmp_agent_free(struct snmp_agent *a)
{
	(void)a;
}

void snmp_agent_vrrp_change(struct snmp_agent *a, const struct vrrp_state_change *c)
{
	(void)a;
	(void)c;
}

void snmp_agent_server_change(struct snmp_agent *a, size_t v, size_t r)
{
	(void)a;
	(void)v;
	(void)r;
}
