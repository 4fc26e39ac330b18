// SPDX-License-Identifier: GPL-2.0-or-later
/* The VRRP codec against adverts captured from keepalived 2.2.7
 * ($KEEL_TEST_DATA/vrrp/NAME.adv, made by capture.sh there), generated round
 * trips, and every error path. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "vrrp_net.h"
#include "vrrp_pkt.h"
#include "vrrp_stats.h"

struct adv {
	struct vrrp_pkt_ctx ctx;
	uint8_t pay[VRRP_PKT_MAX];
	size_t len;
	uint8_t iph[60];
	size_t iphlen;
};

static const char *data_dir(void)
{
	const char *d = getenv("KEEL_TEST_DATA");

	return d && *d ? d : "test/unit/data";
}

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned v;

	while (s[0] && s[0] != '\n' && n < cap && sscanf(s, "%2x", &v) == 1) {
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

static void ip_of(const char *text, struct vrrp_ip *ip)
{
	char t[64];

	snprintf(t, sizeof(t), "%s", text);
	t[strcspn(t, "\n")] = 0;
	ck_assert_msg(vrrp_ip_parse(t, ip) == 0, "bad address %s", t);
}

/* Reads one fixture: the context a socket would report, and the bytes. */
static void load(const char *name, struct adv *a)
{
	char path[512], line[8300];
	FILE *f;

	snprintf(path, sizeof(path), "%s/vrrp/%s.adv", data_dir(), name);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	memset(a, 0, sizeof(*a));
	vrrp_pkt_ctx_init(&a->ctx, AF_INET);
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "family=inet6", 12))
			a->ctx.family = AF_INET6;
		else if (!strncmp(line, "src=", 4))
			ip_of(line + 4, &a->ctx.src);
		else if (!strncmp(line, "dst=", 4))
			ip_of(line + 4, &a->ctx.dst);
		else if (!strncmp(line, "ttl=", 4))
			a->ctx.ttl = (uint8_t)atoi(line + 4);
		else if (!strncmp(line, "iphdr=", 6))
			a->iphlen = unhex(line + 6, a->iph, sizeof(a->iph));
		else if (!strncmp(line, "payload=", 8))
			a->len = unhex(line + 8, a->pay, sizeof(a->pay));
	}
	fclose(f);
	ck_assert_uint_gt(a->len, 0);
}

struct expect {
	const char *name;
	uint8_t version, priority, naddr, auth;
	uint16_t int_cs;
	bool old_ck;
	const char *first_addr;
};

/* What keepalived was configured with (capture.sh) and what it sent. */
static const struct expect captured[] = {
	{ "v2_mcast4-1", 2, 100, 2, 0, 100, false, "192.0.2.100" },
	{ "v2_mcast4-2", 2, 0, 2, 0, 100, false, "192.0.2.100" },
	{ "v2_pass4-1", 2, 150, 1, 1, 200, false, "192.0.2.100" },
	{ "v2_pass4-2", 2, 0, 1, 1, 200, false, "192.0.2.100" },
	{ "v2_ucast4-1", 2, 200, 1, 0, 100, false, "192.0.2.100" },
	{ "v2_ucast4-2", 2, 0, 1, 0, 100, false, "192.0.2.100" },
	{ "v2_novip4-1", 2, 100, 0, 0, 100, false, NULL },
	{ "v2_novip4-2", 2, 0, 0, 0, 100, false, NULL },
	{ "v3_mcast4-1", 3, 100, 3, 0, 10, false, "192.0.2.100" },
	{ "v3_mcast4-2", 3, 0, 3, 0, 10, false, "192.0.2.100" },
	{ "v3_ucast4-1", 3, 120, 1, 0, 100, false, "192.0.2.100" },
	{ "v3_ucast4-2", 3, 0, 1, 0, 100, false, "192.0.2.100" },
	{ "v3_oldck4-1", 3, 120, 1, 0, 100, true, "192.0.2.100" },
	{ "v3_oldck4-2", 3, 0, 1, 0, 100, true, "192.0.2.100" },
	{ "v3_owner4-1", 3, 255, 1, 0, 100, false, "192.0.2.100" },
	{ "v3_owner4-2", 3, 0, 1, 0, 100, false, "192.0.2.100" },
	{ "v3_mcast6-1", 3, 100, 2, 0, 100, false, "fe80::100" },
	{ "v3_mcast6-2", 3, 0, 2, 0, 100, false, "fe80::100" },
	{ "v3_ucast6-1", 3, 254, 1, 0, 100, false, "2001:db8::100" },
	{ "v3_ucast6-2", 3, 0, 1, 0, 100, false, "2001:db8::100" },
	{ "v3_oldck6-1", 3, 120, 1, 0, 100, false, "2001:db8::100" },
	{ "v3_oldck6-2", 3, 0, 1, 0, 100, false, "2001:db8::100" },
};

#define NCAPTURED (sizeof(captured) / sizeof(captured[0]))

/* keepalived sends IPv6 unicast with the default hop limit (64) and takes
 * any TTL from unicast peers, so the socket layer widens the range there. */
static void unicast_ttl(struct adv *a)
{
	if (a->ctx.ttl != VRRP_TTL)
		a->ctx.ttl_min = 1;
}

