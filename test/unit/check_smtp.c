// SPDX-License-Identifier: GPL-2.0-or-later
/* Email alerts: the message (smtp_msg.h), the client's dialogue
 * (smtp_proto.h), which events mail and what they say (mail_alert.h),
 * and the config keywords (cfg_smtp.h). The reply reader's own cases are
 * in check_chk_kinds.c (SMTP_CHECK uses it too). */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "chk_engine.h"
#include "mail_alert.h"
#include "smtp_msg.h"
#include "smtp_proto.h"
#include "suites.h"
#include "unit_cfg.h"

/* --- the message */

static const char *const two[] = { "a@example.com", "b@example.net" };

START_TEST(msg_headers_and_body)
{
	size_t len;
	char *m = smtp_msg_compose(&(struct smtp_msg){ .from = "k@r1", .to = two, .nto = 2,
						       .subject = "[r1] VRRP Instance VI_1 - Entering MASTER state",
						       .date = "Tue, 02 Jan 2024 15:04:05 +0000",
						       .body = "line one\nline two\n" },
				   &len);

	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(len, strlen(m));
	ck_assert_str_eq(m, "From: k@r1\r\n"
			    "To: a@example.com, b@example.net\r\n"
			    "Subject: [r1] VRRP Instance VI_1 - Entering MASTER state\r\n"
			    "Date: Tue, 02 Jan 2024 15:04:05 +0000\r\n"
			    "X-Mailer: keel\r\n"
			    "MIME-Version: 1.0\r\n"
			    "Content-Type: text/plain; charset=UTF-8\r\n"
			    "\r\n"
			    "line one\r\n"
			    "line two\r\n"
			    ".\r\n");
	free(m);
}
END_TEST

/* lines with a leading dot are doubled; CRLF, bare CR and a missing last
 * newline all end up as CRLF; a header value cannot break its line */
START_TEST(msg_dot_stuffing_and_line_ends)
{
	size_t len;
	char *m = smtp_msg_compose(&(struct smtp_msg){ .from = "k@r1", .to = two, .nto = 1,
						       .subject = "evil\r\nBcc: x@y", .date = "d",
						       .body = ".\n..x\r\nmid.dle\rlast" },
				   &len);

	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_nonnull(strstr(m, "Subject: evil  Bcc: x@y\r\n"));
	ck_assert_ptr_null(strstr(m, "\r\nBcc"));
	ck_assert_ptr_nonnull(strstr(m, "\r\n\r\n..\r\n...x\r\nmid.dle\r\nlast\r\n.\r\n"));
	ck_assert_str_eq(m + len - 9, "last\r\n.\r\n");
	free(m);
	m = smtp_msg_compose(&(struct smtp_msg){ .from = "k@r1", .to = two, .nto = 1,
						 .subject = "s", .date = "d", .body = "" },
			     &len);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m + len - 5, "\r\n.\r\n");
	free(m);
}
END_TEST

START_TEST(msg_date)
{
	char d[64];

	smtp_msg_date(1704207845, false, d, sizeof(d));	/* 2024-01-02 15:04:05 UTC */
	ck_assert_str_eq(d, "Tue, 02 Jan 2024 15:04:05 +0000");
	smtp_msg_date(0, false, d, sizeof(d));
	ck_assert_str_eq(d, "Thu, 01 Jan 1970 00:00:00 +0000");
}
END_TEST

/* --- the client's dialogue */

static const char data[] = "Subject: s\r\n\r\nbody\r\n.\r\n";
static const struct smtp_envelope env = { .helo = "r1.example", .from = "k@r1", .to = two, .nto = 2,
					  .data = data, .len = sizeof(data) - 1 };

/* feeds one server reply; returns the action and what it sent as text */
static enum smtp_act feed(struct smtp_client *c, const char *reply, char *sent, size_t cap)
{
	struct smtp_out out = { 0 };
	enum smtp_act a = smtp_client_input(c, reply, strlen(reply), &out);

	sent[0] = '\0';
	if (a == SMTP_ACT_SEND)
		snprintf(sent, cap, "%.*s", (int)out.len, out.data);
	return a;
}

