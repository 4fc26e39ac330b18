// SPDX-License-Identifier: GPL-2.0-or-later
/* What to tell the kernel: the minimal list of operations that turns the
 * observed IPVS table into the desired one. Pure: no I/O, no globals. */
#ifndef KEEL_IPVS_PLAN_H
#define KEEL_IPVS_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "ipvs_types.h"

enum ipvs_op_kind {
	IPVS_OP_ADD_SVC,
	IPVS_OP_EDIT_SVC,
	IPVS_OP_DEL_SVC,	/* takes the service's dests with it */
	IPVS_OP_ADD_DEST,
	IPVS_OP_EDIT_DEST,
	IPVS_OP_DEL_DEST,
};

/* One self-contained operation: copies, not pointers into any table. The
 * service carries the desired settings for add/edit-service and only its
 * key otherwise matters; dest is unused by the service kinds. */
struct ipvs_op {
	enum ipvs_op_kind kind;
	struct ipvs_service svc;
	struct ipvs_dest dest;
};

struct ipvs_ops {
	struct ipvs_op *op;
	size_t n, cap;
};

/* Which observed entries keel may delete when they are not desired. keel
 * leaves alone what it did not create: a NULL owner deletes nothing, only
 * adds and edits; ipvs_owner_all deletes everything undesired (a flush). A
 * dest is asked about only when its service stays. */
struct ipvs_owner {
	bool (*owns_svc)(const struct ipvs_service *svc, void *arg);
	bool (*owns_dest)(const struct ipvs_service *svc, const struct ipvs_dest *d, void *arg);
	void *arg;
};
extern const struct ipvs_owner ipvs_owner_all;
/* Owns exactly the services and dests present in created (a sorted table,
 * e.g. what keel last desired); created must outlive the owner. */
void ipvs_owner_table(struct ipvs_owner *o, const struct ipvs_table *created);

/* Replaces *ops with the plan: services in canonical order; for each, its
 * add/edit/delete, then its dests' operations. Settings that the kernel can
 * change in place are edits, never delete+add; a deleted service gets no
 * dest deletes of its own. Both tables must be sorted (-EINVAL otherwise);
 * -ENOMEM leaves ops empty. */
int ipvs_plan(const struct ipvs_table *desired, const struct ipvs_table *observed,
	      const struct ipvs_owner *owner, struct ipvs_ops *ops);

/* Applies ops to a sorted table the way the kernel would, stopping at the
 * first failure: -EEXIST, -ESRCH (no such service), -ENOENT (no such dest),
 * -ENOMEM. For tests and dry runs. */
int ipvs_table_apply_ops(struct ipvs_table *t, const struct ipvs_ops *ops);
/* One op of those, with the same errors: for following the kernel op by op
 * when some ops of a batch were refused. */
int ipvs_table_apply_op(struct ipvs_table *t, const struct ipvs_op *op);

void ipvs_ops_free(struct ipvs_ops *ops);
int ipvs_ops_push(struct ipvs_ops *ops, enum ipvs_op_kind kind, const struct ipvs_service *svc,
		  const struct ipvs_dest *d);
size_t ipvs_ops_count(const struct ipvs_ops *ops, enum ipvs_op_kind kind);

#define IPVS_OP_DESC_LEN (2 * IPVS_SVC_NAME_LEN + 32)
/* "add dest 10.0.1.2:51820 to UDP 10.0.0.1:51820", "edit service FWM 5";
 * returns buf. */
char *ipvs_op_describe(const struct ipvs_op *op, char buf[IPVS_OP_DESC_LEN]);

#endif
