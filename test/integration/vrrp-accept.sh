#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
# lab: parallel (asserts nothing about time; see test/lab/run-integration)
#
# vrrp-accept: accept mode. r1 (no_accept, priority 150) is master: the VIP
# is on its interface but a host's pings to it go unanswered (nftables drop
# set "inet keel" holds the VIP) while its own address answers. r1 stops:
# r2 (accept by default, without vrrp_strict) takes over and answers, and r1
# has removed its table. r1 returns as the address owner (priority 255,
# no_accept): owners always accept, so the VIP answers through r1 again.
# Then r1 (150, no_accept) with keepalived's nftables, nftables_priority and
# nftables_counters: its table, chain priority and counters; a reload that
# renames the table moves the VIP; stop removes it.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"
# shellcheck source-path=SCRIPTDIR source=../lab/vrrp-node.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/vrrp-node.sh"

lab_require_cmd nft
vrrp_lab host

answers() { topo_exec host ping -c 1 -W 1 "$1" >/dev/null 2>&1; }
silent() { ! answers "$1"; }
stop() {
	kill -TERM "${VRRP_PID[$1]}"
	wait "${VRRP_PID[$1]}" || lab_fail "$1: keeld exited with an error"
}

vrrp_start r1 150 no_accept
lab_wait_for 20 topo_has_addr r1 "$VIP" eth0 || { cat "$W/r1.log"; lab_fail "r1 did not become master"; }
vrrp_start r2 100
sleep 2
[[ $(topo_exec r1 nft list set inet keel vips4) == *"$VIP"* ]] || lab_fail "the VIP is not in r1's drop set"
answers 10.0.0.1 || lab_fail "r1's own address does not answer"
lab_wait_for 5 silent "$VIP" || lab_fail "the no_accept master answers for the VIP"
echo "no_accept master: VIP on r1, pings to it dropped"

stop r1
lab_wait_for 10 topo_has_addr r2 "$VIP" eth0 || lab_fail "r2 did not take over"
lab_wait_for 10 answers "$VIP" || lab_fail "the accepting master r2 does not answer for the VIP"
topo_exec r1 nft list table inet keel >/dev/null 2>&1 && lab_fail "r1 left its nftables table"
echo "accept master: r2 answers for the VIP; r1 removed its table"

vrrp_start r1 255 no_accept
lab_wait_for 10 topo_has_addr r1 "$VIP" eth0 || lab_fail "the owner r1 did not take the VIP"
lab_wait_for 10 answers "$VIP" || lab_fail "the owner (priority 255) does not accept its VIP"
[[ $(topo_exec r1 nft list set inet keel vips4) == *"$VIP"* ]] && lab_fail "the owner keeps its VIP in the drop set"
echo "owner master: VIP answers through r1"
stop r1

# keepalived's nftables settings name the table, its chain's priority and
# counters; a reload that renames the table moves the VIP to the new one
in_set() { [[ $(topo_exec r1 nft list set inet "$1" vips4 2>/dev/null) == *"$VIP"* ]]; }
no_table() { ! topo_exec r1 nft list table inet "$1" >/dev/null 2>&1; }
VRRP_CONF_TOP=$'global_defs {\n nftables kltest\n nftables_priority -5\n nftables_counters\n}' \
	vrrp_start r1 150 no_accept
lab_wait_for 20 topo_has_addr r1 "$VIP" eth0 || { cat "$W/r1.log"; lab_fail "r1 did not take the VIP back"; }
lab_wait_for 10 in_set kltest || { cat "$W/r1.log"; lab_fail "the VIP is not in table kltest's drop set"; }
chain=$(topo_exec r1 nft list chain inet kltest prerouting)
[[ $chain =~ priority\ (filter\ -\ 5|-5)\; ]] || lab_fail "kltest's chain priority is not -5: $chain"
[[ $chain == *"counter packets"* ]] || lab_fail "no counters with nftables_counters: $chain"
no_table keel || lab_fail "the default table exists beside kltest"
lab_wait_for 5 silent "$VIP" || lab_fail "the no_accept master answers for the VIP (table kltest)"
sed -i 's/nftables kltest/nftables kltest2/' "$W/r1.conf"
kill -HUP "${VRRP_PID[r1]}"
lab_wait_for 10 in_set kltest2 || { cat "$W/r1.log"; lab_fail "the VIP did not move to table kltest2"; }
lab_wait_for 5 no_table kltest || lab_fail "table kltest stays after the reload renamed it"
lab_wait_for 5 silent "$VIP" || lab_fail "the no_accept master answers for the VIP (table kltest2)"
stop r1
no_table kltest2 || lab_fail "r1 left table kltest2"
echo "nftables kltest, priority -5, counters; renamed to kltest2 on reload; removed at stop"
stop r2
lab_log "vrrp-accept: ok"
