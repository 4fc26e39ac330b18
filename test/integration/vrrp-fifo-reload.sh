#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
#
# vrrp-fifo-reload: global_defs fifo_write_vrrp_states_on_reload. A reload
# writes the states to notify_fifo and vrrp_notify_fifo as keepalived
# 2.2.7 does (measured in network namespaces, FIFO read across SIGHUPs):
# each sync group's state first, then every instance's in config order,
# a group's members too, but none in MASTER:
#   GROUP "G1" BACKUP 0
#   INSTANCE "VI_2" BACKUP 140
#   INSTANCE "VI_4" FAULT 120
#   INSTANCE "VI_5" BACKUP 110
# (VI_1 and VI_3, masters, get no line). Without the keyword a reload
# writes nothing.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"
# shellcheck source-path=SCRIPTDIR source=../lab/vrrp-node.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/vrrp-node.sh"

vrrp_lab

# inst NAME VRID PRIORITY ADVERT_INT [EXTRA]
inst() {
	cat <<CONF
vrrp_instance $1 {
	state BACKUP
	interface eth0
	virtual_router_id $2
	version 3
	priority $3
	advert_int $4
	${5:-}
	virtual_ipaddress {
		10.0.0.$2/24
	}
}
CONF
}
conf() {	# conf [GLOBAL-LINE]
	cat <<CONF
global_defs {
	notify_fifo $W/all.fifo
	vrrp_notify_fifo $W/vrrp.fifo
	${1:-}
}
vrrp_track_file down {
	file $W/down
	weight 0
}
vrrp_sync_group G1 {
	group {
		VI_2
		VI_5
	}
}
CONF
	inst VI_1 101 150 1
	inst VI_2 102 140 30
	inst VI_3 103 130 1
	# a tracked file of weight 0 that is not 0: FAULT
	inst VI_4 104 120 1 "track_file {
		down
	}"
	# VI_2 and VI_5 wait 3 x 30 s for a master: BACKUP, and their group
	inst VI_5 105 110 30
}

echo 1 >"$W/down"
conf fifo_write_vrrp_states_on_reload >"$W/r1.conf"
mkfifo "$W/all.fifo" "$W/vrrp.fifo"
topo_bg --log "$W/all.lines" r1 cat "$W/all.fifo"
topo_bg --log "$W/vrrp.lines" r1 cat "$W/vrrp.fifo"
topo_bg --log "$W/r1.log" r1 "$B/keeld" -n -l -P -f "$W/r1.conf" -p "$W/r1.pid" \
	--control-socket "$W/r1.sock"
VRRP_PID[r1]=$TOPO_PID
lab_wait_for 20 test -S "$W/r1.sock" || { cat "$W/r1.log"; lab_fail "r1: no control socket"; }

in_lines() { grep -qxF -- "$2" "$W/$1"; }
for l in 'INSTANCE "VI_1" MASTER 150' 'INSTANCE "VI_3" MASTER 130' 'INSTANCE "VI_4" FAULT 120' \
	'GROUP "G1" BACKUP 0'; do
	lab_wait_for 10 in_lines all.lines "$l" || { cat "$W/all.lines"; lab_fail "at start, no line $l"; }
done
sleep 0.5
lab_log "started: VI_1 and VI_3 MASTER, VI_4 FAULT, G1 BACKUP"

# reload N: the lines the Nth reload wrote to FIFO ($2), once it is done
reload() {
	local n=$1 fifo=$2 before
	before=$(wc -l <"$W/$fifo.lines")
	kill -HUP "${VRRP_PID[r1]}"
	lab_wait_for 10 sh -c "[ \$(grep -c 'reload done' '$W/r1.log') -ge $n ]" ||
		{ tail -20 "$W/r1.log"; lab_fail "reload $n did not finish"; }
	sleep 0.5
	tail -n +$((before + 1)) "$W/$fifo.lines"
}
want='GROUP "G1" BACKUP 0
INSTANCE "VI_2" BACKUP 140
INSTANCE "VI_4" FAULT 120
INSTANCE "VI_5" BACKUP 110'
got=$(reload 1 all)
[[ $got == "$want" ]] || { printf 'got:\n%s\nwant:\n%s\n' "$got" "$want"; lab_fail "notify_fifo after a reload"; }
got=$(tail -n 4 "$W/vrrp.lines")
[[ $got == "$want" ]] || { printf 'got:\n%s\nwant:\n%s\n' "$got" "$want"; lab_fail "vrrp_notify_fifo after a reload"; }
lab_log "a reload wrote the group's state and the instances' but the masters', in both FIFOs"

# without the keyword, a reload writes nothing
conf >"$W/r1.conf"
got=$(reload 2 all)
[[ -z $got ]] || { echo "$got"; lab_fail "a reload without fifo_write_vrrp_states_on_reload wrote lines"; }
lab_log "without fifo_write_vrrp_states_on_reload a reload writes nothing"

vrrp_stop r1
lab_log "vrrp-fifo-reload: ok"
