// SPDX-License-Identifier: GPL-2.0-or-later
/* Two small non-cryptographic tools shared by the checkers and the IPVS
 * code: FNV-1a, fed in pieces (texts, check keys, /proc/net/ip_vs), and
 * xorshift64 (probe jitter, half-open probe sequence numbers). */
#ifndef KEEL_HASH_RNG_H
#define KEEL_HASH_RNG_H

#include <stddef.h>
#include <stdint.h>

#define FNV1A_INIT 0xcbf29ce484222325ull

/* h (FNV1A_INIT to begin) with n more bytes of p hashed in. */
static inline uint64_t fnv1a_add(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h;
}

/* The next state of a xorshift64 generator (*s never 0). */
static inline uint64_t xorshift64_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

#endif
