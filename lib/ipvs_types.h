// SPDX-License-Identifier: GPL-2.0-or-later
/* The plain, comparable model of kernel IPVS state: virtual services, their
 * real servers (dests), and a table holding both in one canonical order.
 * No I/O here: the netlink driver fills and reads these, the planner diffs
 * them, tests build them by hand. */
#ifndef KEEL_IPVS_TYPES_H
#define KEEL_IPVS_TYPES_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Kernel limits, including the terminating NUL. */
#define IPVS_SCHED_NAME_MAX 16
#define IPVS_PE_NAME_MAX 16
#define IPVS_IFNAME_MAX 16

/* Buffer sizes for ipvs_service_name() and ipvs_dest_name(). */
#define IPVS_DEST_NAME_LEN (INET6_ADDRSTRLEN + 8)	/* "[addr]:65535" */
#define IPVS_SVC_NAME_LEN (IPVS_DEST_NAME_LEN + 8)	/* "SCTP " + dest */

/* Service flags, with the kernel's values. The scheduler flags mean what
 * the scheduler makes of them: sh and mh read SCHED1 as "fallback" and
 * SCHED2 as "hash the port too". */
#define IPVS_SVC_F_PERSISTENT 0x0001
#define IPVS_SVC_F_HASHED 0x0002	/* kernel bookkeeping: never in the model */
#define IPVS_SVC_F_ONEPACKET 0x0004
#define IPVS_SVC_F_SCHED1 0x0008
#define IPVS_SVC_F_SCHED2 0x0010
#define IPVS_SVC_F_SCHED3 0x0020
#define IPVS_SVC_F_SH_FALLBACK IPVS_SVC_F_SCHED1
#define IPVS_SVC_F_SH_PORT IPVS_SVC_F_SCHED2
#define IPVS_SVC_F_MH_FALLBACK IPVS_SVC_F_SCHED1
#define IPVS_SVC_F_MH_PORT IPVS_SVC_F_SCHED2
/* Every flag a service can be configured with. */
#define IPVS_SVC_F_CONFIG (IPVS_SVC_F_PERSISTENT | IPVS_SVC_F_ONEPACKET | \
			   IPVS_SVC_F_SCHED1 | IPVS_SVC_F_SCHED2 | IPVS_SVC_F_SCHED3)

/* Forwarding methods, with the kernel's values. */
enum ipvs_fwd {
	IPVS_FWD_NAT = 0,	/* masquerading */
	IPVS_FWD_LOCAL = 1,
	IPVS_FWD_TUN = 2,
	IPVS_FWD_DR = 3,	/* direct routing ("gatewaying") */
	IPVS_FWD_BYPASS = 4,
};

/* Tunnel encapsulations and their checksum flags (kernel values). */
enum ipvs_tun_type {
	IPVS_TUN_IPIP = 0,
	IPVS_TUN_GUE = 1,
	IPVS_TUN_GRE = 2,
};
#define IPVS_TUN_F_CSUM 0x0001
#define IPVS_TUN_F_REMCSUM 0x0002

union ipvs_addr {
	struct in_addr in4;
	struct in6_addr in6;
	uint8_t b[16];
};

/* A virtual service. Its key is (af, protocol, addr, port), or (fwmark, af)
 * for a firewall-mark service; every other field is settable in place. */
struct ipvs_service {
	uint16_t af;			/* AF_INET or AF_INET6 */
	uint16_t protocol;		/* IPPROTO_TCP/UDP/SCTP; 0 with fwmark */
	uint16_t port;			/* host order; 0 with fwmark */
	uint32_t fwmark;		/* non-zero: a firewall-mark service */
	union ipvs_addr addr;		/* all zero with fwmark */
	char sched[IPVS_SCHED_NAME_MAX];	/* "rr", "wlc", "sh", "mh", ... */
	char pe_name[IPVS_PE_NAME_MAX];	/* persistence engine, "" for none */
	uint32_t flags;			/* IPVS_SVC_F_CONFIG bits only */
	uint32_t timeout;		/* persistence timeout, seconds */
	uint32_t netmask;		/* IPv4: mask in host order; IPv6: prefix length */
};

/* Counters the kernel reports with a dest: observed only, never compared. */
struct ipvs_dest_conns {
	uint32_t active, inactive, persist;
};

/* A real server of a service. Its key is (af, addr, port); af may differ
 * from the service's for tunnelled dests. */
struct ipvs_dest {
	uint16_t af;
	uint16_t port;			/* host order */
	union ipvs_addr addr;
	uint8_t fwd;			/* enum ipvs_fwd */
	uint8_t tun_type;		/* enum ipvs_tun_type, with IPVS_FWD_TUN */
	uint16_t tun_port;		/* host order, GUE only */
	uint16_t tun_flags;		/* IPVS_TUN_F_* */
	int32_t weight;			/* >= 0; 0 takes the dest out of scheduling */
	uint32_t u_threshold;		/* connection limits, 0 for none */
	uint32_t l_threshold;
	struct ipvs_dest_conns conns;
};

/* One virtual service and its dests, kept in canonical order. */
struct ipvs_entry {
	struct ipvs_service svc;
	struct ipvs_dest *dests;
	size_t ndests, cap;
};

