// SPDX-License-Identifier: GPL-2.0-or-later
/* The configuration model: an immutable snapshot built by cfg_load() from a
 * keepalived-compatible file, with no globals, swapped in whole on reload.
 * Plain, comparable types; every default resolved at load time. Times are
 * in microseconds. */
#ifndef KEEL_CFG_H
#define KEEL_CFG_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cfg_diag.h"

/* An IPv4 or IPv6 address; af is AF_INET, AF_INET6 or 0 (unset). */
struct cfg_ip {
	uint8_t af;
	union {
		struct in_addr v4;
		struct in6_addr v6;
		uint8_t b[16];
	};
};

enum cfg_fwd { CFG_FWD_NAT, CFG_FWD_DR, CFG_FWD_TUN };
enum cfg_tun_type { CFG_TUN_IPIP, CFG_TUN_GUE, CFG_TUN_GRE };
enum cfg_tun_csum { CFG_TUN_CSUM_DEFAULT, CFG_TUN_NOCSUM, CFG_TUN_CSUM, CFG_TUN_REMCSUM };

struct cfg_fwd_method {
	enum cfg_fwd kind;
	enum cfg_tun_type tun_type;
	uint16_t tun_port;		/* GUE */
	enum cfg_tun_csum tun_csum;
};

/* A script with its optional user/group ("script" [user [group]]). */
struct cfg_script {
	char *cmd;
	char *user, *group;
};

/* A notify FIFO: its path and owner (as a script's user and group), and
 * the script keeld starts to read it, the path as its last argument. */
struct cfg_fifo {
	struct cfg_script fifo, script;
};

/* Check timing, set on a virtual server, real server or checker; the
 * nearest one set wins (checker, then real server, then virtual server). */
struct cfg_timing {
	uint64_t connect_timeout, delay_before_retry, warmup, delay_loop;
	unsigned retry;
	unsigned rise;			/* keel: consecutive successes to come back; default 1 */
	bool retry_set, warmup_set;
};

enum cfg_check_kind {
	CFG_CHECK_TCP, CFG_CHECK_HTTP, CFG_CHECK_SSL, CFG_CHECK_MISC, CFG_CHECK_SMTP,
	CFG_CHECK_DNS, CFG_CHECK_UDP, CFG_CHECK_PING, CFG_CHECK_FILE, CFG_CHECK_BFD,
	CFG_CHECK_WG,
};

/* A url's regex, regex_no_match, regex_options, regex_min_offset,
 * regex_max_offset and regex_stack: the answer's body must hold a match
 * (must not, with no_match). */
struct cfg_url_regex {
	char *pattern;			/* NULL: no regex */
	uint32_t options;		/* PCRE2 compile options */
	bool no_match, max_offset_set;
	uint64_t min_offset, max_offset;	/* where a match may start */
	uint64_t stack_start, stack_max;	/* the JIT stack, bytes; 0: PCRE2's */
	struct http_regex *compiled;	/* at load, when pattern is set */
	struct cfg_loc where;		/* file valid only during cfg_load */
};

struct cfg_http_url {
	char *path;
	char *digest;			/* hex MD5, or NULL */
	char *virtualhost;
	uint64_t status_mask[10];	/* bit n set: status n (0..639) accepted */
	struct cfg_url_regex regex;
};

#define CFG_WG_KEY_LEN 32

/* Kind-specific options live apart from struct cfg_check, each allocated
 * for the checks of its kinds only: a config with many checks pays for
 * what they use. */

/* HTTP_GET, SSL_GET */
struct cfg_check_http {
	struct cfg_http_url *urls;
	size_t nurls;
	char *http_protocol;
	char *virtualhost;
	bool enable_sni, fast_recovery;
};

/* MISC_CHECK */
struct cfg_check_misc {
	struct cfg_script misc;
	uint64_t misc_timeout;
	bool misc_dynamic;
};

/* SMTP_CHECK */
struct cfg_check_smtp {
	char *helo_name;
};

/* DNS_CHECK */
struct cfg_check_dns {
	char *dns_type, *dns_name;
};

/* UDP_CHECK */
struct cfg_check_udp {
	uint8_t *payload, *reply, *reply_mask;	/* mask: 0 nibbles are wildcards */
	size_t payload_len, reply_len;
	bool require_reply;
	unsigned min_reply_length, max_reply_length;
};

struct cfg_track_file;

