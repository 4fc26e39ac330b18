// SPDX-License-Identifier: GPL-2.0-or-later
/* DNS messages for DNS_CHECK (RFC 1035), pure: the query keel sends, the
 * decoding of a reply and the verdict on it. No I/O; unit tested and
 * fuzzed (test/fuzz/fuzz_dns_resp.c). */
#ifndef KEEL_DNS_MSG_H
#define KEEL_DNS_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DNS_MSG_HDR_LEN 12
#define DNS_MSG_UDP_MAX 512	/* a query always fits: names are <= 255 bytes */
#define DNS_MSG_TYPE_SOA 6

/* The query type named A, NS, CNAME, SOA, MX, TXT or AAAA (any case);
 * NULL is SOA (keepalived's default); 0 for any other name. */
uint16_t dns_msg_type(const char *name);
/* "A", ..., or NULL for a type not in that list. */
const char *dns_msg_type_name(uint16_t type);

/* Writes a recursion-desired query for name (dotted, a trailing dot
 * optional, "." the root) of class IN. Returns its length, or -1 when the
 * name is not a valid one (empty label, label over 63 bytes, name over 255)
 * or cap is too small. */
int dns_msg_query(uint8_t *buf, size_t cap, uint16_t id, const char *name, uint16_t qtype);

struct dns_msg_reply {
	uint16_t id;
	bool qr, tc;
	uint8_t opcode, rcode;
	uint16_t qdcount, ancount, nscount, arcount;
};

enum dns_msg_err {
	DNS_MSG_OK,
	DNS_MSG_SHORT,		/* less than a header */
	DNS_MSG_MALFORMED,	/* a name or record runs past the end, or loops */
};

/* Decodes the header and walks every question and record (names with
 * compression, record lengths) so that a message cut short or looping is
 * told apart; a truncated (TC) reply may end early. */
enum dns_msg_err dns_msg_decode(const uint8_t *buf, size_t len, struct dns_msg_reply *r);

enum dns_msg_verdict {
	DNS_MSG_IGNORE,		/* not the answer to our query: keep waiting */
	DNS_MSG_PASS,
	DNS_MSG_FAIL,
};

/* What a datagram says of the query with this id: not ours (too short,
 * another id, not a response) is ignored, as keepalived does; ours passes
 * when its RCODE is NOERROR, whether or not it holds answers (keepalived's
 * rule: a server that answers NOERROR/NODATA is up); a non-zero RCODE or
 * a malformed body fails. why: a short static text. */
enum dns_msg_verdict dns_msg_verdict(const uint8_t *buf, size_t len, uint16_t id, const char **why);

#endif