START_TEST(captured_decode)
{
	const struct expect *e = &captured[_i];
	struct vrrp_pkt p;
	struct vrrp_ip first, want;
	struct adv a;

	load(e->name, &a);
	unicast_ttl(&a);
	if (e->auth == VRRP_AUTH_PASS) {
		a.ctx.auth_type = VRRP_AUTH_PASS;
		memcpy(a.ctx.auth_pass, "secretpa", 8);	/* keepalived keeps 8 chars */
	}
	a.ctx.vrid = 51;
	a.ctx.version = e->version;
	a.ctx.v2_adver_int_s = e->version == 2 ? (uint8_t)(e->int_cs / 100) : 0;
	ck_assert_msg(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p) == VRRP_PKT_OK, "%s: %s", e->name,
		      vrrp_pkt_strerror(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p)));
	ck_assert_uint_eq(p.version, e->version);
	ck_assert_uint_eq(p.type, VRRP_TYPE_ADVERT);
	ck_assert_uint_eq(p.vrid, 51);
	ck_assert_uint_eq(p.priority, e->priority);
	ck_assert_uint_eq(p.naddr, e->naddr);
	ck_assert_uint_eq(p.auth_type, e->auth);
	ck_assert_uint_eq(p.adver_int_cs, e->int_cs);
	ck_assert_int_eq(p.old_checksum, e->old_ck);
	if (e->first_addr) {
		vrrp_pkt_addr(&p, 0, &first);
		ip_of(e->first_addr, &want);
		ck_assert_int_eq(vrrp_ip_cmp(&first, &want), 0);
	}
	if (e->auth == VRRP_AUTH_PASS)
		ck_assert_mem_eq(p.auth_data, "secretpa", 8);
}
END_TEST

/* Our encoder must produce keepalived's bytes exactly. */
START_TEST(captured_reencode)
{
	const struct expect *e = &captured[_i];
	uint8_t out[VRRP_PKT_MAX];
	struct vrrp_ip dst;
	struct vrrp_pkt p;
	struct adv a;
	size_t n;

	load(e->name, &a);
	unicast_ttl(&a);
	a.ctx.auth_type = e->auth;
	memcpy(a.ctx.auth_pass, "secretpa", 8);
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_OK);
	dst = a.ctx.dst;
	if (p.old_checksum)
		vrrp_pkt_mcast_group(AF_INET, &dst);
	ck_assert_int_eq(vrrp_pkt_encode(&p, &a.ctx.src, &dst, out, sizeof(out), &n), VRRP_PKT_OK);
	ck_assert_uint_eq(n, a.len);
	ck_assert_mem_eq(out, a.pay, n);
}
END_TEST

/* The IPv4 header keepalived put on the wire, rebuilt and parsed back. */
START_TEST(captured_ip4_header)
{
	const struct expect *e = &captured[_i];
	uint8_t hdr[VRRP_IP4_HDR_LEN], frame[VRRP_IP4_HDR_LEN + VRRP_PKT_MAX + 4];
	struct vrrp_pkt_ctx ctx;
	const uint8_t *pay;
	size_t plen;
	struct adv a;

	load(e->name, &a);
	if (a.ctx.family != AF_INET)
		return;
	ck_assert_uint_eq(a.iphlen, VRRP_IP4_HDR_LEN);
	ck_assert_int_eq(vrrp_pkt_ip4_build(hdr, sizeof(hdr), &a.ctx.src, &a.ctx.dst, a.len, 255,
					    (uint16_t)(a.iph[4] << 8 | a.iph[5])),
			 VRRP_PKT_OK);
	ck_assert_mem_eq(hdr, a.iph, VRRP_IP4_HDR_LEN);
	/* With Ethernet padding after it, as a raw socket may deliver. */
	memcpy(frame, hdr, sizeof(hdr));
	memcpy(frame + sizeof(hdr), a.pay, a.len);
	memset(frame + sizeof(hdr) + a.len, 0, 4);
	vrrp_pkt_ctx_init(&ctx, AF_INET6);
	ck_assert_int_eq(vrrp_pkt_ip4_parse(frame, sizeof(hdr) + a.len + 4, &ctx, &pay, &plen),
			 VRRP_PKT_OK);
	ck_assert_int_eq(ctx.family, AF_INET);
	ck_assert_uint_eq(ctx.ttl, 255);
	ck_assert_int_eq(vrrp_ip_cmp(&ctx.src, &a.ctx.src), 0);
	ck_assert_int_eq(vrrp_ip_cmp(&ctx.dst, &a.ctx.dst), 0);
	ck_assert_uint_eq(plen, a.len);
	ck_assert_ptr_eq(pay, frame + VRRP_IP4_HDR_LEN);
}
END_TEST

/* keepalived's old v3 IPv4 unicast checksum: accepted and reported in
 * auto mode, refused with "never"; IPv6 never had another form. */
START_TEST(old_checksum_policy)
{
	struct vrrp_pkt p;
	struct adv a;

	load("v3_oldck4-1", &a);
	a.ctx.old_ck = VRRP_OLD_CK_NEVER;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_E_CHECKSUM);
	a.ctx.old_ck = VRRP_OLD_CK_AUTO;
	ip_of("224.0.0.19", &a.ctx.mcast_group);
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_E_CHECKSUM);
	ip_of("224.0.0.18", &a.ctx.mcast_group);
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_OK);
	ck_assert(p.old_checksum);
	load("v3_ucast4-1", &a);
	a.ctx.old_ck = VRRP_OLD_CK_NEVER;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_OK);
	ck_assert(!p.old_checksum);
}
END_TEST

START_TEST(ttl_range)
{
	struct vrrp_pkt p;
	struct adv a;

	load("v3_ucast6-1", &a);
	ck_assert_uint_eq(a.ctx.ttl, 64);
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_E_TTL);
	a.ctx.ttl_min = 64;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_OK);
	a.ctx.ttl_min = 65;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_E_TTL);
	load("v2_mcast4-1", &a);
	a.ctx.ttl = 254;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_E_TTL);
	a.ctx.ttl_min = 0;
	a.ctx.ttl_max = 253;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_E_TTL);
}
END_TEST

