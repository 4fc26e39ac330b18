// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <string.h>

#include "log.h"
#include "snmp_scalars.h"
#include "snmp_table.h"

#define SCALARS_MAX 16		/* all the VRRP MIBs' */
#define SCALAR_OID_MAX 16

/* what a registration serves; net-snmp keeps a pointer to it */
struct scalar {
	const struct snmp_scalar_src *src;
	snmp_scalar_map *map;
	unsigned which;
};
static struct scalar scalars[SCALARS_MAX];
static size_t nscalars;

static int handle(netsnmp_mib_handler *h, netsnmp_handler_registration *reg,
		  netsnmp_agent_request_info *ri, netsnmp_request_info *req)
{
	const struct scalar *sc = reg->my_reg_void;
	struct vrrp_router_stats s = { 0 };
	struct snmp_cell c;

	(void)h;
	if (ri->mode != MODE_GET)
		return SNMP_ERR_NOERROR;
	if (sc->src->stats)
		sc->src->stats(sc->src->arg, &s);
	if (!sc->src->on(sc->src->arg) || !sc->map(&s, sc->which, &c))
		netsnmp_set_request_error(ri, req, SNMP_NOSUCHOBJECT);
	else
		snmp_table_set_value(req->requestvb, &c);
	return SNMP_ERR_NOERROR;
}

void snmp_scalars_register(const char *name, const oid *base, size_t len, unsigned last,
			   snmp_scalar_map *map, const struct snmp_scalar_src *src)
{
	oid o[SCALAR_OID_MAX];

	for (unsigned w = 1; w <= last; w++) {
		netsnmp_handler_registration *reg;
		struct scalar *sc;

		if (nscalars == SCALARS_MAX || len + 1 > SCALAR_OID_MAX) {
			log_warnx("snmp: no room for %s.%u", name, w);
			return;
		}
		sc = &scalars[nscalars];
		*sc = (struct scalar){ .src = src, .map = map, .which = w };
		memcpy(o, base, len * sizeof(*o));
		o[len] = w;
		reg = netsnmp_create_handler_registration(name, handle, o, len + 1, HANDLER_CAN_RONLY);
		if (reg)
			reg->my_reg_void = sc;
		if (!reg || netsnmp_register_scalar(reg) != MIB_REGISTERED_OK) {
			log_warnx("snmp: cannot register %s.%u", name, w);
			continue;
		}
		nscalars++;
	}
}

void snmp_scalars_forget(void)
{
	nscalars = 0;
}
