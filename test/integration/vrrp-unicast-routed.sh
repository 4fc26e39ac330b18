#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
#
# vrrp-unicast-routed: two keeld routers share VIPs on their LAN (eth0) but
# hear each other only through a router between their second links, as two
# Pi routers whose unicast peers sit at the far end of a WireGuard link:
#   r1 eth1 10.1.0.1 / fd01::1 -- gw -- r2 eth1 10.2.0.2 / fd02::2
# One VRRPv3 instance per family, unicast_src_ip on eth1, the peer across:
#  - election over the routed path: r1 master of both, r2 backup (a socket
#    bound to eth0 would neither reach the peer nor hear it);
#  - the adverts cross gw with TTL / hop limit 255 - 1; unicast_ttl 10 on
#    r1 makes them arrive with 9 (tcpdump on r2's eth1);
#  - min_ttl 250 on r2's IPv4 peer refuses r1's adverts at 9: r2 takes
#    the IPv4 VIP (the IPv6 instance stays backup); r1 back at 255 (254 on
#    arrival) and r2 gives it back;
#  - unicast_fault_no_peer with an empty unicast_peer block: FAULT.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"
# vrrp_stop and VRRP_PID (its own topology, not vrrp_lab's)
# shellcheck source-path=SCRIPTDIR source=../lab/vrrp-node.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/vrrp-node.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
[[ -x $B/keeld && -x $B/keelctl ]] || lab_fail "no keeld/keelctl in $B (set KEEL_BUILD)"
lab_require_cmd tcpdump
W=$TOPO_TMP

topo_bridge lan
topo_bridge n1
topo_bridge n2
topo_node r1 lan 10.0.0.1/24 fd00::1/64
topo_node r2 lan 10.0.0.2/24 fd00::2/64
topo_link r1 n1 10.1.0.1/24 fd01::1/64
topo_link r2 n2 10.2.0.2/24 fd02::2/64
topo_node gw n1 10.1.0.254/24 fd01::fe/64
topo_link gw n2 10.2.0.254/24 fd02::fe/64
topo_sysctl gw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
# the LAN must not carry what is meant for the far address: a socket bound
# to eth0 sends "on link" there when no route leaves through eth0, and
# Linux would answer ARP for its eth1 address on eth0
topo_sysctl r1 net.ipv4.conf.all.arp_ignore=1
topo_sysctl r2 net.ipv4.conf.all.arp_ignore=1
topo_route r1 10.2.0.0/24 via 10.1.0.254
topo_route r1 fd02::/64 via fd01::fe
topo_route r2 10.1.0.0/24 via 10.2.0.254
topo_route r2 fd01::/64 via fd02::fe
topo_ping r1 -c 1 -W 2 10.2.0.2 >/dev/null || lab_fail "no route from r1 to r2"
topo_ping r1 -c 1 -W 2 fd02::2 >/dev/null || lab_fail "no IPv6 route from r1 to r2"

# conf NODE PRIO SRC4 PEER4-LINE SRC6 PEER6 [VI_4-EXTRA]
conf() {
	cat >"$W/$1.conf" <<CONF
global_defs { router_id $1 }
vrrp_instance VI_4 {
	state BACKUP
	interface eth0
	virtual_router_id 41
	version 3
	priority $2
	advert_int 1
	unicast_src_ip $3
	unicast_peer {
		$4
	}
	${7:-}
	virtual_ipaddress {
		10.0.0.100/24
	}
}
vrrp_instance VI_6 {
	state BACKUP
	interface eth0
	virtual_router_id 61
	version 3
	priority $2
	advert_int 1
	unicast_src_ip $5
	unicast_peer {
		$6
	}
	virtual_ipaddress {
		fd00::100/64
	}
}
CONF
}
conf_r1() { conf r1 150 10.1.0.1 10.2.0.2 fd01::1 fd02::2; }
conf_r2() { conf r2 100 10.2.0.2 "$1" fd02::2 fd01::1 "${@:2}"; }

start() {
	topo_bg --log "$W/$1.log" "$1" "$B/keeld" -n -l -f "$W/$1.conf" -p "$W/$1.pid" \
		--control-socket "$W/$1.sock"
	VRRP_PID[$1]=$TOPO_PID
	lab_wait_for 20 test -S "$W/$1.sock" || { cat "$W/$1.log"; lab_fail "$1: no control socket"; }
}
ctl() { topo_exec "$1" "$B/keelctl" -s "$W/$1.sock" "${@:2}"; }
reload() {
	ctl "$1" reload >/dev/null || { tail -20 "$W/$1.log"; lab_fail "$1: reload refused"; }
}
# states NODE: "VI_4:STATE VI_6:STATE"
states() { ctl "$1" vrrp | awk '/^VI_[0-9]+:/ { printf "%s%s", sep, $1 $2; sep = " " }'; }
states_are() { [[ $(states "$1") == "$2" ]]; }
fail_why() {
	ctl r1 vrrp || true
	ctl r2 vrrp || true
	tail -n 30 "$W/r1.log" "$W/r2.log" || true
	lab_fail "$*"
}
# ttls FAMILY: the TTLs (hop limits) of r1's adverts seen on r2's eth1 within 3 s
ttls() {
	local log=$W/dump-$1-$RANDOM.log filter
	if [[ $1 == 4 ]]; then filter="ip proto 112 and src 10.1.0.1"; else filter="ip6 proto 112 and src fd01::1"; fi
	topo_tcpdump_start r2 "$log" -n -v -i eth1 "$filter"
	sleep 3
	kill "$TOPO_PID" 2>/dev/null || true
	wait "$TOPO_PID" 2>/dev/null || true
	grep -oE '(ttl|hlim) [0-9]+' "$log" | awk '{ print $2 }' | sort -u | tr '\n' ' '
}

