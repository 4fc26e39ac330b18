#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: parallel (asserts nothing about time; see test/lab/run-integration)
#
# keeld-drain: keelctl drain/undrain at run time, ipvsadm as the oracle.
# A drained real server stays in IPVS at weight 0 (its flows go on, no new
# one comes) whatever its checks say, over a reload and over a failure and
# return; undrain gives it its weight back; a bare address drains the
# server in every virtual server; a bad name is refused. keelctl metrics
# shows the drain, health, weights and quorum.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
W=$TOPO_TMP
# shellcheck source-path=SCRIPTDIR source=../lab/keeld-lab.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/keeld-lab.sh"
keeld_lab

CHK='TCP_CHECK {
            connect_timeout 1
            retry 0
        }'
cat >"$W/keel.conf" <<CONF
virtual_server 10.0.0.100 80 {
    protocol TCP
    lvs_sched rr
    delay_loop 1
    real_server 10.0.0.2 80 {
        weight 2
        $CHK
    }
    real_server 10.0.0.2 81 {
        weight 3
        $CHK
    }
}
virtual_server 10.0.0.100 443 {
    protocol TCP
    delay_loop 1
    real_server 10.0.0.2 443 {
        weight 4
        $CHK
    }
}
CONF

declare -A L=()
listen() { topo_bg be busybox nc -ll -p "$1" -e true; L[$1]=$TOPO_PID; }
for p in 80 81 443; do listen "$p"; done
keeld_start "$W/keel.conf"
ctl() { topo_exec d1 "$B/keelctl" -s "$W/kd.sock" "$@"; }
weights() {	# "80:W 81:W 443:W" from ipvsadm; - when absent
	local t a b c
	t=$(table)
	a=$(TABLE_NOW=$t dests 10.0.0.100:80 | awk '$1 == "10.0.0.2:80" { print $2 }')
	b=$(TABLE_NOW=$t dests 10.0.0.100:80 | awk '$1 == "10.0.0.2:81" { print $2 }')
	c=$(TABLE_NOW=$t dests 10.0.0.100:443 | awk '$1 == "10.0.0.2:443" { print $2 }')
	echo "80:${a:--} 81:${b:--} 443:${c:--}"
}
are() { [[ $(weights) == "$1" ]]; }
want() { lab_wait_for "${2:-10}" are "$1" || fail_dump "weights $(weights), want $1"; }

want "80:2 81:3 443:4" 20
out=$(ctl drain 10.0.0.2:81)
echo "$out"
[[ $out == *"drained 10.0.0.2:81: 1 real servers"* ]] || fail_dump "drain said: $out"
want "80:2 81:0 443:4" 3
[[ $(ctl drain) == *"drained 10.0.0.2:81 (1 real servers)"* ]] || fail_dump "drain list: $(ctl drain)"
m=$(ctl metrics)
for line in 'keel_real_server_drained{virtual_server="TCP 10.0.0.100:80",real_server="10.0.0.2:81"} 1' \
	'keel_real_server_drained{virtual_server="TCP 10.0.0.100:80",real_server="10.0.0.2:80"} 0' \
	'keel_real_server_up{virtual_server="TCP 10.0.0.100:80",real_server="10.0.0.2:81"} 1' \
	'keel_real_server_weight{virtual_server="TCP 10.0.0.100:443",real_server="10.0.0.2:443"} 4' \
	'keel_virtual_server_quorum{virtual_server="TCP 10.0.0.100:80"} 1' 'keel_ipvs_kernel_ok 1'; do
	grep -qxF -- "$line" <<<"$m" || { echo "$m"; fail_dump "metrics lack: $line"; }
done
lab_log "drained: 10.0.0.2:81 at weight 0, the others as they were"

kill -HUP "$KEELD"
lab_wait_for 10 grep -q "reload done" "$W/keeld.log" || fail_dump "no reload"
sleep 2
are "80:2 81:0 443:4" || fail_dump "a reload undrained it: $(weights)"
kill "${L[81]}"
want "80:2 81:- 443:4"
listen 81
want "80:2 81:0 443:4"
lab_log "kept drained over a reload, and over a failure and return"

ctl undrain 10.0.0.2:81 >/dev/null
want "80:2 81:3 443:4" 3
ctl drain 10.0.0.2 >/dev/null
want "80:0 81:0 443:0" 3
ctl undrain 10.0.0.2 >/dev/null
want "80:2 81:3 443:4" 3
lab_log "undrain restores the weight; a bare address drains every port"

if err=$(ctl drain 10.0.0.2:99999 2>&1); then fail_dump "a bad name was taken: $err"; fi
[[ $err == *"not an address or address:port"* ]] || fail_dump "bad name said: $err"
if ctl undrain 2>/dev/null; then fail_dump "undrain without a server was taken"; fi
keeld_stop
lab_log "keeld-drain: ok"
