// SPDX-License-Identifier: GPL-2.0-or-later
/* Email alerts on the wire (see smtp_send.h). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>

#include "log.h"
#include "smtp_msg.h"
#include "smtp_proto.h"
#include "smtp_send.h"

struct mail {
	struct mail *next;
	struct sockaddr_storage ss;
	socklen_t sslen;
	char server[64];		/* "[10.0.0.1]:25", for messages */
	unsigned timeout_s;
	char *subject;			/* for messages */
	char *helo, *from;
	char **to;
	size_t nto;
	char *data;
	struct smtp_envelope env;
};

struct smtp_sender {
	struct event_base *base;
	struct mail *head, **tail;	/* head is the one being sent */
	size_t n;
	struct bufferevent *bev;
	struct smtp_client client;
	unsigned long sent, failed;
};

static void mail_free(struct mail *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nto; i++)
		free(m->to[i]);
	free(m->to);
	free(m->subject);
	free(m->helo);
	free(m->from);
	free(m->data);
	free(m);
}

struct smtp_sender *smtp_sender_new(struct event_base *base)
{
	struct smtp_sender *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->base = base;
	s->tail = &s->head;
	return s;
}

static void close_conn(struct smtp_sender *s)
{
	if (s->bev)
		bufferevent_free(s->bev);
	s->bev = NULL;
}

void smtp_sender_free(struct smtp_sender *s)
{
	if (!s)
		return;
	close_conn(s);
	if (s->n)
		log_warnx("email alerts: %zu not sent at stop", s->n);
	while (s->head) {
		struct mail *m = s->head;

		s->head = m->next;
		mail_free(m);
	}
	free(s);
}

void smtp_sender_counts(const struct smtp_sender *s, unsigned long *sent, unsigned long *failed)
{
	*sent = s ? s->sent : 0;
	*failed = s ? s->failed : 0;
}

static void start_next(struct smtp_sender *s);

/* The head mail is over, one way or the other: one log line, the next. */
static void finish(struct smtp_sender *s, bool ok)
{
	struct mail *m = s->head;

	close_conn(s);
	if (ok) {
		s->sent++;
		log_info("email alert sent via %s: %s%s", m->server, m->subject,
			 s->client.refused ? " (some recipients refused)" : "");
	} else {
		s->failed++;
		log_warnx("email alert not sent via %s: %s (%s)", m->server, s->client.error,
			  m->subject);
	}
	s->head = m->next;
	if (!s->head)
		s->tail = &s->head;
	s->n--;
	mail_free(m);
	start_next(s);
}

static void act(struct smtp_sender *s, enum smtp_act a, const struct smtp_out *out)
{
	if (a == SMTP_ACT_SEND && bufferevent_write(s->bev, out->data, out->len) < 0) {
		smtp_client_closed(&s->client, "out of memory");
		a = SMTP_ACT_FAIL;
	}
	if (a == SMTP_ACT_DONE || a == SMTP_ACT_FAIL)
		finish(s, a == SMTP_ACT_DONE);
}

static void on_read(struct bufferevent *bev, void *arg)
{
	struct smtp_sender *s = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	char buf[512];
	int n;

	/* a piece at a time: the client may finish (and free bev) */
	while (s->bev == bev && (n = evbuffer_remove(in, buf, sizeof(buf))) > 0) {
		struct smtp_out out;

		act(s, smtp_client_input(&s->client, buf, (size_t)n, &out), &out);
	}
}

static void on_event(struct bufferevent *bev, short what, void *arg)
{
	struct smtp_sender *s = arg;
	char why[128];

	(void)bev;
	if (what & BEV_EVENT_CONNECTED) {
		smtp_client_connected(&s->client);
		return;
	}
	if (what & BEV_EVENT_TIMEOUT)
		snprintf(why, sizeof(why), "no answer within %u s", s->head->timeout_s);
	else if (what & BEV_EVENT_EOF)
		snprintf(why, sizeof(why), "closed by the server");
	else
		snprintf(why, sizeof(why), "%s", strerror(EVUTIL_SOCKET_ERROR() ? EVUTIL_SOCKET_ERROR() : EIO));
	act(s, smtp_client_closed(&s->client, why), NULL);
}

