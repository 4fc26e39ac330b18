// SPDX-License-Identifier: GPL-2.0-or-later
/* global_defs. */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfg_block.h"
#include "cfg_garp.h"
#include "cfg_global.h"
#include "cfg_lvs.h"
#include "cfg_netns.h"
#include "cfg_proc.h"
#include "cfg_smtp.h"
#include "cfg_ssl.h"
#include "cfg_vrrp.h"

/* keepalived 2.2.7 reads these only at the top level: inside global_defs
 * it calls them unknown and runs without them, and so does keel. */
#define TOP_ONLY "read at the top level only, as keepalived 2.2.7 does"

static int gl_top_only(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	(void)obj;
	cfg_warn(p, st, 0, "'%s' belongs at the top level: keepalived 2.2.7 ignores it inside global_defs, "
		 "and so does keel", st->argv[0]);
	return 0;
}

static int gl_str(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_global *g = obj;
	const char *k = st->argv[0];

	return cfg_arg_str(p, st, 1, strcmp(k, "router_id") == 0	   ? &g->router_id
				     : strcmp(k, "default_interface") == 0 ? &g->default_interface
									   : &g->snmp_socket);
}

/* The reader acts on these itself and reports their errors. */
static int gl_reader_done(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return 0;
}

static int gl_script_user(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_global *g = obj;
	if (cfg_arg_str(p, st, 1, &g->script_user) < 0)
		return -1;
	return st->argc > 2 ? cfg_arg_str(p, st, 2, &g->script_group) : 0;
}

static int gl_reload_check(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_global *g = obj;

	g->reload_check_config = true;
	return st->argc > 1 ? cfg_arg_str(p, st, 1, &g->reload_check_log) : 0;
}

/* A keyword that takes no value: present is on. */
static int gl_flag(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_global *g = obj;

	if (strcmp(st->argv[0], "linkbeat_use_polling") == 0) {
		g->linkbeat_use_polling = true;
	} else if (strcmp(st->argv[0], "dynamic_interfaces") == 0) {
		/* keepalived's one option (an interface deleted and made
		 * again) is read and does nothing more in keel */
		if (st->argc > 1 && strcmp(st->argv[1], "allow_if_changes") != 0) {
			cfg_err(p, st, 1, "'%s': dynamic_interfaces takes only allow_if_changes", st->argv[1]);
			return -1;
		}
		g->dynamic_interfaces = true;
	}
	return 0;
}

/* nftables [TABLENAME]: keepalived's default name is "keepalived"; keel's
 * own, without the keyword, stays "keel". The name goes into nft commands:
 * an identifier only. */
static int gl_nft(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_nftables *n = &((struct cfg_global *)obj)->nft;
	const char *k = st->argv[0], *name = st->argc > 1 ? st->argv[1] : "keepalived";
	int64_t v;

	if (strcmp(k, "nftables_priority") == 0) {
		if (cfg_arg_int(p, st, 1, -1000, 1000, &v) < 0)
			return -1;
		n->priority = (int)v;
	} else if (strcmp(k, "nftables_counters") == 0) {
		n->counters = true;
	} else if (strcmp(k, "nftables_ifindex") == 0) {
		n->ifindex = true;
	} else {
		size_t len = strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

		if (!isalpha((unsigned char)name[0]) || name[len] || len > CFG_NFT_TABLE_MAX) {
			cfg_err(p, st, 1, "'%s': an nftables table name is a letter, then up to %d letters, "
				"digits, '_' or '-'", name, CFG_NFT_TABLE_MAX - 1);
			return -1;
		}
		memcpy(n->table, name, len + 1);
	}
	return 0;
}

