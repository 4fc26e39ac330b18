// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/netlink.h>
#include <netlink/route/route.h>
#include <netlink/route/rule.h>

#include "log.h"
#include "vrrp_routes.h"
#include "cfg_route.h"
#include "vrrp_rt_plan.h"

static struct nl_addr *nl_prefix(const struct cfg_ip *ip, uint8_t len)
{
	struct nl_addr *a = nl_addr_build(ip->af, ip->b, ip->af == AF_INET ? 4 : 16);

	if (a)
		nl_addr_set_prefixlen(a, len);
	return a;
}

enum { RT_DST, RT_PREFSRC, RULE_SRC, RULE_DST };

/* Sets one address of a route or rule (libnl takes its own reference). */
static int set_prefix(void *obj, int which, const struct cfg_ip *ip, uint8_t len)
{
	struct nl_addr *a = nl_prefix(ip, len);
	int rc = -NLE_NOMEM;

	if (a && which == RT_DST)
		rc = rtnl_route_set_dst(obj, a);
	else if (a && which == RT_PREFSRC)
		rc = rtnl_route_set_pref_src(obj, a);
	else if (a && which == RULE_SRC)
		rc = rtnl_rule_set_src(obj, a);
	else if (a)
		rc = rtnl_rule_set_dst(obj, a);
	nl_addr_put(a);
	return rc;
}

/* The nexthop of a unicast route; -NLE_NODEV when its device is missing. */
static int add_nexthop(struct rtnl_route *nr, const struct cfg_route *r)
{
	struct rtnl_nexthop *nh;
	struct nl_addr *gw = NULL;
	int ifindex = r->dev ? (int)if_nametoindex(r->dev) : 0;

	if (r->dev && !ifindex)
		return -NLE_NODEV;
	nh = rtnl_route_nh_alloc();
	if (!nh)
		return -NLE_NOMEM;
	if (ifindex)
		rtnl_route_nh_set_ifindex(nh, ifindex);
	if (r->via.af) {
		gw = nl_prefix(&r->via, r->via.af == AF_INET ? 32 : 128);
		if (!gw) {
			rtnl_route_nh_free(nh);
			return -NLE_NOMEM;
		}
		rtnl_route_nh_set_gateway(nh, gw);
		nl_addr_put(gw);
	}
	rtnl_route_add_nexthop(nr, nh);
	return 0;
}

/* A removal names no protocol, so the kernel matches any: a route that
 * was adopted (made by someone else first) goes as well as keel's own. */
static int build_route(const struct cfg_route *r, bool add, struct rtnl_route **out)
{
	struct rtnl_route *nr = rtnl_route_alloc();
	int rc = -NLE_NOMEM;

	*out = NULL;
	if (!nr)
		return rc;
	rtnl_route_set_family(nr, r->dst.af);
	rtnl_route_set_type(nr, vrrp_rt_type(r->type));
	rtnl_route_set_table(nr, r->table);
	rtnl_route_set_protocol(nr, add ? r->protocol : RTPROT_UNSPEC);
	rtnl_route_set_priority(nr, r->metric);
	if (r->scope != CFG_RT_SCOPE_UNSET)
		rtnl_route_set_scope(nr, (uint8_t)r->scope);
	if (set_prefix(nr, RT_DST, &r->dst, r->dst_len) < 0 ||
	    (r->src.af && set_prefix(nr, RT_PREFSRC, &r->src,
				     r->src.af == AF_INET ? 32 : 128) < 0))
		goto fail;
	if (r->type == CFG_RT_UNICAST && (rc = add_nexthop(nr, r)) < 0)
		goto fail;
	*out = nr;
	return 0;
fail:
	rtnl_route_put(nr);
	return rc;
}

static int build_rule(const struct cfg_rule *u, bool add, struct rtnl_rule **out)
{
	struct rtnl_rule *nr = rtnl_rule_alloc();

	*out = NULL;
	if (!nr)
		return -NLE_NOMEM;
	rtnl_rule_set_family(nr, u->af);
	rtnl_rule_set_action(nr, FR_ACT_TO_TBL);
	rtnl_rule_set_table(nr, u->table);
	if (u->priority_set)
		rtnl_rule_set_prio(nr, u->priority);
	if (add && u->protocol)
		rtnl_rule_set_protocol(nr, u->protocol);
	if (u->fwmark_set) {
		rtnl_rule_set_mark(nr, u->fwmark);
		rtnl_rule_set_mask(nr, u->fwmask);
	}
	if ((u->iif && rtnl_rule_set_iif(nr, u->iif) < 0) ||
	    (u->oif && rtnl_rule_set_oif(nr, u->oif) < 0) ||
	    (u->from.af && set_prefix(nr, RULE_SRC, &u->from, u->from_len) < 0) ||
	    (u->to.af && set_prefix(nr, RULE_DST, &u->to, u->to_len) < 0)) {
		rtnl_rule_put(nr);
		return -NLE_NOMEM;
	}
	*out = nr;
	return 0;
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	(void)who;
	*(int *)arg = e->error;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	(void)msg, (void)arg;
	return NL_STOP;
}

