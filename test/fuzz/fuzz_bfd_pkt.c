// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: the BFD control packet decoder, and the session
 * state machine fed what decodes. Input: the bytes a socket would
 * deliver, then read again as a sequence of packets of 24 bytes, each
 * handed to one session with a moving clock.
 * Every packet that decodes must encode and decode back to the same
 * (but for the authentication bit and the length, which keel never
 * sends). */
#include <stdlib.h>
#include <string.h>

#include "bfd_fsm.h"
#include "bfd_pkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same(const struct bfd_pkt *a, const struct bfd_pkt *b)
{
	return a->version == b->version && a->diag == b->diag && a->state == b->state &&
	       a->poll == b->poll && a->final == b->final && a->cpi == b->cpi &&
	       a->demand == b->demand && a->multipoint == b->multipoint && a->mult == b->mult &&
	       a->my_disc == b->my_disc && a->your_disc == b->your_disc &&
	       a->min_tx_us == b->min_tx_us && a->min_rx_us == b->min_rx_us &&
	       a->min_echo_rx_us == b->min_echo_rx_us && !b->auth && b->len == BFD_PKT_LEN;
}

static void round_trip(const struct bfd_pkt *p)
{
	struct bfd_pkt q;
	uint8_t out[BFD_PKT_LEN];

	bfd_pkt_encode(p, out);
	if (bfd_pkt_decode(out, sizeof(out), &q) != BFD_PKT_OK || !same(p, &q))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct bfd_fsm_conf conf = { .min_tx_us = 10000, .min_rx_us = 10000,
						  .idle_tx_us = 1000000, .mult = 3 };
	struct bfd_fsm f;
	struct bfd_pkt p;
	uint64_t now = 1;

	if (bfd_pkt_decode(data, size, &p) == BFD_PKT_OK)
		round_trip(&p);
	bfd_fsm_init(&f, &conf, 42, now);
	for (size_t off = 0; off + BFD_PKT_LEN <= size; off += BFD_PKT_LEN) {
		now += data[off + 2] * 1000u;
		bfd_fsm_timer(&f, now, data[off]);
		if (bfd_pkt_decode(data + off, BFD_PKT_LEN, &p) == BFD_PKT_OK)
			bfd_fsm_rx(&f, &p, now);
		bfd_fsm_packet(&f, &p, now, data[off + 1]);
		if (f.state > BFD_UP || (f.poll && p.final && p.poll))
			abort();
	}
	return 0;
}
