// SPDX-License-Identifier: GPL-2.0-or-later
/* The checker blocks of a real server: TCP_CHECK, HTTP_GET, SSL_GET,
 * MISC_CHECK, SMTP_CHECK, DNS_CHECK, UDP_CHECK, PING_CHECK, FILE_CHECK,
 * BFD_CHECK and keel's WG_CHECK. One table; each keyword names the kinds
 * it applies to. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <openssl/crypto.h>

#include "cfg_block.h"
#include "cfg_inputs.h"
#include "cfg_lvs.h"
#include "dns_msg.h"
#include "http_regex.h"
#include "wg_key.h"

#define K(kind) (1u << CFG_CHECK_##kind)
#define CONN (K(TCP) | K(HTTP) | K(SSL) | K(SMTP) | K(DNS) | K(UDP) | K(PING) | K(WG))
#define WEB (K(HTTP) | K(SSL))

static const char *const kind_names[] = {
	[CFG_CHECK_TCP] = "TCP_CHECK", [CFG_CHECK_HTTP] = "HTTP_GET", [CFG_CHECK_SSL] = "SSL_GET",
	[CFG_CHECK_MISC] = "MISC_CHECK", [CFG_CHECK_SMTP] = "SMTP_CHECK", [CFG_CHECK_DNS] = "DNS_CHECK",
	[CFG_CHECK_UDP] = "UDP_CHECK", [CFG_CHECK_PING] = "PING_CHECK", [CFG_CHECK_FILE] = "FILE_CHECK",
	[CFG_CHECK_BFD] = "BFD_CHECK", [CFG_CHECK_WG] = "WG_CHECK",
};

const char *cfg_check_kind_name(enum cfg_check_kind k)
{
	return k < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[k] : "?";
}

/* Each handler first checks its keyword belongs to this kind of check. */
static bool applies(struct cfg_parser *p, const struct cfg_stmt *st, const struct cfg_check *c,
		    unsigned kinds)
{
	if (kinds & (1u << c->kind))
		return true;
	cfg_err(p, st, 0, "'%s' does not apply to %s", st->argv[0], cfg_check_kind_name(c->kind));
	return false;
}

const struct cfg_check_conn cfg_check_conn_none = { .bind_if = NULL };

/* c's connection options, made its own on first use. */
static struct cfg_check_conn *conn(struct cfg_parser *p, struct cfg_check *c)
{
	struct cfg_check_conn *o;

	if (c->conn != &cfg_check_conn_none)
		return (struct cfg_check_conn *)c->conn;	/* allocated below */
	if (!(o = calloc(1, sizeof(*o)))) {
		cfg_diag_error(p->diag, NULL, "out of memory");
		return NULL;
	}
	c->conn = o;
	return o;
}

static int ck_ip(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_check *c = obj;
	const char *k = st->argv[0];
	bool tunnel = strncmp(k, "tunnel_", 7) == 0;
	struct cfg_check_conn *o = NULL;

	if (!applies(p, st, c, tunnel ? K(WG) : CONN) || (!tunnel && !(o = conn(p, c))))
		return -1;
	return cfg_arg_ip(p, st, 1, strcmp(k, "connect_ip") == 0 ? &o->connect_ip
				  : strcmp(k, "bindto") == 0 ? &o->bindto
				  : strcmp(k, "tunnel_ping") == 0 ? &c->wg->tunnel_ping
				  : &c->wg->tunnel_source);
}

static int ck_port(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_check *c = obj;
	struct cfg_check_conn *o;

	if (!applies(p, st, c, CONN))
		return -1;
	if (strcmp(st->argv[0], "connect_port") == 0)
		return cfg_arg_port(p, st, 1, &c->connect_port);
	return (o = conn(p, c)) ? cfg_arg_port(p, st, 1, &o->bind_port) : -1;
}

static int ck_fwmark(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_check *c = obj;
	struct cfg_check_conn *o;
	uint64_t v;
	if (!applies(p, st, c, CONN) || cfg_arg_uint(p, st, 1, 0, UINT32_MAX, &v) < 0 || !(o = conn(p, c)))
		return -1;
	o->fwmark = (uint32_t)v;
	return 0;
}

