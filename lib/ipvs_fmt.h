// SPDX-License-Identifier: GPL-2.0-or-later
/* IPVS state as text, laid out exactly as `ipvsadm -Ln` lays it out, so
 * tests can hold keel's view against the kernel's oracle, and operators
 * read what they already know. Rows come in the table's canonical order
 * (ipvsadm orders some IPv6 addresses differently: compare sorted). */
#ifndef KEEL_IPVS_FMT_H
#define KEEL_IPVS_FMT_H

#include <stdbool.h>
#include <stdio.h>

#include "ipvs_types.h"

/* Which columns the dest rows carry, as ipvsadm's listing options. */
enum ipvs_fmt_cols {
	IPVS_FMT_DEFAULT,	/* -Ln: Forward Weight ActiveConn InActConn */
	IPVS_FMT_TUN_INFO,	/* -Ln --tun-info */
	IPVS_FMT_THRESHOLDS,	/* -Ln --thresholds */
	IPVS_FMT_PERSIST_CONN,	/* -Ln --persistent-conn */
};

/* The whole listing; info NULL leaves out the "IP Virtual Server version"
 * line (as ipvsadm does when it lists one service). 0 or -errno. */
int ipvs_fmt_table(FILE *f, const struct ipvs_table *t, const struct ipvs_info *info,
		   enum ipvs_fmt_cols cols);
/* The same, with " *" after each service row for which mark() is true
 * (keelctl ipvs marks the services keeld manages). */
typedef bool ipvs_fmt_mark_fn(const struct ipvs_service *svc, void *arg);
int ipvs_fmt_table_marked(FILE *f, const struct ipvs_table *t, const struct ipvs_info *info,
			  enum ipvs_fmt_cols cols, ipvs_fmt_mark_fn *mark, void *arg);
/* The same into a malloc'ed string; NULL when memory ran out. */
char *ipvs_fmt_table_str(const struct ipvs_table *t, const struct ipvs_info *info,
			 enum ipvs_fmt_cols cols);

/* One service row without its newline: "UDP  10.0.0.1:51820 sh (sh-port)
 * persistent 300 mask 255.255.255.0". */
int ipvs_fmt_service(FILE *f, const struct ipvs_service *svc);

/* "Timeout (tcp tcpfin udp): 900 120 300" (ipvsadm -L --timeout). */
int ipvs_fmt_timeouts(FILE *f, const struct ipvs_timeouts *to);
/* "master sync daemon (mcast=eth0, syncid=7, maxlen=1472, group=224.0.0.81,
 * port=8848, ttl=1)" (ipvsadm -L --daemon). */
int ipvs_fmt_daemon(FILE *f, const struct ipvs_daemon *d);

#endif
