// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <string.h>

#include "vrrp_ah.h"

#define AH_ICV_OFF 12
#define AH_ICV_LEN 12

static void put32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24), b[1] = (uint8_t)(v >> 16), b[2] = (uint8_t)(v >> 8), b[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* The ICV of pkt (IPv4 header of hlen bytes, AH, advert) into icv. */
static int icv(const uint8_t *pkt, size_t len, size_t hlen, const uint8_t *key, bool unicast,
	       uint8_t icv_out[AH_ICV_LEN])
{
	uint8_t buf[VRRP_IP4_HDR_LEN + 40 + VRRP_AH_LEN + VRRP_PKT_MAX];
	uint8_t mac[EVP_MAX_MD_SIZE];
	size_t maclen = 0;

	if (len > sizeof(buf) || hlen + VRRP_AH_LEN > len)
		return -1;
	memcpy(buf, pkt, len);
	buf[1] = 0;			/* TOS */
	buf[6] = buf[7] = 0;		/* flags, fragment offset */
	buf[10] = buf[11] = 0;		/* header checksum */
	if (unicast)
		buf[8] = 0;		/* TTL */
	memset(buf + hlen + AH_ICV_OFF, 0, AH_ICV_LEN);
	if (!EVP_Q_mac(NULL, "HMAC", NULL, "MD5", NULL, key, VRRP_AH_KEY_LEN, buf, len, mac,
		       sizeof(mac), &maclen) ||
	    maclen < AH_ICV_LEN)
		return -1;
	memcpy(icv_out, mac, AH_ICV_LEN);
	return 0;
}

int vrrp_ah_seal(uint8_t *pkt, size_t len, const uint8_t key[VRRP_AH_KEY_LEN], uint32_t seq,
		 bool unicast)
{
	uint8_t *ah = pkt + VRRP_IP4_HDR_LEN;

	if (len < VRRP_IP4_HDR_LEN + VRRP_AH_LEN)
		return -1;
	ah[0] = VRRP_IPPROTO;
	ah[1] = VRRP_AH_LEN / 4 - 2;
	ah[2] = ah[3] = 0;
	memcpy(ah + 4, pkt + 12, 4);	/* SPI: our address */
	put32(ah + 8, seq);
	return icv(pkt, len, VRRP_IP4_HDR_LEN, key, unicast, ah + AH_ICV_OFF);
}

enum vrrp_pkt_err vrrp_ah_verify(const uint8_t *pkt, size_t len,
				 const uint8_t key[VRRP_AH_KEY_LEN], bool unicast, uint32_t *seq)
{
	size_t hlen;
	const uint8_t *ah;
	uint8_t want[AH_ICV_LEN];

	if (len < VRRP_IP4_HDR_LEN || pkt[9] != VRRP_AH_PROTO)
		return VRRP_PKT_E_IPHDR;
	if (((size_t)pkt[2] << 8 | pkt[3]) > len)
		return VRRP_PKT_E_IPHDR;
	len = (size_t)pkt[2] << 8 | pkt[3];	/* without link padding */
	hlen = (size_t)(pkt[0] & 0x0f) * 4;
	if (hlen < VRRP_IP4_HDR_LEN || hlen + VRRP_AH_LEN > len)
		return VRRP_PKT_E_IPHDR;
	ah = pkt + hlen;
	if (ah[0] != VRRP_IPPROTO || ah[1] != VRRP_AH_LEN / 4 - 2)
		return VRRP_PKT_E_IPHDR;
	if (memcmp(ah + 4, pkt + 12, 4) != 0)
		return VRRP_PKT_E_AUTH_AH;
	if (icv(pkt, len, hlen, key, unicast, want) < 0 ||
	    CRYPTO_memcmp(want, ah + AH_ICV_OFF, AH_ICV_LEN) != 0)
		return VRRP_PKT_E_AUTH_AH;
	*seq = get32(ah + 8);
	return VRRP_PKT_OK;
}

bool vrrp_ah_seq_accept(struct vrrp_ah_seq *c, uint32_t seq, bool below_peer)
{
	if (seq > c->last) {
		c->last = seq;
		c->sent = false;
		c->skip = 1;
		return true;
	}
	if (seq == c->last && c->sent)
		c->skip = below_peer ? 1 : 2;
	return false;
}

uint32_t vrrp_ah_seq_next(struct vrrp_ah_seq *c)
{
	/* keepalived stops at 0xfffffffd; at one advert a second, with a skip
	 * at each takeover, that is over a century away, so wrapping is not
	 * handled either */
	c->last += 1 + c->skip;
	c->skip = 0;
	c->sent = true;
	return c->last;
}
