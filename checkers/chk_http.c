// SPDX-License-Identifier: GPL-2.0-or-later
/* HTTP_GET, and the core SSL_GET shares (see chk_http.h). One probe walks
 * the urls: connect, send a GET, read the answer with chk_http_resp, judge
 * it, close; the next url, or the result. The engine's timeout covers the
 * whole walk (connect_timeout for each url). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <event2/buffer.h>

#include "chk_http.h"
#include "chk_sock.h"

static void conn_close(struct chk_http_probe *p)
{
	if (p->conn_ev)
		event_free(p->conn_ev);
	if (p->fd >= 0)
		close(p->fd);
	if (p->bev)
		bufferevent_free(p->bev);	/* closes its socket and TLS object */
	p->conn_ev = NULL;
	p->fd = -1;
	p->bev = NULL;
}

static void finish(struct chk *c, bool ok, const char *why)
{
	struct chk_http_probe *p = c->priv;

	conn_close(p);
	if (!ok && c->conf->http->nurls > 1 && why != p->reason) {
		snprintf(p->reason, sizeof(p->reason), "%s: %s", c->conf->http->urls[p->url].path, why);
		why = p->reason;
	}
	chk_probe_done(c, ok, why, -1);
}

const char *chk_http_vhost(const struct chk *c, size_t i)
{
	const char *v = c->conf->http->urls[i].virtualhost;

	v = v ? v : c->conf->http->virtualhost;
	v = v ? v : c->rs->opt->virtualhost;
	return v ? v : c->vs->virtualhost;
}

/* Host: the virtual host, else the target address (and port if not the
 * scheme's default). */
static void host_field(const struct chk *c, const char *vhost, char *buf, size_t len)
{
	unsigned dflt = c->conf->kind == CFG_CHECK_SSL ? 443 : 80, port;
	char a[INET6_ADDRSTRLEN] = "";
	union chk_sa to;
	bool v6;

	if (vhost) {
		snprintf(buf, len, "%s", vhost);
		return;
	}
	chk_target(c, &to);
	v6 = to.sa.sa_family == AF_INET6;
	port = ntohs(v6 ? to.in6.sin6_port : to.in.sin_port);
	inet_ntop(to.sa.sa_family, v6 ? (const void *)&to.in6.sin6_addr : (const void *)&to.in.sin_addr,
		  a, sizeof(a));
	if (port == dflt)
		snprintf(buf, len, v6 ? "[%s]" : "%s", a);
	else
		snprintf(buf, len, v6 ? "[%s]:%u" : "%s:%u", a, port);
}

/* http_protocol: 1.0 (the default), 1.0C (1.0 with Connection: close), 1.1. */
static int send_request(struct chk *c, const char *host)
{
	const char *proto = c->conf->http->http_protocol ? c->conf->http->http_protocol : "1.0";
	bool v11 = strcmp(proto, "1.1") == 0, close_hdr = v11 || strcasecmp(proto, "1.0C") == 0;
	struct chk_http_probe *p = c->priv;

	return evbuffer_add_printf(bufferevent_get_output(p->bev),
				   "GET %s HTTP/1.%c\r\nUser-Agent: keel\r\nHost: %s\r\n%s\r\n",
				   c->conf->http->urls[p->url].path, v11 ? '1' : '0', host,
				   close_hdr ? "Connection: close\r\n" : "") < 0 ? -ENOMEM : 0;
}

static bool status_ok(const struct cfg_http_url *u, int status)
{
	return status >= 0 && status < 640 && (u->status_mask[status / 64] >> (status % 64) & 1);
}

static bool digest_ok(struct chk_http_probe *p, const char *want)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	char hex[2 * EVP_MAX_MD_SIZE + 1];

	if (EVP_DigestFinal_ex(p->md, md, &n) != 1)
		return false;
	for (unsigned i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	hex[2 * n] = '\0';
	return strcasecmp(hex, want) == 0;
}

static int url_begin(struct chk *c);

/* An answer read (or its head, when no digest is wanted): judge it. */
static void url_done(struct chk *c)
{
	struct chk_http_probe *p = c->priv;
	const struct cfg_http_url *u = &c->conf->http->urls[p->url];
	char buf[200];
	const char *why;

	if (!status_ok(u, p->resp.status)) {
		snprintf(p->reason, sizeof(p->reason), "%s%sHTTP status %d", c->conf->http->nurls > 1 ? u->path : "",
			 c->conf->http->nurls > 1 ? ": " : "", p->resp.status);
		finish(c, false, p->reason);
		return;
	}
	if (u->digest && !digest_ok(p, u->digest)) {
		finish(c, false, "digest mismatch");
		return;
	}
	if ((why = chk_http_regex_verdict(&u->regex, &p->body, buf, sizeof(buf)))) {
		finish(c, false, why);
		return;
	}
	conn_close(p);
	if (++p->url == c->conf->http->nurls) {
		p->url--;
		finish(c, true, "ok");
		return;
	}
	int rc = url_begin(c);
	if (rc < 0)
		finish(c, false, strerror(-rc));
}