static int gl_bool(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	static const struct { const char *kw; size_t off; } map[] = {
		{ "checker_log_all_failures", offsetof(struct cfg_global, checker_log_all_failures) },
		{ "enable_script_security", offsetof(struct cfg_global, enable_script_security) },
		{ "enable_snmp_checker", offsetof(struct cfg_global, enable_snmp_checker) },
		{ "enable_snmp_keepalived", offsetof(struct cfg_global, enable_snmp_vrrp) },
		{ "enable_snmp_rfcv2", offsetof(struct cfg_global, enable_snmp_rfcv2) },
		{ "enable_snmp_rfcv3", offsetof(struct cfg_global, enable_snmp_rfcv3) },
		{ "enable_snmp_vrrp", offsetof(struct cfg_global, enable_snmp_vrrp) },
		{ "enable_traps", offsetof(struct cfg_global, enable_traps) },
		{ "fifo_write_vrrp_states_on_reload", offsetof(struct cfg_global, fifo_write_vrrp_states_on_reload) },
		{ "log_unknown_vrids", offsetof(struct cfg_global, log_unknown_vrids) },
		{ "lvs_flush", offsetof(struct cfg_global, lvs_flush) },
		{ "rs_init_notifies", offsetof(struct cfg_global, rs_init_notifies) },
		{ "vrrp_notify_priority_changes", offsetof(struct cfg_global, vrrp_notify_priority_changes) },
		{ "vrrp_skip_check_adv_addr", offsetof(struct cfg_global, vrrp_skip_check_adv_addr) },
		{ "vrrp_strict", offsetof(struct cfg_global, vrrp_strict) },
	};
	struct cfg_global *g = obj;

	/* both RFC VRRP MIBs, 2787 (VRRPv2) and 6527 (VRRPv3) */
	if (strcmp(st->argv[0], "enable_snmp_rfc") == 0) {
		if (cfg_arg_bool(p, st, 1, &g->enable_snmp_rfcv3) < 0)
			return -1;
		g->enable_snmp_rfcv2 = g->enable_snmp_rfcv3;
		return 0;
	}
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].kw, st->argv[0]) == 0)
			return cfg_arg_bool(p, st, 1, (bool *)((char *)obj + map[i].off));
	return -1;
}

/* keel's IPVS sysctls: persistent UDP (WireGuard) only fails over when
 * both expire_* are on; NAT through netfilter needs conntrack. */
static int gl_sysctl(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_global *g = obj;
	const char *k = st->argv[0];
	int8_t *dst = strcmp(k, "lvs_conntrack") == 0 ? &g->lvs_conntrack
		    : strcmp(k, "lvs_expire_nodest_conn") == 0 ? &g->lvs_expire_nodest_conn
		    : &g->lvs_expire_quiescent_template;
	bool on;

	if (cfg_arg_bool(p, st, 1, &on) < 0)
		return -1;
	*dst = on;
	return 0;
}

static int gl_flush_onstop(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_global *g = obj;

	if (st->argc == 1) {
		g->lvs_flush_onstop = CFG_FLUSH_ONSTOP_ALL;
		return 0;
	}
	if (strcasecmp(st->argv[1], "VS") == 0) {
		g->lvs_flush_onstop = CFG_FLUSH_ONSTOP_VS;
		return 0;
	}
	cfg_err(p, st, 1, "'%s': %s takes nothing or VS", st->argv[1], st->argv[0]);
	return -1;
}

static int gl_lvs_timeouts(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_global *g = obj;

	if (st->argc % 2 == 0) {
		cfg_err(p, st, st->argc - 1, "'%s' needs a value", st->argv[st->argc - 1]);
		return -1;
	}
	for (size_t i = 1; i + 1 < st->argc; i += 2) {
		uint64_t v;
		uint32_t *dst = strcmp(st->argv[i], "tcp") == 0 ? &g->lvs_timeout_tcp
			      : strcmp(st->argv[i], "tcpfin") == 0 ? &g->lvs_timeout_tcpfin
			      : strcmp(st->argv[i], "udp") == 0 ? &g->lvs_timeout_udp : NULL;
		if (!dst) {
			cfg_err(p, st, i, "'%s': lvs_timeouts takes tcp, tcpfin and udp", st->argv[i]);
			return -1;
		}
		/* the kernel's limit: timeouts are jiffies in an int */
		if (cfg_arg_uint(p, st, i + 1, 1, 86400 * 31, &v) < 0)
			return -1;
		*dst = (uint32_t)v;
	}
	return 0;
}

static int sync_option(struct cfg_parser *p, const struct cfg_stmt *st, size_t i,
		       struct cfg_global *g)
{
	const char *k = st->argv[i];
	uint64_t v;