/* Sends msg and waits for the kernel's answer: 0 or a negative errno
 * (libnl would fold the less common ones into "unspecific failure",
 * which tells an operator nothing). */
static int transact(struct nl_sock *sk, struct nl_msg *msg)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int err = 0, rc;

	if (!cb)
		return -ENOMEM;
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &err);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, NULL);
	rc = nl_send_auto(sk, msg);
	if (rc >= 0)
		rc = nl_recvmsgs(sk, cb);
	nl_cb_put(cb);
	if (err)
		return err;
	return rc < 0 ? -EIO : 0;
}

/* The request for op; a negative errno when it cannot be built. */
static int build_msg(const struct vrrp_rt_op *op, struct nl_msg **msg)
{
	int rc, flags = op->add ? NLM_F_CREATE | NLM_F_EXCL : 0;

	if (op->route) {
		struct rtnl_route *nr;

		rc = build_route(op->route, op->add, &nr);
		if (rc == 0)
			rc = op->add ? rtnl_route_build_add_request(nr, flags, msg)
				     : rtnl_route_build_del_request(nr, flags, msg);
		rtnl_route_put(nr);
	} else {
		struct rtnl_rule *nr;

		rc = build_rule(op->rule, op->add, &nr);
		if (rc == 0)
			rc = op->add ? rtnl_rule_build_add_request(nr, flags, msg)
				     : rtnl_rule_build_delete_request(nr, flags, msg);
		rtnl_rule_put(nr);
	}
	if (rc == -NLE_NODEV)
		return -ENODEV;
	return rc < 0 ? -ENOMEM : 0;
}

/* One operation: 0 done (or nothing to do), -1 refused (logged). */
static int apply_op(struct nl_sock *sk, const struct vrrp_rt_op *op, const char *who)
{
	const char *what = op->route ? "route" : "rule";
	struct nl_msg *msg = NULL;
	char text[256];
	int rc;

	if (op->route)
		cfg_route_format(op->route, text, sizeof(text));
	else
		cfg_rule_format(op->rule, text, sizeof(text));
	rc = build_msg(op, &msg);
	if (rc == 0)
		rc = transact(sk, msg);
	nlmsg_free(msg);
	if (op->add && rc == -EEXIST) {
		log_debug("%s: %s '%s' already in the kernel, adopted", who, what, text);
		return 0;
	}
	/* gone already, or its device is: nothing left to remove */
	if (!op->add && (rc == -ESRCH || rc == -ENOENT || rc == -ENODEV))
		return 0;
	if (rc < 0) {
		log_warnx("%s: cannot %s %s '%s': %s", who, op->add ? "add" : "remove", what, text,
			  strerror(-rc));
		return -1;
	}
	log_info("%s: %s %s '%s'", who,
		 op->restore ? "restored deleted" : op->add ? "added" : "removed", what, text);
	return 0;
}

int vrrp_routes_sync(struct nl_sock *sk, const struct cfg_routes *held,
		     const struct cfg_routes *want, const char *who)
{
	struct vrrp_rt_ops ops;
	int bad = 0;

	if (!sk)
		return 0;
	if (vrrp_rt_plan(held, want, &ops) < 0) {
		log_warnx("%s: out of memory planning routes", who);
		return 1;
	}
	for (size_t k = 0; k < ops.n; k++)
		if (apply_op(sk, &ops.op[k], who) < 0)
			bad++;
	free(ops.op);
	return bad;
}

int vrrp_routes_restore(struct nl_sock *sk, const struct cfg_route *route,
			const struct cfg_rule *rule, const char *who)
{
	struct vrrp_rt_op op = { .add = true, .restore = true, .route = route, .rule = rule };

	return sk ? apply_op(sk, &op, who) : 0;
}
