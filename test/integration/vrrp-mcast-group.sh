#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
# lab: parallel (asserts nothing about time; see test/lab/run-integration)
#
# vrrp-mcast-group: adverts in another multicast group. r1 (150) and r2
# (100) run VI_1 (IPv4) and VI_6 (IPv6) in global_defs'
# vrrp_mcast_group4 224.0.0.19 / vrrp_mcast_group6 ff02::13, and VI_X in
# its own mcast_dst_ip 239.0.0.53; r3 (200) runs VI_1 and VI_6 with the
# same VRIDs and VIPs in the default groups, another domain on one LAN:
#  - r1 is MASTER of its three and r2 BACKUP: neither hears r3, which is
#    MASTER of its own two (in one group r3's 200 would win);
#  - tcpdump on r3 sees r1's adverts go to 224.0.0.19, 239.0.0.53 and
#    ff02::13 and nowhere else;
#  - a reload moving VI_X to 239.0.0.54 keeps it MASTER on r1 and its
#    adverts go there.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"
# shellcheck source-path=SCRIPTDIR source=../lab/vrrp-node.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/vrrp-node.sh"

lab_require_cmd tcpdump
vrrp_lab r3

# top PRIORITY [GROUPED]: VI_6 (and, GROUPED, the global groups and VI_X)
# above vrrp_start's VI_1
top() {
	VRRP_CONF_TOP="vrrp_instance VI_6 { interface eth0
	virtual_router_id 52
	priority $1
	virtual_ipaddress { fd00::100/64 }
}"
	[[ -z ${2:-} ]] || VRRP_CONF_TOP+="
global_defs { vrrp_mcast_group4 224.0.0.19
	vrrp_mcast_group6 ff02::13 }
vrrp_instance VI_X { interface eth0
	virtual_router_id 53
	priority $1
	mcast_dst_ip ${XGROUP:-239.0.0.53}
	virtual_ipaddress { 10.0.0.103/24 }
}"
}
ctl() { topo_exec "$1" "$B/keelctl" -s "$W/$1.sock" "${@:2}"; }
states() { ctl "$1" vrrp | awk '/^VI_[0-9A-Z]+:/ { print $1 $2 }' | sort | tr '\n' ' '; }
states_are() { [[ $(states "$1") == "$2" ]]; }
fail_why() {
	for n in r1 r2 r3; do ctl "$n" vrrp || true; done
	tail -n 20 "$W/r1.log" "$W/r2.log" "$W/r3.log" || true
	lab_fail "$*"
}
# groups: where r1's adverts went in 4 s, as seen on r3
groups() {
	local log=$W/dump-$RANDOM.log ll
	ll=$(topo_exec r1 ip -6 -o addr show dev eth0 scope link | awk '{ sub(/\/.*/, "", $4); print $4 }')
	topo_tcpdump_start r3 "$log" -n -i eth0 "ip proto 112 or ip6 proto 112"
	sleep 4
	kill "$TOPO_PID" 2>/dev/null || true
	wait "$TOPO_PID" 2>/dev/null || true
	awk -v a=10.0.0.1 -v b="$ll" '$3 == a || $3 == b { sub(/:$/, "", $5); print $5 }' "$log" |
		sort -u | tr '\n' ' '
}

top 150 g
vrrp_start r1 150
top 100 g
vrrp_start r2 100
top 200
vrrp_start r3 200

MINE="VI_1:MASTER VI_6:MASTER VI_X:MASTER "
lab_wait_for 20 states_are r1 "$MINE" || fail_why "r1 is $(states r1), want MASTER of all"
lab_wait_for 20 states_are r3 "VI_1:MASTER VI_6:MASTER " || fail_why "r3 is $(states r3)"
sleep 5	# past r2's master down interval, and r3's adverts heard meanwhile
states_are r1 "$MINE" || fail_why "r1 is $(states r1): it heard r3's other group"
states_are r2 "VI_1:BACKUP VI_6:BACKUP VI_X:BACKUP " || fail_why "r2 is $(states r2), want BACKUP of all"
lab_log "two domains, same VRIDs: r1 MASTER, r2 BACKUP in 224.0.0.19/ff02::13/239.0.0.53; r3 MASTER in the default groups"

got=$(groups)
[[ $got == "224.0.0.19 239.0.0.53 ff02::13 " ]] || fail_why "r1's adverts went to '$got'"
lab_log "r1's adverts go to: $got"

# --- reload: VI_X moves to 239.0.0.54 on both
XGROUP=239.0.0.54
top 150 g
vrrp_conf r1 150
top 100 g
vrrp_conf r2 100
for n in r1 r2; do ctl "$n" reload >/dev/null || fail_why "$n: reload refused"; done
lab_wait_for 10 grep -q "VRRP_Instance(VI_X) kept in MASTER" "$W/r1.log" || fail_why "r1 did not keep VI_X"
got=$(groups)
[[ $got == "224.0.0.19 239.0.0.54 ff02::13 " ]] || fail_why "after the reload r1's adverts went to '$got'"
states_are r1 "$MINE" || fail_why "r1 is $(states r1) after the reload"
states_are r2 "VI_1:BACKUP VI_6:BACKUP VI_X:BACKUP " || fail_why "r2 is $(states r2) after the reload"
lab_log "reload: VI_X kept MASTER, adverts to 239.0.0.54"

vrrp_stop r1 r2 r3
lab_log "vrrp-mcast-group: ok"
