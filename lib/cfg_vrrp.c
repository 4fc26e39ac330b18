// SPDX-License-Identifier: GPL-2.0-or-later
/* VRRPD CONFIGURATION: vrrp_instance, vrrp_script, vrrp_sync_group and
 * track files. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cfg_block.h"
#include "cfg_route.h"
#include "cfg_smtp.h"
#include "cfg_vrrp.h"

#define TODO(name, why) { name, 0, CFG_ANY, NULL, NULL, NULL, why }

/* --- list blocks inside vrrp_instance */

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

/* "NAME [weight N [reverse|noreverse]]" lines of track_* blocks */
static int track_line(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_track **list,
		      size_t *n, int64_t wmax)
{
	struct cfg_track *t = cfg_push(p, list, n, sizeof(*t));
	int64_t w;

	if (!t)
		return -1;
	t->where = st->loc[0];
	if (cfg_arg_str(p, st, 0, &t->name) < 0)
		goto fail;
	if (st->argc > 1) {
		if (strcmp(st->argv[1], "weight") != 0 || st->argc < 3) {
			cfg_err(p, st, 1, "expected 'weight N [reverse]' after the name");
			goto fail;
		}
		if (cfg_arg_int_as(p, st, 2, "weight", -wmax, wmax, &w) < 0)
			goto fail;
		t->weight = (int)w;
		t->weight_set = true;
		if (st->argc > 3) {
			t->reverse = strcmp(st->argv[3], "reverse") == 0;
			t->reverse_set = true;
			if (!t->reverse && strcmp(st->argv[3], "noreverse") != 0 &&
			    strcmp(st->argv[3], "no_reverse") != 0) {
				cfg_err(p, st, 3, "'%s': expected reverse or noreverse", st->argv[3]);
				goto fail;
			}
		}
	}
	return 0;
fail:
	free(t->name);
	(*n)--;
	return -1;
}

/* The track_* blocks fill a struct cfg_tracked: an instance's or a sync
 * group's (the opener hands over which). */
static int track_if_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_tracked *t = obj;
	return track_line(p, st, &t->ifs, &t->nifs, 253);
}

static int track_script_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_tracked *t = obj;
	return track_line(p, st, &t->scripts, &t->nscripts, 253);
}

static int track_file_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_tracked *t = obj;
	return track_line(p, st, &t->files, &t->nfiles, 254);
}

static int track_process_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_tracked *t = obj;
	return track_line(p, st, &t->procs, &t->nprocs, 254);
}

static int track_bfd_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_tracked *t = obj;
	return track_line(p, st, &t->bfds, &t->nbfds, 253);
}

static const struct cfg_block track_bfd_block = { "track_bfd", NULL, 0, track_bfd_line, NULL };
static const struct cfg_block track_if_block = { "track_interface", NULL, 0, track_if_line, NULL };
static const struct cfg_block track_script_block = { "track_script", NULL, 0, track_script_line, NULL };
static const struct cfg_block track_file_block = { "track_file", NULL, 0, track_file_line, NULL };
static const struct cfg_block track_process_block = { "track_process", NULL, 0, track_process_line, NULL };

static const struct cfg_block vip_block = { "virtual_ipaddress", NULL, 0, vip_line, NULL };
static const struct cfg_block evip_block = { "virtual_ipaddress_excluded", NULL, 0, evip_line, NULL };
static const struct cfg_block peer_block = { "unicast_peer", NULL, 0, peer_line, NULL };

/* --- authentication { auth_type PASS|AH; auth_pass X } */

static int auth_kw(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp *vr = obj;
	if (strcmp(st->argv[0], "auth_type") == 0) {
		if (strcmp(st->argv[1], "PASS") != 0 && strcmp(st->argv[1], "AH") != 0) {
			cfg_err(p, st, 1, "'%s': auth_type must be PASS or AH", st->argv[1]);
			return -1;
		}
		return cfg_arg_str(p, st, 1, &vr->auth_type);
	}
	if (strlen(st->argv[1]) > 8)
		cfg_warn(p, st, 1, "auth_pass is cut to its first 8 characters, as VRRPv2 carries 8");
	return cfg_arg_str(p, st, 1, &vr->auth_pass);
}

static const struct cfg_kw auth_kws[] = {
	{ "auth_pass", 1, 1, auth_kw, NULL, NULL, NULL },
	{ "auth_type", 1, 1, auth_kw, NULL, NULL, NULL },
};
static const struct cfg_block auth_block = { "authentication", CFG_TABLE(auth_kws), NULL, NULL };

/* --- vrrp_instance statements */

static int vr_state(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp *vr = obj;
	vr->state_where = st->loc[1];
	if (strcmp(st->argv[1], "MASTER") == 0)
		vr->state = CFG_VRRP_MASTER;
	else if (strcmp(st->argv[1], "BACKUP") == 0)
		vr->state = CFG_VRRP_BACKUP;
	else {
		cfg_err(p, st, 1, "'%s': state must be MASTER or BACKUP", st->argv[1]);
		return -1;
	}
	return 0;
}

