// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "snmp_mib.h"
#include "snmp_notif.h"

/* KEEPALIVED-MIB::keepalived, VRRPv3-MIB::vrrpv3MIB */
#define KA 1, 3, 6, 1, 4, 1, 9586, 100, 5
#define V3 1, 3, 6, 1, 2, 1, 207
static const uint32_t router_id_oid[] = { KA, 1, 2, 0 };
static const uint32_t group_entry[] = { KA, 2, 1, 1 };
static const uint32_t vi_entry[] = { KA, 2, 3, 1 };
static const uint32_t vs_entry[] = { KA, 3, 3, 1 };
static const uint32_t rs_entry[] = { KA, 3, 4, 1 };
static const uint32_t group_trap[] = { KA, 2, 10, 0, 1 };
static const uint32_t vi_trap[] = { KA, 2, 10, 0, 2 };
static const uint32_t rs_trap[] = { KA, 3, 5, 0, 1 };
static const uint32_t quorum_trap[] = { KA, 3, 5, 0, 2 };
static const uint32_t v3_ops_entry[] = { V3, 1, 1, 1, 1 };
static const uint32_t v3_stats_entry[] = { V3, 1, 2, 5, 1 };
static const uint32_t v3_new_master[] = { V3, 0, 1 };
#define LEN(o) (sizeof(o) / sizeof((o)[0]))

void snmp_notif_clear(struct snmp_notif *n)
{
	for (size_t i = 0; i < n->n; i++)
		free(n->vb[i].v.s);
	*n = (struct snmp_notif){ 0 };
}

static void set_trap(struct snmp_notif *n, const uint32_t *o, size_t len)
{
	memcpy(n->trap, o, len * sizeof(*o));
	n->trap_len = len;
}

/* entry.col.index = c (copied) */
static void add(struct snmp_notif *n, const uint32_t *entry, size_t elen, unsigned col,
		const long *index, unsigned nindex, const struct snmp_cell *c)
{
	struct snmp_varbind *vb;

	if (!c || n->n == SNMP_NOTIF_VB_MAX || elen + 1 + nindex > SNMP_OID_MAX) {
		n->oom = true;	/* a defect of the mapping: tests see it */
		return;
	}
	vb = &n->vb[n->n];
	memcpy(vb->oid, entry, elen * sizeof(*entry));
	vb->len = elen;
	if (col)
		vb->oid[vb->len++] = col;
	for (unsigned k = 0; k < nindex; k++)
		vb->oid[vb->len++] = (uint32_t)index[k];
	vb->v = *c;
	vb->v.s = NULL;
	if (c->type == SNMP_CELL_OCTETS && c->len) {
		vb->v.s = malloc(c->len);
		if (!vb->v.s) {
			n->oom = true;
			return;
		}
		memcpy(vb->v.s, c->s, c->len);
	}
	n->n++;
}

/* one column of a row built by snmp_mib */
static void add_col(struct snmp_notif *n, const uint32_t *entry, size_t elen,
		    const struct snmp_row *row, unsigned col)
{
	add(n, entry, elen, col, row->index, row->nindex, snmp_row_get(row, col));
}

static void add_router_id(struct snmp_notif *n, const char *router_id)
{
	const char *s = router_id ? router_id : "";
	const struct snmp_cell c = { .type = SNMP_CELL_OCTETS, .s = (uint8_t *)s, .len = strlen(s) };

	add(n, router_id_oid, LEN(router_id_oid), 0, NULL, 0, &c);
}

static void group_notif(const struct vrrp_state_change *c, const char *router_id,
			struct snmp_notif *out)
{
	const long idx = (long)c->index + 1;
	const struct snmp_cell name = { .type = SNMP_CELL_OCTETS, .s = (uint8_t *)c->v.name,
					.len = strlen(c->v.name) };
	const struct snmp_cell state = { .type = SNMP_CELL_INT, .n = snmp_mib_vrrp_state(c->v.state) };

	set_trap(out, group_trap, LEN(group_trap));
	add(out, group_entry, LEN(group_entry), 2, &idx, 1, &name);
	add(out, group_entry, LEN(group_entry), 3, &idx, 1, &state);
	add_router_id(out, router_id);
}

