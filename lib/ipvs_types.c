// SPDX-License-Identifier: GPL-2.0-or-later
/* Keys, equality, names and the sorted table of the IPVS model. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ipvs_types.h"

size_t ipvs_addr_len(int af)
{
	return af == AF_INET6 ? 16 : 4;
}

#define CMP(a, b) (((a) > (b)) - ((a) < (b)))

/* Addresses in network byte order, numerically: an IPv4 one as one word
 * (these compares run for every dest when a table is sorted, checked or
 * planned; memcmp(3) with a length known only at run time is a call). */
static int addr_cmp(const union ipvs_addr *a, const union ipvs_addr *b, int af)
{
	if (af != AF_INET6) {
		uint32_t x = ntohl(a->in4.s_addr), y = ntohl(b->in4.s_addr);

		return CMP(x, y);
	}
	return memcmp(a->b, b->b, 16);
}

/* Canonical order: address services by family, protocol, address, port;
 * then firewall-mark services by mark and family. Addresses compare in
 * network byte order, which is numeric order. */
int ipvs_service_cmp(const struct ipvs_service *a, const struct ipvs_service *b)
{
	int c = CMP(a->fwmark != 0, b->fwmark != 0);

	if (c)
		return c;
	if (a->fwmark)
		return (c = CMP(a->fwmark, b->fwmark)) ? c : CMP(a->af, b->af);
	if ((c = CMP(a->af, b->af)) || (c = CMP(a->protocol, b->protocol)))
		return c;
	if ((c = addr_cmp(&a->addr, &b->addr, a->af)))
		return c;
	return CMP(a->port, b->port);
}

bool ipvs_service_equal(const struct ipvs_service *a, const struct ipvs_service *b)
{
	return ipvs_service_cmp(a, b) == 0 &&
	       strncmp(a->sched, b->sched, sizeof(a->sched)) == 0 &&
	       strncmp(a->pe_name, b->pe_name, sizeof(a->pe_name)) == 0 &&
	       (a->flags & IPVS_SVC_F_CONFIG) == (b->flags & IPVS_SVC_F_CONFIG) &&
	       a->timeout == b->timeout && a->netmask == b->netmask;
}

int ipvs_dest_cmp(const struct ipvs_dest *a, const struct ipvs_dest *b)
{
	int c = CMP(a->af, b->af);

	if (c || (c = addr_cmp(&a->addr, &b->addr, a->af)))
		return c;
	return CMP(a->port, b->port);
}

bool ipvs_dest_settings_equal(const struct ipvs_dest *a, const struct ipvs_dest *b)
{
	return a->fwd == b->fwd && a->tun_type == b->tun_type && a->tun_port == b->tun_port &&
	       a->tun_flags == b->tun_flags && a->weight == b->weight &&
	       a->u_threshold == b->u_threshold && a->l_threshold == b->l_threshold;
}

bool ipvs_dest_equal(const struct ipvs_dest *a, const struct ipvs_dest *b)
{
	return ipvs_dest_cmp(a, b) == 0 && ipvs_dest_settings_equal(a, b);
}

static bool af_ok(int af)
{
	return af == AF_INET || af == AF_INET6;
}

static bool name_ok(const char *s, size_t size, bool may_be_empty)
{
	size_t n = strnlen(s, size);

	return n < size && (may_be_empty || n > 0);
}

int ipvs_service_check(const struct ipvs_service *svc)
{
	static const union ipvs_addr zero;

	if (!af_ok(svc->af) || (svc->flags & ~IPVS_SVC_F_CONFIG) ||
	    !name_ok(svc->sched, sizeof(svc->sched), false) ||
	    !name_ok(svc->pe_name, sizeof(svc->pe_name), true))
		return -EINVAL;
	if (svc->af == AF_INET6 && (svc->netmask < 1 || svc->netmask > 128))
		return -EINVAL;
	if (svc->fwmark)
		return svc->protocol || svc->port || memcmp(&svc->addr, &zero, sizeof(zero))
			       ? -EINVAL : 0;
	switch (svc->protocol) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_SCTP:
		return 0;
	default:
		return -EINVAL;
	}
}

