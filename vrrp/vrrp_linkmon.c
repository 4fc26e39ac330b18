// SPDX-License-Identifier: GPL-2.0-or-later
/* An rtnetlink socket in the link and address groups, read on the VRRP
 * loop. It only says what changed: the flags themselves are read where
 * they are used (vrrp_track.c), so there is one source of truth and no
 * table to keep in step with the kernel. */
#include "config.h"

#include <linux/fib_rules.h>
#include <linux/if.h>
#include <linux/rtnetlink.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "log.h"
#include "vrrp_linkmon.h"
#include "vrrp_rt_plan.h"

/* A burst of events (a hundred VMACs made at start) must not overflow it;
 * if it does, the owner re-reads everything. */
#define LINKMON_RCVBUF (256 * 1024)

struct vrrp_linkmon {
	struct nl_sock *sk;
	struct nl_cb *cb;
	struct event *ev;
	vrrp_linkmon_fn *fn;
	vrrp_linkmon_gone_fn *gone;
	void *arg;
	bool addr_seen;		/* in the datagrams read this turn */
};

/* An address attribute of the family's length into ip. */
static void attr_ip(struct nlattr *a, uint8_t af, struct cfg_ip *ip)
{
	int len = af == AF_INET ? 4 : 16;

	if (a && nla_len(a) == len) {
		ip->af = af;
		memcpy(ip->b, nla_data(a), (size_t)len);
	}
}

static uint32_t attr_u32(struct nlattr *a, uint32_t dflt)
{
	return a && nla_len(a) >= 4 ? nla_get_u32(a) : dflt;
}

/* RTM_DELROUTE: false when it is not one keel could have made */
static bool parse_route(struct nlmsghdr *h, struct vrrp_rt_gone *g)
{
	struct nlattr *tb[RTA_MAX + 1];
	struct rtmsg *rt = nlmsg_data(h);

	if (nlmsg_parse(h, sizeof(*rt), tb, RTA_MAX, NULL) < 0 ||
	    (rt->rtm_family != AF_INET && rt->rtm_family != AF_INET6))
		return false;
	g->af = rt->rtm_family;
	g->type = rt->rtm_type;
	g->dst_len = rt->rtm_dst_len;
	g->dst.af = g->af;	/* a default route has no RTA_DST */
	attr_ip(tb[RTA_DST], g->af, &g->dst);
	g->table = attr_u32(tb[RTA_TABLE], rt->rtm_table);
	g->metric = attr_u32(tb[RTA_PRIORITY], 0);
	return true;
}

static bool parse_rule(struct nlmsghdr *h, struct vrrp_rt_gone *g)
{
	struct nlattr *tb[FRA_MAX + 1];
	struct fib_rule_hdr *fr = nlmsg_data(h);

	if (nlmsg_parse(h, sizeof(*fr), tb, FRA_MAX, NULL) < 0 ||
	    (fr->family != AF_INET && fr->family != AF_INET6))
		return false;
	g->rule = true;
	g->af = fr->family;
	g->dst_len = fr->src_len;
	g->to_len = fr->dst_len;
	attr_ip(tb[FRA_SRC], g->af, &g->dst);
	attr_ip(tb[FRA_DST], g->af, &g->to);
	g->table = attr_u32(tb[FRA_TABLE], fr->table);
	g->metric = attr_u32(tb[FRA_PRIORITY], 0);
	g->fwmark = attr_u32(tb[FRA_FWMARK], 0);
	g->fwmask = attr_u32(tb[FRA_FWMASK], g->fwmark ? UINT32_MAX : 0);
	return true;
}

static void on_gone(struct vrrp_linkmon *m, struct nlmsghdr *h)
{
	struct vrrp_rt_gone g;
	bool ok;

	memset(&g, 0, sizeof(g));
	if (h->nlmsg_type == RTM_DELROUTE)
		ok = nlmsg_valid_hdr(h, sizeof(struct rtmsg)) && parse_route(h, &g);
	else
		ok = nlmsg_valid_hdr(h, sizeof(struct fib_rule_hdr)) && parse_rule(h, &g);
	if (ok && m->gone)
		m->gone(m->arg, &g);
}

