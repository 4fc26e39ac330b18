// SPDX-License-Identifier: GPL-2.0-or-later
/* The instances of a link that send and listen alike share one socket
 * (vrrp_net.h says what makes them alike), and each advert read from it
 * goes to the instance of its VRID. With a socket per instance the kernel
 * copies every advert of the link to every instance and wakes each: a
 * backup of 100 instances read 100 copies of each advert.
 *
 * While every instance of the link is a backup and adverts come densely,
 * they wait in the socket for a while (hold_us) and are read together:
 * 100 backups at advert_int 0.1 woke the thread a thousand times a second
 * for one advert each. A backup has no deadline but its master down
 * timer, which runs from each advert's kernel timestamp, and which reads
 * what waits before it acts (vrrp_link_catch_up). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ev_base.h"
#include "log.h"
#include "vrrp_ah.h"
#include "vrrp_run_int.h"
#include "vrrp_rxbuf.h"

/* The shortest read slack of the link's instances (vrrp_fsm.h: 0 unless
 * all are backups), and never longer than HOLD_MAX_US; below HOLD_MIN_US
 * adverts are read at once. */
#define HOLD_MAX_US 20000u
#define HOLD_MIN_US 2000u
/* Read rounds of VRRP_READ_MAX per wake: a flood cannot hold the loop. */
#define READ_ROUNDS 4

struct vrrp_link {
	struct vrrp_link *next;
	struct vrrp_run *run;
	struct vrrp_sock *sock;
	struct event *rx;
	struct event *hold;		/* while adverts wait: when to read them */
	bool held;			/* rx is off until hold fires */
	uint64_t hold_until_us;		/* when it fires */
	uint64_t hold_len_us;
	uint64_t last_rx_us;		/* the newest arrival read */
	bool routed;			/* its socket hears every interface */
	uint32_t rcvbuf;		/* the SO_RCVBUF set; 0: the system's */
	unsigned refs;
	char ifname[IF_NAMESIZE];
	struct vrrp_unknown_vrids *unknown;	/* log_unknown_vrids, once one came */
};

/* An advert no instance of the link takes: the router's statistics. */
static void foreign(struct vrrp_link *l, const struct vrrp_dgram *dg, uint8_t vrid)
{
	unsigned version = dg->payload[0] >> 4;
	bool advert = version == 2 || version == 3;
	int64_t unlogged;
	char more[48] = "";

	vrrp_router_stats_rx(&l->run->stats, advert ? VRRP_PKT_E_VRID : VRRP_PKT_E_VERSION, true,
			     false);
	if (!advert || !l->run->log_unknown_vrids)
		return;
	if (!l->unknown && !(l->unknown = calloc(1, sizeof(*l->unknown))))
		return;
	unlogged = vrrp_unknown_vrid_note(l->unknown, vrid, vrrp_now_us());
	if (unlogged < 0)
		return;
	if (unlogged)
		snprintf(more, sizeof(more), " (%lld more since the last line)", (long long)unlogged);
	/* keepalived's words, which it logs for every advert */
	log_info("Unknown VRID(%u) received on interface(%s). ignoring...%s", vrid, l->ifname, more);
}

/* A routed unicast socket hears every interface: only its instances'
 * peers are its business, not the adverts of other links. */
static bool from_a_peer(const struct vrrp_link *l, const struct vrrp_dgram *dg)
{
	for (const struct vrrp_inst *i = l->run->insts; i; i = i->next)
		if (i->link == l && i->net && vrrp_net_is_peer(i->net, &dg->src))
			return true;
	return false;
}

static void deliver(struct vrrp_link *l, const struct vrrp_dgram *dg)
{
	/* what names no VRID is every instance's to count */
	int vrid = vrrp_dgram_vrid(dg);
	bool taken = false;

	if ((l->routed && !from_a_peer(l, dg)) || !vrrp_sock_hears(l->sock, dg))
		return;

	for (struct vrrp_inst *i = l->run->insts; i; i = i->next) {
		if (i->link != l || (vrid >= 0 && i->c->vrid != (unsigned)vrid))
			continue;
		vrrp_inst_rx(i, dg);
		taken = true;
	}
	if (!taken && vrid >= 0)
		foreign(l, dg, (uint8_t)vrid);
}

/* Reads what waits and hands it out: how many datagrams. */
static unsigned drain(struct vrrp_link *l)
{
	unsigned total = 0;

	for (int round = 0; round < READ_ROUNDS; round++) {
		int n = vrrp_sock_read(l->sock);

		for (int k = 0; k < n; k++) {
			struct vrrp_dgram dg;

			vrrp_sock_dgram(l->sock, (unsigned)k, &dg);
			if (dg.at_us > l->last_rx_us)
				l->last_rx_us = dg.at_us;
			deliver(l, &dg);
		}
		total += (unsigned)n;
		if (n < VRRP_READ_MAX)
			break;
	}
	return total;
}

