#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: parallel (asserts nothing about time; see test/lab/run-integration)
#
# wg-check: WG_CHECK (checkers/chk_wg.c, driven by test/lab/chk_wg_run on
# its own event loop) against three kernel WireGuard backends that share one
# server key pair and peer set, the prober's public key a peer on each.
#  - every backend ok: handshake + tunnel ping, probes back to back (the
#    checker spaces initiations), IPv4 and IPv6, default tunnel source;
#  - each failure detected, then recovery: backend link down, wg interface
#    down (port unreachable), the prober's peer removed, a different server
#    key, a UDP echo server instead of WireGuard, tunnel up but the pinged
#    address gone / ICMP dropped inside the tunnel;
#  - under a flood the backend answers with cookie replies: the probe retries
#    with mac2 and stays ok;
#  - the CPU cost of a probe.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
RUN=$B/test/lab/chk_wg_run
PROBE=$B/test/lab/wg_probe
[[ -x $RUN && -x $PROBE ]] || lab_fail "no $RUN or $PROBE (set KEEL_BUILD to a build tree)"
command -v wg >/dev/null || lab_fail "wireguard-tools (wg) not installed"

# Test-only keys.
BE_KEY=UN2x0blFT2K45y2mFKdmdwdgqrpB/u30EJH3GiuIeWs=
PR_KEY=0K0GBRlrx0xQ1VJN4rHGlgn218+sFSmkz46kn7PsB2A=
OTHER_KEY=kEVBC4mmGyC3d1EBL/SM/+azC0SCEQq3v5xWEQxpRWo=
BE_PUB=$(wg pubkey <<<"$BE_KEY")
PR_PUB=$(wg pubkey <<<"$PR_KEY")
umask 077
printf '%s\n' "$BE_KEY" >"$TOPO_TMP/be.key"
printf '%s\n' "$OTHER_KEY" >"$TOPO_TMP/other.key"
# The prober's inner addresses: explicit .2, and the checker's default .254.
ALLOWED=10.77.0.2/32,10.77.0.254/32,fd77::2/128,fd77::fffe/128

topo_bridge lan
topo_node pr lan 192.0.2.1/24,2001:db8:7::1/64
for i in 1 2 3; do
	topo_node "be$i" lan "192.0.2.1$i/24,2001:db8:7::1$i/64"
done

wg_up() {
	local be=$1
	topo_exec "$be" ip link add wg0 type wireguard
	topo_exec "$be" wg set wg0 listen-port 51820 private-key "$TOPO_TMP/be.key" \
		peer "$PR_PUB" allowed-ips "$ALLOWED"
	topo_addr "$be" wg0 10.77.0.1/24,fd77::1/64
	topo_exec "$be" ip link set wg0 up
}
for i in 1 2 3; do
	wg_up "be$i" || lab_fail "no kernel WireGuard"
done

# check NAME EXPECTED_EXIT ARGS... HOST: runs chk_wg_run (5 probes, back to
# back, 1 s timeout unless ARGS say otherwise); keeps its output in
# $TOPO_TMP/NAME.out.
check() {
	local name=$1 want=$2 rc=0
	shift 2
	topo_exec pr "$RUN" -k "$PR_KEY" -r "$BE_PUB" -n 5 -t 1 "$@" 51820 \
		>"$TOPO_TMP/$name.out" 2>&1 || rc=$?
	if [[ -n ${QUIET:-} ]]; then
		grep -E "summary|fail" "$TOPO_TMP/$name.out" | sed "s/^/  [$name] /"
	else
		sed "s/^/  [$name] /" "$TOPO_TMP/$name.out"
	fi
	[[ $rc == "$want" ]] || lab_fail "$name: chk_wg_run exited $rc, want $want"
}
expect() { grep -Eq -- "$2" "$TOPO_TMP/$1.out" || lab_fail "$1: no '$2' in its output"; }
count() { grep -Ec -- "$2" "$TOPO_TMP/$1.out" || true; }
PING=(--ping 10.77.0.1 --inner 10.77.0.2)
# ok NAME HOST: 5 probes with tunnel ping, all ok.
ok() {
	check "$1" 0 "${PING[@]}" "$2"
	[[ $(count "$1" "^probe .: ok: tunnel ping ok") == 5 ]] || lab_fail "$1: not 5 tunnel pings"
}

lab_log "all three backends: handshake + tunnel ping, 5 probes back to back each"
for i in 1 2 3; do
	ok "ok$i" "192.0.2.1$i"
done
lab_log "IPv6 outside and inside, and the default tunnel source (.254 / ::fffe)"
check v6 0 --ping fd77::1 --inner fd77::2 2001:db8:7::12
expect v6 "^probe 5: ok: tunnel ping ok"
check defsrc4 0 --ping 10.77.0.1 192.0.2.13
expect defsrc4 "^probe 5: ok: tunnel ping ok"
check defsrc6 0 --ping fd77::1 2001:db8:7::11
expect defsrc6 "^probe 5: ok: tunnel ping ok"
check plain 0 192.0.2.11
expect plain "^probe 5: ok: handshake ok"

lab_log "failure: backend link down -> no response; back up -> ok"
topo_exec be1 ip link set eth0 down
check linkdown 1 -n 2 "${PING[@]}" 192.0.2.11
expect linkdown "^probe 2: fail: (no response|host unreachable)"
topo_exec be1 ip link set eth0 up
ok linkup 192.0.2.11

