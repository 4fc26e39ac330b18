# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# vrrp-node.sh: keeld VRRP routers for lab tests (after topo.sh).
#
#   vrrp_lab [THIRD]   B (the build: keeld and keelctl), W and VIP
#                      (10.0.0.100); bridge lan with r1 10.0.0.1 and
#                      r2 10.0.0.2, and THIRD at 10.0.0.9 when named
#   vrrp_start NODE PRIORITY [EXTRA-LINES]   keeld -P with one instance VI_1
#                                           (VRID 51, v3, advert_int 1, VIP/24)
#   vrrp_stop NODE...  SIGTERM; fails unless each exits 0 with no sanitizer
#                      report in its log
#
# EXTRA-LINES go into the instance; VRRP_CONF_TOP (blocks such as
# static_routes) goes above it, VRRP_ADVERT_INT replaces the 1 s.
#
# NODE's pid lands in VRRP_PID[NODE], its log in $W/NODE.log and its
# control socket at $W/NODE.sock.

# shellcheck disable=SC2034 # used by the sourcing tests
declare -gA VRRP_PID=()

vrrp_lab() {
	B=$(cd "${KEEL_BUILD:-build}" && pwd)
	[[ -x $B/keeld && -x $B/keelctl ]] || lab_fail "no keeld/keelctl in $B (set KEEL_BUILD)"
	W=$TOPO_TMP
	VIP=10.0.0.100
	topo_bridge lan
	topo_node r1 lan 10.0.0.1/24
	topo_node r2 lan 10.0.0.2/24
	[[ -z ${1:-} ]] || topo_node "$1" lan 10.0.0.9/24
}

vrrp_conf() {
	cat >"$W/$1.conf" <<CONF
${VRRP_CONF_TOP:-}
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 51
	version 3
	priority $2
	advert_int ${VRRP_ADVERT_INT:-1}
	${3:-}
	virtual_ipaddress {
		$VIP/24
	}
}
CONF
}

vrrp_start() {
	vrrp_conf "$@"
	rm -f "$W/$1.sock"
	topo_bg --log "$W/$1.log" "$1" "$B/keeld" -n -l -P -f "$W/$1.conf" -p "$W/$1.pid" \
		--control-socket "$W/$1.sock"
	VRRP_PID[$1]=$TOPO_PID
	lab_wait_for 20 test -S "$W/$1.sock" || { cat "$W/$1.log"; lab_fail "$1: no control socket"; }
}

vrrp_stop() {
	local n rc
	for n in "$@"; do
		rc=0
		kill -TERM "${VRRP_PID[$n]}"
		wait "${VRRP_PID[$n]}" || rc=$?
		[[ $rc == 0 ]] || { tail -30 "$W/$n.log"; lab_fail "$n: keeld exited $rc"; }
		! grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error' "$W/$n.log" ||
			{ cat "$W/$n.log"; lab_fail "$n: sanitizer report"; }
	done
}
