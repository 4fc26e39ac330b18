// SPDX-License-Identifier: GPL-2.0-or-later
/* An ipvsadm-rules reader for the lab probe. Understands:
 *   -A -t|-u|--sctp-service ADDR:PORT | -f MARK [-6] [-s SCHED] [-p [SECS]]
 *      [-M MASK] [--pe NAME] [-o] [-b FLAG,...]
 *   -a SERVICE -r ADDR[:PORT] [-g|-m|-i] [-w W] [-x U] [-y L]
 *      [--tun-type ipip|gue|gre] [--tun-port P] [--tun-nocsum|--tun-csum|--tun-remcsum]
 * with ipvsadm's defaults: scheduler wlc, persistence 360 s, weight 1,
 * direct routing, a dest port defaulting to the service's. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ipvs-rules.h"

#define MAX_WORDS 32

struct line {
	char *w[MAX_WORDS];
	int n, i;
	const char *err;
};

static const char *next(struct line *l)
{
	return l->i < l->n ? l->w[l->i++] : NULL;
}

static bool number(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	if (!s || !*s)
		return false;
	errno = 0;
	*out = strtoul(s, &end, 10);
	return !errno && !*end && *out <= max;
}

/* "10.0.0.1:80", "[2001:db8::1]:80", "10.0.0.1" (port 0, has_port false). */
static bool addr_port(const char *s, uint16_t *af, union ipvs_addr *a, uint16_t *port, bool *has_port)
{
	char buf[INET6_ADDRSTRLEN + 16], *host = buf, *p = NULL;
	unsigned long v;

	snprintf(buf, sizeof(buf), "%s", s);
	if (buf[0] == '[') {
		host = buf + 1;
		if (!(p = strchr(host, ']')))
			return false;
		*p++ = '\0';
		p = *p == ':' ? p + 1 : *p ? NULL : p;
		if (!p)
			return false;
	} else if ((p = strchr(buf, ':'))) {
		*p++ = '\0';
	}
	*has_port = p && *p;
	*port = 0;
	if (*has_port && !(number(p, 65535, &v) && (*port = (uint16_t)v, true)))
		return false;
	memset(a, 0, sizeof(*a));
	*af = strchr(host, ':') ? AF_INET6 : AF_INET;
	return inet_pton(*af, host, a) == 1;
}

/* The service-selecting options of both -A and -a; false when w is not one. */
static bool service_opt(struct line *l, const char *w, struct ipvs_service *s)
{
	unsigned long v;
	bool has_port;

	if (!strcmp(w, "-t") || !strcmp(w, "-u") || !strcmp(w, "--sctp-service")) {
		s->protocol = w[1] == 't' ? IPPROTO_TCP : w[1] == 'u' ? IPPROTO_UDP : IPPROTO_SCTP;
		if (!addr_port(next(l) ?: "", &s->af, &s->addr, &s->port, &has_port))
			l->err = "bad service address";
	} else if (!strcmp(w, "-f")) {
		if (!number(next(l), UINT32_MAX, &v) || v == 0)
			l->err = "bad firewall mark";
		s->fwmark = (uint32_t)v;
	} else if (!strcmp(w, "-6")) {
		s->af = AF_INET6;
	} else {
		return false;
	}
	return true;
}

static uint32_t sched_flag(const char *f)
{
	static const char *const names[][2] = {
		{ "sh-fallback", "mh-fallback" }, { "sh-port", "mh-port" }, { "flag-3", "flag-3" },
	};
	static const char *const num[] = { "flag-1", "flag-2", "flag-3" };

	for (int i = 0; i < 3; i++)
		if (!strcmp(f, names[i][0]) || !strcmp(f, names[i][1]) || !strcmp(f, num[i]))
			return IPVS_SVC_F_SCHED1 << i;
	return 0;
}