/* FILE_CHECK, BFD_CHECK */
struct cfg_check_track {
	char *track_name;
	bool dynamic;
	const struct cfg_track_file *track_file;	/* FILE_CHECK: track_name's block (validation) */
	int file_weight;		/* FILE_CHECK weight, non-zero: replaces the block's */
	bool file_reverse;
};

/* WG_CHECK (keel) */
struct cfg_check_wg {
	uint8_t wg_public_key[CFG_WG_KEY_LEN], wg_probe_key[CFG_WG_KEY_LEN], wg_psk[CFG_WG_KEY_LEN];
	bool wg_has_public, wg_has_probe, wg_has_psk;
	struct cfg_ip tunnel_ping, tunnel_source;
};

/* A check's seldom-set connection options. Never NULL: a check that sets
 * none of them shares cfg_check_conn_none (ten thousand checks would
 * otherwise hold 56 bytes of them each). */
struct cfg_check_conn {
	struct cfg_ip connect_ip, bindto;	/* unset: the real server's; any */
	uint16_t bind_port;
	char *bind_if;
	uint32_t fwmark;
	/* TCP_CHECK: connect and reset, not a half-open SYN probe (keel) */
	bool full_handshake;
};

extern const struct cfg_check_conn cfg_check_conn_none;

struct cfg_check {
	enum cfg_check_kind kind;
	uint16_t connect_port;		/* unset: the real server's */
	bool alpha, log_all_failures;
	bool log_all_failures_set;	/* else checker_log_all_failures */
	const struct cfg_check_conn *conn;
	struct cfg_timing timing;
	/* The options of this kind: the member named for kind is set (never
	 * NULL for it); TCP_CHECK and PING_CHECK have none. */
	union {
		struct cfg_check_http *http;	/* HTTP_GET, SSL_GET */
		struct cfg_check_misc *misc;	/* MISC_CHECK */
		struct cfg_check_smtp *smtp;	/* SMTP_CHECK */
		struct cfg_check_dns *dns;	/* DNS_CHECK */
		struct cfg_check_udp *udp;	/* UDP_CHECK */
		struct cfg_check_track *track;	/* FILE_CHECK, BFD_CHECK */
		struct cfg_check_wg *wg;	/* WG_CHECK */
		void *opts;			/* whichever it is */
	};
};

/* The options of a real server that are seldom set. Never NULL: a real
 * server that sets none of them shares cfg_rs_opt_none. */
struct cfg_rs_opt {
	struct cfg_script notify_up, notify_down;
	char *virtualhost;
	struct cfg_timing timing;
	struct cfg_loc lthreshold_where;	/* file valid only during cfg_load */
};

extern const struct cfg_rs_opt cfg_rs_opt_none;

/* In an order without holes: there is one for every check of a big config. */
struct cfg_rs {
	struct cfg_ip addr;
	uint16_t port;
	bool inhibit_on_failure, alpha, drain;
	bool fwd_inherited;		/* lvs_method came from the virtual server */
	bool alpha_set;			/* else alpha comes from the virtual server */
	/* enum cfg_tri while read; YES or NO once loaded (cfg_smtp_resolve) */
	uint8_t smtp_alert;
	int weight;
	struct cfg_fwd_method fwd;
	uint32_t uthreshold, lthreshold;
	const struct cfg_rs_opt *opt;
	struct cfg_check *checks;
	size_t nchecks;
	struct cfg_loc where;		/* its address; file valid only during cfg_load */
};

enum cfg_vs_kind { CFG_VS_ADDR, CFG_VS_FWMARK, CFG_VS_GROUP };

#define CFG_SCHED_FLAG_1 0x1u	/* flag-1 = sh-fallback / mh-fallback */
#define CFG_SCHED_FLAG_2 0x2u	/* flag-2 = sh-port / mh-port */
#define CFG_SCHED_FLAG_3 0x4u
#define CFG_DEFAULT_PERSISTENCE_S 360u	/* persistence_timeout without a value */

