#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
#
# vrrp-vmac: two keeld routers with use_vmac. Each runs a macvlan vrrp.51
# with the virtual MAC 00:00:5e:00:01:33 on eth0; the master holds the VIP
# there and its adverts leave from the virtual MAC; a host on the LAN learns
# the VIP at the virtual MAC. The master dies (kill -9, then its link goes):
# the backup's gratuitous ARP comes from the same virtual MAC, the host's
# neighbour entry never changes and its pings go on. A stopped keeld removes
# its macvlan and restores eth0's arp_ignore.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"
# shellcheck source-path=SCRIPTDIR source=../lab/vrrp-node.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/vrrp-node.sh"

lab_require_cmd tcpdump
vrrp_lab host
VMAC=00:00:5e:00:01:33

vmac_vip() { topo_has_addr "$1" "$VIP" vrrp.51 2>/dev/null; }
neigh_mac() { topo_exec host ip neigh show "$VIP" | awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1) }'; }

topo_bg --log "$W/wire.txt" host tcpdump -l -n -e -i eth0 'ip proto 112 or arp'
sleep 1
vrrp_start r1 150 use_vmac
lab_wait_for 20 vmac_vip r1 || { cat "$W/r1.log"; lab_fail "r1: the VIP is not on vrrp.51"; }
vrrp_start r2 100 use_vmac
lab_wait_for 10 topo_exec r2 ip link show vrrp.51 || lab_fail "r2 has no vrrp.51"
sleep 2
vmac_vip r2 && lab_fail "the backup holds the VIP"
for n in r1 r2; do
	mac=$(topo_exec "$n" cat /sys/class/net/vrrp.51/address)
	[[ $mac == "$VMAC" ]] || lab_fail "$n: vrrp.51 has MAC $mac"
	[[ $(topo_exec "$n" ip -d link show vrrp.51) == *"macvlan mode private"* ]] || lab_fail "$n: vrrp.51 is not a private macvlan"
	[[ $(topo_exec "$n" sysctl -n net.ipv4.conf.eth0.arp_ignore) == 1 ]] || lab_fail "$n: eth0 still answers ARP for the VIP"
	[[ $(topo_exec "$n" sysctl -n net.ipv4.conf.eth0.arp_announce) == 2 ]] || lab_fail "$n: eth0 may announce the VIP"
done
grep -q "^[0-9:.]* $VMAC > 01:00:5e:00:00:12.*VRRP" "$W/wire.txt" ||
	{ tail -5 "$W/wire.txt"; lab_fail "r1's adverts do not leave from the virtual MAC"; }

topo_exec host ping -c 2 -W 2 "$VIP" >/dev/null || lab_fail "the host cannot reach the VIP"
[[ $(neigh_mac) == "$VMAC" ]] || lab_fail "the host has the VIP at $(neigh_mac), not the virtual MAC"
echo "host: $(topo_exec host ip neigh show "$VIP")"

# the master dies: daemon killed, then its link (a dead router answers nothing)
topo_bg --log "$W/ping.txt" host ping -i 0.2 -W 1 "$VIP"
sleep 1
mark=$(wc -l <"$W/wire.txt")
kill -STOP "${VRRP_PID[r1]}"
kill -9 "${VRRP_PID[r1]}"
wait "${VRRP_PID[r1]}" 2>/dev/null || true
topo_exec r1 ip link set eth0 down
lab_wait_for 10 vmac_vip r2 || lab_fail "r2 did not take the VIP on vrrp.51"
lab_wait_for 5 sh -c "tail -n +$((mark + 1)) '$W/wire.txt' | grep -q '^[0-9:.]* $VMAC > ff:ff:ff:ff:ff:ff.*who-has $VIP .*tell $VIP'" ||
	{ tail -n +$((mark + 1)) "$W/wire.txt" | tail -5; lab_fail "no gratuitous ARP from the virtual MAC after the takeover"; }
echo "GARP after takeover: $(tail -n +$((mark + 1)) "$W/wire.txt" | grep -m1 "who-has $VIP")"
sleep 2
[[ $(neigh_mac) == "$VMAC" ]] || lab_fail "the host's neighbour entry changed to $(neigh_mac)"
topo_exec host ping -c 2 -W 2 "$VIP" >/dev/null || lab_fail "the host cannot reach the VIP through r2"
replies=$(grep -c 'bytes from' "$W/ping.txt" || true)
echo "host: $(topo_exec host ip neigh show "$VIP"); $replies replies through the takeover"

# a stopped keeld leaves nothing behind
kill -TERM "${VRRP_PID[r2]}"
wait "${VRRP_PID[r2]}" || lab_fail "keeld on r2 exited with an error"
topo_exec r2 ip link show vrrp.51 >/dev/null 2>&1 && lab_fail "r2 left vrrp.51 behind"
[[ $(topo_exec r2 sysctl -n net.ipv4.conf.eth0.arp_ignore) == 0 ]] || lab_fail "r2's eth0 arp_ignore not restored"
[[ $(topo_exec r2 sysctl -n net.ipv4.conf.eth0.arp_announce) == 0 ]] || lab_fail "r2's eth0 arp_announce not restored"
lab_log "vrrp-vmac: ok"
