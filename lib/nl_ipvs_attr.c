// SPDX-License-Identifier: GPL-2.0-or-later
/* IPVS netlink attributes <-> model. The layout follows the kernel's uapi
 * header <linux/ip_vs.h>: addresses travel as 16 bytes whatever the family,
 * ports in network order, the IPv4 persistence mask in network order but
 * the IPv6 one as a plain prefix length, the sync daemon's port in host
 * order. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/ip_vs.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <string.h>
#include <sys/socket.h>

#include "nl_ipvs_attr.h"

_Static_assert(IPVS_SVC_F_PERSISTENT == IP_VS_SVC_F_PERSISTENT &&
	       IPVS_SVC_F_HASHED == IP_VS_SVC_F_HASHED &&
	       IPVS_SVC_F_ONEPACKET == IP_VS_SVC_F_ONEPACKET &&
	       IPVS_SVC_F_SCHED1 == IP_VS_SVC_F_SCHED1 &&
	       IPVS_SVC_F_SCHED2 == IP_VS_SVC_F_SCHED2 &&
	       IPVS_SVC_F_SCHED3 == IP_VS_SVC_F_SCHED3, "service flags match the kernel's");
_Static_assert(IPVS_FWD_NAT == IP_VS_CONN_F_MASQ && IPVS_FWD_TUN == IP_VS_CONN_F_TUNNEL &&
	       IPVS_FWD_DR == IP_VS_CONN_F_DROUTE && IPVS_FWD_LOCAL == IP_VS_CONN_F_LOCALNODE &&
	       IPVS_FWD_BYPASS == IP_VS_CONN_F_BYPASS, "forwarding methods match the kernel's");
_Static_assert((int)IPVS_TUN_GUE == (int)IP_VS_CONN_F_TUNNEL_TYPE_GUE &&
	       (int)IPVS_TUN_GRE == (int)IP_VS_CONN_F_TUNNEL_TYPE_GRE &&
	       IPVS_TUN_F_CSUM == IP_VS_TUNNEL_ENCAP_FLAG_CSUM &&
	       IPVS_TUN_F_REMCSUM == IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM, "tunnel values match");
_Static_assert(IPVS_SCHED_NAME_MAX == IP_VS_SCHEDNAME_MAXLEN &&
	       IPVS_PE_NAME_MAX == IP_VS_PENAME_MAXLEN &&
	       IPVS_IFNAME_MAX == IP_VS_IFNAME_MAXLEN, "name limits match");

/* Exact sizes for fixed-size attributes: minlen == maxlen. */
#define POL_U8 { .type = NLA_U8, .minlen = 1, .maxlen = 1 }
#define POL_U16 { .type = NLA_U16, .minlen = 2, .maxlen = 2 }
#define POL_U32 { .type = NLA_U32, .minlen = 4, .maxlen = 4 }
#define POL_BIN(lo, hi) { .type = NLA_UNSPEC, .minlen = (lo), .maxlen = (hi) }
#define POL_STR(max) { .type = NLA_STRING, .maxlen = (max) }
#define POL_NEST { .type = NLA_NESTED }

static const struct nla_policy cmd_policy[IPVS_CMD_ATTR_MAX + 1] = {
	[IPVS_CMD_ATTR_SERVICE] = POL_NEST,
	[IPVS_CMD_ATTR_DEST] = POL_NEST,
	[IPVS_CMD_ATTR_DAEMON] = POL_NEST,
	[IPVS_CMD_ATTR_TIMEOUT_TCP] = POL_U32,
	[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN] = POL_U32,
	[IPVS_CMD_ATTR_TIMEOUT_UDP] = POL_U32,
};