	if (strcmp(k, "id") == 0) {
		if (cfg_arg_uint(p, st, i + 1, 0, 255, &v) < 0)
			return -1;
		g->lvs_sync.syncid = (uint32_t)v;
		g->lvs_sync.syncid_set = true;
	} else if (strcmp(k, "maxlen") == 0) {
		if (cfg_arg_uint(p, st, i + 1, 1, 65535 - 20 - 8, &v) < 0)
			return -1;
		g->lvs_sync.maxlen = (uint32_t)v;
	} else if (strcmp(k, "port") == 0) {
		if (cfg_arg_port(p, st, i + 1, &g->lvs_sync.mcast_port) < 0)
			return -1;
	} else if (strcmp(k, "ttl") == 0) {
		if (cfg_arg_uint(p, st, i + 1, 1, 255, &v) < 0)
			return -1;
		g->lvs_sync.mcast_ttl = (uint8_t)v;
	} else if (strcmp(k, "group") == 0) {
		if (cfg_arg_ip(p, st, i + 1, &g->lvs_sync.mcast_group) < 0)
			return -1;
	} else if (strcmp(k, "inst") == 0) {
		g->lvs_sync.instance_where = st->loc[i + 1];
		return cfg_arg_str(p, st, i + 1, &g->lvs_sync.instance);
	} else {
		cfg_err(p, st, i, "'%s': lvs_sync_daemon takes inst, id, maxlen, port, ttl, group", k);
		return -1;
	}
	return 0;
}

/* lvs_sync_daemon IF [[inst] INSTANCE] [id N] [maxlen N] [port N] [ttl N] [group IP] */
static int gl_lvs_sync(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	static const char *const opts[] = { "id", "maxlen", "port", "ttl", "group", "inst" };
	struct cfg_global *g = obj;
	size_t i = 2;

	if (cfg_arg_str(p, st, 1, &g->lvs_sync.ifname) < 0)
		return -1;
	if (i < st->argc) {
		bool is_opt = false;
		for (size_t k = 0; k < sizeof(opts) / sizeof(opts[0]); k++)
			is_opt |= strcmp(st->argv[i], opts[k]) == 0;
		if (!is_opt) {
			g->lvs_sync.instance_where = st->loc[i];
			if (cfg_arg_str(p, st, i++, &g->lvs_sync.instance) < 0)
				return -1;
		}
	}
	for (; i < st->argc; i += 2) {
		if (i + 1 >= st->argc) {
			cfg_err(p, st, i, "'%s' needs a value", st->argv[i]);
			return -1;
		}
		if (sync_option(p, st, i, g) < 0)
			return -1;
	}
	g->lvs_sync.set = true;
	return 0;
}

static int gl_vrrp_version(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	uint64_t v;
	if (cfg_arg_uint(p, st, 1, 2, 3, &v) < 0)
		return -1;
	((struct cfg_global *)obj)->vrrp_version = (int)v;
	return 0;
}

/* The VRRP thread's scheduling, as keepalived's VRRP process has it, and
 * the main thread's as its checker process has it (cfg_proc.h). */
static int gl_vrrp_sched(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_global *g = obj;
	const char *k = st->argv[0];
	int64_t v;

	if (strcmp(k, "vrrp_priority") == 0 || strcmp(k, "checker_priority") == 0) {
		if (cfg_arg_int(p, st, 1, -20, 19, &v) < 0)
			return -1;
		if (k[0] == 'v') {
			g->vrrp_nice = (int8_t)v;
		} else {
			g->checker_nice = (int8_t)v;
			g->checker_nice_set = true;
		}
	} else if (strstr(k, "_rt_priority")) {
		if (cfg_arg_int(p, st, 1, 1, 99, &v) < 0)
			return -1;
		*(k[0] == 'v' ? &g->vrrp_rt_priority : &g->checker_rt_priority) = (uint8_t)v;
	} else {
		if (cfg_arg_int(p, st, 1, 2, UINT32_MAX, &v) < 0)
			return -1;
		*(k[0] == 'v' ? &g->vrrp_rlimit_rttime_us : &g->checker_rlimit_rttime_us) = (uint32_t)v;
	}
	return 0;
}

/* decimal seconds; keepalived takes any, an hour is plenty for a boot */
static int gl_startup_delay(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_global *g = obj;
	uint64_t us;

	if (cfg_arg_timer(p, st, 1, &us) < 0)
		return -1;
	if (us > 3600000000ull) {
		cfg_err(p, st, 1, "vrrp_startup_delay: at most 3600 seconds");
		return -1;
	}
	g->vrrp_startup_delay_us = us;
	return 0;
}