int ipvs_dest_check(const struct ipvs_dest *d)
{
	if (!af_ok(d->af) || d->fwd > IPVS_FWD_BYPASS || d->tun_type > IPVS_TUN_GRE ||
	    d->weight < 0 || d->l_threshold > d->u_threshold)
		return -EINVAL;
	if (d->fwd == IPVS_FWD_TUN && d->tun_type == IPVS_TUN_GUE && d->tun_port == 0)
		return -EINVAL;
	return 0;
}

uint32_t ipvs_netmask_full(int af)
{
	return af == AF_INET6 ? 128 : 0xffffffffu;
}

char *ipvs_addr_str(int af, const union ipvs_addr *a, char buf[INET6_ADDRSTRLEN])
{
	if (!inet_ntop(af == AF_INET6 ? AF_INET6 : AF_INET, a, buf, INET6_ADDRSTRLEN))
		snprintf(buf, INET6_ADDRSTRLEN, "?");
	return buf;
}

static char *addr_port_str(int af, const union ipvs_addr *a, uint16_t port, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN];

	ipvs_addr_str(af, a, ip);
	snprintf(buf, len, af == AF_INET6 ? "[%s]:%u" : "%s:%u", ip, port);
	return buf;
}

const char *ipvs_proto_name(int protocol)
{
	switch (protocol) {
	case IPPROTO_TCP:
		return "TCP";
	case IPPROTO_UDP:
		return "UDP";
	case IPPROTO_SCTP:
		return "SCTP";
	default:
		return "?";
	}
}

const char *ipvs_fwd_name(int fwd)
{
	static const char *const names[] = {
		[IPVS_FWD_NAT] = "Masq", [IPVS_FWD_LOCAL] = "Local",
		[IPVS_FWD_TUN] = "Tunnel", [IPVS_FWD_DR] = "Route",
		[IPVS_FWD_BYPASS] = "Bypass",
	};

	return fwd >= 0 && fwd <= IPVS_FWD_BYPASS ? names[fwd] : "?";
}

char *ipvs_service_name(const struct ipvs_service *svc, char buf[IPVS_SVC_NAME_LEN])
{
	char ap[IPVS_DEST_NAME_LEN];

	if (svc->fwmark)
		snprintf(buf, IPVS_SVC_NAME_LEN, "FWM %u%s", svc->fwmark,
			 svc->af == AF_INET6 ? " IPv6" : "");
	else
		snprintf(buf, IPVS_SVC_NAME_LEN, "%s %s", ipvs_proto_name(svc->protocol),
			 addr_port_str(svc->af, &svc->addr, svc->port, ap, sizeof(ap)));
	return buf;
}

char *ipvs_dest_name(const struct ipvs_dest *d, char buf[IPVS_DEST_NAME_LEN])
{
	return addr_port_str(d->af, &d->addr, d->port, buf, IPVS_DEST_NAME_LEN);
}

/* --- the table ------------------------------------------------------- */

/* Room for need elements: the (maybe moved) array, or NULL when memory ran
 * out (v stays valid then). */
static void *grow(void *v, size_t *cap, size_t need, size_t size)
{
	size_t ncap;
	void *nv;

	if (need <= *cap)
		return v;
	ncap = *cap ? *cap * 2 : 8;
	while (ncap < need)
		ncap *= 2;
	nv = reallocarray(v, ncap, size);
	if (nv)
		*cap = ncap;
	return nv;
}

void ipvs_table_free(struct ipvs_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->ent[i].dests);
	free(t->ent);
	*t = (struct ipvs_table){ 0 };
}

struct ipvs_entry *ipvs_table_append(struct ipvs_table *t, const struct ipvs_service *svc)
{
	struct ipvs_entry *v = grow(t->ent, &t->cap, t->n + 1, sizeof(*v)), *e;

	if (!v)
		return NULL;
	t->ent = v;
	e = &t->ent[t->n++];
	*e = (struct ipvs_entry){ .svc = *svc };
	return e;
}

/* Room for exactly n elements, unless there is more already; NULL when
 * out of memory (v is kept then). */
