#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# vrrp-many: keeld backs up 40 instances of a keepalived master at
# advert_int 0.1 (VRRPv3), 400 adverts a second on one link. Proves:
# - keeld lets the adverts of an all-backup link wait and reads them
#   together: its VRRP thread wakes at most half as often as adverts
#   come (one a hold of 15 ms; once per advert before), and no backup
#   takes over from the live master meanwhile;
# - the master down timers still run from each advert's arrival: after
#   kill -9 of the master every VRID's first advert from keeld follows
#   the master's last one by Master_Down_Interval (360.9 ms), never less,
#   and after SIGTERM (priority 0 adverts) by Skew_Time (60.9 ms), never
#   less, and the median within a bound; measured on the wire by a third
#   node.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

lab_require_cmd keepalived tcpdump
B=$(cd "${KEEL_BUILD:-build}" && pwd)
[[ -x $B/keeld ]] || lab_fail "no keeld in $B (set KEEL_BUILD)"
W=$TOPO_TMP
N=40
DOWN_US=360938	# 3 x 100 ms + (256 - 100) x 100 ms / 256
SKEW_US=60938
# the lab VM's scheduling noise, on top of 40 transitions in a row: for
# the median and for the last one (ASan build in the VM: SIGTERM medians
# 92-131 ms for 60.9, 31-70 over; a build that left held timers' loop
# deadlines late gave 123-264, so these bounds caught it in some runs only)
MEDIAN_SLACK_US=$([[ ${LAB_INSIDE:-} == vm ]] && echo 130 || echo 20)000
SLACK_US=$([[ ${LAB_INSIDE:-} == vm ]] && echo 250 || echo 60)000

topo_bridge lan
topo_node k lan 10.0.0.1/24	# keeld, the backups
topo_node a lan 10.0.0.2/24	# keepalived, the master
topo_node obs lan 10.0.0.9/24

conf() {	# conf PRIORITY: N instances on eth0, VRIDs 1..N
	local i
	for ((i = 1; i <= N; i++)); do
		printf 'vrrp_instance VI_%d {\n state BACKUP\n interface eth0\n virtual_router_id %d\n' "$i" "$i"
		printf ' priority %d\n version 3\n advert_int 0.1\n virtual_ipaddress {\n  10.3.%d.1/32\n }\n}\n' "$1" "$i"
	done
}
conf 150 >"$W/a.conf"
conf 100 >"$W/k.conf"

