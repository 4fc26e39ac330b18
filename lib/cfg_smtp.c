// SPDX-License-Identifier: GPL-2.0-or-later
/* Email alerts in the config (cfg_smtp.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cfg_diag.h"
#include "cfg_smtp.h"

int cfg_smtp_alert_arg(struct cfg_parser *p, const struct cfg_stmt *st, uint8_t *out)
{
	bool on;

	if (cfg_arg_bool(p, st, 1, &on) < 0)
		return -1;
	*out = on ? CFG_TRI_YES : CFG_TRI_NO;
	return 0;
}

/* A recipient or a sender: nothing that would break out of an SMTP
 * command or a header. A local name alone ("root") is fine: a local
 * server takes it. */
static int address_arg(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, const char *what,
		       char **dst)
{
	const char *a = st->argv[i];

	if (!a[0] || a[0] == '@' || strpbrk(a, "<>\r\n\t ,\"")) {
		cfg_err(p, st, i, "'%s': %s takes an email address (name@domain)", a, what);
		return -1;
	}
	return cfg_arg_str(p, st, i, dst);
}

/* smtp_server IP [PORT]: keel resolves no names; a name leaves the mails
 * off rather than the whole config refused. */
static int server_kw(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_smtp *s)
{
	struct cfg_ip ip;

	if (!cfg_ip_parse(st->argv[1], &ip)) {
		cfg_warn(p, st, 1, "'%s': keel takes an IP address as smtp_server, not a name: "
			 "no email alerts", st->argv[1]);
		s->server = (struct cfg_ip){ 0 };
		return 0;
	}
	if (st->argc > 2 && cfg_arg_port(p, st, 2, &s->port) < 0)
		return -1;
	if (st->argc > 2 && s->port == 0) {
		cfg_err(p, st, 2, "smtp_server: port 0");
		return -1;
	}
	s->server = ip;
	s->server_where = st->loc[0];
	return 0;
}

static int helo_kw(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_smtp *s)
{
	if (strpbrk(st->argv[1], "\r\n \t")) {
		cfg_err(p, st, 1, "smtp_helo_name: one word");
		return -1;
	}
	return cfg_arg_str(p, st, 1, &s->helo);
}

int cfg_smtp_kw(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_smtp *s = &((struct cfg_global *)obj)->smtp;
	const char *k = st->argv[0];
	uint64_t v;

	if (strcmp(k, "smtp_server") == 0)
		return server_kw(p, st, s);
	if (strcmp(k, "smtp_helo_name") == 0)
		return helo_kw(p, st, s);
	if (strcmp(k, "notification_email_from") == 0)
		return address_arg(p, st, 1, k, &s->from);
	if (strcmp(k, "smtp_connect_timeout") == 0) {
		if (cfg_arg_uint(p, st, 1, 1, 3600, &v) < 0)
			return -1;
		s->connect_timeout_s = (uint32_t)v;
		return 0;
	}
	if (strcmp(k, "smtp_alert") == 0)
		return cfg_smtp_alert_arg(p, st, &s->alert);
	if (strcmp(k, "smtp_alert_vrrp") == 0)
		return cfg_smtp_alert_arg(p, st, &s->alert_vrrp);
	if (strcmp(k, "smtp_alert_checker") == 0)
		return cfg_smtp_alert_arg(p, st, &s->alert_checker);
	if (strcmp(k, "no_email_faults") == 0)
		s->no_email_faults = true;
	else
		s->no_checker_emails = true;
	return 0;
}

/* notification_email { a@b c@d }: any number a line */
static int email_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_smtp *s = obj;

	for (size_t i = 0; i < st->argc; i++) {
		char **to = cfg_push(p, &s->to, &s->nto, sizeof(*to));

		if (!to)
			return -1;
		if (address_arg(p, st, i, "notification_email", to) < 0) {
			s->nto--;
			return -1;
		}
	}
	return 0;
}

const struct cfg_block cfg_smtp_emails_block = { "notification_email", NULL, 0, email_line, NULL };

void *cfg_smtp_open_emails(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	(void)p, (void)st;
	return &((struct cfg_global *)obj)->smtp;
}

void cfg_smtp_defaults(struct cfg_smtp *s)
{
	s->port = CFG_SMTP_PORT;
	s->connect_timeout_s = CFG_SMTP_TIMEOUT_S;
}

void cfg_smtp_free(struct cfg_smtp *s)
{
	for (size_t i = 0; i < s->nto; i++)
		free(s->to[i]);
	free(s->to);
	free(s->from);
	free(s->helo);
}

static uint8_t resolve(uint8_t own, uint8_t kind, uint8_t all, bool dflt)
{
	if (own != CFG_TRI_UNSET)
		return own;
	if (kind != CFG_TRI_UNSET)
		return kind;
	if (all != CFG_TRI_UNSET)
		return all;
	return dflt ? CFG_TRI_YES : CFG_TRI_NO;
}

void cfg_smtp_resolve(struct cfg_parser *p, struct config *cfg)
{
	const struct cfg_smtp *s = &cfg->global.smtp;

	for (size_t i = 0; i < cfg->nvrrp; i++)
		cfg->vrrp[i].smtp_alert = resolve(cfg->vrrp[i].smtp_alert, s->alert_vrrp, s->alert, false);
	for (size_t i = 0; i < cfg->ngroups; i++)
		cfg->groups[i].smtp_alert = resolve(cfg->groups[i].smtp_alert, s->alert_vrrp, s->alert, false);
	for (size_t v = 0; v < cfg->nvs; v++) {
		struct cfg_vs *vs = &cfg->vs[v];

		vs->smtp_alert = resolve(vs->smtp_alert, s->alert_checker, s->alert, false);
		for (size_t r = 0; r < vs->nrs; r++)
			vs->rs[r].smtp_alert = resolve(vs->rs[r].smtp_alert, s->alert_checker, s->alert, true);
	}
	if (s->server.af && !s->nto)
		cfg_diag_warn(p->diag, &s->server_where,
			      "smtp_server without notification_email: no email alerts");
}
