// SPDX-License-Identifier: GPL-2.0-or-later
/* Keeps a backup router's synced connections true to the master's.
 *
 * The kernel's backup sync daemon never moves an entry it holds to another
 * real server: when the master moves a UDP client off a failed server, the
 * backup takes the update for the old entry's expiry notice and keeps it
 * (ip_vs_proc_conn: every UDP entry is "inactive"). An entry that arrives
 * while the failed server is absent from the backup's table is kept
 * unbound, and unbound entries still forward. Either way a later takeover
 * sends the client back to its old server: a new WireGuard handshake and
 * ~15 s without traffic.
 *
 * So while the router runs the backup sync daemon, failed servers stay in
 * its table at weight 0 (nothing reaches a backup's table: it holds no VIP),
 * where synced entries bind to them; and every period, while any server is
 * down, they leave the table for a short gap. With expire_nodest_conn the
 * kernel drops every entry bound to a server when it leaves (kernel 5.9 and
 * later), and the master's next sync of a moved client lands on an empty
 * slot. The role change to master removes the failed servers for good.
 */
#ifndef KEEL_IPVS_SWEEP_H
#define KEEL_IPVS_SWEEP_H
#include <event2/event.h>
#include <stdbool.h>
#include <stdint.h>

#define IPVS_SWEEP_PERIOD_MS 2000
/* Long enough for the kernel's expiry work (queued one jiffy after the
 * removal) to run, also under emulation; short, since a sync arriving in
 * the gap for a server the master still uses is kept unbound. */
#define IPVS_SWEEP_GAP_MS 200

struct ipvs_sweep_ops {
	/* the failed servers now: ipvs_desired_failed_set() */
	uint64_t (*failed_set)(void *arg);
	void (*apply)(void *arg);	/* make the kernel follow ipvs_sweep_hold() */
};

struct config;
/* The settle time for cfg's checks, in ms: the longest one takes from a
 * failure to "down" (delay_loop with its jitter, then retry + 1 attempts
 * of connect_timeout with delay_before_retry between them), which bounds
 * how much later than ours the master's checks see it, plus one period
 * for the scheduling of both daemons. */
uint64_t ipvs_sweep_settle_ms(const struct config *cfg);

struct ipvs_sweep;
struct ipvs_sweep *ipvs_sweep_new(struct event_base *base, unsigned period_ms, unsigned gap_ms,
				  const struct ipvs_sweep_ops *ops, void *arg);
void ipvs_sweep_set_settle(struct ipvs_sweep *s, uint64_t settle_ms);
/* Starts (true) or stops the sweeps; the caller applies afterwards. */
void ipvs_sweep_set_backup(struct ipvs_sweep *s, bool backup);
/* What ipvs_health.hold_failed should be now. */
bool ipvs_sweep_hold(const struct ipvs_sweep *s);
uint64_t ipvs_sweep_count(const struct ipvs_sweep *s);
void ipvs_sweep_free(struct ipvs_sweep *s);
#endif
