// SPDX-License-Identifier: GPL-2.0-or-later
/* The pure parts of UDP_CHECK (reply matching), PING_CHECK (echo packets),
 * SMTP_CHECK (reply parsing) and FILE_CHECK (track file values). */
#include "config.h"

#include <check.h>
#include <string.h>
#include <sys/socket.h>

#include "chk_file.h"
#include "chk_ping.h"
#include "chk_smtp.h"
#include "chk_udp.h"
#include "suites.h"

/* --- UDP_CHECK */

START_TEST(udp_any_reply_without_require_reply)
{
	struct cfg_check_udp u = { .max_reply_length = 255 };
	struct cfg_check cf = { .kind = CFG_CHECK_UDP, .udp = &u };
	const char *why;

	ck_assert(chk_udp_reply_ok(&cf, (const uint8_t *)"", 0, 0, &why));
	ck_assert(chk_udp_reply_ok(&cf, (const uint8_t *)"x", 1, 4000, &why));
}
END_TEST

START_TEST(udp_lengths)
{
	struct cfg_check_udp u = { .require_reply = true, .min_reply_length = 2, .max_reply_length = 4 };
	struct cfg_check cf = { .kind = CFG_CHECK_UDP, .udp = &u };
	const uint8_t b[8] = { 0 };
	const char *why;

	ck_assert(!chk_udp_reply_ok(&cf, b, sizeof(b), 1, &why));
	ck_assert_str_eq(why, "reply too short");
	ck_assert(chk_udp_reply_ok(&cf, b, sizeof(b), 2, &why));
	ck_assert(chk_udp_reply_ok(&cf, b, sizeof(b), 4, &why));
	ck_assert(!chk_udp_reply_ok(&cf, b, sizeof(b), 5, &why));
	ck_assert_str_eq(why, "reply too long");
}
END_TEST

START_TEST(udp_mask)
{
	/* require_reply "AB 1x 0F": the second byte's low nibble is free */
	uint8_t reply[] = { 0xab, 0x10, 0x0f }, mask[] = { 0xff, 0xf0, 0xff };
	struct cfg_check_udp u = { .require_reply = true, .max_reply_length = 255, .reply = reply,
				.reply_mask = mask, .reply_len = 3 };
	struct cfg_check cf = { .kind = CFG_CHECK_UDP, .udp = &u };
	const uint8_t ok1[] = { 0xab, 0x17, 0x0f, 0x99 }, ok2[] = { 0xab, 0x1f }, bad[] = { 0xab, 0x27, 0x0f },
		      bad2[] = { 0xab, 0x10, 0x0e };
	const char *why;

	ck_assert(chk_udp_reply_ok(&cf, ok1, sizeof(ok1), sizeof(ok1), &why));
	ck_assert_str_eq(why, "reply matches");
	/* only the bytes both have are compared (keepalived.conf(5)) */
	ck_assert(chk_udp_reply_ok(&cf, ok2, sizeof(ok2), sizeof(ok2), &why));
	ck_assert(!chk_udp_reply_ok(&cf, bad, sizeof(bad), sizeof(bad), &why));
	ck_assert_str_eq(why, "reply does not match");
	ck_assert(!chk_udp_reply_ok(&cf, bad2, sizeof(bad2), sizeof(bad2), &why));
}
END_TEST

/* --- PING_CHECK */

static struct chk_ping_echo echo(int af)
{
	struct chk_ping_echo e = { .af = af, .id = 0x4b45, .seq = 7 };

	for (size_t i = 0; i < sizeof(e.data); i++)
		e.data[i] = (uint8_t)(i * 17 + 3);
	return e;
}

static uint16_t csum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;

	for (size_t i = 0; i < n; i += 2)
		s += (uint32_t)(p[i] << 8 | (i + 1 < n ? p[i + 1] : 0));
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* The reply a host sends: type 0 (129), checksum fixed the way RFC 792 says. */
static size_t as_reply(uint8_t *p, size_t n, int af)
{
	p[0] = af == AF_INET6 ? 129 : 0;
	p[2] = p[3] = 0;
	if (af == AF_INET) {
		uint16_t c = csum(p, n);
		p[2] = (uint8_t)(c >> 8);
		p[3] = (uint8_t)c;
	}
	return n;
}

