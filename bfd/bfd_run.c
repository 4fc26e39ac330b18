// SPDX-License-Identifier: GPL-2.0-or-later
/* BFD sessions on a loop: sockets and timers around bfd_fsm (bfd_run.h). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bfd_net.h"
#include "bfd_run.h"
#include "hash_rng.h"
#include "log.h"

struct bfd_sess {
	struct bfd_run *run;
	const struct cfg_bfd *c;	/* into the running config */
	struct bfd_fsm f;
	int fd;				/* sends; -1 while it cannot */
	struct event *timer;
	bool up_told;
	bool open_failed;		/* said once, tried again at each packet */
	uint64_t rx, tx, rx_bad, since_us;
	struct bfd_sess *next;
};

struct bfd_run {
	struct event_base *base;
	struct bfd_rx rx4, rx6;
	struct bfd_sess *sess;
	bfd_run_hook *fn;
	void *arg;
	uint64_t rng;
};

uint64_t bfd_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static uint32_t rnd(struct bfd_run *r)
{
	return (uint32_t)(xorshift64_next(&r->rng) >> 16);
}

static struct bfd_fsm_conf fsm_conf(const struct cfg_bfd *c)
{
	return (struct bfd_fsm_conf){ .min_tx_us = c->min_tx_us, .min_rx_us = c->min_rx_us,
				      .idle_tx_us = c->idle_tx_us, .mult = c->mult,
				      .passive = c->passive };
}

static void arm(struct bfd_sess *s)
{
	uint64_t due = bfd_fsm_next(&s->f), now = bfd_now_us();
	uint64_t rel = due > now ? due - now : 0;
	struct timeval tv = { .tv_sec = (time_t)(rel / 1000000u), .tv_usec = (suseconds_t)(rel % 1000000u) };

	if (!due) {
		evtimer_del(s->timer);
		return;
	}
	event_base_update_cache_time(s->run->base);
	evtimer_add(s->timer, &tv);
}

static void open_tx(struct bfd_sess *s)
{
	s->fd = bfd_net_tx_open(s->c);
	if (s->fd < 0 && !s->open_failed)
		log_warn("BFD_Instance(%s) cannot open its socket (source_ip not there yet?); "
			 "trying at each packet", s->c->name);
	else if (s->fd >= 0 && s->open_failed)
		log_info("BFD_Instance(%s) has its socket now", s->c->name);
	s->open_failed = s->fd < 0;
}

static void send_pkt(struct bfd_sess *s, uint64_t now)
{
	struct bfd_pkt p;
	uint8_t buf[BFD_PKT_LEN];

	bfd_fsm_packet(&s->f, &p, now, rnd(s->run));
	bfd_pkt_encode(&p, buf);
	if (s->fd < 0)
		open_tx(s);
	if (s->fd >= 0 && bfd_net_send(s->fd, &s->c->neighbor, buf, sizeof(buf)) == 0)
		s->tx++;
}

/* After any event: a state change is logged and told, a packet due now
 * goes, and the timer follows. */
static void follow(struct bfd_sess *s, enum bfd_state was, uint64_t now)
{
	bool up = s->f.state == BFD_UP;

	if (s->f.state != was) {
		s->since_us = now;
		if (s->f.state == BFD_UP || s->f.state == BFD_INIT)
			log_info("BFD_Instance(%s) %s -> %s (detection time %.1f ms)", s->c->name,
				 bfd_state_name(was), bfd_state_name(s->f.state),
				 (double)bfd_fsm_detect_time(&s->f) / 1000);
		else
			log_info("BFD_Instance(%s) %s -> %s (%s)", s->c->name, bfd_state_name(was),
				 bfd_state_name(s->f.state), bfd_diag_name(s->f.diag));
	}
	if (up != s->up_told) {
		s->up_told = up;
		if (s->run->fn)
			s->run->fn(s->run->arg, s->c, up);
	}
	if (s->f.send_now || s->f.final_due)
		send_pkt(s, now);
	arm(s);
}

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct bfd_sess *s = arg;
	uint64_t now = bfd_now_us();
	enum bfd_state was = s->f.state;

	(void)fd, (void)what;
	if (bfd_fsm_timer(&s->f, now, rnd(s->run)))
		send_pkt(s, now);
	follow(s, was, now);
}