struct cfg_vs {
	enum cfg_vs_kind kind;
	struct cfg_ip addr;		/* CFG_VS_ADDR */
	uint16_t port;
	uint32_t fwmark;		/* CFG_VS_FWMARK */
	char *group;			/* CFG_VS_GROUP */
	int protocol;			/* IPPROTO_TCP, _UDP (keepalived's default), _SCTP */
	uint8_t af;			/* address family of the service */
	char sched[16];			/* default wlc */
	unsigned sched_flags;
	bool ops;
	struct cfg_fwd_method fwd;	/* default NAT */
	bool persistent;
	uint32_t persistence_timeout;	/* seconds; CFG_DEFAULT_PERSISTENCE_S when given without value */
	struct cfg_ip persistence_granularity; /* IPv4 netmask */
	uint8_t persistence_prefix;	/* IPv6 prefix length */
	char *persistence_engine;
	bool ha_suspend, alpha, omega, inhibit_on_failure;
	uint8_t smtp_alert;		/* as cfg_rs's: quorum changes */
	uint32_t quorum, hysteresis;
	struct cfg_script quorum_up, quorum_down;
	char *virtualhost;
	struct cfg_rs *sorry;		/* sorry_server, or NULL */
	bool sorry_inhibit, sorry_fwd_set;
	struct cfg_fwd_method sorry_fwd;
	struct cfg_timing timing;
	struct cfg_rs *rs;
	size_t nrs;
	/* for messages; files valid only during cfg_load */
	struct cfg_loc where, group_where, granularity_where, hysteresis_where;
};

struct cfg_vsg_entry {
	struct cfg_ip first, last;	/* an address range (first == last for one) */
	uint16_t port;
	uint32_t fwmark;		/* nonzero: a fwmark entry */
	uint8_t fwmark_af;
};

struct cfg_vsg {
	char *name;
	struct cfg_vsg_entry *entries;
	size_t n;
	struct cfg_loc where;		/* file valid only during cfg_load */
};

/* lvs_sync_daemon: the IPVS connection-sync daemon. */
struct cfg_lvs_sync {
	bool set;
	char *ifname, *instance;
	uint32_t syncid;	/* default: the instance's VRID, else 0 */
	bool syncid_set;
	uint32_t maxlen;
	struct cfg_ip mcast_group;
	uint16_t mcast_port;
	uint8_t mcast_ttl;
	struct cfg_loc instance_where;	/* file valid only during cfg_load */
};

/* The top-level SSL block, for SSL_GET (see docs/keepalived-differences.md).
 * Paths as written (relative ones from keeld's working directory); NULL
 * when not given. key without certificate is refused; certificate without
 * key reads the key from the certificate file. */
struct cfg_ssl {
	bool set;			/* an SSL block was read */
	char *password, *ca, *certificate, *key;
	/* where each was written; files valid only during cfg_load */
	struct cfg_loc where, password_where, ca_where, certificate_where, key_where;
};

#define CFG_VRRP_RLIMIT_RTTIME_US 10000u

/* VRRP timings an instance may set and global_defs gives defaults for
 * (vrrp_ in front). Negative: unset; cfg_vrrp_tuning_resolve then takes
 * global_defs', then keepalived's default. */
struct cfg_vrrp_tuning {
	int64_t garp_master_delay, garp_master_refresh, garp_lower_prio_delay;	/* us */
	int16_t garp_master_repeat, garp_master_refresh_repeat, garp_lower_prio_repeat;
	int8_t down_timer_adverts;
	int8_t lower_prio_no_advert, higher_prio_send_advert;
	/* garp_extra_if [all] N: GARP/NA every N s (us here, 0 off) for the
	 * VIPs on an interface the adverts do not leave from: the VMAC under
	 * vmac_xmit_base, or (all) any other */
	int64_t garp_extra_if;
	int8_t garp_extra_if_all;
};

#define CFG_LIFE_SCRIPT_TIMEOUT_S 10	/* keepalived's */

/* A set of CPU numbers, as cpu_set_t holds them (glibc's 1024) */
#define CFG_CPUS_MAX 1024
struct cfg_cpus {
	uint64_t bits[CFG_CPUS_MAX / 64];
};

/* A switch that may be left unset (smtp_alert): the default then comes
 * from elsewhere. Zero is unset, so zeroed objects need no setup. */
enum cfg_tri { CFG_TRI_UNSET, CFG_TRI_NO, CFG_TRI_YES };

#define CFG_SMTP_PORT 25u
#define CFG_SMTP_TIMEOUT_S 30u

/* Email alerts (global_defs): who gets them, through which server, and
 * the defaults of the objects' smtp_alert. No server or no recipient:
 * no mail. */
struct cfg_smtp {
	char **to;			/* notification_email { ... } */
	size_t nto;
	char *from;			/* NULL: keepalived@HOSTNAME */
	struct cfg_ip server;		/* unset: no mail */
	uint16_t port;			/* CFG_SMTP_PORT */
	char *helo;			/* NULL: the host name */
	uint32_t connect_timeout_s;	/* CFG_SMTP_TIMEOUT_S; each step of a mail too */
	uint8_t alert, alert_vrrp, alert_checker;	/* enum cfg_tri */
	bool no_email_faults;		/* no mail for a VRRP FAULT */
	bool no_checker_emails;		/* read; keel mails real server changes only anyway */
	struct cfg_loc server_where;	/* file valid only during cfg_load */
};

