#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
#
# vrrp-track: two keeld routers (VRRPv3, advert_int 1 s, preempt) with
# five instances at once, each on its own VRID and VIP:
#   (VI_1..VI_3 fail together, then recover together)
#   VI_1  track_script weight -60: failing on r1 (150 -> 90) hands the VIP
#         to r2 (120); a reload keeps that; succeeding again takes it back
#   VI_2  track_script weight 0: failing puts r1 in FAULT, its VIP removed
#   VI_3  track_file weight -10 (init_file 0): value 5 (150 -> 100) moves
#         the VIP to r2; 0 again moves it back
#   VI_4 + VI_5 in vrrp_sync_group G (VI_5 on a second link): r1's eth1
#         going down puts both r1 members in FAULT, r2 takes both VIPs;
#         the group's notify script is told; link up -> back to r1.
#         On r1 the group tracks a file, weight -60: its line weighs as
#         written on both members (150 -> 90 < 100), r2 takes both VIPs
#         with r1's members in BACKUP, not FAULT; value 0 -> back to r1
# Measured times (kernel address events) are printed; each bound is the
# detection time (script interval + timeout per result, 1 s link/file
# poll), an advert interval and Master_Down_Interval, plus slack.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
[[ -x $B/keeld && -x $B/keelctl ]] || lab_fail "no keeld/keelctl in $B (set KEEL_BUILD)"
W=$TOPO_TMP
ADV=1
# vrrp_script timing: a result comes within interval + timeout (a run past
# its timeout is a failure); the timeout is generous because forking an
# ASan keeld in the emulated, shared lab can take seconds
SCRIPT_INT=1 SCRIPT_TO=5
# slack for scheduling. In the shared, emulated lab keeld's loop was seen
# stalled for 3-4 s (a 1 s poll noticing a file 4.3 s after the write), so
# the VM gets more than vrrp-pair's 1.5 s.
SLACK_MS=${VRRP_SLACK_MS:-$([[ ${LAB_INSIDE:-} == vm ]] && echo 3000 || echo 700)}

topo_bridge lan
topo_bridge lan2
topo_node r1 lan 10.0.0.1/24
topo_node r2 lan 10.0.0.2/24
topo_link r1 lan2 10.1.0.1/24
topo_link r2 lan2 10.1.0.2/24

# check.sh FLAG: fails while the file FLAG exists
printf '#!/bin/sh\n[ ! -e "$1" ]\n' >"$W/check.sh"
printf '#!/bin/sh\necho "$*" >>%s\n' "$W/group.notify" >"$W/group-notify.sh"
chmod +x "$W/check.sh" "$W/group-notify.sh"

# inst NAME VRID IF PRIO VIP [EXTRA]
inst() {
	cat <<CONF
vrrp_instance $1 {
	state BACKUP
	interface $3
	virtual_router_id $2
	version 3
	priority $4
	advert_int $ADV
	${6:-}
	virtual_ipaddress {
		$5/24
	}
}
CONF
}

# conf NODE PRIO_HIGH_OR_LOW: r1 carries the tracking; r2 only the peers
conf() {
	local n=$1 p1 p2 p3 tr1="" tr2="" tr3="" trg=""
	if [[ $n == r1 ]]; then
		p1=150 p2=150 p3=150
		tr1="track_script { chk_w }"
		tr2="track_script { chk_z }"
		tr3="track_file { tf }"
		trg="track_file { tg weight -60 }"
	else
		p1=120 p2=100 p3=120
	fi
	{
		cat <<CONF
global_defs { router_id $n
	script_user root }
vrrp_script chk_w {
	script "$W/check.sh $W/w.fail"
	interval $SCRIPT_INT
	timeout $SCRIPT_TO
	weight -60
}
vrrp_script chk_z {
	script "$W/check.sh $W/z.fail"
	interval $SCRIPT_INT
	timeout $SCRIPT_TO
	fall 2
	rise 1
}
track_file tf {
	file "$W/$n.tf"
	weight -10
	init_file 0 overwrite
}
track_file tg {
	file "$W/$n.tg"
	init_file 0 overwrite
}
vrrp_sync_group G {
	group {
		VI_4
		VI_5
	}
	$trg
	notify "$W/group-notify.sh"
}
CONF
		inst VI_1 51 eth0 "$p1" 10.0.0.101 "$tr1"
		inst VI_2 52 eth0 "$p2" 10.0.0.102 "$tr2"
		inst VI_3 53 eth0 "$p3" 10.0.0.103 "$tr3"
		inst VI_4 54 eth0 "$p2" 10.0.0.104
		inst VI_5 55 eth1 "$p2" 10.1.0.105
	} >"$W/$n.conf"
}

