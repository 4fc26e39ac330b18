// SPDX-License-Identifier: GPL-2.0-or-later
/* The identity of a check: two checks with the same key are the same probe
 * (same kind, backend, target and parameters) and run once; a reload
 * carries the state of a check whose key is unchanged. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chk_engine_int.h"
#include "chk_http.h"

struct kbuf {
	char *p;
	size_t n, cap;
	bool oom;
};

static void put(struct kbuf *k, const void *data, size_t n)
{
	if (k->oom)
		return;
	if (k->n + n > k->cap) {
		size_t cap = k->cap ? k->cap : 256;
		while (cap < k->n + n)
			cap *= 2;
		char *p = realloc(k->p, cap);
		if (!p) {
			k->oom = true;
			return;
		}
		k->p = p;
		k->cap = cap;
	}
	memcpy(k->p + k->n, data, n);
	k->n += n;
}

static void put_u64(struct kbuf *k, uint64_t v)
{
	put(k, &v, sizeof(v));
}

static void put_str(struct kbuf *k, const char *s)
{
	put_u64(k, s ? strlen(s) + 1 : 0);
	if (s)
		put(k, s, strlen(s) + 1);
}

static void put_bytes(struct kbuf *k, const void *p, size_t n)
{
	put_u64(k, p ? n : 0);
	if (p)
		put(k, p, n);
}

static void put_ip(struct kbuf *k, const struct cfg_ip *ip)
{
	put_u64(k, ip->af);
	if (ip->af)
		put(k, ip->b, 16);
}

static void put_script(struct kbuf *k, const struct cfg_script *s)
{
	put_str(k, s->cmd);
	put_str(k, s->user);
	put_str(k, s->group);
}

static void put_timing(struct kbuf *k, const struct cfg_timing *t)
{
	put_u64(k, t->connect_timeout);
	put_u64(k, t->delay_before_retry);
	put_u64(k, t->warmup);
	put_u64(k, t->delay_loop);
	put_u64(k, t->retry);
	put_u64(k, t->rise);
}

static void put_regex(struct kbuf *k, const struct cfg_url_regex *re)
{
	put_str(k, re->pattern);
	put_u64(k, re->options);
	put_u64(k, (uint64_t)re->no_match << 1 | re->max_offset_set);
	put_u64(k, re->min_offset);
	put_u64(k, re->max_offset);
	put_u64(k, re->stack_start);
	put_u64(k, re->stack_max);
}

static void put_http(struct kbuf *k, const struct cfg_check_http *h)
{
	for (size_t i = 0; i < h->nurls; i++) {
		put_str(k, h->urls[i].path);
		put_str(k, h->urls[i].digest);
		put_str(k, h->urls[i].virtualhost);
		put(k, h->urls[i].status_mask, sizeof(h->urls[i].status_mask));
		put_regex(k, &h->urls[i].regex);
	}
	put_u64(k, h->nurls);
	put_str(k, h->http_protocol);
	put_str(k, h->virtualhost);
	put_u64(k, (uint64_t)h->enable_sni << 1 | h->fast_recovery);
}

static void put_udp(struct kbuf *k, const struct cfg_check_udp *u)
{
	put_bytes(k, u->payload, u->payload_len);
	put_bytes(k, u->reply, u->reply_len);
	put_bytes(k, u->reply_mask, u->reply_mask ? u->reply_len : 0);
	put_u64(k, u->require_reply);
	put_u64(k, u->min_reply_length);
	put_u64(k, u->max_reply_length);
}

static void put_wg(struct kbuf *k, const struct cfg_check_wg *w)
{
	put(k, w->wg_public_key, sizeof(w->wg_public_key));
	put(k, w->wg_probe_key, sizeof(w->wg_probe_key));
	put(k, w->wg_psk, sizeof(w->wg_psk));
	put_u64(k, (uint64_t)w->wg_has_public << 2 | (uint64_t)w->wg_has_probe << 1 | w->wg_has_psk);
	put_ip(k, &w->tunnel_ping);
	put_ip(k, &w->tunnel_source);
}

/* The options of the check's kind (the kind itself is in the key). */
static void put_kind_params(struct kbuf *k, const struct cfg_check *c)
{
	switch (c->kind) {
	case CFG_CHECK_HTTP:
	case CFG_CHECK_SSL:
		put_http(k, c->http);
		break;
	case CFG_CHECK_MISC:
		put_script(k, &c->misc->misc);
		put_u64(k, c->misc->misc_timeout);
		put_u64(k, c->misc->misc_dynamic);
		break;
	case CFG_CHECK_SMTP:
		put_str(k, c->smtp->helo_name);
		break;
	case CFG_CHECK_DNS:
		put_str(k, c->dns->dns_type);
		put_str(k, c->dns->dns_name);
		break;
	case CFG_CHECK_UDP:
		put_udp(k, c->udp);
		break;
	case CFG_CHECK_FILE:
	case CFG_CHECK_BFD:
		put_str(k, c->track->track_name);
		put_u64(k, c->track->dynamic);
		put_u64(k, (uint64_t)(uint32_t)c->track->file_weight << 1 | c->track->file_reverse);
		break;
	case CFG_CHECK_WG:
		put_wg(k, c->wg);
		break;
	default:
		break;
	}
}

