// SPDX-License-Identifier: GPL-2.0-or-later
/* The half-open TCP probe's segments: the SYN, its checksum, the answers
 * and what they mean, and the socket filter (run here by a small
 * interpreter of the classic BPF it uses). */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <netinet/tcp.h>
#include <string.h>

#include "chk_syn_pkt.h"
#include "suites.h"

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

START_TEST(build_lays_out_a_syn_with_mss)
{
	uint8_t seg[SYN_SEG_LEN];
	struct syn_seg s;

	syn_build(seg, 40000, 80, 0x12345678);
	ck_assert_int_eq(syn_parse_tcp(seg, sizeof(seg), true, &s), 0);
	ck_assert_uint_eq(s.sport, 40000);
	ck_assert_uint_eq(s.dport, 80);
	ck_assert_uint_eq(s.seq, 0x12345678);
	ck_assert_uint_eq(s.ack, 0);
	ck_assert_uint_eq(s.flags, TH_SYN);
	ck_assert_uint_eq(seg[12] >> 4, 6);		/* 24 bytes of header */
	ck_assert_uint_eq(seg[20], TCPOPT_MAXSEG);
	ck_assert_uint_eq(get16(seg + 22), 1460);
	ck_assert_uint_eq(get16(seg + 16), 0);		/* summed later */
}
END_TEST

START_TEST(checksum_v4_matches_an_independent_sum)
{
	uint8_t seg[SYN_SEG_LEN];
	struct in_addr src, dst;

	inet_pton(AF_INET, "10.0.0.1", &src);
	inet_pton(AF_INET, "10.0.0.2", &dst);
	syn_build(seg, 40000, 80, 0x12345678);
	syn_checksum_v4(seg, sizeof(seg), src, dst);
	/* computed apart (Python, RFC 1071 sum over pseudo-header and segment) */
	ck_assert_uint_eq(get16(seg + 16), 0x7ee7);
	/* summing again over a filled-in checksum gives the same */
	syn_checksum_v4(seg, sizeof(seg), src, dst);
	ck_assert_uint_eq(get16(seg + 16), 0x7ee7);
}
END_TEST

/* An IPv4 packet from 10.0.0.2 carrying a TCP header with flags and ack. */
static size_t v4_answer(uint8_t *p, uint8_t flags, uint32_t ack, uint16_t dport)
{
	memset(p, 0, 40);
	p[0] = 0x45;
	p[3] = 40;
	p[8] = 64;
	p[9] = IPPROTO_TCP;
	inet_pton(AF_INET, "10.0.0.2", p + 12);
	inet_pton(AF_INET, "10.0.0.1", p + 16);
	p[20] = 0;
	p[21] = 80;
	p[22] = (uint8_t)(dport >> 8);
	p[23] = (uint8_t)dport;
	p[28] = (uint8_t)(ack >> 24);
	p[29] = (uint8_t)(ack >> 16);
	p[30] = (uint8_t)(ack >> 8);
	p[31] = (uint8_t)ack;
	p[32] = 5 << 4;
	p[33] = flags;
	return 40;
}

START_TEST(parse_v4_reads_source_and_header)
{
	uint8_t p[64];
	size_t n = v4_answer(p, TH_SYN | TH_ACK, 0xabcdef01, 40000);
	struct in_addr src;
	struct syn_seg s;
	char a[INET_ADDRSTRLEN];

	ck_assert_int_eq(syn_parse_v4(p, n, &src, &s), 0);
	ck_assert_str_eq(inet_ntop(AF_INET, &src, a, sizeof(a)), "10.0.0.2");
	ck_assert_uint_eq(s.sport, 80);
	ck_assert_uint_eq(s.dport, 40000);
	ck_assert_uint_eq(s.ack, 0xabcdef01);
	ck_assert_uint_eq(s.flags, TH_SYN | TH_ACK);
}
END_TEST