/* nftables, nftables_priority, nftables_counters, nftables_ifindex: the
 * table no_accept drops VIP traffic in (vrrp/vrrp_accept.c). */
#define CFG_NFT_TABLE_MAX 32
struct cfg_nftables {
	char table[CFG_NFT_TABLE_MAX + 1];	/* "keel" unless nftables names one */
	int priority;				/* of its chain; keepalived's -1 */
	bool counters;				/* a counter on each drop rule */
	bool ifindex;				/* read; keel's sets hold no interfaces */
};

extern const struct cfg_nftables cfg_nftables_default;

struct cfg_global {
	char *router_id;
	char *default_interface;	/* static addresses without dev; NULL: eth0 */
	char *script_user, *script_group;
	/* keepalived's top-level namespace and naming keywords (cfg_netns.c) */
	char *net_namespace;		/* keeld runs in /run/netns/NAME; NULL: where started */
	char *net_namespace_ipvs;	/* IPVS's; NULL with _set: where keeld started */
	bool net_namespace_ipvs_set;
	char *instance;			/* pid file names (not ${_INSTANCE}) */
	bool use_pid_dir;		/* pid file in KEEL_RUNDIR/keel/ */
	bool namespace_with_ipsets;	/* read; keel uses no ipsets */
	bool enable_script_security;
	struct cfg_nftables nft;
	/* dynamic_interfaces: the operator expects interfaces that appear later
	 * (keel waits for them either way; see cfg_host.c) */
	bool dynamic_interfaces;
	uint32_t lvs_timeout_tcp, lvs_timeout_tcpfin, lvs_timeout_udp;	/* 0: kernel's */
	bool lvs_flush;
	/* keel's additions: IPVS sysctls, -1 leaves the kernel's value */
	int8_t lvs_expire_nodest_conn, lvs_expire_quiescent_template, lvs_conntrack;
	enum { CFG_FLUSH_ONSTOP_NO, CFG_FLUSH_ONSTOP_VS, CFG_FLUSH_ONSTOP_ALL } lvs_flush_onstop;
	struct cfg_lvs_sync lvs_sync;
	bool enable_snmp_vrrp, enable_snmp_checker, enable_snmp_rfcv2, enable_snmp_rfcv3;
	bool enable_traps;		/* SNMP notifications of the parts enabled */
	char *snmp_socket;
	/* reload_check_config [LOG_FILE]: keel checks every reload before it
	 * applies it anyway; the file gets each check's messages */
	bool reload_check_config;
	char *reload_check_log;
	int vrrp_version;		/* default 2 */
	bool vrrp_strict;
	/* an advert from the master of the last one taken skips the address
	 * list check (instances' default: skip_check_adv_addr) */
	bool vrrp_skip_check_adv_addr;
	/* the VRRP sockets' SO_RCVBUF: each instance on a socket asks for its
	 * kernel_rx_buf_size, else for this policy's size, and the socket
	 * gets the sum (keepalived's rule); NONE leaves the system's default */
	enum cfg_rx_bufs { CFG_RX_BUFS_NONE, CFG_RX_BUFS_MTU, CFG_RX_BUFS_ADVERT,
			   CFG_RX_BUFS_SIZE } vrrp_rx_bufs_policy;
#define CFG_RX_BUF_MAX (1u << 30)	/* any size asked, and their sum */
	uint32_t vrrp_rx_bufs_size;	/* CFG_RX_BUFS_SIZE: bytes per instance */
	uint32_t vrrp_rx_bufs_multiplier;	/* of MTU or ADVERT; default 3 */
#define CFG_VMAC_PREFIX_MAX 11	/* "PREFIX.255" in IFNAMSIZ */
	char *vmac_prefix;		/* use_vmac's interface names: PREFIX.VRID; NULL: keel's */
	char *vmac_addr_prefix;		/* use_vmac_addr's names; NULL: vmac_prefix */
	/* interfaces polled once a second as well as heard from rtnetlink */
	bool linkbeat_use_polling;
	bool vrrp_notify_priority_changes;	/* every instance's, unless it says */
	/* a reload writes the groups' and instances' states to the FIFOs */
	bool fifo_write_vrrp_states_on_reload;
	bool rs_init_notifies;		/* notify_up and "RS ... UP" for the real servers that start up */
	bool log_unknown_vrids;		/* adverts of a VRID no instance of the link has */
	bool checker_log_all_failures;	/* the checks' default (log_all_failures) */
	/* the VRRP thread: nice, SCHED_RR priority (0: none), and with it
	 * the CPU time it may take without blocking before the kernel
	 * stops it (RLIMIT_RTTIME) */
	int8_t vrrp_nice;
	uint8_t vrrp_rt_priority;
	uint32_t vrrp_rlimit_rttime_us;
	uint64_t vrrp_garp_interval_us, vrrp_gna_interval_us;	/* per interface; 0: none */
	uint64_t vrrp_startup_delay_us;	/* VRRP instances wait this long after keeld starts */
	/* checker_priority: the main thread's nice (checks, IPVS, control) */
	int8_t checker_nice;
	bool checker_nice_set;
	/* the main thread's SCHED_RR priority (0: none) and its limit; the
	 * kernel keeps one RLIMIT_RTTIME for the process: cfg_rttime_us */
	uint8_t checker_rt_priority;
	uint32_t checker_rlimit_rttime_us;
	/* vrrp_/checker_cpu_affinity: the VRRP and the main thread's CPUs;
	 * none: the CPUs keeld started with */
	struct cfg_cpus vrrp_cpus, checker_cpus;
	/* process_name, vrrp_process_name, checker_process_name,
	 * bfd_process_name (NULL: unset); process_names sets keepalived's
	 * defaults for those unset (cfg_thread_name) */
	char *name_main, *name_vrrp, *name_checker, *name_bfd;
	bool process_names;
	bool no_swap;			/* vrrp_no_swap or checker_no_swap: one process */
	int16_t umask;			/* -1: unset, keepalived's default (cfg_umask) */
	struct cfg_vrrp_tuning vrrp_tune;	/* the instances' defaults */
	/* notify_fifo gets VRRP and checker events, the others one kind */
	struct cfg_fifo notify_fifo, vrrp_notify_fifo, lvs_notify_fifo;
	bool vrrp_min_garp;		/* one GARP/NA, no second burst */
	/* vrrp_mcast_group4/6: the instances' group, unless they say */
	struct cfg_ip vrrp_mcast_group4, vrrp_mcast_group6;
	/* keeld waits for the startup script before it starts anything, and
	 * for the shutdown script once everything is gone; each is killed
	 * after its timeout (seconds, default CFG_LIFE_SCRIPT_TIMEOUT_S) */
	struct cfg_script startup_script, shutdown_script;
	unsigned startup_script_timeout_s, shutdown_script_timeout_s;
	struct cfg_ssl ssl;		/* the top-level SSL block (not in global_defs) */
	struct cfg_smtp smtp;
};