/* The string option kw of c, whose kind it applies to; NULL without memory. */
static char **str_field(struct cfg_parser *p, struct cfg_check *c, const char *kw)
{
	struct cfg_check_conn *o;

	if (strcmp(kw, "bind_if") == 0)
		return (o = conn(p, c)) ? &o->bind_if : NULL;
	if (strcmp(kw, "helo_name") == 0)
		return &c->smtp->helo_name;
	if (strcmp(kw, "virtualhost") == 0)
		return &c->http->virtualhost;
	if (strcmp(kw, "type") == 0)
		return &c->dns->dns_type;
	if (strcmp(kw, "name") == 0 && c->kind == CFG_CHECK_DNS)
		return &c->dns->dns_name;
	return &c->track->track_name;	/* track_file, BFD's name */
}

static int ck_str(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	static const struct { const char *kw; unsigned kinds; } map[] = {
		{ "bind_if", CONN },
		{ "helo_name", K(SMTP) },
		{ "name", K(DNS) | K(BFD) },
		{ "track_file", K(FILE) },
		{ "type", K(DNS) },
		{ "virtualhost", WEB },
	};
	struct cfg_check *c = obj;
	char **field;

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (strcmp(st->argv[0], map[i].kw) != 0)
			continue;
		if (!applies(p, st, c, map[i].kinds) || !(field = str_field(p, c, map[i].kw)))
			return -1;
		return cfg_arg_str(p, st, 1, field);
	}
	return -1;
}

/* 1.0 (the default), 1.0C (1.0 with Connection: close) or 1.1; like
 * keepalived, keel ignores any other value with a warning. */
static int ck_http_protocol(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_check *c = obj;
	const char *v = st->argv[1];

	if (!applies(p, st, c, WEB))
		return -1;
	if (strcmp(v, "1.0") != 0 && strcasecmp(v, "1.0C") != 0 && strcmp(v, "1.1") != 0) {
		cfg_warn(p, st, 1, "http_protocol '%s' is not 1.0, 1.0C or 1.1; ignored", v);
		return 0;
	}
	return cfg_arg_str(p, st, 1, &c->http->http_protocol);
}

static int ck_bool(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_check *c = obj;
	const char *k = st->argv[0];

	if (strcmp(k, "alpha") == 0)
		return cfg_arg_bool(p, st, 1, &c->alpha);
	if (strcmp(k, "log_all_failures") == 0) {
		c->log_all_failures_set = true;
		return cfg_arg_bool(p, st, 1, &c->log_all_failures);
	}
	if (strcmp(k, "full_handshake") == 0) {
		struct cfg_check_conn *o;
		return applies(p, st, c, K(TCP)) && (o = conn(p, c)) ? cfg_arg_bool(p, st, 1, &o->full_handshake) : -1;
	}
	if (strcmp(k, "enable_sni") == 0)
		return applies(p, st, c, K(SSL)) ? cfg_arg_bool(p, st, 1, &c->http->enable_sni) : -1;
	if (strcmp(k, "fast_recovery") == 0)
		return applies(p, st, c, WEB) ? cfg_arg_bool(p, st, 1, &c->http->fast_recovery) : -1;
	if (strcmp(k, "misc_dynamic") == 0)
		return applies(p, st, c, K(MISC)) ? cfg_arg_bool(p, st, 1, &c->misc->misc_dynamic) : -1;
	return applies(p, st, c, K(FILE)) ? cfg_arg_bool(p, st, 1, &c->track->dynamic) : -1;
}

static int ck_timing(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_check *c = obj;
	uint64_t v;

	if (c->kind == CFG_CHECK_FILE || c->kind == CFG_CHECK_BFD) {
		applies(p, st, c, 0);
		return -1;
	}
	if (strcmp(st->argv[0], "misc_timeout") != 0)
		return cfg_timing_stmt(p, st, &c->timing);
	if (!applies(p, st, c, K(MISC)) || cfg_arg_timer(p, st, 1, &v) < 0)
		return -1;
	c->misc->misc_timeout = v;
	return 0;
}

/* FILE_CHECK weight N [reverse|noreverse]: a non-zero N replaces the
 * track_file block's weight and reverse, as in keepalived. */
