// SPDX-License-Identifier: GPL-2.0-or-later
/* Which events mail and what the mails say, as keepalived.conf(5) has
 * it: a VRRP instance or sync group entering MASTER, BACKUP or FAULT
 * (smtp_alert of the instance or group, else smtp_alert_vrrp, else
 * smtp_alert; FAULT not with no_email_faults), a real server going UP or
 * DOWN (its smtp_alert, else smtp_alert_checker, else smtp_alert, else
 * yes) and a virtual server's quorum (likewise, default no). Subjects
 * are keepalived's: "[ROUTER_ID] VRRP Instance VI_1 - Entering MASTER
 * state", "[ROUTER_ID] Realserver [10.0.0.2]:tcp:80 of virtual server
 * [10.0.0.100]:tcp:80 - DOWN". Pure: the config and the event in, the
 * text out. */
#ifndef KEEL_MAIL_ALERT_H
#define KEEL_MAIL_ALERT_H

#include <stdbool.h>
#include <stddef.h>

#include "cfg.h"
#include "vrrp_run.h"

struct mail_alert_text {
	char subject[512];	/* two addresses of up to 159 and the router id */
	char body[1024];
};

/* A server and at least one recipient: mails can go. */
bool mail_alert_on(const struct cfg_smtp *s);

/* false: this change mails nobody. */
bool mail_alert_vrrp(const struct config *cfg, const struct vrrp_state_change *c,
		     const char *router_id, struct mail_alert_text *out);
/* Real server cfg->vs[v].rs[r] went up or down (why: the check's word),
 * or with r == CHK_EVENT_QUORUM virtual server v's quorum did. */
bool mail_alert_check(const struct config *cfg, size_t v, size_t r, bool up, const char *why,
		      const char *router_id, struct mail_alert_text *out);

#endif