static const struct nla_policy svc_policy[IPVS_SVC_ATTR_MAX + 1] = {
	[IPVS_SVC_ATTR_AF] = POL_U16,
	[IPVS_SVC_ATTR_PROTOCOL] = POL_U16,
	[IPVS_SVC_ATTR_ADDR] = POL_BIN(4, 16),
	[IPVS_SVC_ATTR_PORT] = POL_U16,
	[IPVS_SVC_ATTR_FWMARK] = POL_U32,
	[IPVS_SVC_ATTR_SCHED_NAME] = POL_STR(IP_VS_SCHEDNAME_MAXLEN),
	[IPVS_SVC_ATTR_FLAGS] = POL_BIN(sizeof(struct ip_vs_flags), sizeof(struct ip_vs_flags)),
	[IPVS_SVC_ATTR_TIMEOUT] = POL_U32,
	[IPVS_SVC_ATTR_NETMASK] = POL_U32,
	[IPVS_SVC_ATTR_STATS] = POL_NEST,
	[IPVS_SVC_ATTR_PE_NAME] = POL_STR(IP_VS_PENAME_MAXLEN),
	[IPVS_SVC_ATTR_STATS64] = POL_NEST,
};

static const struct nla_policy dest_policy[IPVS_DEST_ATTR_MAX + 1] = {
	[IPVS_DEST_ATTR_ADDR] = POL_BIN(4, 16),
	[IPVS_DEST_ATTR_PORT] = POL_U16,
	[IPVS_DEST_ATTR_FWD_METHOD] = POL_U32,
	[IPVS_DEST_ATTR_WEIGHT] = POL_U32,
	[IPVS_DEST_ATTR_U_THRESH] = POL_U32,
	[IPVS_DEST_ATTR_L_THRESH] = POL_U32,
	[IPVS_DEST_ATTR_ACTIVE_CONNS] = POL_U32,
	[IPVS_DEST_ATTR_INACT_CONNS] = POL_U32,
	[IPVS_DEST_ATTR_PERSIST_CONNS] = POL_U32,
	[IPVS_DEST_ATTR_STATS] = POL_NEST,
	[IPVS_DEST_ATTR_ADDR_FAMILY] = POL_U16,
	[IPVS_DEST_ATTR_STATS64] = POL_NEST,
	[IPVS_DEST_ATTR_TUN_TYPE] = POL_U8,
	[IPVS_DEST_ATTR_TUN_PORT] = POL_U16,
	[IPVS_DEST_ATTR_TUN_FLAGS] = POL_U16,
};

static const struct nla_policy daemon_policy[IPVS_DAEMON_ATTR_MAX + 1] = {
	[IPVS_DAEMON_ATTR_STATE] = POL_U32,
	[IPVS_DAEMON_ATTR_MCAST_IFN] = POL_STR(IP_VS_IFNAME_MAXLEN),
	[IPVS_DAEMON_ATTR_SYNC_ID] = POL_U32,
	[IPVS_DAEMON_ATTR_SYNC_MAXLEN] = POL_U16,
	[IPVS_DAEMON_ATTR_MCAST_GROUP] = POL_BIN(4, 4),
	[IPVS_DAEMON_ATTR_MCAST_GROUP6] = POL_BIN(16, 16),
	[IPVS_DAEMON_ATTR_MCAST_PORT] = POL_U16,
	[IPVS_DAEMON_ATTR_MCAST_TTL] = POL_U8,
};

static const struct nla_policy info_policy[IPVS_INFO_ATTR_MAX + 1] = {
	[IPVS_INFO_ATTR_VERSION] = POL_U32,
	[IPVS_INFO_ATTR_CONN_TAB_SIZE] = POL_U32,
};

/* libnl reports a full message as a negative NLE_* code; callers get one
 * errno for it. */
#define PUT(expr)                           \
	do {                                \
		if ((expr) < 0)             \
			goto too_big;       \
	} while (0)