/* The key of a check, into k (which the caller frees). */
static int key_build(const struct chk_engine_state *st, struct kbuf *k)
{
	const struct cfg_check *c = st->c.conf;
	union chk_sa to, from;
	socklen_t to_len = chk_target(&st->c, &to), from_len = chk_source(&st->c, &from);

	put_u64(k, c->kind);
	put_ip(k, &st->c.rs->addr);
	put_u64(k, st->c.rs->port);
	put(k, &to, to_len);
	put_u64(k, from_len);
	if (from_len)
		put(k, &from, from_len);
	put_str(k, c->conn->bind_if);
	put_u64(k, c->conn->fwmark);
	put_u64(k, c->conn->full_handshake);
	put_u64(k, (uint64_t)st->alpha << 1 | c->log_all_failures);
	put_timing(k, &c->timing);
	put_kind_params(k, c);
	/* a url's Host may come from the real or virtual server */
	for (size_t i = 0; (c->kind == CFG_CHECK_HTTP || c->kind == CFG_CHECK_SSL) && i < c->http->nurls; i++)
		put_str(k, chk_http_vhost(&st->c, i));
	return k->oom ? -ENOMEM : 0;
}

/* Only the hash is kept (a key is ~60-140 bytes, 1.4 MB for 10,000
 * checks): keys are built again to compare when two hashes match, that
 * is for shared checks and checks carried over a reload. */
int chk_key_hash(const struct chk_engine_state *st, uint64_t *hash)
{
	struct kbuf k = { 0 };
	int rc = key_build(st, &k);

	if (rc == 0)
		*hash = chk_fnv1a(k.p, k.n);
	free(k.p);
	return rc;
}

static bool key_same(const struct chk_engine_state *a, const struct chk_engine_state *b)
{
	struct kbuf ka = { 0 }, kb = { 0 };
	bool same = key_build(a, &ka) == 0 && key_build(b, &kb) == 0 && ka.n == kb.n &&
		    memcmp(ka.p, kb.p, ka.n) == 0;

	free(ka.p);
	free(kb.p);
	return same;
}

/* At most 3/4 full: a free slot always ends a search. */
int chk_table_init(struct chk_engine *e, size_t n)
{
	size_t size = 16;

	while (size < n + n / 3 + 1)
		size *= 2;
	e->table = calloc(size, sizeof(*e->table));
	e->table_size = size;
	return e->table ? 0 : -ENOMEM;
}

struct chk_engine_state *chk_table_find(const struct chk_engine *e, const struct chk_engine_state *st,
					uint64_t hash)
{
	size_t mask = e->table_size - 1;

	if (!e->table)
		return NULL;
	for (size_t i = hash & mask;; i = (i + 1) & mask) {
		const struct chk_slot *s = &e->table[i];
		if (!s->unit)
			return NULL;
		if (s->tag == (uint32_t)(hash >> 32) && key_same(e->units[s->unit - 1], st))
			return e->units[s->unit - 1];
	}
}

void chk_table_add(struct chk_engine *e, uint64_t hash, size_t at)
{
	size_t mask = e->table_size - 1, i = hash & mask;

	while (e->table[i].unit)
		i = (i + 1) & mask;
	e->table[i] = (struct chk_slot){ .unit = (uint32_t)at + 1, .tag = (uint32_t)(hash >> 32) };
}

void chk_format_addr(const struct cfg_ip *ip, uint16_t port, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	cfg_ip_format(ip, a, sizeof(a));
	if (ip->af == AF_INET6)
		snprintf(buf, len, "[%s]:%u", a, port);
	else
		snprintf(buf, len, "%s:%u", a, port);
}

const char *chk_unit_name(const struct chk_engine_state *st, char *buf)
{
	const struct cfg_check *cf = st->c.conf;
	char t[64];

	chk_format_addr(cf->conn->connect_ip.af ? &cf->conn->connect_ip : &st->c.rs->addr,
			cf->connect_port ? cf->connect_port : st->c.rs->port, t, sizeof(t));
	snprintf(buf, CHK_UNIT_NAME_LEN, "%s %s", cfg_check_kind_name(cf->kind), t);
	return buf;
}

const char *chk_rs_name(const struct chk_engine *e, const struct chk_rs_rt *rs, char *buf)
{
	const struct cfg_rs *crs = &e->cfg->vs[rs->v].rs[rs->r];

	chk_format_addr(&crs->addr, crs->port, buf, CHK_RS_NAME_LEN);
	return buf;
}

static const char *proto_name(int protocol)
{
	return protocol == IPPROTO_TCP ? "TCP" : protocol == IPPROTO_SCTP ? "SCTP" : "UDP";
}

const char *chk_vs_name(const struct cfg_vs *vs, char *buf)
{
	char a[64];

	if (vs->kind == CFG_VS_FWMARK) {
		snprintf(buf, CHK_VS_NAME_LEN, "FWM %u", vs->fwmark);
	} else if (vs->kind == CFG_VS_GROUP) {
		snprintf(buf, CHK_VS_NAME_LEN, "%s group %s", proto_name(vs->protocol), vs->group);
	} else {
		chk_format_addr(&vs->addr, vs->port, a, sizeof(a));
		snprintf(buf, CHK_VS_NAME_LEN, "%s %s", proto_name(vs->protocol), a);
	}
	return buf;
}

bool chk_vs_same(const struct cfg_vs *a, const struct cfg_vs *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind == CFG_VS_FWMARK)
		return a->fwmark == b->fwmark;
	if (strcmp(proto_name(a->protocol), proto_name(b->protocol)) != 0)
		return false;
	if (a->kind == CFG_VS_GROUP)
		return strcmp(a->group, b->group) == 0;
	return a->port == b->port && a->addr.af == b->addr.af &&
	       memcmp(a->addr.b, b->addr.b, a->addr.af == AF_INET6 ? 16 : 4) == 0;
}
