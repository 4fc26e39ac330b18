// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include "ev_base.h"

struct event_base *keel_event_base_new(bool precise)
{
	struct event_config *cfg = event_config_new();
	struct event_base *base = NULL;

	if (!cfg)
		return NULL;
	if (precise)
		event_config_set_flag(cfg, EVENT_BASE_FLAG_PRECISE_TIMER);
	if (event_config_set_max_dispatch_interval(cfg, NULL, KEEL_EV_BATCH, KEEL_EV_PRIO_NORMAL) == 0)
		base = event_base_new_with_config(cfg);
	event_config_free(cfg);
	if (base && event_base_priority_init(base, KEEL_EV_PRIOS) < 0) {
		event_base_free(base);
		base = NULL;
	}
	return base;
}

int keel_event_urgent(struct event *ev)
{
	return event_priority_set(ev, KEEL_EV_PRIO_URGENT);
}
