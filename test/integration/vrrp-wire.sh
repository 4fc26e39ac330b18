#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
#
# vrrp-wire: what two keeld routers put on the wire, read by tcpdump on a
# third node, and split brain. VRRPv3 adverts carry the configured fields
# (version, VRID, priority, interval, the VIP) with TTL 255 to 224.0.0.18;
# the new master's gratuitous ARP carries its own MAC. Then the adverts
# between the routers are cut (nftables): both become master; healed:
# exactly one master (the higher priority) within one advert interval
# after the first advert crosses, and the VIP on one node only.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"
# shellcheck source-path=SCRIPTDIR source=../lab/vrrp-node.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/vrrp-node.sh"

lab_require_cmd tcpdump nft
vrrp_lab obs
SLACK_MS=${VRRP_SLACK_MS:-$([[ ${LAB_INSIDE:-} == vm ]] && echo 1500 || echo 700)}

MAC1=$(topo_exec r1 cat /sys/class/net/eth0/address)
MAC2=$(topo_exec r2 cat /sys/class/net/eth0/address)

has_vip() { topo_has_addr "$1" "$VIP" eth0; }
no_vip() { ! has_vip "$1"; }

topo_tcpdump_start obs "$W/wire.txt" -n -v -e -i eth0 'ip proto 112 or arp'
sleep 1
vrrp_start r1 150
lab_wait_for 20 has_vip r1 || lab_fail "r1 did not become master"
vrrp_start r2 100
sleep 3
no_vip r2 || lab_fail "r2 holds the VIP under r1"

# --- adverts: tcpdump -v prints the IP header (ttl) on one line and the
# VRRP fields on the next
lab_wait_for 5 grep -q "VRRPv3, Advertisement, vrid 51, prio 150" "$W/wire.txt" ||
	{ tail -20 "$W/wire.txt"; lab_fail "no VRRPv3 advert from r1 on the wire"; }
adv=$(grep -m1 -B1 "VRRPv3, Advertisement, vrid 51, prio 150" "$W/wire.txt" | tr '\n' ' ')
echo "advert: $adv"
[[ $adv == *"$MAC1 > 01:00:5e:00:00:12"* ]] || lab_fail "advert not from r1's MAC to the VRRP group MAC"
[[ $adv == *"ttl 255"* ]] || lab_fail "advert TTL is not 255"
[[ $adv == *"10.0.0.1 > 224.0.0.18"* ]] || lab_fail "advert not from 10.0.0.1 to 224.0.0.18"
[[ $adv == *"intvl 100cs"* ]] || lab_fail "advert interval is not 100 cs"
[[ $adv == *"addrs: $VIP"* ]] || lab_fail "advert does not carry the VIP"
grep -q "prio 100" "$W/wire.txt" && lab_fail "the backup r2 sent adverts"

# --- takeover: r2's gratuitous ARP carries r2's MAC
kill -STOP "${VRRP_PID[r1]}"
kill -9 "${VRRP_PID[r1]}"
wait "${VRRP_PID[r1]}" 2>/dev/null || true
topo_exec r1 ip addr del "$VIP/24" dev eth0	# a dead router answers no ARP
lab_wait_for 10 has_vip r2 || lab_fail "r2 did not take over"
lab_wait_for 5 grep -q "$MAC2 > ff:ff:ff:ff:ff:ff.*who-has $VIP .*tell $VIP" "$W/wire.txt" ||
	{ grep -i arp "$W/wire.txt" | tail -5; lab_fail "no gratuitous ARP from r2's MAC"; }
echo "GARP: $(grep -m1 "$MAC2 > ff:ff:ff:ff:ff:ff.*who-has $VIP .*tell $VIP" "$W/wire.txt")"

# --- split brain: r1 returns (preempts), then the adverts are cut both ways
vrrp_start r1 150
lab_wait_for 10 has_vip r1 || lab_fail "r1 did not take the VIP back"
lab_wait_for 10 no_vip r2 || lab_fail "r2 kept the VIP under r1"
for n in r1 r2; do
	topo_exec "$n" nft -f - <<'NFT'
table inet cut {
	chain input {
		type filter hook input priority 0; policy accept;
		ip protocol vrrp drop
	}
}
NFT
done
lab_wait_for 10 has_vip r2 || lab_fail "r2 did not become master with the adverts cut"
has_vip r1 || lab_fail "r1 lost the VIP with the adverts cut"
echo "split brain: both hold the VIP"
# the time comes from the kernel's address event, not from (slow) polling
topo_mon_start r2 "$W/mon-r2.log"
sleep 2
for n in r1 r2; do topo_exec "$n" nft delete table inet cut; done
# adverts cross from here: on a loaded emulated host one nft run can take
# seconds, and the time before the last cut is gone is not the routers'
t0=${EPOCHREALTIME/./}
lab_wait_for 10 no_vip r2 || lab_fail "split brain not resolved: r2 still holds the VIP"
ts=$(grep -m1 "^\[.*Deleted.* $VIP/" "$W/mon-r2.log" | sed -n 's/^\[\([^]]*\)\].*/\1/p')
[[ -n $ts ]] || { cat "$W/mon-r2.log"; lab_fail "no address event for the VIP on r2"; }
healed_ms=$((($(date -d "${ts/T/ }" +%s%6N) - t0) / 1000))
grep -E 'VRRP_Instance.*->' "$W/r2.log" | tail -3
has_vip r1 || lab_fail "r1 lost the VIP when the split healed"
# both send adverts each second: the first to cross does it within 1 s
echo "RESULT split brain healed: r2 gave up the VIP ${healed_ms} ms after the adverts crossed again (limit 1000 ms + ${SLACK_MS} ms)"
diag() {
	local n
	for n in r1 r2; do
		echo "--- $n"
		tail -n 8 "$W/$n.log"
		"$B/keelctl" -s "$W/$n.sock" vrrp 2>&1 | sed -n '1p;/adverts/p' || true
	done
}
((healed_ms <= 1000 + SLACK_MS)) || { diag; lab_fail "healing took ${healed_ms} ms"; }
sleep 5
{ has_vip r1 && no_vip r2; } || { diag; lab_fail "after healing the VIP is not on r1 alone"; }
lab_log "vrrp-wire: ok"
