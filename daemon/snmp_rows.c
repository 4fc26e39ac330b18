// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "snmp_rows.h"

struct snmp_row *snmp_rows_add(struct snmp_rows *t, const long *index, unsigned nindex)
{
	struct snmp_row *r;

	if (nindex > SNMP_INDEX_MAX) {
		t->oom = true;
		return NULL;
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct snmp_row *v = realloc(t->v, cap * sizeof(*v));

		if (!v) {
			t->oom = true;
			return NULL;
		}
		t->v = v;
		t->cap = cap;
	}
	r = &t->v[t->n++];
	memset(r, 0, sizeof(*r));
	memcpy(r->index, index, nindex * sizeof(*index));
	r->nindex = nindex;
	return r;
}

void snmp_row_index_addr(struct snmp_row *r, const void *b, size_t len)
{
	if (!r || len > sizeof(r->addr))
		return;
	memcpy(r->addr, b, len);
	r->addr_len = len;
}

static struct snmp_cell *cell(struct snmp_row *r, unsigned col, enum snmp_cell_type type)
{
	struct snmp_cell *c;

	if (!r || col >= SNMP_COLS_MAX)
		return NULL;
	c = &r->cells[col];
	free(c->s);
	*c = (struct snmp_cell){ .type = type };
	return c;
}

static void put_num(struct snmp_row *r, unsigned col, enum snmp_cell_type type, int64_t v)
{
	struct snmp_cell *c = cell(r, col, type);

	if (c)
		c->n = v;
}

void snmp_row_int(struct snmp_row *r, unsigned col, long v)
{
	put_num(r, col, SNMP_CELL_INT, v);
}

void snmp_row_uint(struct snmp_row *r, unsigned col, uint32_t v)
{
	put_num(r, col, SNMP_CELL_UNSIGNED, v);
}

void snmp_row_ticks(struct snmp_row *r, unsigned col, uint32_t v)
{
	put_num(r, col, SNMP_CELL_TICKS, v);
}

void snmp_row_c32(struct snmp_row *r, unsigned col, uint32_t v)
{
	put_num(r, col, SNMP_CELL_COUNTER32, v);
}

void snmp_row_c64(struct snmp_row *r, unsigned col, uint64_t v)
{
	put_num(r, col, SNMP_CELL_COUNTER64, (int64_t)(v & INT64_MAX));
}

void snmp_row_octets(struct snmp_row *r, unsigned col, const void *b, size_t len)
{
	struct snmp_cell *c = cell(r, col, SNMP_CELL_OCTETS);

	if (!c || !len)
		return;
	c->s = malloc(len);
	if (!c->s)
		return;
	memcpy(c->s, b, len);
	c->len = len;
}

void snmp_row_ipaddr(struct snmp_row *r, unsigned col, const uint8_t b[4])
{
	snmp_row_octets(r, col, b, 4);
	if (r && col < SNMP_COLS_MAX)
		r->cells[col].type = SNMP_CELL_IPADDRESS;
}

void snmp_row_str(struct snmp_row *r, unsigned col, const char *s)
{
	snmp_row_octets(r, col, s, s ? strlen(s) : 0);
}

const struct snmp_cell *snmp_row_get(const struct snmp_row *r, unsigned col)
{
	if (col >= SNMP_COLS_MAX || r->cells[col].type == SNMP_CELL_NONE)
		return NULL;
	return &r->cells[col];
}

bool snmp_rows_complete(const struct snmp_rows *t, unsigned first, unsigned last)
{
	for (size_t i = 0; i < t->n; i++)
		for (unsigned col = first; col <= last; col++)
			if (!snmp_row_get(&t->v[i], col))
				return false;
	return !t->oom;
}

void snmp_rows_clear(struct snmp_rows *t)
{
	for (size_t i = 0; i < t->n; i++)
		for (unsigned col = 0; col < SNMP_COLS_MAX; col++)
			free(t->v[i].cells[col].s);
	t->n = 0;
	t->oom = false;
}

void snmp_rows_free(struct snmp_rows *t)
{
	snmp_rows_clear(t);
	free(t->v);
	*t = (struct snmp_rows){ 0 };
}
