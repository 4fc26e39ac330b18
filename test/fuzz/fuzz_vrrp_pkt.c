// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: the VRRP advert decoder and the IPv4 header reader.
 * Input: one control byte, then the bytes a socket would deliver.
 *   bit 0: IPv6 socket (else IPv4)
 *   bit 1: repair the VRRP checksum first, so mutations get past it
 *   bit 2: the bytes start with an IPv4 header (raw IPv4 socket)
 *   bit 3: strict mode      bit 4: check against two configured VIPs
 *   bit 5: v2 PASS "secretpa" expected
 *   bit 6: refuse old checksums   bit 7: TTL 64, unicast range
 * Every advert that decodes must encode and decode back to the same. */
#include <stdlib.h>
#include <string.h>

#include "vrrp_pkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t vips4[8] = { 192, 0, 2, 100, 192, 0, 2, 101 };
static const uint8_t vips6[32] = { 0xfe, 0x80, [15] = 1, 0x20, 0x01, 0x0d, 0xb8, [31] = 1 };

static void setup(uint8_t ctl, struct vrrp_pkt_ctx *ctx)
{
	sa_family_t fam = ctl & 1 ? AF_INET6 : AF_INET;

	vrrp_pkt_ctx_init(ctx, fam);
	vrrp_ip_parse(fam == AF_INET ? "192.0.2.1" : "fe80::1", &ctx->src);
	vrrp_pkt_mcast_group(fam, &ctx->dst);
	ctx->ttl = ctl & 0x80 ? 64 : 255;
	if (ctl & 0x80)
		ctx->ttl_min = 1;
	ctx->strict = ctl & 0x08;
	if (ctl & 0x10) {
		ctx->vips = fam == AF_INET ? vips4 : vips6;
		ctx->nvips = 2;
	}
	if (ctl & 0x20) {
		ctx->auth_type = VRRP_AUTH_PASS;
		memcpy(ctx->auth_pass, "secretpa", VRRP_AUTH_LEN);
	}
	if (ctl & 0x40)
		ctx->old_ck = VRRP_OLD_CK_NEVER;
}

/* Writes the checksum the decoder expects (v3: with the pseudo-header). */
static void repair(uint8_t *b, size_t len, const struct vrrp_pkt_ctx *ctx)
{
	size_t alen = vrrp_ip_len(ctx->family);
	uint32_t s = 0;

	if (len < VRRP_HDR_LEN)
		return;
	b[6] = b[7] = 0;
	if (b[0] >> 4 == 3 && ctx->src.family == ctx->family) {
		for (size_t i = 0; i < alen; i += 2)
			s += (uint32_t)(ctx->src.addr[i] << 8 | ctx->src.addr[i + 1]) +
			     (uint32_t)(ctx->dst.addr[i] << 8 | ctx->dst.addr[i + 1]);
		s += VRRP_IPPROTO + (uint32_t)(len & 0xffff) + (uint32_t)(len >> 16);
	}
	for (size_t i = 0; i < len; i += 2)
		s += (uint32_t)(b[i] << 8 | (i + 1 < len ? b[i + 1] : 0));
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	b[6] = (uint8_t)(~s >> 8);
	b[7] = (uint8_t)~s;
}

static void roundtrip(const struct vrrp_pkt *p, const struct vrrp_pkt_ctx *ctx)
{
	uint8_t out[VRRP_PKT_MAX];
	struct vrrp_ip dst = ctx->dst;
	struct vrrp_pkt q;
	size_t n;

	if (p->old_checksum)
		vrrp_pkt_mcast_group(AF_INET, &dst);
	if (vrrp_pkt_encode(p, &ctx->src, &dst, out, sizeof(out), &n) != VRRP_PKT_OK)
		abort();
	if (vrrp_pkt_decode(out, n, ctx, &q) != VRRP_PKT_OK)
		abort();
	if (q.version != p->version || q.vrid != p->vrid || q.priority != p->priority ||
	    q.naddr != p->naddr || q.adver_int_cs != p->adver_int_cs ||
	    q.auth_type != p->auth_type || q.old_checksum != p->old_checksum ||
	    q.addr_mismatch != p->addr_mismatch ||
	    memcmp(q.addrs, p->addrs, p->naddr * vrrp_ip_len(p->family)) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[VRRP_IP4_HDR_LEN + 60 + VRRP_PKT_MAX];
	struct vrrp_pkt_ctx ctx;
	const uint8_t *pay = buf;
	size_t plen, off = 0;
	struct vrrp_pkt p;
	enum vrrp_pkt_err err;

	if (size < 1 || size - 1 > sizeof(buf))
		return 0;
	plen = size - 1;
	memcpy(buf, data + 1, plen);
	setup(data[0], &ctx);
	if (data[0] & 0x04) {
		if (vrrp_pkt_ip4_parse(buf, plen, &ctx, &pay, &plen) != VRRP_PKT_OK)
			return 0;
		off = (size_t)(pay - buf);
	}
	if (data[0] & 0x02)
		repair(buf + off, plen, &ctx);
	err = vrrp_pkt_decode(buf + off, plen, &ctx, &p);
	if (vrrp_pkt_strerror(err) == NULL)
		abort();
	if (err == VRRP_PKT_OK)
		roundtrip(&p, &ctx);
	return 0;
}
