#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
#
# vrrp-pair: two keeld routers share a VIP on one bridge (VRRPv3, advert_int
# 0.5 s). Election (the higher priority holds the VIP, the other has none),
# kill -9 of the master (the backup takes over within Master_Down_Interval
# plus slack), restart (preemption back), nopreempt (the new master stays),
# graceful SIGTERM (takeover within Skew_Time plus slack). Measured takeover
# times are printed.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
[[ -x $B/keeld && -x $B/keelctl ]] || lab_fail "no keeld/keelctl in $B (set KEEL_BUILD)"
W=$TOPO_TMP
VIP=10.0.0.100
ADV=0.5			# advert_int, seconds
# slack for scheduling; under TCG emulation (the lab VM) far more
SLACK_MS=${VRRP_SLACK_MS:-$([[ ${LAB_INSIDE:-} == vm ]] && echo 1500 || echo 700)}

topo_bridge lan
topo_node r1 lan 10.0.0.1/24
topo_node r2 lan 10.0.0.2/24
topo_node client lan 10.0.0.9/24

# conf NODE PRIORITY [EXTRA]: write NODE's config
conf() {
	cat >"$W/$1.conf" <<CONF
global_defs { router_id $1 }
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 51
	version 3
	priority $2
	advert_int $ADV
	${3:-}
	virtual_ipaddress {
		$VIP/24
	}
}
CONF
}

declare -A PID=()
start() {
	local n=$1
	topo_bg --log "$W/$n.log" "$n" "$B/keeld" -n -l -P -f "$W/$n.conf" -p "$W/$n.pid" \
		--control-socket "$W/$n.sock"
	PID[$n]=$TOPO_PID
	lab_wait_for 20 test -S "$W/$n.sock" || { cat "$W/$n.log"; lab_fail "$n: no control socket"; }
}
# graceful stop that checks the sanitizers stayed silent
stop() {
	kill -TERM "${PID[$1]}"
	reap "$1"
}
# waits for keeld after SIGTERM (an ASan build takes a while to exit)
reap() {
	local n=$1 rc=0
	wait "${PID[$n]}" || rc=$?
	[[ $rc == 0 ]] || { cat "$W/$n.log"; lab_fail "$n: keeld exited $rc on SIGTERM"; }
	! grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error' "$W/$n.log" ||
		{ cat "$W/$n.log"; lab_fail "$n: sanitizer report"; }
	rm -f "$W/$n.sock"
}
has_vip() { topo_has_addr "$1" "$VIP" eth0; }
no_vip() { ! has_vip "$1"; }
state_of() { topo_exec "$1" "$B/keelctl" -s "$W/$1.sock" vrrp | awk 'NR==1 {print $2}'; }
is_state() { [[ $(state_of "$1") == "$2" ]]; }
vip_added_ms() { topo_addr_added_ms "$1" "$VIP"; }

# wait_vip NODE LIMIT_MS: wait until NODE holds the VIP; ELAPSED: ms from T0
# to the kernel's event
wait_vip() {
	lab_wait_for $((($2 + 999) / 1000 + 5)) has_vip "$1" || lab_fail "$1 did not take the VIP"
	lab_wait_for 5 vip_added_ms "$1" || lab_fail "no VIP event for $1 in its monitor"
	ELAPSED=$(vip_added_ms "$1")
}
# one_master: exactly one of r1, r2 holds the VIP
one_master() {
	local c=0
	has_vip r1 && c=$((c + 1))
	has_vip r2 && c=$((c + 1))
	[[ $c == 1 ]]
}

topo_mon_start r1
topo_mon_start r2
# r2's notify scripts record what they were told
printf '#!/bin/sh\necho "$*" >>%s\n' "$W/r2.notify" >"$W/notify.sh"
printf '#!/bin/sh\necho master >>%s\n' "$W/r2.notify" >"$W/notify-master.sh"
chmod +x "$W/notify.sh" "$W/notify-master.sh"
conf r1 150
conf r2 100 "notify $W/notify.sh
	notify_master $W/notify-master.sh"
start r1
start r2

# --- election
lab_wait_for 10 is_state r1 MASTER || lab_fail "r1 (150) is not MASTER: $(state_of r1)"
lab_wait_for 10 is_state r2 BACKUP || lab_fail "r2 (100) is not BACKUP: $(state_of r2)"
has_vip r1 || lab_fail "master r1 lacks the VIP"
no_vip r2 || lab_fail "backup r2 holds the VIP"
sleep 1.5
one_master || lab_fail "not exactly one VIP holder after election"
topo_exec client ping -c 1 -W 2 $VIP >/dev/null || lab_fail "VIP unreachable from the client"
topo_exec r2 "$B/keelctl" -s "$W/r2.sock" vrrp
topo_exec r2 "$B/keelctl" -s "$W/r2.sock" vrrp | grep -q "master seen: 10.0.0.1 priority 150" ||
	lab_fail "r2 does not report r1 as the master"
lab_log "election: r1 MASTER with $VIP, r2 BACKUP"

