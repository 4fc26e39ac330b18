// SPDX-License-Identifier: GPL-2.0-or-later
/* virtual_routes, virtual_rules, static_routes, static_rules: one line a
 * route or rule, in the words of `ip route` / `ip rule`. Options keel does
 * not carry out are errors rather than warnings: a route installed without
 * them would be another route. Two things keepalived skips a line for,
 * and its own samples rely on, are warnings that skip the line here too:
 * an address that does not parse, and the deprecated "or GATEWAY". */
#include "config.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_route.h"

/* ADDR[/LEN], "default" or "all" (every address, family unknown: IPv4).
 * 0, 1 when the line is to be skipped (warned), -1 after an error. */
static int arg_prefix(struct cfg_parser *p, const struct cfg_stmt *st, size_t i,
		      struct cfg_ip *ip, uint8_t *len)
{
	char buf[64], *slash, *end;
	unsigned long v;

	if (strcmp(st->argv[i], "default") == 0 || strcmp(st->argv[i], "all") == 0) {
		memset(ip, 0, sizeof(*ip));
		ip->af = AF_INET;
		*len = 0;
		return 0;
	}
	snprintf(buf, sizeof(buf), "%s", st->argv[i]);
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (strlen(st->argv[i]) >= sizeof(buf) || !cfg_ip_parse(buf, ip)) {
		cfg_warn(p, st, i, "'%s': not an address or prefix; this line is skipped",
			 st->argv[i]);
		return 1;
	}
	*len = ip->af == AF_INET ? 32 : 128;
	if (slash) {
		v = strtoul(slash + 1, &end, 10);
		if (*end || end == slash + 1 || v > *len) {
			cfg_err(p, st, i, "'/%s': bad prefix length", slash + 1);
			return -1;
		}
		*len = (uint8_t)v;
	}
	return 0;
}

/* The option at i needs a value at i + 1. */
static int need_value(struct cfg_parser *p, const struct cfg_stmt *st, size_t i)
{
	if (i + 1 < st->argc)
		return 0;
	cfg_err(p, st, i, "'%s' needs a value", st->argv[i]);
	return -1;
}

/* 0, or 1 when the line is to be skipped (warned). */
static int arg_addr(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, struct cfg_ip *ip)
{
	if (cfg_ip_parse(st->argv[i], ip))
		return 0;
	cfg_warn(p, st, i, "'%s': %s expects an IPv4 or IPv6 address; this line is skipped",
		 st->argv[i], st->argv[i - 1]);
	return 1;
}

/* A name of names[] or a number in [lo, hi], as `ip route` takes a table,
 * scope or protocol. */
struct named { const char *name; uint32_t id; };

