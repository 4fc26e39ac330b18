#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The demo of keel's main job, run inside the kernel lab (demo.sh at the top
# starts it): two Pi routers share a VIP in front of three kernel WireGuard
# servers, each router running keeld from the sample pair in etc/. It shows
# what keeld does, with measured times: VRRP elects a master that holds the
# VIP, WG_CHECK performs real WireGuard handshakes and tunnel pings, IPVS
# holds the live servers; a server's WireGuard goes down and leaves IPVS,
# comes back; the master router dies and the backup takes the VIP.
# Exit status 0 only when every step held.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/topo.sh"

SRC=$(cd "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
B=$(cd "${KEEL_BUILD:-$SRC/build}" && pwd)
W=$TOPO_TMP
VIP=192.0.2.10

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '\033[2m$ %s\033[0m\n' "$*"; }
ms() { date +%s%3N; }
ctl() { topo_exec "$1" "$B/keelctl" -s "$W/$1/keeld.sock" "${@:2}"; }
in_ipvs() { topo_exec pi-a ipvsadm -Ln | grep -q "$1:51820"; }
not_in_ipvs() { ! in_ipvs "$1"; }
holds_vip() { topo_exec "$1" ip -4 addr show | grep -q "inet $VIP/"; }

say "Topology: routers pi-a and pi-b, WireGuard servers wg1-wg3, one LAN 192.0.2.0/24"
topo_bridge lan
topo_node pi-a lan 192.0.2.2/24
topo_node pi-b lan 192.0.2.3/24
for i in 1 2 3; do topo_node "wg$i" lan "192.0.2.2$i/24"; done

say "WireGuard servers: one server key pair for the pool, each router's probe key as a peer"
umask 077	# keys and configs: root only
wg genkey >"$W/server.key"
SERVER_PUB=$(wg pubkey <"$W/server.key")
declare -A SRC_IP=([pi-a]=10.99.0.254 [pi-b]=10.99.0.253)
peers=()
for r in pi-a pi-b; do
	mkdir -p "$W/$r"
	wg genkey >"$W/$r/probe.key"
	peers+=(peer "$(wg pubkey <"$W/$r/probe.key")" allowed-ips "${SRC_IP[$r]}/32")
done
for i in 1 2 3; do
	# DR: the VIP on lo, never answered for in ARP; WireGuard on UDP 51820
	topo_exec "wg$i" sh -c "ip link set lo up && ip addr add $VIP/32 dev lo &&
		sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2 &&
		ip link add wg0 type wireguard && ip addr add 10.99.0.1/24 dev wg0"
	topo_exec "wg$i" wg set wg0 listen-port 51820 private-key "$W/server.key" "${peers[@]}"
	topo_exec "wg$i" ip link set wg0 up
done
echo "server public key $SERVER_PUB"

start_router() {
	local r=$1 conf=$2
	sed "s|yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=|$SERVER_PUB|" "$SRC/etc/$conf" >"$W/$r/keel.conf"
	show "keeld -t -f $r/keel.conf   # etc/$conf with this pool's server key"
	"$B/keeld" -t -f "$W/$r/keel.conf" 2>&1 | sed "s|$W/||" | tail -3
	topo_bg --log "$W/$r/keeld.log" "$r" "$B/keeld" -n -l -f "$W/$r/keel.conf" \
		-p "$W/$r/keeld.pid" --control-socket "$W/$r/keeld.sock"
	eval "PID_${r//-/_}=\$TOPO_PID"
	lab_wait_for 30 test -S "$W/$r/keeld.sock" || { cat "$W/$r/keeld.log"; lab_fail "$r: keeld did not start"; }
}

say "Start keeld on both routers"
t0=$(ms)
start_router pi-a keel.conf
start_router pi-b keel-router-b.conf
lab_wait_for 20 holds_vip pi-a || { tail -20 "$W/pi-a/keeld.log"; lab_fail "pi-a did not become VRRP master"; }
echo "pi-a holds the VIP $VIP $(( $(ms) - t0 )) ms after start"
holds_vip pi-b && lab_fail "both routers hold the VIP"

