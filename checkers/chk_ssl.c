// SPDX-License-Identifier: GPL-2.0-or-later
/* SSL_GET: HTTP_GET (chk_http.c) over TLS. The server name goes out as SNI
 * with enable_sni (when a virtual host is set). keel reads no SSL block
 * (ca, certificate, key), so the context is generated and the server's
 * certificate is not verified: the check is about the service answering,
 * not about trusting it. */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include <openssl/err.h>

#include <event2/bufferevent_ssl.h>

#include "chk_http.h"

static struct bufferevent *tls_wrap(struct chk *c, evutil_socket_t fd, const char *host)
{
	struct chk_http_probe *p = c->priv;
	struct bufferevent *bev;
	SSL *ssl = SSL_new(p->tls);

	if (!ssl)
		return NULL;
	if (c->conf->http->enable_sni && host && SSL_set_tlsext_host_name(ssl, host) != 1) {
		SSL_free(ssl);
		return NULL;
	}
	bev = bufferevent_openssl_socket_new(c->base, fd, ssl, BUFFEREVENT_SSL_CONNECTING,
					     BEV_OPT_CLOSE_ON_FREE);
	if (!bev) {
		SSL_free(ssl);
		return NULL;
	}
	/* a server that closes without close_notify has still answered; the
	 * reader tells a cut answer from a whole one by its framing */
	bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
	return bev;
}

static bool tls_why(struct bufferevent *bev, char *buf, size_t len)
{
	unsigned long e = bufferevent_get_openssl_error(bev);
	const char *r = e ? ERR_reason_error_string(e) : NULL;

	if (!e)
		return false;
	snprintf(buf, len, "TLS: %s", r ? r : "error");
	return true;
}

static int ssl_init(struct chk *c)
{
	struct chk_http_probe *p = c->priv;

	p->tls = SSL_CTX_new(TLS_client_method());
	if (!p->tls)
		return -ENOMEM;
	SSL_CTX_set_verify(p->tls, SSL_VERIFY_NONE, NULL);
	p->wrap = tls_wrap;
	p->why = tls_why;
	if (chk_http_init(c) < 0) {
		SSL_CTX_free(p->tls);
		p->tls = NULL;
		return -ENOMEM;
	}
	return 0;
}

const struct checker_ops chk_ssl_ops = {
	.kind = CFG_CHECK_SSL,
	.priv_size = sizeof(struct chk_http_probe),
	.init = ssl_init,
	.fini = chk_http_fini,
	.start = chk_http_start,
	.cancel = chk_http_cancel,
};
