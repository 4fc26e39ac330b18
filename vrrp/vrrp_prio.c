// SPDX-License-Identifier: GPL-2.0-or-later
#include "vrrp_prio.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#define FILE_FAULT_BELOW (-253)

/* An up/down object: fault, or the weight it adds now. */
static void updown(const struct vrrp_tracked *t, int weight, struct vrrp_track_sum *s)
{
	bool up = t->state == VRRP_OBJ_UP;

	if (weight == 0) {
		/* a script not run yet holds the instance back, like a failed one */
		if (t->state == VRRP_OBJ_UNKNOWN || up == t->reverse)
			s->fault = true;
		return;
	}
	if (t->state == VRRP_OBJ_UNKNOWN)
		return;
	if ((weight > 0 && up) || (weight < 0 && !up))
		s->weight += t->reverse ? -weight : weight;
}

static void file_value(const struct vrrp_tracked *t, int weight, struct vrrp_track_sum *s)
{
	int64_t v;

	if (weight == 0) {
		if (t->value != 0)
			s->fault = true;
		return;
	}
	v = t->value * weight * (t->reverse ? -1 : 1);
	if (v < FILE_FAULT_BELOW)
		s->fault = true;
	else
		s->weight += v > 254 ? 254 : (int)v;
}

void vrrp_line_weight(const struct vrrp_line *l, int def, bool def_rev, struct vrrp_tracked *o)
{
	o->weight = l->weight_set ? l->weight : def;
	o->reverse = l->reverse_set ? l->reverse : def_rev;
}

int vrrp_tracked_weight(const struct vrrp_tracked *t, bool in_group)
{
	return in_group && t->kind != VRRP_OBJ_IF && !t->from_group ? 0 : t->weight;
}

void vrrp_track_sum(const struct vrrp_tracked *t, size_t n, bool in_group,
		    struct vrrp_track_sum *out)
{
	out->fault = false;
	out->weight = 0;
	for (size_t k = 0; k < n; k++) {
		int w = vrrp_tracked_weight(&t[k], in_group);

		if (t[k].kind == VRRP_OBJ_FILE)
			file_value(&t[k], w, out);
		else
			updown(&t[k], w, out);
		/* many objects: keep the sum far from overflow, the FSM clamps it */
		if (out->weight > 1000)
			out->weight = 1000;
		else if (out->weight < -1000)
			out->weight = -1000;
	}
}

void vrrp_script_hyst_init(struct vrrp_script_hyst *h, bool init_fail)
{
	h->state = init_fail ? VRRP_OBJ_DOWN : VRRP_OBJ_UNKNOWN;
	h->run = 0;
}

bool vrrp_script_hyst_step(struct vrrp_script_hyst *h, bool ok, unsigned rise, unsigned fall)
{
	enum vrrp_obj_state want = ok ? VRRP_OBJ_UP : VRRP_OBJ_DOWN;

	if (h->state == want) {
		h->run = 0;
		return false;
	}
	if (h->state != VRRP_OBJ_UNKNOWN && ++h->run < (ok ? rise : fall))
		return false;
	h->state = want;
	h->run = 0;
	return true;
}

bool vrrp_track_file_parse(const char *text, int64_t *value)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(text, &end, 10);
	if (end == text || (errno && errno != ERANGE))
		return false;
	while (isspace((unsigned char)*end))
		end++;
	if (*end)
		return false;
	*value = v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : v;
	return true;
}