static int arg_named(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, const char *what,
		     const struct named *names, size_t n, uint64_t lo, uint64_t hi, uint32_t *out)
{
	uint64_t v;

	for (size_t k = 0; k < n; k++)
		if (strcmp(st->argv[i], names[k].name) == 0) {
			*out = names[k].id;
			return 0;
		}
	if (cfg_arg_uint_as(p, st, i, what, lo, hi, &v) < 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

#define NAMES(a) (a), sizeof(a) / sizeof((a)[0])

static int arg_table(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, uint32_t *out)
{
	static const struct named names[] = {
		{ "default", 253 }, { "main", CFG_RT_TABLE_MAIN }, { "local", 255 },
	};

	return arg_named(p, st, i, "table", NAMES(names), 1, UINT32_MAX, out);
}

static int arg_scope(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, int *out)
{
	static const struct named names[] = {
		{ "global", 0 }, { "universe", 0 }, { "site", 200 },
		{ "link", 253 }, { "host", 254 }, { "nowhere", 255 },
	};
	uint32_t v;

	if (arg_named(p, st, i, "scope", NAMES(names), 0, 255, &v) < 0)
		return -1;
	*out = (int)v;
	return 0;
}

/* protocol NAME|N: the names of iproute2's rt_protos that the kernel
 * reserves, or a number. */
static int arg_proto(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, uint8_t *out)
{
	static const struct named names[] = {
		{ "unspec", 0 }, { "redirect", 1 }, { "kernel", 2 }, { "boot", 3 },
		{ "static", 4 }, { "ra", 9 }, { "dhcp", 16 }, { "keepalived", 18 },
	};
	uint32_t v;

	if (arg_named(p, st, i, "protocol", NAMES(names), 0, 255, &v) < 0)
		return -1;
	*out = (uint8_t)v;
	return 0;
}

static int arg_u32(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, uint32_t *out)
{
	uint64_t v;

	if (cfg_arg_uint_as(p, st, i, st->argv[i - 1], 0, UINT32_MAX, &v) < 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* Where the option word k stands on the line, or 0. */
static size_t word_at(const struct cfg_stmt *st, const char *k)
{
	for (size_t i = 1; i < st->argc; i++)
		if (strcmp(st->argv[i], k) == 0)
			return i;
	return 0;
}

/* keepalived 2.2.7 watches a route or rule for deletion unless no_track:
 * then its protocol is 18 (another is reset, warned), and a route needs a
 * dev to be watched. */
static void track_check(struct cfg_parser *p, const struct cfg_stmt *st, const char *what,
			bool has_dev, uint8_t *protocol, bool *no_track)
{
	size_t at = word_at(st, "protocol");

	if (*no_track)
		return;
	if (at && *protocol != CFG_RT_PROTO_KEEPALIVED)
		cfg_warn(p, st, at, "a %s is watched only with protocol keepalived (18): "
			 "protocol reset (as keepalived does; no_track keeps it)", what);
	*protocol = CFG_RT_PROTO_KEEPALIVED;
	if (!has_dev) {
		cfg_warn(p, st, 0, "a route without dev is not watched (as keepalived): "
			 "one deleted by hand is not put back");
		*no_track = true;
	}
}

static bool route_type(const char *s, enum cfg_route_type *t)
{
	static const char *const names[] = { "unicast", "blackhole", "unreachable", "prohibit" };

	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (strcmp(s, names[k]) == 0) {
			*t = (enum cfg_route_type)k;
			return true;
		}
	return false;
}

/* --- routes */

/* The option at i with its value: the number of words it took, 0 when the
 * line is to be skipped (warned), -1 after an error. */
static int route_option(struct cfg_parser *p, const struct cfg_stmt *st, size_t i,
			struct cfg_route *r)
{
	const char *k = st->argv[i];

	if (strcmp(k, "no_track") == 0) {
		r->no_track = true;
		return 1;
	}
	if (strcmp(k, "or") == 0) {
		cfg_warn(p, st, i, "'or': a second gateway is not implemented by keel (keepalived "
			 "deprecates it for nexthop); this route is skipped");
		return 0;
	}
	if (strcmp(k, "via") != 0 && strcmp(k, "gw") != 0 && strcmp(k, "dev") != 0 &&
	    strcmp(k, "src") != 0 && strcmp(k, "table") != 0 && strcmp(k, "metric") != 0 &&
	    strcmp(k, "priority") != 0 && strcmp(k, "preference") != 0 &&
	    strcmp(k, "scope") != 0 && strcmp(k, "protocol") != 0) {
		cfg_err(p, st, i, "'%s': route option must be via, dev, src, table, metric, "
			"scope, protocol or no_track (others are not implemented by keel)", k);
		return -1;
	}
	if (need_value(p, st, i) < 0)
		return -1;
	if (strcmp(k, "via") == 0 || strcmp(k, "gw") == 0)
		return arg_addr(p, st, i + 1, &r->via) ? 0 : 2;
	if (strcmp(k, "src") == 0)
		return arg_addr(p, st, i + 1, &r->src) ? 0 : 2;
	if (strcmp(k, "dev") == 0)
		return cfg_arg_str(p, st, i + 1, &r->dev) < 0 ? -1 : 2;
	if (strcmp(k, "table") == 0)
		return arg_table(p, st, i + 1, &r->table) < 0 ? -1 : 2;
	if (strcmp(k, "scope") == 0)
		return arg_scope(p, st, i + 1, &r->scope) < 0 ? -1 : 2;
	if (strcmp(k, "protocol") == 0)
		return arg_proto(p, st, i + 1, &r->protocol) < 0 ? -1 : 2;
	return arg_u32(p, st, i + 1, &r->metric) < 0 ? -1 : 2;
}

/* Family agreement and what a unicast route needs, reported at the word
 * that breaks it. */
static int route_check(struct cfg_parser *p, const struct cfg_stmt *st, const struct cfg_route *r)
{
	const struct cfg_ip *ips[2] = { &r->via, &r->src };
	const char *names[2] = { "via", "src" };

	if (!r->dst.af) {
		cfg_err(p, st, 0, "a route needs a destination");
		return -1;
	}
	for (int k = 0; k < 2; k++) {
		if (ips[k]->af && ips[k]->af != r->dst.af) {
			for (size_t i = 0; i + 1 < st->argc; i++)
				if (strcmp(st->argv[i], names[k]) == 0 ||
				    (k == 0 && strcmp(st->argv[i], "gw") == 0)) {
					cfg_err(p, st, i + 1, "'%s': not of the destination's family",
						st->argv[i + 1]);
					return -1;
				}
		}
	}
	if (r->type == CFG_RT_UNICAST && !r->via.af && !r->dev) {
		cfg_err(p, st, 0, "a route needs via or dev");
		return -1;
	}
	return 0;
}

/* [TYPE] [src ADDR] [to] DEST[/LEN] [via|gw ADDR] [dev IF] [src ADDR]
 * [table T] [metric N] [scope S] [protocol P] [no_track]: 0, 1 to skip it,
 * -1 */
static int parse_route(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_route *r)
{
	size_t i = 0;
	int n;

	if (route_type(st->argv[0], &r->type))
		i++;
	while (i < st->argc) {
		const char *k = st->argv[i];

		if (!r->dst.af && strcmp(k, "to") == 0) {
			if (need_value(p, st, i) < 0)
				return -1;
			i++;
			k = st->argv[i];
		}
		if (!r->dst.af && strcmp(k, "src") != 0 && strcmp(k, "no_track") != 0) {
			if ((n = arg_prefix(p, st, i, &r->dst, &r->dst_len)) != 0)
				return n;
			i++;
			continue;
		}
		if ((n = route_option(p, st, i, r)) <= 0)
			return n < 0 ? -1 : 1;
		i += (size_t)n;
	}
	if (route_check(p, st, r) < 0)
		return -1;
	track_check(p, st, "route", r->dev != NULL, &r->protocol, &r->no_track);
	return 0;
}

static void route_free(struct cfg_route *r)
{
	free(r->dev);
	free(r->track_group);
}

static int route_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_routes *rt = obj;
	struct cfg_route *r = cfg_push(p, &rt->routes, &rt->nroutes, sizeof(*r));
	int rc;

	if (!r)
		return -1;
	r->where = st->loc[0];
	r->table = CFG_RT_TABLE_MAIN;
	r->scope = CFG_RT_SCOPE_UNSET;
	r->protocol = CFG_RT_PROTO_KEEPALIVED;	/* keepalived's, no_track or not */
	rc = parse_route(p, st, r);
	if (rc != 0) {
		route_free(r);
		rt->nroutes--;
	}
	return rc < 0 ? -1 : 0;
}

/* --- rules */

static int arg_fwmark(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, struct cfg_rule *u)
{
	const char *s = st->argv[i];
	char *end;
	unsigned long long v, m = UINT32_MAX;

	v = strtoull(s, &end, 0);
	if (end != s && *end == '/')
		m = strtoull(end + 1, &end, 0);
	if (end == s || *end || *s == '-' || v > UINT32_MAX || m > UINT32_MAX) {
		cfg_err(p, st, i, "'%s': fwmark expects MARK[/MASK]", s);
		return -1;
	}
	u->fwmark = (uint32_t)v;
	u->fwmask = (uint32_t)m;
	u->fwmark_set = true;
	return 0;
}

/* One address of a rule: its family must agree with the other's. 0, 1 to
 * skip the line, -1. */
static int rule_addr(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, struct cfg_rule *u,
		     struct cfg_ip *ip, uint8_t *len)
{
	bool all = strcmp(st->argv[i], "all") == 0;
	int rc = arg_prefix(p, st, i, ip, len);

	if (rc != 0)
		return rc;
	if (all) {
		memset(ip, 0, sizeof(*ip));	/* matches any family */
		return 0;
	}
	if (u->af && u->af != ip->af) {
		cfg_err(p, st, i, "'%s': not of the family of the rule's other address",
			st->argv[i]);
		return -1;
	}
	u->af = ip->af;
	return 0;
}

static int rule_option(struct cfg_parser *p, const struct cfg_stmt *st, size_t i,
		       struct cfg_rule *u)
{
	const char *k = st->argv[i];
	uint64_t v;

	if (strcmp(k, "from") == 0)
		return rule_addr(p, st, i + 1, u, &u->from, &u->from_len);
	if (strcmp(k, "to") == 0)
		return rule_addr(p, st, i + 1, u, &u->to, &u->to_len);
	if (strcmp(k, "table") == 0 || strcmp(k, "lookup") == 0)
		return arg_table(p, st, i + 1, &u->table);
	if (strcmp(k, "fwmark") == 0)
		return arg_fwmark(p, st, i + 1, u);
	if (strcmp(k, "iif") == 0)
		return cfg_arg_str(p, st, i + 1, &u->iif);
	if (strcmp(k, "oif") == 0)
		return cfg_arg_str(p, st, i + 1, &u->oif);
	if (strcmp(k, "protocol") == 0)
		return arg_proto(p, st, i + 1, &u->protocol);
	if (cfg_arg_uint_as(p, st, i + 1, k, 0, UINT32_MAX, &v) < 0)
		return -1;
	u->priority = (uint32_t)v;
	u->priority_set = true;
	return 0;
}

static bool rule_keyword(const char *k)
{
	static const char *const kws[] = { "from", "to", "table", "lookup", "fwmark", "iif",
					   "oif", "priority", "preference", "pref", "prio", "protocol" };

	for (size_t n = 0; n < sizeof(kws) / sizeof(kws[0]); n++)
		if (strcmp(k, kws[n]) == 0)
			return true;
	return false;
}

/* [from A] [to B] [table T] [priority N] [fwmark M[/MASK]] [iif IF] [oif IF]
 * [protocol P] [no_track]: 0, 1 to skip it, -1 */
static int parse_rule(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_rule *u)
{
	int rc;

	for (size_t i = 0; i < st->argc; i += 2) {
		while (i < st->argc && strcmp(st->argv[i], "no_track") == 0) {
			u->no_track = true;
			i++;		/* a flag: one word */
		}
		if (i >= st->argc)
			break;
		if (!rule_keyword(st->argv[i])) {
			cfg_err(p, st, i, "'%s': rule option must be from, to, table, priority, "
				"fwmark, iif, oif, protocol or no_track (others are not implemented "
				"by keel)",
				st->argv[i]);
			return -1;
		}
		if (need_value(p, st, i) < 0)
			return -1;
		if ((rc = rule_option(p, st, i, u)) != 0)
			return rc;
	}
	if (!u->af)
		u->af = AF_INET;
	track_check(p, st, "rule", true, &u->protocol, &u->no_track);
	if (!u->priority_set)
		cfg_warn(p, st, 0, "a rule without priority: the kernel gives it one (keepalived "
			 "counts down from 16384); better set one");
	return 0;
}

static void rule_free(struct cfg_rule *u)
{
	free(u->iif);
	free(u->oif);
	free(u->track_group);
}

static int rule_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_routes *rt = obj;
	struct cfg_rule *u = cfg_push(p, &rt->rules, &rt->nrules, sizeof(*u));
	int rc;

	if (!u)
		return -1;
	u->where = st->loc[0];
	u->table = CFG_RT_TABLE_MAIN;
	rc = parse_rule(p, st, u);
	if (rc != 0) {
		rule_free(u);
		rt->nrules--;
	}
	return rc < 0 ? -1 : 0;
}

const struct cfg_block cfg_routes_block = { "virtual_routes", NULL, 0, route_line, NULL };
const struct cfg_block cfg_rules_block = { "virtual_rules", NULL, 0, rule_line, NULL };

void *cfg_vroutes_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	(void)p, (void)st;
	return &((struct cfg_vrrp *)obj)->vroutes;
}

void *cfg_static_rt_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	(void)p, (void)st;
	return &((struct config *)obj)->static_rt;
}

