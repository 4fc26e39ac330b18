// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * WG_CHECK: a real WireGuard handshake with the real server, optionally
 * followed by an ICMP echo through the tunnel. chk_wg.c drives it on the
 * event loop; the decisions below are pure (no sockets, no clock) so that
 * the unit tests can feed them captured packets.
 */
#ifndef KEEL_CHK_WG_H
#define KEEL_CHK_WG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cfg.h"
#include "chk.h"
#include "wg_icmp.h"
#include "wg_noise.h"
#include "wg_transport.h"

extern const struct checker_ops chk_wg_ops;

/*
 * Kernel WireGuard drops an initiation that comes within 20 ms (its coarse
 * clock, 4 ms ticks) of the last one it consumed from the same key: keep
 * 25 ms between two initiations to one backend.
 */
#define CHK_WG_SPACING_NS (25ULL * 1000000ULL)
/* Cookie replies honoured per probe: each costs the backend a handshake. */
#define CHK_WG_MAX_COOKIES 2
/*
 * Without an answer, a probe sends again (a new initiation, or the same echo
 * under a new counter) every quarter of connect_timeout, at most this many
 * times: one lost datagram, or an initiation a loaded backend dropped from
 * its handshake queue, is no failed probe.
 */
#define CHK_WG_RESENDS 2
/* Earlier initiations of a probe whose late response still counts. */
#define CHK_WG_PREV (CHK_WG_RESENDS + CHK_WG_MAX_COOKIES)
/* Largest datagram a probe reads; longer ones are invalid. */
#define CHK_WG_RECV_BUF 2048

enum chk_wg_phase { CHK_WG_PH_HANDSHAKE, CHK_WG_PH_PING };

/* What one received datagram means to the probe in flight. */
enum chk_wg_verdict {
	CHK_WG_IGNORE,		/* not for us or not valid: keep waiting (bad set) */
	CHK_WG_COOKIE,		/* authentic cookie reply: send a new initiation */
	CHK_WG_HANDSHAKE,	/* authentic response: transport keys in sess */
	CHK_WG_ECHO,		/* the encrypted echo reply of the tunnel ping */
	CHK_WG_REKEY,		/* tunnel ping: a newer handshake completed, send again on it */
};

/* One probe's protocol state. */
struct chk_wg_probe {
	enum chk_wg_phase phase;
	struct wg_handshake hs;
	struct wg_session sess;
	struct wg_echo echo;	/* valid in CHK_WG_PH_PING */
	int bad;		/* last wg_err of an ignored datagram, 0 if none */
	unsigned cookies;	/* cookie replies taken */
	unsigned inits;		/* initiations sent (the caller counts them) */
	struct wg_handshake prev[CHK_WG_PREV];	/* earlier initiations of this probe */
	unsigned nprev;
};

/* Before a new initiation: keeps the pending one so that its late answer
 * still counts (the backend may be slower than our resends). */
void chk_wg_probe_retire(struct chk_wg_probe *pr);
/* Wipes the probe's handshakes and session. */
void chk_wg_probe_free(struct chk_wg_probe *pr);

/* Classifies a datagram; updates hs/sess/peer's cookie as the verdict says. */
enum chk_wg_verdict chk_wg_classify(struct wg_peer *peer, struct chk_wg_probe *pr,
				    const uint8_t *pkt, size_t len, uint64_t mono_ns);

/* Nanoseconds to wait before the next initiation (0: send now). */
uint64_t chk_wg_spacing_wait(uint64_t last_init_ns, uint64_t now_ns);

/*
 * The inner source of a tunnel ping when tunnel_source is not set: the
 * tunnel_ping address with its last byte 254 (IPv4) or last 16 bits 0xfffe
 * (IPv6); 253 / 0xfffd when that is the tunnel_ping address itself.
 */
void chk_wg_default_source(struct cfg_ip *src, const struct cfg_ip *ping);

/* Why a probe failed at its deadline, written to buf (always terminated). */
void chk_wg_timeout_reason(const struct chk_wg_probe *pr, char *buf, size_t cap);
/* Why a socket error (an errno, positive) failed the probe: static text. */
const char *chk_wg_errno_reason(int err);

#endif