/* A tiny deterministic generator for the round trips. */
static uint32_t rnd(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

static void gen(uint32_t *seed, unsigned version, sa_family_t fam, unsigned naddr,
		struct vrrp_pkt *p, uint8_t *addrs)
{
	size_t alen = vrrp_ip_len(fam);

	memset(p, 0, sizeof(*p));
	p->version = (uint8_t)version;
	p->family = fam;
	p->vrid = (uint8_t)(1 + rnd(seed) % 255);
	p->priority = (uint8_t)rnd(seed);
	p->naddr = (uint8_t)naddr;
	for (size_t i = 0; i < naddr * alen; i++)
		addrs[i] = (uint8_t)rnd(seed);
	p->addrs = addrs;
	if (version == 2) {
		p->adver_int_cs = (uint16_t)(100 * (1 + rnd(seed) % 255));
		p->auth_type = rnd(seed) % 2 ? VRRP_AUTH_PASS : VRRP_AUTH_NONE;
		if (p->auth_type == VRRP_AUTH_PASS)
			memcpy(p->auth_data, "pw\0\0\0\0\0\0", 8);
	} else {
		p->adver_int_cs = (uint16_t)(1 + rnd(seed) % VRRP_V3_INT_MAX_CS);
	}
}

static void endpoints(sa_family_t fam, struct vrrp_ip *src, struct vrrp_ip *dst)
{
	ip_of(fam == AF_INET ? "198.51.100.7" : "fe80::7", src);
	vrrp_pkt_mcast_group(fam, dst);
}

START_TEST(roundtrip_generated)
{
	static const unsigned counts[] = { 0, 1, 2, 3, 17, 254, 255 };
	static const struct { unsigned v; sa_family_t fam; } kinds[] = {
		{ 2, AF_INET }, { 3, AF_INET }, { 3, AF_INET6 },
	};
	uint8_t addrs[255 * 16], buf[VRRP_PKT_MAX];
	uint32_t seed = 1;
	unsigned runs = 0;

	for (size_t k = 0; k < 3; k++)
		for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++)
			for (int r = 0; r < 20; r++) {
				struct vrrp_pkt p, q;
				struct vrrp_pkt_ctx ctx;
				size_t n;

				gen(&seed, kinds[k].v, kinds[k].fam, counts[c], &p, addrs);
				vrrp_pkt_ctx_init(&ctx, kinds[k].fam);
				endpoints(kinds[k].fam, &ctx.src, &ctx.dst);
				ctx.ttl = 255;
				ctx.auth_type = p.auth_type;
				memcpy(ctx.auth_pass, p.auth_data, 8);
				ck_assert_int_eq(vrrp_pkt_encode(&p, &ctx.src, &ctx.dst, buf,
								 sizeof(buf), &n), VRRP_PKT_OK);
				ck_assert_uint_eq(n, vrrp_pkt_len(p.version, p.family, p.naddr));
				ck_assert_int_eq(vrrp_pkt_decode(buf, n, &ctx, &q), VRRP_PKT_OK);
				ck_assert_uint_eq(q.vrid, p.vrid);
				ck_assert_uint_eq(q.priority, p.priority);
				ck_assert_uint_eq(q.naddr, p.naddr);
				ck_assert_uint_eq(q.adver_int_cs, p.adver_int_cs);
				ck_assert_uint_eq(q.auth_type, p.auth_type);
				ck_assert_mem_eq(q.auth_data, p.auth_data, 8);
				ck_assert_mem_eq(q.addrs, addrs, p.naddr * vrrp_ip_len(p.family));
				runs++;
			}
	ck_assert_uint_eq(runs, 3 * 7 * 20);
}
END_TEST

/* An independent checksum, to build broken-but-summed packets. */
static void resum(uint8_t *b, size_t len, const struct vrrp_pkt_ctx *ctx)
{
	uint32_t s = 0;
	size_t alen = vrrp_ip_len(ctx->family);

	b[6] = b[7] = 0;
	if (b[0] >> 4 == 3) {
		for (size_t i = 0; i < alen; i += 2)
			s += (uint32_t)(ctx->src.addr[i] << 8 | ctx->src.addr[i + 1]) +
			     (uint32_t)(ctx->dst.addr[i] << 8 | ctx->dst.addr[i + 1]);
		s += 112 + (uint32_t)len;
	}
	for (size_t i = 0; i < len; i += 2)
		s += (uint32_t)(b[i] << 8 | (i + 1 < len ? b[i + 1] : 0));
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	b[6] = (uint8_t)(~s >> 8);
	b[7] = (uint8_t)~s;
}

static enum vrrp_pkt_err patched(const char *name, size_t off, uint8_t val,
				 void (*tweak)(struct vrrp_pkt_ctx *))
{
	struct vrrp_pkt p;
	struct adv a;

	load(name, &a);
	a.pay[off] = val;
	resum(a.pay, a.len, &a.ctx);
	if (tweak)
		tweak(&a.ctx);
	return vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p);
}

static void want_pass(struct vrrp_pkt_ctx *c)
{
	c->auth_type = VRRP_AUTH_PASS;
	memcpy(c->auth_pass, "secretpa", 8);
}