START_TEST(parse_v4_refuses_what_is_not_a_whole_tcp_header)
{
	uint8_t p[64];
	size_t n = v4_answer(p, TH_SYN | TH_ACK, 1, 40000);
	struct in_addr src;
	struct syn_seg s;

	ck_assert_int_eq(syn_parse_v4(p, n - 1, &src, &s), -1);	/* short */
	ck_assert_int_eq(syn_parse_v4(p, 19, &src, &s), -1);
	p[9] = IPPROTO_UDP;
	ck_assert_int_eq(syn_parse_v4(p, n, &src, &s), -1);
	p[9] = IPPROTO_TCP;
	p[7] = 1;						/* a later fragment */
	ck_assert_int_eq(syn_parse_v4(p, n, &src, &s), -1);
	p[7] = 0;
	p[0] = 0x44;						/* header shorter than 20 */
	ck_assert_int_eq(syn_parse_v4(p, n, &src, &s), -1);
	p[0] = 0x4f;						/* header past the end */
	ck_assert_int_eq(syn_parse_v4(p, n, &src, &s), -1);
	p[0] = 0x65;
	ck_assert_int_eq(syn_parse_v4(p, n, &src, &s), -1);
	p[0] = 0x45;
	p[32] = 4 << 4;						/* TCP data offset < 20 */
	ck_assert_int_eq(syn_parse_v4(p, n, &src, &s), -1);
}
END_TEST

START_TEST(parse_tcp_partial_reads_an_icmp_quote)
{
	uint8_t seg[SYN_SEG_LEN];
	struct syn_seg s;

	syn_build(seg, 40000, 443, 77);
	ck_assert_int_eq(syn_parse_tcp(seg, 8, false, &s), 0);
	ck_assert_uint_eq(s.sport, 40000);
	ck_assert_uint_eq(s.dport, 443);
	ck_assert_uint_eq(s.seq, 77);
	ck_assert_int_eq(syn_parse_tcp(seg, 7, false, &s), -1);
	ck_assert_int_eq(syn_parse_tcp(seg, 8, true, &s), -1);
}
END_TEST

START_TEST(judge_wants_our_sequence_acknowledged)
{
	uint32_t isn = syn_isn(5, 0x1234);
	struct syn_seg s = { .flags = TH_SYN | TH_ACK, .ack = isn + 1 };

	ck_assert_int_eq(syn_judge(&s, isn), SYN_LISTENING);
	s.ack = isn;
	ck_assert_int_eq(syn_judge(&s, isn), SYN_IGNORE);
	s = (struct syn_seg){ .flags = TH_RST | TH_ACK, .ack = isn + 1 };
	ck_assert_int_eq(syn_judge(&s, isn), SYN_REFUSED);
	s.flags = TH_RST;					/* not an answer to a SYN */
	ck_assert_int_eq(syn_judge(&s, isn), SYN_IGNORE);
	s.flags = TH_SYN;					/* simultaneous open */
	ck_assert_int_eq(syn_judge(&s, isn), SYN_IGNORE);
	s.flags = TH_ACK;
	ck_assert_int_eq(syn_judge(&s, isn), SYN_IGNORE);
	/* the acknowledgement wraps */
	s = (struct syn_seg){ .flags = TH_SYN | TH_ACK, .ack = 0 };
	ck_assert_int_eq(syn_judge(&s, 0xffffffffu), SYN_LISTENING);
}
END_TEST

START_TEST(isn_carries_its_slot)
{
	for (uint32_t slot = 0; slot < (1u << SYN_SLOT_BITS); slot += 4099)
		ck_assert_uint_eq(syn_slot_of(syn_isn(slot, 0xdeadbeef)), slot);
	ck_assert_uint_eq(syn_isn(3, 0xffff) >> SYN_SLOT_BITS, 0xffff);
	ck_assert_uint_ne(syn_isn(3, 1), syn_isn(3, 2));
}
END_TEST

/* Runs the classic BPF that syn_filter() emits over pkt, whose network
 * header is at 0; returns what the program returns (0: dropped). */
static uint32_t bpf_run(const struct sock_filter *prog, size_t n, const uint8_t *pkt, size_t len)
{
	uint32_t a = 0, x = 0;

	for (size_t pc = 0; pc < n; pc++) {
		const struct sock_filter *f = &prog[pc];
		uint32_t k = f->k, at;
		switch (f->code) {
		case BPF_LDX | BPF_B | BPF_MSH:
			ck_assert_uint_lt(k, len);
			x = 4u * (pkt[k] & 0x0f);
			break;
		case BPF_LD | BPF_H | BPF_IND:
		case BPF_LD | BPF_B | BPF_IND:
		case BPF_LD | BPF_H | BPF_ABS:
		case BPF_LD | BPF_B | BPF_ABS:
			at = BPF_MODE(f->code) == BPF_IND ? x + k : k - (uint32_t)SKF_NET_OFF;
			if (BPF_MODE(f->code) == BPF_ABS)
				ck_assert_uint_ge(k, (uint32_t)SKF_NET_OFF);	/* from the network header */
			if (at + (BPF_SIZE(f->code) == BPF_H ? 2 : 1) > len)
				return 0;
			a = BPF_SIZE(f->code) == BPF_H ? get16(pkt + at) : pkt[at];
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += a == k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += (a & k) ? f->jt : f->jf;
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			a &= k;
			break;
		case BPF_RET | BPF_K:
			return k;
		default:
			ck_abort_msg("unexpected BPF instruction %#x at %zu", f->code, pc);
		}
	}
	ck_abort_msg("the filter runs off its end");
	return 0;
}

