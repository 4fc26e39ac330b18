// SPDX-License-Identifier: GPL-2.0-or-later
/* VRRP advertisement encode and decode; see vrrp_pkt.h for the format. */
#include <string.h>

#include "vrrp_ah.h"
#include "vrrp_pkt.h"

/* Byte offsets in the fixed header. */
enum {
	OFF_VT = 0, OFF_VRID = 1, OFF_PRIO = 2, OFF_COUNT = 3,
	OFF_AUTH = 4, OFF_INT = 5, OFF_V3INT = 4, OFF_CSUM = 6,
};

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Ones' complement sum of 16-bit big-endian words, not yet folded. */
static uint32_t sum16(uint32_t sum, const uint8_t *p, size_t len)
{
	for (; len > 1; p += 2, len -= 2)
		sum += get16(p);
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* The v3 pseudo-header sum: RFC 768 layout for IPv4, RFC 8200 8.1 for IPv6. */
static uint32_t pseudo_sum(const struct vrrp_ip *src, const struct vrrp_ip *dst, size_t len)
{
	size_t alen = vrrp_ip_len(src->family);
	uint32_t sum = sum16(0, src->addr, alen);

	sum = sum16(sum, dst->addr, alen);
	sum += VRRP_IPPROTO;
	if (src->family == AF_INET6)
		sum += (uint32_t)(len >> 16);
	return sum + (uint32_t)(len & 0xffff);
}

/* Sum over the whole message (checksum field included) plus the
 * pseudo-header when dst is given: 0xffff means the checksum is right. */
static bool csum_ok(const uint8_t *buf, size_t len, const struct vrrp_ip *src,
		    const struct vrrp_ip *dst)
{
	uint32_t sum = dst ? pseudo_sum(src, dst, len) : 0;

	return fold(sum16(sum, buf, len)) == 0xffff;
}

size_t vrrp_pkt_len(unsigned version, sa_family_t family, unsigned naddr)
{
	size_t alen = vrrp_ip_len(family);

	if (alen == 0 || naddr > 255)
		return 0;
	if (version == 2)
		return family == AF_INET ? VRRP_HDR_LEN + naddr * alen + VRRP_AUTH_LEN : 0;
	if (version == 3)
		return VRRP_HDR_LEN + naddr * alen;
	return 0;
}

void vrrp_pkt_ctx_init(struct vrrp_pkt_ctx *ctx, sa_family_t family)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->family = family;
	ctx->ttl_min = VRRP_TTL;
	ctx->ttl_max = VRRP_TTL;
}

void vrrp_pkt_mcast_group(sa_family_t family, struct vrrp_ip *ip)
{
	static const uint8_t g4[4] = { 224, 0, 0, 18 };
	static const uint8_t g6[16] = { 0xff, 0x02, [15] = 0x12 };

	memset(ip, 0, sizeof(*ip));
	ip->family = family;
	if (family == AF_INET)
		memcpy(ip->addr, g4, sizeof(g4));
	else if (family == AF_INET6)
		memcpy(ip->addr, g6, sizeof(g6));
}

void vrrp_pkt_addr(const struct vrrp_pkt *p, unsigned i, struct vrrp_ip *ip)
{
	size_t alen = vrrp_ip_len(p->family);

	vrrp_ip_from_bytes(p->addrs + i * alen, alen, ip);
}

