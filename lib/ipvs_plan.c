// SPDX-License-Identifier: GPL-2.0-or-later
/* The IPVS planner: a sorted merge of desired and observed tables, in the
 * manner of wireguard-tools' sync_conf and BIRD's krt_prune. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipvs_plan.h"

static bool yes_svc(const struct ipvs_service *svc, void *arg)
{
	return true;
}

static bool yes_dest(const struct ipvs_service *svc, const struct ipvs_dest *d, void *arg)
{
	return true;
}

const struct ipvs_owner ipvs_owner_all = { .owns_svc = yes_svc, .owns_dest = yes_dest };

static bool table_owns_svc(const struct ipvs_service *svc, void *arg)
{
	return ipvs_table_find(arg, svc) != NULL;
}

static bool table_owns_dest(const struct ipvs_service *svc, const struct ipvs_dest *d, void *arg)
{
	const struct ipvs_entry *e = ipvs_table_find(arg, svc);

	return e && ipvs_entry_find(e, d);
}

void ipvs_owner_table(struct ipvs_owner *o, const struct ipvs_table *created)
{
	o->owns_svc = table_owns_svc;
	o->owns_dest = table_owns_dest;
	o->arg = (void *)created;
}

static bool owns_svc(const struct ipvs_owner *o, const struct ipvs_service *svc)
{
	return o && o->owns_svc && o->owns_svc(svc, o->arg);
}

static bool owns_dest(const struct ipvs_owner *o, const struct ipvs_service *svc,
		      const struct ipvs_dest *d)
{
	return o && o->owns_dest && o->owns_dest(svc, d, o->arg);
}

void ipvs_ops_free(struct ipvs_ops *ops)
{
	free(ops->op);
	*ops = (struct ipvs_ops){ 0 };
}

int ipvs_ops_push(struct ipvs_ops *ops, enum ipvs_op_kind kind, const struct ipvs_service *svc,
		  const struct ipvs_dest *d)
{
	struct ipvs_op *op;

	if (ops->n == ops->cap) {
		size_t ncap = ops->cap ? ops->cap * 2 : 16;
		struct ipvs_op *v = reallocarray(ops->op, ncap, sizeof(*v));

		if (!v)
			return -ENOMEM;
		ops->op = v;
		ops->cap = ncap;
	}
	op = &ops->op[ops->n++];
	*op = (struct ipvs_op){ .kind = kind, .svc = *svc };
	if (d) {
		op->dest = *d;
		/* Observed counters are no part of an operation. */
		op->dest.conns = (struct ipvs_dest_conns){ 0 };
	}
	return 0;
}

size_t ipvs_ops_count(const struct ipvs_ops *ops, enum ipvs_op_kind kind)
{
	size_t n = 0;

	for (size_t i = 0; i < ops->n; i++)
		n += ops->op[i].kind == kind;
	return n;
}

/* Merge order of the next pair: -1 when only want has it, 1 when only
 * have has it, 0 when both do. Pointers are formed only for valid indexes. */
static int dest_step(const struct ipvs_entry *want, size_t i, const struct ipvs_entry *have, size_t j)
{
	if (i == want->ndests)
		return 1;
	if (j == have->ndests)
		return -1;
	return ipvs_dest_cmp(&want->dests[i], &have->dests[j]);
}

static int plan_dests(const struct ipvs_entry *want, const struct ipvs_entry *have,
		      const struct ipvs_owner *o, struct ipvs_ops *ops)
{
	size_t i = 0, j = 0;
	int rc = 0;

	while (rc == 0 && (i < want->ndests || j < have->ndests)) {
		int c = dest_step(want, i, have, j);

		if (c < 0) {
			rc = ipvs_ops_push(ops, IPVS_OP_ADD_DEST, &want->svc, &want->dests[i]);
			i++;
		} else if (c > 0) {
			if (owns_dest(o, &have->svc, &have->dests[j]))
				rc = ipvs_ops_push(ops, IPVS_OP_DEL_DEST, &have->svc, &have->dests[j]);
			j++;
		} else {
			if (!ipvs_dest_settings_equal(&want->dests[i], &have->dests[j]))
				rc = ipvs_ops_push(ops, IPVS_OP_EDIT_DEST, &want->svc, &want->dests[i]);
			i++;
			j++;
		}
	}
	return rc;
}

static int plan_new_service(const struct ipvs_entry *want, struct ipvs_ops *ops)
{
	int rc = ipvs_ops_push(ops, IPVS_OP_ADD_SVC, &want->svc, NULL);

	for (size_t k = 0; rc == 0 && k < want->ndests; k++)
		rc = ipvs_ops_push(ops, IPVS_OP_ADD_DEST, &want->svc, &want->dests[k]);
	return rc;
}

