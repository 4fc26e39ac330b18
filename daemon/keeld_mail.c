// SPDX-License-Identifier: GPL-2.0-or-later
/* keeld's email alerts: the checks' and the VRRP thread's events (both
 * heard on the main loop) become mails (mail_alert.h) that the sender
 * queues (smtp_send.h). The host name fills in what global_defs leaves
 * out, as keepalived does: router_id, smtp_helo_name and the sender
 * keepalived@HOSTNAME. */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "keeld.h"
#include "log.h"
#include "mail_alert.h"
#include "smtp_send.h"

static void host_name(char *buf, size_t cap)
{
	if (gethostname(buf, cap - 1) < 0 || !buf[0])
		snprintf(buf, cap, "localhost");
	buf[cap - 1] = '\0';
}

static void send_text(struct keeld *k, const struct mail_alert_text *t)
{
	const struct cfg_smtp *s = &k->cfg->global.smtp;
	char host[256], from[320];

	host_name(host, sizeof(host));
	snprintf(from, sizeof(from), "keepalived@%s", host);
	if (!k->mail)
		k->mail = smtp_sender_new(k->base);
	if (!k->mail) {
		log_warnx("email alert dropped: out of memory (%s)", t->subject);
		return;
	}
	smtp_sender_send(k->mail, s, s->helo ? s->helo : host, s->from ? s->from : from, t->subject,
			 t->body);
}

static const char *router_id(const struct keeld *k, char *buf, size_t cap)
{
	if (k->cfg->global.router_id)
		return k->cfg->global.router_id;
	host_name(buf, cap);
	return buf;
}

void keeld_mail_on_check(void *arg, size_t v, size_t r, bool up, const char *why)
{
	struct keeld *k = arg;
	struct mail_alert_text t;
	char host[256];

	if (!k->stopping && mail_alert_check(k->cfg, v, r, up, why, router_id(k, host, sizeof(host)), &t))
		send_text(k, &t);
}

void keeld_mail_on_vrrp(void *arg, const struct vrrp_state_change *c)
{
	struct keeld *k = arg;
	struct mail_alert_text t;
	char host[256];

	if (!k->stopping && mail_alert_vrrp(k->cfg, c, router_id(k, host, sizeof(host)), &t))
		send_text(k, &t);
}

void keeld_mail_stop(struct keeld *k)
{
	smtp_sender_free(k->mail);
	k->mail = NULL;
}
