// SPDX-License-Identifier: GPL-2.0-or-later
/* The BFD control packet codec (bfd_pkt.c): the bytes of RFC 5880 4.1,
 * and every check 6.8.6 makes before a session is looked up. */
#include <check.h>
#include <string.h>

#include "bfd_pkt.h"
#include "suites.h"

/* Up, Poll, multiplier 3, discriminators 0x11223344 / 0x55667788,
 * 50 ms / 60 ms / no echo */
static const uint8_t up_poll[BFD_PKT_LEN] = {
	0x20, 0xe0, 3, 24, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
	0x00, 0x00, 0xc3, 0x50, 0x00, 0x00, 0xea, 0x60, 0, 0, 0, 0,
};

START_TEST(decodes_fields)
{
	struct bfd_pkt p;

	ck_assert_int_eq(bfd_pkt_decode(up_poll, sizeof(up_poll), &p), BFD_PKT_OK);
	ck_assert_uint_eq(p.version, 1);
	ck_assert_uint_eq(p.diag, BFD_DIAG_NONE);
	ck_assert_uint_eq(p.state, BFD_UP);
	ck_assert(p.poll && !p.final && !p.auth && !p.demand && !p.cpi && !p.multipoint);
	ck_assert_uint_eq(p.mult, 3);
	ck_assert_uint_eq(p.my_disc, 0x11223344u);
	ck_assert_uint_eq(p.your_disc, 0x55667788u);
	ck_assert_uint_eq(p.min_tx_us, 50000);
	ck_assert_uint_eq(p.min_rx_us, 60000);
	ck_assert_uint_eq(p.min_echo_rx_us, 0);
}
END_TEST

START_TEST(encode_round_trip)
{
	struct bfd_pkt p, q;
	uint8_t out[BFD_PKT_LEN];

	ck_assert_int_eq(bfd_pkt_decode(up_poll, sizeof(up_poll), &p), 0);
	ck_assert_uint_eq(bfd_pkt_encode(&p, out), BFD_PKT_LEN);
	ck_assert_mem_eq(out, up_poll, BFD_PKT_LEN);
	p = (struct bfd_pkt){ .diag = BFD_DIAG_EXPIRED, .state = BFD_DOWN, .final = true, .mult = 5,
			      .my_disc = 7, .min_tx_us = 1000000, .min_rx_us = 10000 };
	bfd_pkt_encode(&p, out);
	ck_assert_uint_eq(out[0], 0x21);	/* version 1, diag 1 */
	ck_assert_uint_eq(out[1], 0x50);	/* Down, Final */
	ck_assert_uint_eq(out[3], 24);
	ck_assert_int_eq(bfd_pkt_decode(out, sizeof(out), &q), 0);
	ck_assert(q.final && !q.poll);
	ck_assert_uint_eq(q.your_disc, 0);
	ck_assert_uint_eq(q.min_tx_us, 1000000);
}
END_TEST

static int decode_with(size_t at, uint8_t v, size_t len)
{
	uint8_t b[64] = { 0 };
	struct bfd_pkt p;

	memcpy(b, up_poll, sizeof(up_poll));
	b[at] = v;
	return bfd_pkt_decode(b, len, &p);
}

START_TEST(refuses_bad_packets)
{
	struct bfd_pkt p;

	ck_assert_int_eq(bfd_pkt_decode(up_poll, 23, &p), BFD_PKT_SHORT);
	ck_assert_int_eq(decode_with(0, 0x40, 24), BFD_PKT_VERSION);	/* version 2 */
	ck_assert_int_eq(decode_with(0, 0x00, 24), BFD_PKT_VERSION);	/* version 0 */
	ck_assert_int_eq(decode_with(3, 23, 24), BFD_PKT_LENGTH);
	ck_assert_int_eq(decode_with(3, 30, 24), BFD_PKT_SHORT);	/* says more than came */
	ck_assert_int_eq(decode_with(3, 30, 30), BFD_PKT_OK);		/* the rest is ignored */
	ck_assert_int_eq(decode_with(1, 0xe4, 24), BFD_PKT_LENGTH);	/* auth needs 26+ */
	ck_assert_int_eq(decode_with(2, 0, 24), BFD_PKT_MULT);
	ck_assert_int_eq(decode_with(1, 0xe1, 24), BFD_PKT_MULTIPOINT);
	ck_assert_int_eq(decode_with(4, 0, 24), BFD_PKT_OK);	/* one byte of my_disc */
	uint8_t b[BFD_PKT_LEN];
	memcpy(b, up_poll, sizeof(b));
	memset(b + 4, 0, 4);
	ck_assert_int_eq(bfd_pkt_decode(b, sizeof(b), &p), BFD_PKT_MY_DISC);
	memcpy(b, up_poll, sizeof(b));
	memset(b + 8, 0, 4);
	ck_assert_int_eq(bfd_pkt_decode(b, sizeof(b), &p), BFD_PKT_YOUR_DISC);	/* Up */
	b[1] = 0x40;	/* Down: your discriminator 0 is fine */
	ck_assert_int_eq(bfd_pkt_decode(b, sizeof(b), &p), BFD_PKT_OK);
	b[1] = 0x00;	/* AdminDown too */
	ck_assert_int_eq(bfd_pkt_decode(b, sizeof(b), &p), BFD_PKT_OK);
	b[1] = 0x80;	/* Init: not */
	ck_assert_int_eq(bfd_pkt_decode(b, sizeof(b), &p), BFD_PKT_YOUR_DISC);
	ck_assert_str_eq(bfd_pkt_strerror(BFD_PKT_MULT), "detect multiplier 0");
}
END_TEST

START_TEST(names)
{
	ck_assert_str_eq(bfd_state_name(BFD_INIT), "Init");
	ck_assert_str_eq(bfd_state_name(BFD_ADMIN_DOWN), "AdminDown");
	ck_assert_str_eq(bfd_diag_name(BFD_DIAG_EXPIRED), "control detection time expired");
	ck_assert_str_eq(bfd_diag_name(31), "unknown diagnostic");
}
END_TEST

Suite *bfd_pkt_suite(void)
{
	Suite *s = suite_create("bfd_pkt");
	TCase *tc = tcase_create("codec");

	tcase_add_test(tc, decodes_fields);
	tcase_add_test(tc, encode_round_trip);
	tcase_add_test(tc, refuses_bad_packets);
	tcase_add_test(tc, names);
	suite_add_tcase(s, tc);
	return s;
}