struct cfg_vip {
	struct cfg_ip addr;
	uint8_t plen;
	struct cfg_ip brd;
	char *dev, *label;
	char *scope;
	char *track_group;		/* static_ipaddress only: its track_group, or NULL */
	struct cfg_loc where;		/* file valid only during cfg_load */
	struct cfg_loc group_where;	/* of the track_group name, likewise */
};

/* The TTL (hop limit) an advert from a unicast peer must arrive with */
struct cfg_ttl_range {
	uint8_t min, max;
};

struct cfg_track {
	char *name;
	int weight;
	bool weight_set, reverse;
	bool reverse_set;		/* the line says reverse or noreverse */
	struct cfg_loc where;		/* file valid only during cfg_load */
};

/* The track_interface, track_script, track_file, track_process and track_bfd lines
 * of an instance or of a sync group (whose lines each member follows). */
struct cfg_tracked {
	struct cfg_track *ifs, *scripts, *files, *procs, *bfds;
	size_t nifs, nscripts, nfiles, nprocs, nbfds;
};

/* A route of virtual_routes / static_routes, as `ip route` takes it. */
enum cfg_route_type { CFG_RT_UNICAST, CFG_RT_BLACKHOLE, CFG_RT_UNREACHABLE, CFG_RT_PROHIBIT };

#define CFG_RT_TABLE_MAIN 254u
#define CFG_RT_SCOPE_UNSET 256	/* the kernel's default for the route */
#define CFG_RT_PROTO_KEEPALIVED 18	/* RTPROT_KEEPALIVED: what keepalived marks its own with */