START_TEST(filter_v4_passes_only_answers_to_the_port)
{
	struct sock_filter prog[SYN_FILTER_MAX];
	size_t n = syn_filter(prog, AF_INET, 40000);
	uint8_t p[64];

	ck_assert_uint_le(n, SYN_FILTER_MAX);
	ck_assert_uint_ne(bpf_run(prog, n, p, v4_answer(p, TH_SYN | TH_ACK, 1, 40000)), 0);
	ck_assert_uint_ne(bpf_run(prog, n, p, v4_answer(p, TH_RST | TH_ACK, 1, 40000)), 0);
	ck_assert_uint_ne(bpf_run(prog, n, p, v4_answer(p, TH_RST, 1, 40000)), 0);
	ck_assert_uint_eq(bpf_run(prog, n, p, v4_answer(p, TH_SYN | TH_ACK, 1, 40001)), 0);
	ck_assert_uint_eq(bpf_run(prog, n, p, v4_answer(p, TH_ACK, 1, 40000)), 0);
	ck_assert_uint_eq(bpf_run(prog, n, p, v4_answer(p, TH_SYN, 1, 40000)), 0);
	ck_assert_uint_eq(bpf_run(prog, n, p, v4_answer(p, TH_ACK | TH_PUSH, 1, 40000)), 0);
	/* IP options move the TCP header */
	uint8_t q[64] = { 0 };
	size_t m = v4_answer(p, TH_SYN | TH_ACK, 1, 40000);
	memcpy(q, p, 20);
	q[0] = 0x46;
	memcpy(q + 24, p + 20, m - 20);
	ck_assert_uint_ne(bpf_run(prog, n, q, m + 4), 0);
	q[24 + 3] = 0x41;					/* port 40001 */
	ck_assert_uint_eq(bpf_run(prog, n, q, m + 4), 0);
}
END_TEST

START_TEST(filter_v6_reads_after_the_fixed_header)
{
	struct sock_filter prog[SYN_FILTER_MAX];
	size_t n = syn_filter(prog, AF_INET6, 40000);
	uint8_t p[60] = { 0x60 };
	uint8_t *tcp = p + 40;

	tcp[2] = 40000 >> 8;
	tcp[3] = 40000 & 0xff;
	tcp[13] = TH_SYN | TH_ACK;
	ck_assert_uint_ne(bpf_run(prog, n, p, sizeof(p)), 0);
	tcp[13] = TH_RST | TH_ACK;
	ck_assert_uint_ne(bpf_run(prog, n, p, sizeof(p)), 0);
	tcp[13] = TH_ACK;
	ck_assert_uint_eq(bpf_run(prog, n, p, sizeof(p)), 0);
	tcp[13] = TH_SYN | TH_ACK;
	tcp[3]++;
	ck_assert_uint_eq(bpf_run(prog, n, p, sizeof(p)), 0);
	ck_assert_uint_eq(bpf_run(prog, n, p, 41), 0);		/* too short */
}
END_TEST

Suite *chk_syn_suite(void)
{
	Suite *s = suite_create("chk_syn");
	TCase *tc = tcase_create("pkt");

	tcase_add_test(tc, build_lays_out_a_syn_with_mss);
	tcase_add_test(tc, checksum_v4_matches_an_independent_sum);
	tcase_add_test(tc, parse_v4_reads_source_and_header);
	tcase_add_test(tc, parse_v4_refuses_what_is_not_a_whole_tcp_header);
	tcase_add_test(tc, parse_tcp_partial_reads_an_icmp_quote);
	tcase_add_test(tc, judge_wants_our_sequence_acknowledged);
	tcase_add_test(tc, isn_carries_its_slot);
	tcase_add_test(tc, filter_v4_passes_only_answers_to_the_port);
	tcase_add_test(tc, filter_v6_reads_after_the_fixed_header);
	suite_add_tcase(s, tc);
	return s;
}
