// SPDX-License-Identifier: GPL-2.0-or-later
/* The rows of one SNMP table as plain values, built by the pure mapping
 * (snmp_mib.c) and served by the agent (snmp_table.c). No net-snmp types
 * here, so the mapping is tested without an agent. */
#ifndef KEEL_SNMP_ROWS_H
#define KEEL_SNMP_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SNMP_INDEX_MAX 3
#define SNMP_COLS_MAX 32	/* columns 1..31 */

enum snmp_cell_type {
	SNMP_CELL_NONE,		/* not set: a defect for a served column */
	SNMP_CELL_INT,		/* INTEGER, Integer32, enumerations, TruthValue */
	SNMP_CELL_UNSIGNED,	/* Unsigned32, Gauge32 */
	SNMP_CELL_TICKS,	/* TimeTicks, TimeInterval */
	SNMP_CELL_COUNTER32,
	SNMP_CELL_COUNTER64,
	SNMP_CELL_OCTETS,	/* DisplayString, InetAddress, MacAddress */
	SNMP_CELL_IPADDRESS,	/* IpAddress: 4 octets */
};

struct snmp_cell {
	enum snmp_cell_type type;
	int64_t n;		/* numbers (a Counter64 in its low 63 bits) */
	uint8_t *s;		/* OCTETS; malloc'ed */
	size_t len;
};

struct snmp_row {
	long index[SNMP_INDEX_MAX];
	unsigned nindex;
	uint8_t addr[16];	/* an InetAddress index after the INTEGER ones */
	size_t addr_len;
	struct snmp_cell cells[SNMP_COLS_MAX];
};

struct snmp_rows {
	struct snmp_row *v;
	size_t n, cap;
	bool oom;		/* a row or a string could not be stored */
};

/* A new row with its index (INTEGER parts); NULL when out of memory (the
 * setters accept NULL, and t->oom is set). */
struct snmp_row *snmp_rows_add(struct snmp_rows *t, const long *index, unsigned nindex);
/* The row's InetAddress index (len 0, 4 or 16). */
void snmp_row_index_addr(struct snmp_row *r, const void *b, size_t len);
void snmp_row_int(struct snmp_row *r, unsigned col, long v);
void snmp_row_uint(struct snmp_row *r, unsigned col, uint32_t v);
void snmp_row_ticks(struct snmp_row *r, unsigned col, uint32_t v);
void snmp_row_c32(struct snmp_row *r, unsigned col, uint32_t v);
void snmp_row_c64(struct snmp_row *r, unsigned col, uint64_t v);
/* A DisplayString; NULL stores the empty string. Out of memory: empty. */
void snmp_row_str(struct snmp_row *r, unsigned col, const char *s);
void snmp_row_octets(struct snmp_row *r, unsigned col, const void *b, size_t len);
void snmp_row_ipaddr(struct snmp_row *r, unsigned col, const uint8_t b[4]);
/* The cell of column col, NULL when unset or out of range. */
const struct snmp_cell *snmp_row_get(const struct snmp_row *r, unsigned col);
/* true when every column of [first, last] is set in every row. */
bool snmp_rows_complete(const struct snmp_rows *t, unsigned first, unsigned last);
/* Frees the rows' strings; the array stays for the next build. */
void snmp_rows_clear(struct snmp_rows *t);
void snmp_rows_free(struct snmp_rows *t);

/* Two-valued enumerations of the MIBs: enabled(1)/disabled(2),
 * TruthValue true(1)/false(2). */
static inline long snmp_bool(bool b)
{
	return b ? 1 : 2;
}

#endif