START_TEST(client_whole_mail)
{
	struct smtp_client c;
	char s[256];

	smtp_client_init(&c, &env);
	ck_assert_int_eq(smtp_client_connected(&c), SMTP_ACT_WAIT);
	ck_assert_int_eq(feed(&c, "220 mx ESMTP", s, sizeof(s)), SMTP_ACT_WAIT);	/* no line end yet */
	ck_assert_int_eq(feed(&c, "\r\n", s, sizeof(s)), SMTP_ACT_SEND);
	ck_assert_str_eq(s, "HELO r1.example\r\n");
	ck_assert_int_eq(feed(&c, "250-mx\r\n250 8BITMIME\r\n", s, sizeof(s)), SMTP_ACT_SEND);
	ck_assert_str_eq(s, "MAIL FROM:<k@r1>\r\n");
	ck_assert_int_eq(feed(&c, "250 ok\r\n", s, sizeof(s)), SMTP_ACT_SEND);
	ck_assert_str_eq(s, "RCPT TO:<a@example.com>\r\n");
	ck_assert_int_eq(feed(&c, "250 ok\r\n", s, sizeof(s)), SMTP_ACT_SEND);
	ck_assert_str_eq(s, "RCPT TO:<b@example.net>\r\n");
	ck_assert_int_eq(feed(&c, "251 forwarded\r\n", s, sizeof(s)), SMTP_ACT_SEND);
	ck_assert_str_eq(s, "DATA\r\n");
	ck_assert_int_eq(feed(&c, "354 go\r\n", s, sizeof(s)), SMTP_ACT_SEND);
	ck_assert_str_eq(s, data);
	ck_assert(!c.delivered);
	ck_assert_int_eq(feed(&c, "250 queued\r\n", s, sizeof(s)), SMTP_ACT_SEND);
	ck_assert_str_eq(s, "QUIT\r\n");
	ck_assert(c.delivered);
	ck_assert_int_eq(feed(&c, "221 bye\r\n", s, sizeof(s)), SMTP_ACT_DONE);
	ck_assert_uint_eq(c.accepted, 2);
}
END_TEST

/* the server goes away after taking the message: delivered all the same */
START_TEST(client_close_after_delivery)
{
	struct smtp_client c;
	char s[256];
	const char *replies[] = { "220 x\r\n", "250 x\r\n", "250 x\r\n", "250 x\r\n", "250 x\r\n",
				  "354 x\r\n", "250 x\r\n" };

	smtp_client_init(&c, &env);
	smtp_client_connected(&c);
	for (size_t i = 0; i < sizeof(replies) / sizeof(replies[0]); i++)
		ck_assert_int_eq(feed(&c, replies[i], s, sizeof(s)), SMTP_ACT_SEND);
	ck_assert_int_eq(smtp_client_closed(&c, "closed by the server"), SMTP_ACT_DONE);
}
END_TEST

START_TEST(client_failures)
{
	struct smtp_client c;
	char s[256];

	/* a refusing greeting */
	smtp_client_init(&c, &env);
	smtp_client_connected(&c);
	ck_assert_int_eq(feed(&c, "554 go away\r\n", s, sizeof(s)), SMTP_ACT_FAIL);
	ck_assert_str_eq(c.error, "greeting refused: 554 go away");
	/* no connection at all */
	smtp_client_init(&c, &env);
	ck_assert_int_eq(smtp_client_closed(&c, "Connection refused"), SMTP_ACT_FAIL);
	ck_assert_str_eq(c.error, "connect: Connection refused");
	/* silence after HELO */
	smtp_client_init(&c, &env);
	smtp_client_connected(&c);
	feed(&c, "220 x\r\n", s, sizeof(s));
	ck_assert_int_eq(smtp_client_closed(&c, "no answer within 30 s"), SMTP_ACT_FAIL);
	ck_assert_str_eq(c.error, "HELO: no answer within 30 s");
	/* not SMTP */
	smtp_client_init(&c, &env);
	smtp_client_connected(&c);
	ck_assert_int_eq(feed(&c, "SSH-2.0-OpenSSH\r\n", s, sizeof(s)), SMTP_ACT_FAIL);
	ck_assert_str_eq(c.error, "greeting: not an SMTP reply");
	/* the sender refused */
	smtp_client_init(&c, &env);
	smtp_client_connected(&c);
	feed(&c, "220 x\r\n", s, sizeof(s));
	feed(&c, "250 x\r\n", s, sizeof(s));
	ck_assert_int_eq(feed(&c, "550 5.7.1 relaying denied\r\n", s, sizeof(s)), SMTP_ACT_FAIL);
	ck_assert_str_eq(c.error, "MAIL FROM refused: 550 5.7.1 relaying denied");
	ck_assert_int_eq(smtp_client_closed(&c, "x"), SMTP_ACT_FAIL);
	ck_assert_str_eq(c.error, "MAIL FROM refused: 550 5.7.1 relaying denied");	/* kept */
}
END_TEST