START_TEST(decode_errors)
{
	struct vrrp_pkt p;
	struct adv a;

	load("v2_mcast4-1", &a);
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, 7, &a.ctx, &p), VRRP_PKT_E_SHORT);
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, 0, &a.ctx, &p), VRRP_PKT_E_SHORT);
	ck_assert_int_eq(patched("v2_mcast4-1", 0, 0x11, NULL), VRRP_PKT_E_VERSION);
	ck_assert_int_eq(patched("v2_mcast4-1", 0, 0x41, NULL), VRRP_PKT_E_VERSION);
	ck_assert_int_eq(patched("v2_mcast4-1", 0, 0x22, NULL), VRRP_PKT_E_TYPE);
	ck_assert_int_eq(patched("v2_mcast4-1", 1, 0, NULL), VRRP_PKT_E_VRID);
	a.ctx.vrid = 52;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_E_VRID);
	a.ctx.vrid = 0;
	a.ctx.version = 3;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_E_VERSION_MISMATCH);
	a.ctx.version = 0;
	a.ctx.family = AF_INET6;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_E_FAMILY);
	a.ctx.family = AF_UNIX;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_E_FAMILY);
	a.ctx.family = AF_INET;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len + 1, &a.ctx, &p), VRRP_PKT_E_LENGTH);
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len - 4, &a.ctx, &p), VRRP_PKT_E_LENGTH);
	ck_assert_int_eq(patched("v2_mcast4-1", 3, 3, NULL), VRRP_PKT_E_LENGTH);
	a.pay[9] ^= 1;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_E_CHECKSUM);
	a.pay[9] ^= 1;
	a.ctx.owner = true;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_E_OWNER);
	a.ctx.owner = false;
	/* an AH advert where we run none (AH itself: check_vrrp_ah.c) */
	ck_assert_int_eq(patched("v2_mcast4-1", 4, VRRP_AUTH_AH, NULL), VRRP_PKT_E_AUTH_TYPE);
	ck_assert_int_eq(patched("v2_mcast4-1", 4, 7, NULL), VRRP_PKT_E_AUTH_UNKNOWN);
	ck_assert_int_eq(patched("v2_mcast4-1", 4, 0, want_pass), VRRP_PKT_E_AUTH_TYPE);
	ck_assert_int_eq(patched("v2_pass4-1", 19, 'A', want_pass), VRRP_PKT_E_AUTH_PASS);
	ck_assert_int_eq(patched("v2_pass4-1", 19, 'a', want_pass), VRRP_PKT_OK);
	ck_assert_int_eq(patched("v2_mcast4-1", 5, 0, NULL), VRRP_PKT_E_INTERVAL);
	a.ctx.v2_adver_int_s = 2;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_E_INTERVAL_MISMATCH);
}
END_TEST

START_TEST(decode_errors_v3)
{
	struct vrrp_pkt p;
	struct adv a;

	load("v3_mcast6-1", &a);
	a.ctx.dst.addr[15] = 0x13;	/* another pseudo-header */
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_E_CHECKSUM);
	load("v3_mcast6-1", &a);
	a.ctx.src.family = AF_INET;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_E_FAMILY);
	load("v3_mcast6-1", &a);
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len - 16, &a.ctx, &p), VRRP_PKT_E_LENGTH);
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len - 12, &a.ctx, &p), VRRP_PKT_E_LENGTH);
	ck_assert_int_eq(patched("v3_mcast4-1", 5, 0, NULL), VRRP_PKT_E_INTERVAL);
	ck_assert_int_eq(patched("v3_mcast4-1", 0, 0x32, NULL), VRRP_PKT_E_TYPE);
	/* The v2 auth byte is v3's reserved nibble plus interval: no auth check. */
	load("v3_mcast4-1", &a);
	want_pass(&a.ctx);
	a.ctx.v2_adver_int_s = 7;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_OK);
}
END_TEST

/* RFC 5798 5.2.5: reserved bits are ignored on receipt. */
START_TEST(v3_reserved_bits_ignored)
{
	struct vrrp_pkt p;
	struct adv a;

	load("v3_mcast4-1", &a);
	a.pay[4] = 0xf0;
	resum(a.pay, a.len, &a.ctx);
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_OK);
	ck_assert_uint_eq(p.adver_int_cs, 10);
	a.pay[4] = 0xf1;
	resum(a.pay, a.len, &a.ctx);
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_OK);
	ck_assert_uint_eq(p.adver_int_cs, 0x10a);
}
END_TEST

/* Zero addresses: keepalived sends them unless strict. */
START_TEST(strict_no_addrs)
{
	struct vrrp_pkt p;
	struct adv a;

	load("v2_novip4-1", &a);
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_OK);
	a.ctx.strict = true;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_E_NO_ADDRS);
}
END_TEST

/* RFC 5798 7.1: other addresses drop the advert unless from the owner;
 * as keepalived, the count first, then the first of ours missing. */
START_TEST(address_check)
{
	uint8_t same[8] = { 192, 0, 2, 101, 192, 0, 2, 100 };
	uint8_t other[8] = { 192, 0, 2, 101, 192, 0, 2, 99 };
	struct vrrp_pkt p;
	struct adv a;

	load("v2_mcast4-1", &a);
	a.ctx.vips = same;
	a.ctx.nvips = 2;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_OK);
	ck_assert(!p.addr_mismatch);
	a.ctx.nvips = 1;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_E_ADDRS);
	ck_assert_int_eq(p.addr_missing, -1);
	a.ctx.vips = other;
	a.ctx.nvips = 2;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_E_ADDRS);
	ck_assert_int_eq(p.addr_missing, 1);
	load("v3_owner4-1", &a);
	a.ctx.vips = other;
	a.ctx.nvips = 1;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_OK);
	ck_assert(p.addr_mismatch);
}
END_TEST

/* skip_check_adv_addr: no check for the master of the last advert taken,
 * the check for any other sender, or with none taken yet */