static uint64_t hold_us(const struct vrrp_link *l)
{
	uint64_t h = HOLD_MAX_US;

	for (const struct vrrp_inst *i = l->run->insts; i && h; i = i->next) {
		uint64_t q = i->link == l ? vrrp_fsm_read_slack_us(&i->f) : h;

		if (q < h)
			h = q;
	}
	return h >= HOLD_MIN_US ? h : 0;
}

/* The master down timers of l's instances that l no longer watches go
 * to the loop. */
static void down_timers_check(struct vrrp_link *l)
{
	for (struct vrrp_inst *i = l->run->insts; i; i = i->next)
		if (i->link == l)
			vrrp_inst_down_timer_check(i);
}

static void hold_for(struct vrrp_link *l, uint64_t h)
{
	struct timeval tv = { .tv_sec = 0, .tv_usec = (suseconds_t)h };

	if (!l->held) {
		if (vrrp_sock_stamp(l->sock) < 0)
			return;		/* without arrival times, read at once */
		event_del(l->rx);
		l->held = true;
	}
	l->hold_len_us = h;
	l->hold_until_us = vrrp_now_us() + h;
	evtimer_add(l->hold, &tv);
	down_timers_check(l);
}

static void release(struct vrrp_link *l)
{
	if (!l->held)
		return;
	l->held = false;
	evtimer_del(l->hold);
	if (event_add(l->rx, NULL) < 0)
		log_warnx("vrrp: cannot watch a link's socket again");
	down_timers_check(l);
}

/* A full hold after the next read: slack for a read that comes late. */
bool vrrp_link_watches(const struct vrrp_link *l, uint64_t due_us)
{
	return l && l->held && due_us > l->hold_until_us + l->hold_len_us;
}

static void on_read(evutil_socket_t fd, short what, void *arg)
{
	struct vrrp_link *l = arg;
	uint64_t prev = l->last_rx_us, h;

	(void)fd, (void)what;
	if (!drain(l))
		return;
	/* dense: this read's advert came within the hold of the last one */
	h = hold_us(l);
	if (h && prev && l->last_rx_us - prev < h)
		hold_for(l, h);
}

static void on_hold(evutil_socket_t fd, short what, void *arg)
{
	struct vrrp_link *l = arg;
	unsigned n;
	uint64_t h;

	(void)fd, (void)what;
	n = drain(l);
	h = l->held ? hold_us(l) : 0;
	if (n && h)
		hold_for(l, h);
	else
		release(l);
}

void vrrp_link_catch_up(struct vrrp_link *l)
{
	if (l)
		drain(l);
}

void vrrp_link_follow(struct vrrp_link *l)
{
	if (l && l->held && !hold_us(l))
		release(l);
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
	l->routed = k->routed;
	snprintf(l->ifname, sizeof(l->ifname), "%s", k->ifname);
	l->sock = vrrp_sock_open(k);
	if (!l->sock)
		goto fail;
	l->rx = event_new(r->base, vrrp_sock_fd(l->sock), EV_READ | EV_PERSIST, on_read, l);
	l->hold = evtimer_new(r->base, on_hold, l);
	if (l->rx)
		keel_event_urgent(l->rx);
	if (l->hold)
		keel_event_urgent(l->hold);
	if (!l->rx || !l->hold || event_add(l->rx, NULL) < 0) {
		log_warnx("vrrp: cannot watch the socket of %s", k->ifname);
		goto fail;
	}
	l->next = r->links;
	r->links = l;
	return l;
fail:
	if (l->rx)
		event_free(l->rx);
	if (l->hold)
		event_free(l->hold);
	vrrp_sock_close(l->sock);
	free(l);
	return NULL;
}

/* SO_RCVBUF: the sum of its instances' shares (vrrp_rxbuf.h) */
void vrrp_link_size_rx(struct vrrp_link *l)
{
	unsigned mtu = vrrp_sock_mtu(l->sock);
	uint32_t sum = 0;

	for (const struct vrrp_inst *i = l->run->insts; i; i = i->next)
		if (i->link == l)
			sum = vrrp_rxbuf_add(sum, vrrp_inst_rx_share(i, mtu));
	if (!sum || sum == l->rcvbuf || vrrp_sock_rcvbuf(l->sock, sum) < 0)
		return;
	l->rcvbuf = sum;
	log_info("vrrp: the socket on %s asks for a receive buffer of %u bytes",
		 l->ifname[0] ? l->ifname : "(routed)", sum);
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
	event_free(l->hold);
	vrrp_sock_close(l->sock);
	free(l->unknown);
	free(l);
}