static int vr_uint(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp *vr = obj;
	const char *k = st->argv[0];
	uint64_t v;

	if (strcmp(k, "virtual_router_id") == 0) {
		vr->vrid_given = true;
		vr->vrid_where = st->loc[1];
		if (cfg_arg_uint(p, st, 1, 1, 255, &v) < 0)
			return -1;
		vr->vrid = (unsigned)v;
	} else if (strcmp(k, "priority") == 0) {
		if (cfg_arg_uint(p, st, 1, 1, 255, &v) < 0)
			return -1;
		vr->priority = (unsigned)v;
	} else if (strcmp(k, "unicast_ttl") == 0) {
		if (cfg_arg_uint(p, st, 1, 1, 255, &v) < 0)
			return -1;
		vr->unicast_ttl = (uint8_t)v;
	} else if (strcmp(k, "version") == 0) {
		vr->version_where = st->loc[1];
		if (cfg_arg_uint(p, st, 1, 2, 3, &v) < 0)
			return -1;
		vr->version = (int)v;
	}
	return 0;
}

static int vr_timer(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp *vr = obj;
	const char *k = st->argv[0];
	uint64_t v;

	if (cfg_arg_timer(p, st, 1, &v) < 0)
		return -1;
	if (strcmp(k, "advert_int") == 0) {
		if (v < 10000 || v > 40950000) {
			cfg_err(p, st, 1, "'%s': advert_int must be in 0.01..40.95 s", st->argv[1]);
			return -1;
		}
		vr->advert_int = v;
		vr->advert_where = st->loc[1];
	} else if (strcmp(k, "preempt_delay") == 0) {
		if (v > 1000000000ull) {
			cfg_err(p, st, 1, "'%s': preempt_delay must be at most 1000 s", st->argv[1]);
			return -1;
		}
		vr->preempt_delay = v;
	}
	return 0;
}

void cfg_vrrp_tuning_unset(struct cfg_vrrp_tuning *t)
{
	*t = (struct cfg_vrrp_tuning){
		.garp_master_delay = -1, .garp_master_refresh = -1, .garp_lower_prio_delay = -1,
		.garp_master_repeat = -1, .garp_master_refresh_repeat = -1,
		.garp_lower_prio_repeat = -1, .down_timer_adverts = -1,
		.lower_prio_no_advert = -1, .higher_prio_send_advert = -1,
		.garp_extra_if = -1, .garp_extra_if_all = -1,
	};
}

/* garp_extra_if [all] N: N whole seconds, up to a day (keepalived.conf(5)) */
static int tuning_extra_if(struct cfg_parser *p, const struct cfg_stmt *st,
			   struct cfg_vrrp_tuning *t)
{
	bool all = st->argc == 3;
	uint64_t v;

	if (all && strcmp(st->argv[1], "all") != 0) {
		cfg_err(p, st, 1, "'%s': expected 'all' or a number of seconds", st->argv[1]);
		return -1;
	}
	if (cfg_arg_uint(p, st, all ? 2 : 1, 0, 86400, &v) < 0)
		return -1;
	t->garp_extra_if = (int64_t)v * 1000000;
	t->garp_extra_if_all = all;
	return 0;
}

int cfg_vrrp_tuning_kw(struct cfg_parser *p, const struct cfg_stmt *st, const char *name,
		       struct cfg_vrrp_tuning *t)
{
	static const struct {
		const char *kw;
		size_t off;
		int kind;	/* 0: time (us), 1: count (int16_t), 2: bool, 3: count (int8_t) */
		uint64_t min, max;
	} map[] = {
		{ "garp_master_delay", offsetof(struct cfg_vrrp_tuning, garp_master_delay), 0, 0, 1000000000 },
		{ "garp_master_refresh", offsetof(struct cfg_vrrp_tuning, garp_master_refresh), 0, 0, 1000000000 },
		{ "garp_lower_prio_delay", offsetof(struct cfg_vrrp_tuning, garp_lower_prio_delay), 0, 0, 1000000000 },
		{ "garp_master_repeat", offsetof(struct cfg_vrrp_tuning, garp_master_repeat), 1, 1, 255 },
		{ "garp_master_refresh_repeat", offsetof(struct cfg_vrrp_tuning, garp_master_refresh_repeat), 1, 1, 255 },
		{ "garp_lower_prio_repeat", offsetof(struct cfg_vrrp_tuning, garp_lower_prio_repeat), 1, 0, 255 },
		{ "down_timer_adverts", offsetof(struct cfg_vrrp_tuning, down_timer_adverts), 3, 1, 100 },
		{ "lower_prio_no_advert", offsetof(struct cfg_vrrp_tuning, lower_prio_no_advert), 2, 0, 1 },
		{ "higher_prio_send_advert", offsetof(struct cfg_vrrp_tuning, higher_prio_send_advert), 2, 0, 1 },
	};
	char *field = (char *)t;
	uint64_t v;
	bool b;