START_TEST(address_check_skip)
{
	uint8_t other[8] = { 192, 0, 2, 101, 192, 0, 2, 99 };
	struct vrrp_ip last;
	struct vrrp_pkt p;
	struct adv a;

	load("v2_mcast4-1", &a);
	a.ctx.vips = other;
	a.ctx.nvips = 2;
	a.ctx.skip_same_master = true;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_E_ADDRS);
	last = a.ctx.src;
	a.ctx.last_master = &last;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_OK);
	a.ctx.nvips = 1;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_OK);
	last.addr[3]++;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_E_ADDRS);
	last = a.ctx.src;
	a.ctx.skip_same_master = false;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_E_ADDRS);
	/* strict mode's zero addresses are refused all the same */
	load("v2_novip4-1", &a);
	a.ctx.strict = a.ctx.skip_same_master = true;
	last = a.ctx.src;
	a.ctx.last_master = &last;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_E_NO_ADDRS);
}
END_TEST

static enum vrrp_pkt_err enc(void (*tweak)(struct vrrp_pkt *, struct vrrp_ip *), size_t cap)
{
	static const uint8_t addr[4] = { 192, 0, 2, 100 };
	uint8_t buf[64];
	struct vrrp_ip src, dst;
	struct vrrp_pkt p = {
		.version = 3, .vrid = 1, .priority = 100, .naddr = 1,
		.adver_int_cs = 100, .family = AF_INET, .addrs = addr,
	};
	size_t n = 0;

	endpoints(AF_INET, &src, &dst);
	tweak(&p, &src);
	return vrrp_pkt_encode(&p, &src, &dst, buf, cap, &n);
}

static void t_none(struct vrrp_pkt *p, struct vrrp_ip *s) { (void)p; (void)s; }
static void t_ver(struct vrrp_pkt *p, struct vrrp_ip *s) { (void)s; p->version = 4; }
static void t_vrid(struct vrrp_pkt *p, struct vrrp_ip *s) { (void)s; p->vrid = 0; }
static void t_v2v6(struct vrrp_pkt *p, struct vrrp_ip *s) { (void)s; p->version = 2; p->family = AF_INET6; }
static void t_src(struct vrrp_pkt *p, struct vrrp_ip *s) { (void)p; s->family = AF_INET6; }
static void t_fam(struct vrrp_pkt *p, struct vrrp_ip *s) { (void)s; p->family = AF_UNIX; }
static void t_ah(struct vrrp_pkt *p, struct vrrp_ip *s) { (void)s; p->version = 2; p->auth_type = VRRP_AUTH_AH; }
static void t_auth(struct vrrp_pkt *p, struct vrrp_ip *s) { (void)s; p->version = 2; p->auth_type = 9; }
static void t_v2frac(struct vrrp_pkt *p, struct vrrp_ip *s) { (void)s; p->version = 2; p->adver_int_cs = 150; }
static void t_v2big(struct vrrp_pkt *p, struct vrrp_ip *s) { (void)s; p->version = 2; p->adver_int_cs = 25600; }
static void t_v3big(struct vrrp_pkt *p, struct vrrp_ip *s) { (void)s; p->adver_int_cs = 4096; }
static void t_zero(struct vrrp_pkt *p, struct vrrp_ip *s) { (void)s; p->adver_int_cs = 0; }
static void t_v2max(struct vrrp_pkt *p, struct vrrp_ip *s) { (void)s; p->version = 2; p->adver_int_cs = 25500; }
static void t_v3max(struct vrrp_pkt *p, struct vrrp_ip *s) { (void)s; p->adver_int_cs = 4095; }

START_TEST(encode_errors)
{
	ck_assert_int_eq(enc(t_none, 64), VRRP_PKT_OK);
	ck_assert_int_eq(enc(t_none, 12), VRRP_PKT_OK);
	ck_assert_int_eq(enc(t_none, 11), VRRP_PKT_E_NOSPACE);
	ck_assert_int_eq(enc(t_ver, 64), VRRP_PKT_E_VERSION);
	ck_assert_int_eq(enc(t_vrid, 64), VRRP_PKT_E_VRID);
	ck_assert_int_eq(enc(t_v2v6, 64), VRRP_PKT_E_FAMILY);
	ck_assert_int_eq(enc(t_src, 64), VRRP_PKT_E_FAMILY);
	ck_assert_int_eq(enc(t_fam, 64), VRRP_PKT_E_FAMILY);
	ck_assert_int_eq(enc(t_ah, 64), VRRP_PKT_OK);	/* the AH itself: vrrp_ah_seal */
	ck_assert_int_eq(enc(t_auth, 64), VRRP_PKT_E_AUTH_TYPE);
	ck_assert_int_eq(enc(t_v2frac, 64), VRRP_PKT_E_INTERVAL);
	ck_assert_int_eq(enc(t_v2big, 64), VRRP_PKT_E_INTERVAL);
	ck_assert_int_eq(enc(t_v3big, 64), VRRP_PKT_E_INTERVAL);
	ck_assert_int_eq(enc(t_zero, 64), VRRP_PKT_E_INTERVAL);
	ck_assert_int_eq(enc(t_v2max, 64), VRRP_PKT_OK);
	ck_assert_int_eq(enc(t_v3max, 64), VRRP_PKT_OK);
}
END_TEST

static enum vrrp_pkt_err ip4(const char *name, size_t off, uint8_t val, size_t cut)
{
	uint8_t frame[VRRP_IP4_HDR_LEN + VRRP_PKT_MAX];
	struct vrrp_pkt_ctx ctx;
	const uint8_t *pay;
	size_t plen;
	struct adv a;