/* --- text */

struct out {
	char *buf;
	size_t len, at;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->at >= o->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->at, o->len - o->at, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->at += (size_t)n;
}

static void put_ip(struct out *o, const char *word, const struct cfg_ip *ip)
{
	char a[INET6_ADDRSTRLEN];

	cfg_ip_format(ip, a, sizeof(a));
	put(o, "%s%s%s", word, *word ? " " : "", a);
}

static void put_prefix(struct out *o, const char *word, const struct cfg_ip *ip, uint8_t len)
{
	if (!ip->af) {
		put(o, " %s all", word);
		return;
	}
	put(o, "%s", *word ? " " : "");
	put_ip(o, word, ip);
	put(o, "/%u", len);
}

static const char *table_name(uint32_t t, char *buf, size_t len)
{
	if (t == CFG_RT_TABLE_MAIN)
		return "main";
	snprintf(buf, len, "%u", t);
	return buf;
}

void cfg_route_format(const struct cfg_route *r, char *buf, size_t len)
{
	static const char *const types[] = { "", "blackhole ", "unreachable ", "prohibit " };
	struct out o = { buf, len, 0 };
	char t[16];

	if (len)
		buf[0] = '\0';
	put(&o, "%s", types[r->type]);
	put_prefix(&o, "", &r->dst, r->dst_len);
	if (r->via.af)
		put_ip(&o, " via", &r->via);
	if (r->dev)
		put(&o, " dev %s", r->dev);
	if (r->src.af)
		put_ip(&o, " src", &r->src);
	put(&o, " table %s", table_name(r->table, t, sizeof(t)));
	if (r->metric)
		put(&o, " metric %u", r->metric);
	if (r->scope != CFG_RT_SCOPE_UNSET)
		put(&o, " scope %d", r->scope);
	if (r->protocol != CFG_RT_PROTO_KEEPALIVED)
		put(&o, " proto %u", r->protocol);
	if (r->track_group)
		put(&o, " track_group %s", r->track_group);
}

