// SPDX-License-Identifier: GPL-2.0-or-later
/* LVS CONFIGURATION: virtual_server, real_server, virtual_server_group. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfg_block.h"
#include "cfg_lvs.h"
#include "cfg_smtp.h"


/* --- forwarding method: NAT|DR|TUN [type {ipip|gue port N|gre} [csum...]] */

static int parse_fwd(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_fwd_method *f)
{
	size_t i = 2;
	const char *m = st->argv[1];

	memset(f, 0, sizeof(*f));
	if (strcasecmp(m, "NAT") == 0 || strcasecmp(m, "MASQ") == 0)
		f->kind = CFG_FWD_NAT;
	else if (strcasecmp(m, "DR") == 0)
		f->kind = CFG_FWD_DR;
	else if (strcasecmp(m, "TUN") == 0)
		f->kind = CFG_FWD_TUN;
	else {
		cfg_err(p, st, 1, "'%s': %s expects NAT, DR or TUN", m, st->argv[0]);
		return -1;
	}
	if (f->kind != CFG_FWD_TUN) {
		if (st->argc > 2) {
			cfg_err(p, st, 2, "'%s': only TUN takes options", st->argv[2]);
			return -1;
		}
		return 0;
	}
	if (i < st->argc && strcmp(st->argv[i], "type") == 0) {
		if (++i >= st->argc) {
			cfg_err(p, st, i - 1, "'type' needs ipip, gue or gre");
			return -1;
		}
		if (strcmp(st->argv[i], "ipip") == 0)
			f->tun_type = CFG_TUN_IPIP;
		else if (strcmp(st->argv[i], "gre") == 0)
			f->tun_type = CFG_TUN_GRE;
		else if (strcmp(st->argv[i], "gue") == 0) {
			f->tun_type = CFG_TUN_GUE;
			if (i + 1 >= st->argc || strcmp(st->argv[i + 1], "port") != 0) {
				cfg_err(p, st, i, "tunnel type gue needs 'port NUM'");
				return -1;
			}
			if (i + 2 >= st->argc) {
				cfg_err(p, st, i + 1, "'port' needs a number");
				return -1;
			}
			if (cfg_arg_port(p, st, i + 2, &f->tun_port) < 0)
				return -1;
			i += 2;
		} else {
			cfg_err(p, st, i, "'%s': tunnel type must be ipip, gue or gre", st->argv[i]);
			return -1;
		}
		i++;
	}
	if (i < st->argc) {
		if (strcmp(st->argv[i], "nocsum") == 0)
			f->tun_csum = CFG_TUN_NOCSUM;
		else if (strcmp(st->argv[i], "csum") == 0)
			f->tun_csum = CFG_TUN_CSUM;
		else if (strcmp(st->argv[i], "remcsum") == 0)
			f->tun_csum = CFG_TUN_REMCSUM;
		else {
			cfg_err(p, st, i, "'%s': expected nocsum, csum or remcsum", st->argv[i]);
			return -1;
		}
		if (f->tun_csum != CFG_TUN_NOCSUM && f->tun_type != CFG_TUN_GUE &&
		    !(f->tun_type == CFG_TUN_GRE && f->tun_csum == CFG_TUN_CSUM)) {
			cfg_err(p, st, i, "'%s' needs tunnel type gue%s", st->argv[i],
				f->tun_csum == CFG_TUN_CSUM ? " or gre" : "");
			return -1;
		}
		i++;
	}
	if (i < st->argc) {
		cfg_err(p, st, i, "'%s': unexpected", st->argv[i]);
		return -1;
	}
	return 0;
}

/* "<IPADDR> [<PORT>]" at argv[i]. */
static int parse_addr_port(struct cfg_parser *p, const struct cfg_stmt *st, size_t i,
			   struct cfg_ip *ip, uint16_t *port)
{
	if (cfg_arg_ip(p, st, i, ip) < 0)
		return -1;
	*port = 0;
	if (i + 1 < st->argc && cfg_arg_port(p, st, i + 1, port) < 0)
		return -1;
	return 0;
}

/* --- real_server */

