// SPDX-License-Identifier: GPL-2.0-or-later
/* The decisions of the result funnel, pure: what one probe result does to
 * a check (retry, rise, alpha) and what the live weight does to a virtual
 * server's quorum (with hysteresis). No I/O, no clock; unit tested. */
#ifndef KEEL_CHK_FUNNEL_H
#define KEEL_CHK_FUNNEL_H

#include <stdbool.h>
#include <stdint.h>

/* One check's hysteresis state. */
struct chk_fsm {
	bool up;
	unsigned fails;		/* failures in a row while up (retries used) */
	unsigned oks;		/* successes in a row while down */
};

struct chk_fsm_params {
	unsigned retry;		/* extra attempts before an up check goes down */
	unsigned rise;		/* successes in a row to come back up (>= 1) */
};

enum chk_step {
	CHK_STEP_STAY,		/* no change; next probe after delay_loop */
	CHK_STEP_RETRY,		/* failed while up, retries left: probe after delay_before_retry */
	CHK_STEP_DOWN,		/* up -> down */
	CHK_STEP_UP,		/* down -> up */
};

/* alpha: the check starts down (keepalived's alpha), else up. */
void chk_fsm_start(struct chk_fsm *s, bool alpha);
/* Feeds one probe result and says what it changed. */
enum chk_step chk_fsm_feed(struct chk_fsm *s, const struct chk_fsm_params *p, bool ok);

/* A virtual server's quorum at start: the live weight reaches quorum +
 * hysteresis, as for a gain (keepalived does so). */
bool chk_quorum_start(uint64_t live, uint32_t quorum, uint32_t hysteresis);
/* The next quorum state: gained at quorum + hysteresis, lost below
 * quorum - hysteresis (or when nothing is live); in between it holds. */
bool chk_quorum_next(bool had, uint64_t live, uint32_t quorum, uint32_t hysteresis);

/* Weight from a MISC_CHECK exit status with misc_dynamic: 0 keeps the
 * configured weight (-1), 1 is a failure (-2), 2..255 set status - 2. */
int chk_misc_status_weight(int status);

#endif