declare -A PID=()
start() {
	local n=$1
	topo_bg --log "$W/$n.log" "$n" "$B/keeld" -n -l -P -f "$W/$n.conf" -p "$W/$n.pid" \
		--control-socket "$W/$n.sock"
	PID[$n]=$TOPO_PID
	lab_wait_for 20 test -S "$W/$n.sock" || { cat "$W/$n.log"; lab_fail "$n: no control socket"; }
}
stop() {
	local n=$1 rc=0
	kill -TERM "${PID[$n]}"
	wait "${PID[$n]}" || rc=$?
	[[ $rc == 0 ]] || { cat "$W/$n.log"; lab_fail "$n: keeld exited $rc on SIGTERM"; }
	! grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error' "$W/$n.log" ||
		{ cat "$W/$n.log"; lab_fail "$n: sanitizer report"; }
}
show() { topo_exec "$1" "$B/keelctl" -s "$W/$1.sock" vrrp; }
# Each keelctl call costs seconds in the emulated lab: snap NODE keeps one
# answer in SNAP; prio INSTANCE reads an effective priority from it.
snap() { SNAP=$(show "$1"); }
prio() { awk -v n="$1:" '$1 == n { for (i = 1; i < NF; i++) if ($i == "priority") print $(i + 1) }' <<<"$SNAP"; }
# states NODE: "VI_1:STATE VI_2:STATE ..." from one keelctl call
states() { show "$1" | awk '/^VI_[0-9]+:/ { printf "%s%s", sep, $1 $2; sep = " " }'; }
states_are() { [[ $(states "$1") == "$2" ]]; }
has() { topo_has_addr "$1" "$2"; }
# holds NODE VIP: NODE has VIP and the other router has not
holds() {
	local other=r2
	[[ $1 == r2 ]] && other=r1
	has "$1" "$2" && ! has "$other" "$2"
}
fail_why() {
	show r1 || true
	show r2 || true
	tail -n 40 "$W/r1.log" "$W/r2.log" || true
	topo_exec r1 ip -4 -o addr show || true
	topo_exec r2 ip -4 -o addr show || true
	lab_fail "$*"
}
# moved NODE VIP INSTANCE BOUND_MS WHAT: waits until NODE alone holds VIP
# (INSTANCE's; states are checked per phase), checks the kernel's event
# time against the bound
moved() {
	local n=$1 vip=$2 in=$3 bound=$4 what=$5 ms
	lab_wait_for $(((bound + SLACK_MS) / 1000 + 5)) holds "$n" "$vip" || fail_why "$what: $n does not hold $vip alone"
	lab_wait_for 5 topo_addr_added_ms "$n" "$vip" || fail_why "$what: no address event for $vip on $n"
	ms=$(topo_addr_added_ms "$n" "$vip")
	((ms <= bound + SLACK_MS)) || fail_why "$what: $ms ms > $bound + $SLACK_MS ms"
	RESULTS+=("$(printf '%-44s %5d ms (bound %d + %d ms)' "$what" "$ms" "$bound" "$SLACK_MS")")
}
# Master_Down_Interval for priority P: 3 * adv + (256 - P) * adv / 256, in ms
down_ms() { awk -v a=$ADV -v p="$1" 'BEGIN { printf "%d", (3 * a + (256 - p) * a / 256) * 1000 }'; }
ADV_MS=$(awk -v a=$ADV 'BEGIN { printf "%d", a * 1000 }')
# one script result: interval + timeout, in ms
RESULT_MS=$(awk -v i=$SCRIPT_INT -v t=$SCRIPT_TO 'BEGIN { printf "%d", (i + t) * 1000 }')
RESULTS=()

echo 3 >"$W/r1.tf"	# init_file ... overwrite must reset it to 0
topo_mon_start r1
topo_mon_start r2
conf r1
conf r2
start r1
start r2

# --- election: r1 holds all five
lab_wait_for 20 states_are r1 "VI_1:MASTER VI_2:MASTER VI_3:MASTER VI_4:MASTER VI_5:MASTER" ||
	fail_why "election: r1 is not MASTER of all five"
