// SPDX-License-Identifier: GPL-2.0-or-later
/* ipvsadm-style listings of the IPVS model. The column widths and words
 * were taken from ipvsadm 1.31's output on a real kernel. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ipvs_fmt.h"

static const char *const col_head[] = {
	[IPVS_FMT_DEFAULT] = "Prot LocalAddress:Port Scheduler Flags\n"
			     "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n",
	[IPVS_FMT_TUN_INFO] = "Prot LocalAddress:Port Scheduler Flags\n"
			      "  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n",
	[IPVS_FMT_THRESHOLDS] = "Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn \n"
				"  -> RemoteAddress:Port\n",
	[IPVS_FMT_PERSIST_CONN] = "Prot LocalAddress:Port            Weight    PersistConn ActiveConn InActConn \n"
				  "  -> RemoteAddress:Port\n",
};

/* sh and mh give the first two scheduler flags names of their own; other
 * schedulers show all three by number. */
static void sched_flags(const struct ipvs_service *svc, char *buf, size_t len)
{
	static const char *const sh[] = { "sh-fallback", "sh-port", NULL };
	static const char *const mh[] = { "mh-fallback", "mh-port", NULL };
	static const char *const any[] = { "flag-1", "flag-2", "flag-3" };
	const char *const *names = any;
	size_t off = 0;

	if (strcmp(svc->sched, "sh") == 0)
		names = sh;
	else if (strcmp(svc->sched, "mh") == 0)
		names = mh;
	buf[0] = '\0';
	for (int i = 0; i < 3; i++) {
		if (!(svc->flags & (IPVS_SVC_F_SCHED1 << i)) || !names[i])
			continue;
		off += snprintf(buf + off, len - off, "%s%s", off ? "," : "", names[i]);
		if (off >= len)
			return;
	}
}

static void mask_str(const struct ipvs_service *svc, char *buf, size_t len)
{
	union ipvs_addr m = { .in4.s_addr = htonl(svc->netmask) };

	if (svc->af == AF_INET6)
		snprintf(buf, len, "%u", svc->netmask);
	else
		ipvs_addr_str(AF_INET, &m, buf);
}

int ipvs_fmt_service(FILE *f, const struct ipvs_service *svc)
{
	char name[IPVS_SVC_NAME_LEN], flags[64], mask[INET6_ADDRSTRLEN];
	struct ipvs_dest ap = { .af = svc->af, .addr = svc->addr, .port = svc->port };

	if (svc->fwmark)
		fprintf(f, "FWM  %u %s%s", svc->fwmark, svc->af == AF_INET6 ? "IPv6 " : "", svc->sched);
	else
		fprintf(f, "%-4s %s %s", ipvs_proto_name(svc->protocol), ipvs_dest_name(&ap, name),
			svc->sched);
	sched_flags(svc, flags, sizeof(flags));
	if (flags[0])
		fprintf(f, " (%s)", flags);
	if (svc->flags & IPVS_SVC_F_PERSISTENT) {
		fprintf(f, " persistent %u", svc->timeout);
		mask_str(svc, mask, sizeof(mask));
		if (svc->netmask != ipvs_netmask_full(svc->af))
			fprintf(f, " mask %s", mask);
	}
	if (svc->pe_name[0])
		fprintf(f, " pe %s", svc->pe_name);
	if (svc->flags & IPVS_SVC_F_ONEPACKET)
		fputs(" ops", f);
	return ferror(f) ? -EIO : 0;
}

/* "gue:6080:+c", "gre:-c", "ipip", or "n/a" for dests that do not tunnel. */
static const char *tun_info(const struct ipvs_dest *d, char *buf, size_t len)
{
	const char *csum = d->tun_flags & IPVS_TUN_F_REMCSUM ? "r+c"
			   : d->tun_flags & IPVS_TUN_F_CSUM ? "+c" : "-c";

	if (d->fwd != IPVS_FWD_TUN)
		return "n/a";
	switch (d->tun_type) {
	case IPVS_TUN_IPIP:
		return "ipip";
	case IPVS_TUN_GUE:
		snprintf(buf, len, "gue:%u:%s", d->tun_port, csum);
		return buf;
	case IPVS_TUN_GRE:
		snprintf(buf, len, "gre:%s", csum);
		return buf;
	default:
		return "?";
	}
}