START_TEST(ping_request_v4)
{
	struct chk_ping_echo e = echo(AF_INET);
	uint8_t b[64];
	size_t n = chk_ping_build(&e, b, sizeof(b));

	ck_assert_uint_eq(n, 24);
	ck_assert_uint_eq(b[0], 8);
	ck_assert_uint_eq(b[1], 0);
	ck_assert_uint_eq(b[4] << 8 | b[5], 0x4b45);
	ck_assert_uint_eq(b[6] << 8 | b[7], 7);
	ck_assert_uint_eq(csum(b, n), 0);	/* a valid checksum sums to zero */
	ck_assert_uint_eq(chk_ping_build(&e, b, 23), 0);
	/* its own request is not a reply (raw sockets see it on loopback) */
	ck_assert(!chk_ping_match(&e, b, n, false, true));
}
END_TEST

START_TEST(ping_reply_v4)
{
	struct chk_ping_echo e = echo(AF_INET);
	uint8_t b[84] = { 0x45 };
	size_t n = as_reply(b + 20, chk_ping_build(&e, b + 20, 64), AF_INET);

	ck_assert(chk_ping_match(&e, b + 20, n, false, true));
	ck_assert(chk_ping_match(&e, b, n + 20, true, true));	/* raw: IP header first */
	b[0] = 0x46;	/* IHL 24: the ICMP would start 4 bytes later */
	ck_assert(!chk_ping_match(&e, b, n + 20, true, true));
	b[0] = 0x45;
	b[25]++;	/* another id, checksum fixed */
	as_reply(b + 20, n, AF_INET);
	ck_assert(!chk_ping_match(&e, b + 20, n, false, true));
	ck_assert(chk_ping_match(&e, b + 20, n, false, false));	/* ping socket: the kernel's id */
	b[27]++;	/* another sequence */
	as_reply(b + 20, n, AF_INET);
	ck_assert(!chk_ping_match(&e, b + 20, n, false, false));
	b[27]--;
	b[30] ^= 1;	/* other data */
	as_reply(b + 20, n, AF_INET);
	ck_assert(!chk_ping_match(&e, b + 20, n, false, false));
	b[30] ^= 1;
	as_reply(b + 20, n, AF_INET);
	ck_assert(chk_ping_match(&e, b + 20, n, false, false));
	b[22] ^= 0x10;	/* bad checksum */
	ck_assert(!chk_ping_match(&e, b + 20, n, false, false));
	ck_assert(!chk_ping_match(&e, b + 20, 10, false, false));
}
END_TEST

START_TEST(ping_v6)
{
	struct chk_ping_echo e = echo(AF_INET6);
	uint8_t b[64];
	size_t n = chk_ping_build(&e, b, sizeof(b));

	ck_assert_uint_eq(b[0], 128);
	ck_assert_uint_eq(b[2] | b[3], 0);	/* the kernel's to fill */
	ck_assert(!chk_ping_match(&e, b, n, false, true));
	as_reply(b, n, AF_INET6);
	ck_assert(chk_ping_match(&e, b, n, false, true));
	b[0] = 0;	/* an ICMP (v4) reply type on a v6 probe */
	ck_assert(!chk_ping_match(&e, b, n, false, true));
}
END_TEST

/* --- SMTP_CHECK */

static enum smtp_parse parse(const char *s, int *code, size_t *used)
{
	*code = -1;
	*used = 0;
	return smtp_reply(s, strlen(s), code, used);
}

START_TEST(smtp_single_line)
{
	int code;
	size_t used;

	ck_assert_int_eq(parse("220 mx.example ESMTP\r\n", &code, &used), SMTP_REPLY);
	ck_assert_int_eq(code, 220);
	ck_assert_uint_eq(used, 22);
	ck_assert_int_eq(parse("250\r\nnext", &code, &used), SMTP_REPLY);	/* code alone */
	ck_assert_int_eq(code, 250);
	ck_assert_uint_eq(used, 5);
	ck_assert_int_eq(parse("221 bye\n", &code, &used), SMTP_REPLY);	/* bare LF */
	ck_assert_int_eq(parse("220 mx.exa", &code, &used), SMTP_MORE);
	ck_assert_int_eq(parse("22", &code, &used), SMTP_MORE);
	ck_assert_int_eq(parse("", &code, &used), SMTP_MORE);
}
END_TEST

START_TEST(smtp_multi_line)
{
	int code;
	size_t used;
	const char *ehlo = "250-mx.example\r\n250-PIPELINING\r\n250 8BITMIME\r\n";

	ck_assert_int_eq(parse(ehlo, &code, &used), SMTP_REPLY);
	ck_assert_int_eq(code, 250);
	ck_assert_uint_eq(used, strlen(ehlo));
	ck_assert_int_eq(parse("220-first\r\n220-second\r\n", &code, &used), SMTP_MORE);
	ck_assert_int_eq(parse("220-first\r\n220 second", &code, &used), SMTP_MORE);
	ck_assert_int_eq(parse("220-first\r\n250 other code\r\n", &code, &used), SMTP_BAD);
}
END_TEST