static struct bfd_sess *find_rx(struct bfd_run *r, const struct bfd_pkt *p, const struct cfg_ip *from)
{
	for (struct bfd_sess *s = r->sess; s; s = s->next) {
		const struct cfg_ip *n = &s->c->neighbor;

		if (p->your_disc && p->your_disc != s->f.local_disc)
			continue;
		if (n->af == from->af && memcmp(n->b, from->b, n->af == AF_INET ? 4 : 16) == 0)
			return s;
	}
	return NULL;
}

/* RFC 5881 5: a single hop session wants TTL 255; keepalived lets
 * max_hops hops take from the ttl it sends with. */
static bool ttl_ok(const struct cfg_bfd *c, int ttl)
{
	if (c->max_hops < 0 || c->max_hops >= 255 || ttl < 0)
		return true;
	return ttl + c->max_hops >= c->ttl;
}

static void on_packet(void *arg, const uint8_t *buf, size_t len, const struct cfg_ip *from, int ttl)
{
	struct bfd_run *r = arg;
	struct bfd_pkt p;
	struct bfd_sess *s;
	enum bfd_state was;
	uint64_t now = bfd_now_us();
	int err = bfd_pkt_decode(buf, len, &p);

	if (err < 0) {
		log_debug("BFD: packet dropped: %s", bfd_pkt_strerror(err));
		return;
	}
	s = find_rx(r, &p, from);
	if (!s)
		return;
	if (!ttl_ok(s->c, ttl)) {
		s->rx_bad++;
		return;
	}
	was = s->f.state;
	if (bfd_fsm_rx(&s->f, &p, now) != BFD_RX_OK) {
		s->rx_bad++;
		return;
	}
	s->rx++;
	follow(s, was, now);
}

static uint32_t new_disc(struct bfd_run *r)
{
	for (;;) {
		uint32_t d = (uint32_t)xorshift64_next(&r->rng);
		struct bfd_sess *s = r->sess;

		while (s && s->f.local_disc != d)
			s = s->next;
		if (d && !s)
			return d;
	}
}

static struct bfd_sess *sess_new(struct bfd_run *r, const struct cfg_bfd *c)
{
	struct bfd_sess *s = calloc(1, sizeof(*s));
	struct bfd_fsm_conf fc;
	uint64_t now = bfd_now_us();

	if (!s)
		return NULL;
	s->run = r;
	s->c = c;
	s->since_us = now;
	s->timer = evtimer_new(r->base, on_timer, s);
	if (!s->timer) {
		free(s);
		return NULL;
	}
	open_tx(s);
	fc = fsm_conf(c);
	bfd_fsm_init(&s->f, &fc, new_disc(r), now);
	log_info("BFD_Instance(%s) starts%s", c->name, c->passive ? " (passive)" : "");
	arm(s);
	return s;
}

static void sess_free(struct bfd_sess *s)
{
	if (s->up_told && s->run->fn)
		s->run->fn(s->run->arg, s->c, false);
	event_free(s->timer);
	if (s->fd >= 0)
		close(s->fd);
	free(s);
}

/* Sessions are matched by name; what needs new sockets restarts. */
static bool same_path(const struct cfg_bfd *a, const struct cfg_bfd *b)
{
	return memcmp(&a->neighbor, &b->neighbor, sizeof(a->neighbor)) == 0 &&
	       memcmp(&a->source, &b->source, sizeof(a->source)) == 0 && a->ttl == b->ttl;
}