conf_r1
conf_r2 10.1.0.1
start r1
start r2

# --- election over the routed path: r2 hears r1 (keelctl's "master
# seen") and stays BACKUP past its master down interval (3.6 s)
heard() {
	local v
	v=$(ctl r2 vrrp)
	[[ $v == *"master seen: 10.1.0.1 priority 150"* && $v == *"master seen: fd01::1 priority 150"* ]]
}
lab_wait_for 20 states_are r1 "VI_4:MASTER VI_6:MASTER" || fail_why "r1 is not MASTER of both"
lab_wait_for 20 heard || fail_why "r2 does not hear r1 through gw"
sleep 4
states_are r2 "VI_4:BACKUP VI_6:BACKUP" || fail_why "r2 is not BACKUP of both: $(states r2)"
if ! topo_has_addr r1 10.0.0.100 || ! topo_has_addr r1 fd00::100; then fail_why "r1 does not hold both VIPs"; fi
if topo_has_addr r2 10.0.0.100 || topo_has_addr r2 fd00::100; then fail_why "r2 holds a VIP"; fi
lab_log "election through gw: r1 MASTER, r2 BACKUP, IPv4 and IPv6"

# --- TTL on arrival: 255 - 1 hop, then unicast_ttl 10 - 1
got=$(ttls 4)
[[ $got == "254 " ]] || fail_why "r1's IPv4 adverts arrive with TTL '$got', want 254"
got=$(ttls 6)
[[ $got == "254 " ]] || fail_why "r1's IPv6 adverts arrive with hop limit '$got', want 254"
sed -i 's/^\tadvert_int 1$/\tadvert_int 1\n\tunicast_ttl 10/' "$W/r1.conf"
reload r1
lab_wait_for 10 grep -q "reload done" "$W/r1.log" || fail_why "r1: no reload"
got=$(ttls 4)
[[ $got == "9 " ]] || fail_why "with unicast_ttl 10 r1's IPv4 adverts arrive with TTL '$got', want 9"
got=$(ttls 6)
[[ $got == "9 " ]] || fail_why "with unicast_ttl 10 r1's IPv6 adverts arrive with hop limit '$got', want 9"
states_are r2 "VI_4:BACKUP VI_6:BACKUP" || fail_why "r2 moved on r1's reload: $(states r2)"
lab_log "TTL on arrival: 254, then 9 with unicast_ttl 10 (IPv4 and IPv6)"

# --- min_ttl 250 on r2's IPv4 peer: adverts at 9 are refused
sed -i 's/^\t\t10\.1\.0\.1$/\t\t10.1.0.1 min_ttl 250/' "$W/r2.conf"
grep -q 'min_ttl 250' "$W/r2.conf" || lab_fail "test bug: r2's peer line not edited"
reload r2
lab_wait_for 15 states_are r2 "VI_4:MASTER VI_6:BACKUP" ||
	fail_why "r2 with min_ttl 250 is $(states r2), want VI_4 MASTER (r1's adverts refused)"
lab_wait_for 10 grep -q "VRRP_Instance(VI_4) bad advert" "$W/r2.log" || fail_why "r2 logged no refused advert"
grep "VRRP_Instance(VI_4) bad advert" "$W/r2.log" | tail -1
# r1 back to TTL 255: 254 on arrival passes min_ttl 250, r2 yields
sed -i '/^\tunicast_ttl 10$/d' "$W/r1.conf"
reload r1
lab_wait_for 15 states_are r2 "VI_4:BACKUP VI_6:BACKUP" || fail_why "r2 kept VI_4 at TTL 254: $(states r2)"
lab_wait_for 10 sh -c "! ip netns exec $(topo_ns r2) ip -o addr show | grep -q ' 10.0.0.100/'" ||
	fail_why "r2 still holds 10.0.0.100"
lab_log "min_ttl 250: adverts at TTL 9 refused (r2 took VI_4), at 254 taken (r2 gave it back)"

# --- unicast_fault_no_peer: no peer is a FAULT, not multicast
conf_r2 "" unicast_fault_no_peer
reload r2
lab_wait_for 15 states_are r2 "VI_4:FAULT VI_6:BACKUP" || fail_why "r2 with no peer is $(states r2), want VI_4 FAULT"
lab_log "unicast_fault_no_peer with no peer: FAULT"

vrrp_stop r1 r2
lab_log "vrrp-unicast-routed: ok"
