// SPDX-License-Identifier: GPL-2.0-or-later
/* The BFD control packet (RFC 5880 section 4.1), pure: decode checks
 * what section 6.8.6 asks of every packet before a session is looked up
 * (version, lengths, detect multiplier, multipoint, discriminators);
 * encode writes the 24 bytes keel sends (no authentication section:
 * keepalived has none either). Intervals are in microseconds, as on the
 * wire. */
#ifndef KEEL_BFD_PKT_H
#define KEEL_BFD_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BFD_PKT_LEN 24		/* without authentication */
#define BFD_PORT 3784		/* RFC 5881: single hop control packets */
#define BFD_SRC_PORT_MIN 49152	/* RFC 5881: a session's source port range */
#define BFD_SRC_PORT_MAX 65535

enum bfd_state { BFD_ADMIN_DOWN = 0, BFD_DOWN = 1, BFD_INIT = 2, BFD_UP = 3 };

enum bfd_diag {
	BFD_DIAG_NONE = 0,
	BFD_DIAG_EXPIRED = 1,		/* control detection time expired */
	BFD_DIAG_ECHO_FAILED = 2,
	BFD_DIAG_NBR_DOWN = 3,		/* neighbor signaled session down */
	BFD_DIAG_FWD_RESET = 4,
	BFD_DIAG_PATH_DOWN = 5,
	BFD_DIAG_CONCAT_DOWN = 6,
	BFD_DIAG_ADMIN_DOWN = 7,
	BFD_DIAG_REV_CONCAT_DOWN = 8,
};

struct bfd_pkt {
	uint8_t version;	/* 1 */
	uint8_t diag;		/* enum bfd_diag, 5 bits */
	uint8_t state;		/* enum bfd_state */
	bool poll, final, cpi, auth, demand, multipoint;
	uint8_t mult;		/* detect multiplier */
	uint8_t len;		/* the length field */
	uint32_t my_disc, your_disc;
	uint32_t min_tx_us;	/* desired min TX interval */
	uint32_t min_rx_us;	/* required min RX interval */
	uint32_t min_echo_rx_us;
};

enum bfd_pkt_err {
	BFD_PKT_OK = 0,
	BFD_PKT_SHORT = -1,		/* fewer bytes than a packet or its length field */
	BFD_PKT_VERSION = -2,
	BFD_PKT_LENGTH = -3,		/* length field too small for what it carries */
	BFD_PKT_MULT = -4,		/* detect multiplier 0 */
	BFD_PKT_MULTIPOINT = -5,
	BFD_PKT_MY_DISC = -6,		/* my discriminator 0 */
	BFD_PKT_YOUR_DISC = -7,		/* your discriminator 0 outside Down/AdminDown */
};

/* 0 (BFD_PKT_OK) with *p filled, or a negative enum bfd_pkt_err. Bytes
 * past the length field are ignored; an authentication section is not
 * read, only its presence (p->auth) reported. */
int bfd_pkt_decode(const uint8_t *buf, size_t len, struct bfd_pkt *p);
/* A short text for an error of bfd_pkt_decode. */
const char *bfd_pkt_strerror(int err);
/* Writes BFD_PKT_LEN bytes (the length field says so; auth is not
 * written) and returns BFD_PKT_LEN. */
size_t bfd_pkt_encode(const struct bfd_pkt *p, uint8_t out[BFD_PKT_LEN]);

const char *bfd_state_name(enum bfd_state s);
const char *bfd_diag_name(uint8_t diag);

#endif
