// SPDX-License-Identifier: GPL-2.0-or-later
/* Half-open probe segments (see chk_syn_pkt.h). */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <string.h>

#include "chk_syn_pkt.h"

#define TCP_MSS_ADVERTISED 1460

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

void syn_build(uint8_t out[SYN_SEG_LEN], uint16_t sport, uint16_t dport, uint32_t seq)
{
	memset(out, 0, SYN_SEG_LEN);
	put16(out, sport);
	put16(out + 2, dport);
	put32(out + 4, seq);
	out[12] = (SYN_SEG_LEN / 4) << 4;	/* data offset */
	out[13] = TH_SYN;
	put16(out + 14, 65535);			/* window */
	out[20] = TCPOPT_MAXSEG;
	out[21] = TCPOLEN_MAXSEG;
	put16(out + 22, TCP_MSS_ADVERTISED);
}

static uint32_t sum16(const uint8_t *p, size_t len, uint32_t sum)
{
	for (; len > 1; len -= 2, p += 2)
		sum += get16(p);
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

void syn_checksum_v4(uint8_t *seg, size_t len, struct in_addr src, struct in_addr dst)
{
	uint8_t pseudo[12];
	uint32_t sum;

	memcpy(pseudo, &src, 4);
	memcpy(pseudo + 4, &dst, 4);
	pseudo[8] = 0;
	pseudo[9] = IPPROTO_TCP;
	put16(pseudo + 10, (uint16_t)len);
	put16(seg + 16, 0);
	sum = sum16(seg, len, sum16(pseudo, sizeof(pseudo), 0));
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	put16(seg + 16, (uint16_t)~sum);
}

int syn_parse_tcp(const uint8_t *p, size_t len, bool full, struct syn_seg *s)
{
	if (len < (full ? 20u : 8u) || (full && (size_t)(p[12] >> 4) * 4 < 20))
		return -1;
	*s = (struct syn_seg){ .sport = get16(p), .dport = get16(p + 2), .seq = get32(p + 4) };
	if (full) {
		s->ack = get32(p + 8);
		s->flags = p[13];
	}
	return 0;
}

int syn_parse_v4(const uint8_t *p, size_t len, struct in_addr *src, struct syn_seg *s)
{
	size_t ihl;

	if (len < 20 || p[0] >> 4 != 4 || p[9] != IPPROTO_TCP)
		return -1;
	ihl = (size_t)(p[0] & 0x0f) * 4;
	/* a fragment other than the first has no TCP header at its start */
	if (ihl < 20 || ihl > len || (get16(p + 6) & 0x1fff))
		return -1;
	memcpy(src, p + 12, 4);
	return syn_parse_tcp(p + ihl, len - ihl, true, s);
}

enum syn_verdict syn_judge(const struct syn_seg *s, uint32_t isn)
{
	/* only an acknowledgement of our SYN is an answer (RFC 9293 3.10.7.3) */
	if (!(s->flags & TH_ACK) || s->ack != isn + 1)
		return SYN_IGNORE;
	if (s->flags & TH_RST)
		return SYN_REFUSED;
	return s->flags & TH_SYN ? SYN_LISTENING : SYN_IGNORE;
}

size_t syn_filter(struct sock_filter out[SYN_FILTER_MAX], int af, uint16_t port)
{
	size_t n = 0;

	if (af == AF_INET) {
		out[n++] = (struct sock_filter)BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0);
		out[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_H | BPF_IND, 2);
	} else {
		out[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_H | BPF_ABS, (uint32_t)SKF_NET_OFF + 40 + 2);
	}
	/* the jumps count from the next instruction: drop is the last */
	out[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, port, 0, 5);
	out[n++] = af == AF_INET ? (struct sock_filter)BPF_STMT(BPF_LD | BPF_B | BPF_IND, 13)
				 : (struct sock_filter)BPF_STMT(BPF_LD | BPF_B | BPF_ABS, (uint32_t)SKF_NET_OFF + 40 + 13);
	out[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, TH_RST, 2, 0);
	out[n++] = (struct sock_filter)BPF_STMT(BPF_ALU | BPF_AND | BPF_K, TH_SYN | TH_ACK);
	out[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TH_SYN | TH_ACK, 0, 1);
	out[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0xffff);
	out[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0);
	return n;
}