/* Connects for the head mail; a failure at once ends it at once. */
static void start_next(struct smtp_sender *s)
{
	struct mail *m;
	struct timeval tv;

	while ((m = s->head) && !s->bev) {
		smtp_client_init(&s->client, &m->env);
		tv = (struct timeval){ .tv_sec = m->timeout_s };
		s->bev = bufferevent_socket_new(s->base, -1, BEV_OPT_CLOSE_ON_FREE);
		if (!s->bev) {
			smtp_client_closed(&s->client, "out of memory");
			finish(s, false);
			return;
		}
		bufferevent_setcb(s->bev, on_read, NULL, on_event, s);
		bufferevent_set_timeouts(s->bev, &tv, &tv);
		bufferevent_enable(s->bev, EV_READ | EV_WRITE);
		if (bufferevent_socket_connect(s->bev, (struct sockaddr *)&m->ss, (int)m->sslen) < 0) {
			smtp_client_closed(&s->client, strerror(errno ? errno : EIO));
			finish(s, false);
			return;
		}
	}
}

static bool fill_addr(struct mail *m, const struct cfg_smtp *conf)
{
	char a[INET6_ADDRSTRLEN];

	memset(&m->ss, 0, sizeof(m->ss));
	if (conf->server.af == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&m->ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(conf->port);
		memcpy(&sin->sin_addr, conf->server.b, 4);
		m->sslen = sizeof(*sin);
	} else if (conf->server.af == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&m->ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(conf->port);
		memcpy(&sin6->sin6_addr, conf->server.b, 16);
		m->sslen = sizeof(*sin6);
	} else {
		return false;
	}
	cfg_ip_format(&conf->server, a, sizeof(a));
	snprintf(m->server, sizeof(m->server), "[%s]:%u", a, conf->port);
	return true;
}

/* The copies a mail keeps: the config may be gone before it is sent. */
static struct mail *mail_new(const struct cfg_smtp *conf, const char *helo, const char *from,
			     const char *subject, const char *body)
{
	struct mail *m = calloc(1, sizeof(*m));
	char date[64];
	bool ok;

	if (!m)
		return NULL;
	m->timeout_s = conf->connect_timeout_s ? conf->connect_timeout_s : CFG_SMTP_TIMEOUT_S;
	m->subject = strdup(subject);
	m->helo = strdup(helo);
	m->from = strdup(from);
	m->to = calloc(conf->nto ? conf->nto : 1, sizeof(*m->to));
	ok = fill_addr(m, conf) && m->subject && m->helo && m->from && m->to;
	for (size_t i = 0; ok && i < conf->nto; i++, m->nto++)
		ok = (m->to[i] = strdup(conf->to[i])) != NULL;
	smtp_msg_date(time(NULL), true, date, sizeof(date));
	if (ok)
		m->data = smtp_msg_compose(&(struct smtp_msg){ .from = from, .to = (const char *const *)m->to,
							       .nto = m->nto, .subject = subject,
							       .date = date, .body = body },
					   &m->env.len);
	if (!ok || !m->data) {
		mail_free(m);
		return NULL;
	}
	m->env = (struct smtp_envelope){ .helo = m->helo, .from = m->from,
					 .to = (const char *const *)m->to, .nto = m->nto,
					 .data = m->data, .len = m->env.len };
	return m;
}

int smtp_sender_send(struct smtp_sender *s, const struct cfg_smtp *conf, const char *helo,
		     const char *from, const char *subject, const char *body)
{
	struct mail *m;

	if (s->n >= SMTP_SEND_QUEUE) {
		s->failed++;
		log_warnx("email alert dropped: %zu waiting already (%s)", s->n, subject);
		return -1;
	}
	m = mail_new(conf, helo, from, subject, body);
	if (!m) {
		s->failed++;
		log_warnx("email alert dropped: out of memory (%s)", subject);
		return -1;
	}
	*s->tail = m;
	s->tail = &m->next;
	s->n++;
	start_next(s);
	return 0;
}
