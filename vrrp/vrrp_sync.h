// SPDX-License-Identifier: GPL-2.0-or-later
/* vrrp_sync_group: members move together. A pure planner: after one
 * member's step, which event each member must be given so that
 *  - a member in fault of its own holds every other member in FAULT
 *    (VRRP_FAULT_GROUP), and they leave it when no member has one;
 *  - a member that became MASTER takes the others to MASTER;
 *  - a member that fell from MASTER to BACKUP takes the others along.
 * The fault part depends only on the members' fault bits, so applying
 * the plan twice gives nothing new. */
#ifndef KEEL_VRRP_SYNC_H
#define KEEL_VRRP_SYNC_H

#include <stddef.h>

#include "vrrp_fsm.h"

struct vrrp_sync_member {
	enum vrrp_state state;	/* after the trigger's step */
	uint8_t faults;		/* its vrrp_fsm.faults, VRRP_FAULT_* */
};

/* Member `trigger` went from state `from` to m[trigger].state. Fills ev[i]
 * (VRRP_EV_NONE, VRRP_EV_SYNC_*) for each of the n members; returns how
 * many got an event. Feed them to vrrp_fsm_step, then plan again with
 * each member that changed state as the trigger. */
size_t vrrp_sync_plan(const struct vrrp_sync_member *m, size_t n, size_t trigger,
		      enum vrrp_state from, enum vrrp_event_type *ev);

/* The group's state, for its notify scripts: FAULT when a member is in
 * FAULT, MASTER or BACKUP when every member is, else VRRP_STATE_COUNT
 * (members on their way, or not started). */
enum vrrp_state vrrp_sync_group_state(const struct vrrp_sync_member *m, size_t n);

#endif