	if (strcmp(name, "garp_extra_if") == 0)
		return tuning_extra_if(p, st, t);
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (strcmp(map[i].kw, name) != 0)
			continue;
		switch (map[i].kind) {
		case 0:
			if (cfg_arg_timer(p, st, 1, &v) < 0)
				return -1;
			if (v > map[i].max) {
				cfg_err(p, st, 1, "'%s': %s must be at most 1000 s", st->argv[1], st->argv[0]);
				return -1;
			}
			*(int64_t *)(field + map[i].off) = (int64_t)v;
			return 0;
		case 1:
		case 3:
			if (cfg_arg_uint(p, st, 1, map[i].min, map[i].max, &v) < 0)
				return -1;
			if (map[i].kind == 3)
				*(int8_t *)(field + map[i].off) = (int8_t)v;
			else
				*(int16_t *)(field + map[i].off) = (int16_t)v;
			return 0;
		default:
			if (cfg_arg_bool(p, st, 1, &b) < 0)
				return -1;
			*(int8_t *)(field + map[i].off) = b;
			return 0;
		}
	}
	return -1;
}

static int64_t pick(int64_t own, int64_t global, int64_t fallback)
{
	return own >= 0 ? own : global >= 0 ? global : fallback;
}

void cfg_vrrp_tuning_resolve(struct cfg_vrrp_tuning *t, const struct cfg_global *g)
{
	const struct cfg_vrrp_tuning *d = &g->vrrp_tune;
	/* vrrp_min_garp: one GARP/NA at the transition and no second burst */
	bool min = g->vrrp_min_garp;

	t->garp_master_delay = pick(t->garp_master_delay, d->garp_master_delay, min ? 0 : 5000000);
	t->garp_master_repeat = (int16_t)pick(t->garp_master_repeat, d->garp_master_repeat, min ? 1 : 5);
	t->garp_master_refresh = pick(t->garp_master_refresh, d->garp_master_refresh, 0);
	t->garp_master_refresh_repeat =
		(int16_t)pick(t->garp_master_refresh_repeat, d->garp_master_refresh_repeat, 1);
	/* keepalived.conf(5): the lower priority burst defaults to the master's */
	t->garp_lower_prio_delay = pick(t->garp_lower_prio_delay, d->garp_lower_prio_delay,
					t->garp_master_delay);
	t->garp_lower_prio_repeat = (int16_t)pick(t->garp_lower_prio_repeat, d->garp_lower_prio_repeat,
						  t->garp_master_repeat);
	t->down_timer_adverts = (int8_t)pick(t->down_timer_adverts, d->down_timer_adverts, 3);
	t->lower_prio_no_advert = (int8_t)pick(t->lower_prio_no_advert, d->lower_prio_no_advert, 0);
	t->higher_prio_send_advert =
		(int8_t)pick(t->higher_prio_send_advert, d->higher_prio_send_advert, 0);
	/* the instance's line, both of its parts, or else the global one */
	if (t->garp_extra_if < 0) {
		t->garp_extra_if = d->garp_extra_if;
		t->garp_extra_if_all = d->garp_extra_if_all;
	}
	t->garp_extra_if = pick(t->garp_extra_if, -1, 0);
	t->garp_extra_if_all = (int8_t)(t->garp_extra_if_all > 0);
}

static int vr_tune(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return cfg_vrrp_tuning_kw(p, st, st->argv[0], &((struct cfg_vrrp *)obj)->tune);
}

static int vr_flag(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp *vr = obj;
	const char *k = st->argv[0];

	if (strcmp(k, "nopreempt") == 0)
		vr->nopreempt = true;
	else if (strcmp(k, "preempt") == 0)
		vr->nopreempt = false;
	else if (strcmp(k, "accept") == 0)
		vr->accept = vr->accept_set = true;
	else if (strcmp(k, "no_accept") == 0)
		vr->accept = false, vr->accept_set = true;
	else if (strcmp(k, "vmac_xmit_base") == 0)
		vr->vmac_xmit_base = true;
	else if (strcmp(k, "use_vmac_addr") == 0)
		vr->use_vmac_addr = true;
	else if (strcmp(k, "unicast_fault_no_peer") == 0)
		vr->unicast_fault_no_peer = true;
	else if (strcmp(k, "track_src_ip") == 0)
		vr->track_src_ip = true;
	else if (strcmp(k, "promote_secondaries") == 0)
		vr->promote_secondaries = true;
	else if (strcmp(k, "dont_track_primary") == 0)
		vr->dont_track_primary = true;
	else if (strcmp(k, "linkbeat_use_polling") == 0)
		vr->linkbeat_use_polling = true;
	/* check_unicast_src: keel takes adverts from its unicast peers alone,
	 * always */
	return 0;
}

static int vr_ip(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp *vr = obj;

	if (strcmp(st->argv[0], "mcast_dst_ip") == 0) {
		vr->mcast_dst_where = st->loc[1];
		return cfg_arg_mcast(p, st, 1, 0, &vr->mcast_dst_ip);
	}
	return cfg_arg_ip(p, st, 1, strcmp(st->argv[0], "mcast_src_ip") == 0 ? &vr->mcast_src_ip
									    : &vr->unicast_src_ip);
}

