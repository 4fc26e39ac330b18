#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A client moved off a failed server keeps its new server across a later
# takeover, also when the failed server has come back by then. The backup
# router's kernel never moves a synced UDP entry to another server by
# itself (see daemon/ipvs_sweep.h); keeld's sweeps on the backup make its
# entry follow the master's.
#   1. c1's server dies, seen first by the backup (its probe key is
#      removed on the server just before), then by the master, which moves
#      c1 to another server: meanwhile the master's syncs still name the
#      old server (the case that left the backup's entry stale);
#   2. the backup's entry for c1 names the new server within a sweep
#      period + the master's next sync of c1 (50 packets: 5 s of pings);
#   3. the dead server returns; the master router dies (kill -9);
#   4. c1 still goes to its new server, through the backup.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"
# shellcheck source-path=SCRIPTDIR source=../lab/pool.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/pool.sh"

lab_require_cmd wg ipvsadm ping stdbuf
[[ -x $POOL_B/keeld ]] || lab_skip "no keeld build at $POOL_B"

conns() {
	local r
	for r in pi-a pi-b; do
		echo "  $r:"
		topo_exec "$r" ipvsadm -Lnc | sed -n '3,$p' | sed 's/^/    /'
	done
}
ip_of() { echo "${POOL_SERVER_IP[$1]}"; }

pool_build
for r in pi-a pi-b; do pool_start_router "$r"; done
lab_wait_for 20 pool_holds_vip pi-a || lab_fail "pi-a not master"
for r in pi-a pi-b; do
	lab_wait_for 30 pool_checks_up "$r" || { pool_ctl "$r" checks; lab_fail "servers not up on $r"; }
done
pool_clients_up
for c in c1 c2; do lab_wait_for 20 pool_replying "$c" || lab_fail "$c: no reply through its tunnel"; done
old=$(pool_backend_of pi-a c1)
[[ -n $old ]] || lab_fail "c1 reaches no server"
lab_wait_for 20 pool_entry_is pi-b c1 "$old" ||
	{ conns; lab_fail "pi-b never learnt c1's entry"; }
lab_log "c1 uses $old; both routers' entries say so"

# 1. c1's server dies, for pi-b first
topo_exec "$old" wg set wg0 peer "$(wg pubkey <"$POOL_W/pi-b/probe.key")" remove
lab_wait_for 30 pool_check_is pi-b "$old" down || lab_fail "pi-b did not see $old fail"
topo_exec "$old" ip link set wg0 down
lab_wait_for 30 pool_not_in_ipvs pi-a "$(ip_of "$old")" || lab_fail "$old stayed in pi-a's IPVS"
lab_log "$old failed: first for pi-b, then for pi-a"
# detection + WireGuard's own re-handshake (10 s + 5 s) + margin
lab_wait_for 40 pool_replying c1 || lab_fail "c1 did not come back"
new=$(pool_backend_of pi-a c1)
[[ -n $new && $new != "$old" ]] || lab_fail "c1 is on '$new' after $old died"
lab_log "c1 moved from $old to $new"

# 2. the backup follows: sweep period (2 s) + 50 pings (5 s) + emulation
t0=$(pool_ms)
lab_wait_for 20 pool_entry_is pi-b c1 "$new" ||
	{ conns; pool_ctl pi-b status; lab_fail "pi-b's entry for c1 still says '$(pool_entry_of pi-b c1)', not $new"; }
lab_log "pi-b's entry for c1 names $new $(($(pool_ms) - t0)) ms after c1 came back"
pool_ctl pi-b status | grep '^sync daemon'

# 3. the dead server returns, then the master router dies
topo_exec "$old" wg set wg0 peer "$(wg pubkey <"$POOL_W/pi-b/probe.key")" allowed-ips 10.99.0.253/32
topo_exec "$old" ip link set wg0 up
lab_wait_for 30 pool_check_is pi-b "$old" up || lab_fail "$old did not come back on pi-b"
lab_wait_for 30 pool_in_ipvs pi-a "$(ip_of "$old")" || lab_fail "$old did not come back on pi-a"
sleep 3	# syncs in flight
pool_entry_is pi-b c1 "$new" ||
	{ conns; lab_fail "after $old returned, pi-b's entry for c1 says '$(pool_entry_of pi-b c1)'"; }
pool_kill_router pi-a
lab_wait_for 20 pool_holds_vip pi-b || lab_fail "pi-b did not take the VIP"

# 4. c1 stays on its new server
lab_wait_for 10 pool_replying c1 || { conns; lab_fail "c1's tunnel did not survive the takeover"; }
now=$(pool_backend_of pi-b c1)
[[ $now == "$new" ]] || { conns; lab_fail "after the takeover c1 went to '$now', not $new"; }
lab_log "after the takeover c1 still uses $new"
echo "PASS e2e-moved-client"