int nl_ipvs_put_service(struct nl_msg *msg, const struct ipvs_service *svc, bool full)
{
	struct nlattr *nest = nla_nest_start(msg, IPVS_CMD_ATTR_SERVICE);
	/* The mask keeps the kernel's own bits (hashed, and any we do not know)
	 * out of reach: keel sets only what it models. */
	struct ip_vs_flags flags = { .flags = svc->flags & IPVS_SVC_F_CONFIG,
				     .mask = IPVS_SVC_F_CONFIG };

	if (!nest)
		return -EMSGSIZE;
	PUT(nla_put_u16(msg, IPVS_SVC_ATTR_AF, svc->af));
	if (svc->fwmark) {
		PUT(nla_put_u32(msg, IPVS_SVC_ATTR_FWMARK, svc->fwmark));
	} else {
		PUT(nla_put_u16(msg, IPVS_SVC_ATTR_PROTOCOL, svc->protocol));
		PUT(nla_put(msg, IPVS_SVC_ATTR_ADDR, sizeof(svc->addr), &svc->addr));
		PUT(nla_put_u16(msg, IPVS_SVC_ATTR_PORT, htons(svc->port)));
	}
	if (full) {
		PUT(nla_put_string(msg, IPVS_SVC_ATTR_SCHED_NAME, svc->sched));
		/* Leaving the engine out of an edit detaches the old one. */
		if (svc->pe_name[0])
			PUT(nla_put_string(msg, IPVS_SVC_ATTR_PE_NAME, svc->pe_name));
		PUT(nla_put(msg, IPVS_SVC_ATTR_FLAGS, sizeof(flags), &flags));
		PUT(nla_put_u32(msg, IPVS_SVC_ATTR_TIMEOUT, svc->timeout));
		PUT(nla_put_u32(msg, IPVS_SVC_ATTR_NETMASK,
				svc->af == AF_INET6 ? svc->netmask : htonl(svc->netmask)));
	}
	return nla_nest_end(msg, nest) < 0 ? -EMSGSIZE : 0;
too_big:
	return -EMSGSIZE;
}

int nl_ipvs_put_dest(struct nl_msg *msg, const struct ipvs_dest *d, bool full)
{
	struct nlattr *nest = nla_nest_start(msg, IPVS_CMD_ATTR_DEST);

	if (!nest)
		return -EMSGSIZE;
	PUT(nla_put(msg, IPVS_DEST_ATTR_ADDR, sizeof(d->addr), &d->addr));
	PUT(nla_put_u16(msg, IPVS_DEST_ATTR_PORT, htons(d->port)));
	PUT(nla_put_u16(msg, IPVS_DEST_ATTR_ADDR_FAMILY, d->af));
	if (full) {
		PUT(nla_put_u32(msg, IPVS_DEST_ATTR_FWD_METHOD, d->fwd));
		PUT(nla_put_u32(msg, IPVS_DEST_ATTR_WEIGHT, (uint32_t)d->weight));
		PUT(nla_put_u32(msg, IPVS_DEST_ATTR_U_THRESH, d->u_threshold));
		PUT(nla_put_u32(msg, IPVS_DEST_ATTR_L_THRESH, d->l_threshold));
		PUT(nla_put_u8(msg, IPVS_DEST_ATTR_TUN_TYPE, d->tun_type));
		PUT(nla_put_u16(msg, IPVS_DEST_ATTR_TUN_PORT, htons(d->tun_port)));
		PUT(nla_put_u16(msg, IPVS_DEST_ATTR_TUN_FLAGS, d->tun_flags));
	}
	return nla_nest_end(msg, nest) < 0 ? -EMSGSIZE : 0;
too_big:
	return -EMSGSIZE;
}

int nl_ipvs_put_daemon(struct nl_msg *msg, const struct ipvs_daemon *d, bool full)
{
	struct nlattr *nest = nla_nest_start(msg, IPVS_CMD_ATTR_DAEMON);

	if (!nest)
		return -EMSGSIZE;
	PUT(nla_put_u32(msg, IPVS_DAEMON_ATTR_STATE, d->state));
	if (full) {
		PUT(nla_put_string(msg, IPVS_DAEMON_ATTR_MCAST_IFN, d->ifname));
		PUT(nla_put_u32(msg, IPVS_DAEMON_ATTR_SYNC_ID, d->syncid));
		if (d->maxlen)
			PUT(nla_put_u16(msg, IPVS_DAEMON_ATTR_SYNC_MAXLEN, d->maxlen));
		if (d->group_af == AF_INET)
			PUT(nla_put(msg, IPVS_DAEMON_ATTR_MCAST_GROUP, 4, &d->group.in4));
		else if (d->group_af == AF_INET6)
			PUT(nla_put(msg, IPVS_DAEMON_ATTR_MCAST_GROUP6, 16, &d->group.in6));
		if (d->port)
			PUT(nla_put_u16(msg, IPVS_DAEMON_ATTR_MCAST_PORT, d->port));
		if (d->ttl)
			PUT(nla_put_u8(msg, IPVS_DAEMON_ATTR_MCAST_TTL, d->ttl));
	}
	return nla_nest_end(msg, nest) < 0 ? -EMSGSIZE : 0;
too_big:
	return -EMSGSIZE;
}

