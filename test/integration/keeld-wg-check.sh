#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# keeld-wg-check: keeld with a UDP 51820 virtual server (sh, DR) over three
# kernel WireGuard backends, each with WG_CHECK (delay_loop 1,
# connect_timeout 1, retry 1, tunnel ping). Proves, with ipvsadm as the
# oracle:
# - all three backends enter IPVS;
# - a backend whose wg interface goes down leaves IPVS within
#   retry x delay_loop + connect_timeout (+ slack for emulation), and comes
#   back once it is up again;
# - a backend whose tunnel stops forwarding (pinged address gone) leaves too,
#   and comes back;
# - no sanitizer report; keeld stops cleanly.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
[[ -x $B/keeld ]] || lab_fail "no keeld in $B (set KEEL_BUILD)"
lab_require_cmd ipvsadm wg
W=$TOPO_TMP

# Test-only keys.
BE_KEY=UN2x0blFT2K45y2mFKdmdwdgqrpB/u30EJH3GiuIeWs=
PR_KEY=0K0GBRlrx0xQ1VJN4rHGlgn218+sFSmkz46kn7PsB2A=
BE_PUB=$(wg pubkey <<<"$BE_KEY")
PR_PUB=$(wg pubkey <<<"$PR_KEY")
umask 077
printf '%s\n' "$BE_KEY" >"$W/be.key"
printf '%s\n' "$PR_KEY" >"$W/probe.key"
# Worst case from the break to keeld's "up -> down": the next probe comes
# within delay_loop (1 s), then retry (1) more after delay_before_retry (1 s):
# 2 s when a probe fails at once (port unreachable), plus (retry + 1) x
# connect_timeout (2 s) when probes fail by timing out. keeld's own log line
# must come within that + 3 s (emulation is slow and noisy under load); IPVS
# must follow within a further 4 s
# (emulation: each ipvsadm poll costs a few hundred ms).
FAST=2
SLOW=4
SLACK=${KEEL_WG_SLACK:-3}
IPVS_SLACK=4

topo_bridge lan
topo_node d1 lan 192.0.2.1/24
for i in 1 2 3; do
	topo_node "be$i" lan "192.0.2.1$i/24"
	topo_exec "be$i" ip link add wg0 type wireguard || lab_fail "no kernel WireGuard"
	topo_exec "be$i" wg set wg0 listen-port 51820 private-key "$W/be.key" \
		peer "$PR_PUB" allowed-ips 10.77.0.2/32
	topo_addr "be$i" wg0 10.77.0.1/24
	topo_exec "be$i" ip link set wg0 up
done

