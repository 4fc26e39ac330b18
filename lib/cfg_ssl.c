// SPDX-License-Identifier: GPL-2.0-or-later
/* SSL { password ca certificate key }: read into cfg_global.ssl, then the
 * context is built once here so that a missing file, a file that holds no
 * key or certificate, or a wrong password is a config error at its
 * keyword, at check time rather than at the first probe. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cfg_inputs.h"
#include "cfg_ssl.h"
#include "tls_ctx.h"

static int ssl_str(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_ssl *s = obj;
	const char *k = st->argv[0];
	char **dst = strcmp(k, "password") == 0 ? &s->password
		   : strcmp(k, "ca") == 0 ? &s->ca
		   : strcmp(k, "certificate") == 0 ? &s->certificate : &s->key;
	struct cfg_loc *where = dst == &s->password ? &s->password_where
			      : dst == &s->ca ? &s->ca_where
			      : dst == &s->certificate ? &s->certificate_where : &s->key_where;

	*where = st->loc[0];
	return cfg_arg_str(p, st, 1, dst);
}

static const struct cfg_kw ssl_kw[] = {
	{ "ca", 1, 1, ssl_str, NULL, NULL, NULL },
	{ "certificate", 1, 1, ssl_str, NULL, NULL, NULL },
	{ "key", 1, 1, ssl_str, NULL, NULL, NULL },
	{ "password", 1, 1, ssl_str, NULL, NULL, NULL },
};

static const struct cfg_loc *part_where(const struct cfg_ssl *s, enum tls_ctx_part part)
{
	switch (part) {
	case TLS_PART_CA:
		return &s->ca_where;
	case TLS_PART_CERTIFICATE:
		return &s->certificate_where;
	case TLS_PART_KEY:
		return s->key ? &s->key_where : &s->certificate_where;
	case TLS_PART_PASSWORD:
		return &s->password_where;
	case TLS_PART_NONE:
		break;
	}
	return &s->where;
}

static void ssl_close(struct cfg_parser *p, void *obj, const struct cfg_loc *where)
{
	struct cfg_ssl *s = obj;
	enum tls_ctx_part part;
	char err[512];
	SSL_CTX *ctx;

	(void)where;
	if (s->password && !s->certificate)
		cfg_diag_warn(p->diag, &s->password_where, "password without certificate or key: unused");
	if (p->opts && p->opts->inputs) {	/* the files the build below reads */
		const char *files[] = { s->ca, s->certificate, s->key };

		for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
			if (files[i])
				cfg_inputs_file(p->opts->inputs, files[i], NULL);
	}
	ctx = tls_ctx_build(s, &part, err, sizeof(err));
	if (!ctx)
		cfg_diag_error(p->diag, part_where(s, part), "SSL: %s", err);
	SSL_CTX_free(ctx);
}

const struct cfg_block cfg_ssl_block = { "SSL", CFG_TABLE(ssl_kw), NULL, ssl_close };

void *cfg_ssl_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_ssl *s = &((struct config *)obj)->global.ssl;

	(void)p;
	s->set = true;
	s->where = st->loc[0];
	return s;
}

void cfg_ssl_free(struct cfg_ssl *s)
{
	free(s->password);
	free(s->ca);
	free(s->certificate);
	free(s->key);
}