const struct cfg_rs_opt cfg_rs_opt_none = { .virtualhost = NULL };

/* The seldom-set options of rs, made its own on first use. */
static struct cfg_rs_opt *rs_opt(struct cfg_parser *p, struct cfg_rs *rs)
{
	struct cfg_rs_opt *o;

	if (rs->opt != &cfg_rs_opt_none)
		return (struct cfg_rs_opt *)rs->opt;	/* allocated below */
	o = calloc(1, sizeof(*o));
	if (!o) {
		cfg_diag_error(p->diag, NULL, "out of memory");
		return NULL;
	}
	rs->opt = o;
	return o;
}

static int rs_weight(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	int64_t v;
	if (cfg_arg_int(p, st, 1, 0, 65535, &v) < 0)
		return -1;
	((struct cfg_rs *)obj)->weight = (int)v;
	return 0;
}

static int rs_fwd(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_rs *rs = obj;
	rs->fwd_inherited = false;
	return parse_fwd(p, st, &rs->fwd);
}

static int rs_threshold(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_rs *rs = obj;
	uint64_t v;
	if (cfg_arg_uint(p, st, 1, 0, UINT32_MAX, &v) < 0)
		return -1;
	if (st->argv[0][0] == 'u') {
		rs->uthreshold = (uint32_t)v;
	} else {
		struct cfg_rs_opt *o = rs_opt(p, rs);

		if (!o)
			return -1;
		rs->lthreshold = (uint32_t)v;
		o->lthreshold_where = st->loc[1];
	}
	return 0;
}

static int rs_notify(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_rs_opt *o = rs_opt(p, obj);

	if (!o)
		return -1;
	return cfg_arg_script(p, st, strcmp(st->argv[0], "notify_up") == 0 ? &o->notify_up
									: &o->notify_down);
}

static int rs_inhibit(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return cfg_arg_bool(p, st, 1, &((struct cfg_rs *)obj)->inhibit_on_failure);
}

static int rs_smtp_alert(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return cfg_smtp_alert_arg(p, st, &((struct cfg_rs *)obj)->smtp_alert);
}

static int rs_alpha(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_rs *rs = obj;

	rs->alpha_set = true;
	return cfg_arg_bool(p, st, 1, &rs->alpha);
}

static int rs_drain(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return cfg_arg_bool(p, st, 1, &((struct cfg_rs *)obj)->drain);
}

static int rs_vhost(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_rs_opt *o = rs_opt(p, obj);

	return o ? cfg_arg_str(p, st, 1, &o->virtualhost) : -1;
}

/* retry (nb_get_retry) and rise. */
static int count_stmt(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_timing *t)
{
	bool rise = strcmp(st->argv[0], "rise") == 0;
	uint64_t v;

	if (cfg_arg_uint(p, st, 1, rise ? 1 : 0, UINT32_MAX, &v) < 0)
		return -1;
	if (rise) {
		t->rise = (unsigned)v;
	} else {
		t->retry = (unsigned)v;
		t->retry_set = true;
	}
	return 0;
}

/* Timing options shared by virtual and real servers and checkers. The
 * keyword tables send only these here, so a first letter tells counts
 * (retry, nb_get_retry, rise) from timers. */
int cfg_timing_stmt(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_timing *t)
{
	const char *k = st->argv[0];
	uint64_t v;

	if (k[0] == 'r' || k[0] == 'n')
		return count_stmt(p, st, t);
	if (cfg_arg_timer(p, st, 1, &v) < 0)
		return -1;
	if (strcmp(k, "connect_timeout") == 0)
		t->connect_timeout = v;
	else if (strcmp(k, "delay_before_retry") == 0)
		t->delay_before_retry = v;
	else if (strcmp(k, "warmup") == 0)
		t->warmup = v, t->warmup_set = true;
	else
		t->delay_loop = v;
	return 0;
}

static int rs_timing(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_rs_opt *o = rs_opt(p, obj);

	return o ? cfg_timing_stmt(p, st, &o->timing) : -1;
}

static void *rs_open_check(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_check *c = cfg_check_open(p, obj, st);

	p->file_checks += c && c->kind == CFG_CHECK_FILE;
	return c;
}