	load(name, &a);
	memcpy(frame, a.iph, a.iphlen);
	memcpy(frame + a.iphlen, a.pay, a.len);
	if (off < a.iphlen)
		frame[off] = val;
	vrrp_pkt_ctx_init(&ctx, AF_INET);
	return vrrp_pkt_ip4_parse(frame, a.iphlen + a.len - cut, &ctx, &pay, &plen);
}

START_TEST(ip4_errors)
{
	uint8_t hdr[VRRP_IP4_HDR_LEN];
	struct vrrp_ip s4, s6;

	ck_assert_int_eq(ip4("v2_mcast4-1", 99, 0, 0), VRRP_PKT_OK);
	ck_assert_int_eq(ip4("v2_mcast4-1", 99, 0, 1), VRRP_PKT_E_IPHDR);	/* total > len */
	ck_assert_int_eq(ip4("v2_mcast4-1", 99, 0, 25), VRRP_PKT_E_IPHDR);	/* short */
	ck_assert_int_eq(ip4("v2_mcast4-1", 0, 0x65, 0), VRRP_PKT_E_IPHDR);	/* IPv6 */
	ck_assert_int_eq(ip4("v2_mcast4-1", 0, 0x44, 0), VRRP_PKT_E_IPHDR);	/* IHL 4 */
	ck_assert_int_eq(ip4("v2_mcast4-1", 0, 0x4f, 0), VRRP_PKT_E_IPHDR);	/* IHL > total */
	ck_assert_int_eq(ip4("v2_mcast4-1", 9, 17, 0), VRRP_PKT_E_IPHDR);	/* UDP */
	ck_assert_int_eq(ip4("v2_mcast4-1", 6, 0x20, 0), VRRP_PKT_E_IPHDR);	/* MF */
	ck_assert_int_eq(ip4("v2_mcast4-1", 10, 0, 0), VRRP_PKT_E_IPHDR);	/* checksum */
	endpoints(AF_INET, &s4, &s4);
	endpoints(AF_INET6, &s6, &s6);
	ck_assert_int_eq(vrrp_pkt_ip4_build(hdr, 19, &s4, &s4, 20, 255, 1), VRRP_PKT_E_NOSPACE);
	ck_assert_int_eq(vrrp_pkt_ip4_build(hdr, 20, &s4, &s6, 20, 255, 1), VRRP_PKT_E_FAMILY);
	ck_assert_int_eq(vrrp_pkt_ip4_build(hdr, 20, &s4, &s4, 65516, 255, 1), VRRP_PKT_E_LENGTH);
	ck_assert_int_eq(vrrp_pkt_ip4_build(hdr, 20, &s4, &s4, 65515, 255, 1), VRRP_PKT_OK);
}
END_TEST

START_TEST(strerror_distinct)
{
	for (int i = 0; i < VRRP_PKT_E_COUNT; i++) {
		const char *m = vrrp_pkt_strerror((enum vrrp_pkt_err)i);

		ck_assert_ptr_nonnull(m);
		ck_assert_str_ne(m, "unknown VRRP packet error");
		for (int j = 0; j < i; j++)
			ck_assert_str_ne(m, vrrp_pkt_strerror((enum vrrp_pkt_err)j));
	}
	ck_assert_str_eq(vrrp_pkt_strerror(VRRP_PKT_E_COUNT), "unknown VRRP packet error");
	ck_assert_str_eq(vrrp_pkt_strerror((enum vrrp_pkt_err)-1), "unknown VRRP packet error");
}
END_TEST

START_TEST(helpers)
{
	struct vrrp_ip a, b;

	ck_assert_uint_eq(vrrp_pkt_len(2, AF_INET, 2), 24);
	ck_assert_uint_eq(vrrp_pkt_len(3, AF_INET, 2), 16);
	ck_assert_uint_eq(vrrp_pkt_len(3, AF_INET6, 255), VRRP_PKT_MAX);
	ck_assert_uint_eq(vrrp_pkt_len(2, AF_INET6, 1), 0);
	ck_assert_uint_eq(vrrp_pkt_len(4, AF_INET, 1), 0);
	ck_assert_uint_eq(vrrp_pkt_len(3, AF_INET, 256), 0);
	vrrp_pkt_mcast_group(AF_INET6, &a);
	ip_of("ff02::12", &b);
	ck_assert_int_eq(vrrp_ip_cmp(&a, &b), 0);
	ip_of("192.0.2.10", &a);
	ip_of("192.0.2.9", &b);
	ck_assert_int_gt(vrrp_ip_cmp(&a, &b), 0);	/* numeric, not text, order */
	ip_of("::1", &b);
	ck_assert_int_lt(vrrp_ip_cmp(&a, &b), 0);
	ck_assert_int_eq(vrrp_ip_parse("300.1.1.1", &a), -1);
	ck_assert_int_eq(vrrp_ip_from_bytes(b.addr, 5, &a), -1);
	ck_assert_uint_eq(vrrp_ip_len(AF_UNIX), 0);
}
END_TEST

/* A multicast socket takes its own group and unicast, not another group */
START_TEST(group_hears)
{
	struct vrrp_ip none = { 0 }, g4, g6, dst;

	ip_of("224.0.0.19", &g4);
	ip_of("ff02::13", &g6);
	ip_of("224.0.0.19", &dst);
	ck_assert(vrrp_group_hears(&g4, &dst));
	ip_of("224.0.0.18", &dst);
	ck_assert(!vrrp_group_hears(&g4, &dst));
	ck_assert(vrrp_group_hears(&none, &dst));	/* a unicast socket: as before */
	ip_of("239.255.255.255", &dst);
	ck_assert(!vrrp_group_hears(&g4, &dst));
	ip_of("10.0.0.1", &dst);
	ck_assert(vrrp_group_hears(&g4, &dst));
	ip_of("ff02::12", &dst);
	ck_assert(!vrrp_group_hears(&g6, &dst));
	ip_of("ff02::13", &dst);
	ck_assert(vrrp_group_hears(&g6, &dst));
	ip_of("fe80::1", &dst);
	ck_assert(vrrp_group_hears(&g6, &dst));
}
END_TEST

