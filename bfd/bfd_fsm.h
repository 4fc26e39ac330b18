// SPDX-License-Identifier: GPL-2.0-or-later
/* One BFD session's state machine (RFC 5880 section 6), pure: the caller
 * hands it packets, the monotonic time (microseconds) and random numbers
 * for the jitter, and sends the packets it asks for.
 *  - states AdminDown / Down / Init / Up and the three-way handshake
 *    (6.2, 6.8.6);
 *  - asynchronous mode only (no demand, no echo), no authentication;
 *  - while not Up the desired min TX is idle_tx (at least one second,
 *    6.8.3), once Up it is min_tx, changed with a Poll sequence; a bigger
 *    TX interval or a smaller RX interval takes effect when the Final
 *    comes back, a smaller TX or a bigger RX at once (6.8.3);
 *  - detection time = the remote detect multiplier x the larger of our
 *    required min RX and the remote desired min TX (6.8.4);
 *  - transmit interval = the larger of our desired min TX and the remote
 *    required min RX, less 0-25% jitter (10-25% with a multiplier of 1),
 *    none while the remote asks for 0 (6.8.7);
 *  - a passive session sends nothing until it has heard the remote's
 *    discriminator (6.1). */
#ifndef KEEL_BFD_FSM_H
#define KEEL_BFD_FSM_H

#include <stdbool.h>
#include <stdint.h>

#include "bfd_pkt.h"

struct bfd_fsm_conf {
	uint32_t min_tx_us, min_rx_us, idle_tx_us;
	uint8_t mult;
	bool passive;
};

struct bfd_fsm {
	struct bfd_fsm_conf c;
	enum bfd_state state, remote_state;
	uint8_t diag;			/* bfd.LocalDiag */
	uint8_t remote_mult;
	uint32_t local_disc, remote_disc;
	uint32_t des_min_tx;		/* advertised: idle_tx, or min_tx once Up */
	uint32_t req_min_rx;		/* advertised */
	uint32_t tx_used, rx_used;	/* in force until a Poll sequence ends */
	uint32_t remote_min_tx, remote_min_rx;
	bool poll;			/* a Poll sequence runs: P on periodic packets */
	bool final_due;			/* the remote polled: a Final goes out now */
	bool send_now;			/* a packet should go out now (state change) */
	uint64_t detect_at;		/* 0: no detection timer */
	uint64_t tx_at;			/* next periodic packet; 0: none */
};

/* What bfd_fsm_rx made of a packet. */
enum bfd_rx_res {
	BFD_RX_OK = 0,
	BFD_RX_DISCARD,		/* authentication present, or AdminDown locally */
};

/* local_disc: non-zero, unique among the system's sessions. The session
 * starts Down; an active one sends its first packet at now. */
void bfd_fsm_init(struct bfd_fsm *f, const struct bfd_fsm_conf *c, uint32_t local_disc,
		  uint64_t now);
/* A valid packet (bfd_pkt_decode said 0) of this session. */
enum bfd_rx_res bfd_fsm_rx(struct bfd_fsm *f, const struct bfd_pkt *p, uint64_t now);
/* Timers due at now: the detection time (Init/Up -> Down, diag 1) and the
 * periodic packet. True when a packet should be sent now (then call
 * bfd_fsm_packet). rnd: a random number for the next interval's jitter. */
bool bfd_fsm_timer(struct bfd_fsm *f, uint64_t now, uint32_t rnd);
/* The packet to send now; clears final_due / send_now and, when given a
 * time and random number, schedules the next periodic packet from now. */
void bfd_fsm_packet(struct bfd_fsm *f, struct bfd_pkt *out, uint64_t now, uint32_t rnd);
/* The earliest time a timer is due; 0: none. */
uint64_t bfd_fsm_next(const struct bfd_fsm *f);
/* New intervals / multiplier / role for a running session (a reload):
 * the state stays; an Up session announces them with a Poll sequence. */
void bfd_fsm_reconf(struct bfd_fsm *f, const struct bfd_fsm_conf *c, uint64_t now);
/* Administratively down (true) or back to Down (false). */
void bfd_fsm_admin(struct bfd_fsm *f, bool down, uint64_t now);

/* The negotiated transmit interval before jitter; 0: none (the remote
 * asks for no packets, or a passive session has not heard it yet). */
uint32_t bfd_fsm_tx_interval(const struct bfd_fsm *f);
/* The interval with jitter applied from rnd (RFC 5880 6.8.7). */
uint64_t bfd_fsm_jitter(uint32_t interval, uint8_t mult, uint32_t rnd);
/* The detection time now, microseconds (0 before the remote is heard). */
uint64_t bfd_fsm_detect_time(const struct bfd_fsm *f);

#endif