lab_wait_for 10 states_are r2 "VI_1:BACKUP VI_2:BACKUP VI_3:BACKUP VI_4:BACKUP VI_5:BACKUP" ||
	fail_why "election: r2 is not BACKUP of all five"
for v in 10.0.0.101 10.0.0.102 10.0.0.103 10.0.0.104 10.1.0.105; do
	lab_wait_for 5 holds r1 $v || fail_why "election: r1 does not hold $v alone"
done
[[ $(cat "$W/r1.tf") == 0 ]] || lab_fail "init_file 0 overwrite left $(cat "$W/r1.tf")"
snap r1
[[ $(prio VI_3) == 150 ]] || fail_why "VI_3 priority $(prio VI_3) with file value 0"
lab_wait_for 5 grep -qx "GROUP G MASTER 0" "$W/group.notify" || lab_fail "group notify MASTER: $(cat "$W/group.notify" 2>&1)"
show r1
lab_log "election: r1 MASTER of VI_1..VI_5"

# --- all three at once (independent instances, measured from one t0):
# VI_1 track_script -60: 150 -> 90 < 120, r2 preempts;
# VI_2 track_script weight 0 (fall 2): FAULT, VIP removed, r2 takes over;
# VI_3 track_file -10 * 5: 150 -> 100 < 120, r2 preempts
topo_t0
touch "$W/w.fail" "$W/z.fail"
echo 5 >"$W/r1.tf"
moved r2 10.0.0.101 VI_1 $((RESULT_MS + ADV_MS + $(down_ms 120))) "track_script -60 fails: r2 takes VI_1"
moved r2 10.0.0.102 VI_2 $((2 * RESULT_MS + ADV_MS + $(down_ms 100))) "track_script weight 0 fails: r2 takes VI_2"
moved r2 10.0.0.103 VI_3 $((1000 + ADV_MS + $(down_ms 120))) "track_file value 5: r2 takes VI_3"
lab_wait_for 5 states_are r1 "VI_1:BACKUP VI_2:FAULT VI_3:BACKUP VI_4:MASTER VI_5:MASTER" ||
	fail_why "r1 after the failures: $(states r1)"
states_are r2 "VI_1:MASTER VI_2:MASTER VI_3:MASTER VI_4:BACKUP VI_5:BACKUP" ||
	fail_why "r2 after r1's failures: $(states r2)"
snap r1
[[ $(prio VI_1) == 90 ]] || fail_why "r1 VI_1 effective priority $(prio VI_1), want 90"
grep -qx '    script chk_w down, weight -60' <<<"$SNAP" || fail_why "keelctl vrrp does not show chk_w down: $SNAP"
[[ $(prio VI_3) == 100 ]] || fail_why "r1 VI_3 effective priority $(prio VI_3), want 100"
has r1 10.0.0.102 && fail_why "r1 in FAULT still holds 10.0.0.102"
# a reload keeps VI_1 BACKUP at effective priority 90; nothing moves
topo_exec r1 "$B/keelctl" -s "$W/r1.sock" reload >/dev/null || fail_why "r1 reload failed"
lab_wait_for 10 grep -q "VRRP_Instance(VI_1) kept in BACKUP" "$W/r1.log" || fail_why "reload did not keep VI_1"
sleep 1.5
snap r1
[[ $(prio VI_1) == 90 ]] || fail_why "after reload r1 VI_1 priority $(prio VI_1), want 90"
holds r2 10.0.0.101 || fail_why "VI_1 moved on reload"
# ... and all three recover at once
topo_t0
rm "$W/w.fail" "$W/z.fail"
echo 0 >"$W/r1.tf"
moved r1 10.0.0.101 VI_1 $((RESULT_MS + ADV_MS + $(down_ms 150))) "track_script recovers: r1 takes VI_1 back"
moved r1 10.0.0.102 VI_2 $((RESULT_MS + ADV_MS + $(down_ms 150))) "track_script weight 0 recovers: r1 back"
moved r1 10.0.0.103 VI_3 $((1000 + ADV_MS + $(down_ms 150))) "track_file value 0: r1 takes VI_3 back"
lab_wait_for 5 states_are r1 "VI_1:MASTER VI_2:MASTER VI_3:MASTER VI_4:MASTER VI_5:MASTER" ||
	fail_why "r1 after recovery: $(states r1)"
