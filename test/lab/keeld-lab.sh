# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# keeld-lab.sh: what the keeld health-check lab tests share, on top of
# topo.sh. Source it after topo.sh, with B (build dir holding keeld and
# keelctl) and W (work dir) set; keeld runs in node d1, its log in
# $W/keeld.log, its control socket $W/kd.sock.

[[ -n ${KEELD_LAB_SH_LOADED:-} ]] && return 0
KEELD_LAB_SH_LOADED=1

# keeld_lab: the usual pair, bridge lan with the director d1 (10.0.0.1)
# and the backend be (10.0.0.2), after checking the tools and the build
keeld_lab() {
	[[ -x $B/keeld && -x $B/keelctl ]] || lab_fail "no keeld/keelctl in $B (set KEEL_BUILD)"
	lab_require_cmd ipvsadm busybox
	topo_bridge lan
	topo_node d1 lan 10.0.0.1/24
	topo_node be lan 10.0.0.2/24
}

table() { topo_exec d1 ipvsadm -Ln; }
# dests SVC: "RS:PORT WEIGHT" per line for the service SVC (VIP:PORT; a bare
# VIP means port 80). With TABLE_NOW set (a `table` output), from it: one
# ipvsadm call for many questions, as each costs much under emulation.
dests() {
	local s=$1
	[[ $s == *:* ]] || s=$s:80
	if [[ -n ${TABLE_NOW:-} ]]; then echo "$TABLE_NOW"; else table; fi | awk -v s="$s" '$1 ~ /^(TCP|UDP)$/ { on = ($2 == s) } on && $1 == "->" && $2 != "RemoteAddress:Port" { print $2, $4 }'
}
has() { dests "$1" | grep -qx "$2"; }
hasnt() { ! dests "$1" | grep -q "^$2 "; }
checks_json() { topo_exec d1 "$B/keelctl" -s "$W/kd.sock" --json checks; }
now_ms() { echo $(($(_lab_now_us) / 1000)); }
# clock_ms [HH:MM:SS.mmm]: milliseconds since midnight (now without argument)
clock_ms() {
	local t=${1:-$(date +%T.%3N)}
	echo $(((10#${t:0:2} * 3600 + 10#${t:3:2} * 60 + 10#${t:6:2}) * 1000 + 10#${t:9:3}))
}
# clock_now VAR: clock_ms of now into VAR, without a fork (a fork costs
# up to seconds under emulation on a loaded machine)
clock_now() {
	local us=$EPOCHREALTIME t
	printf -v t '%(%T)T' "${us%.*}"
	us=${us#*.}000
	printf -v "$1" '%s' "$(((10#${t:0:2} * 3600 + 10#${t:3:2} * 60 + 10#${t:6:2}) * 1000 + 10#${us:0:3}))"
}
# log_ms PATTERN: when keeld logged the first line matching PATTERN
log_ms() { clock_ms "$(grep -m1 -F -- "$1" "$W/keeld.log" | cut -c1-12)"; }
fail_dump() {
	table || true
	topo_exec d1 "$B/keelctl" -s "$W/kd.sock" checks || true
	tail -40 "$W/keeld.log"
	lab_fail "$*"
}
# keeld_start CONF: keeld in d1, debug log, waits for its control socket;
# its pid in KEELD
keeld_start() {
	topo_bg --log "$W/keeld.log" d1 "$B/keeld" -n -l -D -f "$1" -p "$W/keeld.pid" \
		--control-socket "$W/kd.sock"
	KEELD=$TOPO_PID
	lab_wait_for 30 test -S "$W/kd.sock" || fail_dump "keeld did not start"
}
# keeld_stop: SIGTERM, exit status 0 and no sanitizer report
keeld_stop() {
	local rc=0
	kill -TERM "$KEELD"
	wait "$KEELD" || rc=$?
	[[ $rc -eq 0 ]] || fail_dump "keeld exited $rc"
	if grep -Eq "AddressSanitizer|LeakSanitizer|runtime error" "$W/keeld.log"; then
		cat "$W/keeld.log"
		lab_fail "sanitizer report"
	fi
}
