// SPDX-License-Identifier: GPL-2.0-or-later
/* DNS_CHECK's messages: query encoding, reply decoding and the verdict. */
#include "config.h"

#include <check.h>
#include <string.h>

#include "dns_msg.h"
#include "suites.h"

START_TEST(types_by_name)
{
	ck_assert_uint_eq(dns_msg_type(NULL), 6);
	ck_assert_uint_eq(dns_msg_type("A"), 1);
	ck_assert_uint_eq(dns_msg_type("aaaa"), 28);
	ck_assert_uint_eq(dns_msg_type("Mx"), 15);
	ck_assert_uint_eq(dns_msg_type("SRV"), 0);
	ck_assert_uint_eq(dns_msg_type(""), 0);
	ck_assert_str_eq(dns_msg_type_name(2), "NS");
	ck_assert_ptr_null(dns_msg_type_name(33));
}
END_TEST

START_TEST(query_bytes)
{
	static const uint8_t want[] = { 0xbe, 0xef, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
					7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
					0, 28, 0, 1 };
	uint8_t b[DNS_MSG_UDP_MAX], c[DNS_MSG_UDP_MAX];

	ck_assert_int_eq(dns_msg_query(b, sizeof(b), 0xbeef, "example.com", 28), (int)sizeof(want));
	ck_assert_mem_eq(b, want, sizeof(want));
	/* a trailing dot is the same name (keepalived once dropped the root label here) */
	ck_assert_int_eq(dns_msg_query(c, sizeof(c), 0xbeef, "example.com.", 28), (int)sizeof(want));
	ck_assert_mem_eq(c, want, sizeof(want));
}
END_TEST

START_TEST(query_root)
{
	uint8_t b[DNS_MSG_UDP_MAX];

	ck_assert_int_eq(dns_msg_query(b, sizeof(b), 1, ".", 6), 17);
	ck_assert_uint_eq(b[12], 0);
	ck_assert_uint_eq(b[14], 6);
}
END_TEST

START_TEST(query_bad_names)
{
	uint8_t b[DNS_MSG_UDP_MAX];
	char label64[70], long_name[300];

	memset(label64, 'a', 64);
	label64[64] = '\0';
	for (size_t i = 0; i < 128; i++)
		memcpy(long_name + 2 * i, "a.", 2);
	long_name[256] = '\0';	/* 128 labels: 257 bytes encoded */
	ck_assert_int_eq(dns_msg_query(b, sizeof(b), 1, "", 1), -1);
	ck_assert_int_eq(dns_msg_query(b, sizeof(b), 1, "..", 1), -1);
	ck_assert_int_eq(dns_msg_query(b, sizeof(b), 1, "a..b", 1), -1);
	ck_assert_int_eq(dns_msg_query(b, sizeof(b), 1, ".a", 1), -1);
	ck_assert_int_eq(dns_msg_query(b, sizeof(b), 1, label64, 1), -1);
	label64[63] = '\0';
	ck_assert_int_eq(dns_msg_query(b, sizeof(b), 1, label64, 1), 12 + 65 + 4);
	ck_assert_int_eq(dns_msg_query(b, sizeof(b), 1, long_name, 1), -1);
	long_name[252] = '\0';	/* 126 labels: 253 bytes */
	ck_assert_int_eq(dns_msg_query(b, sizeof(b), 1, long_name, 1), 12 + 253 + 4);
	ck_assert_int_eq(dns_msg_query(b, 20, 1, "example.com", 1), -1);
}
END_TEST

/* A reply to "example.com A" (id 0x1234): question, one answer with a
 * compressed name; flags and counts set by the test. */
static size_t reply(uint8_t *b, uint8_t flags2, uint8_t flags3, uint16_t an)
{
	static const uint8_t tmpl[] = { 0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
					7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1,
					0xc0, 12, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4, 192, 0, 2, 1 };

	memcpy(b, tmpl, sizeof(tmpl));
	b[2] = flags2;
	b[3] = flags3;
	b[7] = (uint8_t)an;
	return an ? sizeof(tmpl) : 29;
}

