// SPDX-License-Identifier: GPL-2.0-or-later
/* The segments of a half-open TCP probe (chk_syn.c), pure: the SYN it
 * sends, the SYN-ACK or RST that answers it, the ICMP error that quotes
 * it, and the socket filter that lets only answers through. */
#ifndef KEEL_CHK_SYN_PKT_H
#define KEEL_CHK_SYN_PKT_H

#include <linux/filter.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SYN_SEG_LEN 24		/* a TCP header with one option, the MSS */
#define SYN_FILTER_MAX 12	/* instructions of syn_filter() */
#define SYN_SLOT_BITS 16	/* the low bits of a probe's sequence number */

/* What a probe reads of a TCP header (host order). */
struct syn_seg {
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;		/* TH_SYN, TH_ACK, TH_RST... */
};

enum syn_verdict {
	SYN_IGNORE,		/* not an answer to this probe */
	SYN_LISTENING,		/* SYN-ACK: a listener answered */
	SYN_REFUSED,		/* RST: nothing listens */
};

/* The SYN of a probe, its checksum left 0 (syn_checksum_v4, or the
 * kernel's for IPv6 with IPV6_CHECKSUM). */
void syn_build(uint8_t out[SYN_SEG_LEN], uint16_t sport, uint16_t dport, uint32_t seq);
/* Fills in seg's TCP checksum for an IPv4 packet from src to dst. */
void syn_checksum_v4(uint8_t *seg, size_t len, struct in_addr src, struct in_addr dst);
/* The TCP header at p (len bytes); with full false only the first 8
 * bytes are needed (ports and sequence number: what an ICMP error quotes
 * at least). -1 when too short. */
int syn_parse_tcp(const uint8_t *p, size_t len, bool full, struct syn_seg *s);
/* An IPv4 packet as a raw socket reads it: its source and TCP header;
 * -1 when it is not a whole TCP header. */
int syn_parse_v4(const uint8_t *p, size_t len, struct in_addr *src, struct syn_seg *s);
/* Whether s, from the probed address and port, answers the probe that
 * sent sequence number isn. */
enum syn_verdict syn_judge(const struct syn_seg *s, uint32_t isn);

/* A probe's initial sequence number: its slot in the low bits, the rest
 * random, so an answer finds its probe without a search. */
static inline uint32_t syn_isn(uint32_t slot, uint32_t rnd)
{
	return (rnd << SYN_SLOT_BITS) | (slot & ((1u << SYN_SLOT_BITS) - 1));
}

static inline uint32_t syn_slot_of(uint32_t isn)
{
	return isn & ((1u << SYN_SLOT_BITS) - 1);
}

/* A classic BPF program for a raw TCP socket of family af (AF_INET reads
 * from the IP header, AF_INET6 from the network header by SKF_NET_OFF):
 * only segments to port with SYN+ACK or RST pass. Returns its length. */
size_t syn_filter(struct sock_filter out[SYN_FILTER_MAX], int af, uint16_t port);

#endif
