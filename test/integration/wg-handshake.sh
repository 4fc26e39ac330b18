#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: parallel (asserts nothing about time; see test/lab/run-integration)
#
# wg-handshake: keel's WireGuard handshake (lib/wg_*.c, driven by
# test/lab/wg_probe) against kernel WireGuard. A backend namespace runs wg0;
# the prober is a plain UDP socket in another namespace. Checks:
#  - handshake ok and tunnel ping ok (IPv4 and IPv6, inside and outside),
#    repeated back to back, in one process and across processes;
#  - with fixed inputs the initiation is byte for byte the unit-test vector
#    under test/unit/data/wg/, and the kernel accepts it; sent again, the
#    kernel ignores it (replayed timestamp);
#  - preshared key: right -> ok, missing -> invalid response (auth);
#  - under a flood the backend sends a cookie reply and the retry with mac2
#    gets the response;
#  - failures: wrong server key, peer removed, wg0 down -> no response;
#    a UDP echo server (wg_probe --echo) on the port -> invalid response.
# KEEL_WG_CAPTURE=DIR writes the captures there (to refresh the vectors:
# KEEL_WG_CAPTURE=test/unit/data/wg test/lab/run-integration wg-handshake).

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
PROBE=$B/test/lab/wg_probe
[[ -x $PROBE ]] || lab_fail "no $PROBE (set KEEL_BUILD to a build tree)"
SRC=$(cd "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
VEC=$SRC/test/unit/data/wg
command -v wg >/dev/null || lab_fail "wireguard-tools (wg) not installed"

# Test-only keys: the vectors in test/unit/data/wg were captured with them.
BE_KEY=UN2x0blFT2K45y2mFKdmdwdgqrpB/u30EJH3GiuIeWs=
PR_KEY=0K0GBRlrx0xQ1VJN4rHGlgn218+sFSmkz46kn7PsB2A=
EPH_KEY=YA2MO2CdATdfpsUsqRa30sE0Rja1EJEJA+o8SjcTwnc=
OTHER_KEY=kEVBC4mmGyC3d1EBL/SM/+azC0SCEQq3v5xWEQxpRWo=
PSK=zf8fn8qlCgTiJ4jfsIbF69ouZ6+fYqrFw/CI077shgY=
# Fixed ephemeral, clock (Nov 2023: older than any real probe) and index.
FIXED=$EPH_KEY,1700000000.123456789,305419896
BE_PUB=$(wg pubkey <<<"$BE_KEY")
PR_PUB=$(wg pubkey <<<"$PR_KEY")
OTHER_PUB=$(wg pubkey <<<"$OTHER_KEY")
umask 077
printf '%s\n' "$BE_KEY" >"$TOPO_TMP/be.key"
printf '%s\n' "$PSK" >"$TOPO_TMP/psk"

topo_node be
topo_node pr
topo_veth pr be 192.0.2.1/24,2001:db8:7::1/64 192.0.2.2/24,2001:db8:7::2/64
topo_exec be ip link add wg0 type wireguard || lab_fail "no kernel WireGuard"
topo_exec be wg set wg0 listen-port 51820 private-key "$TOPO_TMP/be.key"
topo_addr be wg0 10.77.0.1/24,fd77::1/64
topo_exec be ip link set wg0 up

# (Re)adds the prober as a fresh peer: the kernel forgets its last timestamp.
fresh_peer() {
	topo_exec be wg set wg0 peer "$PR_PUB" remove
	topo_exec be wg set wg0 peer "$PR_PUB" allowed-ips 10.77.0.2/32,fd77::2/128 "$@"
}

# probe NAME EXPECTED_EXIT ARGS...: runs wg_probe, keeps its output in
# $TOPO_TMP/NAME.out, fails unless it exits EXPECTED_EXIT.
probe() {
	local name=$1 want=$2 rc=0
	shift 2
	topo_exec pr "$PROBE" -k "$PR_KEY" "$@" >"$TOPO_TMP/$name.out" 2>&1 || rc=$?
	sed "s/^/  [$name] /" "$TOPO_TMP/$name.out"
	[[ $rc == "$want" ]] || lab_fail "$name: wg_probe exited $rc, want $want"
}
expect() { grep -q -- "$2" "$TOPO_TMP/$1.out" || lab_fail "$1: no '$2' in its output"; }

# same_initiation CAPTURE: its first initiation equals the stored vector's.
same_initiation() {
	local got want
	got=$(grep -m1 '^initiation=' "$TOPO_TMP/$1.txt")
	if [[ -n ${KEEL_WG_CAPTURE:-} ]]; then
		cp "$TOPO_TMP/$1.txt" "$KEEL_WG_CAPTURE/$1.txt"
		lab_log "captured $KEEL_WG_CAPTURE/$1.txt"
		return
	fi
	want=$(grep -m1 '^initiation=' "$VEC/$1.txt") || lab_fail "no vector $VEC/$1.txt"
	[[ $got == "$want" ]] || lab_fail "$1: fixed-input initiation differs from $VEC/$1.txt"
}

lab_log "fixed inputs: handshake and IPv4 tunnel ping; the vector the unit test replays"
fresh_peer
probe handshake 0 -r "$BE_PUB" --fixed "$FIXED" --dump "$TOPO_TMP/handshake.txt" \
	--ping 10.77.0.1 --inner 10.77.0.2 192.0.2.2 51820
expect handshake "probe 1: handshake ok"
expect handshake "probe 1: tunnel ping ok"
same_initiation handshake

lab_log "the same initiation again: a replayed timestamp, ignored"
probe replay 1 -r "$BE_PUB" --fixed "$FIXED" -t 1 192.0.2.2 51820
expect replay "no response (timeout"

lab_log "real clock: 5 probes back to back (the kernel takes <= 50 initiations/s)"
probe repeat 0 -r "$BE_PUB" -n 5 -i 0.03 --ping 10.77.0.1 --inner 10.77.0.2 192.0.2.2 51820
[[ $(grep -c "handshake ok" "$TOPO_TMP/repeat.out") == 5 ]] || lab_fail "not 5 handshakes"
[[ $(grep -c "tunnel ping ok" "$TOPO_TMP/repeat.out") == 5 ]] || lab_fail "not 5 pings"
for i in 1 2 3; do
	probe "process$i" 0 -r "$BE_PUB" --ping fd77::1 --inner fd77::2 2001:db8:7::2 51820
	expect "process$i" "tunnel ping ok"
done

lab_log "preshared key"
fresh_peer preshared-key "$TOPO_TMP/psk"
probe psk 0 -r "$BE_PUB" -P "$PSK" --fixed "$FIXED" --dump "$TOPO_TMP/psk.txt" \
	--ping fd77::1 --inner fd77::2 192.0.2.2 51820
expect psk "tunnel ping ok"
same_initiation psk
probe nopsk 2 -r "$BE_PUB" -t 1 192.0.2.2 51820
expect nopsk "invalid response: authentication failed"
fresh_peer

lab_log "cookie reply under load, then the retry with mac2"
got_cookie=
for burst in 1000 4000 16000; do
	fresh_peer
	probe cookie 0 -r "$BE_PUB" --fixed "$FIXED" --dump "$TOPO_TMP/cookie.txt" \
		--flood "$burst" -a 5 -t 1 192.0.2.2 51820
	if grep -q "cookie reply received" "$TOPO_TMP/cookie.out"; then
		got_cookie=$burst
		break
	fi
	lab_log "no cookie reply with bursts of $burst"
done
[[ -n $got_cookie ]] || lab_fail "the backend never answered with a cookie reply"
expect cookie "handshake ok"
same_initiation cookie
sleep 1.2	# the backend stays "under load" for a second after the flood

lab_log "failures"
probe wrongkey 1 -r "$OTHER_PUB" -t 1 192.0.2.2 51820
expect wrongkey "no response (timeout"
probe ok_again 0 -r "$BE_PUB" 192.0.2.2 51820
topo_exec be wg set wg0 peer "$PR_PUB" remove
probe nopeer 1 -r "$BE_PUB" -t 1 192.0.2.2 51820
expect nopeer "no response"
fresh_peer
probe peer_back 0 -r "$BE_PUB" 192.0.2.2 51820
topo_exec be ip link set wg0 down
probe down 1 -r "$BE_PUB" -t 1 192.0.2.2 51820
expect down "no response"
topo_exec be ip link del wg0

topo_bg --log "$TOPO_TMP/echo.log" be "$PROBE" --echo 51820
echo_up() { [[ -n $(topo_exec be ss -Hlun 'sport = :51820') ]]; }
lab_wait_for 20 echo_up || lab_fail "UDP echo server did not start"
probe echo 2 -r "$BE_PUB" -t 1 192.0.2.2 51820
expect echo "invalid response: wrong message type"

lab_log "ok"
