// SPDX-License-Identifier: GPL-2.0-or-later
/* DNS query encoding and reply decoding (see dns_msg.h). */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "dns_msg.h"

#define NAME_MAX_LEN 255
#define LABEL_MAX 63
#define MAX_POINTERS 64		/* more jumps than a 255-byte name can need: a loop */

static const struct { uint16_t type; const char *name; } types[] = {
	{ 1, "A" }, { 2, "NS" }, { 5, "CNAME" }, { DNS_MSG_TYPE_SOA, "SOA" },
	{ 15, "MX" }, { 16, "TXT" }, { 28, "AAAA" },
};

uint16_t dns_msg_type(const char *name)
{
	if (!name)
		return DNS_MSG_TYPE_SOA;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcasecmp(name, types[i].name) == 0)
			return types[i].type;
	return 0;
}

const char *dns_msg_type_name(uint16_t type)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i].type == type)
			return types[i].name;
	return NULL;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* name as length-prefixed labels into out (>= NAME_MAX_LEN bytes); its length or -1. */
static int encode_name(const char *name, uint8_t *out)
{
	size_t n = 0, len = strlen(name);

	if (strcmp(name, ".") == 0)
		len = 0;
	else if (len == 0)
		return -1;
	else if (name[len - 1] == '.')
		len--;
	for (size_t s = 0; s < len;) {
		const char *dot = memchr(name + s, '.', len - s);
		size_t l = dot ? (size_t)(dot - (name + s)) : len - s;
		if (l == 0 || l > LABEL_MAX || n + 1 + l + 1 > NAME_MAX_LEN)
			return -1;
		out[n++] = (uint8_t)l;
		memcpy(out + n, name + s, l);
		n += l;
		s += l + 1;
		if (dot && s == len)	/* "a." was cut above; "a.." is not a name */
			return -1;
	}
	out[n++] = 0;
	return (int)n;
}

int dns_msg_query(uint8_t *buf, size_t cap, uint16_t id, const char *name, uint16_t qtype)
{
	uint8_t qname[NAME_MAX_LEN];
	int n = encode_name(name, qname);

	if (n < 0 || cap < DNS_MSG_HDR_LEN + (size_t)n + 4)
		return -1;
	memset(buf, 0, DNS_MSG_HDR_LEN);
	put16(buf, id);
	buf[2] = 0x01;		/* RD */
	put16(buf + 4, 1);	/* QDCOUNT */
	memcpy(buf + DNS_MSG_HDR_LEN, qname, (size_t)n);
	put16(buf + DNS_MSG_HDR_LEN + n, qtype);
	put16(buf + DNS_MSG_HDR_LEN + n + 2, 1);	/* IN */
	return DNS_MSG_HDR_LEN + n + 4;
}

/* Skips the name at *off (following pointers only to check them);
 * false when it runs past len, loops, or uses a reserved label type. */
static bool skip_name(const uint8_t *buf, size_t len, size_t *off)
{
	size_t p = *off, total = 0, end = 0;
	unsigned jumps = 0;

	for (;;) {
		if (p >= len)
			return false;
		uint8_t l = buf[p];
		if ((l & 0xc0) == 0xc0) {
			if (p + 1 >= len || ++jumps > MAX_POINTERS)
				return false;
			if (!end)
				end = p + 2;
			p = (size_t)(l & 0x3f) << 8 | buf[p + 1];
			continue;
		}
		if (l & 0xc0)
			return false;
		total += 1u + l;
		if (total > NAME_MAX_LEN)
			return false;
		if (l == 0)
			break;
		p += 1u + l;
	}
	*off = end ? end : p + 1;
	return true;
}

static bool skip_records(const uint8_t *buf, size_t len, size_t *off, unsigned n, bool question)
{
	for (unsigned i = 0; i < n; i++) {
		if (!skip_name(buf, len, off))
			return false;
		size_t fixed = question ? 4 : 10;
		if (len - *off < fixed)
			return false;
		if (!question) {
			size_t rdlen = get16(buf + *off + 8);
			if (len - *off - fixed < rdlen)
				return false;
			*off += rdlen;
		}
		*off += fixed;
	}
	return true;
}

enum dns_msg_err dns_msg_decode(const uint8_t *buf, size_t len, struct dns_msg_reply *r)
{
	size_t off = DNS_MSG_HDR_LEN;

	memset(r, 0, sizeof(*r));
	if (len < DNS_MSG_HDR_LEN)
		return DNS_MSG_SHORT;
	r->id = get16(buf);
	r->qr = buf[2] & 0x80;
	r->opcode = (buf[2] >> 3) & 0x0f;
	r->tc = buf[2] & 0x02;
	r->rcode = buf[3] & 0x0f;
	r->qdcount = get16(buf + 4);
	r->ancount = get16(buf + 6);
	r->nscount = get16(buf + 8);
	r->arcount = get16(buf + 10);
	if (!skip_records(buf, len, &off, r->qdcount, true))
		return DNS_MSG_MALFORMED;
	if (!skip_records(buf, len, &off, (unsigned)r->ancount + r->nscount + r->arcount, false))
		return r->tc ? DNS_MSG_OK : DNS_MSG_MALFORMED;
	return DNS_MSG_OK;
}

static const char *rcode_text(uint8_t rcode)
{
	static const char *const t[] = { "NOERROR", "rcode FORMERR", "rcode SERVFAIL", "rcode NXDOMAIN",
					 "rcode NOTIMP", "rcode REFUSED" };

	return rcode < sizeof(t) / sizeof(t[0]) ? t[rcode] : "rcode error";
}

enum dns_msg_verdict dns_msg_verdict(const uint8_t *buf, size_t len, uint16_t id, const char **why)
{
	struct dns_msg_reply r;
	enum dns_msg_err err = dns_msg_decode(buf, len, &r);

	*why = "not a reply to the query";
	if (err == DNS_MSG_SHORT || r.id != id || !r.qr)
		return DNS_MSG_IGNORE;
	*why = rcode_text(r.rcode);
	if (r.rcode != 0)
		return DNS_MSG_FAIL;
	if (err == DNS_MSG_MALFORMED) {
		*why = "malformed reply";
		return DNS_MSG_FAIL;
	}
	*why = r.ancount ? "NOERROR with answers" : "NOERROR, no answers";
	return DNS_MSG_PASS;
}