/* The checks on the first bytes alone, in RFC 5798 7.1 order. */
static enum vrrp_pkt_err check_fixed(const uint8_t *buf, size_t len,
				     const struct vrrp_pkt_ctx *ctx)
{
	unsigned version;

	if (len < VRRP_HDR_LEN)
		return VRRP_PKT_E_SHORT;
	version = buf[OFF_VT] >> 4;
	if (ctx->ttl < ctx->ttl_min || ctx->ttl > ctx->ttl_max)
		return VRRP_PKT_E_TTL;
	if (version != 2 && version != 3)
		return VRRP_PKT_E_VERSION;
	if ((buf[OFF_VT] & 0x0f) != VRRP_TYPE_ADVERT)
		return VRRP_PKT_E_TYPE;
	if (buf[OFF_VRID] == 0 || (ctx->vrid && buf[OFF_VRID] != ctx->vrid))
		return VRRP_PKT_E_VRID;
	/* after the VRID: another router's advert of the other version is
	 * not this instance's error */
	if (ctx->version && version != ctx->version)
		return VRRP_PKT_E_VERSION_MISMATCH;
	if (vrrp_ip_len(ctx->family) == 0 || (version == 2 && ctx->family != AF_INET))
		return VRRP_PKT_E_FAMILY;
	if (version == 3 && (ctx->src.family != ctx->family || ctx->dst.family != ctx->family))
		return VRRP_PKT_E_FAMILY;
	if (len != vrrp_pkt_len(version, ctx->family, buf[OFF_COUNT]))
		return VRRP_PKT_E_LENGTH;
	return VRRP_PKT_OK;
}

/* v2 sums the message alone; v3 adds the pseudo-header, and in auto mode
 * also accepts keepalived's old IPv4 form whose destination is the group. */
static enum vrrp_pkt_err check_csum(const uint8_t *buf, size_t len,
				    const struct vrrp_pkt_ctx *ctx, struct vrrp_pkt *p)
{
	struct vrrp_ip group = ctx->mcast_group;

	if (p->version == 2)
		return csum_ok(buf, len, NULL, NULL) ? VRRP_PKT_OK : VRRP_PKT_E_CHECKSUM;
	if (csum_ok(buf, len, &ctx->src, &ctx->dst))
		return VRRP_PKT_OK;
	if (ctx->family != AF_INET || ctx->old_ck == VRRP_OLD_CK_NEVER)
		return VRRP_PKT_E_CHECKSUM;
	if (group.family != AF_INET)
		vrrp_pkt_mcast_group(AF_INET, &group);
	if (!csum_ok(buf, len, &ctx->src, &group))
		return VRRP_PKT_E_CHECKSUM;
	p->old_checksum = true;
	return VRRP_PKT_OK;
}

static enum vrrp_pkt_err check_auth(const struct vrrp_pkt *p, const struct vrrp_pkt_ctx *ctx)
{
	if (p->version != 2)
		return VRRP_PKT_OK;
	if (p->auth_type > VRRP_AUTH_AH)
		return VRRP_PKT_E_AUTH_UNKNOWN;
	if (p->auth_type != ctx->auth_type)
		return VRRP_PKT_E_AUTH_TYPE;
	if (p->auth_type == VRRP_AUTH_AH && !ctx->ah_ok)
		return VRRP_PKT_E_AUTH_AH;
	if (p->auth_type == VRRP_AUTH_PASS &&
	    memcmp(p->auth_data, ctx->auth_pass, VRRP_AUTH_LEN) != 0)
		return VRRP_PKT_E_AUTH_PASS;
	return VRRP_PKT_OK;
}

static bool has_addr(const uint8_t *set, size_t n, const uint8_t *a, size_t alen)
{
	for (size_t i = 0; i < n; i++)
		if (memcmp(set + i * alen, a, alen) == 0)
			return true;
	return false;
}

/* RFC 5798 7.1 lets a receiver compare the addresses with its own; a
 * mismatch drops the advert unless it comes from the owner. keepalived
 * compares the count, then each of ours, and drops on a mismatch; with
 * skip_check_adv_addr, not for the master of the last advert taken. */
static enum vrrp_pkt_err check_addrs(struct vrrp_pkt *p, const struct vrrp_pkt_ctx *ctx)
{
	size_t alen = vrrp_ip_len(p->family);
	bool same = p->naddr == ctx->nvips;

