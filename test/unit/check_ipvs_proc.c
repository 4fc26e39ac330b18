// SPDX-License-Identifier: GPL-2.0-or-later
/* The digest of /proc/net/ip_vs behind the quick drift check: the same
 * table with other connection counters, or read in other pieces, digests
 * the same; a weight, a forwarding method, a dest or a service does not. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "ipvs_proc.h"
#include "suites.h"

static const char table[] =
	"IP Virtual Server version 1.2.1 (size=4096)\n"
	"Prot LocalAddress:Port Scheduler Flags\n"
	"  -> RemoteAddress:Port Forward Weight ActiveConn InActConn\n"
	"TCP  0A000064:0050 wlc \n"
	"  -> 0A000002:0050      Masq    1      0          0         \n"
	"  -> 0A000003:0050      Masq    1      0          0         \n"
	"UDP  [fd00:0000:0000:0000:0000:0000:0000:0100]:CA6C sh persistent 180\n"
	"  -> [fd00:0000:0000:0000:0000:0000:0000:0002]:CA6C Route   5      0          0         \n";

static uint64_t digest_of(const char *text, size_t piece)
{
	struct ipvs_proc_digest d;
	size_t n = strlen(text);

	ipvs_proc_digest_init(&d);
	for (size_t off = 0; off < n; off += piece)
		ipvs_proc_digest_feed(&d, text + off, n - off < piece ? n - off : piece);
	return ipvs_proc_digest_end(&d);
}

/* table with the first occurrence of from replaced by to */
static uint64_t digest_edited(const char *from, const char *to)
{
	char buf[2048];
	const char *at = strstr(table, from);

	ck_assert_ptr_nonnull(at);
	snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(at - table), table, to, at + strlen(from));
	return digest_of(buf, sizeof(buf));
}

START_TEST(pieces_do_not_matter)
{
	uint64_t whole = digest_of(table, sizeof(table));

	for (size_t piece = 1; piece < 70; piece += 3)
		ck_assert_uint_eq(digest_of(table, piece), whole);
}
END_TEST

START_TEST(counters_and_spacing_do_not_count)
{
	uint64_t whole = digest_of(table, sizeof(table));

	ck_assert_uint_eq(digest_edited("Masq    1      0          0", "Masq    1      17         4032"), whole);
	ck_assert_uint_eq(digest_edited("Route   5      0          0", "Route   5 3 9"), whole);
}
END_TEST

START_TEST(the_table_counts)
{
	uint64_t whole = digest_of(table, sizeof(table));

	ck_assert_uint_ne(digest_edited("Masq    1      0", "Masq    0      0"), whole);	/* weight */
	ck_assert_uint_ne(digest_edited("Masq    1      0", "Route   1      0"), whole);	/* forwarding */
	ck_assert_uint_ne(digest_edited("0A000003:0050", "0A000004:0050"), whole);	/* a dest */
	ck_assert_uint_ne(digest_edited("TCP  0A000064:0050 wlc", "TCP  0A000064:0050 rr"), whole);
	ck_assert_uint_ne(digest_edited("sh persistent 180", "sh persistent 60"), whole);
	/* a dest gone, a service gone, all gone (ipvsadm -C) */
	ck_assert_uint_ne(digest_edited("  -> 0A000003:0050      Masq    1      0          0         \n", ""), whole);
	ck_assert_uint_ne(digest_edited("TCP  0A000064:0050 wlc \n", ""), whole);
	ck_assert_uint_ne(digest_of("IP Virtual Server version 1.2.1 (size=4096)\n"
				    "Prot LocalAddress:Port Scheduler Flags\n"
				    "  -> RemoteAddress:Port Forward Weight ActiveConn InActConn\n", 4096), whole);
	/* lines swap: the kernel lists in a stable order, a move is a change */
	ck_assert_uint_ne(digest_edited("0A000002:0050      Masq    1      0          0         \n"
					"  -> 0A000003:0050",
					"0A000003:0050      Masq    1      0          0         \n"
					"  -> 0A000002:0050"), whole);
}
END_TEST

START_TEST(long_lines_and_a_last_line_without_newline)
{
	char big[1200];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_uint_eq(digest_of(big, 7), digest_of(big, 500));
	ck_assert_uint_ne(digest_of("TCP  0A000064:0050 wlc", 5), digest_of("", 5));
	ck_assert_uint_eq(digest_of("TCP  0A000064:0050 wlc", 5), digest_of("TCP 0A000064:0050 wlc\n", 3));
}
END_TEST

START_TEST(read_missing_file_is_an_error)
{
	uint64_t d;

	ck_assert_int_lt(ipvs_proc_read("/nonexistent/ip_vs", &d), 0);
	ck_assert_int_eq(ipvs_proc_read("/proc/self/stat", &d), 0);
}
END_TEST

Suite *ipvs_proc_suite(void)
{
	Suite *s = suite_create("ipvs_proc");
	TCase *tc = tcase_create("digest");

	tcase_add_test(tc, pieces_do_not_matter);
	tcase_add_test(tc, counters_and_spacing_do_not_count);
	tcase_add_test(tc, the_table_counts);
	tcase_add_test(tc, long_lines_and_a_last_line_without_newline);
	tcase_add_test(tc, read_missing_file_is_an_error);
	suite_add_tcase(s, tc);
	return s;
}
