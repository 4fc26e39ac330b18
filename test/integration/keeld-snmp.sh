#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# keeld-snmp: keeld as an AgentX subagent of net-snmp's snmpd. keeld runs
# a VRRP instance and two virtual servers (a sorry server; one real server
# passes its TCP_CHECK, one never answers) with enable_snmp_vrrp/checker/
# rfcv3; an snmpd with `master agentx` in its namespace. Checked:
# - snmpwalk of KEEPALIVED-MIB and VRRPv3-MIB gives the config's values
#   and the live state (master; the failing real server dead; weights),
#   consistent with ipvsadm;
# - keepalived 2.2.7 (built with SNMP) on the same config, in a fresh
#   namespace with its own snmpd: every column keel serves has keepalived's
#   value, but for the differences listed below (docs/keepalived-differences.md);
# - a reload's new weight shows within the tables' 1 s snapshot;
# - snmpd restarted: keeld registers again within net-snmp's AgentX ping
#   interval (5 s: its reconnect period) of the new master listening, plus
#   slack for emulation.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"
# shellcheck source-path=SCRIPTDIR source=../lab/snmp.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/snmp.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
[[ -x $B/keeld ]] || lab_fail "no keeld in $B (set KEEL_BUILD)"
lab_require_cmd ipvsadm busybox keepalived snmpd snmpwalk
W=$TOPO_TMP
[[ $(keepalived --version 2>&1) == *SNMP_CHECKER* ]] || lab_fail "this keepalived has no SNMP: no oracle"

KA=.1.3.6.1.4.1.9586.100.5	# KEEPALIVED-MIB::keepalived
V3=.1.3.6.1.2.1.207.1.1.1.1	# VRRPv3-MIB::vrrpv3OperationsEntry

topo_bridge lk
topo_bridge la
topo_node k lk 10.0.0.1/24	# keeld
topo_node a la 10.0.0.1/24	# keepalived: the same addresses, apart

# conf NODE: the config both daemons read; only the AgentX socket differs
conf() {
	cat >"$W/$1.conf" <<CONF
global_defs {
	router_id lab-snmp
	enable_snmp_vrrp
	enable_snmp_checker
	enable_snmp_rfcv3
	snmp_socket unix:$W/$1-agentx
}
vrrp_instance VI_1 {
	state MASTER
	interface eth0
	virtual_router_id 51
	version 3
	priority 150
	advert_int 1
	virtual_ipaddress {
		10.0.0.100/24
	}
}
virtual_server 10.0.0.100 8080 {
	protocol TCP
	lb_algo wrr
	lb_kind NAT
	delay_loop 1
	persistence_timeout 300
	quorum 2
	sorry_server 10.0.0.13 8080
	real_server 10.0.0.11 8080 {
		weight ${W11:-3}
		TCP_CHECK {
			connect_timeout 1
			retry 1
			delay_before_retry 1
		}
	}
	real_server 10.0.0.12 8080 {
		weight 5
		inhibit_on_failure
		TCP_CHECK {
			connect_timeout 1
			retry 1
			delay_before_retry 1
		}
	}
}
virtual_server 10.0.0.100 51820 {
	protocol UDP
	lb_algo sh
	lb_kind DR
	real_server 10.0.0.11 51820 {
		weight 2
	}
}
CONF
}

for n in k a; do
	conf "$n"
	snmpd_start "$n"
	topo_exec "$n" ip addr add 10.0.0.11/24 dev eth0
	# 10.0.0.11 answers TCP 8080; 10.0.0.12 is nobody: its check fails
	topo_bg --log "$W/$n-nc.log" "$n" busybox nc -ll -p 8080 -e true
done
snmpd_wait k
snmpd_wait a

daemons_start

fail_dump() {
	tail -30 "$W/keeld.log"
	topo_exec k ipvsadm -Ln || true
	lab_fail "$*"
}

# settled NODE: VRRP master, the silent server dead, the other alive
settled() {
	[[ $(get "$1" "$KA.2.3.1.4.1" "$KA.3.4.1.6.1.3" "$KA.3.4.1.6.1.2" | tr '\n' ' ') == "2 2 1 " ]]
}
lab_wait_for 40 settled k || fail_dump "keeld's tables never showed master + one dead real server"
lab_wait_for 40 settled a || {
	tail -30 "$W/keepalived.log"
	walk a "$KA.3.4"
	lab_fail "keepalived never settled"
}
lab_log "both settled"

# the four walks side by side: each command costs seconds under emulation
WALKS=()
for n in k a; do
	walk "$n" "$KA" >"$W/$n-ka.walk" &
	WALKS+=($!)
	walk "$n" "$V3" >"$W/$n-v3.walk" &
	WALKS+=($!)