static int ck_file_weight(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_check *c = obj;
	int64_t w;

	if (!applies(p, st, c, K(FILE)) || cfg_arg_int(p, st, 1, -2147483647, 2147483647, &w) < 0)
		return -1;
	if (st->argc > 2 && strcmp(st->argv[2], "reverse") != 0 && strcmp(st->argv[2], "noreverse") != 0) {
		cfg_err(p, st, 2, "'%s': want reverse or noreverse", st->argv[2]);
		return -1;
	}
	c->track->file_weight = (int)w;
	c->track->file_reverse = st->argc > 2 && strcmp(st->argv[2], "reverse") == 0;
	return 0;
}

static int ck_misc_path(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_check *c = obj;
	return applies(p, st, c, K(MISC)) ? cfg_arg_script(p, st, &c->misc->misc) : -1;
}

static int ck_user(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_check *c = obj;
	if (!applies(p, st, c, K(MISC)) || cfg_arg_str(p, st, 1, &c->misc->misc.user) < 0)
		return -1;
	return st->argc > 2 ? cfg_arg_str(p, st, 2, &c->misc->misc.group) : 0;
}

static int nibble(char ch, bool wild)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return wild && (ch == 'x' || ch == 'X') ? 16 : -1;
}

/* keepalived's free-form hex: "Ab12f 3 456" = AB 12 0F 03 45 06 (pairs
 * from the left; a lone last digit is a byte of its own). With mask, x/X
 * digits are wildcards: their mask nibble is 0, every other one is f. */
static int parse_hex(struct cfg_parser *p, const struct cfg_stmt *st, uint8_t **data,
		     uint8_t **mask, size_t *len)
{
	size_t cap = 0, n = 0;
	uint8_t *out, *msk;

	for (size_t i = 1; i < st->argc; i++)
		cap += (strlen(st->argv[i]) + 1) / 2;
	out = calloc(cap + 1, 1);
	msk = calloc(cap + 1, 1);
	if (!out || !msk)
		goto fail;
	for (size_t i = 1; i < st->argc; i++) {
		const char *w = st->argv[i];
		for (size_t k = 0; w[k]; k += 2) {
			int hi = nibble(w[k], mask != NULL);
			int lo = w[k + 1] ? nibble(w[k + 1], mask != NULL) : -2;
			if (hi < 0 || lo == -1) {
				cfg_err(p, st, i, "'%s': not a hex string", w);
				goto fail;
			}
			if (lo == -2) {		/* lone last digit */
				lo = hi;
				hi = 0;
			}
			out[n] = (uint8_t)((hi & 0xf) << 4 | (lo & 0xf));
			msk[n] = (uint8_t)((hi == 16 ? 0 : 0xf0) | (lo == 16 ? 0 : 0x0f));
			n++;
		}
	}
	free(*data);
	*data = out;
	if (mask) {
		free(*mask);
		*mask = msk;
	} else {
		free(msk);
	}
	*len = n;
	return 0;
fail:
	free(out);
	free(msk);
	return -1;
}

static int ck_udp(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_check *c = obj;
	struct cfg_check_udp *u;
	const char *k = st->argv[0];
	uint64_t v;

	if (!applies(p, st, c, K(UDP)))
		return -1;
	u = c->udp;
	if (strcmp(k, "payload") == 0)
		return parse_hex(p, st, &u->payload, NULL, &u->payload_len);
	if (strcmp(k, "require_reply") == 0) {
		u->require_reply = true;
		return st->argc > 1 ? parse_hex(p, st, &u->reply, &u->reply_mask, &u->reply_len) : 0;
	}
	if (cfg_arg_uint(p, st, 1, 0, 65535, &v) < 0)
		return -1;
	if (strcmp(k, "min_reply_length") == 0)
		u->min_reply_length = (unsigned)v;
	else
		u->max_reply_length = (unsigned)v;
	return 0;
}

/* --- WG_CHECK keys: base64 of exactly 32 bytes, inline or from a file */

/* The key without the line end a key file usually has. */
static int decode_key(const char *b64, uint8_t key[CFG_WG_KEY_LEN])
{
	size_t n = strlen(b64);

	while (n > 0 && (b64[n - 1] == '\n' || b64[n - 1] == '\r' || b64[n - 1] == ' '))
		n--;
	return wg_key_from_base64(key, b64, n) == 0 ? 0 : -1;
}

