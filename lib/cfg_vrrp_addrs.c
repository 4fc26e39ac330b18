// SPDX-License-Identifier: GPL-2.0-or-later
/* The address lists inside vrrp_instance: virtual_ipaddress and
 * virtual_ipaddress_excluded, one VIP a line with its options, and
 * unicast_peer, one peer a line with its TTL range. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cfg_vrrp.h"
#include "cfg_vrrp_int.h"

static int vip_option(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, struct cfg_vip *v)
{
	const char *k = st->argv[i];

	if (strcmp(k, "brd") == 0 || strcmp(k, "broadcast") == 0)
		return cfg_arg_ip(p, st, i + 1, &v->brd);
	if (strcmp(k, "dev") == 0)
		return cfg_arg_str(p, st, i + 1, &v->dev);
	if (strcmp(k, "scope") == 0)
		return cfg_arg_str(p, st, i + 1, &v->scope);
	if (strcmp(k, "label") == 0)
		return cfg_arg_str(p, st, i + 1, &v->label);
	cfg_err(p, st, i, "'%s': address option must be brd, dev, scope or label", k);
	return -1;
}

/* <IPADDR>[/<MASK>] [brd IP] [dev IF] [scope S] [label L] */
static int parse_vip(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_vip *v)
{
	char *slash = strchr(st->argv[0], '/');
	uint64_t plen;

	if (slash)
		*slash = '\0';
	if (!cfg_ip_parse(st->argv[0], &v->addr)) {
		cfg_err(p, st, 0, "'%s': expected an IP address", st->argv[0]);
		return -1;
	}
	v->plen = v->addr.af == AF_INET ? 32 : 128;
	if (slash) {
		char *end;
		plen = strtoul(slash + 1, &end, 10);
		if (*end || end == slash + 1 || plen > v->plen) {
			cfg_err(p, st, 0, "'/%s': bad prefix length", slash + 1);
			return -1;
		}
		v->plen = (uint8_t)plen;
	}
	for (size_t i = 1; i < st->argc; i += 2) {
		if (i + 1 >= st->argc) {
			cfg_err(p, st, i, "'%s' needs a value", st->argv[i]);
			return -1;
		}
		if (vip_option(p, st, i, v) < 0)
			return -1;
	}
	return 0;
}

static int add_vip(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_vip **list, size_t *n)
{
	struct cfg_vip *v = cfg_push(p, list, n, sizeof(*v));

	if (!v)
		return -1;
	v->where = st->loc[0];
	if (parse_vip(p, st, v) < 0) {
		free(v->dev);
		free(v->scope);
		free(v->label);
		(*n)--;
		return -1;
	}
	return 0;
}

static int vip_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp *vr = obj;
	return add_vip(p, st, &vr->vips, &vr->nvips);
}

static int evip_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp *vr = obj;
	return add_vip(p, st, &vr->evips, &vr->nevips);
}

int cfg_vip_line(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_vip **list, size_t *n)
{
	return add_vip(p, st, list, n);
}

/* "ADDRESS [min_ttl N] [max_ttl N]" */
static int peer_ttl(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_ttl_range *r)
{
	uint64_t v;

	*r = (struct cfg_ttl_range){ 0, 255 };
	for (size_t i = 1; i < st->argc; i += 2) {
		bool min = strcmp(st->argv[i], "min_ttl") == 0;

		if ((!min && strcmp(st->argv[i], "max_ttl") != 0) || i + 1 >= st->argc) {
			cfg_err(p, st, i, "'%s': expected 'min_ttl N' or 'max_ttl N' after the address",
				st->argv[i]);
			return -1;
		}
		if (cfg_arg_uint_as(p, st, i + 1, st->argv[i], 0, 255, &v) < 0)
			return -1;
		if (min)
			r->min = (uint8_t)v;
		else
			r->max = (uint8_t)v;
	}
	if (r->min > r->max) {
		cfg_err(p, st, 0, "'%s': min_ttl %u is above max_ttl %u", st->argv[0], r->min, r->max);
		return -1;
	}
	return 0;
}

static int peer_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp *vr = obj;
	size_t n = vr->npeers;
	struct cfg_ip *ip = cfg_push(p, &vr->unicast_peers, &vr->npeers, sizeof(*ip));
	struct cfg_ttl_range *r = ip ? cfg_push(p, &vr->peer_ttl, &n, sizeof(*r)) : NULL;

	if (!r) {
		if (ip)
			vr->npeers--;
		return -1;
	}
	if (!cfg_ip_parse(st->argv[0], ip)) {
		vr->npeers--;
		cfg_err(p, st, 0, "'%s': unicast_peer expects IP addresses", st->argv[0]);
		return -1;
	}
	if (peer_ttl(p, st, r) < 0) {
		vr->npeers--;
		return -1;
	}
	return 0;
}

const struct cfg_block cfg_vip_block = { "virtual_ipaddress", NULL, 0, vip_line, NULL };
const struct cfg_block cfg_evip_block = { "virtual_ipaddress_excluded", NULL, 0, evip_line, NULL };
const struct cfg_block cfg_peer_block = { "unicast_peer", NULL, 0, peer_line, NULL };