static struct bfd_sess *take_old(struct bfd_sess **old, const struct cfg_bfd *c)
{
	for (struct bfd_sess **pp = old; *pp; pp = &(*pp)->next) {
		struct bfd_sess *s = *pp;

		if (strcmp(s->c->name, c->name) == 0 && same_path(s->c, c)) {
			*pp = s->next;
			return s;
		}
	}
	return NULL;
}

static void sess_keep(struct bfd_sess *s, const struct cfg_bfd *c)
{
	struct bfd_fsm_conf fc = fsm_conf(c);
	enum bfd_state was = s->f.state;
	uint64_t now = bfd_now_us();

	if (!cfg_bfd_equal(s->c, c))
		log_info("BFD_Instance(%s) takes its new settings", c->name);
	s->c = c;
	bfd_fsm_reconf(&s->f, &fc, now);
	follow(s, was, now);
}

static void rx_follow(struct bfd_run *r, const struct config *cfg)
{
	bool v4 = false, v6 = false;

	for (size_t k = 0; k < cfg->nbfds; k++) {
		v4 |= cfg->bfds[k].neighbor.af == AF_INET;
		v6 |= cfg->bfds[k].neighbor.af == AF_INET6;
	}
	bfd_rx_follow(&r->rx4, r->base, AF_INET, v4, on_packet, r);
	bfd_rx_follow(&r->rx6, r->base, AF_INET6, v6, on_packet, r);
}

void bfd_run_apply(struct bfd_run *r, const struct config *cfg)
{
	struct bfd_sess *old = r->sess, **tail = &r->sess, *s;

	r->sess = NULL;
	rx_follow(r, cfg);
	for (size_t k = 0; k < cfg->nbfds; k++) {
		s = take_old(&old, &cfg->bfds[k]);
		if (s)
			sess_keep(s, &cfg->bfds[k]);
		else if (!(s = sess_new(r, &cfg->bfds[k])))
			continue;
		*tail = s;
		tail = &s->next;
		*tail = NULL;
	}
	while (old) {
		s = old;
		old = s->next;
		log_info("BFD_Instance(%s) removed by the new config", s->c->name);
		sess_free(s);
	}
}

struct bfd_run *bfd_run_new(struct event_base *base, bfd_run_hook *fn, void *arg)
{
	struct bfd_run *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->base = base;
	r->fn = fn;
	r->arg = arg;
	r->rx4.fd = r->rx6.fd = -1;
	if (getrandom(&r->rng, sizeof(r->rng), 0) != sizeof(r->rng) || !r->rng)
		r->rng = bfd_now_us() | 1;
	return r;
}

void bfd_run_free(struct bfd_run *r)
{
	if (!r)
		return;
	r->fn = NULL;		/* nobody listens any more */
	while (r->sess) {
		struct bfd_sess *s = r->sess;

		r->sess = s->next;
		sess_free(s);
	}
	bfd_rx_close(&r->rx4);
	bfd_rx_close(&r->rx6);
	free(r);
}

size_t bfd_run_views(const struct bfd_run *r, struct bfd_view *out, size_t cap)
{
	size_t n = 0;

	for (const struct bfd_sess *s = r ? r->sess : NULL; s; s = s->next, n++) {
		struct bfd_view *v = &out[n];

		if (n >= cap)
			continue;
		*v = (struct bfd_view){ .state = s->f.state, .remote_state = s->f.remote_state,
					.diag = s->f.diag, .local_disc = s->f.local_disc,
					.remote_disc = s->f.remote_disc,
					.tx_interval_us = bfd_fsm_tx_interval(&s->f),
					.detect_us = bfd_fsm_detect_time(&s->f), .rx = s->rx, .tx = s->tx,
					.rx_bad = s->rx_bad, .since_us = s->since_us, .passive = s->c->passive };
		snprintf(v->name, sizeof(v->name), "%s", s->c->name);
		cfg_ip_format(&s->c->neighbor, v->neighbor, sizeof(v->neighbor));
		cfg_ip_format(&s->c->source, v->source, sizeof(v->source));
	}
	return n;
}
