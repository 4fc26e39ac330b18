# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# keeld-helpers.sh: what the keeld lab tests share. Source it after topo.sh
# and set B (the build folder), W (the work folder) and the director node
# (KEELD_NODE, default d1); keeld logs to $W/keeld.log and listens on
# $W/kd.sock.

[[ -n ${KEELD_HELPERS_LOADED:-} ]] && return 0
KEELD_HELPERS_LOADED=1
KEELD_NODE=${KEELD_NODE:-d1}

table() { topo_exec "$KEELD_NODE" ipvsadm -Ln; }
# dests VIP: "RS:PORT WEIGHT" per line for the service VIP:80
dests() {
	table | awk -v s="$1:80" '$1 ~ /^(TCP|UDP)$/ { on = ($2 == s) } on && $1 == "->" && $2 != "RemoteAddress:Port" { print $2, $4 }'
}
has() { dests "$1" | grep -qx "$2"; }
hasnt() { ! dests "$1" | grep -q "^$2 "; }
checks_json() { topo_exec "$KEELD_NODE" "$B/keelctl" -s "$W/kd.sock" --json checks; }
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
	topo_exec "$KEELD_NODE" "$B/keelctl" -s "$W/kd.sock" checks || true
	tail -40 "$W/keeld.log"
	lab_fail "$*"
}
# keeld_start: keeld -D on $W/keel.conf in the director; its pid in KEELD
keeld_start() {
	topo_bg --log "$W/keeld.log" "$KEELD_NODE" "$B/keeld" -n -l -D -f "$W/keel.conf" \
		-p "$W/keeld.pid" --control-socket "$W/kd.sock"
	KEELD=$TOPO_PID
	lab_wait_for 30 test -S "$W/kd.sock" || fail_dump "keeld did not start"
}
# keeld_stop: SIGTERM; keeld must exit 0 with no sanitizer report
keeld_stop() {
	local rc=0
	kill -TERM "$KEELD"
	wait "$KEELD" || rc=$?
	[[ $rc -eq 0 ]] || fail_dump "keeld exited $rc"
	if grep -Eq "AddressSanitizer|LeakSanitizer|runtime error" "$W/keeld.log"; then
		cat "$W/keeld.log"
		lab_fail "sanitizer report"
	fi
	lab_log "stop: clean"
}
