// SPDX-License-Identifier: GPL-2.0-or-later
/* RFC 5880 session state machine: see bfd_fsm.h. */
#include "config.h"

#include "bfd_fsm.h"

static uint32_t max32(uint32_t a, uint32_t b)
{
	return a > b ? a : b;
}

uint32_t bfd_fsm_tx_interval(const struct bfd_fsm *f)
{
	if (f->state == BFD_ADMIN_DOWN && f->remote_disc == 0)
		return 0;
	if (f->c.passive && f->remote_disc == 0)
		return 0;
	if (f->remote_min_rx == 0)
		return 0;
	return max32(f->tx_used, f->remote_min_rx);
}

uint64_t bfd_fsm_jitter(uint32_t interval, uint8_t mult, uint32_t rnd)
{
	/* reduced by 0..25%; with a multiplier of 1, by 10..25% */
	uint64_t lo = mult == 1 ? 10 : 0, span = 25 - lo + 1;
	uint64_t pct = lo + rnd % span;

	return (uint64_t)interval * (100 - pct) / 100;
}

uint64_t bfd_fsm_detect_time(const struct bfd_fsm *f)
{
	if (!f->remote_mult)
		return 0;
	return (uint64_t)f->remote_mult * max32(f->rx_used, f->remote_min_tx);
}

static void schedule_tx(struct bfd_fsm *f, uint64_t now, uint32_t rnd)
{
	uint32_t iv = bfd_fsm_tx_interval(f);

	f->tx_at = iv ? now + bfd_fsm_jitter(iv, f->c.mult, rnd) : 0;
}

/* The intervals we advertise for our state, and a Poll when they change
 * while Up. Smaller TX / bigger RX take effect at once. */
static void want_intervals(struct bfd_fsm *f)
{
	uint32_t tx = f->state == BFD_UP ? f->c.min_tx_us : max32(f->c.idle_tx_us, 1000000);
	uint32_t rx = f->c.min_rx_us;

	if (tx == f->des_min_tx && rx == f->req_min_rx)
		return;
	f->des_min_tx = tx;
	f->req_min_rx = rx;
	if (f->state == BFD_UP) {
		f->poll = true;
		if (tx < f->tx_used)
			f->tx_used = tx;
		if (rx > f->rx_used)
			f->rx_used = rx;
	} else {
		f->poll = false;
		f->tx_used = tx;
		f->rx_used = rx;
	}
}

static void set_state(struct bfd_fsm *f, enum bfd_state s, uint8_t diag)
{
	if (s == f->state)
		return;
	f->state = s;
	if (s == BFD_DOWN || s == BFD_ADMIN_DOWN)
		f->diag = diag;
	else if (s == BFD_UP)
		f->diag = BFD_DIAG_NONE;
	f->send_now = true;
	want_intervals(f);
}

void bfd_fsm_init(struct bfd_fsm *f, const struct bfd_fsm_conf *c, uint32_t local_disc,
		  uint64_t now)
{
	*f = (struct bfd_fsm){
		.c = *c,
		.state = BFD_DOWN,
		.remote_state = BFD_DOWN,
		.local_disc = local_disc,
		.remote_min_rx = 1,	/* 6.8.1: initialised to 1 */
	};
	want_intervals(f);
	f->tx_at = c->passive ? 0 : now;
}

static void end_poll(struct bfd_fsm *f)
{
	f->poll = false;
	f->tx_used = f->des_min_tx;
	f->rx_used = f->req_min_rx;
}

static void handshake(struct bfd_fsm *f, uint8_t remote)
{
	if (remote == BFD_ADMIN_DOWN) {
		if (f->state != BFD_DOWN)
			set_state(f, BFD_DOWN, BFD_DIAG_NBR_DOWN);
		return;
	}
	switch (f->state) {
	case BFD_DOWN:
		if (remote == BFD_DOWN)
			set_state(f, BFD_INIT, BFD_DIAG_NONE);
		else if (remote == BFD_INIT)
			set_state(f, BFD_UP, BFD_DIAG_NONE);
		break;
	case BFD_INIT:
		if (remote == BFD_INIT || remote == BFD_UP)
			set_state(f, BFD_UP, BFD_DIAG_NONE);
		break;
	case BFD_UP:
		if (remote == BFD_DOWN)
			set_state(f, BFD_DOWN, BFD_DIAG_NBR_DOWN);
		break;
	default:
		break;
	}
}

