#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# keeld-bfd-check: BFD_CHECK against keepalived's BFD, ipvsadm as the
# oracle. keeld in the director d1 runs bfd_instance B towards the backend
# be (10.0.0.2), where keepalived runs a bfd_instance pointing back (50 ms,
# multiplier 3: detection 150 ms); real server 10.0.0.2:80 has
# BFD_CHECK { name B } (delay_loop 30: only the session's own news can
# move it in time).
#   1. the session comes Up on both sides: the real server is in IPVS
#   2. kill -9 keepalived (its BFD child first): the real server leaves
#      IPVS within the detection time (keeld's log: from the kill to the
#      "-> down" line, printed next to its limit)
#   3. keepalived again: Up, the real server is back

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

lab_require_cmd keepalived
B=$(cd "${KEEL_BUILD:-build}" && pwd)
W=$TOPO_TMP
# shellcheck source=../lab/keeld-lab.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/keeld-lab.sh"
keeld_lab
DETECT_MS=150
SLACK_MS=${BFD_SLACK_MS:-$([[ ${LAB_INSIDE:-} == vm ]] && echo 2000 || echo 500)}

cat >"$W/keel.conf" <<CONF
bfd_instance B {
    neighbor_ip 10.0.0.2
    source_ip 10.0.0.1
    min_rx 50
    min_tx 50
    multiplier 3
}
virtual_server 10.0.0.100 80 {
    protocol TCP
    delay_loop 30
    real_server 10.0.0.2 80 {
        BFD_CHECK {
            name B
        }
    }
}
CONF
cat >"$W/a.conf" <<CONF
bfd_instance K {
    neighbor_ip 10.0.0.1
    source_ip 10.0.0.2
    min_rx 50
    min_tx 50
    multiplier 3
}
CONF

APID=
ka_start() {
	rm -f "$W/a-bfd.pid"
	topo_bg --log "$W/a-$1.log" be keepalived -n -l -D -f "$W/a.conf" -p "$W/a.pid" \
		-b "$W/a-bfd.pid" -r "$W/a-vrrp.pid" -c "$W/a-chk.pid"
	APID=$TOPO_PID
	lab_wait_for 30 test -s "$W/a-bfd.pid" || { cat "$W/a-$1.log"; lab_fail "keepalived's BFD did not start"; }
}
rs_in() { has 10.0.0.100:80 "10.0.0.2:80 1"; }
rs_out() { hasnt 10.0.0.100:80 10.0.0.2:80; }

ka_start 1
keeld_start "$W/keel.conf"
lab_wait_for 30 grep -q "(K) Entering Up state" "$W/a-1.log" || fail_dump "keepalived's session never came Up"
lab_wait_for 30 rs_in || fail_dump "the real server is not in IPVS with the session Up"
lab_log "1. Up on both sides, 10.0.0.2:80 in IPVS"

downs=$(grep -c -- "rs 10.0.0.2:80 .*-> down" "$W/keeld.log" || true)
clock_now t0
topo_kill9_keepalived "$APID" "$W/a-bfd.pid"
lab_wait_for 30 rs_out || fail_dump "the real server stayed in IPVS with the session down"
lab_wait_for 5 eval '(($(grep -c -- "rs 10.0.0.2:80 .*-> down" "$W/keeld.log") > downs))' ||
	fail_dump "no down line"
t1=$(clock_ms "$(grep -- "rs 10.0.0.2:80 .*-> down" "$W/keeld.log" | tail -1 | cut -c1-12)")
ms=$((t1 - t0))
lab_log "2. kill -9 keepalived: 10.0.0.2:80 down after $ms ms (limit $DETECT_MS ms detection + $SLACK_MS ms slack)"
grep -- "rs 10.0.0.2:80 .*-> down" "$W/keeld.log" | tail -1
((ms <= DETECT_MS + SLACK_MS)) || fail_dump "$ms ms > $DETECT_MS + $SLACK_MS ms"

ka_start 2
lab_wait_for 30 grep -q "(K) Entering Up state" "$W/a-2.log" || fail_dump "keepalived not Up again"
lab_wait_for 30 rs_in || fail_dump "the real server did not come back"
lab_log "3. keepalived back: Up, 10.0.0.2:80 in IPVS again"
kill -TERM "$APID"
wait "$APID" 2>/dev/null || true
keeld_stop
lab_log "PASS keeld-bfd-check"
