// SPDX-License-Identifier: GPL-2.0-or-later
/* WireGuard message framing: types, sizes, little-endian fields. */
#ifndef KEEL_WG_WIRE_H
#define KEEL_WG_WIRE_H

#include <stddef.h>
#include <stdint.h>

enum wg_msg_type {
	WG_MSG_INITIATION = 1,
	WG_MSG_RESPONSE = 2,
	WG_MSG_COOKIE = 3,
	WG_MSG_DATA = 4,
};

static inline void wg_put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline void wg_put_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline uint32_t wg_get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t wg_get_le64(const uint8_t *p)
{
	return (uint64_t)wg_get_le32(p) | (uint64_t)wg_get_le32(p + 4) << 32;
}

/* Every message starts with its type and three zero bytes. */
static inline void wg_put_header(uint8_t *p, enum wg_msg_type type)
{
	wg_put_le32(p, type);
}

/*
 * Checks the header and size of a message of type: WG_E_SHORT below 4 bytes
 * or min, WG_E_TYPE, WG_E_MALFORMED (reserved bytes set), WG_E_LONG above
 * max (0: no maximum).
 */
int wg_check_header(const uint8_t *pkt, size_t len, enum wg_msg_type type, size_t min,
		    size_t max);

#endif