	if (p->naddr == 0 && ctx->strict)
		return VRRP_PKT_E_NO_ADDRS;
	if (!ctx->vips || ctx->nvips == 0)
		return VRRP_PKT_OK;
	if (ctx->skip_same_master && ctx->last_master &&
	    vrrp_ip_cmp(ctx->last_master, &ctx->src) == 0)
		return VRRP_PKT_OK;
	p->addr_missing = -1;
	for (size_t i = 0; same && i < ctx->nvips; i++)
		if (!has_addr(p->addrs, p->naddr, ctx->vips + i * alen, alen)) {
			p->addr_missing = (int)i;
			same = false;
		}
	/* the same count and all of ours: the same set, unless one repeats */
	for (size_t i = 0; same && i < p->naddr; i++)
		same = has_addr(ctx->vips, ctx->nvips, p->addrs + i * alen, alen);
	if (same)
		return VRRP_PKT_OK;
	if (p->priority != VRRP_PRIO_OWNER)
		return VRRP_PKT_E_ADDRS;
	p->addr_mismatch = true;
	return VRRP_PKT_OK;
}

static void parse_fields(const uint8_t *buf, size_t len, sa_family_t family,
			 struct vrrp_pkt *p)
{
	memset(p, 0, sizeof(*p));
	p->version = buf[OFF_VT] >> 4;
	p->type = buf[OFF_VT] & 0x0f;
	p->vrid = buf[OFF_VRID];
	p->priority = buf[OFF_PRIO];
	p->naddr = buf[OFF_COUNT];
	p->checksum = get16(buf + OFF_CSUM);
	p->family = family;
	p->addrs = buf + VRRP_HDR_LEN;
	if (p->version == 2) {
		p->auth_type = buf[OFF_AUTH];
		p->adver_int_cs = (uint16_t)(buf[OFF_INT] * 100);
		memcpy(p->auth_data, buf + len - VRRP_AUTH_LEN, VRRP_AUTH_LEN);
	} else {
		/* The top 4 bits are reserved: ignored on receipt. */
		p->adver_int_cs = get16(buf + OFF_V3INT) & 0x0fff;
	}
}

enum vrrp_pkt_err vrrp_pkt_decode(const uint8_t *buf, size_t len,
				  const struct vrrp_pkt_ctx *ctx, struct vrrp_pkt *p)
{
	enum vrrp_pkt_err err;

	memset(p, 0, sizeof(*p));
	if (len >= VRRP_HDR_LEN) {	/* for the counters of what is refused */
		p->version = buf[OFF_VT] >> 4;
		p->vrid = buf[OFF_VRID];
	}
	err = check_fixed(buf, len, ctx);
	if (err)
		return err;
	parse_fields(buf, len, ctx->family, p);
	err = check_csum(buf, len, ctx, p);
	if (err)
		return err;
	if (ctx->owner)
		return VRRP_PKT_E_OWNER;
	err = check_auth(p, ctx);
	if (err)
		return err;
	if (p->adver_int_cs == 0)
		return VRRP_PKT_E_INTERVAL;
	if (p->version == 2 && ctx->v2_adver_int_s &&
	    p->adver_int_cs != ctx->v2_adver_int_s * 100)
		return VRRP_PKT_E_INTERVAL_MISMATCH;
	return check_addrs(p, ctx);
}

static enum vrrp_pkt_err check_encodable(const struct vrrp_pkt *p, const struct vrrp_ip *src,
					 const struct vrrp_ip *dst)
{
	if (p->version != 2 && p->version != 3)
		return VRRP_PKT_E_VERSION;
	if (p->vrid == 0)
		return VRRP_PKT_E_VRID;
	if (vrrp_pkt_len(p->version, p->family, p->naddr) == 0)
		return VRRP_PKT_E_FAMILY;
	if (p->version == 3 && (src->family != p->family || dst->family != p->family))
		return VRRP_PKT_E_FAMILY;
	if (p->version == 2) {
		if (p->auth_type > VRRP_AUTH_AH)
			return VRRP_PKT_E_AUTH_TYPE;
		if (p->adver_int_cs % 100 || p->adver_int_cs / 100 > VRRP_V2_INT_MAX_S)
			return VRRP_PKT_E_INTERVAL;
	} else if (p->adver_int_cs > VRRP_V3_INT_MAX_CS) {
		return VRRP_PKT_E_INTERVAL;
	}
	if (p->adver_int_cs == 0)
		return VRRP_PKT_E_INTERVAL;
	return VRRP_PKT_OK;
}