static int vr_interface(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp *vr = obj;
	vr->ifname_given = true;
	return cfg_arg_str(p, st, 1, &vr->ifname);
}

static int vr_notify(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp *vr = obj;
	const char *k = st->argv[0];
	struct cfg_script *s = strcmp(k, "notify") == 0 ? &vr->notify
			     : strcmp(k, "notify_master_rx_lower_pri") == 0 ? &vr->notify_master_rx_lower_pri
			     : strcmp(k, "notify_master") == 0 ? &vr->notify_master
			     : strcmp(k, "notify_backup") == 0 ? &vr->notify_backup
			     : strcmp(k, "notify_fault") == 0 ? &vr->notify_fault : &vr->notify_stop;
	return cfg_arg_script(p, st, s);
}

/* notify_priority_changes [BOOL] */
static int read_prio_changes(struct cfg_parser *p, const struct cfg_stmt *st, int8_t *out)
{
	bool on;

	if (cfg_arg_bool(p, st, 1, &on) < 0)
		return -1;
	*out = on;
	return 0;
}

static int vr_prio_changes(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return read_prio_changes(p, st, &((struct cfg_vrrp *)obj)->notify_priority_changes);
}

static int vr_smtp_alert(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return cfg_smtp_alert_arg(p, st, &((struct cfg_vrrp *)obj)->smtp_alert);
}

static int vr_vmac(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp *vr = obj;
	vr->use_vmac = true;
	if (st->argc > 2)
		cfg_warn(p, st, 2, "a VMAC's own MAC address is not implemented by keel yet; ignored");
	return st->argc > 1 ? cfg_arg_str(p, st, 1, &vr->vmac_name) : 0;
}