int nl_ipvs_put_timeouts(struct nl_msg *msg, const struct ipvs_timeouts *to)
{
	if (to->tcp)
		PUT(nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_TCP, to->tcp));
	if (to->tcp_fin)
		PUT(nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, to->tcp_fin));
	if (to->udp)
		PUT(nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_UDP, to->udp));
	return 0;
too_big:
	return -EMSGSIZE;
}

/* --- replies ----------------------------------------------------------- */

static int bad(const char **why, const char *what)
{
	if (why)
		*why = what;
	return -EBADMSG;
}

/* The top-level attributes, and the one nested block asked for (which
 * must be there) parsed with its own policy. */
static int parse_nested(struct nlmsghdr *nlh, int which, struct nlattr **tb, int max,
			const struct nla_policy *pol, const char **why)
{
	struct nlattr *top[IPVS_CMD_ATTR_MAX + 1];

	if (genlmsg_parse(nlh, 0, top, IPVS_CMD_ATTR_MAX, cmd_policy) < 0)
		return bad(why, "malformed message or top-level attribute");
	if (!top[which])
		return bad(why, "missing nested attribute");
	if (nla_parse_nested(tb, max, top[which], pol) < 0)
		return bad(why, "nested attribute of the wrong size");
	return 0;
}

static bool af_ok(int af)
{
	return af == AF_INET || af == AF_INET6;
}

/* Copies an address attribute that must hold at least the family's size. */
static int get_addr(const struct nlattr *a, int af, union ipvs_addr *out)
{
	size_t len = ipvs_addr_len(af);

	if (!a || (size_t)nla_len(a) < len)
		return -EBADMSG;
	memset(out, 0, sizeof(*out));
	memcpy(out->b, nla_data(a), len);
	return 0;
}

static int parse_svc_key(struct nlattr **a, struct ipvs_service *svc, const char **why)
{
	if (!a[IPVS_SVC_ATTR_AF] || !af_ok(svc->af = nla_get_u16(a[IPVS_SVC_ATTR_AF])))
		return bad(why, "service without a known address family");
	if (a[IPVS_SVC_ATTR_FWMARK] && (svc->fwmark = nla_get_u32(a[IPVS_SVC_ATTR_FWMARK])))
		return 0;
	if (!a[IPVS_SVC_ATTR_PROTOCOL] || !a[IPVS_SVC_ATTR_PORT])
		return bad(why, "service without protocol or port");
	if (get_addr(a[IPVS_SVC_ATTR_ADDR], svc->af, &svc->addr))
		return bad(why, "service address missing or too short");
	svc->protocol = nla_get_u16(a[IPVS_SVC_ATTR_PROTOCOL]);
	svc->port = ntohs(nla_get_u16(a[IPVS_SVC_ATTR_PORT]));
	return 0;
}

