#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
#
# vrrp-bfd: BFD (RFC 5880/5881) between keeld and a real keepalived, then
# between two keelds, driving VRRP through track_bfd. keeld (node k,
# 10.0.0.1) runs bfd_instance B towards node a (10.0.0.2) and two VRRP
# instances alone on the link (no VRRP peer: each is MASTER while it may):
#   VI_1  track_bfd { B }            unweighted: FAULT while B is not Up
#   VI_2  track_bfd { B weight -100 } priority 150 -> 50 while B is not Up
# Node a runs keepalived with its own bfd_instance pointing back
# (min_rx/min_tx 50 ms, multiplier 3 on both sides: detection 150 ms).
#   1. the session comes Up on both sides (keepalived's log says
#      "Entering Up state"); VI_1 MASTER with its VIP, VI_2 at 150
#   2. nft drops node a's BFD packets: VI_1 loses its VIP (FAULT) within
#      the detection time (measured from the drop to the kernel's address
#      event, printed next to its limit), VI_2 at 50; the drop goes: back
#   3. SIGHUP keeld with the same config: the session stays Up (no
#      transition logged on either side); min_rx 100 and back by SIGHUP:
#      the new intervals go through a Poll, still no transition
#   4. kill -9 keepalived (its BFD child too): the same, measured; it
#      restarts: back
#   5. keepalived replaced by a second keeld (passive) on node a: Up with
#      keeld as the peer; kill -9 that keeld: FAULT, measured
# Fails on a keeld without BFD: keepalived's session never comes Up.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

lab_require_cmd keepalived
lab_require_cmd nft
B=$(cd "${KEEL_BUILD:-build}" && pwd)
[[ -x $B/keeld && -x $B/keelctl ]] || lab_fail "no keeld/keelctl in $B (set KEEL_BUILD)"
W=$TOPO_TMP
K_ADDR=10.0.0.1 A_ADDR=10.0.0.2 VIP1=10.0.0.101 VIP2=10.0.0.102
MIN_MS=50 MULT=3
DETECT_MS=$((MIN_MS * MULT))
# slack for scheduling (the VRRP FAULT after the BFD event, an ASan
# build); under TCG emulation (the lab VM) far more
SLACK_MS=${VRRP_SLACK_MS:-$([[ ${LAB_INSIDE:-} == vm ]] && echo 1500 || echo 300)}

topo_bridge lan
topo_node k lan "$K_ADDR/24"
topo_node a lan "$A_ADDR/24"

bfd_block() { # NAME NEIGHBOR SOURCE [EXTRA]
	cat <<CONF
bfd_instance $1 {
	neighbor_ip $2
	source_ip $3
	min_rx $MIN_MS
	min_tx $MIN_MS
	multiplier $MULT
	${4:-}
}
CONF
}
inst() { # NAME VRID VIP TRACK
	cat <<CONF
vrrp_instance $1 {
	state BACKUP
	interface eth0
	virtual_router_id $2
	version 3
	priority 150
	advert_int 0.5
	track_bfd {
		$4
	}
	virtual_ipaddress {
		$3/24
	}
}
CONF
}
{
	echo "global_defs { router_id k }"
	bfd_block B "$A_ADDR" "$K_ADDR"
	inst VI_1 51 "$VIP1" "B"
	inst VI_2 52 "$VIP2" "B weight -100"
} >"$W/k.conf"
{
	echo "global_defs { router_id a }"
	bfd_block K "$K_ADDR" "$A_ADDR"
} >"$W/a.conf"
{
	echo "global_defs { router_id a2 }"
	bfd_block K2 "$K_ADDR" "$A_ADDR" passive
} >"$W/a2.conf"

