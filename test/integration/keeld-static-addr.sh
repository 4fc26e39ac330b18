#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
#
# keeld-static-addr: static_ipaddress (IPv4 and IPv6) with static_routes
# through those addresses and a static rule, and a track_group naming the
# instance VI_1, on r1's second link eth1. What keepalived 2.2.7 did on
# the same config in a namespace, and keeld must do too:
# - the addresses, then the routes and the rule, are there from the start,
#   while VI_1 is still BACKUP (whatever the VRRP state);
# - an address deleted by hand comes back (logged), the routes stay;
# - eth1 down (it carries the lines of track_group G1): VI_1 goes FAULT;
#   eth1 up: VI_1 leaves FAULT, and the addresses and routes the kernel
#   dropped with the link are back;
# - SIGHUP with one address changed (fd20::1 -> fd20::2): the new one
#   appears, the dropped one goes, the others and the routes stay
#   untouched (the kernel's monitor sees no event for them);
# - SIGTERM: every static address, route and rule is gone (keepalived
#   removes them at stop too).

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"
# shellcheck source-path=SCRIPTDIR source=../lab/vrrp-node.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/vrrp-node.sh"

vrrp_lab
topo_bridge side
topo_link r1 side	# eth1, no address of its own

# statics V6: the static blocks with IPv6 address V6 on eth1
statics() {
	VRRP_CONF_TOP="track_group G1 {
	group {
		VI_1
	}
}
static_ipaddress {
	10.20.0.1/24 dev eth1
	$1/64 dev eth1
	10.21.0.1/24 dev eth1 track_group G1
}
static_routes {
	10.30.0.0/16 via 10.20.0.254 dev eth1
	fd30::/64 via fd20::254 dev eth1
	10.31.0.0/16 via 10.21.0.254 dev eth1 track_group G1
}
static_rules {
	from 10.30.0.0/16 table 100 priority 300
}"
}

state_of() { topo_exec r1 "$B/keelctl" -s "$W/r1.sock" vrrp | awk 'NR==1 {print $2}'; }
is_state() { [[ $(state_of) == "$1" ]]; }
addrs() { topo_exec r1 ip -o addr show dev eth1; }
routes() {
	topo_exec r1 ip -4 route show
	topo_exec r1 ip -6 route show
}
rules() { topo_exec r1 ip -4 rule show; }
# holds V6: every static line is in r1's kernel, with V6 as the IPv6 address
holds() {
	local a r u
	a=$(addrs) r=$(routes) u=$(rules)
	[[ $a == *" 10.20.0.1/24 "* && $a == *" $1/64 "* && $a == *" 10.21.0.1/24 "* &&
		$r == *"10.30.0.0/16 via 10.20.0.254 dev eth1"* &&
		$r == *"fd30::/64 via fd20::254 dev eth1"* &&
		$r == *"10.31.0.0/16 via 10.21.0.254 dev eth1"* &&
		$u == *"300:	from 10.30.0.0/16 lookup 100"* ]]
}
holds_none() {
	local a r u
	a=$(addrs) r=$(routes) u=$(rules)
	[[ $a != *" 10.20.0.1/24 "* && $a != *" fd20::"* && $a != *" 10.21.0.1/24 "* &&
		$r != *"10.30.0.0/16"* && $r != *"fd30::/64"* && $r != *"10.31.0.0/16"* &&
		$u != *"lookup 100"* ]]
}
show() { lab_log "r1: $(addrs | awk '{print $4}' | tr '\n' ' ')| $(routes | grep -E '10\.3|fd30' | tr '\n' ';')"; }

# adverts every 2 s: VI_1 stays BACKUP for 6 s, time to look at the start
VRRP_ADVERT_INT=2
statics fd20::1
vrrp_start r1 100

# --- start: everything there while VI_1 is still BACKUP (6 s of silence)
lab_wait_for 2 holds fd20::1 || { show; lab_fail "static lines missing after start"; }
[[ $(state_of) == BACKUP ]] || lab_fail "VI_1 is $(state_of) already; the check wanted BACKUP"
lab_log "start: static addresses, routes and rule in while VI_1 is BACKUP"
lab_wait_for 20 is_state MASTER || lab_fail "VI_1 did not become MASTER: $(state_of)"

# --- an address deleted by hand comes back
topo_exec r1 ip addr del 10.20.0.1/24 dev eth1
lab_wait_for 5 holds fd20::1 || { show; lab_fail "deleted 10.20.0.1 not restored"; }
grep -q "static: restored address 10.20.0.1/24 dev eth1" "$W/r1.log" ||
	lab_fail "the restoration is not logged"
lab_log "repair: the deleted address is back"

# --- track_group G1: eth1 down -> FAULT; up -> out of FAULT, all back
topo_exec r1 ip link set eth1 down
lab_wait_for 5 is_state FAULT || lab_fail "eth1 down: VI_1 is $(state_of), want FAULT"
topo_exec r1 ip link set eth1 up
lab_wait_for 5 is_state BACKUP || lab_fail "eth1 up: VI_1 is $(state_of), want BACKUP"
lab_wait_for 10 holds fd20::1 || { show; lab_fail "eth1 up: static lines not restored"; }
lab_wait_for 20 is_state MASTER || lab_fail "VI_1 did not become MASTER again: $(state_of)"
lab_log "track_group: eth1 down made VI_1 FAULT, up brought it and the static lines back"

# --- reload with fd20::1 changed to fd20::2: only that address moves
topo_mon_start r1 "$W/mon.log" address route
statics fd20::2
vrrp_conf r1 100
kill -HUP "${VRRP_PID[r1]}"
lab_wait_for 10 holds fd20::2 || { show; lab_fail "reload: fd20::2 missing"; }
lab_wait_for 5 eval '[[ $(addrs) != *" fd20::1/"* ]]' || { show; lab_fail "reload: fd20::1 stayed"; }
sleep 0.5
grep -q ' fd20::2/64 ' "$W/mon.log" || { cat "$W/mon.log"; lab_fail "the monitor did not see fd20::2 come"; }
! grep -E '10\.2[01]\.0\.1/|10\.3[01]\.0\.0/16|fd30::/64|Deleted.*fd20::2/' "$W/mon.log" ||
	{ cat "$W/mon.log"; lab_fail "reload touched lines that did not change"; }
is_state MASTER || lab_fail "VI_1 left MASTER on the reload: $(state_of)"
lab_log "reload: fd20::2 in, fd20::1 out, the rest untouched"

# --- SIGTERM: keepalived removes every static line at stop; so does keeld
vrrp_stop r1
holds_none || { show; lab_fail "static lines left after SIGTERM"; }
[[ -z ${VRRP_SHOW_LOGS:-} ]] || cat "$W/r1.log"
lab_log "keeld-static-addr: ok"