enum bfd_rx_res bfd_fsm_rx(struct bfd_fsm *f, const struct bfd_pkt *p, uint64_t now)
{
	bool was_silent = bfd_fsm_tx_interval(f) == 0;
	uint64_t dt;

	if (p->auth)
		return BFD_RX_DISCARD;	/* no authentication configured */
	f->remote_disc = p->my_disc;
	f->remote_state = p->state;
	f->remote_mult = p->mult;
	f->remote_min_rx = p->min_rx_us;
	f->remote_min_tx = p->min_tx_us;
	if (p->final && f->poll)
		end_poll(f);
	if (f->state == BFD_ADMIN_DOWN)
		return BFD_RX_DISCARD;
	handshake(f, p->state);
	if (p->poll)
		f->final_due = true;
	dt = bfd_fsm_detect_time(f);
	f->detect_at = dt ? now + dt : 0;
	/* a passive session starts sending, one whose remote asked for no
	 * packets starts again: from now */
	if (was_silent || (f->tx_at == 0 && bfd_fsm_tx_interval(f)))
		f->send_now = true;
	return BFD_RX_OK;
}

bool bfd_fsm_timer(struct bfd_fsm *f, uint64_t now, uint32_t rnd)
{
	bool send = false;

	(void)rnd;
	if (f->detect_at && now >= f->detect_at) {
		f->detect_at = 0;
		if (f->state == BFD_INIT || f->state == BFD_UP)
			set_state(f, BFD_DOWN, BFD_DIAG_EXPIRED);
		/* 6.8.1: the remote is forgotten after a detection time of silence */
		f->remote_disc = 0;
		f->remote_state = BFD_DOWN;
		f->remote_min_rx = 1;
		f->remote_mult = 0;
		if (f->c.passive) {	/* 6.8.7: silent without a remote discriminator */
			f->tx_at = 0;
			f->send_now = false;
		}
	}
	if (f->tx_at && now >= f->tx_at)
		send = true;
	return send || f->send_now || f->final_due;
}

void bfd_fsm_packet(struct bfd_fsm *f, struct bfd_pkt *out, uint64_t now, uint32_t rnd)
{
	*out = (struct bfd_pkt){
		.version = 1,
		.diag = f->diag,
		.state = (uint8_t)f->state,
		.final = f->final_due,
		.poll = f->poll && !f->final_due,	/* never both (6.5) */
		.mult = f->c.mult,
		.len = BFD_PKT_LEN,
		.my_disc = f->local_disc,
		.your_disc = f->remote_disc,
		.min_tx_us = f->des_min_tx,
		.min_rx_us = f->req_min_rx,
	};
	f->final_due = false;
	f->send_now = false;
	schedule_tx(f, now, rnd);
}

uint64_t bfd_fsm_next(const struct bfd_fsm *f)
{
	uint64_t t = f->tx_at;

	if (f->detect_at && (!t || f->detect_at < t))
		t = f->detect_at;
	return t;
}

void bfd_fsm_reconf(struct bfd_fsm *f, const struct bfd_fsm_conf *c, uint64_t now)
{
	bool was_passive = f->c.passive;

	f->c = *c;
	want_intervals(f);
	if (was_passive && !c->passive && !f->tx_at)
		f->tx_at = now;
	else if (c->passive && !f->remote_disc)
		f->tx_at = 0;
}

void bfd_fsm_admin(struct bfd_fsm *f, bool down, uint64_t now)
{
	if (down) {
		set_state(f, BFD_ADMIN_DOWN, BFD_DIAG_ADMIN_DOWN);
		f->detect_at = 0;
	} else if (f->state == BFD_ADMIN_DOWN) {
		set_state(f, BFD_DOWN, BFD_DIAG_NONE);
		if (!f->c.passive)
			f->tx_at = now;
	}
}