struct cfg_route {
	enum cfg_route_type type;
	struct cfg_ip dst;
	uint8_t dst_len;
	struct cfg_ip src;		/* preferred source (src ADDR), or unset */
	struct cfg_ip via;		/* gateway, or unset */
	char *dev;			/* or NULL */
	uint32_t table;			/* default main */
	uint32_t metric;		/* default 0 */
	int scope;			/* 0..255 or CFG_RT_SCOPE_UNSET */
	uint8_t protocol;		/* rtm_protocol: keepalived's 18 unless no_track */
	bool no_track;			/* a deletion behind keel's back is not acted on */
	char *track_group;		/* static_routes only: its track_group, or NULL */
	struct cfg_loc where;		/* file valid only during cfg_load */
	struct cfg_loc group_where;	/* of the track_group name, likewise */
};

/* A policy rule of virtual_rules / static_rules, as `ip rule` takes it. */
struct cfg_rule {
	uint8_t af;			/* from the addresses; AF_INET without any */
	struct cfg_ip from, to;		/* unset: all */
	uint8_t from_len, to_len;
	uint32_t table;			/* default main */
	uint32_t priority;
	bool priority_set;		/* else the kernel picks one */
	uint32_t fwmark, fwmask;
	bool fwmark_set;
	char *iif, *oif;		/* or NULL */
	uint8_t protocol;		/* FRA_PROTOCOL: 18 unless no_track (0: none) */
	bool no_track;			/* a deletion behind keel's back is not acted on */
	char *track_group;		/* static_rules only: its track_group, or NULL */
	struct cfg_loc where;		/* file valid only during cfg_load */
	struct cfg_loc group_where;	/* of the track_group name, likewise */
};

struct cfg_routes {
	struct cfg_route *routes;
	size_t nroutes;
	struct cfg_rule *rules;
	size_t nrules;
};

enum cfg_vrrp_state { CFG_VRRP_BACKUP, CFG_VRRP_MASTER };

struct cfg_vrrp {
	char *name;
	enum cfg_vrrp_state state;
	uint8_t af;			/* of the VIPs */
	struct cfg_loc advert_where;	/* file valid only during cfg_load */
	char *ifname;
	unsigned vrid;			/* 1..255, required */
	unsigned priority;		/* default 100 */
	int version;			/* 2 or 3; default global vrrp_version */
	uint64_t advert_int;		/* default 1 s */
	bool nopreempt, accept;
	bool accept_set;		/* accept/no_accept given; else accept unless strict */
	/* strict_mode, skip_check_adv_addr: -1 unset, then the global's once
	 * the config is loaded */
	int8_t strict, skip_check_adv_addr;
	uint32_t kernel_rx_buf_size;	/* its share of its socket's SO_RCVBUF; 0: the policy's */
	uint64_t preempt_delay;
	struct cfg_ip mcast_src_ip, unicast_src_ip;
	/* the group adverts go to and come from: mcast_dst_ip, else global
	 * vrrp_mcast_group4/6, else 224.0.0.18 / ff02::12 (set once loaded) */
	struct cfg_ip mcast_dst_ip;
	struct cfg_ip *unicast_peers;
	struct cfg_ttl_range *peer_ttl;	/* one per peer: min_ttl/max_ttl */
	size_t npeers;
	uint8_t unicast_ttl;		/* of the adverts sent to peers; 255 */
	bool unicast_fault_no_peer;	/* no peer: FAULT, not multicast */
	bool track_src_ip;		/* FAULT while the source address is missing */
	bool promote_secondaries;	/* its interface's sysctl, while it runs */
	bool dont_track_primary;	/* its own interface down is no fault */
	bool linkbeat_use_polling;	/* its interfaces polled, as well as heard */
	struct cfg_vip *vips, *evips;
	size_t nvips, nevips;
	struct cfg_routes vroutes;	/* virtual_routes, virtual_rules: while MASTER */
	struct cfg_tracked track;
	char *auth_type, *auth_pass;
	struct cfg_script notify, notify_master, notify_backup, notify_fault, notify_stop;
	struct cfg_script notify_master_rx_lower_pri;	/* a master heard a lower priority */
	int8_t notify_priority_changes;	/* -1: the group's, else the global's */
	uint8_t smtp_alert;		/* as cfg_rs's */
	bool use_vmac;
	char *vmac_name;
	bool use_vmac_addr;		/* a macvlan on each other interface of its VIPs */
	bool vmac_xmit_base;
	struct cfg_vrrp_tuning tune;	/* every field set once the config is loaded */
	/* for messages; files valid only during cfg_load */
	struct cfg_loc where, vrid_where, version_where, auth_where, mcast_dst_where;
	struct cfg_loc state_where;	/* file NULL: no state line */
	struct cfg_loc nopreempt_where;	/* file NULL: no nopreempt line */
	bool vrid_given, ifname_given;	/* even when their value was bad */
	struct cfg_loc ifname_where;	/* file valid only during cfg_load */
};

