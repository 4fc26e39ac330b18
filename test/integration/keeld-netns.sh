#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
#
# keeld-netns: keepalived's top-level net_namespace and instance. keeld is
# started in a namespace of its own ("home", lo only) with
# `net_namespace R1` (r1's namespace, made by `ip netns add`): its VRRP
# instance runs in R1, holds the VIP on R1's eth0 and sends its adverts
# from there (tcpdump on a third node of the LAN), the process's namespace
# is R1's, home gets nothing. Its pid file follows keepalived's rule with
# keel's names: KEEL_RUNDIR/keel/R1/keeld_INSTANCE.pid holding its pid. A
# reload that names r2's namespace is refused as keepalived refuses it
# ("cannot change on a reload"), the rest of the reload applies, keeld
# stays in R1 with the VIP. A namespace that does not exist stops keeld
# at start with an error, and keeld does not create it (keepalived 2.2.7
# exits too: "Unable to set network namespace").

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"
# shellcheck source-path=SCRIPTDIR source=../lab/vrrp-node.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/vrrp-node.sh"

lab_require_cmd tcpdump
vrrp_lab obs
topo_node home
R1=$(topo_ns r1)
R2=$(topo_ns r2)
PIDDIR=/run/keel/$R1
topo_on_exit rm -rf "$PIDDIR"

conf() {	# NAMESPACE PRIORITY: $W/k.conf
	VRRP_CONF_TOP="net_namespace $1
instance t1"
	vrrp_conf k "$2"
}

topo_tcpdump_start obs "$W/wire.txt" -n -l -i eth0 'ip proto 112'
conf "$R1" 150
"$B/keeld" -t -f "$W/k.conf" || lab_fail "keeld -t refuses the config"
topo_bg --log "$W/k.log" home "$B/keeld" -n -l -P -f "$W/k.conf" --control-socket "$W/k.sock"
KPID=$TOPO_PID
lab_wait_for 20 test -S "$W/k.sock" || { cat "$W/k.log"; lab_fail "no control socket"; }

# --- VRRP runs in R1: the VIP on its eth0, adverts on the LAN
lab_wait_for 10 topo_has_addr r1 "$VIP" eth0 || { cat "$W/k.log"; lab_fail "no VIP in $R1"; }
lab_wait_for 5 grep -q "10.0.0.1 > 224.0.0.18: VRRPv3, Advertisement, vrid 51, prio 150" "$W/wire.txt" ||
	{ cat "$W/wire.txt"; lab_fail "no advert from r1's address on the LAN"; }
[[ $(ip netns identify "$KPID") == "$R1" ]] || lab_fail "keeld's namespace is '$(ip netns identify "$KPID")', not $R1"
! topo_has_addr home "$VIP" || lab_fail "the VIP is in the namespace keeld started in"
grep -q "running in network namespace $R1" "$W/k.log" || lab_fail "keeld does not say where it runs"
lab_log "keeld (pid $KPID) runs in $R1: VIP on r1's eth0, adverts from 10.0.0.1"

# --- the pid file: KEEL_RUNDIR/keel/NAMESPACE/keeld_INSTANCE.pid
[[ -f $PIDDIR/keeld_t1.pid ]] || { ls -R /run/keel || true; lab_fail "no $PIDDIR/keeld_t1.pid"; }
[[ $(cat "$PIDDIR/keeld_t1.pid") == "$KPID" ]] || lab_fail "the pid file holds $(cat "$PIDDIR/keeld_t1.pid"), not $KPID"
lab_log "pid file $PIDDIR/keeld_t1.pid"

# --- a reload cannot move it; the rest of the reload applies
conf "$R2" 200
kill -HUP "$KPID"
lab_wait_for 10 grep -q "reload done" "$W/k.log" || { cat "$W/k.log"; lab_fail "the reload did not finish"; }
grep -q "net_namespace cannot change on a reload (keeld stays in $R1)" "$W/k.log" ||
	{ cat "$W/k.log"; lab_fail "no word that the namespace stays"; }
lab_wait_for 5 grep -q "10.0.0.1 > 224.0.0.18: VRRPv3, Advertisement, vrid 51, prio 200" "$W/wire.txt" ||
	{ tail -5 "$W/wire.txt"; lab_fail "the new priority is not on the wire: the rest of the reload did not apply"; }
[[ $(ip netns identify "$KPID") == "$R1" ]] || lab_fail "keeld left $R1 on reload"
topo_has_addr r1 "$VIP" eth0 || lab_fail "the VIP left r1 on reload"
! topo_has_addr r2 "$VIP" || lab_fail "the VIP went to r2"
lab_log "reload naming $R2: refused, keeld still in $R1, priority 200 applied"

kill -TERM "$KPID"
rc=0
wait "$KPID" || rc=$?
[[ $rc == 0 ]] || { tail -20 "$W/k.log"; lab_fail "keeld exited $rc"; }
! grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error' "$W/k.log" || { cat "$W/k.log"; lab_fail "sanitizer report"; }
[[ ! -e $PIDDIR/keeld_t1.pid ]] || lab_fail "the pid file stays after the stop"

# --- a missing namespace: an error at start, and none is created
MISSING=${R1}-missing
conf "$MISSING" 150
rc=0
topo_exec home "$B/keeld" -n -l -P -f "$W/k.conf" --control-socket "$W/m.sock" >"$W/m.log" 2>&1 || rc=$?
[[ $rc != 0 ]] || { cat "$W/m.log"; lab_fail "keeld started without its namespace"; }
grep -q "net_namespace $MISSING: cannot open /run/netns/$MISSING: No such file or directory" "$W/m.log" ||
	{ cat "$W/m.log"; lab_fail "no error naming the missing namespace"; }
[[ ! -e /run/netns/$MISSING ]] || { ip netns del "$MISSING"; lab_fail "keeld created $MISSING"; }
lab_log "a missing namespace: keeld exits $rc, creates nothing"
echo "PASS keeld-netns"
