// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TAI64N timestamps for handshake initiations. A WireGuard responder drops an
 * initiation whose timestamp is not greater than the last one it accepted
 * from that key, so ours must only ever go up.
 */
#ifndef KEEL_WG_TAI64N_H
#define KEEL_WG_TAI64N_H

#include <stdint.h>
#include <time.h>

#define WG_TAI64N_LEN 12

/* 8 bytes big-endian 2^62 + 10 + seconds, 4 bytes big-endian nanoseconds. */
void wg_tai64n_from_timespec(uint8_t out[WG_TAI64N_LEN], const struct timespec *wall);
/*
 * The timestamp for wall-clock time wall, raised to last + 1 ns when it is
 * not greater than last: the clock may step back, or two probes may read the
 * same tick. last may be all zero (nothing sent yet).
 */
void wg_tai64n_next(uint8_t out[WG_TAI64N_LEN], const uint8_t last[WG_TAI64N_LEN],
		    const struct timespec *wall);

#endif