static void *reserve(void *v, size_t *cap, size_t n, size_t size)
{
	void *nv;

	if (n <= *cap)
		return v;
	if ((nv = reallocarray(v, n, size)))
		*cap = n;
	return nv;
}

int ipvs_table_reserve(struct ipvs_table *t, size_t n)
{
	struct ipvs_entry *v = reserve(t->ent, &t->cap, n, sizeof(*v));

	if (!v)
		return -ENOMEM;
	t->ent = v;
	return 0;
}

int ipvs_entry_reserve(struct ipvs_entry *e, size_t n)
{
	struct ipvs_dest *v = reserve(e->dests, &e->cap, n, sizeof(*v));

	if (!v)
		return -ENOMEM;
	e->dests = v;
	return 0;
}

void ipvs_entry_fit(struct ipvs_entry *e)
{
	struct ipvs_dest *v;

	if (e->ndests == 0 || e->cap == e->ndests)
		return;
	if ((v = reallocarray(e->dests, e->ndests, sizeof(*v)))) {
		e->dests = v;
		e->cap = e->ndests;
	}
}

struct ipvs_dest *ipvs_entry_append(struct ipvs_entry *e, const struct ipvs_dest *d)
{
	struct ipvs_dest *v = grow(e->dests, &e->cap, e->ndests + 1, sizeof(*v));

	if (!v)
		return NULL;
	e->dests = v;
	e->dests[e->ndests] = *d;
	return &e->dests[e->ndests++];
}

static int entry_qcmp(const void *a, const void *b)
{
	return ipvs_service_cmp(&((const struct ipvs_entry *)a)->svc,
				&((const struct ipvs_entry *)b)->svc);
}

static int dest_qcmp(const void *a, const void *b)
{
	return ipvs_dest_cmp(a, b);
}

static bool dests_sorted(const struct ipvs_entry *e)
{
	for (size_t j = 1; j < e->ndests; j++)
		if (ipvs_dest_cmp(&e->dests[j - 1], &e->dests[j]) >= 0)
			return false;
	return true;
}

/* A config usually lists its servers in order: check before sorting. */
int ipvs_entry_sort(struct ipvs_entry *e)
{
	if (dests_sorted(e))
		return 0;
	qsort(e->dests, e->ndests, sizeof(*e->dests), dest_qcmp);
	return dests_sorted(e) ? 0 : -EEXIST;
}

int ipvs_table_sort(struct ipvs_table *t)
{
	bool sorted = true;

	for (size_t i = 1; i < t->n && sorted; i++)
		sorted = ipvs_service_cmp(&t->ent[i - 1].svc, &t->ent[i].svc) < 0;
	if (!sorted)
		qsort(t->ent, t->n, sizeof(*t->ent), entry_qcmp);
	for (size_t i = 0; i < t->n; i++)
		if (ipvs_entry_sort(&t->ent[i]))
			return -EEXIST;
	return sorted || ipvs_table_sorted(t) ? 0 : -EEXIST;
}

/* Strictly ascending at both levels: sorted and free of duplicate keys. */
bool ipvs_table_sorted(const struct ipvs_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		if (i && ipvs_service_cmp(&t->ent[i - 1].svc, &t->ent[i].svc) >= 0)
			return false;
		if (!dests_sorted(&t->ent[i]))
			return false;
	}
	return true;
}

size_t ipvs_table_ndests(const struct ipvs_table *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n; i++)
		n += t->ent[i].ndests;
	return n;
}