rs() {
	cat <<CONF
    real_server 192.0.2.1$1 51820 {
        weight 1
        WG_CHECK {
            public_key $BE_PUB
            probe_private_key_file probe.key
            connect_timeout 1
            retry 1
            delay_before_retry 1
            tunnel_ping 10.77.0.1
            tunnel_source 10.77.0.2
        }
    }
CONF
}
{
	cat <<CONF
virtual_server 192.0.2.10 51820 {
    protocol UDP
    lvs_sched sh
    lvs_method DR
    delay_loop 1
CONF
	rs 1
	rs 2
	rs 3
	echo "}"
} >"$W/keel.conf"

in_ipvs() { topo_exec d1 ipvsadm -Ln | grep -q "192.0.2.1$1:51820"; }
out_ipvs() { ! in_ipvs "$1"; }
now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
# Milliseconds since midnight of the last keeld log line matching a pattern
# (keeld prints HH:MM:SS.mmm; the guest's clock is UTC).
log_ms() {
	local l h m sec ms
	l=$(grep -E "$1" "$W/keeld.log" | tail -n 1)
	[[ $l =~ ^([0-9]{2}):([0-9]{2}):([0-9]{2})\.([0-9]{3}) ]] || return 1
	h=${BASH_REMATCH[1]} m=${BASH_REMATCH[2]} sec=${BASH_REMATCH[3]} ms=${BASH_REMATCH[4]}
	echo $(((10#$h * 3600 + 10#$m * 60 + 10#$sec) * 1000 + 10#$ms))
}
day_ms() { echo $(($(now_ms) % 86400000)); }

topo_bg --log "$W/keeld.log" d1 "$B/keeld" -n -l -D -f "$W/keel.conf" -p "$W/keeld.pid" \
	--control-socket "$W/d1.sock"
KEELD=$TOPO_PID
lab_wait_for 30 test -S "$W/d1.sock" || { cat "$W/keeld.log"; lab_fail "keeld did not start"; }
for i in 1 2 3; do
	lab_wait_for 30 in_ipvs "$i" || { cat "$W/keeld.log"; lab_fail "192.0.2.1$i not in IPVS"; }
done
lab_log "all three backends in IPVS"
topo_exec d1 ipvsadm -Ln

# leaves I LIMIT BREAK-CMD... : runs the command, waits until backend I
# leaves IPVS; checks keeld saw it within LIMIT + SLACK seconds.
leaves() {
	local i=$1 limit=$2 t0 t0d dt seen max
	shift 2
	t0=$(now_ms)
	t0d=$(day_ms)
	"$@"
	max=$(_lab_to_us "$limit") && max=$(((max + $(_lab_to_us "$SLACK")) / 1000))
	lab_wait_for $((limit + IPVS_SLACK)) out_ipvs "$i" ||
		{ tail -20 "$W/keeld.log"; lab_fail "192.0.2.1$i still in IPVS after $((limit + IPVS_SLACK)) s"; }
	dt=$(($(now_ms) - t0))
	seen=$(log_ms "rs 192\.0\.2\.1$i:51820 .*up -> down") || lab_fail "no up -> down line for 192.0.2.1$i"
	seen=$(((seen - t0d + 86400000) % 86400000))
	grep -E "rs 192\.0\.2\.1$i:51820 .*up -> down" "$W/keeld.log" | tail -n 1
	lab_log "192.0.2.1$i: keeld down after $seen ms (bound ${limit} s + ${SLACK} s), out of IPVS after $dt ms"
	((seen <= max)) || lab_fail "192.0.2.1$i: detection took $seen ms, bound $max ms"
	for j in 1 2 3; do
		[[ $j == "$i" ]] || in_ipvs "$j" || lab_fail "192.0.2.1$j left IPVS too"
	done
}
returns() {
	local i=$1 t0
	shift
	t0=$(now_ms)
	"$@"
	lab_wait_for 15 in_ipvs "$i" || { tail -20 "$W/keeld.log"; lab_fail "192.0.2.1$i did not return"; }
	lab_log "192.0.2.1$i back in IPVS after $(($(now_ms) - t0)) ms"
}

lab_log "wg0 down on be2"
leaves 2 "$FAST" topo_exec be2 ip link set wg0 down
returns 2 topo_exec be2 ip link set wg0 up

lab_log "tunnel forwarding broken on be3 (pinged address removed)"
leaves 3 "$SLOW" topo_exec be3 ip addr del 10.77.0.1/24 dev wg0
returns 3 topo_addr be3 wg0 10.77.0.1/24

lab_log "the prober's peer removed on be1"
leaves 1 "$SLOW" topo_exec be1 wg set wg0 peer "$PR_PUB" remove
returns 1 topo_exec be1 wg set wg0 peer "$PR_PUB" allowed-ips 10.77.0.2/32

topo_exec d1 ipvsadm -Ln
lab_log "keeld's transitions:"
grep -E "up -> down|down -> up" "$W/keeld.log" || true

kill -TERM "$KEELD"
rc=0
wait "$KEELD" || rc=$?
[[ $rc -eq 0 ]] || { tail -30 "$W/keeld.log"; lab_fail "keeld exited $rc"; }
if grep -Eq "AddressSanitizer|LeakSanitizer|runtime error" "$W/keeld.log"; then
	cat "$W/keeld.log"
	lab_fail "sanitizer report"
fi
lab_log "ok"