static void svc_flags(struct line *l, const char *list, struct ipvs_service *s)
{
	char buf[128], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", list ? list : "");
	for (char *f = strtok_r(buf, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
		uint32_t bit = sched_flag(f);

		if (!bit)
			l->err = "unknown scheduler flag";
		s->flags |= bit;
	}
}

static void netmask(struct line *l, const char *m, struct ipvs_service *s)
{
	struct in_addr a;
	unsigned long v;

	if (m && strchr(m, '.') && inet_pton(AF_INET, m, &a) == 1)
		s->netmask = ntohl(a.s_addr);
	else if (number(m, 128, &v))
		s->netmask = (uint32_t)v;
	else
		l->err = "bad netmask";
}

static void service_line(struct line *l, struct ipvs_table *t)
{
	struct ipvs_service s = { .af = AF_INET, .sched = "wlc" };
	unsigned long v;
	bool mask = false;

	for (const char *w; !l->err && (w = next(l));) {
		if (service_opt(l, w, &s))
			continue;
		if (!strcmp(w, "-s"))
			snprintf(s.sched, sizeof(s.sched), "%s", next(l) ?: "");
		else if (!strcmp(w, "-p")) {
			s.flags |= IPVS_SVC_F_PERSISTENT;
			s.timeout = 360;
			if (l->i < l->n && number(l->w[l->i], UINT32_MAX, &v) && (l->i++, true))
				s.timeout = (uint32_t)v;
		} else if (!strcmp(w, "-M"))
			mask = true, netmask(l, next(l), &s);
		else if (!strcmp(w, "--pe"))
			snprintf(s.pe_name, sizeof(s.pe_name), "%s", next(l) ?: "");
		else if (!strcmp(w, "-o"))
			s.flags |= IPVS_SVC_F_ONEPACKET;
		else if (!strcmp(w, "-b"))
			svc_flags(l, next(l), &s);
		else
			l->err = "unknown service option";
	}
	if (!mask)
		s.netmask = ipvs_netmask_full(s.af);
	if (!l->err && ipvs_service_check(&s))
		l->err = "incomplete or impossible service";
	if (!l->err && !ipvs_table_append(t, &s))
		l->err = "out of memory";
}

static void tun_opt(struct line *l, const char *w, struct ipvs_dest *d)
{
	unsigned long v;
	const char *a;

	if (!strcmp(w, "--tun-type")) {
		a = next(l) ?: "";
		d->tun_type = !strcmp(a, "gue") ? IPVS_TUN_GUE : !strcmp(a, "gre") ? IPVS_TUN_GRE : IPVS_TUN_IPIP;
		if (strcmp(a, "gue") && strcmp(a, "gre") && strcmp(a, "ipip"))
			l->err = "bad tunnel type";
	} else if (!strcmp(w, "--tun-port")) {
		if (!number(next(l), 65535, &v))
			l->err = "bad tunnel port";
		d->tun_port = (uint16_t)v;
	} else if (!strcmp(w, "--tun-nocsum")) {
		d->tun_flags = 0;
	} else if (!strcmp(w, "--tun-csum")) {
		d->tun_flags = IPVS_TUN_F_CSUM;
	} else if (!strcmp(w, "--tun-remcsum")) {
		d->tun_flags = IPVS_TUN_F_REMCSUM;
	} else {
		l->err = "unknown server option";
	}
}

static void dest_opt(struct line *l, const char *w, struct ipvs_dest *d, bool *has_port)
{
	unsigned long v;

	if (!strcmp(w, "-r")) {
		if (!addr_port(next(l) ?: "", &d->af, &d->addr, &d->port, has_port))
			l->err = "bad server address";
	} else if (!strcmp(w, "-g") || !strcmp(w, "-m") || !strcmp(w, "-i")) {
		d->fwd = w[1] == 'g' ? IPVS_FWD_DR : w[1] == 'm' ? IPVS_FWD_NAT : IPVS_FWD_TUN;
	} else if (!strcmp(w, "-w") || !strcmp(w, "-x") || !strcmp(w, "-y")) {
		if (!number(next(l), w[1] == 'w' ? INT32_MAX : UINT32_MAX, &v))
			l->err = "bad number";
		if (w[1] == 'w')
			d->weight = (int32_t)v;
		else
			*(w[1] == 'x' ? &d->u_threshold : &d->l_threshold) = (uint32_t)v;
	} else {
		tun_opt(l, w, d);
	}
}

static void dest_line(struct line *l, struct ipvs_table *t)
{
	struct ipvs_service s = { .af = AF_INET };
	struct ipvs_dest d = { .fwd = IPVS_FWD_DR, .weight = 1 };
	struct ipvs_entry *e = NULL;
	bool has_port = false;

	for (const char *w; !l->err && (w = next(l));)
		if (!service_opt(l, w, &s))
			dest_opt(l, w, &d, &has_port);
	if (!has_port)
		d.port = s.port;
	for (size_t i = 0; !l->err && i < t->n && !e; i++)
		if (ipvs_service_cmp(&t->ent[i].svc, &s) == 0)
			e = &t->ent[i];
	if (!l->err && !e)
		l->err = "server for a service not defined before";
	if (!l->err && ipvs_dest_check(&d))
		l->err = "impossible server settings";
	if (!l->err && !ipvs_entry_append(e, &d))
		l->err = "out of memory";
}

int ipvs_rules_read(FILE *f, struct ipvs_table *t, char *err, size_t errlen)
{
	char buf[1024];
	int lineno = 0;

	*t = (struct ipvs_table){ 0 };
	while (fgets(buf, sizeof(buf), f)) {
		struct line l = { 0 };
		char *save = NULL;
		const char *cmd;

		lineno++;
		for (char *w = strtok_r(buf, " \t\r\n", &save); w && l.n < MAX_WORDS;
		     w = strtok_r(NULL, " \t\r\n", &save))
			l.w[l.n++] = w;
		if (l.n == 0 || l.w[0][0] == '#')
			continue;
		cmd = next(&l);
		if (!strcmp(cmd, "-A"))
			service_line(&l, t);
		else if (!strcmp(cmd, "-a"))
			dest_line(&l, t);
		else
			l.err = "expected -A or -a";
		if (l.err) {
			snprintf(err, errlen, "%d: %s", lineno, l.err);
			ipvs_table_free(t);
			return -EINVAL;
		}
	}
	if (ipvs_table_sort(t)) {
		snprintf(err, errlen, "%d: duplicate service or server", lineno);
		ipvs_table_free(t);
		return -EINVAL;
	}
	return 0;
}
