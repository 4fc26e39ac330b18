# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# vrrp-node.sh: keeld VRRP routers for lab tests (after topo.sh). Set B
# (the build), W (a work directory) and VIP, then:
#
#   vrrp_start NODE PRIORITY [EXTRA-LINES]   keeld -P with one instance VI_1
#                                           (VRID 51, v3, advert_int 1, VIP/24)
#
# EXTRA-LINES go into the instance; VRRP_CONF_TOP (blocks such as
# static_routes) goes above it, VRRP_ADVERT_INT replaces the 1 s.
#
# NODE's pid lands in VRRP_PID[NODE], its log in $W/NODE.log and its
# control socket at $W/NODE.sock.

# shellcheck disable=SC2034 # used by the sourcing tests
declare -gA VRRP_PID=()

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