/* one recipient refused: the mail goes to the other; both: no mail */
START_TEST(client_recipients)
{
	struct smtp_client c;
	char s[256];

	smtp_client_init(&c, &env);
	smtp_client_connected(&c);
	feed(&c, "220 x\r\n", s, sizeof(s));
	feed(&c, "250 x\r\n", s, sizeof(s));
	feed(&c, "250 x\r\n", s, sizeof(s));
	ck_assert_int_eq(feed(&c, "550 no such user\r\n", s, sizeof(s)), SMTP_ACT_SEND);
	ck_assert_str_eq(s, "RCPT TO:<b@example.net>\r\n");
	ck_assert_int_eq(feed(&c, "250 x\r\n", s, sizeof(s)), SMTP_ACT_SEND);
	ck_assert_str_eq(s, "DATA\r\n");
	ck_assert_uint_eq(c.refused, 1);

	smtp_client_init(&c, &env);
	smtp_client_connected(&c);
	feed(&c, "220 x\r\n", s, sizeof(s));
	feed(&c, "250 x\r\n", s, sizeof(s));
	feed(&c, "250 x\r\n", s, sizeof(s));
	feed(&c, "550 no\r\n", s, sizeof(s));
	ck_assert_int_eq(feed(&c, "450 later\r\n", s, sizeof(s)), SMTP_ACT_FAIL);
	ck_assert_str_eq(c.error, "RCPT TO: no recipient accepted (2 refused)");
}
END_TEST

/* a reply that never ends cannot grow without bound */
START_TEST(client_long_reply)
{
	struct smtp_client c;
	char s[256], big[SMTP_IN_MAX / 2 + 1];

	memset(big, 'x', sizeof(big) - 1);
	big[0] = '2', big[1] = '2', big[2] = '0', big[3] = '-';
	big[sizeof(big) - 1] = '\0';
	smtp_client_init(&c, &env);
	smtp_client_connected(&c);
	ck_assert_int_eq(feed(&c, big, s, sizeof(s)), SMTP_ACT_WAIT);
	ck_assert_int_eq(feed(&c, big, s, sizeof(s)), SMTP_ACT_WAIT);
	ck_assert_int_eq(feed(&c, big, s, sizeof(s)), SMTP_ACT_FAIL);
}
END_TEST

/* --- which events mail */

static const char conf_top[] =
	"global_defs {\n router_id r1\n notification_email {\n  a@example.com\n }\n"
	" smtp_server 10.0.0.9\n%s}\n"
	"vrrp_sync_group G1 {\n group {\n  VI_1\n  VI_2\n }\n%s}\n"
	"vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n%s virtual_ipaddress {\n  10.0.0.100\n }\n}\n"
	"vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 2\n virtual_ipaddress {\n  10.0.0.101\n }\n}\n"
	"virtual_server 10.0.0.100 80 {\n protocol TCP\n quorum 1\n%s"
	" real_server 10.0.0.2 81 {\n  %s\n  TCP_CHECK {\n  }\n }\n"
	" real_server 10.0.0.3 81 {\n  TCP_CHECK {\n  }\n }\n}\n";

static struct config *load(const char *global, const char *group, const char *inst, const char *vs,
			   const char *rs)
{
	char text[2048];

	snprintf(text, sizeof(text), conf_top, global, group, inst, vs, rs);
	return unit_cfg_load(text);
}

static struct vrrp_state_change change(const char *name, bool group, enum vrrp_state to)
{
	struct vrrp_state_change c = { .group = group, .from = VRRP_STATE_BACKUP };

	snprintf(c.v.name, sizeof(c.v.name), "%s", name);
	snprintf(c.v.ifname, sizeof(c.v.ifname), "eth0");
	c.v.state = to;
	c.v.vrid = 1;
	c.v.priority = 100;
	return c;
}

