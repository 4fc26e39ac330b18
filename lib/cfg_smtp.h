// SPDX-License-Identifier: GPL-2.0-or-later
/* Email alerts in the config: global_defs' notification_email,
 * notification_email_from, smtp_server, smtp_helo_name,
 * smtp_connect_timeout, smtp_alert, smtp_alert_vrrp, smtp_alert_checker,
 * no_email_faults and no_checker_emails, and the smtp_alert line of
 * vrrp_instance, vrrp_sync_group, virtual_server and real_server. */
#ifndef KEEL_CFG_SMTP_H
#define KEEL_CFG_SMTP_H

#include "cfg_block.h"

/* the global_defs keywords (obj: struct cfg_global) */
int cfg_smtp_kw(struct cfg_parser *p, void *obj, const struct cfg_stmt *st);
void *cfg_smtp_open_emails(struct cfg_parser *p, void *obj, const struct cfg_stmt *st);
extern const struct cfg_block cfg_smtp_emails_block;

/* smtp_alert [BOOL] of an object, into *out (enum cfg_tri) */
int cfg_smtp_alert_arg(struct cfg_parser *p, const struct cfg_stmt *st, uint8_t *out);

void cfg_smtp_defaults(struct cfg_smtp *s);
void cfg_smtp_free(struct cfg_smtp *s);

/* Once everything is read (global_defs may come last): every object's
 * smtp_alert becomes YES or NO as keepalived.conf(5) has it. An object's
 * own line, else smtp_alert_vrrp (instances, groups) or
 * smtp_alert_checker (virtual and real servers), else smtp_alert, else
 * no, but yes for real servers. Warns about a server without recipients
 * and recipients without a server. */
void cfg_smtp_resolve(struct cfg_parser *p, struct config *cfg);

#endif