int cfg_rx_buf_size(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, uint32_t *out)
{
	uint64_t v;

	if (cfg_arg_uint(p, st, i, 1, CFG_RX_BUF_MAX, &v) < 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* strict_mode, skip_check_adv_addr [BOOL]: bare is on */
static int vr_onoff(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp *vr = obj;
	bool on;

	if (cfg_arg_bool(p, st, 1, &on) < 0)
		return -1;
	*(strcmp(st->argv[0], "strict_mode") == 0 ? &vr->strict : &vr->skip_check_adv_addr) = on;
	return 0;
}

static int vr_rx_buf(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return cfg_rx_buf_size(p, st, 1, &((struct cfg_vrrp *)obj)->kernel_rx_buf_size);
}

static void *vr_self(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return obj;
}

static void *vr_auth(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	((struct cfg_vrrp *)obj)->auth_where = st->loc[0];
	return obj;
}

static void *vr_tracked(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return &((struct cfg_vrrp *)obj)->track;
}

#define LIST(name, blk) { name, 0, 0, NULL, vr_self, &(blk), NULL }
#define TRACKED(name, blk) { name, 0, 0, NULL, vr_tracked, &(blk), NULL }

static const struct cfg_kw vrrp_kw[] = {
	{ "accept", 0, 0, vr_flag, NULL, NULL, NULL },
	{ "advert_int", 1, 1, vr_timer, NULL, NULL, NULL },
	{ "authentication", 0, 0, NULL, vr_auth, &auth_block, NULL },
	{ "check_unicast_src", 0, 0, vr_flag, NULL, NULL, NULL },
	TODO("debug", "debug levels"),
	{ "dont_track_primary", 0, 0, vr_flag, NULL, NULL, NULL },
	{ "down_timer_adverts", 1, 1, vr_tune, NULL, NULL, NULL },
	{ "garp_extra_if", 1, 2, vr_tune, NULL, NULL, NULL },
	{ "garp_lower_prio_delay", 1, 1, vr_tune, NULL, NULL, NULL },
	{ "garp_lower_prio_repeat", 1, 1, vr_tune, NULL, NULL, NULL },
	{ "garp_master_delay", 1, 1, vr_tune, NULL, NULL, NULL },
	{ "garp_master_refresh", 1, 1, vr_tune, NULL, NULL, NULL },
	{ "garp_master_refresh_repeat", 1, 1, vr_tune, NULL, NULL, NULL },
	{ "garp_master_repeat", 1, 1, vr_tune, NULL, NULL, NULL },
	{ "higher_prio_send_advert", 0, 1, vr_tune, NULL, NULL, NULL },
	{ "interface", 1, 1, vr_interface, NULL, NULL, NULL },
	{ "kernel_rx_buf_size", 1, 1, vr_rx_buf, NULL, NULL, NULL },
	{ "linkbeat_use_polling", 0, 0, vr_flag, NULL, NULL, NULL },
	{ "lower_prio_no_advert", 0, 1, vr_tune, NULL, NULL, NULL },
	{ "mcast_dst_ip", 1, 1, vr_ip, NULL, NULL, NULL },
	{ "mcast_src_ip", 1, 1, vr_ip, NULL, NULL, NULL },
	TODO("native_ipv6", "deprecated in keepalived"),
	{ "no_accept", 0, 0, vr_flag, NULL, NULL, NULL },
	{ "nopreempt", 0, 0, vr_flag, NULL, NULL, NULL },
	{ "notify", 1, 3, vr_notify, NULL, NULL, NULL },
	{ "notify_backup", 1, 3, vr_notify, NULL, NULL, NULL },
	{ "notify_fault", 1, 3, vr_notify, NULL, NULL, NULL },
	{ "notify_master", 1, 3, vr_notify, NULL, NULL, NULL },
	{ "notify_master_rx_lower_pri", 1, 3, vr_notify, NULL, NULL, NULL },
	{ "notify_priority_changes", 0, 1, vr_prio_changes, NULL, NULL, NULL },
	{ "notify_stop", 1, 3, vr_notify, NULL, NULL, NULL },
	TODO("old_unicast_checksum", "pre-1.3.6 keepalived peers"),
	{ "preempt", 0, 0, vr_flag, NULL, NULL, NULL },
	{ "preempt_delay", 1, 1, vr_timer, NULL, NULL, NULL },
	{ "priority", 1, 1, vr_uint, NULL, NULL, NULL },
	{ "promote_secondaries", 0, 0, vr_flag, NULL, NULL, NULL },
	{ "skip_check_adv_addr", 0, 1, vr_onoff, NULL, NULL, NULL },
	{ "smtp_alert", 0, 1, vr_smtp_alert, NULL, NULL, NULL },
	{ "state", 1, 1, vr_state, NULL, NULL, NULL },
	{ "strict_mode", 0, 1, vr_onoff, NULL, NULL, NULL },
	TRACKED("track_bfd", track_bfd_block),
	TRACKED("track_file", track_file_block),
	TRACKED("track_interface", track_if_block),
	TRACKED("track_process", track_process_block),
	TRACKED("track_script", track_script_block),
	{ "track_src_ip", 0, 0, vr_flag, NULL, NULL, NULL },
	{ "unicast_fault_no_peer", 0, 0, vr_flag, NULL, NULL, NULL },
	LIST("unicast_peer", peer_block),
	{ "unicast_src_ip", 1, 1, vr_ip, NULL, NULL, NULL },
	{ "unicast_ttl", 1, 1, vr_uint, NULL, NULL, NULL },
	TODO("use_ipvlan", "ipvlan"),
	{ "use_vmac", 0, 2, vr_vmac, NULL, NULL, NULL },
	{ "use_vmac_addr", 0, 0, vr_flag, NULL, NULL, NULL },
	{ "version", 1, 1, vr_uint, NULL, NULL, NULL },
	LIST("virtual_ipaddress", vip_block),
	LIST("virtual_ipaddress_excluded", evip_block),
	{ "virtual_router_id", 1, 1, vr_uint, NULL, NULL, NULL },
	{ "virtual_routes", 0, 0, NULL, cfg_vroutes_open, &cfg_routes_block, NULL },
	{ "virtual_rules", 0, 0, NULL, cfg_vroutes_open, &cfg_rules_block, NULL },
	{ "vmac_xmit_base", 0, 0, vr_flag, NULL, NULL, NULL },
};

static void vrrp_close(struct cfg_parser *p, void *obj, const struct cfg_loc *where)
{
	cfg_vrrp_finish(p, obj, where);
}

const struct cfg_block cfg_vrrp_block = { "vrrp_instance", CFG_TABLE(vrrp_kw), NULL, vrrp_close };

void *cfg_vrrp_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct config *cfg = obj;
	struct cfg_vrrp *vr = cfg_push(p, &cfg->vrrp, &cfg->nvrrp, sizeof(*vr));

	if (!vr)
		return NULL;
	vr->priority = 100;
	vr->unicast_ttl = 255;
	vr->notify_priority_changes = -1;
	vr->strict = vr->skip_check_adv_addr = -1;
	vr->advert_int = 1000000;
	cfg_vrrp_tuning_unset(&vr->tune);
	vr->where = st->loc[0];
	if (cfg_arg_str(p, st, 1, &vr->name) < 0) {
		cfg->nvrrp--;
		return NULL;
	}
	return vr;
}

/* --- vrrp_script NAME { script ...; interval; timeout; weight; rise; fall; user } */

static int sc_kw(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp_script *s = obj;
	const char *k = st->argv[0];
	uint64_t v;
	int64_t w;

	if (strcmp(k, "script") == 0)
		return cfg_arg_script(p, st, &s->script);
	if (strcmp(k, "user") == 0) {
		if (cfg_arg_str(p, st, 1, &s->script.user) < 0)
			return -1;
		return st->argc > 2 ? cfg_arg_str(p, st, 2, &s->script.group) : 0;
	}
	if (strcmp(k, "weight") == 0) {
		if (cfg_arg_int(p, st, 1, -253, 253, &w) < 0)
			return -1;
		s->weight = (int)w;
		s->weight_reverse = st->argc > 2 && strcmp(st->argv[2], "reverse") == 0;
		return 0;
	}
	if (strcmp(k, "init_fail") == 0) {
		s->init_fail = true;
		return 0;
	}
	if (strcmp(k, "rise") == 0 || strcmp(k, "fall") == 0) {
		if (cfg_arg_uint(p, st, 1, 1, UINT32_MAX, &v) < 0)
			return -1;
		*(k[0] == 'r' ? &s->rise : &s->fall) = (unsigned)v;
		return 0;
	}
	if (cfg_arg_timer(p, st, 1, &v) < 0)
		return -1;
	*(k[0] == 'i' ? &s->interval : &s->timeout) = v;
	return 0;
}

static const struct cfg_kw script_kw[] = {
	{ "fall", 1, 1, sc_kw, NULL, NULL, NULL },
	{ "init_fail", 0, 0, sc_kw, NULL, NULL, NULL },
	{ "interval", 1, 1, sc_kw, NULL, NULL, NULL },
	{ "rise", 1, 1, sc_kw, NULL, NULL, NULL },
	{ "script", 1, 3, sc_kw, NULL, NULL, NULL },
	{ "timeout", 1, 1, sc_kw, NULL, NULL, NULL },
	{ "user", 1, 2, sc_kw, NULL, NULL, NULL },
	{ "weight", 1, 2, sc_kw, NULL, NULL, NULL },
};

static void script_close(struct cfg_parser *p, void *obj, const struct cfg_loc *where)
{
	struct cfg_vrrp_script *s = obj;
	if (!s->script.cmd)
		cfg_diag_error(p->diag, where, "vrrp_script '%s' needs a script", s->name);
}

const struct cfg_block cfg_script_block = { "vrrp_script", CFG_TABLE(script_kw), NULL, script_close };

void *cfg_script_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct config *cfg = obj;
	struct cfg_vrrp_script *s = cfg_push(p, &cfg->scripts, &cfg->nscripts, sizeof(*s));

	if (!s)
		return NULL;
	s->interval = 1000000;
	s->rise = s->fall = 1;
	if (cfg_arg_str(p, st, 1, &s->name) < 0) {
		cfg->nscripts--;
		return NULL;
	}
	return s;
}

