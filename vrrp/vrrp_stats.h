// SPDX-License-Identifier: GPL-2.0-or-later
/* An instance's packet counters as RFC 6527 (VRRPv3-MIB) counts them:
 * each receive error of the codec lands in one counter, and the last
 * protocol error is remembered. Pure. */
#ifndef KEEL_VRRP_STATS_H
#define KEEL_VRRP_STATS_H

#include <stdint.h>

#include "vrrp_pkt.h"

/* vrrpv3StatisticsProtoErrReason */
enum vrrp_proto_err {
	VRRP_PROTO_OK = 0,
	VRRP_PROTO_TTL = 1,
	VRRP_PROTO_VERSION = 2,
	VRRP_PROTO_CHECKSUM = 3,
	VRRP_PROTO_VRID = 4,
};

struct vrrp_stats {
	uint64_t adv_interval_errors;	/* interval zero, out of range, or (v2) not ours */
	uint64_t ttl_errors;		/* TTL / hop limit not 255 */
	uint64_t rx_prio_zero, tx_prio_zero;
	uint64_t invalid_type;
	uint64_t addr_list_errors;	/* addresses not ours, none, or of another family */
	uint64_t length_errors;		/* short, or length not the address count's */
	uint64_t auth_errors;		/* v2: auth type, password or AH wrong */
	uint64_t other_errors;		/* version, checksum, IP header */
	enum vrrp_proto_err proto_err;	/* the last one */
};

/* A packet the codec refused with err (not VRRP_PKT_OK). Adverts of
 * another VRID are not errors of this instance: they are not counted. */
void vrrp_stats_rx_error(struct vrrp_stats *s, enum vrrp_pkt_err err);

#endif