/* vrrp_garp_*, vrrp_down_timer_adverts...: the instances' defaults */
static int gl_vrrp_tune(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_global *g = obj;

	if (strcmp(st->argv[0], "vrrp_min_garp") == 0)
		return cfg_arg_bool(p, st, 1, &g->vrrp_min_garp);
	return cfg_vrrp_tuning_kw(p, st, st->argv[0] + strlen("vrrp_"), &g->vrrp_tune);
}

static int gl_fifo(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_global *g = obj;
	const char *k = st->argv[0];
	struct cfg_fifo *f = strncmp(k, "vrrp_", 5) == 0 ? &g->vrrp_notify_fifo
			     : strncmp(k, "lvs_", 4) == 0 ? &g->lvs_notify_fifo : &g->notify_fifo;
	size_t n = strlen(k);

	if (n > 7 && strcmp(k + n - 7, "_script") == 0)
		return cfg_arg_script(p, st, &f->script);
	return cfg_arg_script(p, st, &f->fifo);
}

static int gl_pace(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_global *g = obj;

	return cfg_garp_interval(p, st, strcmp(st->argv[0], "vrrp_garp_interval") == 0
					       ? &g->vrrp_garp_interval_us : &g->vrrp_gna_interval_us);
}

static int gl_mcast_group(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_global *g = obj;
	bool v4 = strcmp(st->argv[0], "vrrp_mcast_group4") == 0;

	return cfg_arg_mcast(p, st, 1, v4 ? AF_INET : AF_INET6,
			     v4 ? &g->vrrp_mcast_group4 : &g->vrrp_mcast_group6);
}

/* startup_script / shutdown_script SCRIPT [user [group]] and their
 * *_timeout: one of each, so a second line replaces the first whole. */
static int gl_life_script(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_global *g = obj;
	bool start = strncmp(st->argv[0], "startup", 7) == 0;
	struct cfg_script *s = start ? &g->startup_script : &g->shutdown_script;
	uint64_t v;

	if (!strstr(st->argv[0], "_timeout")) {
		cfg_script_free(s);
		*s = (struct cfg_script){ 0 };
		return cfg_arg_script(p, st, s);
	}
	if (cfg_arg_uint(p, st, 1, 1, 1000, &v) < 0)
		return -1;
	*(start ? &g->startup_script_timeout_s : &g->shutdown_script_timeout_s) = (unsigned)v;
	return 0;
}

/* vrrp_rx_bufs_policy MTU|ADVERT|NUMBER, vrrp_rx_bufs_multiplier N */
static int gl_rx_bufs(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_global *g = obj;
	uint64_t v;

	if (strcmp(st->argv[0], "vrrp_rx_bufs_multiplier") == 0) {
		if (cfg_arg_uint(p, st, 1, 1, 1000, &v) < 0)
			return -1;
		g->vrrp_rx_bufs_multiplier = (uint32_t)v;
		return 0;
	}
	if (strcasecmp(st->argv[1], "MTU") == 0) {
		g->vrrp_rx_bufs_policy = CFG_RX_BUFS_MTU;
		return 0;
	}
	if (strcasecmp(st->argv[1], "ADVERT") == 0) {
		g->vrrp_rx_bufs_policy = CFG_RX_BUFS_ADVERT;
		return 0;
	}
	if (st->argv[1][0] < '0' || st->argv[1][0] > '9') {
		cfg_err(p, st, 1, "'%s': vrrp_rx_bufs_policy takes MTU, ADVERT or a size in bytes",
			st->argv[1]);
		return -1;
	}
	if (cfg_rx_buf_size(p, st, 1, &g->vrrp_rx_bufs_size) < 0)
		return -1;
	g->vrrp_rx_bufs_policy = CFG_RX_BUFS_SIZE;
	return 0;
}

