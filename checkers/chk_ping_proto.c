// SPDX-License-Identifier: GPL-2.0-or-later
/* ICMP echo packets (see chk_ping.h). */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "chk_ping.h"

#define ICMP_ECHO_REQ 8
#define ICMP_ECHO_REP 0
#define ICMP6_ECHO_REQ 128
#define ICMP6_ECHO_REP 129
#define PKT_LEN (CHK_PING_HDR_LEN + CHK_PING_DATA_LEN)

/* RFC 1071: the ones' complement of the ones' complement sum. */
static uint16_t inet_csum(const uint8_t *p, size_t len)
{
	uint32_t s = 0;

	for (size_t i = 0; i < len; i += 2)
		s += (uint32_t)(p[i] << 8 | (i + 1 < len ? p[i + 1] : 0));
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

size_t chk_ping_build(const struct chk_ping_echo *e, uint8_t *buf, size_t cap)
{
	if (cap < PKT_LEN)
		return 0;
	memset(buf, 0, CHK_PING_HDR_LEN);
	buf[0] = e->af == AF_INET6 ? ICMP6_ECHO_REQ : ICMP_ECHO_REQ;
	buf[4] = (uint8_t)(e->id >> 8);
	buf[5] = (uint8_t)e->id;
	buf[6] = (uint8_t)(e->seq >> 8);
	buf[7] = (uint8_t)e->seq;
	memcpy(buf + CHK_PING_HDR_LEN, e->data, CHK_PING_DATA_LEN);
	if (e->af != AF_INET6) {
		uint16_t ck = inet_csum(buf, PKT_LEN);
		buf[2] = (uint8_t)(ck >> 8);
		buf[3] = (uint8_t)ck;
	}
	return PKT_LEN;
}

bool chk_ping_match(const struct chk_ping_echo *e, const uint8_t *pkt, size_t len, bool ip_header,
		    bool check_id)
{
	if (ip_header) {
		size_t ihl;
		if (len < 20 || pkt[0] >> 4 != 4 || (ihl = (size_t)(pkt[0] & 0x0f) * 4) < 20 || len < ihl)
			return false;
		pkt += ihl;
		len -= ihl;
	}
	if (len < PKT_LEN || pkt[1] != 0)
		return false;
	if (pkt[0] != (e->af == AF_INET6 ? ICMP6_ECHO_REP : ICMP_ECHO_REP))
		return false;
	if (e->af != AF_INET6 && inet_csum(pkt, len) != 0)
		return false;
	if (check_id && (pkt[4] != (uint8_t)(e->id >> 8) || pkt[5] != (uint8_t)e->id))
		return false;
	return pkt[6] == (uint8_t)(e->seq >> 8) && pkt[7] == (uint8_t)e->seq &&
	       memcmp(pkt + CHK_PING_HDR_LEN, e->data, CHK_PING_DATA_LEN) == 0;
}
