// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "wg_icmp.h"

#define IP4_HDR 20
#define IP6_HDR 40
#define ICMP_HDR 8
#define ICMP4_ECHO_REQUEST 8
#define ICMP4_ECHO_REPLY 0
#define ICMP6_ECHO_REQUEST 128
#define ICMP6_ECHO_REPLY 129
#define PROTO_ICMP4 1
#define PROTO_ICMP6 58

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t sum_words(const uint8_t *buf, size_t len, uint32_t sum)
{
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += get16(buf + i);
	if (len & 1)
		sum += (uint32_t)buf[len - 1] << 8;
	return sum;
}

uint16_t wg_inet_checksum(const uint8_t *buf, size_t len, uint32_t sum)
{
	sum = sum_words(buf, len, sum);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* The IPv6 pseudo-header's part of an ICMPv6 checksum (RFC 8200 8.1). */
static uint32_t pseudo6(const uint8_t src[16], const uint8_t dst[16], size_t len)
{
	uint32_t sum = sum_words(src, 16, 0);

	sum = sum_words(dst, 16, sum);
	return sum + (uint32_t)(len >> 16) + (uint32_t)(len & 0xffff) + PROTO_ICMP6;
}

static void ip_header(const struct wg_echo *e, uint8_t *out, size_t icmp_len)
{
	if (e->family == AF_INET) {
		memset(out, 0, IP4_HDR);
		out[0] = 0x45;
		put16(out + 2, (uint16_t)(IP4_HDR + icmp_len));
		put16(out + 4, e->seq);	/* identification */
		put16(out + 6, 0x4000);	/* don't fragment */
		out[8] = 64;
		out[9] = PROTO_ICMP4;
		memcpy(out + 12, e->src, 4);
		memcpy(out + 16, e->dst, 4);
		put16(out + 10, wg_inet_checksum(out, IP4_HDR, 0));
		return;
	}
	memset(out, 0, IP6_HDR);
	out[0] = 0x60;
	put16(out + 4, (uint16_t)icmp_len);
	out[6] = PROTO_ICMP6;
	out[7] = 64;
	memcpy(out + 8, e->src, 16);
	memcpy(out + 24, e->dst, 16);
}

int wg_echo_request(const struct wg_echo *e, uint8_t *out, size_t cap, size_t *out_len)
{
	size_t hdr = e->family == AF_INET ? IP4_HDR : IP6_HDR;
	size_t icmp_len = ICMP_HDR + e->data_len;
	uint8_t *icmp = out + hdr;
	uint32_t pseudo = 0;

	if (e->family != AF_INET && e->family != AF_INET6)
		return WG_E_NOTREPLY;
	if (e->data_len > 1024 || cap < hdr + icmp_len)
		return WG_E_SPACE;
	ip_header(e, out, icmp_len);
	icmp[0] = e->family == AF_INET ? ICMP4_ECHO_REQUEST : ICMP6_ECHO_REQUEST;
	icmp[1] = 0;
	put16(icmp + 2, 0);
	put16(icmp + 4, e->id);
	put16(icmp + 6, e->seq);
	if (e->data_len)
		memcpy(icmp + ICMP_HDR, e->data, e->data_len);
	if (e->family == AF_INET6)
		pseudo = pseudo6(e->src, e->dst, icmp_len);
	put16(icmp + 2, wg_inet_checksum(icmp, icmp_len, pseudo));
	*out_len = hdr + icmp_len;
	return WG_OK;
}

/* Finds the ICMP part of an IP packet from e->dst to e->src. */
static int inner_icmp(const struct wg_echo *e, const uint8_t *pkt, size_t len,
		      const uint8_t **icmp, size_t *icmp_len)
{
	if (e->family == AF_INET) {
		size_t ihl, total;

		if (len < IP4_HDR || pkt[0] >> 4 != 4)
			return WG_E_NOTREPLY;
		ihl = (size_t)(pkt[0] & 15) * 4;
		total = get16(pkt + 2);
		if (ihl < IP4_HDR || total < ihl + ICMP_HDR || total > len)
			return WG_E_NOTREPLY;
		if (wg_inet_checksum(pkt, ihl, 0) != 0)
			return WG_E_CHECKSUM;
		if (pkt[9] != PROTO_ICMP4 || (get16(pkt + 6) & 0x3fff) ||
		    memcmp(pkt + 12, e->dst, 4) || memcmp(pkt + 16, e->src, 4))
			return WG_E_NOTREPLY;
		*icmp = pkt + ihl;
		*icmp_len = total - ihl;
		return WG_OK;
	}
	if (len < IP6_HDR || pkt[0] >> 4 != 6 || pkt[6] != PROTO_ICMP6)
		return WG_E_NOTREPLY;
	*icmp_len = get16(pkt + 4);
	if (*icmp_len < ICMP_HDR || *icmp_len > len - IP6_HDR ||
	    memcmp(pkt + 8, e->dst, 16) || memcmp(pkt + 24, e->src, 16))
		return WG_E_NOTREPLY;
	*icmp = pkt + IP6_HDR;
	return WG_OK;
}

int wg_echo_match(const struct wg_echo *e, const uint8_t *pkt, size_t len)
{
	const uint8_t *icmp;
	size_t icmp_len;
	uint32_t pseudo = 0;
	int err;

	if (e->family != AF_INET && e->family != AF_INET6)
		return WG_E_NOTREPLY;
	err = inner_icmp(e, pkt, len, &icmp, &icmp_len);
	if (err)
		return err;
	if (e->family == AF_INET6)
		pseudo = pseudo6(e->dst, e->src, icmp_len);
	if (wg_inet_checksum(icmp, icmp_len, pseudo) != 0)
		return WG_E_CHECKSUM;
	if (icmp[0] != (e->family == AF_INET ? ICMP4_ECHO_REPLY : ICMP6_ECHO_REPLY) ||
	    icmp[1] != 0 || get16(icmp + 4) != e->id || get16(icmp + 6) != e->seq)
		return WG_E_NOTREPLY;
	if (icmp_len != ICMP_HDR + e->data_len ||
	    (e->data_len && memcmp(icmp + ICMP_HDR, e->data, e->data_len)))
		return WG_E_NOTREPLY;
	return WG_OK;
}