/* The router's counters: each refused packet once, by the instance that
 * can judge it. */
START_TEST(router_stats)
{
	struct vrrp_router_stats s = { 0 };

	/* every instance of the link refuses an unknown version: the reporter counts */
	vrrp_router_stats_rx(&s, VRRP_PKT_E_VERSION, false, false);
	vrrp_router_stats_rx(&s, VRRP_PKT_E_VERSION, true, false);
	ck_assert_uint_eq(s.version_errors, 1);
	/* the VRID's instance of the other version */
	vrrp_router_stats_rx(&s, VRRP_PKT_E_VERSION_MISMATCH, false, true);
	ck_assert_uint_eq(s.version_errors, 2);
	/* a VRID of another instance of ours is no error; one of none is */
	vrrp_router_stats_rx(&s, VRRP_PKT_E_VRID, true, true);
	vrrp_router_stats_rx(&s, VRRP_PKT_E_VRID, false, false);
	ck_assert_uint_eq(s.vrid_errors, 0);
	vrrp_router_stats_rx(&s, VRRP_PKT_E_VRID, true, false);
	ck_assert_uint_eq(s.vrid_errors, 1);
	vrrp_router_stats_rx(&s, VRRP_PKT_E_CHECKSUM, false, true);
	ck_assert_uint_eq(s.checksum_errors, 1);
	vrrp_router_stats_rx(&s, VRRP_PKT_E_TTL, true, true);
	vrrp_router_stats_rx(&s, VRRP_PKT_E_ADDRS, true, true);
	ck_assert_uint_eq(s.checksum_errors + s.version_errors + s.vrid_errors, 4);
}
END_TEST

/* log_unknown_vrids: a VRID's first advert is logged, then one a minute
 * with the count of those between; each VRID on its own. */
START_TEST(unknown_vrid_pacing)
{
	static struct vrrp_unknown_vrids u;
	const uint64_t t0 = 5000000, q = VRRP_UNKNOWN_VRID_QUIET_US;

	ck_assert_int_eq(vrrp_unknown_vrid_note(&u, 99, t0), 0);
	ck_assert_int_eq(vrrp_unknown_vrid_note(&u, 99, t0 + 1000000), -1);
	ck_assert_int_eq(vrrp_unknown_vrid_note(&u, 99, t0 + q - 1), -1);
	ck_assert_int_eq(vrrp_unknown_vrid_note(&u, 98, t0 + 2), 0);
	ck_assert_int_eq(vrrp_unknown_vrid_note(&u, 0, t0 + 3), 0);
	ck_assert_int_eq(vrrp_unknown_vrid_note(&u, 255, t0 + 3), 0);
	ck_assert_int_eq(vrrp_unknown_vrid_note(&u, 99, t0 + q), 2);
	ck_assert_int_eq(vrrp_unknown_vrid_note(&u, 99, t0 + q + 1), -1);
	ck_assert_int_eq(vrrp_unknown_vrid_note(&u, 99, t0 + 3 * q), 1);
}
END_TEST

/* Another VRID of the other version is another router's, not a version
 * error of ours; the refused header's version and VRID are kept. */
START_TEST(decode_vrid_before_version)
{
	struct vrrp_pkt p;
	struct adv a;

	load("v2_mcast4-1", &a);
	a.ctx.version = 3;
	a.ctx.vrid = 52;
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_E_VRID);
	ck_assert_uint_eq(p.version, 2);
	ck_assert_uint_eq(p.vrid, a.pay[1]);
	a.ctx.vrid = a.pay[1];
	ck_assert_int_eq(vrrp_pkt_decode(a.pay, a.len, &a.ctx, &p), VRRP_PKT_E_VERSION_MISMATCH);
}
END_TEST

/* Each decode error lands in the RFC 6527 counter it belongs to. */
START_TEST(stats_classify)
{
	struct vrrp_stats s = { 0 };

	vrrp_stats_rx_error(&s, VRRP_PKT_E_TTL);
	ck_assert_uint_eq(s.ttl_errors, 1);
	ck_assert_int_eq(s.proto_err, VRRP_PROTO_TTL);
	vrrp_stats_rx_error(&s, VRRP_PKT_E_VERSION_MISMATCH);
	ck_assert_int_eq(s.proto_err, VRRP_PROTO_VERSION);
	vrrp_stats_rx_error(&s, VRRP_PKT_E_CHECKSUM);
	ck_assert_int_eq(s.proto_err, VRRP_PROTO_CHECKSUM);
	ck_assert_uint_eq(s.other_errors, 2);
	vrrp_stats_rx_error(&s, VRRP_PKT_E_TYPE);
	ck_assert_uint_eq(s.invalid_type, 1);
	vrrp_stats_rx_error(&s, VRRP_PKT_E_SHORT);
	vrrp_stats_rx_error(&s, VRRP_PKT_E_LENGTH);
	ck_assert_uint_eq(s.length_errors, 2);
	vrrp_stats_rx_error(&s, VRRP_PKT_E_ADDRS);
	vrrp_stats_rx_error(&s, VRRP_PKT_E_NO_ADDRS);
	vrrp_stats_rx_error(&s, VRRP_PKT_E_FAMILY);
	ck_assert_uint_eq(s.addr_list_errors, 3);
	vrrp_stats_rx_error(&s, VRRP_PKT_E_AUTH_PASS);
	vrrp_stats_rx_error(&s, VRRP_PKT_E_AUTH_TYPE);
	vrrp_stats_rx_error(&s, VRRP_PKT_E_AUTH_AH);
	vrrp_stats_rx_error(&s, VRRP_PKT_E_AH_SEQ);
	vrrp_stats_rx_error(&s, VRRP_PKT_E_AUTH_UNKNOWN);
	ck_assert_uint_eq(s.auth_errors, 3);
	ck_assert_uint_eq(s.auth_type_errors, 1);
	ck_assert_uint_eq(s.auth_type_unknown, 1);
	vrrp_stats_rx_error(&s, VRRP_PKT_E_INTERVAL);
	vrrp_stats_rx_error(&s, VRRP_PKT_E_INTERVAL_MISMATCH);
	ck_assert_uint_eq(s.adv_interval_errors, 2);
	/* another router's VRID and the owner's discards: not this one's errors */
	vrrp_stats_rx_error(&s, VRRP_PKT_E_VRID);
	vrrp_stats_rx_error(&s, VRRP_PKT_E_OWNER);
	ck_assert_uint_eq(s.other_errors, 2);
	ck_assert_int_eq(s.proto_err, VRRP_PROTO_CHECKSUM);
	ck_assert_uint_eq(s.rx_prio_zero + s.tx_prio_zero, 0);
}
END_TEST