/* --- vrrp_sync_group NAME { group { A B } notify... } */

static int group_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_sync_group *g = obj;
	for (size_t i = 0; i < st->argc; i++) {
		size_t n = g->nmembers;
		char **m = cfg_push(p, &g->members, &g->nmembers, sizeof(*m));
		struct cfg_loc *w = m ? cfg_push(p, &g->member_where, &n, sizeof(*w)) : NULL;
		if (!w || cfg_arg_str(p, st, i, m) < 0)
			return -1;
		*w = st->loc[i];
	}
	return 0;
}

static const struct cfg_block members_block = { "group", NULL, 0, group_line, NULL };

static int sg_notify(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_sync_group *g = obj;
	const char *k = st->argv[0];
	struct cfg_script *s = strcmp(k, "notify") == 0 ? &g->notify
			     : strcmp(k, "notify_master") == 0 ? &g->notify_master
			     : strcmp(k, "notify_backup") == 0 ? &g->notify_backup
			     : strcmp(k, "notify_fault") == 0 ? &g->notify_fault : &g->notify_stop;
	return cfg_arg_script(p, st, s);
}

static void *sg_self(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return obj;
}

static int sg_prio_changes(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return read_prio_changes(p, st, &((struct cfg_sync_group *)obj)->notify_priority_changes);
}

static int sg_smtp_alert(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return cfg_smtp_alert_arg(p, st, &((struct cfg_sync_group *)obj)->smtp_alert);
}

static void *sg_tracked(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return &((struct cfg_sync_group *)obj)->track;
}

/* global_tracking is keepalived's deprecated name of the same switch */
static int sg_tracking_weight(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_sync_group *g = obj;

	if (strcmp(st->argv[0], "global_tracking") == 0)
		cfg_warn(p, st, 0, "'global_tracking' is deprecated; read as sync_group_tracking_weight");
	g->tracking_weight = true;
	return 0;
}

static const struct cfg_kw sync_kw[] = {
	{ "global_tracking", 0, 0, sg_tracking_weight, NULL, NULL, NULL },
	{ "group", 0, 0, NULL, sg_self, &members_block, NULL },
	{ "notify", 1, 3, sg_notify, NULL, NULL, NULL },
	{ "notify_backup", 1, 3, sg_notify, NULL, NULL, NULL },
	{ "notify_fault", 1, 3, sg_notify, NULL, NULL, NULL },
	{ "notify_master", 1, 3, sg_notify, NULL, NULL, NULL },
	{ "notify_priority_changes", 0, 1, sg_prio_changes, NULL, NULL, NULL },
	{ "notify_stop", 1, 3, sg_notify, NULL, NULL, NULL },
	{ "smtp_alert", 0, 1, sg_smtp_alert, NULL, NULL, NULL },
	{ "sync_group_tracking_weight", 0, 0, sg_tracking_weight, NULL, NULL, NULL },
	{ "track_bfd", 0, 0, NULL, sg_tracked, &track_bfd_block, NULL },
	{ "track_file", 0, 0, NULL, sg_tracked, &track_file_block, NULL },
	{ "track_interface", 0, 0, NULL, sg_tracked, &track_if_block, NULL },
	{ "track_process", 0, 0, NULL, sg_tracked, &track_process_block, NULL },
	{ "track_script", 0, 0, NULL, sg_tracked, &track_script_block, NULL },
};

