// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include "vrrp_stats.h"

/* RFC 6527's reasons: a backup whose Master_Down timer fired after it
 * heard a lower priority master took over from it (preempted); after a
 * silent or resigning master, for lack of response; the rest (start as
 * owner, tracking, a sync group) by its priority. */
enum vrrp_master_reason vrrp_stats_master_reason(enum vrrp_state from, enum vrrp_event_type ev,
						 unsigned heard_prio, unsigned our_prio)
{
	if (from != VRRP_STATE_BACKUP || ev != VRRP_EV_TIMER)
		return VRRP_MASTER_PRIORITY;
	if (heard_prio && heard_prio < our_prio)
		return VRRP_MASTER_PREEMPTED;
	return VRRP_MASTER_NO_RESPONSE;
}

void vrrp_stats_rx_error(struct vrrp_stats *s, enum vrrp_pkt_err err)
{
	switch (err) {
	case VRRP_PKT_E_TTL:
		s->ttl_errors++;
		s->proto_err = VRRP_PROTO_TTL;
		break;
	case VRRP_PKT_E_VERSION:
	case VRRP_PKT_E_VERSION_MISMATCH:
		s->other_errors++;
		s->proto_err = VRRP_PROTO_VERSION;
		break;
	case VRRP_PKT_E_CHECKSUM:
		s->other_errors++;
		s->proto_err = VRRP_PROTO_CHECKSUM;
		break;
	case VRRP_PKT_E_TYPE:
		s->invalid_type++;
		break;
	case VRRP_PKT_E_SHORT:
	case VRRP_PKT_E_LENGTH:
		s->length_errors++;
		break;
	case VRRP_PKT_E_FAMILY:
	case VRRP_PKT_E_NO_ADDRS:
	case VRRP_PKT_E_ADDRS:
		s->addr_list_errors++;
		break;
	case VRRP_PKT_E_AUTH_TYPE:
		s->auth_type_errors++;
		break;
	case VRRP_PKT_E_AUTH_UNKNOWN:
		s->auth_type_unknown++;
		break;
	case VRRP_PKT_E_AUTH_AH:
	case VRRP_PKT_E_AUTH_PASS:
	case VRRP_PKT_E_AH_SEQ:
		s->auth_errors++;
		break;
	case VRRP_PKT_E_INTERVAL:
	case VRRP_PKT_E_INTERVAL_MISMATCH:
		s->adv_interval_errors++;
		break;
	case VRRP_PKT_E_VRID:	/* another router's: the link is shared */
	case VRRP_PKT_E_OWNER:	/* the owner discards adverts by design */
		break;
	default:
		s->other_errors++;
		break;
	}
}

void vrrp_router_stats_rx(struct vrrp_router_stats *s, enum vrrp_pkt_err err, bool reporter,
			  bool vrid_known)
{
	switch (err) {
	case VRRP_PKT_E_VERSION:
		s->version_errors += reporter;
		break;
	case VRRP_PKT_E_VERSION_MISMATCH:	/* the decoder says so of its own VRID only */
		s->version_errors++;
		break;
	case VRRP_PKT_E_CHECKSUM:
		s->checksum_errors++;
		break;
	case VRRP_PKT_E_VRID:
		s->vrid_errors += reporter && !vrid_known;
		break;
	default:
		break;
	}
}

int64_t vrrp_unknown_vrid_note(struct vrrp_unknown_vrids *u, uint8_t vrid, uint64_t now_us)
{
	int64_t n;

	if (u->logged_us[vrid] && now_us - u->logged_us[vrid] < VRRP_UNKNOWN_VRID_QUIET_US) {
		if (u->unlogged[vrid] < UINT32_MAX)
			u->unlogged[vrid]++;
		return -1;
	}
	n = u->unlogged[vrid];
	u->logged_us[vrid] = now_us;
	u->unlogged[vrid] = 0;
	return n;
}
