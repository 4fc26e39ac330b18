// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <arpa/inet.h>
#include <nftables/libnftables.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "vrrp_accept.h"
#include "vrrp_pkt.h"

bool vrrp_accept_drops(const struct cfg_vrrp *c, enum vrrp_state s)
{
	if (c->accept)
		return false;
	return !(s == VRRP_STATE_MASTER && c->priority == VRRP_PRIO_OWNER);
}

struct vrrp_accept {
	struct nft_ctx *nft;
	bool ready;			/* the table exists */
	struct cfg_nftables conf;	/* its name, priority, counters */
	/* the addresses in the sets now, with how many instances want each */
	struct member {
		struct cfg_ip ip;
		unsigned refs;
	} *members;
	size_t nmembers;
};

struct vrrp_accept *vrrp_accept_new(void)
{
	struct vrrp_accept *a = calloc(1, sizeof(*a));

	if (a)
		a->conf = cfg_nftables_default;
	return a;
}

/* Runs one nft script; its error text goes to the log. */
static int run(struct vrrp_accept *a, const char *cmd)
{
	const char *err;
	int rc;

	if (!a->nft) {
		a->nft = nft_ctx_new(NFT_CTX_DEFAULT);
		if (!a->nft || nft_ctx_buffer_error(a->nft) < 0) {
			log_warnx("vrrp: nftables is not available: no_accept cannot drop VIP traffic");
			return -1;
		}
	}
	rc = nft_run_cmd_from_buffer(a->nft, cmd);
	err = nft_ctx_get_error_buffer(a->nft);
	if (rc != 0)
		log_warnx("vrrp: nftables refused '%.*s': %s", (int)strcspn(cmd, "\n"), cmd,
			  err && *err ? err : "error");
	return rc ? -1 : 0;
}

/* keeld owns the table: whatever an earlier run left goes. */
static int ensure_table(struct vrrp_accept *a)
{
	const char *t = a->conf.table, *counter = a->conf.counters ? "counter " : "";
	char script[1024];

	if (a->ready)
		return 0;
	snprintf(script, sizeof(script),
		 "add table inet %s\n"
		 "delete table inet %s\n"
		 "add table inet %s\n"
		 "add set inet %s vips4 { type ipv4_addr; }\n"
		 "add set inet %s vips6 { type ipv6_addr; }\n"
		 "add chain inet %s prerouting { type filter hook prerouting priority %d; policy accept; }\n"
		 "add rule inet %s prerouting ip daddr @vips4 %sdrop\n"
		 "add rule inet %s prerouting ip6 daddr @vips6 %sdrop\n",
		 t, t, t, t, t, t, a->conf.priority, t, counter, t, counter);
	if (run(a, script) < 0)
		return -1;
	a->ready = true;
	return 0;
}

static struct member *find(struct vrrp_accept *a, const struct cfg_ip *ip)
{
	for (size_t i = 0; i < a->nmembers; i++)
		if (cfg_ip_equal(&a->members[i].ip, ip))
			return &a->members[i];
	return NULL;
}

static int element(struct vrrp_accept *a, const struct cfg_ip *ip, bool add)
{
	char addr[INET6_ADDRSTRLEN], cmd[160];

	inet_ntop(ip->af, ip->b, addr, sizeof(addr));
	snprintf(cmd, sizeof(cmd), "%s element inet %s %s { %s }\n", add ? "add" : "delete",
		 a->conf.table, ip->af == AF_INET ? "vips4" : "vips6", addr);
	return run(a, cmd);
}

static int one(struct vrrp_accept *a, const struct cfg_ip *ip, bool drop)
{
	struct member *m = find(a, ip), *grown;

	if (drop) {
		if (m)
			return m->refs++, 0;
		grown = realloc(a->members, (a->nmembers + 1) * sizeof(*grown));
		if (!grown)
			return -1;
		a->members = grown;
		a->members[a->nmembers++] = (struct member){ .ip = *ip, .refs = 1 };
		return element(a, ip, true);
	}
	if (!m || --m->refs > 0)
		return 0;
	*m = a->members[--a->nmembers];
	return element(a, ip, false);
}

int vrrp_accept_apply(struct vrrp_accept *a, const struct cfg_vrrp *c, bool drop)
{
	int rc = 0;

	if (!a || (drop && ensure_table(a) < 0))
		return -1;
	if (!a->ready)
		return 0;
	for (size_t k = 0; k < c->nvips + c->nevips; k++)
		rc |= one(a, &cfg_vrrp_vip(c, k)->addr, drop);
	return rc ? -1 : 0;
}

static void drop_table(struct vrrp_accept *a)
{
	char cmd[64];

	if (!a->ready)
		return;
	snprintf(cmd, sizeof(cmd), "delete table inet %s\n", a->conf.table);
	run(a, cmd);
	a->ready = false;
}

void vrrp_accept_conf(struct vrrp_accept *a, const struct cfg_nftables *n)
{
	int rc = 0;

	if (!a || (strcmp(n->table, a->conf.table) == 0 && n->priority == a->conf.priority &&
		   n->counters == a->conf.counters))
		return;
	/* a reload renamed or retuned it: the addresses move to the new one */
	drop_table(a);
	a->conf = *n;
	if (a->nmembers == 0 || ensure_table(a) < 0)
		return;
	for (size_t i = 0; i < a->nmembers; i++)
		rc |= element(a, &a->members[i].ip, true);
	if (rc)
		log_warnx("vrrp: some VIPs are not in nftables table %s: their traffic is not dropped",
			  a->conf.table);
}

void vrrp_accept_free(struct vrrp_accept *a)
{
	if (!a)
		return;
	drop_table(a);
	if (a->nft)
		nft_ctx_free(a->nft);
	free(a->members);
	free(a);
}