# --- kill -9 the master: Master_Down_Interval = 3 * 0.5 + (256-100)*0.5/256
DOWN_MS=$(awk -v a=$ADV 'BEGIN { printf "%d", (3 * a + (256 - 100) * a / 256) * 1000 }')
topo_t0
kill -KILL "${PID[r1]}"
wait "${PID[r1]}" 2>/dev/null || true
wait_vip r2 "$DOWN_MS"
lab_log "kill -9 master: r2 took the VIP after ${ELAPSED} ms (Master_Down_Interval ${DOWN_MS} ms)"
# the down timer runs from the last advert, up to one interval before the kill
ADV_MS=$(awk -v a=$ADV 'BEGIN { printf "%d", a * 1000 }')
((ELAPSED >= DOWN_MS - ADV_MS - 100)) ||
	lab_fail "takeover after ${ELAPSED} ms: earlier than Master_Down_Interval - advert_int"
((ELAPSED <= DOWN_MS + SLACK_MS)) || lab_fail "takeover after ${ELAPSED} ms > ${DOWN_MS} + ${SLACK_MS}"
is_state r2 MASTER || lab_fail "r2 not MASTER after takeover"
# gratuitous ARP moved the client's cache entry for the VIP to r2
r2_mac=$(topo_exec r2 cat /sys/class/net/eth0/address)
client_has_r2() { topo_exec client ip neigh show "$VIP" | grep -qi "lladdr $r2_mac"; }
lab_wait_for 3 client_has_r2 || lab_fail "client's ARP entry for $VIP: $(topo_exec client ip neigh show "$VIP"), want $r2_mac"
topo_exec client ping -c 1 -W 2 $VIP >/dev/null || lab_fail "VIP unreachable after takeover"
# notify: the state script without arguments, then notify with INSTANCE name state priority
has_notify() { grep -qx "$1" "$W/r2.notify"; }
lab_wait_for 3 has_notify "INSTANCE VI_1 MASTER 100" ||
	lab_fail "notify script not run for MASTER: $(cat "$W/r2.notify" 2>&1)"
has_notify master || lab_fail "notify_master not run: $(cat "$W/r2.notify")"
has_notify "INSTANCE VI_1 BACKUP 100" || lab_fail "notify script not run for BACKUP"
# r1's VIP stays behind after kill -9 (no one removes it) until it restarts.

# --- restart r1: it removes its stale VIP, then preempts back
rm -f "$W/r1.sock"
start r1
lab_wait_for 10 is_state r1 MASTER || lab_fail "r1 did not preempt back"
lab_wait_for 5 no_vip r2 || lab_fail "r2 kept the VIP after r1 preempted"
has_vip r1 || lab_fail "r1 MASTER without the VIP"
lab_wait_for 5 is_state r2 BACKUP || lab_fail "r2 not BACKUP after preemption"
sleep 1
one_master || lab_fail "not exactly one VIP holder after preemption"
lab_log "restart: r1 preempted back"

# --- graceful SIGTERM: priority 0 makes r2 take over after Skew_Time
SKEW_MS=$(awk -v a=$ADV 'BEGIN { printf "%d", (256 - 100) * a / 256 * 1000 }')
topo_t0
kill -TERM "${PID[r1]}"
wait_vip r2 "$SKEW_MS"
reap r1
no_vip r1 || lab_fail "r1 kept the VIP after SIGTERM"
lab_log "SIGTERM master: r2 took the VIP after ${ELAPSED} ms (Skew_Time ${SKEW_MS} ms)"
((ELAPSED <= SKEW_MS + SLACK_MS)) || lab_fail "graceful takeover after ${ELAPSED} ms > ${SKEW_MS} + ${SLACK_MS}"

# --- nopreempt: r1 comes back with nopreempt and stays BACKUP
conf r1 150 nopreempt
start r1
lab_wait_for 10 is_state r1 BACKUP || lab_fail "r1 (nopreempt) is $(state_of r1), want BACKUP"
sleep 2
is_state r1 BACKUP || lab_fail "r1 (nopreempt) took over: $(state_of r1)"
is_state r2 MASTER || lab_fail "r2 lost MASTER to a nopreempt router"
one_master || lab_fail "not exactly one VIP holder with nopreempt"
lab_log "nopreempt: r2 stays MASTER, r1 (priority 150) BACKUP"
json=$(topo_exec r2 "$B/keelctl" -s "$W/r2.sock" --json vrrp)
echo "$json"
grep -q '"name":"VI_1","state":"MASTER"' <<<"$json" || lab_fail "keelctl --json vrrp: $json"
grep -q '"vips":\["10.0.0.100/24"\]' <<<"$json" || lab_fail "keelctl --json vrrp lacks the VIP"

# --- reload keeps the state of a matched instance
topo_exec r2 "$B/keelctl" -s "$W/r2.sock" reload >/dev/null || lab_fail "r2 reload failed"
sleep 1
is_state r2 MASTER || lab_fail "r2 left MASTER on reload"
one_master || lab_fail "not exactly one VIP holder after reload"
grep -q "VRRP_Instance(VI_1) kept in MASTER" "$W/r2.log" || lab_fail "reload did not keep VI_1"

stop r1
stop r2
no_vip r2 || lab_fail "r2 kept the VIP after SIGTERM"
[[ -z ${VRRP_SHOW_LOGS:-} ]] || cat "$W/r1.log" "$W/r2.log"
lab_log "vrrp-pair: ok"