START_TEST(stats_master_reason)
{
	static const struct {
		enum vrrp_state from;
		enum vrrp_event_type ev;
		unsigned heard, ours;
		enum vrrp_master_reason want;
	} cases[] = {
		/* Master_Down fired: after a lower priority master, it preempted */
		{ VRRP_STATE_BACKUP, VRRP_EV_TIMER, 50, 100, VRRP_MASTER_PREEMPTED },
		/* after a higher one, or none heard (or one that resigned) */
		{ VRRP_STATE_BACKUP, VRRP_EV_TIMER, 200, 100, VRRP_MASTER_NO_RESPONSE },
		{ VRRP_STATE_BACKUP, VRRP_EV_TIMER, 0, 100, VRRP_MASTER_NO_RESPONSE },
		/* the owner at start, a priority change, a sync group */
		{ VRRP_STATE_INIT, VRRP_EV_STARTUP, 0, 255, VRRP_MASTER_PRIORITY },
		{ VRRP_STATE_BACKUP, VRRP_EV_PRIORITY, 0, 255, VRRP_MASTER_PRIORITY },
		{ VRRP_STATE_BACKUP, VRRP_EV_SYNC_MASTER, 200, 100, VRRP_MASTER_PRIORITY },
	};

	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
		ck_assert_msg(vrrp_stats_master_reason(cases[k].from, cases[k].ev, cases[k].heard,
						       cases[k].ours) == cases[k].want, "case %zu", k);
}
END_TEST

/* An advert's arrival from its kernel timestamp: the age the realtime
 * clock gives, kept between the last emptying read and now whatever
 * that clock did. */
START_TEST(arrival_from_stamp)
{
	const uint64_t now = 50000000, floor = now - 20000;
	const int64_t real = 1700000000000000000;

	/* 7.5 ms old: 7,500 us before now */
	ck_assert_uint_eq(vrrp_arrival_us(now, real, real - 7500000, floor), now - 7500);
	/* stamped at the read itself */
	ck_assert_uint_eq(vrrp_arrival_us(now, real, real, floor), now);
	/* the realtime clock stepped back since: not after now */
	ck_assert_uint_eq(vrrp_arrival_us(now, real, real + 3000000000, floor), now);
	/* stepped forward by an hour: not before the last emptying read */
	ck_assert_uint_eq(vrrp_arrival_us(now, real, real - 3600000000000, floor), floor);
	/* older than the monotonic clock itself, no read yet */
	ck_assert_uint_eq(vrrp_arrival_us(now, real, real - 60000000000, 0), 0);
	/* a floor after now (cannot happen) still gives now at the latest */
	ck_assert_uint_eq(vrrp_arrival_us(now, real, real - 1000000, now + 5), now);
}
END_TEST

Suite *vrrp_pkt_suite(void)
{
	Suite *s = suite_create("vrrp_pkt");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, captured_decode, 0, NCAPTURED);
	tcase_add_loop_test(tc, captured_reencode, 0, NCAPTURED);
	tcase_add_loop_test(tc, captured_ip4_header, 0, NCAPTURED);
	tcase_add_test(tc, old_checksum_policy);
	tcase_add_test(tc, ttl_range);
	tcase_add_test(tc, roundtrip_generated);
	tcase_add_test(tc, decode_errors);
	tcase_add_test(tc, decode_errors_v3);
	tcase_add_test(tc, v3_reserved_bits_ignored);
	tcase_add_test(tc, strict_no_addrs);
	tcase_add_test(tc, address_check_skip);
	tcase_add_test(tc, address_check);
	tcase_add_test(tc, encode_errors);
	tcase_add_test(tc, ip4_errors);
	tcase_add_test(tc, strerror_distinct);
	tcase_add_test(tc, helpers);
	tcase_add_test(tc, group_hears);
	tcase_add_test(tc, stats_classify);
	tcase_add_test(tc, router_stats);
	tcase_add_test(tc, unknown_vrid_pacing);
	tcase_add_test(tc, decode_vrid_before_version);
	tcase_add_test(tc, stats_master_reason);
	tcase_add_test(tc, arrival_from_stamp);
	suite_add_tcase(s, tc);
	return s;
}
