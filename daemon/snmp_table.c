// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <stdlib.h>

#include "log.h"
#include "snmp_table.h"

struct snmp_table {
	netsnmp_tdata *data;
	netsnmp_table_registration_info *info;
	struct snmp_rows rows;
	unsigned first, last;
	int addr_index;		/* its ASN type, 0: none */
	snmp_table_fill *fill;
	void *arg;
};

static void drop_rows(struct snmp_table *t)
{
	netsnmp_tdata_row *row;

	while ((row = netsnmp_tdata_row_first(t->data)))
		netsnmp_tdata_remove_and_delete_row(t->data, row);
	snmp_rows_clear(&t->rows);
}

/* net-snmp writes an IpAddress index from a number in host order */
static void add_ipaddr_index(netsnmp_tdata_row *row, const struct snmp_row *r)
{
	uint32_t a = 0;

	for (size_t k = 0; k < 4 && k < r->addr_len; k++)
		a = a << 8 | r->addr[k];
	netsnmp_tdata_row_add_index(row, ASN_IPADDRESS, &a, sizeof(a));
}

static int cache_load(netsnmp_cache *cache, void *magic)
{
	struct snmp_table *t = magic;

	(void)cache;
	drop_rows(t);
	t->fill(t->arg, &t->rows);
	if (t->rows.oom)
		log_warnx("snmp: out of memory building a table: some rows are missing");
	for (size_t i = 0; i < t->rows.n; i++) {
		struct snmp_row *r = &t->rows.v[i];
		netsnmp_tdata_row *row = netsnmp_tdata_create_row();

		if (!row)
			return -1;
		row->data = r;
		for (unsigned k = 0; k < r->nindex; k++)
			netsnmp_tdata_row_add_index(row, ASN_INTEGER, &r->index[k], sizeof(r->index[k]));
		if (t->addr_index == ASN_IPADDRESS)
			add_ipaddr_index(row, r);
		else if (t->addr_index)
			netsnmp_tdata_row_add_index(row, (u_char)t->addr_index, r->addr, r->addr_len);
		if (netsnmp_tdata_add_row(t->data, row) != SNMPERR_SUCCESS)
			netsnmp_tdata_delete_row(row);	/* a duplicate index: the mapping's defect */
	}
	return 0;
}

static void cache_free(netsnmp_cache *cache, void *magic)
{
	(void)cache;
	drop_rows(magic);
}

void snmp_table_set_value(netsnmp_variable_list *vb, const struct snmp_cell *c)
{
	long n = (long)c->n;
	struct counter64 c64 = { .high = (u_long)((uint64_t)c->n >> 32), .low = (u_long)(c->n & 0xffffffffu) };

	switch (c->type) {
	case SNMP_CELL_INT:
		snmp_set_var_typed_value(vb, ASN_INTEGER, &n, sizeof(n));
		break;
	case SNMP_CELL_UNSIGNED:
		snmp_set_var_typed_value(vb, ASN_UNSIGNED, &n, sizeof(n));
		break;
	case SNMP_CELL_TICKS:
		snmp_set_var_typed_value(vb, ASN_TIMETICKS, &n, sizeof(n));
		break;
	case SNMP_CELL_COUNTER32:
		snmp_set_var_typed_value(vb, ASN_COUNTER, &n, sizeof(n));
		break;
	case SNMP_CELL_COUNTER64:
		snmp_set_var_typed_value(vb, ASN_COUNTER64, &c64, sizeof(c64));
		break;
	case SNMP_CELL_IPADDRESS:
		snmp_set_var_typed_value(vb, ASN_IPADDRESS, c->s, c->len);
		break;
	default:
		snmp_set_var_typed_value(vb, ASN_OCTET_STR, c->s, c->len);
	}
}

static int handle(netsnmp_mib_handler *h, netsnmp_handler_registration *reg,
		  netsnmp_agent_request_info *ri, netsnmp_request_info *req)
{
	(void)h;
	(void)reg;
	if (ri->mode != MODE_GET)
		return SNMP_ERR_NOERROR;
	for (; req; req = req->next) {
		const struct snmp_row *row = netsnmp_tdata_extract_entry(req);
		netsnmp_table_request_info *ti = netsnmp_extract_table_info(req);
		const struct snmp_cell *c = row && ti ? snmp_row_get(row, ti->colnum) : NULL;

		if (req->processed)
			continue;
		if (!c)
			netsnmp_set_request_error(ri, req, SNMP_NOSUCHINSTANCE);
		else
			snmp_table_set_value(req->requestvb, c);
	}
	return SNMP_ERR_NOERROR;
}

/* the ASN type of the address index nindex asks for, 0: none */
static int addr_index(unsigned nindex)
{
	if (nindex & SNMP_TABLE_ADDR_INDEX)
		return ASN_OCTET_STR;
	return nindex & SNMP_TABLE_IPADDR_INDEX ? ASN_IPADDRESS : 0;
}

static netsnmp_table_registration_info *table_info(unsigned nindex, unsigned first, unsigned last)
{
	netsnmp_table_registration_info *ti = SNMP_MALLOC_TYPEDEF(netsnmp_table_registration_info);

	if (!ti)
		return NULL;
	for (unsigned k = 0; k < (nindex & 0xffu); k++)
		netsnmp_table_helper_add_index(ti, ASN_INTEGER);
	if (addr_index(nindex))
		netsnmp_table_helper_add_index(ti, (u_char)addr_index(nindex));
	ti->min_column = first;
	ti->max_column = last;
	return ti;
}

struct snmp_table *snmp_table_register(const char *name, const oid *entry, size_t len,
				       unsigned nindex, unsigned first, unsigned last,
				       snmp_table_fill *fill, void *arg)
{
	struct snmp_table *t = calloc(1, sizeof(*t));
	netsnmp_handler_registration *reg = NULL;
	netsnmp_table_registration_info *ti = NULL;
	netsnmp_cache *cache = NULL;

	if (!t)
		goto fail;
	*t = (struct snmp_table){ .first = first, .last = last, .fill = fill, .arg = arg,
				  .addr_index = addr_index(nindex) };
	t->data = netsnmp_tdata_create_table(name, 0);
	ti = table_info(nindex, first, last);
	/* the handler serves the table below the entry: register the table's OID */
	reg = netsnmp_create_handler_registration(name, handle, entry, len - 1, HANDLER_CAN_RONLY);
	cache = netsnmp_cache_create(SNMP_TABLE_CACHE_S, cache_load, cache_free, entry, len - 1);
	if (!t->data || !ti || !reg || !cache)
		goto fail;
	cache->magic = t;
	t->info = ti;
	if (netsnmp_tdata_register(reg, t->data, ti) != MIB_REGISTERED_OK) {
		reg = NULL;	/* freed by the failed registration */
		goto fail;
	}
	/* first in the chain: the container below looks the rows up */
	netsnmp_inject_handler(reg, netsnmp_cache_handler_get(cache));
	return t;
fail:
	log_warnx("snmp: cannot register %s", name);
	if (reg)
		netsnmp_handler_registration_free(reg);
	if (cache)
		netsnmp_cache_free(cache);
	if (ti)
		netsnmp_table_registration_info_free(ti);
	if (t && t->data)
		netsnmp_tdata_delete_table(t->data);
	free(t);
	return NULL;
}

void snmp_table_free(struct snmp_table *t)
{
	if (!t)
		return;
	/* the handlers went with the registration; the table and its index
	 * description are the caller's */
	drop_rows(t);
	netsnmp_tdata_delete_table(t->data);
	netsnmp_table_registration_info_free(t->info);
	snmp_rows_free(&t->rows);
	free(t);
}
