// SPDX-License-Identifier: GPL-2.0-or-later
/* VRRPv2 IPsec AH (vrrp_ah.c) against an advert keepalived 2.2.7 sent
 * (auth_type AH, auth_pass secret1, VRID 51, priority 100, 10.0.0.2 to
 * 224.0.0.18, VIP 10.0.0.100), captured with tcpdump; its ICV was also
 * checked with Python's hmac module. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "suites.h"
#include "vrrp_ah.h"
#include "vrrp_pkt.h"

static const char ka_hex[] =
	"45c0004000010000ff33d0b50a000002e0000012" /* IPv4, protocol 51, ID 1 */
	"700400000a00000200000001"		  /* AH: VRRP, len 4, SPI, seq 1 */
	"6fb255015efa03122308017f"		  /* ICV */
	"2133640102016e660a0000640000000000000000"; /* VRRPv2 advert */

static const uint8_t key[VRRP_AH_KEY_LEN] = "secret1";

static size_t ka_packet(uint8_t *buf)
{
	size_t n = strlen(ka_hex) / 2;

	for (size_t i = 0; i < n; i++) {
		unsigned v;

		sscanf(ka_hex + 2 * i, "%2x", &v);
		buf[i] = (uint8_t)v;
	}
	return n;
}

START_TEST(keepalived_advert_verifies)
{
	uint8_t pkt[128];
	size_t len = ka_packet(pkt);
	uint8_t other[VRRP_AH_KEY_LEN] = "secret2";
	uint32_t seq = 0;

	ck_assert_uint_eq(len, 64);
	ck_assert_int_eq(vrrp_ah_verify(pkt, len, key, false, &seq), VRRP_PKT_OK);
	ck_assert_uint_eq(seq, 1);
	/* another password */
	ck_assert_int_eq(vrrp_ah_verify(pkt, len, other, false, &seq), VRRP_PKT_E_AUTH_AH);
	/* the mutable fields are outside the ICV: TOS, fragment bits, checksum */
	pkt[1] = 0, pkt[10] ^= 0xff;
	ck_assert_int_eq(vrrp_ah_verify(pkt, len, key, false, &seq), VRRP_PKT_OK);
	/* multicast keeps TTL inside (keepalived), unicast does not */
	pkt[8] = 64;
	ck_assert_int_eq(vrrp_ah_verify(pkt, len, key, false, &seq), VRRP_PKT_E_AUTH_AH);
	pkt[8] = 255;
	/* any other byte: the priority, the sequence number, the SPI */
	pkt[46] ^= 1;
	ck_assert_int_eq(vrrp_ah_verify(pkt, len, key, false, &seq), VRRP_PKT_E_AUTH_AH);
	pkt[46] ^= 1;
	pkt[31] ^= 1;
	ck_assert_int_eq(vrrp_ah_verify(pkt, len, key, false, &seq), VRRP_PKT_E_AUTH_AH);
	pkt[31] ^= 1;
	pkt[27] ^= 1;	/* SPI no longer the source address */
	ck_assert_int_eq(vrrp_ah_verify(pkt, len, key, false, &seq), VRRP_PKT_E_AUTH_AH);
	pkt[27] ^= 1;
	/* not AH, not over VRRP, cut short */
	pkt[20] = 6;
	ck_assert_int_eq(vrrp_ah_verify(pkt, len, key, false, &seq), VRRP_PKT_E_IPHDR);
	pkt[20] = 112;
	ck_assert_int_eq(vrrp_ah_verify(pkt, 40, key, false, &seq), VRRP_PKT_E_IPHDR);
	pkt[9] = 112;
	ck_assert_int_eq(vrrp_ah_verify(pkt, len, key, false, &seq), VRRP_PKT_E_IPHDR);
}
END_TEST

START_TEST(keepalived_advert_decodes)
{
	uint8_t pkt[128];
	size_t len = ka_packet(pkt), plen;
	const uint8_t *pay;
	struct vrrp_pkt_ctx ctx;
	struct vrrp_pkt p;

	vrrp_pkt_ctx_init(&ctx, AF_INET);
	ck_assert_int_eq(vrrp_pkt_ip4_parse(pkt, len, &ctx, &pay, &plen), VRRP_PKT_OK);
	ck_assert_ptr_eq(pay, pkt + 44);
	ck_assert_uint_eq(plen, 20);
	ctx.version = 2;
	ctx.vrid = 51;
	ctx.v2_adver_int_s = 1;
	ctx.auth_type = VRRP_AUTH_AH;
	/* an AH advert counts only once the caller verified its AH */
	ck_assert_int_eq(vrrp_pkt_decode(pay, plen, &ctx, &p), VRRP_PKT_E_AUTH_AH);
	ctx.ah_ok = true;
	ck_assert_int_eq(vrrp_pkt_decode(pay, plen, &ctx, &p), VRRP_PKT_OK);
	ck_assert_uint_eq(p.priority, 100);
	ck_assert_uint_eq(p.auth_type, VRRP_AUTH_AH);
	/* PASS on our side: another auth type */
	ctx.auth_type = VRRP_AUTH_PASS;
	ck_assert_int_eq(vrrp_pkt_decode(pay, plen, &ctx, &p), VRRP_PKT_E_AUTH_TYPE);
}
END_TEST

