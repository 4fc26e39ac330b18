// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "cfg.h"
#include "ipvs_sweep.h"

struct ipvs_sweep {
	struct event *tick, *gap_end;
	struct timeval period, gap;
	struct ipvs_sweep_ops ops;
	void *arg;
	bool backup, in_gap;
	uint64_t sweeps;
	uint64_t settle_ms;
	uint64_t failed, failed_since_ms;	/* the failed set and since when */
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

uint64_t ipvs_sweep_settle_ms(const struct config *cfg)
{
	uint64_t worst = 0;

	for (size_t v = 0; v < cfg->nvs; v++)
		for (size_t r = 0; r < cfg->vs[v].nrs; r++)
			for (size_t i = 0; i < cfg->vs[v].rs[r].nchecks; i++) {
				const struct cfg_timing *t = &cfg->vs[v].rs[r].checks[i].timing;
				uint64_t us = t->delay_loop + t->delay_loop / 16 +
					      (t->retry + 1) * t->connect_timeout +
					      t->retry * t->delay_before_retry;
				if (us > worst)
					worst = us;
			}
	return worst / 1000 + IPVS_SWEEP_PERIOD_MS;
}

static struct timeval ms_tv(unsigned ms)
{
	return (struct timeval){ .tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000 };
}

static void on_gap_end(evutil_socket_t fd, short what, void *arg)
{
	struct ipvs_sweep *s = arg;

	s->in_gap = false;
	s->sweeps++;
	s->ops.apply(s->arg);
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	struct ipvs_sweep *s = arg;

	uint64_t failed = s->ops.failed_set(s->arg), now = now_ms();

	if (failed != s->failed) {
		s->failed = failed;
		s->failed_since_ms = now;
	}
	if (s->in_gap || !failed || now - s->failed_since_ms < s->settle_ms)
		return;
	s->in_gap = true;
	s->ops.apply(s->arg);
	evtimer_add(s->gap_end, &s->gap);
}

struct ipvs_sweep *ipvs_sweep_new(struct event_base *base, unsigned period_ms, unsigned gap_ms,
				  const struct ipvs_sweep_ops *ops, void *arg)
{
	struct ipvs_sweep *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->tick = event_new(base, -1, EV_PERSIST, on_tick, s);
	s->gap_end = evtimer_new(base, on_gap_end, s);
	if (!s->tick || !s->gap_end) {
		ipvs_sweep_free(s);
		return NULL;
	}
	s->period = ms_tv(period_ms);
	s->gap = ms_tv(gap_ms);
	s->ops = *ops;
	s->arg = arg;
	return s;
}

void ipvs_sweep_set_settle(struct ipvs_sweep *s, uint64_t settle_ms)
{
	if (s)
		s->settle_ms = settle_ms;
}

void ipvs_sweep_set_backup(struct ipvs_sweep *s, bool backup)
{
	if (!s || s->backup == backup)
		return;
	s->backup = backup;
	s->in_gap = false;
	evtimer_del(s->gap_end);
	if (backup)
		event_add(s->tick, &s->period);
	else
		event_del(s->tick);
}

bool ipvs_sweep_hold(const struct ipvs_sweep *s)
{
	return s && s->backup && !s->in_gap;
}

uint64_t ipvs_sweep_count(const struct ipvs_sweep *s)
{
	return s ? s->sweeps : 0;
}

void ipvs_sweep_free(struct ipvs_sweep *s)
{
	if (!s)
		return;
	if (s->tick)
		event_free(s->tick);
	if (s->gap_end)
		event_free(s->gap_end);
	free(s);
}
