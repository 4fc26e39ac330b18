#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
#
# vrrp-link-events: keeld hears the kernel's link events. One router,
# VI_1 on eth0 (VRRPv3, advert_int 0.1, state MASTER) tracking eth1:
#   - eth1 down, three times: the VIP is gone within LINK_MS of the link
#     going down (both as one ip monitor saw them: FAULT at the event,
#     not at a once-a-second poll, which would miss that bound in most
#     runs); eth1 up: the VIP comes back
#   - the same with eth0, the instance's own interface; VI_2 on eth0 with
#     dont_track_primary keeps its VIP meanwhile
#   - at advert_int 1 (reloaded), an idle master's VRRP thread wakes for
#     its adverts only: at most IDLE_WAKES times in 4 s (a tracking poll
#     every 100 ms made it 40 more)
#   - interface_up_down_delays { eth1 1.5 0.5 } (reloaded): eth1 down for
#     0.3 s is not seen (no FAULT, the VIP stays); down for good, the VIP
#     goes 1.5 s after the link event, not before

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
[[ -x $B/keeld && -x $B/keelctl ]] || lab_fail "no keeld/keelctl in $B (set KEEL_BUILD)"
W=$TOPO_TMP
VIP=10.0.0.101 VIP2=10.0.0.102
# from the link's event to the address's: keeld's read of the event, the
# FAULT and the address removal; in the emulated lab an ASan keeld's
# loop can stall, so the VM gets more
LINK_MS=${VRRP_LINK_MS:-$([[ ${LAB_INSIDE:-} == vm ]] && echo 400 || echo 250)}
IDLE_WAKES=20

topo_bridge lan
topo_bridge lan2
topo_node r1 lan 10.0.0.1/24
topo_link r1 lan2 10.1.0.1/24

conf() {	# conf ADVERT_INT [TOP-LEVEL-LINES]
	cat >"$W/r1.conf" <<CONF
${2:-}
vrrp_instance VI_1 {
	state MASTER
	interface eth0
	virtual_router_id 51
	version 3
	priority 150
	advert_int $1
	track_interface {
		eth1
	}
	virtual_ipaddress {
		$VIP/24
	}
}
vrrp_instance VI_2 {
	state MASTER
	interface eth0
	virtual_router_id 52
	version 3
	priority 150
	advert_int $1
	dont_track_primary
	virtual_ipaddress {
		$VIP2/24
	}
}
CONF
}

has_vip() { topo_has_addr r1 "$VIP" eth0; }
MON=$TOPO_TMP/mon-r1.log
# link_down_us DEV: when the monitor saw DEV lose UP after topo_t0
link_down_us() {
	awk -v d=" $1[:@]" '$0 ~ d && /</ { f = $0; sub(/^[^<]*</, "", f); sub(/>.*/, "", f)
		if (("," f ",") !~ /,UP,/) print }' "$MON" | topo_since_t0_us
}
vip_gone_us() { grep " $VIP/" "$MON" | grep Deleted | topo_since_t0_us; }
fail_why() {
	topo_exec r1 "$B/keelctl" -s "$W/r1.sock" vrrp || true
	tail -n 30 "$W/r1.log" || true
	lab_fail "$*"
}

conf 0.1
topo_mon_start r1 "$MON" link address
topo_bg --log "$W/r1.log" r1 "$B/keeld" -n -l -P -f "$W/r1.conf" -p "$W/r1.pid" \
	--control-socket "$W/r1.sock"
PID=$TOPO_PID
lab_wait_for 20 has_vip || fail_why "r1 does not take $VIP"
lab_wait_for 20 topo_has_addr r1 "$VIP2" eth0 || fail_why "r1 does not take $VIP2"