START_TEST(alert_vrrp_defaults)
{
	struct config *cfg = load("", "", "", "", "");
	struct mail_alert_text t;
	struct vrrp_state_change c = change("VI_1", false, VRRP_STATE_MASTER);

	/* instances and groups: no unless said; real servers: yes */
	ck_assert(!mail_alert_vrrp(cfg, &c, "r1", &t));
	c = change("G1", true, VRRP_STATE_MASTER);
	ck_assert(!mail_alert_vrrp(cfg, &c, "r1", &t));
	ck_assert(mail_alert_check(cfg, 0, 0, false, "TCP_CHECK: Connection refused", "r1", &t));
	ck_assert_str_eq(t.subject, "[r1] Realserver [10.0.0.2]:tcp:81 of virtual server [10.0.0.100]:tcp:80 - DOWN");
	ck_assert_ptr_nonnull(strstr(t.body, "=> CHECK failed on service : TCP_CHECK: Connection refused <="));
	ck_assert(mail_alert_check(cfg, 0, 1, true, "TCP_CHECK: ok", "r1", &t));
	ck_assert_str_eq(t.subject, "[r1] Realserver [10.0.0.3]:tcp:81 of virtual server [10.0.0.100]:tcp:80 - UP");
	ck_assert(!mail_alert_check(cfg, 0, CHK_EVENT_QUORUM, false, NULL, "r1", &t));
	cfg_free(cfg);
}
END_TEST

START_TEST(alert_vrrp_subjects)
{
	struct config *cfg = load("", " smtp_alert\n", " smtp_alert\n", "", "");
	struct mail_alert_text t;
	struct vrrp_state_change c = change("VI_1", false, VRRP_STATE_MASTER);

	ck_assert(mail_alert_vrrp(cfg, &c, "r1", &t));
	ck_assert_str_eq(t.subject, "[r1] VRRP Instance VI_1 - Entering MASTER state");
	ck_assert_ptr_nonnull(strstr(t.body, "VI_1 is now MASTER (was BACKUP)"));
	c = change("VI_1", false, VRRP_STATE_FAULT);
	ck_assert(mail_alert_vrrp(cfg, &c, "r1", &t));
	ck_assert_str_eq(t.subject, "[r1] VRRP Instance VI_1 - Entering FAULT state");
	c = change("VI_1", false, VRRP_STATE_STOP);
	ck_assert(!mail_alert_vrrp(cfg, &c, "r1", &t));
	c = change("G1", true, VRRP_STATE_BACKUP);
	ck_assert(mail_alert_vrrp(cfg, &c, "r1", &t));
	ck_assert_str_eq(t.subject, "[r1] VRRP Group G1 - Entering BACKUP state");
	c = change("VI_2", false, VRRP_STATE_MASTER);
	ck_assert(!mail_alert_vrrp(cfg, &c, "r1", &t));
	c = change("VI_gone", false, VRRP_STATE_MASTER);	/* a reload took it away */
	ck_assert(!mail_alert_vrrp(cfg, &c, "r1", &t));
	cfg_free(cfg);
}
END_TEST

/* the global defaults: smtp_alert_vrrp over smtp_alert, an object's own
 * line over both; no_email_faults; no server or no recipient: nothing */
START_TEST(alert_globals)
{
	struct config *cfg = load(" smtp_alert\n smtp_alert_vrrp off\n no_email_faults\n", "", "",
				  "", "smtp_alert no");
	struct mail_alert_text t;
	struct vrrp_state_change c = change("VI_1", false, VRRP_STATE_MASTER);

	ck_assert(!mail_alert_vrrp(cfg, &c, "r1", &t));		/* smtp_alert_vrrp off */
	ck_assert(mail_alert_check(cfg, 0, CHK_EVENT_QUORUM, false, NULL, "r1", &t));	/* smtp_alert */
	ck_assert_str_eq(t.subject, "[r1] Virtualserver [10.0.0.100]:tcp:80 - DOWN");
	ck_assert(!mail_alert_check(cfg, 0, 0, false, "x", "r1", &t));	/* its own no */
	ck_assert(mail_alert_check(cfg, 0, 1, false, "x", "r1", &t));
	cfg_free(cfg);

	cfg = load(" smtp_alert_vrrp\n no_email_faults\n", "", " smtp_alert no\n", "", "");
	c = change("VI_1", false, VRRP_STATE_MASTER);
	ck_assert(!mail_alert_vrrp(cfg, &c, "r1", &t));		/* its own no */
	c = change("G1", true, VRRP_STATE_MASTER);
	ck_assert(mail_alert_vrrp(cfg, &c, "r1", &t));
	c = change("G1", true, VRRP_STATE_FAULT);
	ck_assert(!mail_alert_vrrp(cfg, &c, "r1", &t));		/* no_email_faults */
	cfg->global.smtp.nto = 0;
	c = change("G1", true, VRRP_STATE_MASTER);
	ck_assert(!mail_alert_vrrp(cfg, &c, "r1", &t));
	cfg->global.smtp.nto = 1;
	cfg_free(cfg);
}
END_TEST