#define CHECK_KW(name) { name, 0, 0, NULL, rs_open_check, &cfg_check_block, NULL }

static const struct cfg_kw rs_kw[] = {
	CHECK_KW("BFD_CHECK"),
	CHECK_KW("DNS_CHECK"),
	CHECK_KW("FILE_CHECK"),
	CHECK_KW("HTTP_GET"),
	CHECK_KW("MISC_CHECK"),
	CHECK_KW("PING_CHECK"),
	CHECK_KW("SMTP_CHECK"),
	CHECK_KW("SSL_GET"),
	CHECK_KW("TCP_CHECK"),
	CHECK_KW("UDP_CHECK"),
	CHECK_KW("WG_CHECK"),
	{ "alpha", 0, 1, rs_alpha, NULL, NULL, NULL },
	{ "connect_timeout", 1, 1, rs_timing, NULL, NULL, NULL },
	{ "delay_before_retry", 1, 1, rs_timing, NULL, NULL, NULL },
	{ "delay_loop", 1, 1, rs_timing, NULL, NULL, NULL },
	{ "drain", 0, 1, rs_drain, NULL, NULL, NULL },
	{ "inhibit_on_failure", 0, 1, rs_inhibit, NULL, NULL, NULL },
	{ "lb_kind", 1, 7, rs_fwd, NULL, NULL, NULL },
	{ "lthreshold", 1, 1, rs_threshold, NULL, NULL, NULL },
	{ "lvs_method", 1, 7, rs_fwd, NULL, NULL, NULL },
	{ "notify_down", 1, 3, rs_notify, NULL, NULL, NULL },
	{ "notify_up", 1, 3, rs_notify, NULL, NULL, NULL },
	{ "retry", 1, 1, rs_timing, NULL, NULL, NULL },
	{ "rise", 1, 1, rs_timing, NULL, NULL, NULL },
	{ "smtp_alert", 0, 1, rs_smtp_alert, NULL, NULL, NULL },
	{ "snmp_name", 1, 1, NULL, NULL, NULL, "SNMP" },
	{ "uthreshold", 1, 1, rs_threshold, NULL, NULL, NULL },
	{ "virtualhost", 1, 1, rs_vhost, NULL, NULL, NULL },
	{ "warmup", 1, 1, rs_timing, NULL, NULL, NULL },
	{ "weight", 1, 1, rs_weight, NULL, NULL, NULL },
};

const struct cfg_block cfg_rs_block = { "real_server", CFG_TABLE(rs_kw), NULL, NULL };

/* --- virtual_server */

/* Fills the zeroed *rs from "real_server|sorry_server ADDR [PORT]"; -1
 * after reporting a bad address. */
static int new_rs(struct cfg_parser *p, struct cfg_vs *vs, const struct cfg_stmt *st, struct cfg_rs *rs)
{
	if (parse_addr_port(p, st, 1, &rs->addr, &rs->port) < 0)
		return -1;
	rs->opt = &cfg_rs_opt_none;
	rs->weight = 1;
	rs->fwd = vs->fwd;
	rs->fwd_inherited = true;
	rs->where = st->loc[1];
	return 0;
}

/* A virtual server's real servers gather in the parser's scratch array,
 * reused for every virtual server, and move to an array of their exact
 * number at its '}' (vs_close): no realloc at each power of two, no
 * spare capacity kept (a big config has thousands of these arrays). */
static void *vs_open_rs(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vs *vs = obj;
	struct cfg_rs *rs;

	if (vs->nrs == p->rs_cap) {
		size_t cap = p->rs_cap ? p->rs_cap * 2 : 64;
		struct cfg_rs *v = realloc(p->rs_scratch, cap * sizeof(*v));

		if (!v) {
			cfg_diag_error(p->diag, NULL, "out of memory");
			return NULL;
		}
		p->rs_scratch = v;
		p->rs_cap = cap;
	}
	vs->rs = p->rs_scratch;
	rs = memset(&vs->rs[vs->nrs], 0, sizeof(*rs));
	if (new_rs(p, vs, st, rs) < 0)
		return NULL;
	vs->nrs++;
	return rs;
}