/* Members listed straight in the block (an old syntax, in keepalived's own
 * sample keepalived.conf.vrrp.lvs_syncd): keel reads them, keepalived
 * 2.2.7 ignores them as unknown keywords, so each line is warned about. */
static int bare_member_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	cfg_warn(p, st, 0, "'%s': a vrrp_sync_group member outside 'group { }': keel reads it, "
		 "keepalived 2.2.7 ignores it as an unknown keyword", st->argv[0]);
	return group_line(p, obj, st);
}

const struct cfg_block cfg_sync_block = { "vrrp_sync_group", CFG_TABLE(sync_kw), bare_member_line,
					  NULL };

void *cfg_sync_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct config *cfg = obj;
	struct cfg_sync_group *g = cfg_push(p, &cfg->groups, &cfg->ngroups, sizeof(*g));

	if (!g)
		return NULL;
	g->where = st->loc[0];
	g->notify_priority_changes = -1;
	if (cfg_arg_str(p, st, 1, &g->name) < 0) {
		cfg->ngroups--;
		return NULL;
	}
	return g;
}

/* --- vrrp_track_file NAME { file PATH; weight N [reverse]; init_file } */

/* init_file [VALUE] [overwrite] */
static int init_file(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_track_file *t)
{
	size_t i = 1;

	t->init_file = true;
	if (st->argc > i && strcmp(st->argv[i], "overwrite") != 0 &&
	    cfg_arg_int(p, st, i++, INT32_MIN, INT32_MAX, &t->init_value) < 0)
		return -1;
	if (st->argc > i) {
		if (strcmp(st->argv[i], "overwrite") != 0 || st->argc > i + 1) {
			cfg_err(p, st, i, "'%s': expected 'init_file [VALUE] [overwrite]'", st->argv[i]);
			return -1;
		}
		t->init_overwrite = true;
	}
	return 0;
}

static int tf_kw(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_track_file *t = obj;
	int64_t w;

	if (strcmp(st->argv[0], "file") == 0)
		return cfg_arg_str(p, st, 1, &t->file);
	if (strcmp(st->argv[0], "init_file") == 0)
		return init_file(p, st, t);
	if (cfg_arg_int(p, st, 1, -254, 254, &w) < 0)
		return -1;
	t->weight = (int)w;
	t->weight_reverse = st->argc > 2 && strcmp(st->argv[2], "reverse") == 0;
	return 0;
}

static const struct cfg_kw track_file_kw[] = {
	{ "file", 1, 1, tf_kw, NULL, NULL, NULL },
	{ "init_file", 0, 2, tf_kw, NULL, NULL, NULL },
	{ "weight", 1, 2, tf_kw, NULL, NULL, NULL },
};

static void tf_close(struct cfg_parser *p, void *obj, const struct cfg_loc *where)
{
	struct cfg_track_file *t = obj;
	if (!t->file)
		cfg_diag_error(p->diag, where, "track file '%s' needs 'file PATH'", t->name);
}

const struct cfg_block cfg_track_file_block = { "track_file", CFG_TABLE(track_file_kw), NULL, tf_close };

void *cfg_track_file_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct config *cfg = obj;
	struct cfg_track_file *t = cfg_push(p, &cfg->track_files, &cfg->ntrack_files, sizeof(*t));

	if (!t)
		return NULL;
	t->weight = 1;
	if (cfg_arg_str(p, st, 1, &t->name) < 0) {
		cfg->ntrack_files--;
		return NULL;
	}
	return t;
}

/* --- vrrp_track_process NAME { process CMD [PARAM...]; param_match
 * initial|partial; weight N [reverse]; quorum N; quorum_max N;
 * fork_delay S; terminate_delay S; delay S; full_command } */

static int tp_process(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_track_process *t)
{
	if (t->argv) {
		cfg_err(p, st, 0, "track process '%s': 'process' given twice", t->name);
		return -1;
	}
	t->argv = calloc(st->argc - 1, sizeof(*t->argv));
	if (!t->argv)
		return -1;
	for (size_t i = 1; i < st->argc; i++) {
		if (cfg_arg_str(p, st, i, &t->argv[i - 1]) < 0)
			return -1;
		t->argc++;
	}
	return 0;
}

