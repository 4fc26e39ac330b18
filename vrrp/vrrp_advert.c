// SPDX-License-Identifier: GPL-2.0-or-later
/* An instance on the wire: its socket on the link (opened once its
 * interface has an address, moved when a reload changes mcast_dst_ip),
 * the adverts it sends, with the one decision on authentication, and the
 * adverts it reads, checked against its config and fed to its FSM. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "vrrp_ah.h"
#include "vrrp_rxbuf.h"
#include "vrrp_run_int.h"

/* --- its socket */

/* The group of a multicast instance (a config the reader did not finish
 * may leave it unset: the IANA one). */
static void inst_group(const struct cfg_vrrp *c, sa_family_t fam, struct vrrp_ip *g)
{
	if (c->mcast_dst_ip.af == fam)
		vrrp_ip_of_cfg(&c->mcast_dst_ip, g);
	else
		vrrp_pkt_mcast_group(fam, g);
}

/* Source address: unicast_src_ip, mcast_src_ip, else the interface's. */
static int inst_source(const struct cfg_vrrp *c, sa_family_t fam, struct vrrp_ip *src)
{
	if (c->unicast_src_ip.af == fam) {
		vrrp_ip_of_cfg(&c->unicast_src_ip, src);
		return 0;
	}
	if (c->mcast_src_ip.af == fam) {
		vrrp_ip_of_cfg(&c->mcast_src_ip, src);
		return 0;
	}
	return vrrp_net_primary(c->ifname, fam, src);
}

/* Opens the socket when the interface has an address; 0 once open. */
static int inst_open(struct vrrp_inst *i)
{
	/* adverts go out (and come in) on the macvlan so they carry the
	 * virtual MAC, unless vmac_xmit_base keeps them on the interface */
	const char *ifname = i->has_vmac && !i->c->vmac_xmit_base ? i->vmac.name : i->c->ifname;
	/* unicast adverts take any route to the peers, unless they must
	 * carry the virtual MAC */
	struct vrrp_sock_key k = { .family = i->family, .unicast = i->npeers > 0,
				   .routed = i->npeers > 0 && !i->has_vmac,
				   .ah = vrrp_inst_auth(i) == VRRP_AUTH_AH };
	struct vrrp_net_conf nc = { .peers = i->peers, .peer_ttl = i->peer_ttl, .npeers = i->npeers,
				    .unicast_ttl = i->c->unicast_ttl };
	uint8_t key[VRRP_AH_KEY_LEN] = { 0 };

	if (i->net)
		return 0;
	if (inst_source(i->c, i->family, &i->src) < 0)
		return -1;
	i->fc.primary = i->src;
	nc.src = i->src;
	if (k.ah) {
		strncpy((char *)key, i->c->auth_pass ? i->c->auth_pass : "", sizeof(key));
		nc.ah_key = key;
	}
	snprintf(k.ifname, sizeof(k.ifname), "%s", ifname);
	if (!k.unicast)
		inst_group(i->c, i->family, &k.group);
	if (!i->link && !(i->link = vrrp_link_get(i->run, &k)))
		return -1;
	i->net = vrrp_net_new(&nc, vrrp_link_sock(i->link));
	if (!i->net) {
		log_warnx("VRRP_Instance(%s) out of memory", i->c->name);
		return -1;
	}
	vrrp_link_size_rx(i->link);
	return 0;
}

int vrrp_inst_open(struct vrrp_inst *i)
{
	return inst_open(i);
}

/* Another mcast_dst_ip: the instance moves to that group's socket, in
 * its state (a failed open faults it at the next poll, which retries). */
void vrrp_inst_regroup(struct vrrp_inst *i, const struct cfg_vrrp *old)
{
	struct vrrp_ip was, now;

	inst_group(old, i->family, &was);
	inst_group(i->c, i->family, &now);
	if (!i->net || i->npeers || vrrp_ip_cmp(&was, &now) == 0)
		return;
	vrrp_net_free(i->net);
	vrrp_link_put(i->link);
	i->net = NULL;
	i->link = NULL;
	inst_open(i);
}

/* --- adverts out */

static size_t pack_vips(const struct vrrp_inst *i, uint8_t *buf, size_t cap)
{
	size_t alen = vrrp_ip_len(i->family), n = 0;

	for (size_t k = 0; k < i->c->nvips && n < 255; k++) {
		if (i->c->vips[k].addr.af != i->family || (n + 1) * alen > cap)
			continue;
		memcpy(buf + n * alen, i->c->vips[k].addr.b, alen);
		n++;
	}
	return n;
}

/* VRRPv2 authentication; AH over IPv4 only, as keepalived. The one place
 * that decides it: the socket, the adverts and the MIBs follow. */
uint8_t vrrp_inst_auth(const struct vrrp_inst *i)
{
	if (i->c->version != 2 || !i->c->auth_type)
		return VRRP_AUTH_NONE;
	if (strcmp(i->c->auth_type, "PASS") == 0)
		return VRRP_AUTH_PASS;
	return i->family == AF_INET ? VRRP_AUTH_AH : VRRP_AUTH_NONE;
}