done
for p in "${WALKS[@]}"; do
	wait "$p" || { cat "$W"/*-walk.err; fail_dump "an snmpbulkwalk failed"; }
done

# --- keeld against its config and ipvsadm: "OID VALUE WHAT" per line
IFX=$(topo_exec k cat /sys/class/net/eth0/ifindex)
cat >"$W/expect" <<EXPECT
$KA.1.2.0 "lab-snmp" routerId
$KA.2.3.1.2.1 "VI_1" vrrpInstanceName
$KA.2.3.1.3.1 51 vrrpInstanceVirtualRouterId
$KA.2.3.1.4.1 2 vrrpInstanceState (master)
$KA.2.3.1.7.1 150 vrrpInstanceBasePriority
$KA.2.3.1.9.1 1 vrrpInstanceVipsStatus (allSet)
$KA.2.3.1.10.1 "eth0" vrrpInstancePrimaryInterface
$KA.2.3.1.12.1 100 vrrpInstanceAdvertisementsInt (v3: centiseconds)
$KA.2.3.1.19.1 5 vrrpInstanceGarpDelay (default)
$KA.2.3.1.30.1 3 vrrpInstanceVrrpVersion
$KA.3.3.1.2.1 2 virtualServerType (ip)
$KA.3.3.1.6.1 "0A 00 00 64 " virtualServerAddress
$KA.3.3.1.7.1 8080 virtualServerPort
$KA.3.3.1.8.1 1 virtualServerProtocol (tcp)
$KA.3.3.1.8.2 2 virtualServerProtocol (udp)
$KA.3.3.1.9.1 2 virtualServerLoadBalancingAlgo (wrr)
$KA.3.3.1.9.2 8 virtualServerLoadBalancingAlgo (sh)
$KA.3.3.1.10.2 2 virtualServerLoadBalancingKind (dr)
$KA.3.3.1.14.1 300 virtualServerPersistTimeout
$KA.3.3.1.20.1 2 virtualServerRealServersTotal
$KA.3.3.1.21.1 1 virtualServerRealServersUp
$KA.3.3.1.23.1 1 virtualServerQuorumStatus (3 >= 2: met)
$KA.3.4.1.4.1.3 "0A 00 00 0C " realServerAddress
$KA.3.4.1.6.1.2 1 realServerStatus (alive)
$KA.3.4.1.6.1.3 2 realServerStatus (dead)
$KA.3.4.1.7.1.2 3 realServerWeight
$KA.3.4.1.7.1.3 5 realServerWeight
$KA.3.4.1.10.1.3 2 realServerActionWhenDown (inhibit)
$KA.3.4.1.7.2.1 2 realServerWeight (second virtual server)
$KA.3.4.1.2.1.1 2 realServerType (sorry, index 1 as keepalived)
$KA.3.4.1.4.1.1 "0A 00 00 0D " realServerAddress (sorry)
$KA.3.4.1.6.1.1 2 realServerStatus (sorry server, quorum met: unused)
$V3.3.$IFX.51.1 "0A 00 00 01 " vrrpv3OperationsMasterIpAddr
$V3.6.$IFX.51.1 3 vrrpv3OperationsStatus (master)
$V3.7.$IFX.51.1 150 vrrpv3OperationsPriority
$V3.8.$IFX.51.1 1 vrrpv3OperationsAddrCount
$V3.9.$IFX.51.1 100 vrrpv3OperationsAdvInterval
EXPECT
# each expected line's value must be the walk's, to the letter
bad=$(cat "$W/k-ka.walk" "$W/k-v3.walk" | snmp_unexpected "$W/expect")
[[ -z $bad ]] || { echo "$bad"; fail_dump "keeld's values are not the config's"; }
lab_log "keeld: $(wc -l <"$W/expect") values as the config and the checks say"
# ipvsadm agrees: the dead server inhibited at weight 0, the other at 3
TABLE=$(topo_exec k ipvsadm -Ln)
grep -Eq -- '-> 10\.0\.0\.11:8080 +Masq +3 ' <<<"$TABLE" || fail_dump "ipvsadm: 10.0.0.11:8080 not at weight 3"
grep -Eq -- '-> 10\.0\.0\.12:8080 +Masq +0 ' <<<"$TABLE" || fail_dump "ipvsadm: 10.0.0.12:8080 not inhibited"

# --- keeld against keepalived, on every column keel serves
# served FILE: the lines of the columns keel serves
served() {
	awk -v ka="$KA" -v v3="$V3" '
		function col(pre, first, last,   rest, c) {
			if (index($1, pre ".") != 1) return 0
			rest = substr($1, length(pre) + 2); split(rest, c, ".")
			return c[1] + 0 >= first && c[1] + 0 <= last
		}
		col(ka ".3.3.1", 2, 26) || col(ka ".3.4.1", 2, 12) || col(ka ".2.3.1", 2, 30) ||
		col(v3, 3, 11) || $1 == ka ".1.2.0"' "$@" | sort
}
# The differences keel means (docs/keepalived-differences.md), as
# extended regular expressions over "OID keel-value keepalived-value":
# - keepalived leaves out what is unset (group name, fwmark, virtualhost,
#   persistence timeout, quorum and notify scripts, connection limits),
#   the sorry server's status, weight and action, an instance's unset
#   sync interface, sync group and scripts; keel serves every
#   column of a row, "" or 0 for those;
# - vrrpv3OperationsVirtualMacAddr: keel the RFC 5798 virtual MAC,
#   keepalived the interface's MAC (written MAC below) without use_vmac.
KAQ=${KA//./\\.}
cat >"$W/known.diff" <<KNOWN
$KAQ\\.3\\.3\\.1\\.(3|4|12|14|24|25)\\.[0-9]+ ("")?0? \\(none\\)
$KAQ\\.3\\.4\\.1\\.(8|9|11|12)\\.[0-9]+\\.[0-9]+ ("")?0? \\(none\\)
$KAQ\\.3\\.4\\.1\\.(6|7|10)\\.1\\.1 [0-9]+ \\(none\\)
$KAQ\\.2\\.3\\.1\\.(17|18|22|23|24|25|26)\\.[0-9]+ "" \\(none\\)
${V3//./\\.}\\.5\\.$IFX\\.51\\.1 "00 00 5E 00 01 33 " MAC
KNOWN
served "$W/k-ka.walk" "$W/k-v3.walk" >"$W/k.served"
served "$W/a-ka.walk" "$W/a-v3.walk" >"$W/a.served"
# keepalived's interface MAC for vrrpv3OperationsVirtualMacAddr: its value varies
AMAC="$(topo_exec a cat /sys/class/net/eth0/address | tr a-f A-F | sed 's/:/ /g') "
sed -i "s|^\($V3.5.$IFX.51.1\) \"$AMAC\"$|\1 MAC|" "$W/a.served"
snmp_diff "$W/k.served" "$W/a.served" >"$W/got.diff"
ncols=$(wc -l <"$W/k.served")
lab_log "compared $ncols values keel serves with keepalived's"
unexpected=$(grep -vxEf "$W/known.diff" "$W/got.diff" || true)
if [[ -n $unexpected ]]; then
	echo "OID keel keepalived:"
	echo "$unexpected"
	fail_dump "keel and keepalived differ beyond the documented differences"
fi
[[ $ncols -ge 50 ]] || fail_dump "only $ncols values served"
lab_log "differences, all documented: $(wc -l <"$W/got.diff")"

# --- reload: a new weight shows in the table (snapshots live 1 s)
W11=4 conf k
kill -HUP "$KEELD"
lab_wait_for 15 is k "$KA.3.4.1.7.1.2" 4 || fail_dump "the reloaded weight did not show"

# --- snmpd restarts: keeld registers again
SNMPD_PID=$(cat "$W/k-snmpd.pid")
kill -TERM "$SNMPD_PID"
lab_wait_for 10 test ! -e "/proc/$SNMPD_PID" || lab_fail "snmpd did not stop"
snmpd_start k
snmpd_wait k
T0=$(_lab_now_us)	# the new master listens: keeld's next reopen (every ping interval) finds it
PING_S=5 SLACK_S=$([[ ${LAB_INSIDE:-} == vm ]] && echo 10 || echo 3)
lab_wait_for $((PING_S + SLACK_S)) is k "$KA.2.3.1.2.1" '"VI_1"' ||
	fail_dump "keeld did not come back to the restarted snmpd"
lab_log "registered again $((($(_lab_now_us) - T0) / 1000)) ms after snmpd listened again (limit $((PING_S + SLACK_S)) s)"

kill -TERM "$APID" || true
rc=0
kill -TERM "$KEELD"
wait "$KEELD" || rc=$?
[[ $rc -eq 0 ]] || fail_dump "keeld exited $rc"
! grep -Eq "AddressSanitizer|LeakSanitizer|runtime error" "$W/keeld.log" || fail_dump "keeld: sanitizer report"
lab_log "PASS"