/* vs->rs from the scratch array to its own (see vs_open_rs). */
static void vs_own_rs(struct cfg_parser *p, struct cfg_vs *vs, const struct cfg_loc *where)
{
	struct cfg_rs *own;

	if (vs->nrs == 0) {
		vs->rs = NULL;
		return;
	}
	own = malloc(vs->nrs * sizeof(*own));
	if (!own) {
		cfg_diag_error(p->diag, where, "out of memory");
		for (size_t i = 0; i < vs->nrs; i++)
			cfg_rs_free(&vs->rs[i]);
		vs->rs = NULL;
		vs->nrs = 0;
		return;
	}
	vs->rs = memcpy(own, vs->rs, vs->nrs * sizeof(*own));
}

static int vs_sorry(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vs *vs = obj;
	struct cfg_rs *rs = calloc(1, sizeof(*rs));

	if (!rs) {
		cfg_diag_error(p->diag, NULL, "out of memory");
		return -1;
	}
	if (new_rs(p, vs, st, rs) < 0) {
		free(rs);
		return -1;
	}
	if (vs->sorry) {
		cfg_warn(p, st, 0, "sorry_server given twice; the last one counts");
		cfg_rs_free(vs->sorry);
		free(vs->sorry);
	}
	vs->sorry = rs;
	return 0;
}

static int vs_sorry_fwd(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vs *vs = obj;
	if (parse_fwd(p, st, &vs->sorry_fwd) < 0)
		return -1;
	vs->sorry_fwd_set = true;
	return 0;
}

static int vs_sched(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	static const char *const known[] = { "dh", "fo", "lblc", "lblcr", "lc", "mh", "nq", "ovf",
					     "rr", "sed", "sh", "twos", "wlc", "wrr" };
	struct cfg_vs *vs = obj;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (st->argv[1][0] == known[i][0] && strcmp(st->argv[1], known[i]) == 0) {
			strcpy(vs->sched, known[i]);
			return 0;
		}
	}
	cfg_err(p, st, 1, "'%s': unknown scheduler (rr wrr lc wlc lblc lblcr dh sh sed nq mh fo ovf twos)",
		st->argv[1]);
	return -1;
}

static int vs_flag(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vs *vs = obj;
	const char *k = st->argv[0];

	if (strcmp(k, "ops") == 0)
		vs->ops = true;
	else if (strcmp(k, "flag-1") == 0 || strcmp(k, "sh-fallback") == 0 || strcmp(k, "mh-fallback") == 0)
		vs->sched_flags |= CFG_SCHED_FLAG_1;
	else if (strcmp(k, "flag-2") == 0 || strcmp(k, "sh-port") == 0 || strcmp(k, "mh-port") == 0)
		vs->sched_flags |= CFG_SCHED_FLAG_2;
	else if (strcmp(k, "flag-3") == 0)
		vs->sched_flags |= CFG_SCHED_FLAG_3;
	else if (strcmp(k, "ha_suspend") == 0)
		vs->ha_suspend = true;
	else if (strcmp(k, "omega") == 0)
		vs->omega = true;
	return 0;
}

static int vs_bool(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vs *vs = obj;
	const char *k = st->argv[0];
	bool *b = strcmp(k, "alpha") == 0 ? &vs->alpha
		: strcmp(k, "inhibit_on_failure") == 0 ? &vs->inhibit_on_failure
		: &vs->sorry_inhibit;
	return cfg_arg_bool(p, st, 1, b);
}

static int vs_fwd(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vs *vs = obj;
	if (vs->nrs > 0)
		cfg_warn(p, st, 0, "'%s' after real servers: only later real servers inherit it",
			 st->argv[0]);
	return parse_fwd(p, st, &vs->fwd);
}

static int vs_protocol(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vs *vs = obj;
	const char *s = st->argv[1];

	if (strcasecmp(s, "TCP") == 0)
		vs->protocol = IPPROTO_TCP;
	else if (strcasecmp(s, "UDP") == 0)
		vs->protocol = IPPROTO_UDP;
	else if (strcasecmp(s, "SCTP") == 0)
		vs->protocol = IPPROTO_SCTP;
	else {
		cfg_err(p, st, 1, "'%s': protocol must be TCP, UDP or SCTP", s);
		return -1;
	}
	return 0;
}