void cfg_rule_format(const struct cfg_rule *u, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	char t[16];

	if (len)
		buf[0] = '\0';
	if (u->priority_set)
		put(&o, "priority %u ", u->priority);
	put(&o, "%s", u->af == AF_INET6 ? "inet6" : "inet");
	put_prefix(&o, "from", &u->from, u->from_len);
	if (u->to.af)
		put_prefix(&o, "to", &u->to, u->to_len);
	if (u->fwmark_set)
		put(&o, " fwmark 0x%x/0x%x", u->fwmark, u->fwmask);
	if (u->iif)
		put(&o, " iif %s", u->iif);
	if (u->oif)
		put(&o, " oif %s", u->oif);
	put(&o, " table %s", table_name(u->table, t, sizeof(t)));
	if (u->protocol && u->protocol != CFG_RT_PROTO_KEEPALIVED)
		put(&o, " proto %u", u->protocol);
	if (u->track_group)
		put(&o, " track_group %s", u->track_group);
}

void cfg_routes_free(struct cfg_routes *rt)
{
	for (size_t i = 0; i < rt->nroutes; i++)
		route_free(&rt->routes[i]);
	free(rt->routes);
	for (size_t i = 0; i < rt->nrules; i++)
		rule_free(&rt->rules[i]);
	free(rt->rules);
}

bool cfg_has_routes(const struct config *cfg)
{
	if (cfg->static_rt.nroutes || cfg->static_rt.nrules)
		return true;
	for (size_t i = 0; i < cfg->nvrrp; i++)
		if (cfg->vrrp[i].vroutes.nroutes || cfg->vrrp[i].vroutes.nrules)
			return true;
	return false;
}
