// SPDX-License-Identifier: GPL-2.0-or-later
/* Strict mode (vrrp_strict, strict_mode), rule by rule as keepalived 2.2.7
 * was seen applying them (run in a network namespace, its log read, its
 * adverts and GARPs captured): it refuses an instance without a VIP, and
 * resets what the RFCs do not have, saying so. Each reset here is a
 * warning at the line (or else the instance) it concerns. keepalived.conf(5)
 * also lists unicast peers, but 2.2.7 runs them unchanged and silently in
 * strict mode: so does keel. */
#include "config.h"

#include <stdlib.h>

#include "cfg_strict.h"
#include "cfg_vrrp.h"

static const struct cfg_loc *at(const struct cfg_loc *line, const struct cfg_vrrp *vr)
{
	return line->file ? line : &vr->where;
}

/* A VIP is required (the excluded ones do not count); an IPv6 instance's
 * first should be link-local (RFC 5798 5.2.9): keepalived says so and
 * goes on. */
static void strict_vips(struct cfg_parser *p, const struct cfg_vrrp *vr)
{
	if (!vr->nvips) {
		cfg_diag_error(p->diag, &vr->where, "vrrp_instance %s: strict mode needs a virtual_ipaddress",
			       vr->name);
		return;
	}
	if (vr->af == AF_INET6 && !IN6_IS_ADDR_LINKLOCAL(&vr->vips[0].addr.v6))
		cfg_diag_warn(p->diag, &vr->vips[0].where,
			      "vrrp_instance %s: strict mode wants the first IPv6 VIP link-local", vr->name);
}

/* IPv6 is VRRPv3's; accept mode too (RFC 3768 has none). */
static void strict_version(struct cfg_parser *p, struct cfg_vrrp *vr)
{
	if (vr->version == 2 && vr->af == AF_INET6) {
		cfg_diag_warn(p->diag, at(&vr->version_where, vr),
			      "vrrp_instance %s: strict mode has no VRRPv2 over IPv6; version 3", vr->name);
		vr->version = 3;
	}
	if (vr->version == 2 && vr->accept_set && vr->accept) {
		cfg_diag_warn(p->diag, &vr->where,
			      "vrrp_instance %s: strict mode has no accept mode in VRRPv2; no_accept", vr->name);
		vr->accept = false;
	}
	if (!vr->accept_set)
		vr->accept = vr->priority == 255;
}

/* No authentication, no preempt_delay, and state MASTER if and only if
 * the instance owns the addresses (priority 255). */
static void strict_start(struct cfg_parser *p, struct cfg_vrrp *vr)
{
	if (vr->auth_type) {
		cfg_diag_warn(p->diag, &vr->auth_where,
			      "vrrp_instance %s: strict mode has no authentication; ignored", vr->name);
		free(vr->auth_type);
		free(vr->auth_pass);
		vr->auth_type = vr->auth_pass = NULL;
	}
	if (vr->preempt_delay) {
		cfg_diag_warn(p->diag, &vr->where, "vrrp_instance %s: strict mode has no preempt_delay; ignored",
			      vr->name);
		vr->preempt_delay = 0;
	}
	if (vr->state == CFG_VRRP_MASTER && vr->priority != 255) {
		cfg_diag_warn(p->diag, at(&vr->state_where, vr),
			      "vrrp_instance %s: strict mode starts only the address owner (priority 255) as "
			      "MASTER; state BACKUP", vr->name);
		vr->state = CFG_VRRP_BACKUP;
	} else if (vr->state == CFG_VRRP_BACKUP && vr->priority == 255) {
		/* a state line's: without one the owner is MASTER already */
		cfg_diag_warn(p->diag, at(&vr->state_where, vr),
			      "vrrp_instance %s: strict mode starts the address owner (priority 255) as "
			      "MASTER; state MASTER", vr->name);
		vr->state = CFG_VRRP_MASTER;
	}
}

/* The instance's own line is reset with a warning; global_defs' default
 * is overridden silently, as keepalived does. */
static void strict_tuning(struct cfg_parser *p, struct cfg_vrrp *vr)
{
	struct cfg_vrrp_tuning *t = &vr->tune;
	const char *n = vr->name;

	if (t->lower_prio_no_advert == 0)
		cfg_diag_warn(p->diag, &vr->where, "vrrp_instance %s: strict mode always has lower_prio_no_advert; on",
			      n);
	t->lower_prio_no_advert = 1;
	if (t->higher_prio_send_advert > 0)
		cfg_diag_warn(p->diag, &vr->where, "vrrp_instance %s: strict mode has no higher_prio_send_advert; off",
			      n);
	t->higher_prio_send_advert = 0;
	/* a lower priority advert heard by a master: no GARP burst at all */
	if (t->garp_lower_prio_repeat > 0)
		cfg_diag_warn(p->diag, &vr->where,
			      "vrrp_instance %s: strict mode sends no GARP on a lower priority advert; "
			      "garp_lower_prio_repeat 0", n);
	t->garp_lower_prio_repeat = 0;
	if (t->garp_lower_prio_delay > 0)
		cfg_diag_warn(p->diag, &vr->where,
			      "vrrp_instance %s: strict mode sends no GARP on a lower priority advert; "
			      "garp_lower_prio_delay ignored", n);
	t->garp_lower_prio_delay = 0;
	if (vr->use_vmac && vr->vmac_xmit_base) {
		cfg_diag_warn(p->diag, &vr->where,
			      "vrrp_instance %s: strict mode sends adverts from the VMAC; vmac_xmit_base ignored", n);
		vr->vmac_xmit_base = false;
	}
}

void cfg_strict_apply(struct cfg_parser *p, struct cfg_vrrp *vr)
{
	strict_version(p, vr);
	strict_vips(p, vr);
	strict_start(p, vr);
	strict_tuning(p, vr);
}
