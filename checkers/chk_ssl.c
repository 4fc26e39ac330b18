// SPDX-License-Identifier: GPL-2.0-or-later
/* SSL_GET: HTTP_GET (chk_http.c) over TLS. The client context comes from
 * the top-level SSL block, shared (chk_tls_ctx.c): with ca the server's
 * certificate is verified, and its name when a virtual host or enable_sni
 * is set (chk_tls.h says exactly what); certificate/key give a client
 * certificate. Without an SSL block nothing is verified, as in keepalived.
 * The server name goes out as SNI with enable_sni (when a virtual host is
 * set). A verification failure fails the probe with its reason. */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <event2/bufferevent_ssl.h>

#include "chk_http.h"
#include "chk_tls.h"

/* Sets the name the server's certificate must carry (none: chain only). */
static bool set_peer_name(struct chk *c, SSL *ssl, const char *host)
{
	bool verify = SSL_get_verify_mode(ssl) & SSL_VERIFY_PEER;
	struct chk_tls_name n;
	union chk_sa to;

	chk_target(c, &to);
	chk_tls_peer_name(verify, host, c->conf->http->enable_sni, &to, &n);
	switch (n.kind) {
	case CHK_TLS_NAME_HOST:
		return SSL_set1_host(ssl, n.name) == 1;
	case CHK_TLS_NAME_IP:
		return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), n.name) == 1;
	case CHK_TLS_NAME_NONE:
		break;
	}
	return true;
}

static struct bufferevent *tls_wrap(struct chk *c, evutil_socket_t fd, const char *host)
{
	struct chk_http_probe *p = c->priv;
	struct bufferevent *bev;
	SSL *ssl = SSL_new(p->tls);

	if (!ssl)
		return NULL;
	if ((c->conf->http->enable_sni && host && SSL_set_tlsext_host_name(ssl, host) != 1) ||
	    !set_peer_name(c, ssl, host)) {
		SSL_free(ssl);
		ERR_clear_error();
		return NULL;
	}
	bev = bufferevent_openssl_socket_new(c->env->base, fd, ssl, BUFFEREVENT_SSL_CONNECTING,
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
	SSL *ssl = bufferevent_openssl_get_ssl(bev);
	bool verifying = ssl && (SSL_get_verify_mode(ssl) & SSL_VERIFY_PEER);

	return chk_tls_reason(bufferevent_get_openssl_error(bev), verifying,
			      ssl ? SSL_get_verify_result(ssl) : X509_V_OK, buf, len);
}

static int ssl_init(struct chk *c)
{
	struct chk_http_probe *p = c->priv;

	p->tls = chk_tls_ctx_get(&c->env->global->ssl);
	if (!p->tls)
		return -EIO;
	p->wrap = tls_wrap;
	p->why = tls_why;
	if (chk_http_init(c) < 0) {
		chk_tls_ctx_put(p->tls);
		p->tls = NULL;
		return -ENOMEM;
	}
	return 0;
}

static void ssl_fini(struct chk *c)
{
	struct chk_http_probe *p = c->priv;

	chk_http_fini(c);
	chk_tls_ctx_put(p->tls);
	p->tls = NULL;
}

const struct checker_ops chk_ssl_ops = {
	.kind = CFG_CHECK_SSL,
	.priv_size = sizeof(struct chk_http_probe),
	.init = ssl_init,
	.fini = ssl_fini,
	.start = chk_http_start,
	.cancel = chk_http_cancel,
};
