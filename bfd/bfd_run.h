// SPDX-License-Identifier: GPL-2.0-or-later
/* The BFD sessions of the running config on one event loop: a receive
 * socket per family on UDP port 3784 (RFC 5881, as keepalived: it uses
 * that port whatever ttl/max_hops say), a send socket per session bound
 * to source_ip and a source port in 49152..65535, sent with the ttl
 * (hoplimit) configured; a received packet is dropped when its TTL lost
 * more than max_hops on the way (unless max_hops is 255 or -1). One timer
 * per session, armed at the FSM's next due time (bfd_fsm.h). A session
 * whose Up-ness changes is logged once and told to the hook. */
#ifndef KEEL_BFD_RUN_H
#define KEEL_BFD_RUN_H

#include <event2/event.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bfd_fsm.h"
#include "cfg.h"

struct bfd_run;

/* A session's Up-ness changed (or it was removed: up false). Runs on
 * the loop's thread. */
typedef void bfd_run_hook(void *arg, const struct cfg_bfd *b, bool up);

/* What readers outside the loop get of a session. */
struct bfd_view {
	char name[CFG_BFD_NAME_MAX + 1];
	char neighbor[INET6_ADDRSTRLEN], source[INET6_ADDRSTRLEN];
	enum bfd_state state, remote_state;
	uint8_t diag;
	uint32_t local_disc, remote_disc;
	uint32_t tx_interval_us;	/* negotiated, before jitter */
	uint64_t detect_us;		/* detection time now */
	uint64_t rx, tx, rx_bad;
	uint64_t since_us;		/* monotonic time of the last state change */
	bool passive;
};

/* NULL on error (logged). */
struct bfd_run *bfd_run_new(struct event_base *base, bfd_run_hook *fn, void *arg);
/* Sessions of cfg: those whose settings are the same go on untouched,
 * changed intervals are announced with a Poll, a new neighbor, source or
 * ttl restarts the session. cfg must outlive the next apply. */
void bfd_run_apply(struct bfd_run *r, const struct config *cfg);
void bfd_run_free(struct bfd_run *r);
size_t bfd_run_views(const struct bfd_run *r, struct bfd_view *out, size_t cap);
uint64_t bfd_now_us(void);

#endif