static int vs_persistence_timeout(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vs *vs = obj;
	uint64_t v = CFG_DEFAULT_PERSISTENCE_S;

	if (st->argc > 1 && cfg_arg_uint(p, st, 1, 1, UINT32_MAX, &v) < 0)
		return -1;
	vs->persistent = true;
	vs->persistence_timeout = (uint32_t)v;
	return 0;
}

static int vs_granularity(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vs *vs = obj;
	const char *s = st->argv[1];
	uint64_t plen;

	vs->granularity_where = st->loc[1];
	if (strchr(s, '.')) {
		if (inet_pton(AF_INET, s, &vs->persistence_granularity.v4) != 1) {
			cfg_err(p, st, 1, "'%s': persistence_granularity expects a netmask", s);
			return -1;
		}
		vs->persistence_granularity.af = AF_INET;
		uint32_t m = ntohl(vs->persistence_granularity.v4.s_addr);
		if (m & (~m >> 1)) {
			cfg_err(p, st, 1, "'%s' is not a contiguous netmask", s);
			return -1;
		}
		return 0;
	}
	if (cfg_arg_uint(p, st, 1, 1, 128, &plen) < 0)
		return -1;
	vs->persistence_prefix = (uint8_t)plen;
	return 0;
}

static int vs_smtp_alert(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return cfg_smtp_alert_arg(p, st, &((struct cfg_vs *)obj)->smtp_alert);
}

static int vs_str(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vs *vs = obj;
	return cfg_arg_str(p, st, 1, strcmp(st->argv[0], "virtualhost") == 0 ? &vs->virtualhost
									     : &vs->persistence_engine);
}

static int vs_quorum(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vs *vs = obj;
	uint64_t v;
	if (cfg_arg_uint(p, st, 1, 0, UINT32_MAX, &v) < 0)
		return -1;
	if (strcmp(st->argv[0], "quorum") == 0) {
		vs->quorum = (uint32_t)v;
	} else {
		vs->hysteresis = (uint32_t)v;
		vs->hysteresis_where = st->loc[1];
	}
	return 0;
}

static int vs_quorum_script(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vs *vs = obj;
	return cfg_arg_script(p, st, strcmp(st->argv[0], "quorum_up") == 0 ? &vs->quorum_up
									   : &vs->quorum_down);
}

static int vs_family(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vs *vs = obj;
	if (strcmp(st->argv[1], "inet") == 0)
		vs->af = AF_INET;
	else if (strcmp(st->argv[1], "inet6") == 0)
		vs->af = AF_INET6;
	else {
		cfg_err(p, st, 1, "'%s': ip_family expects inet or inet6", st->argv[1]);
		return -1;
	}
	return 0;
}

static int vs_timing(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return cfg_timing_stmt(p, st, &((struct cfg_vs *)obj)->timing);
}

