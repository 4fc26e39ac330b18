// SPDX-License-Identifier: GPL-2.0-or-later
/* An instance's packet counters as RFC 6527 (VRRPv3-MIB) counts them:
 * each receive error of the codec lands in one counter, and the last
 * protocol error is remembered. Pure. */
#ifndef KEEL_VRRP_STATS_H
#define KEEL_VRRP_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "vrrp_fsm.h"
#include "vrrp_pkt.h"

/* vrrpv3StatisticsProtoErrReason */
enum vrrp_proto_err {
	VRRP_PROTO_OK = 0,
	VRRP_PROTO_TTL = 1,
	VRRP_PROTO_VERSION = 2,
	VRRP_PROTO_CHECKSUM = 3,
	VRRP_PROTO_VRID = 4,
};

/* Why an instance last became master, as VRRPv3-MIB numbers it
 * (vrrpv3StatisticsNewMasterReason). */
enum vrrp_master_reason {
	VRRP_MASTER_NOT = 0,		/* never master */
	VRRP_MASTER_PRIORITY = 1,	/* its priority made it (owner, start, tracking) */
	VRRP_MASTER_PREEMPTED = 2,	/* it took over from a lower priority master */
	VRRP_MASTER_NO_RESPONSE = 3,	/* the master fell silent */
};

struct vrrp_stats {
	uint64_t adv_interval_errors;	/* interval zero, out of range, or (v2) not ours */
	uint64_t ttl_errors;		/* TTL / hop limit not 255 */
	uint64_t rx_prio_zero, tx_prio_zero;
	uint64_t invalid_type;
	uint64_t addr_list_errors;	/* addresses not ours, none, or of another family */
	uint64_t length_errors;		/* short, or length not the address count's */
	uint64_t auth_errors;		/* v2: password or AH wrong */
	uint64_t auth_type_errors;	/* v2: another auth type than ours */
	uint64_t auth_type_unknown;	/* v2: an auth type of no RFC */
	uint64_t other_errors;		/* version, checksum, IP header */
	enum vrrp_proto_err proto_err;	/* the last one */
};

/* A packet the codec refused with err (not VRRP_PKT_OK). Adverts of
 * another VRID are not errors of this instance: they are not counted. */
void vrrp_stats_rx_error(struct vrrp_stats *s, enum vrrp_pkt_err err);

/* The router's counters (vrrpv3RouterChecksumErrors, VersionErrors,
 * VrIdErrors): packets that belong to no instance, each counted once. */
struct vrrp_router_stats {
	uint64_t checksum_errors;
	uint64_t version_errors;	/* version unknown, or not the VRID's instance's */
	uint64_t vrid_errors;		/* VRID of no instance on the link */
};

/* What one instance's refusal (err) of a packet says of the router.
 * Every instance of a link (interface and family) reads each packet:
 * what all of them refuse alike (an unknown version, a VRID none has) is
 * counted by the link's first instance alone, the reporter; what only the
 * VRID's own instance can judge (checksum, its version), by that one.
 * vrid_known: the packet's VRID is an instance's on the link. */
void vrrp_router_stats_rx(struct vrrp_router_stats *s, enum vrrp_pkt_err err, bool reporter,
			  bool vrid_known);

/* log_unknown_vrids without a flood: on a link, the first advert of a
 * VRID it has no instance for is logged, then at most one a minute, with
 * how many went unlogged. A link's memory is allocated when asked for. */
#define VRRP_UNKNOWN_VRID_QUIET_US 60000000u
struct vrrp_unknown_vrids {
	uint64_t logged_us[256];	/* 0: never */
	uint32_t unlogged[256];
};

/* An advert of vrid came at now_us (monotonic, not 0): -1 when it is not
 * to be logged, else how many were not since the last line. */
int64_t vrrp_unknown_vrid_note(struct vrrp_unknown_vrids *u, uint8_t vrid, uint64_t now_us);

/* Why an instance that was in state from became master on event ev:
 * heard_prio is the priority of the master it last heard (0: none). */
enum vrrp_master_reason vrrp_stats_master_reason(enum vrrp_state from, enum vrrp_event_type ev,
						 unsigned heard_prio, unsigned our_prio);

#endif