enum vrrp_pkt_err vrrp_pkt_encode(const struct vrrp_pkt *p, const struct vrrp_ip *src,
				  const struct vrrp_ip *dst, uint8_t *buf, size_t cap,
				  size_t *len)
{
	enum vrrp_pkt_err err = check_encodable(p, src, dst);
	size_t n = vrrp_pkt_len(p->version, p->family, p->naddr);
	size_t alen = vrrp_ip_len(p->family);
	uint32_t sum;

	if (err)
		return err;
	if (cap < n)
		return VRRP_PKT_E_NOSPACE;
	memset(buf, 0, n);
	buf[OFF_VT] = (uint8_t)(p->version << 4 | VRRP_TYPE_ADVERT);
	buf[OFF_VRID] = p->vrid;
	buf[OFF_PRIO] = p->priority;
	buf[OFF_COUNT] = p->naddr;
	if (p->naddr)
		memcpy(buf + VRRP_HDR_LEN, p->addrs, p->naddr * alen);
	if (p->version == 2) {
		buf[OFF_AUTH] = p->auth_type;
		buf[OFF_INT] = (uint8_t)(p->adver_int_cs / 100);
		if (p->auth_type == VRRP_AUTH_PASS)
			memcpy(buf + n - VRRP_AUTH_LEN, p->auth_data, VRRP_AUTH_LEN);
		sum = 0;
	} else {
		put16(buf + OFF_V3INT, p->adver_int_cs);
		sum = pseudo_sum(src, dst, n);
	}
	put16(buf + OFF_CSUM, (uint16_t)~fold(sum16(sum, buf, n)));
	*len = n;
	return VRRP_PKT_OK;
}

enum vrrp_pkt_err vrrp_pkt_ip4_build(uint8_t *buf, size_t cap, const struct vrrp_ip *src,
				     const struct vrrp_ip *dst, size_t payload_len,
				     uint8_t ttl, uint16_t id)
{
	return vrrp_pkt_ip4_build_proto(buf, cap, src, dst, payload_len, ttl, id, VRRP_IPPROTO);
}

enum vrrp_pkt_err vrrp_pkt_ip4_build_proto(uint8_t *buf, size_t cap, const struct vrrp_ip *src,
					   const struct vrrp_ip *dst, size_t payload_len,
					   uint8_t ttl, uint16_t id, uint8_t proto)
{
	if (src->family != AF_INET || dst->family != AF_INET)
		return VRRP_PKT_E_FAMILY;
	if (payload_len > 0xffff - VRRP_IP4_HDR_LEN)
		return VRRP_PKT_E_LENGTH;
	if (cap < VRRP_IP4_HDR_LEN)
		return VRRP_PKT_E_NOSPACE;
	memset(buf, 0, VRRP_IP4_HDR_LEN);
	buf[0] = 0x45;
	buf[1] = VRRP_IP4_TOS;
	put16(buf + 2, (uint16_t)(VRRP_IP4_HDR_LEN + payload_len));
	put16(buf + 4, id);
	buf[8] = ttl;
	buf[9] = proto;
	memcpy(buf + 12, src->addr, 4);
	memcpy(buf + 16, dst->addr, 4);
	put16(buf + 10, (uint16_t)~fold(sum16(0, buf, VRRP_IP4_HDR_LEN)));
	return VRRP_PKT_OK;
}

