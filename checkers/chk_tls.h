// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SSL_GET's TLS decisions, kept apart from sockets so they can be tested:
 * which name the server's certificate must carry, and how a failed
 * handshake reads in the log. And the shared client contexts: one
 * SSL_CTX per distinct SSL block (and files), not one per check or run.
 *
 * What is verified, with an SSL block that sets ca:
 *  - the chain, up to a certificate of the ca file (OpenSSL's default
 *    checks: signatures, validity dates, CA flags, purpose);
 *  - the name, when the check has a virtual host (url, check, real or
 *    virtual server) or enable_sni: the virtual host as a DNS name (or as
 *    an IP address when it is one); with enable_sni and no virtual host,
 *    the address probed, as an IP address. Otherwise the chain only.
 * Without ca nothing is verified (keepalived's behaviour).
 */
#ifndef KEEL_CHK_TLS_H
#define KEEL_CHK_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include <openssl/ssl.h>

#include "cfg.h"

union chk_sa;

enum chk_tls_name_kind { CHK_TLS_NAME_NONE, CHK_TLS_NAME_HOST, CHK_TLS_NAME_IP };

struct chk_tls_name {
	enum chk_tls_name_kind kind;
	char name[256];
};

/* The name to verify: verify is whether the context checks the peer
 * (ca set); vhost may be NULL; target is the address probed. */
void chk_tls_peer_name(bool verify, const char *vhost, bool enable_sni,
		       const union chk_sa *target, struct chk_tls_name *out);

/* The reason of a failed TLS connection: err is the first OpenSSL error
 * (0: none), verify the certificate verification result. OpenSSL records
 * that result even when it does not act on it, so it counts only when
 * verifying (the context has SSL_VERIFY_PEER). False when nothing says
 * anything. */
bool chk_tls_reason(unsigned long err, bool verifying, long verify, char *buf, size_t len);

/* A client context for the SSL block s, shared by every check with the
 * same block and the same files on disk; NULL when it cannot be built
 * (logged here). Give it back with chk_tls_ctx_put. */
SSL_CTX *chk_tls_ctx_get(const struct cfg_ssl *s);
void chk_tls_ctx_put(SSL_CTX *ctx);

#endif