static int tp_count(struct cfg_parser *p, const struct cfg_stmt *st, uint32_t *out)
{
	uint64_t v;

	if (cfg_arg_uint(p, st, 1, 0, UINT32_MAX, &v) < 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int tp_kw(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_track_process *t = obj;
	const char *k = st->argv[0];
	uint64_t us;
	int64_t w;

	if (strcmp(k, "process") == 0)
		return tp_process(p, st, t);
	if (strcmp(k, "param_match") == 0) {
		t->param_match_set = true;
		if (st->argc < 2)
			return 0;
		if (strcmp(st->argv[1], "initial") == 0)
			t->param_match = CFG_PARAM_INITIAL;
		else if (strcmp(st->argv[1], "partial") == 0)
			t->param_match = CFG_PARAM_PARTIAL;
		else {
			cfg_err(p, st, 1, "'%s': param_match expects initial or partial", st->argv[1]);
			return -1;
		}
		return 0;
	}
	if (strcmp(k, "full_command") == 0)
		return cfg_arg_bool(p, st, 1, &t->full_command);
	if (strcmp(k, "quorum") == 0)
		return tp_count(p, st, &t->quorum);
	if (strcmp(k, "quorum_max") == 0)
		return tp_count(p, st, &t->quorum_max);
	if (strcmp(k, "weight") == 0) {
		if (cfg_arg_int(p, st, 1, -254, 254, &w) < 0)
			return -1;
		t->weight = (int)w;
		t->weight_reverse = st->argc > 2 && strcmp(st->argv[2], "reverse") == 0;
		return 0;
	}
	if (cfg_arg_timer(p, st, 1, &us) < 0)
		return -1;
	if (k[0] != 't')	/* fork_delay or delay */
		t->fork_delay_us = us;
	if (k[0] != 'f')	/* terminate_delay or delay */
		t->terminate_delay_us = us;
	return 0;
}

static const struct cfg_kw track_process_kw[] = {
	{ "delay", 1, 1, tp_kw, NULL, NULL, NULL },
	{ "fork_delay", 1, 1, tp_kw, NULL, NULL, NULL },
	{ "full_command", 0, 1, tp_kw, NULL, NULL, NULL },
	{ "param_match", 0, 1, tp_kw, NULL, NULL, NULL },
	{ "process", 1, CFG_ANY, tp_kw, NULL, NULL, NULL },
	{ "quorum", 1, 1, tp_kw, NULL, NULL, NULL },
	{ "quorum_max", 1, 1, tp_kw, NULL, NULL, NULL },
	{ "terminate_delay", 1, 1, tp_kw, NULL, NULL, NULL },
	{ "weight", 1, 2, tp_kw, NULL, NULL, NULL },
};

static void tp_close(struct cfg_parser *p, void *obj, const struct cfg_loc *where)
{
	struct cfg_track_process *t = obj;

	if (!t->argc)
		cfg_diag_error(p->diag, where, "track process '%s' needs 'process NAME'", t->name);
	else if (t->quorum > t->quorum_max)
		cfg_diag_error(p->diag, where, "track process '%s': quorum %u above quorum_max %u",
			       t->name, t->quorum, t->quorum_max);
}

const struct cfg_block cfg_track_process_block = { "vrrp_track_process", CFG_TABLE(track_process_kw), NULL,
						   tp_close };

void *cfg_track_process_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct config *cfg = obj;
	struct cfg_track_process *t = cfg_push(p, &cfg->track_procs, &cfg->ntrack_procs, sizeof(*t));

	if (!t)
		return NULL;
	t->weight = 1;
	t->quorum = 1;
	t->quorum_max = UINT32_MAX;
	t->where = st->loc[0];
	if (cfg_arg_str(p, st, 1, &t->name) < 0) {
		cfg->ntrack_procs--;
		return NULL;
	}
	return t;
}

/* --- blocks by name (the lines that name them: tracking, FILE_CHECK) */

const struct cfg_vrrp_script *cfg_script_named(const struct config *cfg, const char *name)
{
	for (size_t k = 0; k < cfg->nscripts; k++)
		if (strcmp(cfg->scripts[k].name, name) == 0)
			return &cfg->scripts[k];
	return NULL;
}

const struct cfg_track_file *cfg_track_file_named(const struct config *cfg, const char *name)
{
	for (size_t k = 0; k < cfg->ntrack_files; k++)
		if (strcmp(cfg->track_files[k].name, name) == 0)
			return &cfg->track_files[k];
	return NULL;
}

const struct cfg_track_process *cfg_track_process_named(const struct config *cfg, const char *name)
{
	for (size_t k = 0; k < cfg->ntrack_procs; k++)
		if (strcmp(cfg->track_procs[k].name, name) == 0)
			return &cfg->track_procs[k];
	return NULL;
}

const struct cfg_sync_group *cfg_group_of(const struct config *cfg, const char *instance)
{
	for (size_t g = 0; g < cfg->ngroups; g++)
		for (size_t m = 0; m < cfg->groups[g].nmembers; m++)
			if (strcmp(cfg->groups[g].members[m], instance) == 0)
				return &cfg->groups[g];
	return NULL;
}
