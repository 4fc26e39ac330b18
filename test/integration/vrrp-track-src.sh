#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
# lab: parallel (asserts nothing about time; see test/lab/run-integration)
#
# vrrp-track-src: track_src_ip and promote_secondaries. r1 (150) sends
# from mcast_src_ip 10.0.0.11, a second address of its eth0, with
# track_src_ip and promote_secondaries; r2 (100) has neither:
#  - r1 MASTER, r2 BACKUP; eth0's promote_secondaries is 1 on r1 only;
#  - 10.0.0.11 removed from r1: r1 goes to FAULT and r2 takes the VIP;
#  - 10.0.0.11 back: r1 leaves FAULT and takes the VIP back (preempt);
#  - r1's primary 10.0.0.1 removed: 10.0.0.11 and the VIP stay (promoted,
#    not flushed with it), r1 stays MASTER;
#  - r1 stopped: its promote_secondaries is 0 again, as it found it.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"
# shellcheck source-path=SCRIPTDIR source=../lab/vrrp-node.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/vrrp-node.sh"

vrrp_lab
SRC=10.0.0.11
topo_exec r1 ip addr add "$SRC/24" dev eth0

promote() { topo_exec "$1" cat /proc/sys/net/ipv4/conf/eth0/promote_secondaries; }
state() { topo_exec "$1" "$B/keelctl" -s "$W/$1.sock" vrrp | awk '/^VI_1:/ { print $2 }'; }
state_is() { [[ $(state "$1") == "$2" ]]; }
has_vip() { topo_has_addr "$1" "$VIP" eth0; }
fail_why() {
	tail -n 20 "$W/r1.log" "$W/r2.log" || true
	lab_fail "$*"
}

[[ $(promote r1) == 0 ]] || lab_fail "test bug: r1's promote_secondaries is already on"
vrrp_start r1 150 "mcast_src_ip $SRC
	track_src_ip
	promote_secondaries"
lab_wait_for 20 state_is r1 MASTER || fail_why "r1 is $(state r1), want MASTER"
vrrp_start r2 100
lab_wait_for 20 state_is r2 BACKUP || fail_why "r2 is $(state r2), want BACKUP"
has_vip r1 || fail_why "r1 MASTER without the VIP"
[[ $(promote r1) == 1 && $(promote r2) == 0 ]] ||
	fail_why "promote_secondaries: r1 $(promote r1), r2 $(promote r2); want 1 and 0"
lab_log "r1 MASTER sending from $SRC, r2 BACKUP; promote_secondaries on r1"

topo_exec r1 ip addr del "$SRC/24" dev eth0
lab_wait_for 10 state_is r1 FAULT || fail_why "r1 is $(state r1) without $SRC, want FAULT"
lab_wait_for 10 has_vip r2 || fail_why "r2 did not take the VIP"
grep -q "VRRP_Instance(VI_1) source address $SRC is gone" "$W/r1.log" || fail_why "r1 did not say why"
lab_log "$SRC removed: r1 FAULT, r2 took the VIP"

topo_exec r1 ip addr add "$SRC/24" dev eth0
lab_wait_for 15 state_is r1 MASTER || fail_why "r1 is $(state r1) with $SRC back, want MASTER"
lab_wait_for 10 has_vip r1 || fail_why "r1 MASTER again without the VIP"
lab_wait_for 10 state_is r2 BACKUP || fail_why "r2 is $(state r2), want BACKUP"
lab_log "$SRC back: r1 MASTER again"

topo_exec r1 ip addr del 10.0.0.1/24 dev eth0
topo_has_addr r1 "$SRC" eth0 || fail_why "$SRC went with the primary address"
has_vip r1 || fail_why "the VIP went with the primary address"
sleep 2
state_is r1 MASTER || fail_why "r1 is $(state r1) after its primary address went"
lab_log "primary address removed: $SRC and the VIP promoted, r1 MASTER"

vrrp_stop r1
[[ $(promote r1) == 0 ]] || fail_why "r1 stopped left promote_secondaries $(promote r1)"
lab_log "r1 stopped: promote_secondaries 0 again"
vrrp_stop r2
lab_log "vrrp-track-src: ok"
