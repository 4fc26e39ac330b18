// SPDX-License-Identifier: GPL-2.0-or-later
/* An rtnetlink socket in the link and address groups, read on the VRRP
 * loop. It only says what changed: the flags themselves are read where
 * they are used (vrrp_track.c), so there is one source of truth and no
 * table to keep in step with the kernel. */
#include "config.h"

#include <linux/if.h>
#include <linux/rtnetlink.h>
#include <stdbool.h>
#include <stdlib.h>

#include <event2/event.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "log.h"
#include "vrrp_linkmon.h"

/* A burst of events (a hundred VMACs made at start) must not overflow it;
 * if it does, the owner re-reads everything. */
#define LINKMON_RCVBUF (256 * 1024)

struct vrrp_linkmon {
	struct nl_sock *sk;
	struct nl_cb *cb;
	struct event *ev;
	vrrp_linkmon_fn *fn;
	void *arg;
	bool addr_seen;		/* in the datagrams read this turn */
};

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
