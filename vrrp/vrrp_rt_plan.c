// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp_rt_plan.h"

bool vrrp_route_equal(const struct cfg_route *a, const struct cfg_route *b)
{
	return a->type == b->type && cfg_ip_equal(&a->dst, &b->dst) && a->dst_len == b->dst_len &&
	       cfg_ip_equal(&a->src, &b->src) && cfg_ip_equal(&a->via, &b->via) &&
	       cfg_str_equal(a->dev, b->dev) && a->table == b->table && a->metric == b->metric &&
	       a->scope == b->scope && a->protocol == b->protocol;
}

bool vrrp_rule_equal(const struct cfg_rule *a, const struct cfg_rule *b)
{
	return a->af == b->af && cfg_ip_equal(&a->from, &b->from) && a->from_len == b->from_len &&
	       cfg_ip_equal(&a->to, &b->to) && a->to_len == b->to_len && a->table == b->table &&
	       a->priority_set == b->priority_set &&
	       (!a->priority_set || a->priority == b->priority) &&
	       a->fwmark_set == b->fwmark_set &&
	       (!a->fwmark_set || (a->fwmark == b->fwmark && a->fwmask == b->fwmask)) &&
	       cfg_str_equal(a->iif, b->iif) && cfg_str_equal(a->oif, b->oif) &&
	       a->protocol == b->protocol;
}

static bool has_route(const struct cfg_routes *s, const struct cfg_route *r)
{
	for (size_t k = 0; s && k < s->nroutes; k++)
		if (vrrp_route_equal(&s->routes[k], r))
			return true;
	return false;
}

static bool has_rule(const struct cfg_routes *s, const struct cfg_rule *u)
{
	for (size_t k = 0; s && k < s->nrules; k++)
		if (vrrp_rule_equal(&s->rules[k], u))
			return true;
	return false;
}

int vrrp_rt_plan(const struct cfg_routes *held, const struct cfg_routes *want,
		 struct vrrp_rt_ops *ops)
{
	size_t cap = (held ? held->nroutes + held->nrules : 0) +
		     (want ? want->nroutes + want->nrules : 0);

	ops->n = 0;
	ops->op = cap ? calloc(cap, sizeof(*ops->op)) : NULL;
	if (cap && !ops->op)
		return -1;
	for (size_t k = 0; held && k < held->nrules; k++)
		if (!has_rule(want, &held->rules[k]))
			ops->op[ops->n++] = (struct vrrp_rt_op){ .rule = &held->rules[k] };
	for (size_t k = 0; held && k < held->nroutes; k++)
		if (!has_route(want, &held->routes[k]))
			ops->op[ops->n++] = (struct vrrp_rt_op){ .route = &held->routes[k] };
	for (size_t k = 0; want && k < want->nroutes; k++)
		ops->op[ops->n++] = (struct vrrp_rt_op){ .add = true, .route = &want->routes[k] };
	for (size_t k = 0; want && k < want->nrules; k++)
		ops->op[ops->n++] = (struct vrrp_rt_op){ .add = true, .rule = &want->rules[k] };
	return 0;
}

static const uint8_t rtn_of[] = {
	[CFG_RT_UNICAST] = RTN_UNICAST, [CFG_RT_BLACKHOLE] = RTN_BLACKHOLE,
	[CFG_RT_UNREACHABLE] = RTN_UNREACHABLE, [CFG_RT_PROHIBIT] = RTN_PROHIBIT,
};

uint8_t vrrp_rt_type(enum cfg_route_type t)
{
	return rtn_of[t];
}

static bool prefix_eq(const struct cfg_ip *a, uint8_t alen, const struct cfg_ip *b, uint8_t blen)
{
	if (!a->af)		/* all */
		return blen == 0;
	return alen == blen && cfg_ip_equal(a, b);
}

long vrrp_rt_gone_route(const struct cfg_routes *set, const struct vrrp_rt_gone *g)
{
	for (size_t k = 0; set && !g->rule && k < set->nroutes; k++) {
		const struct cfg_route *r = &set->routes[k];
		/* the kernel gives an IPv6 route metric 1024 by default */
		uint32_t metric = r->metric || r->dst.af != AF_INET6 ? r->metric : 1024;

		if (!r->no_track && r->dst.af == g->af && vrrp_rt_type(r->type) == g->type &&
		    prefix_eq(&r->dst, r->dst_len, &g->dst, g->dst_len) && r->table == g->table &&
		    metric == g->metric)
			return (long)k;
	}
	return -1;
}

long vrrp_rt_gone_rule(const struct cfg_routes *set, const struct vrrp_rt_gone *g)
{
	for (size_t k = 0; set && g->rule && k < set->nrules; k++) {
		const struct cfg_rule *u = &set->rules[k];

		if (!u->no_track && u->af == g->af && u->table == g->table &&
		    (!u->priority_set || u->priority == g->metric) &&
		    prefix_eq(&u->from, u->from_len, &g->dst, g->dst_len) &&
		    prefix_eq(&u->to, u->to_len, &g->to, g->to_len) &&
		    (u->fwmark_set ? u->fwmark == g->fwmark && u->fwmask == g->fwmask : !g->fwmark))
			return (long)k;
	}
	return -1;
}