APID=
start_keepalived() {
	rm -f "$W/a.pid" "$W/a-vrrp.pid"
	topo_bg --log "$W/a-$1.log" a keepalived -n -l -f "$W/a.conf" -p "$W/a.pid" \
		-r "$W/a-vrrp.pid" -c "$W/a-chk.pid"
	APID=$TOPO_PID
	lab_wait_for 20 test -s "$W/a-vrrp.pid" || lab_fail "keepalived did not start"
}
# keeld's instances that entered STATE (from its log)
keeld_in() { grep -c -- "-> $1 " "$W/k.log" || true; }
# the VRRP thread's voluntary context switches: its waits for the loop
vrrp_wakes() {
	local t
	for t in /proc/"$KPID"/task/*; do
		[[ $(cat "$t/comm") == keeld-vrrp ]] && awk '/^voluntary_ctxt_switches/ { print $2 }' "$t/status"
	done
}
# gaps FROM_RE: per VRID, us from the master's last advert matching
# FROM_RE to keeld's first advert after it (tcpdump -tt on obs; keeld's
# from line WIRE0 on); prints "count min median max"
gaps() {
	awk -v from="$1" -v start="$WIRE0" '
		/10\.0\.0\.2 > 224\.0\.0\.18/ && $0 ~ from && match($0, /vrid [0-9]+/) {
			v = substr($0, RSTART + 5, RLENGTH - 5); last[v] = $1; next }
		NR >= start && /10\.0\.0\.1 > 224\.0\.0\.18/ && match($0, /vrid [0-9]+/) {
			v = substr($0, RSTART + 5, RLENGTH - 5)
			if ((v in last) && !(v in done)) { done[v] = 1; printf "%.0f\n", ($1 - last[v]) * 1e6 }
		}' "$W/wire.log" | sort -n | awk '
		{ a[NR] = $1 } END { if (!NR) { print "0 0 0 0"; exit }
			printf "%d %d %d %d\n", NR, a[1], a[int((NR + 1) / 2)], a[NR] }'
}
# check_gaps WHAT FROM_RE LIMIT_US: every VRID once, none before the limit
check_gaps() {
	local n=0 min med max try
	for ((try = 0; try < 40 && n < N; try++)); do
		sleep 0.5
		read -r n min med max < <(gaps "$2")
	done
	lab_log "$1: $n VRIDs taken over, master's last advert to keeld's first: min $((min / 1000)).$((min % 1000 / 100)) ms, median $((med / 1000)) ms, max $((max / 1000)) ms (limit $(($3 / 1000)).$(($3 % 1000 / 100)) ms)"
	((n == N)) || lab_fail "$1: $n of $N VRIDs taken over"
	# 1 ms: the timers' grid and the two clocks' readings
	((min >= $3 - 1000)) || lab_fail "$1: a backup took over $((($3 - min) / 1000)) ms early"
	((med <= $3 + MEDIAN_SLACK_US)) || lab_fail "$1: half the backups took over $(((med - $3) / 1000)) ms late or more"
	((max <= $3 + SLACK_US)) || lab_fail "$1: a backup took over $(((max - $3) / 1000)) ms late"
}

topo_tcpdump_start obs "$W/wire.log" -i eth0 -n -tt ip proto 112
start_keepalived 1
sleep 2
topo_bg --log "$W/k.log" k "$B/keeld" -n -l -P -f "$W/k.conf" -p "$W/k.pid" \
	--control-socket "$W/k.sock"
KPID=$TOPO_PID
lab_wait_for 30 sh -c "[ \$(grep -c -- '-> BACKUP ' $W/k.log) -ge $N ]" ||
	{ tail -20 "$W/k.log"; lab_fail "not all $N instances are backups"; }
sleep 2

# --- steady state: adverts read together, nobody takes over
w0=$(vrrp_wakes) l0=$(wc -l <"$W/wire.log")
sleep 5
w1=$(vrrp_wakes) l1=$(wc -l <"$W/wire.log")
adverts=$((l1 - l0))
lab_log "steady: $adverts adverts in 5 s, keeld's VRRP thread woke $((w1 - w0)) times"
((adverts >= N * 10 * 5 * 8 / 10)) || lab_fail "the master sent only $adverts adverts in 5 s"
(((w1 - w0) * 2 <= adverts)) || lab_fail "the VRRP thread woke $((w1 - w0)) times for $adverts adverts"
(($(keeld_in MASTER) == 0)) || lab_fail "a backup took over from the live master"

# --- kill -9: Master_Down_Interval from the master's last advert
WIRE0=$(($(wc -l <"$W/wire.log") + 1))
kill -STOP "$APID"
kill -KILL "$(cat "$W/a-vrrp.pid")" "$APID"
wait "$APID" 2>/dev/null || true
check_gaps "kill -9" "prio 150" "$DOWN_US"

# --- SIGTERM: the master's priority 0 adverts, Skew_Time
start_keepalived 2
lab_wait_for 30 sh -c "[ \$(grep -c -- 'MASTER -> BACKUP ' $W/k.log) -ge $N ]" ||
	lab_fail "keeld's instances did not yield to the returning master"
sleep 3
(($(grep -c -- 'MASTER -> BACKUP ' "$W/k.log") == N)) || lab_fail "a backup took over again from the live master"
WIRE0=$(($(wc -l <"$W/wire.log") + 1))
kill -TERM "$APID"
check_gaps "SIGTERM" "prio 0" "$SKEW_US"
wait "$APID" 2>/dev/null || true

kill -TERM "$KPID"
rc=0
wait "$KPID" || rc=$?
[[ $rc == 0 ]] || { tail -20 "$W/k.log"; lab_fail "keeld exited $rc on SIGTERM"; }
! grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error' "$W/k.log" ||
	{ cat "$W/k.log"; lab_fail "keeld: sanitizer report"; }
lab_log "ok"
