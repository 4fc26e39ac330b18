// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <string.h>

#include "wg_tai64n.h"

/* TAI64 label of the Unix epoch: 2^62, plus TAI's 10 s lead over UTC then. */
#define TAI64_EPOCH 0x400000000000000aULL

static void put(uint8_t out[WG_TAI64N_LEN], uint64_t sec, uint32_t nsec)
{
	for (int i = 0; i < 8; i++)
		out[i] = (uint8_t)(sec >> (56 - 8 * i));
	for (int i = 0; i < 4; i++)
		out[8 + i] = (uint8_t)(nsec >> (24 - 8 * i));
}

static void get(const uint8_t in[WG_TAI64N_LEN], uint64_t *sec, uint32_t *nsec)
{
	*sec = 0;
	*nsec = 0;
	for (int i = 0; i < 8; i++)
		*sec = *sec << 8 | in[i];
	for (int i = 0; i < 4; i++)
		*nsec = *nsec << 8 | in[8 + i];
}

void wg_tai64n_from_timespec(uint8_t out[WG_TAI64N_LEN], const struct timespec *wall)
{
	/* Times before 1970 or nonsense nanoseconds: take the epoch. */
	if (wall->tv_sec < 0 || wall->tv_nsec < 0 || wall->tv_nsec >= 1000000000L)
		put(out, TAI64_EPOCH, 0);
	else
		put(out, TAI64_EPOCH + (uint64_t)wall->tv_sec, (uint32_t)wall->tv_nsec);
}

void wg_tai64n_next(uint8_t out[WG_TAI64N_LEN], const uint8_t last[WG_TAI64N_LEN],
		    const struct timespec *wall)
{
	uint8_t now[WG_TAI64N_LEN];
	uint64_t sec;
	uint32_t nsec;

	wg_tai64n_from_timespec(now, wall);
	/* Big-endian fields, nanoseconds below 10^9: bytes compare as times. */
	if (memcmp(now, last, WG_TAI64N_LEN) > 0) {
		memcpy(out, now, WG_TAI64N_LEN);
		return;
	}
	get(last, &sec, &nsec);
	if (++nsec >= 1000000000U) {
		nsec = 0;
		sec++;
	}
	put(out, sec, nsec);
}