static int on_msg(struct nl_msg *msg, void *arg)
{
	struct vrrp_linkmon *m = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct nlattr *name;
	char ifname[IFNAMSIZ];

	switch (h->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		if (!nlmsg_valid_hdr(h, sizeof(struct ifinfomsg)))
			break;
		name = nlmsg_find_attr(h, sizeof(struct ifinfomsg), IFLA_IFNAME);
		if (!name || nla_len(name) < 2)
			break;
		nla_strlcpy(ifname, name, sizeof(ifname));
		m->fn(m->arg, VRRP_LINKMON_LINK, ifname);
		break;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		/* told once a turn: a takeover adds a VIP per instance, and
		 * each event would have the instances look again */
		m->addr_seen = true;
		break;
	case RTM_DELROUTE:
	case RTM_DELRULE:
		on_gone(m, h);
		break;
	default:
		break;
	}
	return NL_OK;
}

static void on_readable(evutil_socket_t fd, short what, void *arg)
{
	struct vrrp_linkmon *m = arg;
	int rc;

	(void)fd, (void)what;
	/* the socket is non-blocking: read until it is empty */
	while ((rc = nl_recvmsgs_report(m->sk, m->cb)) != 0 && rc != -NLE_AGAIN) {
		if (rc > 0)
			continue;
		if (rc == -NLE_NOMEM) {	/* ENOBUFS: events were dropped */
			log_warnx("vrrp: link events overflowed: re-reading every interface");
			m->fn(m->arg, VRRP_LINKMON_LOST, NULL);
			continue;
		}
		log_warnx("vrrp: reading link events: %s", nl_geterror(rc));
		break;
	}
	if (m->addr_seen) {
		m->addr_seen = false;
		m->fn(m->arg, VRRP_LINKMON_ADDR, NULL);
	}
}

struct vrrp_linkmon *vrrp_linkmon_new(struct event_base *base, vrrp_linkmon_fn *fn, void *arg)
{
	struct vrrp_linkmon *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->fn = fn;
	m->arg = arg;
	m->sk = nl_socket_alloc();
	if (!m->sk)
		goto fail;
	nl_socket_disable_seq_check(m->sk);
	nl_socket_modify_cb(m->sk, NL_CB_VALID, NL_CB_CUSTOM, on_msg, m);
	if (nl_connect(m->sk, NETLINK_ROUTE) < 0 ||
	    nl_socket_add_memberships(m->sk, RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR,
				      RTNLGRP_NONE) < 0 ||
	    nl_socket_set_nonblocking(m->sk) < 0)
		goto fail;
	nl_socket_set_buffer_size(m->sk, LINKMON_RCVBUF, 0);
	m->cb = nl_socket_get_cb(m->sk);
	m->ev = event_new(base, nl_socket_get_fd(m->sk), EV_READ | EV_PERSIST, on_readable, m);
	if (!m->cb || !m->ev || event_add(m->ev, NULL) < 0)
		goto fail;
	return m;
fail:
	log_warnx("vrrp: no rtnetlink link events: interfaces are polled once a second");
	vrrp_linkmon_free(m);
	return NULL;
}

void vrrp_linkmon_watch_routes(struct vrrp_linkmon *m, vrrp_linkmon_gone_fn *fn)
{
	if (!m || (m->gone != NULL) == (fn != NULL))
		return;
	if (!fn) {
		/* nothing to watch: a router's routing churn wakes no one */
		nl_socket_drop_memberships(m->sk, RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE,
					   RTNLGRP_IPV4_RULE, RTNLGRP_IPV6_RULE, RTNLGRP_NONE);
		m->gone = NULL;
		return;
	}
	if (nl_socket_add_memberships(m->sk, RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE,
				      RTNLGRP_IPV4_RULE, RTNLGRP_IPV6_RULE, RTNLGRP_NONE) < 0) {
		log_warnx("vrrp: no rtnetlink route events: a route deleted by hand is put back "
			  "at the next link or address event");
		return;
	}
	m->gone = fn;
}

void vrrp_linkmon_free(struct vrrp_linkmon *m)
{
	if (!m)
		return;
	if (m->ev)
		event_free(m->ev);
	if (m->cb)
		nl_cb_put(m->cb);
	if (m->sk)
		nl_socket_free(m->sk);
	free(m);
}
