#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: parallel (asserts nothing about time; see test/lab/run-integration)
#
# lab-wireguard: kernel WireGuard works in the lab. Two namespaces joined by
# a veth run a tunnel; pings cross it (IPv4 and IPv6), both sides report a
# handshake, and the tunnel stops carrying traffic once a peer is removed.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

command -v wg >/dev/null || lab_fail "wireguard-tools (wg) not installed"

topo_node a
topo_node b
topo_veth a b 192.0.2.1/24,2001:db8:2::1/64 192.0.2.2/24,2001:db8:2::2/64

umask 077
for n in a b; do
	wg genkey >"$TOPO_TMP/$n.key"
	wg pubkey <"$TOPO_TMP/$n.key" >"$TOPO_TMP/$n.pub"
done
PUB_A=$(<"$TOPO_TMP/a.pub")
PUB_B=$(<"$TOPO_TMP/b.pub")
[[ $PUB_A != "$PUB_B" ]] || lab_fail "wg genkey made the same key twice"

# wg_side NODE KEY PEER_PUB PEER_ENDPOINT PEER_TUNNEL_IPS OUR_TUNNEL_ADDRS
wg_side() {
	topo_exec "$1" ip link add wg0 type wireguard ||
		lab_fail "cannot create a wireguard link in $1 (no kernel WireGuard?)"
	topo_exec "$1" wg set wg0 listen-port 51820 private-key "$TOPO_TMP/$2" \
		peer "$3" endpoint "$4" allowed-ips "$5"
	topo_addr "$1" wg0 "$6"
	topo_exec "$1" ip link set wg0 up
}
wg_side a a.key "$PUB_B" 192.0.2.2:51820 10.200.0.2/32,fd99::2/128 10.200.0.1/24,fd99::1/64
wg_side b b.key "$PUB_A" 192.0.2.1:51820 10.200.0.1/32,fd99::1/128 10.200.0.2/24,fd99::2/64

# handshake NODE: unix time of the latest handshake with the node's peer.
handshake() { topo_exec "$1" wg show wg0 latest-handshakes | awk 'NR == 1 { print $2 }'; }

[[ $(handshake a) == 0 ]] || lab_fail "handshake reported before any traffic"
topo_exec a ip route get 10.200.0.2 | grep -q ' dev wg0 ' ||
	lab_fail "10.200.0.2 is not routed through wg0"

lab_log "ping through the tunnel"
lab_wait_for 30 topo_ping a -c 1 -W 1 10.200.0.2 ||
	lab_fail "no ping reply through the tunnel"
topo_ping a -c 3 -i 0.2 -W 2 10.200.0.2 || lab_fail "IPv4 ping through the tunnel"
topo_ping b -c 3 -i 0.2 -W 2 fd99::1 || lab_fail "IPv6 ping through the tunnel"

topo_exec a wg show wg0
topo_exec b wg show wg0
for n in a b; do
	hs=$(handshake "$n")
	[[ $hs =~ ^[0-9]+$ && $hs -gt 0 ]] || lab_fail "$n: wg show reports no latest handshake ($hs)"
	rx=$(topo_exec "$n" wg show wg0 transfer | awk 'NR == 1 { print $2 }')
	[[ $rx =~ ^[0-9]+$ && $rx -gt 0 ]] || lab_fail "$n: wg show reports nothing received ($rx)"
done
topo_exec b wg show wg0 endpoints | grep -q '192\.0\.2\.1:51820' ||
	lab_fail "b did not learn a's endpoint"

# Negative control: once b forgets a, the tunnel must stop carrying pings.
lab_log "remove the peer on b"
topo_exec b wg set wg0 peer "$PUB_A" remove
if topo_ping a -c 2 -i 0.3 -W 1 10.200.0.2; then
	lab_fail "ping still answered after the peer was removed"
fi

lab_log "ok"
