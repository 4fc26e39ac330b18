// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include "wg_err.h"
#include "wg_wire.h"

/* The type comes first so that, say, an echoed initiation reads "wrong type". */
int wg_check_header(const uint8_t *pkt, size_t len, enum wg_msg_type type, size_t min,
		    size_t max)
{
	if (len < 4)
		return WG_E_SHORT;
	if (pkt[0] != type)
		return WG_E_TYPE;
	if (pkt[1] || pkt[2] || pkt[3])
		return WG_E_MALFORMED;
	if (len < min)
		return WG_E_SHORT;
	if (max && len > max)
		return WG_E_LONG;
	return WG_OK;
}