/* A relative key file is found beside the config file that names it. */
static FILE *open_beside(struct cfg_parser *p, const struct cfg_stmt *st, const char *name)
{
	const char *file = st->loc[1].file, *slash = file ? strrchr(file, '/') : NULL;
	char path[4096];
	FILE *f;
	struct stat sb;

	if (name[0] == '/' || !slash ? snprintf(path, sizeof(path), "%s", name) >= (int)sizeof(path)
	    : snprintf(path, sizeof(path), "%.*s/%s", (int)(slash - file), file, name) >= (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	f = fopen(path, "re");
	if (p->opts && p->opts->inputs) {
		int err = errno;

		cfg_inputs_file(p->opts->inputs, path, f && fstat(fileno(f), &sb) == 0 ? &sb : NULL);
		errno = err;
	}
	return f;
}

static int key_from_file(struct cfg_parser *p, const struct cfg_stmt *st, uint8_t *key)
{
	char buf[128];
	FILE *f = open_beside(p, st, st->argv[1]);
	size_t n;

	if (!f) {
		cfg_err(p, st, 1, "cannot read key file '%s': %s", st->argv[1], strerror(errno));
		return -1;
	}
	n = fread(buf, 1, sizeof(buf) - 1, f);
	if (ferror(f)) {	/* a directory opens, then fails to read */
		cfg_err(p, st, 1, "cannot read key file '%s': %s", st->argv[1], strerror(errno));
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[n] = '\0';
	if (decode_key(buf, key) < 0) {
		cfg_err(p, st, 1, "key file '%s' does not hold a base64 WireGuard key (44 characters)",
			st->argv[1]);
		return -1;
	}
	return 0;
}

static int ck_wg_key(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_check *c = obj;
	const char *k = st->argv[0];
	bool file = strstr(k, "_file") != NULL;
	struct cfg_check_wg *wg = c->wg;
	uint8_t *key;
	bool *has;

	if (!applies(p, st, c, K(WG)))
		return -1;
	key = strncmp(k, "public", 6) == 0 ? wg->wg_public_key
	    : strncmp(k, "probe", 5) == 0 ? wg->wg_probe_key : wg->wg_psk;
	has = key == wg->wg_public_key ? &wg->wg_has_public
	    : key == wg->wg_probe_key ? &wg->wg_has_probe : &wg->wg_has_psk;
	*has = true;	/* a bad key is reported here, not again as a missing one */
	if (file) {
		if (key_from_file(p, st, key) < 0)
			return -1;
	} else if (decode_key(st->argv[1], key) < 0) {
		cfg_err(p, st, 1, "%s must be a base64 WireGuard key (44 characters)", k);
		return -1;
	}
	return 0;
}

/* --- HTTP url blocks */

static int url_str(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_http_url *u = obj;
	const char *k = st->argv[0];
	char **dst = strcmp(k, "path") == 0 ? &u->path
		   : strcmp(k, "digest") == 0 ? &u->digest : &u->virtualhost;
	return cfg_arg_str(p, st, 1, dst);
}

static int url_status(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_http_url *u = obj;

	memset(u->status_mask, 0, sizeof(u->status_mask));
	for (size_t i = 1; i < st->argc; i++) {
		unsigned lo, hi;
		char extra;
		int n = sscanf(st->argv[i], "%u-%u%c", &lo, &hi, &extra);
		if (n == 1)
			hi = lo;
		if ((n != 1 && n != 2) || lo < 100 || hi > 599 || lo > hi) {
			cfg_err(p, st, i, "'%s': status_code expects codes or ranges in 100..599",
				st->argv[i]);
			return -1;
		}
		for (unsigned s = lo; s <= hi; s++)
			u->status_mask[s / 64] |= 1ull << (s % 64);
	}
	return 0;
}

/* The JIT stack keepalived's regex_stack sets: a GiB is far past need */
#define REGEX_STACK_MAX (1u << 30)

static int url_regex_options(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_url_regex *re)
{
	for (size_t i = 1; i < st->argc; i++) {
		uint32_t flag;
		if (!http_regex_option(st->argv[i], &flag)) {
			cfg_err(p, st, i, "'%s': not a regex option (see keepalived.conf(5))", st->argv[i]);
			return -1;
		}
		re->options |= flag;
	}
	return 0;
}

/* regex and its regex_* companions; compiled when the url block closes */
static int url_regex(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_url_regex *re = &((struct cfg_http_url *)obj)->regex;
	const char *k = st->argv[0] + strlen("regex");

	if (*k == '\0') {
		re->where = st->loc[1];
		return cfg_arg_str(p, st, 1, &re->pattern);
	}
	if (strcmp(k, "_no_match") == 0) {
		re->no_match = true;
		return 0;
	}
	if (strcmp(k, "_options") == 0)
		return url_regex_options(p, st, re);
	if (strcmp(k, "_stack") == 0)
		return cfg_arg_uint(p, st, 1, 1, REGEX_STACK_MAX, &re->stack_start) < 0 ||
		       cfg_arg_uint(p, st, 2, re->stack_start, REGEX_STACK_MAX, &re->stack_max) < 0 ? -1 : 0;
	re->max_offset_set |= strcmp(k, "_max_offset") == 0;
	return cfg_arg_uint(p, st, 1, 0, UINT32_MAX, strcmp(k, "_min_offset") == 0 ? &re->min_offset
										   : &re->max_offset);
}

static void url_regex_close(struct cfg_parser *p, struct cfg_url_regex *re, const struct cfg_loc *where)
{
	char err[200];

	if (!re->pattern) {
		if (re->no_match || re->options || re->min_offset || re->max_offset_set || re->stack_max)
			cfg_diag_warn(p->diag, where, "regex_* options without a regex: ignored");
		return;
	}
	if (re->max_offset_set && re->min_offset > re->max_offset) {
		cfg_diag_error(p->diag, &re->where, "regex_min_offset is past regex_max_offset: nothing can match");
		return;
	}
	re->compiled = http_regex_compile(re, err, sizeof(err));
	if (!re->compiled)
		cfg_diag_error(p->diag, &re->where, "regex: %s", err);
}

static const struct cfg_kw url_kw[] = {
	{ "digest", 1, 1, url_str, NULL, NULL, NULL },
	{ "path", 1, 1, url_str, NULL, NULL, NULL },
	{ "regex", 1, 1, url_regex, NULL, NULL, NULL },
	{ "regex_max_offset", 1, 1, url_regex, NULL, NULL, NULL },
	{ "regex_min_offset", 1, 1, url_regex, NULL, NULL, NULL },
	{ "regex_no_match", 0, 0, url_regex, NULL, NULL, NULL },
	{ "regex_options", 1, CFG_ANY, url_regex, NULL, NULL, NULL },
	{ "regex_stack", 2, 2, url_regex, NULL, NULL, NULL },
	{ "status_code", 1, CFG_ANY, url_status, NULL, NULL, NULL },
	{ "virtualhost", 1, 1, url_str, NULL, NULL, NULL },
};

static void url_close(struct cfg_parser *p, void *obj, const struct cfg_loc *where)
{
	struct cfg_http_url *u = obj;
	bool any = false;

	for (size_t i = 0; i < 10; i++)
		any |= u->status_mask[i] != 0;
	if (!any)	/* default 200-299 */
		for (unsigned s = 200; s <= 299; s++)
			u->status_mask[s / 64] |= 1ull << (s % 64);
	if (!u->path)
		cfg_diag_error(p->diag, where, "url without a path");
	url_regex_close(p, &u->regex, where);
}

static const struct cfg_block url_block = { "url", CFG_TABLE(url_kw), NULL, url_close };

static void *ck_open_url(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_check *c = obj;
	if (!applies(p, st, c, WEB))
		return NULL;
	return cfg_push(p, &c->http->urls, &c->http->nurls, sizeof(*c->http->urls));
}

static const struct cfg_kw check_kw[] = {
	{ "alpha", 0, 1, ck_bool, NULL, NULL, NULL },
	{ "bind_if", 1, 1, ck_str, NULL, NULL, NULL },
	{ "bind_port", 1, 1, ck_port, NULL, NULL, NULL },
	{ "bindto", 1, 1, ck_ip, NULL, NULL, NULL },
	{ "connect_ip", 1, 1, ck_ip, NULL, NULL, NULL },
	{ "connect_port", 1, 1, ck_port, NULL, NULL, NULL },
	{ "connect_timeout", 1, 1, ck_timing, NULL, NULL, NULL },
	{ "delay_before_retry", 1, 1, ck_timing, NULL, NULL, NULL },
	{ "delay_loop", 1, 1, ck_timing, NULL, NULL, NULL },
	{ "dynamic", 0, 1, ck_bool, NULL, NULL, NULL },
	{ "enable_sni", 0, 1, ck_bool, NULL, NULL, NULL },
	{ "fast_recovery", 0, 1, ck_bool, NULL, NULL, NULL },
	{ "full_handshake", 0, 1, ck_bool, NULL, NULL, NULL },
	{ "fwmark", 1, 1, ck_fwmark, NULL, NULL, NULL },
	{ "helo_name", 1, 1, ck_str, NULL, NULL, NULL },
	{ "host", 0, 0, NULL, NULL, NULL, "SMTP_CHECK host blocks; use one SMTP_CHECK per host" },
	{ "http_protocol", 1, 1, ck_http_protocol, NULL, NULL, NULL },
	{ "log_all_failures", 0, 1, ck_bool, NULL, NULL, NULL },
	{ "max_reply_length", 1, 1, ck_udp, NULL, NULL, NULL },
	{ "min_reply_length", 1, 1, ck_udp, NULL, NULL, NULL },
	{ "misc_dynamic", 0, 1, ck_bool, NULL, NULL, NULL },
	{ "misc_path", 1, 3, ck_misc_path, NULL, NULL, NULL },
	{ "misc_timeout", 1, 1, ck_timing, NULL, NULL, NULL },
	{ "name", 1, 1, ck_str, NULL, NULL, NULL },
	{ "nb_get_retry", 1, 1, ck_timing, NULL, NULL, NULL },
	{ "payload", 1, CFG_ANY, ck_udp, NULL, NULL, NULL },
	{ "preshared_key", 1, 1, ck_wg_key, NULL, NULL, NULL },
	{ "preshared_key_file", 1, 1, ck_wg_key, NULL, NULL, NULL },
	{ "probe_private_key", 1, 1, ck_wg_key, NULL, NULL, NULL },
	{ "probe_private_key_file", 1, 1, ck_wg_key, NULL, NULL, NULL },
	{ "public_key", 1, 1, ck_wg_key, NULL, NULL, NULL },
	{ "require_reply", 0, CFG_ANY, ck_udp, NULL, NULL, NULL },
	{ "retry", 1, 1, ck_timing, NULL, NULL, NULL },
	{ "rise", 1, 1, ck_timing, NULL, NULL, NULL },
	{ "track_file", 1, 1, ck_str, NULL, NULL, NULL },
	{ "tunnel_ping", 1, 1, ck_ip, NULL, NULL, NULL },
	{ "tunnel_source", 1, 1, ck_ip, NULL, NULL, NULL },
	{ "type", 1, 1, ck_str, NULL, NULL, NULL },
	{ "url", 0, 0, NULL, ck_open_url, &url_block, NULL },
	{ "user", 1, 2, ck_user, NULL, NULL, NULL },
	{ "virtualhost", 1, 1, ck_str, NULL, NULL, NULL },
	{ "warmup", 1, 1, ck_timing, NULL, NULL, NULL },
	{ "weight", 1, 2, ck_file_weight, NULL, NULL, NULL },
};

/* keepalived falls back to SOA on an unknown type; keel says so instead. */
static void check_dns(struct cfg_parser *p, const struct cfg_check *c, const struct cfg_loc *where)
{
	uint8_t q[DNS_MSG_UDP_MAX];

	if (!dns_msg_type(c->dns->dns_type))
		cfg_diag_error(p->diag, where, "DNS_CHECK type '%s': want A, NS, CNAME, SOA, MX, TXT or AAAA",
			       c->dns->dns_type);
	else if (dns_msg_query(q, sizeof(q), 0, c->dns->dns_name ? c->dns->dns_name : ".", DNS_MSG_TYPE_SOA) < 0)
		cfg_diag_error(p->diag, where, "DNS_CHECK name '%s' is not a domain name", c->dns->dns_name);
}

static void check_close(struct cfg_parser *p, void *obj, const struct cfg_loc *where)
{
	struct cfg_check *c = obj;

	switch (c->kind) {
	case CFG_CHECK_HTTP:
	case CFG_CHECK_SSL:
		if (c->http->nurls == 0)
			cfg_diag_error(p->diag, where, "%s needs at least one url block",
				       cfg_check_kind_name(c->kind));
		break;
	case CFG_CHECK_MISC:
		if (!c->misc->misc.cmd)
			cfg_diag_error(p->diag, where, "MISC_CHECK needs misc_path");
		break;
	case CFG_CHECK_FILE:
	case CFG_CHECK_BFD:
		if (!c->track->track_name)
			cfg_diag_error(p->diag, where, "%s needs %s", cfg_check_kind_name(c->kind),
				       c->kind == CFG_CHECK_FILE ? "track_file" : "name");
		break;
	case CFG_CHECK_DNS:
		check_dns(p, c, where);
		break;
	case CFG_CHECK_WG:
		if (!c->wg->wg_has_public)
			cfg_diag_error(p->diag, where, "WG_CHECK needs public_key");
		if (!c->wg->wg_has_probe)
			cfg_diag_error(p->diag, where,
				       "WG_CHECK needs probe_private_key or probe_private_key_file");
		break;
	default:
		break;
	}
	if (c->kind == CFG_CHECK_UDP && c->udp->max_reply_length == 0)
		c->udp->max_reply_length = 255;
}

const struct cfg_block cfg_check_block = { "checker", CFG_TABLE(check_kw), NULL, check_close };

/* The size of the options of kind k, 0 for none. */
static size_t kind_size(enum cfg_check_kind k)
{
	switch (k) {
	case CFG_CHECK_HTTP:
	case CFG_CHECK_SSL:
		return sizeof(struct cfg_check_http);
	case CFG_CHECK_MISC:
		return sizeof(struct cfg_check_misc);
	case CFG_CHECK_SMTP:
		return sizeof(struct cfg_check_smtp);
	case CFG_CHECK_DNS:
		return sizeof(struct cfg_check_dns);
	case CFG_CHECK_UDP:
		return sizeof(struct cfg_check_udp);
	case CFG_CHECK_FILE:
	case CFG_CHECK_BFD:
		return sizeof(struct cfg_check_track);
	case CFG_CHECK_WG:
		return sizeof(struct cfg_check_wg);
	default:
		return 0;
	}
}

void *cfg_check_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_rs *rs = obj;
	struct cfg_check *c;
	size_t k, size;
	void *opts = NULL;

	for (k = 0; k < sizeof(kind_names) / sizeof(kind_names[0]); k++)
		if (strcmp(kind_names[k], st->argv[0]) == 0)
			break;
	size = kind_size((enum cfg_check_kind)k);
	if (size && !(opts = calloc(1, size))) {
		cfg_diag_error(p->diag, NULL, "out of memory");
		return NULL;
	}
	c = cfg_push(p, &rs->checks, &rs->nchecks, sizeof(*c));
	if (!c) {
		free(opts);
		return NULL;
	}
	c->kind = (enum cfg_check_kind)k;
	c->conn = &cfg_check_conn_none;
	c->opts = opts;
	if (p->opts && p->opts->check_kind_runs && !p->opts->check_kind_runs(c->kind))
		cfg_warn(p, st, 0, "%s: keel does not run this checker kind yet; the real server "
			 "counts as up", st->argv[0]);
	return c;
}

static void http_free(struct cfg_check_http *h)
{
	for (size_t i = 0; i < h->nurls; i++) {
		free(h->urls[i].path);
		free(h->urls[i].digest);
		free(h->urls[i].virtualhost);
		free(h->urls[i].regex.pattern);
		http_regex_free(h->urls[i].regex.compiled);
	}
	free(h->urls);
	free(h->http_protocol);
	free(h->virtualhost);
}

void cfg_check_free(struct cfg_check *c)
{
	if (c->conn && c->conn != &cfg_check_conn_none) {
		free(c->conn->bind_if);
		free((struct cfg_check_conn *)c->conn);
	}
	switch (c->kind) {
	case CFG_CHECK_HTTP:
	case CFG_CHECK_SSL:
		http_free(c->http);
		break;
	case CFG_CHECK_MISC:
		cfg_script_free(&c->misc->misc);
		break;
	case CFG_CHECK_SMTP:
		free(c->smtp->helo_name);
		break;
	case CFG_CHECK_DNS:
		free(c->dns->dns_type);
		free(c->dns->dns_name);
		break;
	case CFG_CHECK_UDP:
		free(c->udp->payload);
		free(c->udp->reply);
		free(c->udp->reply_mask);
		break;
	case CFG_CHECK_FILE:
	case CFG_CHECK_BFD:
		free(c->track->track_name);
		break;
	case CFG_CHECK_WG:
		OPENSSL_cleanse(c->wg, sizeof(*c->wg));
		break;
	default:
		break;
	}
	free(c->opts);
}