void vrrp_inst_send_advert(struct vrrp_inst *i, uint8_t prio)
{
	uint8_t addrs[255 * 16];
	struct vrrp_pkt p = {
		.version = (uint8_t)i->c->version,
		.vrid = (uint8_t)i->c->vrid,
		.priority = prio,
		.family = i->family,
		.adver_int_cs = (uint16_t)(i->c->advert_int / 10000),
		.addrs = addrs,
	};

	if (!i->net)
		return;
	p.naddr = (uint8_t)pack_vips(i, addrs, sizeof(addrs));
	p.auth_type = vrrp_inst_auth(i);
	if (p.auth_type == VRRP_AUTH_PASS)
		strncpy((char *)p.auth_data, i->c->auth_pass ? i->c->auth_pass : "", VRRP_AUTH_LEN);
	if (vrrp_net_send(i->net, &p) == 0) {
		i->tx++;
		i->stats.tx_prio_zero += prio == 0;
	}
}

/* --- adverts in */

/* vips: room for 255 addresses, where ours go for the address check */
static void rx_ctx(const struct vrrp_inst *i, struct vrrp_pkt_ctx *ctx, uint8_t *vips)
{
	vrrp_pkt_ctx_init(ctx, i->family);
	ctx->version = (uint8_t)i->c->version;
	ctx->vrid = (uint8_t)i->c->vrid;
	ctx->owner = i->c->priority == VRRP_PRIO_OWNER;
	ctx->strict = i->c->strict > 0;
	ctx->vips = vips;
	ctx->nvips = pack_vips(i, vips, 255 * 16);
	ctx->skip_same_master = i->c->skip_check_adv_addr > 0;
	ctx->last_master = i->master_at_us ? &i->master : NULL;
	inst_group(i->c, i->family, &ctx->mcast_group);
	if (i->c->version == 2) {
		ctx->v2_adver_int_s = (uint8_t)(i->c->advert_int / 1000000u);
		ctx->auth_type = vrrp_inst_auth(i);
		if (ctx->auth_type == VRRP_AUTH_PASS)
			strncpy((char *)ctx->auth_pass, i->c->auth_pass ? i->c->auth_pass : "",
				VRRP_AUTH_LEN);
	}
}

/* keepalived names the count, or the first of our addresses missing */
static void log_bad_addrs(const struct vrrp_inst *i, const struct vrrp_pkt_ctx *ctx,
			  const struct vrrp_pkt *p)
{
	size_t alen = vrrp_ip_len(i->family);
	char a[INET6_ADDRSTRLEN] = "?", from[INET6_ADDRSTRLEN] = "?";

	inet_ntop(ctx->src.family, ctx->src.addr, from, sizeof(from));
	if (p->addr_missing < 0) {
		log_warnx("VRRP_Instance(%s) bad advert from %s: %u addresses, we have %zu",
			  i->c->name, from, p->naddr, ctx->nvips);
		return;
	}
	inet_ntop(i->family, ctx->vips + (size_t)p->addr_missing * alen, a, sizeof(a));
	log_warnx("VRRP_Instance(%s) bad advert from %s: our address %s is not in it",
		  i->c->name, from, a);
}

void vrrp_inst_rx(struct vrrp_inst *i, const struct vrrp_dgram *dg)
{
	struct vrrp_pkt_ctx ctx;
	struct vrrp_pkt p = { 0 };
	struct vrrp_event ev = { .type = VRRP_EV_ADVERT };
	uint8_t vips[255 * 16];
	bool lower;
	int rc;

	rx_ctx(i, &ctx, vips);
	rc = vrrp_net_take(i->net, dg, &ctx, &p);
	if (rc < 0)
		return;
	if (rc != VRRP_PKT_OK) {
		/* the link hands an instance only its own VRID's adverts */
		vrrp_router_stats_rx(&i->run->stats, (enum vrrp_pkt_err)rc, true, true);
		if (i->rx_bad++ % 100 == 0) {
			if (rc == VRRP_PKT_E_ADDRS)
				log_bad_addrs(i, &ctx, &p);
			else
				log_warnx("VRRP_Instance(%s) bad advert: %s", i->c->name,
					  vrrp_pkt_strerror((enum vrrp_pkt_err)rc));
		}
		vrrp_stats_rx_error(&i->stats, (enum vrrp_pkt_err)rc);
		return;
	}
	i->rx_ok++;
	i->stats.rx_prio_zero += p.priority == 0;
	lower = i->f.state == VRRP_STATE_MASTER && p.priority && p.priority < i->f.priority;
	ev.priority = p.priority;
	ev.adver_int_us = (uint32_t)p.adver_int_cs * 10000u;
	ev.src = ctx.src;
	if (vrrp_ip_cmp(&ctx.src, &i->src) != 0) {
		i->master = ctx.src;
		i->master_prio = p.priority;
		i->master_at_us = dg->at_us;
	}
	vrrp_inst_event_at(i, &ev, dg->at_us);
	if (lower)
		vrrp_notify_rx_lower(i);
}

/* keepalived counts the IP header in an advert's size */
uint32_t vrrp_inst_rx_share(const struct vrrp_inst *i, unsigned mtu)
{
	uint8_t vips[255 * 16];
	size_t n = pack_vips(i, vips, sizeof(vips));
	size_t iph = i->family == AF_INET6 ? 40 : 20;

	return vrrp_rxbuf_share(i->c, &i->cfg->global, mtu,
				iph + vrrp_pkt_len((unsigned)i->c->version, i->family, (unsigned)n));
}
