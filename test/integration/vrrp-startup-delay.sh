#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
#
# vrrp-startup-delay: global_defs vrrp_startup_delay holds keeld's VRRP
# instances in INIT after keeld starts (keepalived's answer to interfaces
# that pass traffic late at boot): no advert on the wire (tcpdump on a
# third node), no VIP, keelctl vrrp says INIT, and a reload meanwhile
# starts nothing early. Then they start as usual. Only keeld's start
# waits: a reload after it does not.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"
# shellcheck source-path=SCRIPTDIR source=../lab/vrrp-node.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/vrrp-node.sh"

lab_require_cmd tcpdump
vrrp_lab obs
DELAY=5

has_vip() { topo_has_addr "$1" "$VIP" eth0; }
vrrp_text() { topo_exec r1 "$B/keelctl" -s "$W/r1.sock" vrrp; }
adverts() { grep -c "VRRPv3" "$W/wire.txt" || true; }
# a log line's time of day in ms
log_ms() {
	grep -m1 "$1" "$W/r1.log" | awk '{ split($1, t, /[:.]/); print ((t[1] * 60 + t[2]) * 60 + t[3]) * 1000 + t[4] }'
}

topo_tcpdump_start obs "$W/wire.txt" -n -l -i eth0 'ip proto 112'
sleep 1
VRRP_CONF_TOP="global_defs {
	vrrp_startup_delay $DELAY
}"
vrrp_start r1 150
lab_wait_for 10 grep -q "instances start in $DELAY.000 s (vrrp_startup_delay)" "$W/r1.log" ||
	{ cat "$W/r1.log"; lab_fail "keeld did not say it holds the instances"; }

# --- the hold: each round looks at the wire, the VIP and keelctl first,
# then at the log: what it saw counts only when keeld had not yet said the
# hold was over (the line comes before anything starts)
checks=0 reloaded= deadline=$((SECONDS + DELAY + 15))
while :; do
	n=$(adverts)
	has_vip r1 && vip=yes || vip=no
	state=$(vrrp_text)
	grep -q "vrrp_startup_delay over" "$W/r1.log" && break
	((n == 0)) || { cat "$W/wire.txt"; lab_fail "an advert went out during vrrp_startup_delay"; }
	[[ $vip == no ]] || lab_fail "the VIP came up during vrrp_startup_delay"
	[[ $state == *INIT* ]] || { echo "$state"; lab_fail "keelctl vrrp: not INIT during vrrp_startup_delay"; }
	checks=$((checks + 1))
	if [[ -z $reloaded ]]; then
		kill -HUP "${VRRP_PID[r1]}"
		lab_wait_for 10 grep -q "reload done" "$W/r1.log" || lab_fail "the reload did not finish"
		reloaded=yes
	fi
	((SECONDS < deadline)) || lab_fail "vrrp_startup_delay never ended"
	sleep 0.1	# a round takes ~50 ms on a host: 100 rounds were not the delay
done
((checks >= 2)) || lab_fail "only $checks checks during the hold: the lab is too slow for $DELAY s"
held=$(($(log_ms "vrrp_startup_delay over") - $(log_ms "instances start in")))
lab_log "held $held ms (vrrp_startup_delay $DELAY s), $checks checks and a reload in it"
((held >= DELAY * 1000 - 10)) || lab_fail "the instances started after $held ms, before $DELAY s"
# its "started" line follows the "over" line: wait for it
lab_wait_for 5 grep -q "VRRP_Instance(VI_1) started" "$W/r1.log" || lab_fail "VI_1 did not start"

# --- then as usual: alone, it becomes MASTER and advertises
lab_wait_for 15 has_vip r1 || lab_fail "r1 did not become master after the delay"
lab_wait_for 5 grep -q "VRRPv3, Advertisement, vrid 51, prio 150" "$W/wire.txt" ||
	lab_fail "no advert after the delay"

# --- a reload once running does not hold the instances again
n=$(grep -c "reload done" "$W/r1.log")
kill -HUP "${VRRP_PID[r1]}"
lab_wait_for 10 sh -c "[ \$(grep -c 'reload done' '$W/r1.log') -gt $n ]" || lab_fail "the second reload did not finish"
[[ $(grep -c "instances start in" "$W/r1.log") == 1 ]] || lab_fail "a reload held the instances again"
sleep 1
has_vip r1 || lab_fail "r1 lost the VIP on reload"
[[ $(vrrp_text) == *MASTER* ]] || { vrrp_text; lab_fail "keelctl vrrp: not MASTER after the reload"; }

kill -TERM "${VRRP_PID[r1]}"
wait "${VRRP_PID[r1]}" || lab_fail "keeld exited $? on SIGTERM"
! grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error' "$W/r1.log" ||
	{ cat "$W/r1.log"; lab_fail "keeld: sanitizer report"; }
lab_log "vrrp-startup-delay: ok"
