// SPDX-License-Identifier: GPL-2.0-or-later
/* The pure half of the result funnel (see chk_funnel.h). */
#include "config.h"

#include "chk_funnel.h"

void chk_fsm_start(struct chk_fsm *s, bool alpha)
{
	*s = (struct chk_fsm){ .up = !alpha };
}

static enum chk_step feed_up(struct chk_fsm *s, const struct chk_fsm_params *p, bool ok)
{
	if (ok) {
		s->fails = 0;
		return CHK_STEP_STAY;
	}
	if (s->fails < p->retry) {
		s->fails++;
		return CHK_STEP_RETRY;
	}
	*s = (struct chk_fsm){ .up = false };
	return CHK_STEP_DOWN;
}

static enum chk_step feed_down(struct chk_fsm *s, const struct chk_fsm_params *p, bool ok)
{
	unsigned rise = p->rise ? p->rise : 1;

	if (!ok) {
		s->oks = 0;
		return CHK_STEP_STAY;
	}
	if (++s->oks < rise)
		return CHK_STEP_STAY;
	*s = (struct chk_fsm){ .up = true };
	return CHK_STEP_UP;
}

enum chk_step chk_fsm_feed(struct chk_fsm *s, const struct chk_fsm_params *p, bool ok)
{
	return s->up ? feed_up(s, p, ok) : feed_down(s, p, ok);
}

/* keepalived starts a service with its quorum only when the live weight
 * reaches quorum + hysteresis, the same bar as a later gain (seen in the
 * kernel lab, test/conformance/sorry-quorum.conf). */
bool chk_quorum_start(uint64_t live, uint32_t quorum, uint32_t hysteresis)
{
	return chk_quorum_next(false, live, quorum, hysteresis);
}

bool chk_quorum_next(bool had, uint64_t live, uint32_t quorum, uint32_t hysteresis)
{
	if (had)
		return (live > 0 || quorum == 0) && live + hysteresis >= quorum;
	return live >= (uint64_t)quorum + hysteresis;
}

int chk_misc_status_weight(int status)
{
	if (status == 0)
		return -1;
	if (status == 1 || status < 0 || status > 255)
		return -2;
	return status - 2;
}