/* First index whose service is not below key. */
static size_t svc_lower_bound(const struct ipvs_table *t, const struct ipvs_service *key)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ipvs_service_cmp(&t->ent[mid].svc, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t dest_lower_bound(const struct ipvs_entry *e, const struct ipvs_dest *key)
{
	size_t lo = 0, hi = e->ndests;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ipvs_dest_cmp(&e->dests[mid], key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t ipvs_table_lower_bound(const struct ipvs_table *t, const struct ipvs_service *key)
{
	return svc_lower_bound(t, key);
}

struct ipvs_entry *ipvs_table_find(const struct ipvs_table *t, const struct ipvs_service *key)
{
	size_t i = svc_lower_bound(t, key);

	return i < t->n && ipvs_service_cmp(&t->ent[i].svc, key) == 0 ? &t->ent[i] : NULL;
}

struct ipvs_dest *ipvs_entry_find(const struct ipvs_entry *e, const struct ipvs_dest *key)
{
	size_t i = dest_lower_bound(e, key);

	return i < e->ndests && ipvs_dest_cmp(&e->dests[i], key) == 0 ? &e->dests[i] : NULL;
}

int ipvs_table_insert(struct ipvs_table *t, const struct ipvs_service *svc, struct ipvs_entry **out)
{
	size_t i = svc_lower_bound(t, svc);
	struct ipvs_entry *v;

	if (i < t->n && ipvs_service_cmp(&t->ent[i].svc, svc) == 0)
		return -EEXIST;
	if (!(v = grow(t->ent, &t->cap, t->n + 1, sizeof(*v))))
		return -ENOMEM;
	t->ent = v;
	memmove(&t->ent[i + 1], &t->ent[i], (t->n - i) * sizeof(*t->ent));
	t->ent[i] = (struct ipvs_entry){ .svc = *svc };
	t->n++;
	if (out)
		*out = &t->ent[i];
	return 0;
}

int ipvs_table_remove(struct ipvs_table *t, const struct ipvs_service *key)
{
	size_t i = svc_lower_bound(t, key);

	if (i >= t->n || ipvs_service_cmp(&t->ent[i].svc, key) != 0)
		return -ESRCH;
	free(t->ent[i].dests);
	memmove(&t->ent[i], &t->ent[i + 1], (t->n - i - 1) * sizeof(*t->ent));
	t->n--;
	return 0;
}

int ipvs_entry_insert(struct ipvs_entry *e, const struct ipvs_dest *d)
{
	size_t i = dest_lower_bound(e, d);
	struct ipvs_dest *v;

	if (i < e->ndests && ipvs_dest_cmp(&e->dests[i], d) == 0)
		return -EEXIST;
	if (!(v = grow(e->dests, &e->cap, e->ndests + 1, sizeof(*v))))
		return -ENOMEM;
	e->dests = v;
	memmove(&e->dests[i + 1], &e->dests[i], (e->ndests - i) * sizeof(*e->dests));
	e->dests[i] = *d;
	e->ndests++;
	return 0;
}

int ipvs_entry_remove(struct ipvs_entry *e, const struct ipvs_dest *key)
{
	size_t i = dest_lower_bound(e, key);

	if (i >= e->ndests || ipvs_dest_cmp(&e->dests[i], key) != 0)
		return -ENOENT;
	memmove(&e->dests[i], &e->dests[i + 1], (e->ndests - i - 1) * sizeof(*e->dests));
	e->ndests--;
	return 0;
}

int ipvs_table_copy(struct ipvs_table *dst, const struct ipvs_table *src)
{
	*dst = (struct ipvs_table){ 0 };
	for (size_t i = 0; i < src->n; i++) {
		const struct ipvs_entry *s = &src->ent[i];
		struct ipvs_entry *e = ipvs_table_append(dst, &s->svc);
		struct ipvs_dest *v = NULL;

		/* exactly: a copy of a big table is not grown op by op */
		if (e && s->ndests)
			v = reserve(e->dests, &e->cap, s->ndests, sizeof(*v));
		if (!e || (s->ndests && !v)) {
			ipvs_table_free(dst);
			return -ENOMEM;
		}
		if (s->ndests) {
			e->dests = v;
			memcpy(e->dests, s->dests, s->ndests * sizeof(*e->dests));
		}
		e->ndests = s->ndests;
	}
	return 0;
}

bool ipvs_table_equal(const struct ipvs_table *a, const struct ipvs_table *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		const struct ipvs_entry *x = &a->ent[i], *y = &b->ent[i];

		if (!ipvs_service_equal(&x->svc, &y->svc) || x->ndests != y->ndests)
			return false;
		for (size_t j = 0; j < x->ndests; j++)
			if (!ipvs_dest_equal(&x->dests[j], &y->dests[j]))
				return false;
	}
	return true;
}