struct cfg_vrrp_script {
	char *name;
	struct cfg_script script;
	uint64_t interval, timeout;
	int weight;
	bool weight_reverse;
	unsigned rise, fall;
	bool init_fail;			/* starts failed rather than unknown */
};

struct cfg_sync_group {
	char *name;
	char **members;
	size_t nmembers;
	struct cfg_script notify, notify_master, notify_backup, notify_fault, notify_stop;
	struct cfg_tracked track;
	bool tracking_weight;		/* sync_group_tracking_weight: members' weights count */
	int8_t notify_priority_changes;	/* -1: unset; else its members' unless they say */
	uint8_t smtp_alert;		/* as cfg_rs's */
	struct cfg_loc where;		/* file valid only during cfg_load */
	struct cfg_loc *member_where;	/* one per member, likewise */
};

/* garp_group: interfaces sharing one pace of gratuitous ARPs / NAs */
struct cfg_garp_group {
	uint64_t garp_interval_us, gna_interval_us;
	char **ifnames;
	size_t nifnames;
	struct cfg_loc where;		/* file valid only during cfg_load */
};

/* interface_up_down_delays: a link change counts once it has lasted */
struct cfg_if_delay {
	char *ifname;
	uint64_t down_us, up_us;
};

struct cfg_track_file {
	char *name;
	char *file;
	int weight;
	bool weight_reverse;
	bool init_file, init_overwrite;	/* init_file [VALUE] [overwrite] */
	int64_t init_value;
};

/* vrrp_track_process NAME { process NAME [PARAM...]; ... } */
enum cfg_param_match {
	CFG_PARAM_EXACT,	/* every parameter, and no more */
	CFG_PARAM_PARTIAL,	/* the first n parameters; more may follow */
	CFG_PARAM_INITIAL,	/* as partial, the last one a prefix */
};

struct cfg_track_process {
	char *name;
	char **argv;			/* process: argv[0] the command */
	size_t argc;
	/* with parameters or full_command the command line is matched,
	 * else the process name (/proc/PID/comm); param_match alone with no
	 * parameters: a command line of the command only */
	bool param_match_set;
	enum cfg_param_match param_match;
	bool full_command;
	int weight;			/* default 1 */
	bool weight_reverse;
	uint32_t quorum, quorum_max;	/* matching processes for "up": 1, UINT32_MAX */
	uint64_t fork_delay_us, terminate_delay_us;
	struct cfg_loc where;
};

/* track_group NAME { group { VI_1 VI_2 } } (keepalived 2.2.7's name; keel
 * also reads it as static_track_group): the instances that track the links
 * of the static addresses, routes and rules naming it. */
struct cfg_track_group {
	char *name;
	char **insts;
	size_t ninsts;
	struct cfg_loc where;		/* file valid only during cfg_load */
	struct cfg_loc *inst_where;	/* one per instance, likewise */
};

/* bfd_instance NAME { ... } (keepalived.conf(5) "BFD CONFIGURATION") */
#define CFG_BFD_NAME_MAX 31
struct cfg_bfd {
	char *name;
	struct cfg_ip neighbor, source;	/* source unset: the kernel's choice */
	uint32_t min_rx_us, min_tx_us, idle_tx_us;	/* 10 ms, 10 ms, 1 s */
	uint8_t mult;			/* 5 */
	uint8_t ttl;			/* ttl / hoplimit: 255 (IPv4), 64 (IPv6) once loaded */
	int16_t max_hops;		/* -1..255, 0; 255 (and -1): not checked */
	bool passive;
	int weight;			/* track_bfd's default */
	bool weight_reverse;
	bool to_vrrp, to_checker;	/* where its state goes; both unless one is said */
	struct cfg_loc where;		/* file valid only during cfg_load */
};