void snmp_notif_vrrp(const struct config *cfg, const struct vrrp_state_change *c,
		     const char *router_id, struct snmp_notif *out)
{
	struct snmp_rows rows = { 0 };
	struct snmp_row *row;

	if (c->group) {
		group_notif(c, router_id, out);
		return;
	}
	snmp_mib_vrrp(cfg, &c->v, 1, &rows);
	set_trap(out, vi_trap, LEN(vi_trap));
	if (rows.n != 1) {
		out->oom = true;
		goto out;
	}
	row = &rows.v[0];
	row->index[0] = (long)c->index + 1;	/* its place among all instances */
	add_col(out, vi_entry, LEN(vi_entry), row, 2);	/* vrrpInstanceName */
	add_col(out, vi_entry, LEN(vi_entry), row, 4);	/* vrrpInstanceState */
	add_col(out, vi_entry, LEN(vi_entry), row, 5);	/* vrrpInstanceInitialState */
	add_router_id(out, router_id);
out:
	snmp_rows_free(&rows);
}

bool snmp_notif_v3_new_master(const struct vrrp_state_change *c, unsigned ifindex,
			      struct snmp_notif *out)
{
	struct snmp_rows rows = { 0 };
	const struct snmp_cell reason = { .type = SNMP_CELL_INT, .n = c->v.master_reason };

	if (c->group || c->v.state != VRRP_STATE_MASTER || c->from == VRRP_STATE_MASTER || !ifindex)
		return false;
	snmp_mib_vrrpv3_one(&c->v, ifindex, &rows);
	set_trap(out, v3_new_master, LEN(v3_new_master));
	if (rows.n != 1) {
		out->oom = true;
	} else {
		add_col(out, v3_ops_entry, LEN(v3_ops_entry), &rows.v[0], 3);	/* MasterIpAddr */
		add(out, v3_stats_entry, LEN(v3_stats_entry), 2, rows.v[0].index, 3, &reason);
	}
	snmp_rows_free(&rows);
	return true;
}

static const struct snmp_row *find_row(const struct snmp_rows *t, long v, long r)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].index[0] == v && t->v[i].index[1] == r)
			return &t->v[i];
	return NULL;
}

/* the extras by virtualServerType: group name, fwmark or address */
static void vs_extras(struct snmp_notif *n, const struct cfg_vs *vs, const struct snmp_row *row)
{
	if (vs->kind == CFG_VS_GROUP) {
		add_col(n, vs_entry, LEN(vs_entry), row, 3);
	} else if (vs->kind == CFG_VS_FWMARK) {
		add_col(n, vs_entry, LEN(vs_entry), row, 4);
	} else {
		for (unsigned col = 5; col <= 7; col++)
			add_col(n, vs_entry, LEN(vs_entry), row, col);
	}
}

void snmp_notif_server(const struct config *cfg, const struct ipvs_health *health, size_t v,
		       size_t r, const char *router_id, struct snmp_notif *out)
{
	struct snmp_rows vs = { 0 }, rs = { 0 };
	const struct snmp_row *vrow, *rrow = NULL;
	bool quorum = r == SNMP_NOTIF_QUORUM;
	/* as the table: the sorry server takes real server index 1 */
	long first = v < cfg->nvs && cfg->vs[v].sorry ? 2 : 1;

	snmp_mib_servers(cfg, health, &vs, &rs);
	set_trap(out, quorum ? quorum_trap : rs_trap, quorum ? LEN(quorum_trap) : LEN(rs_trap));
	vrow = v < vs.n ? &vs.v[v] : NULL;
	if (vrow && !quorum && r < cfg->vs[v].nrs)
		rrow = find_row(&rs, (long)v + 1, (long)r + first);
	if (!vrow || (!quorum && !rrow)) {
		out->oom = true;
		goto out;
	}
	if (quorum) {
		static const unsigned cols[] = { 2, 8, 23, 22, 21, 20 };

		for (size_t k = 0; k < LEN(cols); k++)
			add_col(out, vs_entry, LEN(vs_entry), vrow, cols[k]);
	} else {
		static const unsigned rcols[] = { 3, 4, 5, 6 }, vcols[] = { 2, 8, 21, 20 };

		for (size_t k = 0; k < LEN(rcols); k++)
			add_col(out, rs_entry, LEN(rs_entry), rrow, rcols[k]);
		for (size_t k = 0; k < LEN(vcols); k++)
			add_col(out, vs_entry, LEN(vs_entry), vrow, vcols[k]);
	}
	add_router_id(out, router_id);
	vs_extras(out, &cfg->vs[v], vrow);
out:
	snmp_rows_free(&vs);
	snmp_rows_free(&rs);
}