snap r1
[[ $(prio VI_1) == 150 ]] || fail_why "r1 VI_1 effective priority $(prio VI_1), want 150"

# --- the sync group's own track_file line: value 1 x -60 on both members
# (150 -> 90 < 100): r2 takes both VIPs, r1's members BACKUP, not FAULT
topo_t0
echo 1 >"$W/r1.tg"
moved r2 10.0.0.104 VI_4 $((1000 + ADV_MS + $(down_ms 100))) "sync group track_file -60: r2 takes VI_4"
moved r2 10.1.0.105 VI_5 $((1000 + ADV_MS + $(down_ms 100))) "sync group track_file -60: r2 takes VI_5"
lab_wait_for 5 states_are r1 "VI_1:MASTER VI_2:MASTER VI_3:MASTER VI_4:BACKUP VI_5:BACKUP" ||
	fail_why "r1 after its group's file: $(states r1), want VI_4 and VI_5 in BACKUP"
snap r1
[[ $(prio VI_4) == 90 && $(prio VI_5) == 90 ]] ||
	fail_why "r1 VI_4/VI_5 effective priorities $(prio VI_4)/$(prio VI_5), want 90/90"
# keelctl vrrp lists each member's tracked objects, the group's marked
[[ $(grep -cx '    file tg value 1, weight -60 (sync group G)' <<<"$SNAP") == 2 ]] ||
	fail_why "keelctl vrrp does not show the group's file line under both members: $SNAP"
topo_t0
echo 0 >"$W/r1.tg"
moved r1 10.0.0.104 VI_4 $((1000 + ADV_MS + $(down_ms 150))) "sync group track_file 0: r1 takes VI_4 back"
moved r1 10.1.0.105 VI_5 $((1000 + ADV_MS + $(down_ms 150))) "sync group track_file 0: r1 takes VI_5 back"
lab_wait_for 5 grep -qx "GROUP G MASTER 0" "$W/group.notify" || lab_fail "group notify MASTER: $(cat "$W/group.notify")"

# --- sync group: r1's eth1 down -> VI_5 FAULT, VI_4 follows; r2 takes both
: >"$W/group.notify"
topo_t0
topo_exec r1 ip link set eth1 down
moved r2 10.0.0.104 VI_4 $((1000 + $(down_ms 100))) "sync group: r1 eth1 down, r2 takes VI_4"
moved r2 10.1.0.105 VI_5 $((1000 + $(down_ms 100))) "sync group: r1 eth1 down, r2 takes VI_5"
# VI_4 followed VI_5 into FAULT; the others did not move
states_are r1 "VI_1:MASTER VI_2:MASTER VI_3:MASTER VI_4:FAULT VI_5:FAULT" ||
	fail_why "r1 after eth1 down: $(states r1), want VI_4 and VI_5 alone in FAULT"
states_are r2 "VI_1:BACKUP VI_2:BACKUP VI_3:BACKUP VI_4:MASTER VI_5:MASTER" ||
	fail_why "r2 after r1's eth1 down: $(states r2)"
has r1 10.0.0.104 && fail_why "r1 VI_4 in FAULT still holds 10.0.0.104"
lab_wait_for 5 grep -qx "GROUP G FAULT 0" "$W/group.notify" || lab_fail "group notify FAULT: $(cat "$W/group.notify")"
topo_t0
topo_exec r1 ip link set eth1 up
moved r1 10.0.0.104 VI_4 $((1000 + ADV_MS + $(down_ms 150))) "sync group: eth1 up, r1 takes VI_4 back"
moved r1 10.1.0.105 VI_5 $((1000 + ADV_MS + $(down_ms 150))) "sync group: eth1 up, r1 takes VI_5 back"
lab_wait_for 5 states_are r1 "VI_1:MASTER VI_2:MASTER VI_3:MASTER VI_4:MASTER VI_5:MASTER" ||
	fail_why "r1 after eth1 up: $(states r1)"
lab_wait_for 5 grep -qx "GROUP G MASTER 0" "$W/group.notify" || lab_fail "group notify MASTER again: $(cat "$W/group.notify")"

stop r1
stop r2
[[ -z ${VRRP_SHOW_LOGS:-} ]] || cat "$W/r1.log" "$W/r2.log"
printf '%s\n' "${RESULTS[@]}"
lab_log "vrrp-track: ok"