static void fmt_dest(FILE *f, const struct ipvs_dest *d, enum ipvs_fmt_cols cols)
{
	char name[IPVS_DEST_NAME_LEN], tun[32];

	fprintf(f, "  -> %-28s ", ipvs_dest_name(d, name));
	switch (cols) {
	case IPVS_FMT_TUN_INFO:
		fprintf(f, "%-7s %-13s %-6d ", ipvs_fwd_name(d->fwd), tun_info(d, tun, sizeof(tun)),
			d->weight);
		break;
	case IPVS_FMT_THRESHOLDS:
		fprintf(f, "%-10u %-10u ", d->u_threshold, d->l_threshold);
		break;
	case IPVS_FMT_PERSIST_CONN:
		fprintf(f, "%-9d %-11u ", d->weight, d->conns.persist);
		break;
	default:
		fprintf(f, "%-7s %-6d ", ipvs_fwd_name(d->fwd), d->weight);
		break;
	}
	fprintf(f, "%-10u %-10u\n", d->conns.active, d->conns.inactive);
}

int ipvs_fmt_table(FILE *f, const struct ipvs_table *t, const struct ipvs_info *info,
		   enum ipvs_fmt_cols cols)
{
	return ipvs_fmt_table_marked(f, t, info, cols, NULL, NULL);
}

int ipvs_fmt_table_marked(FILE *f, const struct ipvs_table *t, const struct ipvs_info *info,
			  enum ipvs_fmt_cols cols, ipvs_fmt_mark_fn *mark, void *arg)
{
	if ((unsigned)cols > IPVS_FMT_PERSIST_CONN)
		return -EINVAL;
	if (info)
		fprintf(f, "IP Virtual Server version %u.%u.%u (size=%u)\n",
			(info->version >> 16) & 0xff, (info->version >> 8) & 0xff,
			info->version & 0xff, info->conn_tab_size);
	fputs(col_head[cols], f);
	for (size_t i = 0; i < t->n; i++) {
		ipvs_fmt_service(f, &t->ent[i].svc);
		if (mark && mark(&t->ent[i].svc, arg))
			fputs(" *", f);
		fputc('\n', f);
		for (size_t j = 0; j < t->ent[i].ndests; j++)
			fmt_dest(f, &t->ent[i].dests[j], cols);
	}
	return ferror(f) ? -EIO : 0;
}

char *ipvs_fmt_table_str(const struct ipvs_table *t, const struct ipvs_info *info,
			 enum ipvs_fmt_cols cols)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int rc;

	if (!f)
		return NULL;
	rc = ipvs_fmt_table(f, t, info, cols);
	if (fclose(f) != 0 || rc < 0) {
		free(text);
		return NULL;
	}
	return text;
}

int ipvs_fmt_timeouts(FILE *f, const struct ipvs_timeouts *to)
{
	fprintf(f, "Timeout (tcp tcpfin udp): %u %u %u\n", to->tcp, to->tcp_fin, to->udp);
	return ferror(f) ? -EIO : 0;
}

int ipvs_fmt_daemon(FILE *f, const struct ipvs_daemon *d)
{
	char group[INET6_ADDRSTRLEN];

	fprintf(f, "%s sync daemon (mcast=%s, syncid=%u, maxlen=%u",
		d->state == IPVS_DAEMON_BACKUP ? "backup" : "master", d->ifname, d->syncid,
		d->maxlen);
	if (d->group_af)
		fprintf(f, ", group=%s", ipvs_addr_str(d->group_af, &d->group, group));
	fprintf(f, ", port=%u, ttl=%u)\n", d->port, d->ttl);
	return ferror(f) ? -EIO : 0;
}