KPID= APID= A2PID=
start_keeld() {
	topo_bg --log "$W/k.log" k "$B/keeld" -n -l -D -P -f "$W/k.conf" -p "$W/k.pid" \
		--control-socket "$W/k.sock"
	KPID=$TOPO_PID
	lab_wait_for 20 test -S "$W/k.sock" || { cat "$W/k.log"; lab_fail "keeld: no socket"; }
}
start_keepalived() {
	rm -f "$W/a.pid" "$W/a-bfd.pid"
	topo_bg --log "$W/a-$1.log" a keepalived -n -l -D -f "$W/a.conf" -p "$W/a.pid" \
		-b "$W/a-bfd.pid" -r "$W/a-vrrp.pid" -c "$W/a-chk.pid"
	APID=$TOPO_PID
	lab_wait_for 20 test -s "$W/a-bfd.pid" || { cat "$W/a-$1.log"; lab_fail "keepalived's BFD did not start"; }
}
check_clean() { # LOG NAME
	! grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error' "$1" || { cat "$1"; lab_fail "$2: sanitizer report"; }
}

show() { topo_exec k "$B/keelctl" -s "$W/k.sock" "$1"; }
has() { topo_has_addr k "$1"; }
no() { ! has "$1"; }
prio2() { show vrrp | awk '$1 == "VI_2:" { for (i = 1; i < NF; i++) if ($i == "priority") print $(i + 1) }'; }
prio2_is() { [[ $(prio2) == "$1" ]]; }
bfd_up() { [[ $(show bfd) == "B: Up "* ]]; }
ups() { grep -c "BFD_Instance(B) [A-Za-z]* -> Up" "$W/k.log" || true; }
downs() { grep -c "BFD_Instance(B) Up -> " "$W/k.log" || true; }
a_downs() { grep -c "(K) Entering Down state" "$W/a-1.log" || true; }

RESULTS=()
# fails_within WHAT: VI_1's VIP goes within the detection time + slack of
# topo_t0, VI_2 falls to 50
fails_within() {
	local ms
	lab_wait_for $(((DETECT_MS + SLACK_MS) / 1000 + 5)) no "$VIP1" ||
		lab_fail "$1: VI_1 kept its VIP"
	lab_wait_for 5 topo_addr_deleted_ms k "$VIP1" || lab_fail "$1: no address event"
	ms=$(topo_addr_deleted_ms k "$VIP1")
	RESULTS+=("$(printf '%-44s %5d ms (limit %d ms detection + %d ms slack)' "$1" "$ms" "$DETECT_MS" "$SLACK_MS")")
	lab_log "$1: VI_1 FAULT after $ms ms (detection time $DETECT_MS ms)"
	((ms <= DETECT_MS + SLACK_MS)) || lab_fail "$1: $ms ms > $DETECT_MS + $SLACK_MS ms"
	show vrrp | grep -q '^VI_1: FAULT' || lab_fail "$1: VI_1 not in FAULT: $(show vrrp)"
	lab_wait_for 5 prio2_is 50 || lab_fail "$1: VI_2 priority $(prio2), not 50"
}
comes_back() {
	lab_wait_for 20 bfd_up || lab_fail "$1: the session did not come back: $(show bfd)"
	lab_wait_for 10 has "$VIP1" || lab_fail "$1: VI_1 did not take its VIP back"
	lab_wait_for 5 prio2_is 150 || lab_fail "$1: VI_2 priority $(prio2), not 150"
	lab_log "$1: Up again, VI_1 MASTER, VI_2 at 150"
}

topo_mon_start k
topo_bg --log "$W/tcpdump.log" k tcpdump -l -n -v -i eth0 -c 6 udp port 3784
start_keepalived 1
start_keeld

# 1. Up on both sides
lab_wait_for 15 grep -q "(K) Entering Up state" "$W/a-1.log" ||
	{ cat "$W/k.log" "$W/a-1.log"; lab_fail "keepalived's BFD session never came Up"; }
lab_wait_for 10 bfd_up || { cat "$W/k.log"; lab_fail "keeld's session is not Up: $(show bfd)"; }
lab_wait_for 10 has "$VIP1" || { cat "$W/k.log"; lab_fail "VI_1 never took its VIP"; }
lab_wait_for 5 prio2_is 150 || lab_fail "VI_2 priority $(prio2), not 150"
grep -q "ttl 255" "$W/tcpdump.log" || { cat "$W/tcpdump.log"; lab_fail "BFD packets without TTL 255"; }
grep -q "10.0.0.1.[0-9]* > 10.0.0.2.3784" "$W/tcpdump.log" || lab_fail "keeld does not send to port 3784"
lab_log "1. Up on both sides: $(show bfd)"