struct config {
	char *path;			/* the file it was read from */
	unsigned parts_read;		/* parts its top file was read in at once (cfg_parts.c); 0: whole */
	struct cfg_global global;
	struct cfg_vs *vs;
	size_t nvs;
	struct cfg_vsg *vsg;
	size_t nvsg;
	struct cfg_vrrp *vrrp;
	size_t nvrrp;
	struct cfg_vrrp_script *scripts;
	size_t nscripts;
	struct cfg_sync_group *groups;
	size_t ngroups;
	struct cfg_track_file *track_files;
	size_t ntrack_files;
	struct cfg_track_process *track_procs;
	size_t ntrack_procs;
	struct cfg_bfd *bfds;
	size_t nbfds;
	struct cfg_garp_group *garp_groups;
	size_t ngarp_groups;
	struct cfg_if_delay *if_delays;
	size_t nif_delays;
	struct cfg_routes static_rt;	/* static_routes, static_rules: always */
	struct cfg_vip *static_addrs;	/* static_ipaddress: always, dev set */
	size_t nstatic_addrs;
	struct cfg_track_group *track_groups;
	size_t ntrack_groups;
};

/* Reads and validates path. Returns the model, or NULL when diag holds at
 * least one error. Warnings alone still give a model. */
const char *cfg_check_kind_name(enum cfg_check_kind k);
bool cfg_ip_parse(const char *s, struct cfg_ip *out);
/* "none" for an unset address. */
void cfg_ip_format(const struct cfg_ip *ip, char *buf, size_t len);
/* The same family and address (two unset ones are equal). */
bool cfg_ip_equal(const struct cfg_ip *a, const struct cfg_ip *b);
/* Two optional words of the model: NULL is the same as "". */
bool cfg_str_equal(const char *a, const char *b);

struct cfg_inputs;

struct cfg_load_opts {
	const char *config_id;	/* -i/--config-id */
	/* When set, every checker block of a kind it says keel does not run
	 * is warned about at its place (the model keeps no locations). */
	bool (*check_kind_runs)(enum cfg_check_kind kind);
	struct cfg_inputs *inputs;	/* NULL, or filled as cfg_inputs.h says */
	/* Look the config's interfaces up on this host and warn at the place
	 * of each one missing (cfg_host.c): keeld and keeld -t set it; unit
	 * tests, whose host varies, leave it off. */
	bool host_checks;
	/* A big file is read in parts at once, one thread each (cfg_parts.c):
	 * at most parts of them (0: one per online CPU, up to CFG_PARTS_MAX;
	 * 1: the file is read whole on the calling thread), each of at least
	 * part_min bytes (0: CFG_PART_MIN). The result is the same either way. */
	unsigned parts;
	size_t part_min;
};
#define CFG_PARTS_MAX 4
#define CFG_PART_MIN ((size_t)128 << 10)

struct config *cfg_load(const char *path, const struct cfg_load_opts *opts, struct cfg_diag *diag);
struct config *cfg_load_string(const char *name, const char *text,
			       const struct cfg_load_opts *opts, struct cfg_diag *diag);
void cfg_free(struct config *cfg);
/* The vrrp_script, vrrp_track_file and vrrp_track_process blocks of that
 * name, or NULL. */
const struct cfg_vrrp_script *cfg_script_named(const struct config *cfg, const char *name);
/* The vrrp_instance of that name, or NULL. */
const struct cfg_vrrp *cfg_vrrp_named(const struct config *cfg, const char *name);
const struct cfg_track_file *cfg_track_file_named(const struct config *cfg, const char *name);
const struct cfg_track_process *cfg_track_process_named(const struct config *cfg, const char *name);
/* The bfd_instance of that name, or NULL (cfg_bfd.c). */
const struct cfg_bfd *cfg_bfd_named(const struct config *cfg, const char *name);
/* Same settings (what a session needs to be restarted for or retuned). */
bool cfg_bfd_equal(const struct cfg_bfd *a, const struct cfg_bfd *b);
/* The k-th of an instance's virtual_ipaddress then
 * virtual_ipaddress_excluded lines, k < nvips + nevips. */
static inline const struct cfg_vip *cfg_vrrp_vip(const struct cfg_vrrp *c, size_t k)
{
	return k < c->nvips ? &c->vips[k] : &c->evips[k - c->nvips];
}
/* The garp_group an interface is in, or NULL (cfg_garp.c). */
const struct cfg_garp_group *cfg_garp_group_of(const struct config *cfg, const char *ifname);
/* The vrrp_sync_group the instance of that name is a member of, or NULL. */
const struct cfg_sync_group *cfg_group_of(const struct config *cfg, const char *instance);

/* Writes the keyword inventory (docs/keepalived-compat.md) as Markdown. */
void cfg_keywords_markdown(FILE *out);

#endif