static const struct cfg_kw vs_kw[] = {
	{ "alpha", 0, 1, vs_bool, NULL, NULL, NULL },
	{ "connect_timeout", 1, 1, vs_timing, NULL, NULL, NULL },
	{ "delay_before_retry", 1, 1, vs_timing, NULL, NULL, NULL },
	{ "delay_loop", 1, 1, vs_timing, NULL, NULL, NULL },
	{ "flag-1", 0, 0, vs_flag, NULL, NULL, NULL },
	{ "flag-2", 0, 0, vs_flag, NULL, NULL, NULL },
	{ "flag-3", 0, 0, vs_flag, NULL, NULL, NULL },
	{ "ha_suspend", 0, 0, vs_flag, NULL, NULL, NULL },
	{ "hysteresis", 1, 1, vs_quorum, NULL, NULL, NULL },
	{ "inhibit_on_failure", 0, 1, vs_bool, NULL, NULL, NULL },
	{ "ip_family", 1, 1, vs_family, NULL, NULL, NULL },
	{ "lb_algo", 1, 1, vs_sched, NULL, NULL, NULL },
	{ "lb_kind", 1, 7, vs_fwd, NULL, NULL, NULL },
	{ "lvs_method", 1, 7, vs_fwd, NULL, NULL, NULL },
	{ "lvs_sched", 1, 1, vs_sched, NULL, NULL, NULL },
	{ "mh-fallback", 0, 0, vs_flag, NULL, NULL, NULL },
	{ "mh-port", 0, 0, vs_flag, NULL, NULL, NULL },
	{ "nb_get_retry", 1, 1, vs_timing, NULL, NULL, NULL },
	{ "omega", 0, 0, vs_flag, NULL, NULL, NULL },
	{ "ops", 0, 0, vs_flag, NULL, NULL, NULL },
	{ "persistence_engine", 1, 1, vs_str, NULL, NULL, NULL },
	{ "persistence_granularity", 1, 1, vs_granularity, NULL, NULL, NULL },
	{ "persistence_timeout", 0, 1, vs_persistence_timeout, NULL, NULL, NULL },
	{ "protocol", 1, 1, vs_protocol, NULL, NULL, NULL },
	{ "quorum", 1, 1, vs_quorum, NULL, NULL, NULL },
	{ "quorum_down", 1, 3, vs_quorum_script, NULL, NULL, NULL },
	{ "quorum_up", 1, 3, vs_quorum_script, NULL, NULL, NULL },
	{ "real_server", 1, 2, NULL, vs_open_rs, &cfg_rs_block, NULL },
	{ "retry", 1, 1, vs_timing, NULL, NULL, NULL },
	{ "sh-fallback", 0, 0, vs_flag, NULL, NULL, NULL },
	{ "sh-port", 0, 0, vs_flag, NULL, NULL, NULL },
	{ "smtp_alert", 0, 1, vs_smtp_alert, NULL, NULL, NULL },
	{ "snmp_name", 1, 1, NULL, NULL, NULL, "SNMP" },
	{ "sorry_server", 1, 2, vs_sorry, NULL, NULL, NULL },
	{ "sorry_server_inhibit", 0, 1, vs_bool, NULL, NULL, NULL },
	{ "sorry_server_lvs_method", 1, 7, vs_sorry_fwd, NULL, NULL, NULL },
	{ "virtualhost", 1, 1, vs_str, NULL, NULL, NULL },
	{ "warmup", 1, 1, vs_timing, NULL, NULL, NULL },
};

static void vs_close(struct cfg_parser *p, void *obj, const struct cfg_loc *where)
{
	vs_own_rs(p, obj, where);
	cfg_vs_finish(p, obj, where);
}

const struct cfg_block cfg_vs_block = { "virtual_server", CFG_TABLE(vs_kw), NULL, vs_close };

void *cfg_vs_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct config *cfg = obj;
	struct cfg_vs *vs = cfg_push(p, &cfg->vs, &cfg->nvs, sizeof(*vs));
	uint64_t mark;

	if (!vs)
		return NULL;
	strcpy(vs->sched, "wlc");
	vs->quorum = 1;
	vs->where = st->loc[0];
	if (strcmp(st->argv[1], "fwmark") == 0 || strcmp(st->argv[1], "group") == 0) {
		if (st->argc != 3) {
			cfg_err(p, st, 1, "'virtual_server %s' takes one argument", st->argv[1]);
			goto fail;
		}
		if (st->argv[1][0] == 'g') {
			vs->kind = CFG_VS_GROUP;
			vs->group_where = st->loc[2];
			if (cfg_arg_str(p, st, 2, &vs->group) < 0)
				goto fail;
			return vs;
		}
		vs->kind = CFG_VS_FWMARK;
		if (cfg_arg_uint(p, st, 2, 1, UINT32_MAX, &mark) < 0)
			goto fail;
		vs->fwmark = (uint32_t)mark;
		return vs;
	}
	vs->kind = CFG_VS_ADDR;
	if (parse_addr_port(p, st, 1, &vs->addr, &vs->port) < 0)
		goto fail;
	vs->af = vs->addr.af;
	return vs;
