// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * HTTP_GET and SSL_GET share one core (chk_http.c): a probe fetches every
 * url of the check in turn, one connection each, and passes when every
 * answer has an accepted status and, where a digest is set, a body with
 * that MD5, and where a regex is, a body it matches (or not). SSL_GET (chk_ssl.c) only adds TLS on the connected socket.
 */
#ifndef KEEL_CHK_HTTP_H
#define KEEL_CHK_HTTP_H

#include <event2/bufferevent.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>

#include "chk.h"
#include "chk_http_regex.h"
#include "chk_http_resp.h"

/* Limits on what a probe reads of one answer. */
#define CHK_HTTP_MAX_HEAD (64 * 1024)
#define CHK_HTTP_MAX_BODY (16 * 1024 * 1024)

/* Turns a connected socket into a bufferevent that owns it, or NULL. */
typedef struct bufferevent *chk_http_wrap_fn(struct chk *c, evutil_socket_t fd, const char *host);

/* Why a connection failed, when the kind knows better than errno. */
typedef bool chk_http_why_fn(struct bufferevent *bev, char *buf, size_t len);

/* Per-check state: shared by both kinds. */
struct chk_http_probe {
	chk_http_wrap_fn *wrap;		/* set by the kind's init */
	chk_http_why_fn *why;		/* optional */
	SSL_CTX *tls;			/* SSL_GET's context (shared, chk_tls.h) */
	EVP_MD_CTX *md;
	int fd;				/* while connecting */
	struct event *conn_ev;
	struct bufferevent *bev;	/* once connected */
	size_t url;			/* the url in flight */
	struct chk_http_resp resp;
	struct chk_http_body body;	/* kept for the url's regex */
	bool keep_body;			/* the url in flight has one */
	char reason[160];
};

/* The virtual host of url i: its own, the check's, the real server's or
 * the virtual server's; NULL when none is set. */
const char *chk_http_vhost(const struct chk *c, size_t i);

int chk_http_init(struct chk *c);
void chk_http_fini(struct chk *c);
int chk_http_start(struct chk *c);
void chk_http_cancel(struct chk *c);

#endif