RESULTS=()
for dev in eth1 eth1 eth1 eth0 eth0 eth0; do
	topo_t0
	topo_exec r1 ip link set "$dev" down
	lab_wait_for 10 vip_gone_us || fail_why "$dev down: $VIP not removed"
	down=$(link_down_us "$dev") || fail_why "$dev down: no link event in the monitor"
	us=$(($(vip_gone_us) - down))
	RESULTS+=("$dev down: VIP removed $us us after the link event (bound $LINK_MS ms)")
	((us <= LINK_MS * 1000)) || fail_why "$dev down: VIP removed $us us after the link event > $LINK_MS ms"
	topo_has_addr r1 "$VIP2" eth0 || fail_why "$dev down: VI_2 (dont_track_primary) lost $VIP2"
	topo_exec r1 ip link set "$dev" up
	lab_wait_for 10 has_vip || fail_why "$dev up: $VIP not back"
done
[[ $(grep -c "VRRP_Instance(VI_2).*-> FAULT" "$W/r1.log") == 0 ]] || fail_why "VI_2 went to FAULT"

grep -q "VRRP_Instance(VI_1) tracked objects fine again" "$W/r1.log" || fail_why "no recovery logged"

# idle: the reload keeps VI_1 in MASTER; its thread wakes for adverts
conf 1
kill -HUP "$PID"
lab_wait_for 10 grep -q "reload done" "$W/r1.log" || fail_why "reload not done"
sleep 1.5
tid=
for t in /proc/"$PID"/task/*; do
	[[ $(cat "$t/comm") == keeld-vrrp ]] && tid=$t
done
[[ -n $tid ]] || fail_why "no keeld-vrrp thread"
w0=$(awk '/^voluntary_ctxt_switches/ { print $2 }' "$tid/status")
sleep 4
w1=$(awk '/^voluntary_ctxt_switches/ { print $2 }' "$tid/status")
RESULTS+=("idle master at advert_int 1: the VRRP thread woke $((w1 - w0)) times in 4 s (bound $IDLE_WAKES)")
((w1 - w0 <= IDLE_WAKES)) || fail_why "idle master: $((w1 - w0)) wake-ups in 4 s > $IDLE_WAKES"
has_vip || fail_why "r1 lost $VIP after the reload"

# interface_up_down_delays: a bounce within the delay is not seen
conf 1 "interface_up_down_delays {
	eth1 1.5 0.5
}"
kill -HUP "$PID"
# a function, not test "$(grep -c ...)": that would count once, at the call
two_reloads() { (($(grep -c "reload done" "$W/r1.log") >= 2)); }
lab_wait_for 10 two_reloads || fail_why "second reload not done"
faults=$(grep -c "VRRP_Instance(VI_1).*-> FAULT" "$W/r1.log")
topo_t0
topo_exec r1 ip link set eth1 down
sleep 0.3
topo_exec r1 ip link set eth1 up
sleep 2.5
! vip_gone_us >/dev/null || fail_why "eth1 down for 0.3 s with a 1.5 s down delay: $VIP removed"
[[ $(grep -c "VRRP_Instance(VI_1).*-> FAULT" "$W/r1.log") == "$faults" ]] || fail_why "a bounce within the delay made a FAULT"
topo_t0
topo_exec r1 ip link set eth1 down
lab_wait_for 10 vip_gone_us || fail_why "eth1 down past its delay: $VIP not removed"
down=$(link_down_us eth1) || fail_why "eth1 down: no link event in the monitor"
us=$(($(vip_gone_us) - down))
RESULTS+=("eth1 down with a 1.5 s down delay: VIP removed $us us after the link event")
((us >= 1500000 && us <= 1500000 + LINK_MS * 1000)) || fail_why "eth1 down delay 1.5 s: VIP removed after $us us"
topo_exec r1 ip link set eth1 up
lab_wait_for 10 has_vip || fail_why "eth1 up after its delay: $VIP not back"

kill -TERM "$PID"
wait "$PID" || fail_why "keeld exited $? on SIGTERM"
! grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error' "$W/r1.log" || fail_why "sanitizer report"
printf '%s\n' "${RESULTS[@]}"
lab_log "vrrp-link-events: ok"
