// SPDX-License-Identifier: GPL-2.0-or-later
/* Half-open TCP probes: a SYN from a raw socket, and the SYN-ACK (a
 * listener), RST (refused) or ICMP error that answers it; the director's
 * kernel resets the half-open connection itself, as nothing listens on
 * the probe's port. Against a full connect and reset this spares a socket
 * per probe, one segment each way and the backend's accept: half the
 * kernel's work on the director (bench/tcp-checks.sh), and the backend's
 * application never sees the probe. One prober per check engine; its raw
 * socket per family opens on first use, and without CAP_NET_RAW the
 * prober says so once and TCP_CHECK connects instead. */
#ifndef KEEL_CHK_SYN_H
#define KEEL_CHK_SYN_H

#include <netinet/in.h>
#include <stdint.h>

#include "chk.h"

struct chk_syn;

/* How a probe ended: 0 (a listener answered) or an errno (ECONNREFUSED,
 * or what an ICMP error says). Called from the loop, never from start. */
typedef void chk_syn_done_fn(struct chk *c, int err);

struct chk_syn *chk_syn_new(struct event_base *base, chk_syn_done_fn *done);
void chk_syn_free(struct chk_syn *s);

/* Whether c may be probed half-open: TCP_CHECK without full_handshake,
 * bind_if, bind_port or fwmark (those need a socket of its own). */
bool chk_syn_suits(const struct chk *c);
/* Where a check's IPv4 probes come from, for their checksum: what the
 * route to its target gives, learnt again after `uses` probes or when
 * zeroed (a failed probe may mean the route changed), as the lookup costs
 * two system calls. */
struct chk_syn_src {
	struct in_addr addr;
	uint8_t uses;
};

/* Sends c's SYN (src: c's, kept by its checker); *slot (nonzero) names
 * the probe until done or chk_syn_cancel(). -EAFNOSUPPORT when no raw
 * socket can be had (connect instead), -EBUSY when 65,536 probes are in
 * flight, else -errno of the send (a failed probe). */
int chk_syn_start(struct chk_syn *s, struct chk *c, struct chk_syn_src *src, uint32_t *slot);
void chk_syn_cancel(struct chk_syn *s, uint32_t slot);

/* TCP_CHECK's end of its half-open probes (chk_tcp.c): the done function
 * of the engine's prober. */
void chk_tcp_syn_done(struct chk *c, int err);

#endif