START_TEST(smtp_not_smtp)
{
	int code;
	size_t used;

	ck_assert_int_eq(parse("HTTP/1.1 400 Bad Request\r\n", &code, &used), SMTP_BAD);
	ck_assert_int_eq(parse("SSH-2.0-OpenSSH", &code, &used), SMTP_BAD);	/* fails before a line end */
	ck_assert_int_eq(parse("22\r\n", &code, &used), SMTP_BAD);
	ck_assert_int_eq(parse("220x\r\n", &code, &used), SMTP_BAD);
	ck_assert_int_eq(parse("2a0 x\r\n", &code, &used), SMTP_BAD);
}
END_TEST

/* --- FILE_CHECK */

START_TEST(file_values)
{
	long v = -1;

	ck_assert(chk_file_value("0\n", &v) && v == 0);
	ck_assert(chk_file_value("12\n", &v) && v == 12);
	ck_assert(chk_file_value(" -3", &v) && v == -3);
	ck_assert(chk_file_value("0x10", &v) && v == 16);
	ck_assert(chk_file_value("", &v) && v == 0);		/* empty or missing file */
	ck_assert(chk_file_value("up", &v) && v == 0);		/* not a number: 0, as keepalived */
	ck_assert(chk_file_value(NULL, &v) && v == 0);
	ck_assert(chk_file_value("2147483647", &v) && v == 2147483647);
	ck_assert(!chk_file_value("2147483648", &v));
	ck_assert(!chk_file_value("-2147483649", &v));
	ck_assert(!chk_file_value("99999999999999999999999", &v));
}
END_TEST

START_TEST(file_status)
{
	const char *why;
	int w;

	ck_assert(chk_file_eval(0, 1, false, false, 5, &w, &why) && w == -1);
	ck_assert(!chk_file_eval(1, 1, false, false, 5, &w, &why));
	ck_assert_str_eq(why, "non-zero value");
	ck_assert(!chk_file_eval(-7, 0, false, false, 5, &w, &why));
	ck_assert(!chk_file_eval(0, 0, true, false, 5, &w, &why));	/* reverse */
	ck_assert(chk_file_eval(3, 0, true, false, 5, &w, &why) && w == -1);
	ck_assert(chk_file_eval(0, 2, true, false, 5, &w, &why));	/* reverse flips only weight 0 */
	ck_assert(!chk_file_eval(1, 2, true, false, 5, &w, &why));
	ck_assert(!chk_file_eval(3, 0, false, true, 5, &w, &why));	/* weight 0: status even with dynamic */
}
END_TEST

START_TEST(file_dynamic)
{
	const char *why;
	int w;

	ck_assert(chk_file_eval(0, 1, false, true, 5, &w, &why) && w == 5);
	ck_assert(chk_file_eval(3, 2, false, true, 5, &w, &why) && w == 11);
	ck_assert(chk_file_eval(2, 2, true, true, 5, &w, &why) && w == 1);	/* reverse: subtracts */
	ck_assert(chk_file_eval(-5, 1, false, true, 5, &w, &why) && w == 0);
	ck_assert(!chk_file_eval(-6, 1, false, true, 5, &w, &why));
	ck_assert_str_eq(why, "weight below 0");
	ck_assert(chk_file_eval(2147483647, 254, false, true, 1, &w, &why) && w == 65535);
	ck_assert(!chk_file_eval(-2147483647 - 1, 254, false, true, 1, &w, &why));
}
END_TEST

Suite *chk_kinds_suite(void)
{
	Suite *s = suite_create("chk_kinds");
	TCase *udp = tcase_create("udp"), *ping = tcase_create("ping"), *smtp = tcase_create("smtp"),
	      *file = tcase_create("file");

	tcase_add_test(udp, udp_any_reply_without_require_reply);
	tcase_add_test(udp, udp_lengths);
	tcase_add_test(udp, udp_mask);
	tcase_add_test(ping, ping_request_v4);
	tcase_add_test(ping, ping_reply_v4);
	tcase_add_test(ping, ping_v6);
	tcase_add_test(smtp, smtp_single_line);
	tcase_add_test(smtp, smtp_multi_line);
	tcase_add_test(smtp, smtp_not_smtp);
	tcase_add_test(file, file_values);
	tcase_add_test(file, file_status);
	tcase_add_test(file, file_dynamic);
	suite_add_tcase(s, udp);
	suite_add_tcase(s, ping);
	suite_add_tcase(s, smtp);
	suite_add_tcase(s, file);
	return s;
}
