// SPDX-License-Identifier: GPL-2.0-or-later
/* What tracked objects make of an instance, as keepalived.conf(5) says
 * for track_interface, track_script, track_file, track_process and
 * track_bfd; pure:
 *  - an up/down object (interface, script) with weight 0 puts the
 *    instance in FAULT while down (while up with "reverse");
 *  - a positive weight is added while up, a negative one while down;
 *    reverse turns the adjustment round (subtracted, added);
 *  - a file's value is multiplied by its weight (negated by reverse) and
 *    added; a result below -253 is a FAULT; with weight 0 any value but
 *    0 is a FAULT.
 * Members of a sync group without sync_group_tracking_weight have their
 * own script, file and process weights taken as 0; the group's lines weigh
 * as written. vrrp_fsm_effective_priority then bounds base + weight. */
#ifndef KEEL_VRRP_PRIO_H
#define KEEL_VRRP_PRIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum vrrp_obj_state {
	VRRP_OBJ_UNKNOWN = 0,	/* a script that has not finished a run yet */
	VRRP_OBJ_UP,
	VRRP_OBJ_DOWN,
};

enum vrrp_obj_kind {
	VRRP_OBJ_IF,		/* .state */
	VRRP_OBJ_SCRIPT,	/* .state */
	VRRP_OBJ_FILE,		/* .value */
	VRRP_OBJ_PROCESS,	/* .state, as a script's */
	VRRP_OBJ_BFD,		/* .state: a bfd_instance, up while its session is Up */
};

struct vrrp_tracked {
	enum vrrp_obj_kind kind;
	enum vrrp_obj_state state;
	int64_t value;
	int weight;		/* the instance's, else the object's */
	bool reverse;
	bool from_group;	/* a line of the instance's sync group */
	const char *name;	/* the line's, for views only */
};

struct vrrp_track_sum {
	bool fault;
	int weight;		/* to add to the configured priority */
};

/* A track_* line over its object's own weight and reverse (def, def_rev;
 * 0 and false for interfaces): a weight on the line replaces the
 * object's, and the object's reverse stays unless the line says reverse
 * or noreverse, as keepalived 2.2.7 applies them. */
struct vrrp_line {
	bool weight_set, reverse_set, reverse;
	int weight;
};
void vrrp_line_weight(const struct vrrp_line *l, int def, bool def_rev, struct vrrp_tracked *o);

/* in_group: the instance is a member of a sync group without
 * sync_group_tracking_weight: the weights of its own script, file and
 * process lines count as 0. The group's own lines weigh as written
 * (keepalived 2.2.7, measured in the lab). */
void vrrp_track_sum(const struct vrrp_tracked *t, size_t n, bool in_group,
		    struct vrrp_track_sum *out);
/* The weight vrrp_track_sum gives the object (0: down or a value is a FAULT). */
int vrrp_tracked_weight(const struct vrrp_tracked *t, bool in_group);

/* A vrrp_script's rise/fall: the first result decides, then fall
 * failures in a row take it down and rise successes bring it up. */
struct vrrp_script_hyst {
	enum vrrp_obj_state state;
	unsigned run;		/* results in a row against the state */
};

/* init_fail: it starts DOWN instead of UNKNOWN. */
void vrrp_script_hyst_init(struct vrrp_script_hyst *h, bool init_fail);
/* One result; true when the state changed. */
bool vrrp_script_hyst_step(struct vrrp_script_hyst *h, bool ok, unsigned rise, unsigned fall);

/* A track file's text: a decimal number (sign, surrounding blanks), else
 * false. Values are clamped to the int32 range keepalived reads. */
bool vrrp_track_file_parse(const char *text, int64_t *value);

#endif