/* A whole IPVS table. A zeroed struct is an empty table. */
struct ipvs_table {
	struct ipvs_entry *ent;
	size_t n, cap;
};

/* Global settings the kernel reports beside the table. */
struct ipvs_info {
	uint32_t version;		/* 0x010201 is 1.2.1 */
	uint32_t conn_tab_size;
};

/* Connection timeouts in seconds; 0 on a set means "leave it alone". */
struct ipvs_timeouts {
	uint32_t tcp, tcp_fin, udp;
};

enum ipvs_daemon_state {
	IPVS_DAEMON_MASTER = 1,
	IPVS_DAEMON_BACKUP = 2,
};

/* A connection-sync daemon. On start, zero optional fields mean the
 * kernel's defaults (maxlen from the MTU, group 224.0.0.81, port 8848,
 * ttl 1); the kernel reports the values it uses. */
struct ipvs_daemon {
	uint32_t state;			/* enum ipvs_daemon_state */
	char ifname[IPVS_IFNAME_MAX];
	uint32_t syncid;
	uint16_t maxlen;		/* sync message size */
	uint16_t group_af;		/* 0: default group */
	union ipvs_addr group;
	uint16_t port;			/* host order */
	uint8_t ttl;
};

/* Key order and equality. */
size_t ipvs_addr_len(int af);
int ipvs_service_cmp(const struct ipvs_service *a, const struct ipvs_service *b);
bool ipvs_service_equal(const struct ipvs_service *a, const struct ipvs_service *b);
int ipvs_dest_cmp(const struct ipvs_dest *a, const struct ipvs_dest *b);
bool ipvs_dest_equal(const struct ipvs_dest *a, const struct ipvs_dest *b);
/* What ipvs_dest_equal adds to the key: the settings an edit changes. */
bool ipvs_dest_settings_equal(const struct ipvs_dest *a, const struct ipvs_dest *b);
/* 0, or -EINVAL when a service could never be sent to the kernel. */
int ipvs_service_check(const struct ipvs_service *svc);
int ipvs_dest_check(const struct ipvs_dest *d);
/* The netmask meaning "each client on its own": 255.255.255.255 or /128. */
uint32_t ipvs_netmask_full(int af);

/* Names for messages: "UDP 10.0.0.1:51820", "FWM 5", "FWM 5 IPv6",
 * "[2001:db8::2]:51820". They return buf. */
char *ipvs_service_name(const struct ipvs_service *svc, char buf[IPVS_SVC_NAME_LEN]);
char *ipvs_dest_name(const struct ipvs_dest *d, char buf[IPVS_DEST_NAME_LEN]);
char *ipvs_addr_str(int af, const union ipvs_addr *a, char buf[INET6_ADDRSTRLEN]);
const char *ipvs_proto_name(int protocol);	/* "TCP", "UDP", "SCTP", "?" */
const char *ipvs_fwd_name(int fwd);		/* "Route", "Masq", "Tunnel", ... */

/* Table building. Appending keeps no order (and may move entries: earlier
 * pointers go stale); ipvs_table_sort() then orders everything and fails
 * with -EEXIST on a duplicate key. The other calls need a sorted table. */
void ipvs_table_free(struct ipvs_table *t);
struct ipvs_entry *ipvs_table_append(struct ipvs_table *t, const struct ipvs_service *svc);
struct ipvs_dest *ipvs_entry_append(struct ipvs_entry *e, const struct ipvs_dest *d);
/* Room for n entries (dests) in all, so that appends up to n do not move
 * them; 0 or -ENOMEM. */
int ipvs_table_reserve(struct ipvs_table *t, size_t n);
int ipvs_entry_reserve(struct ipvs_entry *e, size_t n);
/* Gives back e's room beyond its dests (a table kept, not grown further). */
void ipvs_entry_fit(struct ipvs_entry *e);
int ipvs_table_sort(struct ipvs_table *t);
int ipvs_entry_sort(struct ipvs_entry *e);
bool ipvs_table_sorted(const struct ipvs_table *t);
size_t ipvs_table_ndests(const struct ipvs_table *t);

struct ipvs_entry *ipvs_table_find(const struct ipvs_table *t, const struct ipvs_service *key);
/* The first index of t whose service is not below key (t->n: none). */
size_t ipvs_table_lower_bound(const struct ipvs_table *t, const struct ipvs_service *key);
struct ipvs_dest *ipvs_entry_find(const struct ipvs_entry *e, const struct ipvs_dest *key);
/* Sorted inserts and removals: -EEXIST, -ESRCH (no service), -ENOENT (no
 * dest), -ENOMEM. A removed service takes its dests with it. */
int ipvs_table_insert(struct ipvs_table *t, const struct ipvs_service *svc, struct ipvs_entry **out);
int ipvs_table_remove(struct ipvs_table *t, const struct ipvs_service *key);
int ipvs_entry_insert(struct ipvs_entry *e, const struct ipvs_dest *d);
int ipvs_entry_remove(struct ipvs_entry *e, const struct ipvs_dest *key);

int ipvs_table_copy(struct ipvs_table *dst, const struct ipvs_table *src);
/* Same keys and same settings everywhere (dest counters aside). */
bool ipvs_table_equal(const struct ipvs_table *a, const struct ipvs_table *b);

#endif
