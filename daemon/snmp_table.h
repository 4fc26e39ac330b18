// SPDX-License-Identifier: GPL-2.0-or-later
/* One read-only SNMP table served from rows of plain values: a net-snmp
 * tdata table behind a cache, so that the rows are built at most once a
 * second however many requests come, and only when someone asks. */
#ifndef KEEL_SNMP_TABLE_H
#define KEEL_SNMP_TABLE_H

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "snmp_rows.h"

#define SNMP_TABLE_CACHE_S 1

struct snmp_table;
/* Fills out (empty on entry) with the rows as they are now. */
typedef void snmp_table_fill(void *arg, struct snmp_rows *out);

/* Registers the table whose entry OID is entry[0..len) (the table's OID
 * with .1), with nindex INTEGER indexes (then the rows' address: an
 * InetAddress when nindex has SNMP_TABLE_ADDR_INDEX, an IPv4 IpAddress
 * with SNMP_TABLE_IPADDR_INDEX) and the columns [first, last].
 * NULL on failure (logged). Lives until snmp_shutdown(). */
#define SNMP_TABLE_ADDR_INDEX 0x100u
#define SNMP_TABLE_IPADDR_INDEX 0x200u
struct snmp_table *snmp_table_register(const char *name, const oid *entry, size_t len,
				       unsigned nindex, unsigned first, unsigned last,
				       snmp_table_fill *fill, void *arg);
/* vb's value from a cell (also for notifications). */
void snmp_table_set_value(netsnmp_variable_list *vb, const struct snmp_cell *c);
/* After snmp_shutdown(), which took the registration down. */
void snmp_table_free(struct snmp_table *t);

#endif
