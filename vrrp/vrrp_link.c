// SPDX-License-Identifier: GPL-2.0-or-later
/* The instances of a link that send and listen alike share one socket
 * (vrrp_net.h says what makes them alike), and each advert read from it
 * goes to the instance of its VRID. With a socket per instance the kernel
 * copies every advert of the link to every instance and wakes each: a
 * backup of 100 instances read 100 copies of each advert. */
#include "config.h"

#include <stdlib.h>

#include "ev_base.h"
#include "log.h"
#include "vrrp_ah.h"
#include "vrrp_run_int.h"

struct vrrp_link {
	struct vrrp_link *next;
	struct vrrp_run *run;
	struct vrrp_sock *sock;
	struct event *rx;
	unsigned refs;
};

/* An advert no instance of the link takes: the router's statistics. */
static void foreign(struct vrrp_run *r, const struct vrrp_dgram *dg)
{
	unsigned version = dg->payload[0] >> 4;

	vrrp_router_stats_rx(&r->stats,
			     version == 2 || version == 3 ? VRRP_PKT_E_VRID : VRRP_PKT_E_VERSION,
			     true, false);
}

static void on_read(evutil_socket_t fd, short what, void *arg)
{
	struct vrrp_link *l = arg;
	uint8_t buf[VRRP_IP4_HDR_LEN + VRRP_AH_LEN + VRRP_PKT_MAX + 64];
	struct vrrp_dgram dg;

	(void)fd, (void)what;
	/* a bounded batch, so a flood cannot hold the loop */
	for (int n = 0; n < 64; n++) {
		bool taken = false;
		int vrid;

		if (vrrp_sock_read(l->sock, buf, sizeof(buf), &dg) < 0)
			return;
		/* what names no VRID is every instance's to count */
		vrid = vrrp_dgram_vrid(&dg);
		for (struct vrrp_inst *i = l->run->insts; i; i = i->next) {
			if (i->link != l || (vrid >= 0 && i->c->vrid != (unsigned)vrid))
				continue;
			vrrp_inst_rx(i, &dg);
			taken = true;
		}
		if (!taken && vrid >= 0)
			foreign(l->run, &dg);
	}
}

struct vrrp_link *vrrp_link_get(struct vrrp_run *r, const struct vrrp_sock_key *k)
{
	struct vrrp_link *l;

	for (l = r->links; l; l = l->next)
		if (vrrp_sock_is(l->sock, k)) {
			l->refs++;
			return l;
		}
	l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->run = r;
	l->refs = 1;
	l->sock = vrrp_sock_open(k);
	if (!l->sock)
		goto fail;
	l->rx = event_new(r->base, vrrp_sock_fd(l->sock), EV_READ | EV_PERSIST, on_read, l);
	if (l->rx)
		keel_event_urgent(l->rx);
	if (!l->rx || event_add(l->rx, NULL) < 0) {
		log_warnx("vrrp: cannot watch the socket of %s", k->ifname);
		goto fail;
	}
	l->next = r->links;
	r->links = l;
	return l;
fail:
	if (l->rx)
		event_free(l->rx);
	vrrp_sock_close(l->sock);
	free(l);
	return NULL;
}

struct vrrp_sock *vrrp_link_sock(struct vrrp_link *l)
{
	return l->sock;
}

void vrrp_link_put(struct vrrp_link *l)
{
	struct vrrp_link **pp;

	if (!l || --l->refs)
		return;
	for (pp = &l->run->links; *pp != l; pp = &(*pp)->next)
		;
	*pp = l->next;
	event_free(l->rx);
	vrrp_sock_close(l->sock);
	free(l);
}
