// SPDX-License-Identifier: GPL-2.0-or-later
#include "vrrp_sync.h"

/* Does any member other than i have a fault of its own? */
static bool other_fault(const struct vrrp_sync_member *m, size_t n, size_t i)
{
	for (size_t j = 0; j < n; j++)
		if (j != i && (m[j].faults & VRRP_FAULT_SELF))
			return true;
	return false;
}

static size_t plan_faults(const struct vrrp_sync_member *m, size_t n,
			  enum vrrp_event_type *ev)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		bool want = other_fault(m, n, i);
		bool has = m[i].faults & VRRP_FAULT_GROUP;

		if (want && !has)
			ev[i] = VRRP_EV_SYNC_FAULT;
		else if (!want && has)
			ev[i] = VRRP_EV_SYNC_RECOVER;
		else
			continue;
		k++;
	}
	return k;
}

size_t vrrp_sync_plan(const struct vrrp_sync_member *m, size_t n, size_t trigger,
		      enum vrrp_state from, enum vrrp_event_type *ev)
{
	enum vrrp_state to = trigger < n ? m[trigger].state : from;
	enum vrrp_event_type follow = VRRP_EV_NONE;
	enum vrrp_state match = VRRP_STATE_COUNT;
	size_t k;

	for (size_t i = 0; i < n; i++)
		ev[i] = VRRP_EV_NONE;
	k = plan_faults(m, n, ev);
	/* While any member is in fault of its own, nobody moves. */
	if (k || other_fault(m, n, n))
		return k;
	if (to == VRRP_STATE_MASTER && from != VRRP_STATE_MASTER) {
		follow = VRRP_EV_SYNC_MASTER;
		match = VRRP_STATE_BACKUP;
	} else if (to == VRRP_STATE_BACKUP && from == VRRP_STATE_MASTER) {
		follow = VRRP_EV_SYNC_BACKUP;
		match = VRRP_STATE_MASTER;
	}
	for (size_t i = 0; i < n; i++) {
		if (i != trigger && m[i].state == match) {
			ev[i] = follow;
			k++;
		}
	}
	return k;
}

enum vrrp_state vrrp_sync_group_state(const struct vrrp_sync_member *m, size_t n)
{
	size_t masters = 0, backups = 0;

	for (size_t i = 0; i < n; i++) {
		if (m[i].state == VRRP_STATE_FAULT)
			return VRRP_STATE_FAULT;
		masters += m[i].state == VRRP_STATE_MASTER;
		backups += m[i].state == VRRP_STATE_BACKUP;
	}
	if (n && masters == n)
		return VRRP_STATE_MASTER;
	if (n && backups == n)
		return VRRP_STATE_BACKUP;
	return VRRP_STATE_COUNT;
}
