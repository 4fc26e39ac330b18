// SPDX-License-Identifier: GPL-2.0-or-later
/* The shared SSL_GET client contexts (see chk_tls.h). Every check of a
 * config has the same SSL block, and a reload builds all checks anew, so
 * one small list suffices. An entry's identity includes the files'
 * inode, size and modification time: a reload after a certificate was
 * replaced builds a new context instead of reusing the old one. The list
 * is process state, like the event loop: the daemon is single-threaded. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chk_tls.h"
#include "log.h"
#include "tls_ctx.h"

struct ctx_entry {
	struct ctx_entry *next;
	char *id;
	SSL_CTX *ctx;
	unsigned refs;
};

static struct ctx_entry *ctxs;

static void put_file(FILE *f, const char *path)
{
	struct stat sb;

	if (!path) {
		fputs("-|", f);
		return;
	}
	if (stat(path, &sb) < 0)
		memset(&sb, 0, sizeof(sb));
	fprintf(f, "%zu:%s:%llu:%llu:%lld:%lld.%09ld|", strlen(path), path,
		(unsigned long long)sb.st_dev, (unsigned long long)sb.st_ino, (long long)sb.st_size,
		(long long)sb.st_mtim.tv_sec, sb.st_mtim.tv_nsec);
}

/* The identity of s as text, or NULL when out of memory. */
static char *ctx_id(const struct cfg_ssl *s)
{
	char *id = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&id, &n);

	if (!f)
		return NULL;
	fprintf(f, "%d|%zu:%s|", s->set, s->password ? strlen(s->password) : 0,
		s->password ? s->password : "");
	put_file(f, s->ca);
	put_file(f, s->certificate);
	put_file(f, s->key);
	if (fclose(f) != 0) {
		free(id);
		return NULL;
	}
	return id;
}

SSL_CTX *chk_tls_ctx_get(const struct cfg_ssl *s)
{
	char *id = ctx_id(s), err[512];
	enum tls_ctx_part part;
	struct ctx_entry *e;

	if (!id) {
		log_warnx("SSL_GET: out of memory");
		return NULL;
	}
	for (e = ctxs; e; e = e->next)
		if (strcmp(e->id, id) == 0) {
			free(id);
			e->refs++;
			return e->ctx;
		}
	e = calloc(1, sizeof(*e));
	if (!e || !(e->ctx = tls_ctx_build(s, &part, err, sizeof(err)))) {
		log_warnx("SSL_GET: %s", e ? err : "out of memory");
		free(e);
		free(id);
		return NULL;
	}
	e->id = id;
	e->refs = 1;
	e->next = ctxs;
	ctxs = e;
	return e->ctx;
}

void chk_tls_ctx_put(SSL_CTX *ctx)
{
	for (struct ctx_entry **pp = &ctxs; *pp; pp = &(*pp)->next) {
		struct ctx_entry *e = *pp;
		if (e->ctx != ctx)
			continue;
		if (--e->refs == 0) {
			*pp = e->next;
			SSL_CTX_free(e->ctx);
			free(e->id);
			free(e);
		}
		return;
	}
}
