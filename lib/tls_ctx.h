// SPDX-License-Identifier: GPL-2.0-or-later
/* The TLS client context SSL_GET uses, built from the SSL block. One
 * builder serves both the config check (keeld -t, reload: build, report,
 * free) and the checkers, so what passes the check is what runs. */
#ifndef KEEL_TLS_CTX_H
#define KEEL_TLS_CTX_H

#include <stddef.h>

#include <openssl/ssl.h>

#include "cfg.h"

/* Which keyword of the SSL block a failure belongs to. */
enum tls_ctx_part { TLS_PART_NONE, TLS_PART_CA, TLS_PART_CERTIFICATE, TLS_PART_KEY, TLS_PART_PASSWORD };

/* A client context: with ca, the server's chain must verify against it
 * (SSL_VERIFY_PEER; names are checked per connection, see chk_tls.h);
 * without, nothing is verified. certificate/key (key defaults to the
 * certificate file), decrypted with password, make the client
 * certificate. NULL on failure, with *part and a message in err. Leaves
 * the OpenSSL error queue empty. */
SSL_CTX *tls_ctx_build(const struct cfg_ssl *s, enum tls_ctx_part *part, char *err, size_t len);

#endif