lab_log "failure: wg interface down -> port unreachable; up -> ok"
topo_exec be2 ip link set wg0 down
check wgdown 1 -n 2 "${PING[@]}" 192.0.2.12
expect wgdown "^probe 2: fail: (port unreachable|no response)"
topo_exec be2 ip link set wg0 up
ok wgup 192.0.2.12

lab_log "failure: the prober's peer removed -> no response; re-added -> ok"
topo_exec be3 wg set wg0 peer "$PR_PUB" remove
check nopeer 1 -n 2 "${PING[@]}" 192.0.2.13
expect nopeer "^probe 2: fail: no response"
topo_exec be3 wg set wg0 peer "$PR_PUB" allowed-ips "$ALLOWED"
ok peerback 192.0.2.13

lab_log "failure: a backend with another private key -> no response; restored -> ok"
topo_exec be1 wg set wg0 private-key "$TOPO_TMP/other.key"
check otherkey 1 -n 2 "${PING[@]}" 192.0.2.11
expect otherkey "^probe 2: fail: no response"
topo_exec be1 wg set wg0 private-key "$TOPO_TMP/be.key"
ok keyback 192.0.2.11

lab_log "failure: a UDP echo server instead of WireGuard -> invalid response"
topo_exec be2 ip link del wg0
topo_bg --log "$TOPO_TMP/echo.log" be2 "$PROBE" --echo 51820
ECHO_PID=$TOPO_PID
echo_up() { [[ -n $(topo_exec be2 ss -Hlun 'sport = :51820') ]]; }
lab_wait_for 20 echo_up || lab_fail "UDP echo server did not start"
check echo 1 -n 2 "${PING[@]}" 192.0.2.12
expect echo "^probe 2: fail: invalid response: wrong message type"
kill "$ECHO_PID"
wait "$ECHO_PID" 2>/dev/null || true
echo_gone() { [[ -z $(topo_exec be2 ss -Hlun 'sport = :51820') ]]; }
lab_wait_for 20 echo_gone || lab_fail "UDP echo server did not stop"
wg_up be2
ok wgback 192.0.2.12

lab_log "failure: tunnel up, pinged address gone -> handshake ok, tunnel ping fails"
topo_exec be3 ip addr del 10.77.0.1/24 dev wg0
check noaddr 1 -n 2 "${PING[@]}" 192.0.2.13
expect noaddr "^probe 2: fail: tunnel ping: no reply"
check noaddr_hs 0 -n 2 192.0.2.13	# the handshake alone still passes
topo_addr be3 wg0 10.77.0.1/24
ok addrback 192.0.2.13
if command -v nft >/dev/null; then
	lab_log "failure: ICMP dropped inside the tunnel (nft) -> tunnel ping fails"
	topo_exec be3 nft -f - <<-'EOF'
		table inet keeltest {
			chain in { type filter hook input priority 0; iifname "wg0" meta l4proto icmp drop; }
		}
	EOF
	check nftdrop 1 -n 2 "${PING[@]}" 192.0.2.13
	expect nftdrop "^probe 2: fail: tunnel ping: no reply"
	topo_exec be3 nft delete table inet keeltest
	ok nftback 192.0.2.13
else
	lab_log "(nft not installed: no in-tunnel drop case)"
fi

lab_log "cookie reply under a flood of valid-mac1 initiations: retry with mac2, still ok"
got_cookie=
for burst in 4000 16000; do
	# The flooder's own probe uses a key the backend does not know; its
	# attempts keep the flood going for up to 40 s.
	topo_bg --log "$TOPO_TMP/flood.log" pr "$PROBE" -k "$OTHER_KEY" -r "$BE_PUB" \
		--flood "$burst" -a 40 -t 1 192.0.2.11 51820
	FLOOD_PID=$TOPO_PID
	sleep 1
	rc=0
	topo_exec pr "$RUN" -k "$PR_KEY" -r "$BE_PUB" -n 5 -i 0.2 -t 2 192.0.2.11 51820 \
		>"$TOPO_TMP/cookie$burst.out" 2>&1 || rc=$?
	sed "s/^/  [cookie$burst] /" "$TOPO_TMP/cookie$burst.out"
	kill "$FLOOD_PID" 2>/dev/null || true
	wait "$FLOOD_PID" 2>/dev/null || true
	if [[ $(count "cookie$burst" "^probe .: ok: handshake ok \(cookie\)") -gt 0 ]]; then
		got_cookie=$burst
		break
	fi
	lab_log "no cookie reply with bursts of $burst"
done
[[ -n $got_cookie ]] || lab_fail "the backend never answered with a cookie reply"
[[ $rc == 0 ]] || lab_fail "a probe failed under the flood (false down)"
sleep 1.2	# the backend stays "under load" for a second after the flood

lab_log "CPU cost: 50 probes back to back (handshake only, then with tunnel ping)"
QUIET=1 check cost 0 -n 50 192.0.2.12
QUIET=1 check cost_ping 0 -n 50 "${PING[@]}" 192.0.2.13
# The handshake's own crypto in this same guest, to compare as a ratio.
SRC=$(cd "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
if [[ -x $B/bench/wg_probe_cost ]]; then
	(cd "$SRC" && "$B/bench/wg_probe_cost" test/unit/data/wg/handshake.txt 100) | sed 's/^/  [crypto] /'
fi

lab_log "ok"