/* Built the way keeld sends it: the same bytes as keepalived's. */
START_TEST(seal_matches_keepalived)
{
	uint8_t want[128], pkt[128];
	size_t want_len = ka_packet(want), vlen;
	uint8_t vip[4] = { 10, 0, 0, 100 };
	struct vrrp_ip src, dst;
	struct vrrp_pkt p = { .version = 2, .vrid = 51, .priority = 100, .naddr = 1,
			      .auth_type = VRRP_AUTH_AH, .adver_int_cs = 100,
			      .family = AF_INET, .addrs = vip };

	vrrp_ip_from_bytes((const uint8_t[]){ 10, 0, 0, 2 }, 4, &src);
	vrrp_pkt_mcast_group(AF_INET, &dst);
	ck_assert_int_eq(vrrp_pkt_encode(&p, &src, &dst, pkt + 44, sizeof(pkt) - 44, &vlen),
			 VRRP_PKT_OK);
	ck_assert_int_eq(vrrp_pkt_ip4_build_proto(pkt, sizeof(pkt), &src, &dst, 24 + vlen, 255, 1,
						  VRRP_AH_PROTO),
			 VRRP_PKT_OK);
	ck_assert_int_eq(vrrp_ah_seal(pkt, 44 + vlen, key, 1, false), 0);
	ck_assert_uint_eq(44 + vlen, want_len);
	ck_assert_mem_eq(pkt, want, want_len);
	ck_assert_int_eq(vrrp_ah_seal(pkt, 43, key, 1, false), -1);	/* no room for the AH */
}
END_TEST

START_TEST(unicast_leaves_ttl_out)
{
	uint8_t pkt[128];
	size_t len = ka_packet(pkt);
	uint32_t seq;

	ck_assert_int_eq(vrrp_ah_seal(pkt, len, key, 7, true), 0);
	pkt[8] = 64;
	ck_assert_int_eq(vrrp_ah_verify(pkt, len, key, true, &seq), VRRP_PKT_OK);
	ck_assert_uint_eq(seq, 7);
	ck_assert_int_eq(vrrp_ah_verify(pkt, len, key, false, &seq), VRRP_PKT_E_AUTH_AH);
}
END_TEST

START_TEST(sequence_counter)
{
	struct vrrp_ah_seq c = { 0 };

	/* one counter both ways: a new master carries on above it, one
	 * number further than the advert it took last */
	ck_assert_uint_eq(vrrp_ah_seq_next(&c), 1);
	ck_assert(vrrp_ah_seq_accept(&c, 5, true));
	ck_assert(!vrrp_ah_seq_accept(&c, 5, true));
	ck_assert(!vrrp_ah_seq_accept(&c, 3, true));
	ck_assert_uint_eq(vrrp_ah_seq_next(&c), 7);
	ck_assert_uint_eq(vrrp_ah_seq_next(&c), 8);
	ck_assert(!vrrp_ah_seq_accept(&c, 6, true));
	ck_assert(vrrp_ah_seq_accept(&c, 9, false));
	ck_assert_uint_eq(c.last, 9);
}
END_TEST

/* The advert the old master sent while we took over crosses our first
 * one: it is older than ours, so the peer takes ours and we drop its. */
START_TEST(takeover_crosses_last_advert)
{
	struct vrrp_ah_seq peer = { 0 }, us = { 0 };
	uint32_t p, u;

	for (int k = 0; k < 3; k++)
		ck_assert(vrrp_ah_seq_accept(&us, vrrp_ah_seq_next(&peer), true));
	p = vrrp_ah_seq_next(&peer);	/* in flight */
	u = vrrp_ah_seq_next(&us);	/* our master down timer fired */
	ck_assert(vrrp_ah_seq_accept(&peer, u, false));
	ck_assert(!vrrp_ah_seq_accept(&us, p, true));
}
END_TEST

/* Two masters send the same number at once: each drops the other's, and
 * their next ones differ, so one of them takes the other's. */
START_TEST(collision_parts_two_masters)
{
	struct vrrp_ah_seq a = { 0 }, b = { 0 };
	uint32_t sa, sb;

	sa = vrrp_ah_seq_next(&a);
	sb = vrrp_ah_seq_next(&b);
	ck_assert_uint_eq(sa, sb);
	ck_assert(!vrrp_ah_seq_accept(&a, sb, true));
	ck_assert(!vrrp_ah_seq_accept(&b, sa, false));
	sa = vrrp_ah_seq_next(&a);
	sb = vrrp_ah_seq_next(&b);
	ck_assert_uint_ne(sa, sb);
	ck_assert(vrrp_ah_seq_accept(&a, sb, true) != vrrp_ah_seq_accept(&b, sa, false));
	/* a duplicate of what we took is no collision: no skip */
	ck_assert(!vrrp_ah_seq_accept(&a, sb, true));
	ck_assert_uint_eq(vrrp_ah_seq_next(&a), sb + 2);
}
END_TEST

Suite *vrrp_ah_suite(void)
{
	Suite *s = suite_create("vrrp_ah");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, keepalived_advert_verifies);
	tcase_add_test(tc, keepalived_advert_decodes);
	tcase_add_test(tc, seal_matches_keepalived);
	tcase_add_test(tc, unicast_leaves_ttl_out);
	tcase_add_test(tc, sequence_counter);
	tcase_add_test(tc, takeover_crosses_last_advert);
	tcase_add_test(tc, collision_parts_two_masters);
	suite_add_tcase(s, tc);
	return s;
}