enum vrrp_pkt_err vrrp_pkt_ip4_parse(const uint8_t *buf, size_t len, struct vrrp_pkt_ctx *ctx,
				     const uint8_t **payload, size_t *plen)
{
	size_t hlen, total;

	if (len < VRRP_IP4_HDR_LEN || buf[0] >> 4 != 4)
		return VRRP_PKT_E_IPHDR;
	hlen = (size_t)(buf[0] & 0x0f) * 4;
	total = get16(buf + 2);
	if (hlen < VRRP_IP4_HDR_LEN || hlen > total || total > len)
		return VRRP_PKT_E_IPHDR;
	/* VRRP is never fragmented; the kernel reassembles for raw sockets,
	 * so a fragment here is malformed. */
	if ((get16(buf + 6) & 0x3fff) != 0)
		return VRRP_PKT_E_IPHDR;
	if (fold(sum16(0, buf, hlen)) != 0xffff)
		return VRRP_PKT_E_IPHDR;
	if (buf[9] == VRRP_AH_PROTO) {
		/* next header VRRP, 24 bytes (length field 4) */
		if (hlen + VRRP_AH_LEN > total || buf[hlen] != VRRP_IPPROTO || buf[hlen + 1] != 4)
			return VRRP_PKT_E_IPHDR;
		hlen += VRRP_AH_LEN;
	} else if (buf[9] != VRRP_IPPROTO) {
		return VRRP_PKT_E_IPHDR;
	}
	ctx->family = AF_INET;
	ctx->ttl = buf[8];
	vrrp_ip_from_bytes(buf + 12, 4, &ctx->src);
	vrrp_ip_from_bytes(buf + 16, 4, &ctx->dst);
	*payload = buf + hlen;
	*plen = total - hlen;
	return VRRP_PKT_OK;
}

const char *vrrp_pkt_strerror(enum vrrp_pkt_err err)
{
	static const char *const msg[VRRP_PKT_E_COUNT] = {
		[VRRP_PKT_OK] = "ok",
		[VRRP_PKT_E_SHORT] = "packet shorter than the VRRP header",
		[VRRP_PKT_E_TTL] = "TTL/hop limit not accepted (255 on a link; min_ttl/max_ttl for a unicast peer)",
		[VRRP_PKT_E_VERSION] = "unknown VRRP version",
		[VRRP_PKT_E_VERSION_MISMATCH] = "VRRP version differs from the instance's",
		[VRRP_PKT_E_TYPE] = "not an ADVERTISEMENT",
		[VRRP_PKT_E_VRID] = "virtual router ID zero or not ours",
		[VRRP_PKT_E_FAMILY] = "address family not valid for this version",
		[VRRP_PKT_E_LENGTH] = "length disagrees with the address count",
		[VRRP_PKT_E_CHECKSUM] = "bad checksum",
		[VRRP_PKT_E_OWNER] = "we are the address owner: advert discarded",
		[VRRP_PKT_E_AUTH_AH] = "IPsec AH: SPI or ICV wrong (another auth_pass?)",
		[VRRP_PKT_E_AH_SEQ] = "IPsec AH: sequence number not above the last one seen",
		[VRRP_PKT_E_AUTH_TYPE] = "authentication type differs from ours",
		[VRRP_PKT_E_AUTH_UNKNOWN] = "unknown authentication type",
		[VRRP_PKT_E_AUTH_PASS] = "authentication password differs from ours",
		[VRRP_PKT_E_INTERVAL] = "advert interval zero or out of range",
		[VRRP_PKT_E_INTERVAL_MISMATCH] = "advert interval differs from ours (VRRPv2)",
		[VRRP_PKT_E_NO_ADDRS] = "advert carries no address (strict mode)",
		[VRRP_PKT_E_ADDRS] = "addresses differ from ours and sender is not the owner",
		[VRRP_PKT_E_IPHDR] = "malformed IPv4 header or not VRRP",
		[VRRP_PKT_E_NOSPACE] = "buffer too small",
	};

	if ((unsigned)err >= VRRP_PKT_E_COUNT || !msg[err])
		return "unknown VRRP packet error";
	return msg[err];
}
