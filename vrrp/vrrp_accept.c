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

#define TABLE "inet keel"

bool vrrp_accept_drops(const struct cfg_vrrp *c, enum vrrp_state s)
{
	if (c->accept)
		return false;
	return !(s == VRRP_STATE_MASTER && c->priority == VRRP_PRIO_OWNER);
}

struct vrrp_accept {
	struct nft_ctx *nft;
	bool ready;			/* the table exists */
	/* the addresses in the sets now, with how many instances want each */
	struct member {
		struct cfg_ip ip;
		unsigned refs;
	} *members;
	size_t nmembers;
};

struct vrrp_accept *vrrp_accept_new(void)
{
	return calloc(1, sizeof(struct vrrp_accept));
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
	static const char script[] =
		"add table " TABLE "\n"
		"delete table " TABLE "\n"
		"add table " TABLE "\n"
		"add set " TABLE " vips4 { type ipv4_addr; }\n"
		"add set " TABLE " vips6 { type ipv6_addr; }\n"
		"add chain " TABLE " prerouting { type filter hook prerouting priority -1; policy accept; }\n"
		"add rule " TABLE " prerouting ip daddr @vips4 drop\n"
		"add rule " TABLE " prerouting ip6 daddr @vips6 drop\n";

	if (a->ready)
		return 0;
	if (run(a, script) < 0)
		return -1;
	a->ready = true;
	return 0;
}

static struct member *find(struct vrrp_accept *a, const struct cfg_ip *ip)
{
	for (size_t i = 0; i < a->nmembers; i++)
		if (a->members[i].ip.af == ip->af &&
		    memcmp(a->members[i].ip.b, ip->b, ip->af == AF_INET ? 4 : 16) == 0)
			return &a->members[i];
	return NULL;
}

static int element(struct vrrp_accept *a, const struct cfg_ip *ip, bool add)
{
	char addr[INET6_ADDRSTRLEN], cmd[160];

	inet_ntop(ip->af, ip->b, addr, sizeof(addr));
	snprintf(cmd, sizeof(cmd), "%s element " TABLE " %s { %s }\n", add ? "add" : "delete",
		 ip->af == AF_INET ? "vips4" : "vips6", addr);
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

void vrrp_accept_free(struct vrrp_accept *a)
{
	if (!a)
		return;
	if (a->ready)
		run(a, "delete table " TABLE "\n");
	if (a->nft)
		nft_ctx_free(a->nft);
	free(a->members);
	free(a);
}