/* --- the keywords */

START_TEST(cfg_keywords)
{
	struct config *cfg = unit_cfg_load(
		"global_defs {\n notification_email {\n  a@x.org b@y.org\n  c@z.org\n }\n"
		" notification_email_from k@r1.org\n smtp_server fd00::9 2525\n"
		" smtp_helo_name r1.example\n smtp_connect_timeout 5\n no_checker_emails\n}\n");
	const struct cfg_smtp *s = &cfg->global.smtp;

	ck_assert_uint_eq(s->nto, 3);
	ck_assert_str_eq(s->to[2], "c@z.org");
	ck_assert_str_eq(s->from, "k@r1.org");
	ck_assert_uint_eq(s->server.af, AF_INET6);
	ck_assert_uint_eq(s->port, 2525);
	ck_assert_str_eq(s->helo, "r1.example");
	ck_assert_uint_eq(s->connect_timeout_s, 5);
	ck_assert(s->no_checker_emails && !s->no_email_faults);
	cfg_free(cfg);

	cfg = unit_cfg_load("global_defs {\n router_id x\n}\n");
	ck_assert_uint_eq(cfg->global.smtp.port, 25);
	ck_assert_uint_eq(cfg->global.smtp.connect_timeout_s, 30);
	ck_assert(!mail_alert_on(&cfg->global.smtp));
	cfg_free(cfg);

	ck_assert_ptr_null(unit_cfg_load_saying("global_defs {\n notification_email {\n  \"a<b\"\n }\n}\n",
						"t.conf:3:3: error: 'a<b': notification_email takes an email address (name@domain)"));
	ck_assert_ptr_null(unit_cfg_load_saying("global_defs {\n smtp_connect_timeout 0\n}\n",
						"t.conf:2:23: error: '0': smtp_connect_timeout must be in 1..3600"));
	cfg = unit_cfg_load_saying("global_defs {\n notification_email {\n  a@x.org\n }\n smtp_server mx.example.org\n}\n",
				   "t.conf:5:14: warning: 'mx.example.org': keel takes an IP address as smtp_server, "
				   "not a name: no email alerts");
	ck_assert_ptr_nonnull(cfg);
	ck_assert(!mail_alert_on(&cfg->global.smtp));
	cfg_free(cfg);
}
END_TEST

Suite *smtp_suite(void)
{
	Suite *s = suite_create("smtp");
	TCase *msg = tcase_create("msg"), *client = tcase_create("client"), *alert = tcase_create("alert"),
	      *conf = tcase_create("cfg");

	tcase_add_test(msg, msg_headers_and_body);
	tcase_add_test(msg, msg_dot_stuffing_and_line_ends);
	tcase_add_test(msg, msg_date);
	tcase_add_test(client, client_whole_mail);
	tcase_add_test(client, client_close_after_delivery);
	tcase_add_test(client, client_failures);
	tcase_add_test(client, client_recipients);
	tcase_add_test(client, client_long_reply);
	tcase_add_test(alert, alert_vrrp_defaults);
	tcase_add_test(alert, alert_vrrp_subjects);
	tcase_add_test(alert, alert_globals);
	tcase_add_test(conf, cfg_keywords);
	suite_add_tcase(s, msg);
	suite_add_tcase(s, client);
	suite_add_tcase(s, alert);
	suite_add_tcase(s, conf);
	return s;
}