int nl_ipvs_parse_service(struct nlmsghdr *nlh, struct ipvs_service *svc, const char **why)
{
	struct nlattr *a[IPVS_SVC_ATTR_MAX + 1];
	struct ip_vs_flags flags;
	int rc;

	*svc = (struct ipvs_service){ 0 };
	if ((rc = parse_nested(nlh, IPVS_CMD_ATTR_SERVICE, a, IPVS_SVC_ATTR_MAX, svc_policy, why)) ||
	    (rc = parse_svc_key(a, svc, why)))
		return rc;
	if (!a[IPVS_SVC_ATTR_SCHED_NAME] || !a[IPVS_SVC_ATTR_FLAGS] ||
	    !a[IPVS_SVC_ATTR_TIMEOUT] || !a[IPVS_SVC_ATTR_NETMASK])
		return bad(why, "service without scheduler, flags, timeout or netmask");
	nla_strlcpy(svc->sched, a[IPVS_SVC_ATTR_SCHED_NAME], sizeof(svc->sched));
	if (a[IPVS_SVC_ATTR_PE_NAME])
		nla_strlcpy(svc->pe_name, a[IPVS_SVC_ATTR_PE_NAME], sizeof(svc->pe_name));
	memcpy(&flags, nla_data(a[IPVS_SVC_ATTR_FLAGS]), sizeof(flags));
	svc->flags = flags.flags & IPVS_SVC_F_CONFIG;
	svc->timeout = nla_get_u32(a[IPVS_SVC_ATTR_TIMEOUT]);
	svc->netmask = nla_get_u32(a[IPVS_SVC_ATTR_NETMASK]);
	if (svc->af == AF_INET)
		svc->netmask = ntohl(svc->netmask);
	return 0;
}

static uint32_t get_u32_or0(const struct nlattr *a)
{
	return a ? nla_get_u32(a) : 0;
}

int nl_ipvs_parse_dest(struct nlmsghdr *nlh, int svc_af, struct ipvs_dest *d, const char **why)
{
	struct nlattr *a[IPVS_DEST_ATTR_MAX + 1];
	uint32_t fwd, weight;
	int rc;

	*d = (struct ipvs_dest){ 0 };
	if ((rc = parse_nested(nlh, IPVS_CMD_ATTR_DEST, a, IPVS_DEST_ATTR_MAX, dest_policy, why)))
		return rc;
	d->af = a[IPVS_DEST_ATTR_ADDR_FAMILY] ? nla_get_u16(a[IPVS_DEST_ATTR_ADDR_FAMILY]) : svc_af;
	if (!af_ok(d->af))
		return bad(why, "dest without a known address family");
	if (get_addr(a[IPVS_DEST_ATTR_ADDR], d->af, &d->addr) || !a[IPVS_DEST_ATTR_PORT])
		return bad(why, "dest address or port missing or too short");
	if (!a[IPVS_DEST_ATTR_FWD_METHOD] || !a[IPVS_DEST_ATTR_WEIGHT] ||
	    !a[IPVS_DEST_ATTR_U_THRESH] || !a[IPVS_DEST_ATTR_L_THRESH])
		return bad(why, "dest without forwarding method, weight or thresholds");
	fwd = nla_get_u32(a[IPVS_DEST_ATTR_FWD_METHOD]) & IP_VS_CONN_F_FWD_MASK;
	weight = nla_get_u32(a[IPVS_DEST_ATTR_WEIGHT]);
	if (fwd > IPVS_FWD_BYPASS || weight > INT32_MAX)
		return bad(why, "dest forwarding method or weight out of range");
	d->port = ntohs(nla_get_u16(a[IPVS_DEST_ATTR_PORT]));
	d->fwd = fwd;
	d->weight = (int32_t)weight;
	d->u_threshold = nla_get_u32(a[IPVS_DEST_ATTR_U_THRESH]);
	d->l_threshold = nla_get_u32(a[IPVS_DEST_ATTR_L_THRESH]);
	if (a[IPVS_DEST_ATTR_TUN_TYPE])
		d->tun_type = nla_get_u8(a[IPVS_DEST_ATTR_TUN_TYPE]);
	if (a[IPVS_DEST_ATTR_TUN_PORT])
		d->tun_port = ntohs(nla_get_u16(a[IPVS_DEST_ATTR_TUN_PORT]));
	if (a[IPVS_DEST_ATTR_TUN_FLAGS])
		d->tun_flags = nla_get_u16(a[IPVS_DEST_ATTR_TUN_FLAGS]);
	d->conns.active = get_u32_or0(a[IPVS_DEST_ATTR_ACTIVE_CONNS]);
	d->conns.inactive = get_u32_or0(a[IPVS_DEST_ATTR_INACT_CONNS]);
	d->conns.persist = get_u32_or0(a[IPVS_DEST_ATTR_PERSIST_CONNS]);
	return 0;
}