fail:
	cfg_vs_free(vs);
	cfg->nvs--;
	return NULL;
}

/* --- virtual_server_group: each line an address, range or fwmark */

static int vsg_range(const char *s, struct cfg_vsg_entry *e)
{
	char buf[INET6_ADDRSTRLEN + 8], *dash, *slash;
	uint64_t n;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	dash = strchr(buf, '-');
	if (slash) {
		*slash = '\0';
		n = strtoul(slash + 1, NULL, 10);
		if (!cfg_ip_parse(buf, &e->first) || e->first.af != AF_INET || n > 32)
			return -1;
		uint32_t mask = n ? ~0u << (32 - n) : 0, a = ntohl(e->first.v4.s_addr);
		e->last = e->first;
		e->first.v4.s_addr = htonl(a & mask);
		e->last.v4.s_addr = htonl((a & mask) | ~mask);
		return 0;
	}
	if (dash) {
		*dash = '\0';
		if (!cfg_ip_parse(buf, &e->first))
			return -1;
		e->last = e->first;
		if (strchr(dash + 1, e->first.af == AF_INET ? '.' : ':'))
			return cfg_ip_parse(dash + 1, &e->last) && e->last.af == e->first.af &&
				       memcmp(e->last.b, e->first.b, 16) >= 0 ? 0 : -1;
		/* only the last part varies: "10.0.0.1-10", "fd00::1-ff" */
		char *end;
		unsigned long last = strtoul(dash + 1, &end, e->first.af == AF_INET ? 10 : 16);
		if (*end || end == dash + 1)
			return -1;
		if (e->first.af == AF_INET) {
			if (last > 255 || last < e->first.b[3])
				return -1;
			e->last.b[3] = (uint8_t)last;
		} else {
			unsigned cur = (unsigned)(e->first.b[14] << 8 | e->first.b[15]);
			if (last > 0xffff || last < cur)
				return -1;
			e->last.b[14] = (uint8_t)(last >> 8);
			e->last.b[15] = (uint8_t)last;
		}
		return 0;
	}
	if (!cfg_ip_parse(buf, &e->first))
		return -1;
	e->last = e->first;
	return 0;
}

static int vsg_line(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vsg *g = obj;
	struct cfg_vsg_entry *e = cfg_push(p, &g->entries, &g->n, sizeof(*e));
	uint64_t mark;

	if (!e)
		return -1;
	if (strcmp(st->argv[0], "fwmark") == 0) {
		if (st->argc < 2 || st->argc > 3 || cfg_arg_uint(p, st, 1, 1, UINT32_MAX, &mark) < 0) {
			if (st->argc < 2 || st->argc > 3)
				cfg_err(p, st, 0, "'fwmark' takes a mark and an optional inet|inet6");
			g->n--;
			return -1;
		}
		e->fwmark = (uint32_t)mark;
		if (st->argc == 3)
			e->fwmark_af = strcmp(st->argv[2], "inet6") == 0 ? AF_INET6 : AF_INET;
		return 0;
	}
	if (st->argc > 2) {
		cfg_err(p, st, 2, "'%s': unexpected", st->argv[2]);
	} else if (vsg_range(st->argv[0], e) < 0) {
		cfg_err(p, st, 0, "'%s': expected an address, a range (a.b.c.d-e, a/n) or fwmark",
			st->argv[0]);
	} else {
		uint64_t port = 0;
		if (st->argc < 2 || cfg_arg_uint_as(p, st, 1, "port", 0, 65535, &port) == 0) {
			e->port = (uint16_t)port;
			return 0;
		}
	}
	g->n--;
	return -1;
	return 0;
}

const struct cfg_block cfg_vsg_block = { "virtual_server_group", NULL, 0, vsg_line, NULL };

void *cfg_vsg_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct config *cfg = obj;
	struct cfg_vsg *g = cfg_push(p, &cfg->vsg, &cfg->nvsg, sizeof(*g));

	if (!g)
		return NULL;
	g->where = st->loc[0];
	if (cfg_arg_str(p, st, 1, &g->name) < 0) {
		cfg->nvsg--;
		return NULL;
	}
	return g;
}