/* vmac_prefix, vmac_addr_prefix: PREFIX.VRID must fit an interface name */
static int gl_vmac_prefix(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_global *g = obj;
	const char *v = st->argv[1];

	if (strlen(v) > CFG_VMAC_PREFIX_MAX || strchr(v, '/') || strchr(v, ':')) {
		cfg_err(p, st, 1, "'%s': %s: at most %d characters, no '/' or ':' (PREFIX.VRID "
			"names an interface)", v, st->argv[0], CFG_VMAC_PREFIX_MAX);
		return -1;
	}
	return cfg_arg_str(p, st, 1, strcmp(st->argv[0], "vmac_prefix") == 0 ? &g->vmac_prefix
									      : &g->vmac_addr_prefix);
}

/* vrrp_check_unicast_src: keel takes adverts from its unicast peers alone,
 * always; the keyword asks for nothing more. */
static int gl_always(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	(void)p, (void)obj, (void)st;
	return 0;
}

static const struct cfg_kw global_kw[] = {
	{ "bfd_cpu_affinity", 0, CFG_ANY, NULL, NULL, NULL, "process tuning" },
	{ "bfd_no_swap", 0, CFG_ANY, NULL, NULL, NULL, "process tuning" },
	{ "bfd_priority", 0, CFG_ANY, NULL, NULL, NULL, "process tuning" },
	{ "bfd_process_name", 1, 1, cfg_proc_kw, NULL, NULL, NULL },
	{ "bfd_rlimit_rttime", 0, CFG_ANY, NULL, NULL, NULL, "process tuning" },
	{ "bfd_rt_priority", 0, CFG_ANY, NULL, NULL, NULL, "process tuning" },
	{ "checker_cpu_affinity", 1, CFG_ANY, cfg_proc_kw, NULL, NULL, NULL },
	{ "checker_log_all_failures", 0, 1, gl_bool, NULL, NULL, NULL },
	{ "checker_no_swap", 0, 0, cfg_proc_kw, NULL, NULL, NULL },
	{ "checker_priority", 1, 1, gl_vrrp_sched, NULL, NULL, NULL },
	{ "checker_process_name", 1, 1, cfg_proc_kw, NULL, NULL, NULL },
	{ "checker_rlimit_rttime", 1, 1, gl_vrrp_sched, NULL, NULL, NULL },
	{ "checker_rt_priority", 1, 1, gl_vrrp_sched, NULL, NULL, NULL },
	{ "config_save_dir", 0, CFG_ANY, NULL, NULL, NULL, "global option" },
	{ "data_use_instance", 0, CFG_ANY, NULL, NULL, NULL, "global option" },
	{ "dbus_service_name", 0, CFG_ANY, NULL, NULL, NULL, "global option" },
	{ "default_interface", 1, 1, gl_str, NULL, NULL, NULL },
	{ "disable_local_igmp", 0, CFG_ANY, NULL, NULL, NULL, "global option" },
	{ "dynamic_interfaces", 0, 1, gl_flag, NULL, NULL, NULL },
	{ "enable_dbus", 0, CFG_ANY, NULL, NULL, NULL, "global option" },
	{ "enable_script_security", 0, 1, gl_bool, NULL, NULL, NULL },
	{ "enable_snmp_checker", 0, 1, gl_bool, NULL, NULL, NULL },
	{ "enable_snmp_keepalived", 0, 1, gl_bool, NULL, NULL, NULL },
	{ "enable_snmp_rfc", 0, 1, gl_bool, NULL, NULL, NULL },
	{ "enable_snmp_rfcv2", 0, 1, gl_bool, NULL, NULL, NULL },
	{ "enable_snmp_rfcv3", 0, 1, gl_bool, NULL, NULL, NULL },
	{ "enable_snmp_vrrp", 0, 1, gl_bool, NULL, NULL, NULL },
	{ "enable_traps", 0, 1, gl_bool, NULL, NULL, NULL },
	{ "fifo_write_vrrp_states_on_reload", 0, 1, gl_bool, NULL, NULL, NULL },
	{ "include_check", 0, CFG_ANY, gl_reader_done, NULL, NULL, NULL },
	{ "linkbeat_use_polling", 0, 0, gl_flag, NULL, NULL, NULL },
	{ "log_unknown_vrids", 0, 1, gl_bool, NULL, NULL, NULL },
	{ "lvs_conntrack", 0, 1, gl_sysctl, NULL, NULL, NULL },
	{ "lvs_expire_nodest_conn", 0, 1, gl_sysctl, NULL, NULL, NULL },
	{ "lvs_expire_quiescent_template", 0, 1, gl_sysctl, NULL, NULL, NULL },
	{ "lvs_flush", 0, 1, gl_bool, NULL, NULL, NULL },
	{ "lvs_flush_on_stop", 0, 1, gl_flush_onstop, NULL, NULL, NULL },
	{ "lvs_flush_onstop", 0, 1, gl_flush_onstop, NULL, NULL, NULL },
	{ "lvs_netlink_cmd_rcv_bufs", 0, CFG_ANY, NULL, NULL, NULL, "process tuning" },
	{ "lvs_netlink_cmd_rcv_bufs_force", 0, CFG_ANY, NULL, NULL, NULL, "process tuning" },
	{ "lvs_netlink_monitor_rcv_bufs", 0, CFG_ANY, NULL, NULL, NULL, "process tuning" },
	{ "lvs_netlink_monitor_rcv_bufs_force", 0, CFG_ANY, NULL, NULL, NULL, "process tuning" },
	{ "lvs_notify_fifo", 1, 3, gl_fifo, NULL, NULL, NULL },
	{ "lvs_notify_fifo_script", 1, 3, gl_fifo, NULL, NULL, NULL },
	{ "lvs_sync_daemon", 1, 13, gl_lvs_sync, NULL, NULL, NULL },
	{ "lvs_timeouts", 2, 6, gl_lvs_timeouts, NULL, NULL, NULL },
	{ "max_auto_priority", 0, CFG_ANY, NULL, NULL, NULL, "process tuning" },
	{ "min_auto_priority_delay", 0, CFG_ANY, NULL, NULL, NULL, "process tuning" },
	{ "namespace_with_ipsets", 0, CFG_ANY, gl_top_only, NULL, NULL, TOP_ONLY },
	{ "net_namespace", 0, CFG_ANY, gl_top_only, NULL, NULL, TOP_ONLY },
	{ "net_namespace_ipvs", 0, CFG_ANY, gl_top_only, NULL, NULL, TOP_ONLY },
	{ "nftables", 0, 1, gl_nft, NULL, NULL, NULL },
	{ "nftables_counters", 0, 0, gl_nft, NULL, NULL, NULL },
	{ "nftables_ifindex", 0, 0, gl_nft, NULL, NULL, NULL },
	{ "nftables_ipvs", 0, CFG_ANY, NULL, NULL, NULL, "nftables" },
	{ "nftables_ipvs_priority", 0, CFG_ANY, NULL, NULL, NULL, "process tuning" },
	{ "nftables_ipvs_start_fwmark", 0, CFG_ANY, NULL, NULL, NULL, "nftables" },
	{ "nftables_priority", 1, 1, gl_nft, NULL, NULL, NULL },
	{ "no_checker_emails", 0, 0, cfg_smtp_kw, NULL, NULL, NULL },
	{ "no_email_faults", 0, 0, cfg_smtp_kw, NULL, NULL, NULL },
	{ "notification_email", 0, 0, NULL, cfg_smtp_open_emails, &cfg_smtp_emails_block, NULL },
	{ "notification_email_from", 1, 1, cfg_smtp_kw, NULL, NULL, NULL },
	{ "notify_fifo", 1, 3, gl_fifo, NULL, NULL, NULL },
	{ "notify_fifo_script", 1, 3, gl_fifo, NULL, NULL, NULL },
	{ "process_monitor_rcv_bufs", 0, CFG_ANY, NULL, NULL, NULL, "process tuning" },
	{ "process_monitor_rcv_bufs_force", 0, CFG_ANY, NULL, NULL, NULL, "process tuning" },
	{ "process_name", 1, 1, cfg_proc_kw, NULL, NULL, NULL },
	{ "process_names", 0, 0, cfg_proc_kw, NULL, NULL, NULL },
	{ "random_seed", 0, CFG_ANY, gl_reader_done, NULL, NULL, NULL },
	{ "reload_check_config", 0, 1, gl_reload_check, NULL, NULL, NULL },
	{ "reload_file", 0, CFG_ANY, NULL, NULL, NULL, "global option" },
	{ "reload_repeat", 0, CFG_ANY, NULL, NULL, NULL, "global option" },
	{ "reload_time_file", 0, CFG_ANY, NULL, NULL, NULL, "global option" },
	{ "router_id", 1, 1, gl_str, NULL, NULL, NULL },
	{ "rs_init_notifies", 0, 1, gl_bool, NULL, NULL, NULL },
	{ "script_user", 1, 2, gl_script_user, NULL, NULL, NULL },
	{ "shutdown_script", 1, 3, gl_life_script, NULL, NULL, NULL },
	{ "shutdown_script_timeout", 1, 1, gl_life_script, NULL, NULL, NULL },
	{ "smtp_alert", 0, 1, cfg_smtp_kw, NULL, NULL, NULL },
	{ "smtp_alert_checker", 0, 1, cfg_smtp_kw, NULL, NULL, NULL },
	{ "smtp_alert_vrrp", 0, 1, cfg_smtp_kw, NULL, NULL, NULL },
	{ "smtp_connect_timeout", 1, 1, cfg_smtp_kw, NULL, NULL, NULL },
	{ "smtp_helo_name", 1, 1, cfg_smtp_kw, NULL, NULL, NULL },
	{ "smtp_server", 1, 2, cfg_smtp_kw, NULL, NULL, NULL },
	{ "snmp_socket", 1, 1, gl_str, NULL, NULL, NULL },
	{ "startup_script", 1, 3, gl_life_script, NULL, NULL, NULL },
	{ "startup_script_timeout", 1, 1, gl_life_script, NULL, NULL, NULL },
	{ "tmp_config_directory", 0, CFG_ANY, NULL, NULL, NULL, "global option" },
	{ "umask", 1, CFG_ANY, cfg_proc_kw, NULL, NULL, NULL },
	{ "use_pid_dir", 0, CFG_ANY, gl_top_only, NULL, NULL, TOP_ONLY },
	{ "vmac_addr_prefix", 1, 1, gl_vmac_prefix, NULL, NULL, NULL },
	{ "vmac_prefix", 1, 1, gl_vmac_prefix, NULL, NULL, NULL },
	{ "vrrp_check_unicast_src", 0, 0, gl_always, NULL, NULL, NULL },
	{ "vrrp_cpu_affinity", 1, CFG_ANY, cfg_proc_kw, NULL, NULL, NULL },
	{ "vrrp_down_timer_adverts", 1, 1, gl_vrrp_tune, NULL, NULL, NULL },
	{ "vrrp_garp_extra_if", 1, 2, gl_vrrp_tune, NULL, NULL, NULL },
	{ "vrrp_garp_interval", 1, 1, gl_pace, NULL, NULL, NULL },
	{ "vrrp_garp_lower_prio_delay", 1, 1, gl_vrrp_tune, NULL, NULL, NULL },
	{ "vrrp_garp_lower_prio_repeat", 1, 1, gl_vrrp_tune, NULL, NULL, NULL },
	{ "vrrp_garp_master_delay", 1, 1, gl_vrrp_tune, NULL, NULL, NULL },
	{ "vrrp_garp_master_refresh", 1, 1, gl_vrrp_tune, NULL, NULL, NULL },
	{ "vrrp_garp_master_refresh_repeat", 1, 1, gl_vrrp_tune, NULL, NULL, NULL },
	{ "vrrp_garp_master_repeat", 1, 1, gl_vrrp_tune, NULL, NULL, NULL },
	{ "vrrp_gna_interval", 1, 1, gl_pace, NULL, NULL, NULL },
	{ "vrrp_higher_prio_send_advert", 0, 1, gl_vrrp_tune, NULL, NULL, NULL },
	{ "vrrp_ipsets", 0, CFG_ANY, NULL, NULL, NULL, "VRRP tuning" },
	{ "vrrp_iptables", 0, CFG_ANY, NULL, NULL, NULL, "VRRP tuning" },
	{ "vrrp_lower_prio_no_advert", 0, 1, gl_vrrp_tune, NULL, NULL, NULL },
	{ "vrrp_mcast_group4", 1, 1, gl_mcast_group, NULL, NULL, NULL },
	{ "vrrp_mcast_group6", 1, 1, gl_mcast_group, NULL, NULL, NULL },
	{ "vrrp_min_garp", 0, 1, gl_vrrp_tune, NULL, NULL, NULL },
	{ "vrrp_netlink_cmd_rcv_bufs", 0, CFG_ANY, NULL, NULL, NULL, "VRRP tuning" },
	{ "vrrp_netlink_cmd_rcv_bufs_force", 0, CFG_ANY, NULL, NULL, NULL, "VRRP tuning" },
	{ "vrrp_netlink_monitor_rcv_bufs", 0, CFG_ANY, NULL, NULL, NULL, "VRRP tuning" },
	{ "vrrp_netlink_monitor_rcv_bufs_force", 0, CFG_ANY, NULL, NULL, NULL, "VRRP tuning" },
	{ "vrrp_no_swap", 0, 0, cfg_proc_kw, NULL, NULL, NULL },
	{ "vrrp_notify_fifo", 1, 3, gl_fifo, NULL, NULL, NULL },
	{ "vrrp_notify_fifo_script", 1, 3, gl_fifo, NULL, NULL, NULL },
	{ "vrrp_notify_priority_changes", 0, 1, gl_bool, NULL, NULL, NULL },
	{ "vrrp_priority", 1, 1, gl_vrrp_sched, NULL, NULL, NULL },
	{ "vrrp_process_name", 1, 1, cfg_proc_kw, NULL, NULL, NULL },
	{ "vrrp_rlimit_rttime", 1, 1, gl_vrrp_sched, NULL, NULL, NULL },
	{ "vrrp_rt_priority", 1, 1, gl_vrrp_sched, NULL, NULL, NULL },
	{ "vrrp_rx_bufs_multiplier", 1, 1, gl_rx_bufs, NULL, NULL, NULL },
	{ "vrrp_rx_bufs_policy", 1, 1, gl_rx_bufs, NULL, NULL, NULL },
	{ "vrrp_skip_check_adv_addr", 0, 1, gl_bool, NULL, NULL, NULL },
	{ "vrrp_startup_delay", 1, 1, gl_startup_delay, NULL, NULL, NULL },
	{ "vrrp_strict", 0, 1, gl_bool, NULL, NULL, NULL },
	{ "vrrp_version", 1, 1, gl_vrrp_version, NULL, NULL, NULL },
};

