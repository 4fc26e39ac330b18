#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
#
# vrrp-track-process: vrrp_track_process moves the VIP with the process it
# tracks. r1 (150) tracks a process named keel-tracked with weight -60
# against r2 (100): the process killed, r1 drops to 90 and r2 takes the
# VIP; started again, r1 is back at 150 and takes it back. The routers
# run in network namespaces, where the kernel sends no process events:
# keeld reads /proc every second there (and says so). Then, in the lab
# VM only, a keeld in the initial network namespace follows the process
# events: it sees a kill and a start at once, a process renamed into the
# tracked name, and a quorum of two.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"
# shellcheck source-path=SCRIPTDIR source=../lab/vrrp-node.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/vrrp-node.sh"

lab_require_cmd python3
vrrp_lab
SLACK_MS=${VRRP_SLACK_MS:-$([[ ${LAB_INSIDE:-} == vm ]] && echo 1500 || echo 700)}
TRACKED=$W/keel-tracked
cp "$(command -v sleep)" "$TRACKED"

has_vip() { topo_has_addr "$1" "$VIP" eth0; }
no_vip() { ! has_vip "$1"; }
prio_of() { topo_exec "$1" "$B/keelctl" -s "$W/$1.sock" vrrp | grep -o 'priority [0-9]* (base [0-9]*)'; }
TPID=
start_tracked() { "$TRACKED" 1000 & TPID=$!; }
stop_tracked() { kill "$TPID"; wait "$TPID" 2>/dev/null || true; }

start_tracked
VRRP_CONF_TOP="vrrp_track_process tp {
	process keel-tracked
	weight -60
}"
vrrp_start r1 150 "track_process {
		tp
	}"
VRRP_CONF_TOP=
vrrp_start r2 100
lab_wait_for 20 has_vip r1 || lab_fail "r1 did not become master"
lab_wait_for 10 no_vip r2 || lab_fail "r2 kept the VIP under r1"
[[ $(prio_of r1) == "priority 150 (base 150)" ]] || lab_fail "r1: $(prio_of r1), want 150 with keel-tracked running"
grep -q "no process events here" "$W/r1.log" || lab_fail "r1 did not say it reads /proc in its namespace"

# --- the process dies: r1 at 90, r2 takes over
stop_tracked
lab_wait_for 5 grep -q "track_process tp: down (0 processes)" "$W/r1.log" ||
	{ cat "$W/r1.log"; lab_fail "r1 did not see keel-tracked die"; }
[[ $(prio_of r1) == "priority 90 (base 150)" ]] || lab_fail "r1: $(prio_of r1), want 90"
lab_wait_for 15 has_vip r2 || lab_fail "r2 did not take over from r1 at 90"
lab_wait_for 10 no_vip r1 || lab_fail "r1 kept the VIP at 90"
lab_log "keel-tracked killed: r1 at 90, r2 took the VIP"

# --- it comes back: r1 at 150 takes the VIP back
start_tracked
lab_wait_for 5 grep -q "track_process tp: up (1 processes)" "$W/r1.log" ||
	lab_fail "r1 did not see keel-tracked start"
lab_wait_for 15 has_vip r1 || lab_fail "r1 did not take the VIP back at 150"
lab_wait_for 10 no_vip r2 || lab_fail "r2 kept the VIP after r1 came back"
lab_log "keel-tracked started again: r1 back at 150 with the VIP"
stop_tracked
for n in r1 r2; do
	kill -TERM "${VRRP_PID[$n]}"
	wait "${VRRP_PID[$n]}" || lab_fail "$n: keeld exited $? on SIGTERM"
	! grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error' "$W/$n.log" ||
		{ cat "$W/$n.log"; lab_fail "$n: sanitizer report"; }
done

# --- process events, in the initial network namespace (the VM's own)
if [[ ${LAB_INSIDE:-} != vm ]]; then
	lab_log "NOT CHECKED: process events (they need the initial network namespace, which is the host's here)"
	lab_log "vrrp-track-process: ok"
	exit 0
fi
ip link add keeltp0 type dummy
topo_on_exit ip link del keeltp0
ip addr add 10.99.0.1/24 dev keeltp0
ip link set keeltp0 multicast on up
cat >"$W/root.conf" <<CONF
vrrp_track_process tp {
	process keel-tracked
	quorum 2
	weight -60
}
vrrp_instance VI_1 {
	state BACKUP
	interface keeltp0
	virtual_router_id 52
	version 3
	priority 150
	advert_int 1
	track_process {
		tp
	}
	virtual_ipaddress {
		10.99.0.100/24
	}
}
CONF
"$B/keeld" -n -l -P -f "$W/root.conf" -p "$W/root.pid" --control-socket "$W/root.sock" >"$W/root.log" 2>&1 &
RPID=$!
topo_on_exit kill "$RPID"
lab_wait_for 20 test -S "$W/root.sock" || { cat "$W/root.log"; lab_fail "keeld (root namespace) did not start"; }
rprio() { "$B/keelctl" -s "$W/root.sock" vrrp | grep -o 'priority [0-9]* (base [0-9]*)'; }
lab_wait_for 5 sh -c "\"$B/keelctl\" -s \"$W/root.sock\" vrrp | grep -q 'priority 90 (base 150)'" ||
	{ cat "$W/root.log"; lab_fail "keeld (root namespace): $(rprio), want 90 with no keel-tracked running"; }
! grep -q "no process events here" "$W/root.log" || lab_fail "keeld (root namespace) polls /proc"
# quorum 2: one process is not enough, two are
start_tracked
first=$TPID
sleep 1
[[ $(rprio) == "priority 90 (base 150)" ]] || lab_fail "quorum 2: up with one process"
# the second one renames itself into the tracked name (a comm event)
python3 -c 'import ctypes, sys, time
ctypes.CDLL(None).prctl(15, b"keel-tracked", 0, 0, 0)
open(sys.argv[1], "w").close()
time.sleep(1000)' "$W/renamed" &
second=$!
lab_wait_for 30 test -e "$W/renamed" || lab_fail "python3 did not rename itself"
t0=$(date +%s%N)
lab_wait_for 5 grep -q "track_process tp: up (2 processes)" "$W/root.log" ||
	{ cat "$W/root.log"; lab_fail "the renamed process was not counted"; }
t1=$(date +%s%N)
[[ $(rprio) == "priority 150 (base 150)" ]] || lab_fail "quorum 2 met: $(rprio), want 150"
kill "$first"
wait "$first" 2>/dev/null || true
lab_wait_for 5 grep -q "track_process tp: down (1 processes)" "$W/root.log" ||
	lab_fail "the exit was not seen"
t2=$(date +%s%N)
kill "$second"
wait "$second" 2>/dev/null || true
lab_log "process events: the renamed process counted after $(((t1 - t0) / 1000000)) ms (the test polls every 100 ms)," \
	"exit seen after $(((t2 - t1) / 1000000)) ms"
kill -TERM "$RPID"
wait "$RPID" || lab_fail "keeld (root namespace) exited $? on SIGTERM"
! grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error' "$W/root.log" ||
	{ cat "$W/root.log"; lab_fail "keeld (root namespace): sanitizer report"; }
lab_log "vrrp-track-process: ok"
