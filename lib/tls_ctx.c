// SPDX-License-Identifier: GPL-2.0-or-later
/* Builds SSL_GET's client context from the SSL block (see tls_ctx.h). The
 * key is read here rather than with SSL_CTX_use_PrivateKey_file so that a
 * wrong password can be told from a file that holds no key. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>

#include "tls_ctx.h"

struct pw_state {
	const char *password;
	bool asked;
};

static int pw_cb(char *buf, int size, int rwflag, void *arg)
{
	struct pw_state *st = arg;
	size_t n;

	(void)rwflag;
	st->asked = true;
	if (!st->password)
		return -1;
	n = strlen(st->password);
	if (n > (size_t)size)
		return -1;
	memcpy(buf, st->password, n);
	return (int)n;
}

/* Whether path can be opened for reading; err says why not. */
static bool readable(const char *what, const char *path, char *err, size_t len)
{
	FILE *f = fopen(path, "r");

	if (!f) {
		snprintf(err, len, "cannot read %s file '%s': %s", what, path, strerror(errno));
		return false;
	}
	fclose(f);
	return true;
}

static EVP_PKEY *read_key(const char *path, const char *password, enum tls_ctx_part *part,
			  char *err, size_t len)
{
	struct pw_state st = { .password = password };
	BIO *b = BIO_new_file(path, "r");
	EVP_PKEY *k = b ? PEM_read_bio_PrivateKey(b, NULL, pw_cb, &st) : NULL;

	BIO_free(b);
	if (k)
		return k;
	*part = st.asked && password ? TLS_PART_PASSWORD : TLS_PART_KEY;
	if (st.asked && password)
		snprintf(err, len, "cannot decrypt key file '%s' with the password given", path);
	else if (st.asked)
		snprintf(err, len, "key file '%s' is encrypted and no password is given", path);
	else
		snprintf(err, len, "key file '%s' holds no PEM private key", path);
	return NULL;
}

static int load_ca(SSL_CTX *ctx, const char *ca, char *err, size_t len)
{
	if (!readable("ca", ca, err, len))
		return -1;
	if (SSL_CTX_load_verify_file(ctx, ca) != 1) {
		snprintf(err, len, "ca file '%s' holds no PEM certificate", ca);
		return -1;
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	return 0;
}

static int load_client(SSL_CTX *ctx, const struct cfg_ssl *s, enum tls_ctx_part *part,
		       char *err, size_t len)
{
	const char *kpath = s->key ? s->key : s->certificate;
	EVP_PKEY *k;
	int rc = -1;

	*part = TLS_PART_CERTIFICATE;
	if (!readable("certificate", s->certificate, err, len))
		return -1;
	if (SSL_CTX_use_certificate_chain_file(ctx, s->certificate) != 1) {
		snprintf(err, len, "certificate file '%s' holds no PEM certificate", s->certificate);
		return -1;
	}
	*part = TLS_PART_KEY;
	if (!readable("key", kpath, err, len) || !(k = read_key(kpath, s->password, part, err, len)))
		return -1;
	if (SSL_CTX_use_PrivateKey(ctx, k) != 1 || SSL_CTX_check_private_key(ctx) != 1)
		snprintf(err, len, "key file '%s' does not match certificate '%s'", kpath, s->certificate);
	else
		rc = 0;
	EVP_PKEY_free(k);
	return rc;
}

SSL_CTX *tls_ctx_build(const struct cfg_ssl *s, enum tls_ctx_part *part, char *err, size_t len)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

	*part = TLS_PART_NONE;
	if (!ctx) {
		snprintf(err, len, "out of memory");
		goto fail;
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	if (s->key && !s->certificate) {
		*part = TLS_PART_KEY;
		snprintf(err, len, "key needs a certificate");
		goto fail;
	}
	if (s->ca && load_ca(ctx, s->ca, err, len) < 0) {
		*part = TLS_PART_CA;
		goto fail;
	}
	if (s->certificate && load_client(ctx, s, part, err, len) < 0)
		goto fail;
	ERR_clear_error();
	return ctx;
fail:
	SSL_CTX_free(ctx);
	ERR_clear_error();
	return NULL;
}