say "pi-a: keelctl vrrp / pi-b: keelctl vrrp"
ctl pi-a vrrp
ctl pi-b vrrp

say "pi-a: keelctl checks (real WireGuard handshakes and tunnel pings)"
checks_up() { [[ $(ctl pi-a checks | grep -c '^WG_CHECK .*: up,') -eq 3 ]]; }
lab_wait_for 30 checks_up || lab_fail "the three WireGuard servers are not all up"
ctl pi-a checks

say "pi-a: ipvsadm -Ln (programmed by keeld)"
topo_exec pi-a ipvsadm -Ln
for i in 1 2 3; do in_ipvs "192.0.2.2$i" || lab_fail "192.0.2.2$i not in IPVS"; done

say "wg2's WireGuard goes down"
show "ip link set wg0 down   # on wg2"
t0=$(ms)
topo_exec wg2 ip link set wg0 down
lab_wait_for 30 not_in_ipvs 192.0.2.22 || lab_fail "wg2 stayed in IPVS"
echo "wg2 out of IPVS after $(( $(ms) - t0 )) ms (delay_loop 2, retry 2, delay_before_retry 1, plus emulation)"
grep -h "192.0.2.22" "$W/pi-a/keeld.log" | grep -- "->" | tail -1
topo_exec pi-a ipvsadm -Ln | grep -E "UDP|->"

say "wg2's WireGuard comes back"
t0=$(ms)
topo_exec wg2 ip link set wg0 up
lab_wait_for 30 in_ipvs 192.0.2.22 || lab_fail "wg2 did not come back"
echo "wg2 back in IPVS after $(( $(ms) - t0 )) ms"

say "Somebody runs 'ipvsadm -C' on pi-a behind keeld's back"
topo_exec pi-a ipvsadm -C
lab_wait_for 10 in_ipvs 192.0.2.23 || lab_fail "keeld did not repair the table"
show "keelctl ipvs   # repaired (* = managed by keeld)"
ctl pi-a ipvs

say "A broken reload on pi-b: the running config keeps serving"
echo "virtual_server {" >>"$W/pi-b/keel.conf"
kill -HUP "$(cat "$W/pi-b/keeld.pid")"
sleep 1
ctl pi-b status | grep -E "^(last load|first error|reloads):" | sed "s|$W/||"

say "pi-a dies (kill -9): pi-b takes the VIP"
t0=$(ms)
kill -STOP "$PID_pi_a"
kill -9 "$PID_pi_a"
lab_wait_for 20 holds_vip pi-b || { tail -20 "$W/pi-b/keeld.log"; lab_fail "pi-b did not take the VIP"; }
echo "pi-b holds the VIP $(( $(ms) - t0 )) ms after the kill (limit 3 x advert_int + skew = 3.61 s, plus emulation)"
ctl pi-b vrrp

say "Stop pi-b (SIGTERM): priority 0 advert, VIP and its IPVS services removed"
kill -TERM "$(cat "$W/pi-b/keeld.pid")"
lab_wait_for 10 sh -c "! ip netns exec $(topo_ns pi-b) ipvsadm -Ln | grep -q 51820" || lab_fail "pi-b left its services"
holds_vip pi-b && lab_fail "pi-b kept the VIP after stopping"
tail -n 2 "$W/pi-b/keeld.log"

cat <<'TXT'

What this version shows: keeld reads the keepalived-compatible sample pair,
elects a VRRP master that holds the VIP, checks each WireGuard server with a
real handshake and a ping through its tunnel, programs kernel IPVS with the
live servers (the same table keepalived would leave), takes a failed server
out and puts it back, repairs changes made behind its back, keeps a good
config through a broken reload, and moves the VIP when the master dies.
Next: WireGuard clients riding through both failures (issue 7).
TXT