int nl_ipvs_parse_daemon(struct nlmsghdr *nlh, struct ipvs_daemon *d, const char **why)
{
	struct nlattr *a[IPVS_DAEMON_ATTR_MAX + 1];
	int rc;

	*d = (struct ipvs_daemon){ 0 };
	if ((rc = parse_nested(nlh, IPVS_CMD_ATTR_DAEMON, a, IPVS_DAEMON_ATTR_MAX, daemon_policy, why)))
		return rc;
	if (!a[IPVS_DAEMON_ATTR_STATE] || !a[IPVS_DAEMON_ATTR_MCAST_IFN] ||
	    !a[IPVS_DAEMON_ATTR_SYNC_ID])
		return bad(why, "sync daemon without state, interface or sync id");
	d->state = nla_get_u32(a[IPVS_DAEMON_ATTR_STATE]);
	nla_strlcpy(d->ifname, a[IPVS_DAEMON_ATTR_MCAST_IFN], sizeof(d->ifname));
	d->syncid = nla_get_u32(a[IPVS_DAEMON_ATTR_SYNC_ID]);
	if (a[IPVS_DAEMON_ATTR_SYNC_MAXLEN])
		d->maxlen = nla_get_u16(a[IPVS_DAEMON_ATTR_SYNC_MAXLEN]);
	if (a[IPVS_DAEMON_ATTR_MCAST_GROUP]) {
		d->group_af = AF_INET;
		memcpy(&d->group.in4, nla_data(a[IPVS_DAEMON_ATTR_MCAST_GROUP]), 4);
	} else if (a[IPVS_DAEMON_ATTR_MCAST_GROUP6]) {
		d->group_af = AF_INET6;
		memcpy(&d->group.in6, nla_data(a[IPVS_DAEMON_ATTR_MCAST_GROUP6]), 16);
	}
	if (a[IPVS_DAEMON_ATTR_MCAST_PORT])
		d->port = nla_get_u16(a[IPVS_DAEMON_ATTR_MCAST_PORT]);
	if (a[IPVS_DAEMON_ATTR_MCAST_TTL])
		d->ttl = nla_get_u8(a[IPVS_DAEMON_ATTR_MCAST_TTL]);
	return 0;
}

int nl_ipvs_parse_timeouts(struct nlmsghdr *nlh, struct ipvs_timeouts *to, const char **why)
{
	struct nlattr *a[IPVS_CMD_ATTR_MAX + 1];

	*to = (struct ipvs_timeouts){ 0 };
	if (genlmsg_parse(nlh, 0, a, IPVS_CMD_ATTR_MAX, cmd_policy) < 0)
		return bad(why, "malformed timeout attributes");
	to->tcp = get_u32_or0(a[IPVS_CMD_ATTR_TIMEOUT_TCP]);
	to->tcp_fin = get_u32_or0(a[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN]);
	to->udp = get_u32_or0(a[IPVS_CMD_ATTR_TIMEOUT_UDP]);
	return 0;
}

int nl_ipvs_parse_info(struct nlmsghdr *nlh, struct ipvs_info *info, const char **why)
{
	struct nlattr *a[IPVS_INFO_ATTR_MAX + 1];

	*info = (struct ipvs_info){ 0 };
	if (genlmsg_parse(nlh, 0, a, IPVS_INFO_ATTR_MAX, info_policy) < 0)
		return bad(why, "malformed info attributes");
	if (!a[IPVS_INFO_ATTR_VERSION] || !a[IPVS_INFO_ATTR_CONN_TAB_SIZE])
		return bad(why, "info without version or table size");
	info->version = nla_get_u32(a[IPVS_INFO_ATTR_VERSION]);
	info->conn_tab_size = nla_get_u32(a[IPVS_INFO_ATTR_CONN_TAB_SIZE]);
	return 0;
}