START_TEST(decode_reply)
{
	uint8_t b[128];
	struct dns_msg_reply r;
	size_t n = reply(b, 0x81, 0x80, 1);

	ck_assert_int_eq(dns_msg_decode(b, n, &r), DNS_MSG_OK);
	ck_assert_uint_eq(r.id, 0x1234);
	ck_assert(r.qr);
	ck_assert(!r.tc);
	ck_assert_uint_eq(r.rcode, 0);
	ck_assert_uint_eq(r.qdcount, 1);
	ck_assert_uint_eq(r.ancount, 1);
	ck_assert_int_eq(dns_msg_decode(b, 11, &r), DNS_MSG_SHORT);
	for (size_t cut = 12; cut < n; cut++)
		ck_assert_int_eq(dns_msg_decode(b, cut, &r), DNS_MSG_MALFORMED);
	b[2] |= 0x02;	/* TC: records may be missing, the question may not */
	ck_assert_int_eq(dns_msg_decode(b, 29, &r), DNS_MSG_OK);
	ck_assert_int_eq(dns_msg_decode(b, 20, &r), DNS_MSG_MALFORMED);
}
END_TEST

START_TEST(decode_pointer_loop)
{
	uint8_t b[64];
	struct dns_msg_reply r;
	size_t n = reply(b, 0x81, 0x80, 1);

	b[29] = 0xc0;	/* the answer's name points at itself */
	b[30] = 29;
	ck_assert_int_eq(dns_msg_decode(b, n, &r), DNS_MSG_MALFORMED);
	b[30] = 200;	/* past the end */
	ck_assert_int_eq(dns_msg_decode(b, n, &r), DNS_MSG_MALFORMED);
	b[29] = 0x80;	/* reserved label type */
	ck_assert_int_eq(dns_msg_decode(b, n, &r), DNS_MSG_MALFORMED);
}
END_TEST

START_TEST(verdicts)
{
	uint8_t b[64];
	const char *why;
	size_t n;

	n = reply(b, 0x81, 0x80, 1);
	ck_assert_int_eq(dns_msg_verdict(b, n, 0x1234, &why), DNS_MSG_PASS);
	ck_assert_str_eq(why, "NOERROR with answers");
	n = reply(b, 0x85, 0x80, 0);	/* NOERROR, no data: up, as keepalived */
	ck_assert_int_eq(dns_msg_verdict(b, n, 0x1234, &why), DNS_MSG_PASS);
	ck_assert_int_eq(dns_msg_verdict(b, n, 0x1235, &why), DNS_MSG_IGNORE);
	ck_assert_int_eq(dns_msg_verdict(b, 11, 0x1234, &why), DNS_MSG_IGNORE);
	n = reply(b, 0x01, 0x00, 0);	/* a query, not a response */
	ck_assert_int_eq(dns_msg_verdict(b, n, 0x1234, &why), DNS_MSG_IGNORE);
	n = reply(b, 0x81, 0x83, 0);
	ck_assert_int_eq(dns_msg_verdict(b, n, 0x1234, &why), DNS_MSG_FAIL);
	ck_assert_str_eq(why, "rcode NXDOMAIN");
	n = reply(b, 0x81, 0x82, 0);
	ck_assert_int_eq(dns_msg_verdict(b, n, 0x1234, &why), DNS_MSG_FAIL);
	ck_assert_str_eq(why, "rcode SERVFAIL");
	n = reply(b, 0x81, 0x80, 1);
	ck_assert_int_eq(dns_msg_verdict(b, n - 1, 0x1234, &why), DNS_MSG_FAIL);
	ck_assert_str_eq(why, "malformed reply");
}
END_TEST

Suite *dns_msg_suite(void)
{
	Suite *s = suite_create("dns_msg");
	TCase *t = tcase_create("dns_msg");

	tcase_add_test(t, types_by_name);
	tcase_add_test(t, query_bytes);
	tcase_add_test(t, query_root);
	tcase_add_test(t, query_bad_names);
	tcase_add_test(t, decode_reply);
	tcase_add_test(t, decode_pointer_loop);
	tcase_add_test(t, verdicts);
	suite_add_tcase(s, t);
	return s;
}