# 2. the peer's packets dropped
topo_exec a nft -f - <<'NFT'
table inet bfdtest {
	chain out {
		type filter hook output priority 0;
		udp dport 3784 drop
	}
}
NFT
topo_t0
fails_within "2. nft drops the peer's BFD"
topo_exec a nft delete table inet bfdtest
comes_back "2. drop removed"

# 3. a reload keeps the session
before_up=$(ups) before_down=$(downs) a_down=$(a_downs)
kill -HUP "$KPID"
lab_wait_for 10 grep -q "reload done" "$W/k.log" || lab_fail "3. no reload"
sleep 1
[[ $(downs) == "$before_down" && $(ups) == "$before_up" ]] || lab_fail "3. the reload flapped keeld's session"
[[ $(a_downs) == "$a_down" ]] || lab_fail "3. the reload took keepalived's session down"
bfd_up || lab_fail "3. not Up after the reload"
lab_log "3. SIGHUP: still Up, no transition on either side"
# min_rx 100 on keeld's side: a Poll, no flap; keeld detects after 3 x 100 ms
detect_is() { [[ $(show bfd) == *"detect $1.0 ms"* ]]; }
reload_min_rx() {
	sed -i "0,/min_rx [0-9]*/s//min_rx $1/" "$W/k.conf"
	local n
	n=$(grep -c "reload done" "$W/k.log")
	kill -HUP "$KPID"
	lab_wait_for 10 eval '(($(grep -c "reload done" "$W/k.log") > n))' || lab_fail "3. no reload"
	lab_wait_for 5 detect_is "$2" || lab_fail "3. min_rx $1: $(show bfd)"
	[[ $(downs) == "$before_down" && $(a_downs) == "$a_down" ]] || lab_fail "3. min_rx $1 flapped the session"
}
reload_min_rx 100 300
reload_min_rx "$MIN_MS" "$DETECT_MS"
lab_log "3. min_rx 100 and back by SIGHUP: retuned with a Poll (detection 300 ms, then $DETECT_MS ms), no flap"

# 4. kill -9 keepalived, then back
topo_t0
topo_kill9_keepalived "$APID" "$W/a-bfd.pid"
fails_within "4. kill -9 keepalived"
start_keepalived 2
lab_wait_for 15 grep -q "(K) Entering Up state" "$W/a-2.log" || lab_fail "4. keepalived not Up again"
comes_back "4. keepalived restarted"
kill -TERM "$APID"
wait "$APID" 2>/dev/null || true

# 5. keeld to keeld (the peer passive)
lab_wait_for 10 no "$VIP1" || lab_fail "5. VI_1 kept its VIP with no peer"
topo_bg --log "$W/a2.log" a "$B/keeld" -n -l -D -P -f "$W/a2.conf" -p "$W/a2.pid" \
	--control-socket "$W/a2.sock"
A2PID=$TOPO_PID
lab_wait_for 15 grep -q "BFD_Instance(K2) [A-Za-z]* -> Up" "$W/a2.log" ||
	{ cat "$W/a2.log"; lab_fail "5. the passive keeld never came Up"; }
comes_back "5. keeld peer (passive)"
topo_t0
kill -KILL "$A2PID"
wait "$A2PID" 2>/dev/null || true
fails_within "5. kill -9 the keeld peer"

kill -TERM "$KPID"
rc=0
wait "$KPID" || rc=$?
((rc == 0)) || { cat "$W/k.log"; lab_fail "keeld exited $rc on SIGTERM"; }
check_clean "$W/k.log" keeld
check_clean "$W/a2.log" "keeld peer"
[[ -z ${BFD_TEST_LOGS:-} ]] || cp "$W"/*.log "$BFD_TEST_LOGS"/
printf '%s\n' "${RESULTS[@]}"
lab_log "PASS vrrp-bfd"
