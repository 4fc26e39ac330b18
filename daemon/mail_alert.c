// SPDX-License-Identifier: GPL-2.0-or-later
/* Which events mail and what they say (see mail_alert.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "chk_engine.h"
#include "mail_alert.h"

bool mail_alert_on(const struct cfg_smtp *s)
{
	return s->server.af && s->nto > 0;
}

static const char *state_words(enum vrrp_state s, bool group)
{
	if (group)
		return s == VRRP_STATE_MASTER ? "All the group's instances are now MASTER"
		     : s == VRRP_STATE_BACKUP ? "All the group's instances are now BACKUP"
					      : "The group is in FAULT state";
	return s == VRRP_STATE_MASTER ? "The instance now owns its virtual addresses"
	     : s == VRRP_STATE_BACKUP ? "The instance no longer owns its virtual addresses"
				      : "The instance is in FAULT state";
}

static uint8_t vrrp_alert(const struct config *cfg, const struct vrrp_state_change *c)
{
	const struct cfg_vrrp *vr;

	if (c->group) {
		for (size_t i = 0; i < cfg->ngroups; i++)
			if (strcmp(cfg->groups[i].name, c->v.name) == 0)
				return cfg->groups[i].smtp_alert;
		return CFG_TRI_NO;
	}
	vr = cfg_vrrp_named(cfg, c->v.name);
	return vr ? vr->smtp_alert : CFG_TRI_NO;
}

bool mail_alert_vrrp(const struct config *cfg, const struct vrrp_state_change *c,
		     const char *router_id, struct mail_alert_text *out)
{
	enum vrrp_state s = c->v.state;
	int n = 0;

	if (!mail_alert_on(&cfg->global.smtp) || vrrp_alert(cfg, c) != CFG_TRI_YES)
		return false;
	if (s != VRRP_STATE_MASTER && s != VRRP_STATE_BACKUP && s != VRRP_STATE_FAULT)
		return false;
	if (s == VRRP_STATE_FAULT && cfg->global.smtp.no_email_faults)
		return false;
	snprintf(out->subject, sizeof(out->subject), "[%s] VRRP %s %s - Entering %s state", router_id,
		 c->group ? "Group" : "Instance", c->v.name, vrrp_state_name(s));
	n = snprintf(out->body, sizeof(out->body), "=> %s <=\n\n", state_words(s, c->group));
	if (!c->group && n > 0 && (size_t)n < sizeof(out->body))
		snprintf(out->body + n, sizeof(out->body) - (size_t)n,
			 "VRRP instance %s is now %s (was %s): interface %s, virtual router id %u, "
			 "priority %u.\n", c->v.name, vrrp_state_name(s), vrrp_state_name(c->from),
			 c->v.ifname[0] ? c->v.ifname : "none", c->v.vrid, c->v.priority);
	return true;
}

static bool quorum_mail(const struct cfg_vs *vs, bool up, const char *router_id,
			struct mail_alert_text *out)
{
	char a[160];

	if (vs->smtp_alert != CFG_TRI_YES)
		return false;
	chk_engine_fmt_vs(vs, a, sizeof(a));
	snprintf(out->subject, sizeof(out->subject), "[%s] Virtualserver %s - %s", router_id, a,
		 up ? "UP" : "DOWN");
	snprintf(out->body, sizeof(out->body), "=> %s quorum <=\n\nVirtual server %s: quorum %u, hysteresis %u%s.\n",
		 up ? "Gained" : "Lost", a, vs->quorum, vs->hysteresis,
		 !up && vs->sorry ? "; the sorry server is in" : "");
	return true;
}

bool mail_alert_check(const struct config *cfg, size_t v, size_t r, bool up, const char *why,
		      const char *router_id, struct mail_alert_text *out)
{
	const struct cfg_vs *vs;
	const struct cfg_rs *rs;
	char a[160], va[160];

	if (!mail_alert_on(&cfg->global.smtp) || v >= cfg->nvs)
		return false;
	vs = &cfg->vs[v];
	if (r == CHK_EVENT_QUORUM)
		return quorum_mail(vs, up, router_id, out);
	if (r >= vs->nrs || vs->rs[r].smtp_alert != CFG_TRI_YES)
		return false;
	rs = &vs->rs[r];
	chk_engine_fmt_addr(vs->protocol, &rs->addr, rs->port, a, sizeof(a));
	chk_engine_fmt_vs(vs, va, sizeof(va));
	snprintf(out->subject, sizeof(out->subject), "[%s] Realserver %s of virtual server %s - %s",
		 router_id, a, va, up ? "UP" : "DOWN");
	if (up)
		snprintf(out->body, sizeof(out->body), "=> CHECK succeed on service <=\n\n"
			 "Real server %s of virtual server %s is up (%s).\n", a, va, why ? why : "ok");
	else
		snprintf(out->body, sizeof(out->body), "=> CHECK failed on service : %s <=\n\n"
			 "Real server %s of virtual server %s is down.\n", why ? why : "failed", a, va);
	return true;
}