static int svc_step(const struct ipvs_table *want, size_t i, const struct ipvs_table *have, size_t j)
{
	if (i == want->n)
		return 1;
	if (j == have->n)
		return -1;
	return ipvs_service_cmp(&want->ent[i].svc, &have->ent[j].svc);
}

static int merge(const struct ipvs_table *desired, const struct ipvs_table *observed,
		 const struct ipvs_owner *owner, struct ipvs_ops *ops)
{
	size_t i = 0, j = 0;
	int rc = 0;

	while (rc == 0 && (i < desired->n || j < observed->n)) {
		int c = svc_step(desired, i, observed, j);

		if (c < 0) {
			rc = plan_new_service(&desired->ent[i++], ops);
		} else if (c > 0) {
			const struct ipvs_service *h = &observed->ent[j++].svc;

			if (owns_svc(owner, h))
				rc = ipvs_ops_push(ops, IPVS_OP_DEL_SVC, h, NULL);
		} else {
			const struct ipvs_entry *w = &desired->ent[i++], *h = &observed->ent[j++];

			if (!ipvs_service_equal(&w->svc, &h->svc))
				rc = ipvs_ops_push(ops, IPVS_OP_EDIT_SVC, &w->svc, NULL);
			if (rc == 0)
				rc = plan_dests(w, h, owner, ops);
		}
	}
	return rc;
}

/* One pass, the operations grown by doubling: keeld plans a slice of
 * about a thousand objects at a time (daemon/ipvs_sync.c), so the spare
 * room stays small, and a pass that counted first cost as much again
 * (3.2 ms of a 2500 x 4 reload's plan under emulation was the two). */
int ipvs_plan(const struct ipvs_table *desired, const struct ipvs_table *observed,
	      const struct ipvs_owner *owner, struct ipvs_ops *ops)
{
	int rc;

	ops->n = 0;
	if (!ipvs_table_sorted(desired) || !ipvs_table_sorted(observed))
		return -EINVAL;
	rc = merge(desired, observed, owner, ops);
	if (rc)
		ipvs_ops_free(ops);
	return rc;
}

int ipvs_table_apply_op(struct ipvs_table *t, const struct ipvs_op *op)
{
	struct ipvs_entry *e = ipvs_table_find(t, &op->svc);
	struct ipvs_dest *d;
	struct ipvs_dest_conns keep;

	switch (op->kind) {
	case IPVS_OP_ADD_SVC:
		return ipvs_table_insert(t, &op->svc, NULL);
	case IPVS_OP_DEL_SVC:
		return ipvs_table_remove(t, &op->svc);
	case IPVS_OP_EDIT_SVC:
		if (!e)
			return -ESRCH;
		e->svc = op->svc;
		return 0;
	default:
		break;
	}
	if (!e)
		return -ESRCH;
	if (op->kind == IPVS_OP_ADD_DEST)
		return ipvs_entry_insert(e, &op->dest);
	if (op->kind == IPVS_OP_DEL_DEST)
		return ipvs_entry_remove(e, &op->dest);
	if (op->kind != IPVS_OP_EDIT_DEST)
		return -EINVAL;
	if (!(d = ipvs_entry_find(e, &op->dest)))
		return -ENOENT;
	keep = d->conns;
	*d = op->dest;
	d->conns = keep;
	return 0;
}

int ipvs_table_apply_ops(struct ipvs_table *t, const struct ipvs_ops *ops)
{
	for (size_t i = 0; i < ops->n; i++) {
		int rc = ipvs_table_apply_op(t, &ops->op[i]);

		if (rc)
			return rc;
	}
	return 0;
}

char *ipvs_op_describe(const struct ipvs_op *op, char buf[IPVS_OP_DESC_LEN])
{
	char s[IPVS_SVC_NAME_LEN], d[IPVS_DEST_NAME_LEN];
	const size_t n = IPVS_OP_DESC_LEN;

	ipvs_service_name(&op->svc, s);
	ipvs_dest_name(&op->dest, d);
	switch (op->kind) {
	case IPVS_OP_ADD_SVC:
		snprintf(buf, n, "add service %s", s);
		break;
	case IPVS_OP_EDIT_SVC:
		snprintf(buf, n, "edit service %s", s);
		break;
	case IPVS_OP_DEL_SVC:
		snprintf(buf, n, "delete service %s", s);
		break;
	case IPVS_OP_ADD_DEST:
		snprintf(buf, n, "add dest %s to %s", d, s);
		break;
	case IPVS_OP_EDIT_DEST:
		snprintf(buf, n, "edit dest %s in %s", d, s);
		break;
	case IPVS_OP_DEL_DEST:
		snprintf(buf, n, "delete dest %s from %s", d, s);
		break;
	default:
		snprintf(buf, n, "unknown operation %d on %s", (int)op->kind, s);
		break;
	}
	return buf;
}