const struct cfg_block cfg_global_block = { "global_defs", CFG_TABLE(global_kw), NULL, NULL };

const struct cfg_nftables cfg_nftables_default = { .table = "keel", .priority = -1 };

void cfg_global_defaults(struct cfg_global *g)
{
	g->vrrp_version = 2;
	g->vrrp_rx_bufs_multiplier = 3;
	g->vrrp_rlimit_rttime_us = g->checker_rlimit_rttime_us = CFG_VRRP_RLIMIT_RTTIME_US;
	g->umask = -1;
	cfg_vrrp_tuning_unset(&g->vrrp_tune);
	g->lvs_expire_nodest_conn = g->lvs_expire_quiescent_template = g->lvs_conntrack = -1;
	g->startup_script_timeout_s = g->shutdown_script_timeout_s = CFG_LIFE_SCRIPT_TIMEOUT_S;
	cfg_smtp_defaults(&g->smtp);
	g->nft = cfg_nftables_default;
}

void cfg_global_free(struct cfg_global *g)
{
	struct cfg_fifo *fifos[] = { &g->notify_fifo, &g->vrrp_notify_fifo, &g->lvs_notify_fifo };

	free(g->router_id);
	free(g->name_main);
	free(g->name_vrrp);
	free(g->name_checker);
	free(g->name_bfd);
	free(g->default_interface);
	cfg_netns_free(g);
	free(g->script_user);
	free(g->script_group);
	free(g->snmp_socket);
	free(g->reload_check_log);
	free(g->vmac_prefix);
	free(g->vmac_addr_prefix);
	free(g->lvs_sync.ifname);
	free(g->lvs_sync.instance);
	cfg_ssl_free(&g->ssl);
	cfg_smtp_free(&g->smtp);
	cfg_script_free(&g->startup_script);
	cfg_script_free(&g->shutdown_script);
	for (size_t i = 0; i < sizeof(fifos) / sizeof(fifos[0]); i++) {
		cfg_script_free(&fifos[i]->fifo);
		cfg_script_free(&fifos[i]->script);
	}
}