/* Feeds what arrived to the reader; true when the answer is judged. */
static bool read_answer(struct chk *c, struct evbuffer *in)
{
	struct chk_http_probe *p = c->priv;
	bool need_body = c->conf->http->urls[p->url].digest || p->keep_body;
	enum chk_http_rc rc = CHK_HTTP_MORE;

	while (rc == CHK_HTTP_MORE && evbuffer_get_length(in) > 0) {
		struct evbuffer_iovec v;
		if (evbuffer_peek(in, -1, NULL, &v, 1) < 1)
			break;
		rc = chk_http_resp_feed(&p->resp, v.iov_base, v.iov_len);
		evbuffer_drain(in, v.iov_len);
		if (!need_body && chk_http_resp_head_done(&p->resp))
			break;
	}
	if (rc < 0) {
		finish(c, false, chk_http_strerror(rc));
		return true;
	}
	if (rc == CHK_HTTP_DONE || (!need_body && chk_http_resp_head_done(&p->resp))) {
		url_done(c);
		return true;
	}
	return false;
}

static void on_read(struct bufferevent *bev, void *arg)
{
	read_answer(arg, bufferevent_get_input(bev));
}

static void on_event(struct bufferevent *bev, short what, void *arg)
{
	struct chk *c = arg;
	struct chk_http_probe *p = c->priv;
	enum chk_http_rc rc;

	if (!(what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)))
		return;
	if (read_answer(c, bufferevent_get_input(bev)))
		return;
	if (what & BEV_EVENT_ERROR) {
		int err = EVUTIL_SOCKET_ERROR();
		if (p->why && p->why(bev, p->reason, sizeof(p->reason)))
			finish(c, false, p->reason);
		else
			finish(c, false, err ? strerror(err) : "connection error");
		return;
	}
	rc = chk_http_resp_eof(&p->resp);
	if (rc == CHK_HTTP_DONE)
		url_done(c);
	else
		finish(c, false, chk_http_strerror(rc));
}

static void on_connected(evutil_socket_t fd, short what, void *arg)
{
	struct chk *c = arg;
	struct chk_http_probe *p = c->priv;
	const char *vhost = chk_http_vhost(c, p->url);
	char host[300];
	int err = 0;
	socklen_t len = sizeof(err);

	(void)what;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (err) {
		finish(c, false, strerror(err));
		return;
	}
	event_free(p->conn_ev);
	p->conn_ev = NULL;
	p->fd = -1;
	p->bev = p->wrap(c, fd, vhost);
	if (!p->bev) {
		close(fd);
		finish(c, false, "out of memory");
		return;
	}
	host_field(c, vhost, host, sizeof(host));
	bufferevent_setcb(p->bev, on_read, NULL, on_event, c);
	if (bufferevent_enable(p->bev, EV_READ | EV_WRITE) < 0 || send_request(c, host) < 0)
		finish(c, false, "out of memory");
}

static void body_take(void *arg, const uint8_t *b, size_t n)
{
	struct chk_http_probe *p = arg;

	EVP_DigestUpdate(p->md, b, n);
	if (p->keep_body)
		chk_http_body_keep(&p->body, b, n);
}

static int url_begin(struct chk *c)
{
	struct chk_http_probe *p = c->priv;
	bool connecting;
	int fd;

	chk_http_resp_init(&p->resp, CHK_HTTP_MAX_HEAD, CHK_HTTP_MAX_BODY, body_take, p);
	chk_http_body_reset(&p->body);
	p->keep_body = c->conf->http->urls[p->url].regex.compiled != NULL;
	if (EVP_DigestInit_ex(p->md, EVP_md5(), NULL) != 1)
		return -ENOMEM;
	fd = chk_socket_connect(c, SOCK_STREAM, 0, NULL, &connecting);
	if (fd < 0)
		return fd;
	/* connected at once or not yet: writable tells */
	p->fd = fd;
	p->conn_ev = event_new(c->env->base, fd, EV_WRITE, on_connected, c);
	if (!p->conn_ev || event_add(p->conn_ev, NULL) < 0) {
		conn_close(p);
		return -ENOMEM;
	}
	return 0;
}

int chk_http_start(struct chk *c)
{
	struct chk_http_probe *p = c->priv;

	p->url = 0;
	return url_begin(c);
}

void chk_http_cancel(struct chk *c)
{
	conn_close(c->priv);
}

int chk_http_init(struct chk *c)
{
	struct chk_http_probe *p = c->priv;

	p->fd = -1;
	p->md = EVP_MD_CTX_new();
	return p->md ? 0 : -ENOMEM;
}

void chk_http_fini(struct chk *c)
{
	struct chk_http_probe *p = c->priv;

	conn_close(p);
	EVP_MD_CTX_free(p->md);
	p->md = NULL;
	chk_http_body_free(&p->body);
}

static struct bufferevent *plain_wrap(struct chk *c, evutil_socket_t fd, const char *host)
{
	(void)host;
	return bufferevent_socket_new(c->env->base, fd, BEV_OPT_CLOSE_ON_FREE);
}

static int http_init(struct chk *c)
{
	struct chk_http_probe *p = c->priv;

	p->wrap = plain_wrap;
	return chk_http_init(c);
}

const struct checker_ops chk_http_ops = {
	.kind = CFG_CHECK_HTTP,
	.priv_size = sizeof(struct chk_http_probe),
	.init = http_init,
	.fini = chk_http_fini,
	.start = chk_http_start,
	.cancel = chk_http_cancel,
};
