#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: parallel (asserts nothing about time; see test/lab/run-integration)
#
# keeld-snmp-vrrp: the VRRP tables of keeld's AgentX subagent beyond the
# instances' (keeld-snmp.sh has those), against keepalived 2.2.7's on the
# same config in a twin namespace: KEEPALIVED-MIB vrrpSyncGroupTable,
# vrrpSyncGroupMemberTable, vrrpAddressTable, vrrpTrackedInterfaceTable,
# vrrpTrackedScriptTable, vrrpScriptTable, vrrpTrackedFileTable,
# vrrpFileTable, vrrpTrackedProcessTable, vrrpProcessTable; VRRPv3-MIB vrrpv3AssociatedIpAddrTable and the
# router's counters; VRRP-MIB (RFC 2787: the VRRPv2 instance). A peer on
# each link sends the same broken adverts to both daemons: 2 with a bad
# checksum (VRID 51, ours), 1 of version 7, 3 of VRID 99 (no instance's);
# keeld's router counters of both RFCs must count exactly those (each
# packet once, for the router).

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"
# shellcheck source-path=SCRIPTDIR source=../lab/snmp.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/snmp.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
[[ -x $B/keeld ]] || lab_fail "no keeld in $B (set KEEL_BUILD)"
lab_require_cmd keepalived snmpd snmpbulkwalk python3
W=$TOPO_TMP
[[ $(keepalived --version 2>&1) == *SNMP_RFCV3* ]] || lab_fail "this keepalived has no SNMP: no oracle"

KA=.1.3.6.1.4.1.9586.100.5.2	# KEEPALIVED-MIB::vrrp
V3=.1.3.6.1.2.1.207.1	# VRRPv3-MIB::vrrpv3Objects
V2=.1.3.6.1.2.1.68	# VRRP-MIB::vrrpMIB

topo_bridge lk
topo_bridge la
topo_node k lk 10.0.0.1/24	# keeld
topo_node kp lk 10.0.0.2/24	# its peer, sending broken adverts
topo_node a la 10.0.0.1/24	# keepalived: the same addresses, apart
topo_node ap la 10.0.0.2/24

conf() {
	cat >"$W/$1.conf" <<CONF
global_defs {
	router_id lab-snmp
	enable_snmp_vrrp
	enable_snmp_rfcv3
	enable_snmp_rfcv2
	snmp_socket unix:$W/$1-agentx
}
# scripts that pass, slowly: a timeout under emulation would take the
# sync group to FAULT in the middle of the walks
vrrp_script chk_ok {
	script "/bin/true"
	interval 5
	timeout 20
	weight 10
}
vrrp_script chk_two {
	script "/bin/true"
	interval 5
	timeout 20
}
vrrp_track_file tf_one {
	file $W/$1-tf_one
	weight -3
}
vrrp_track_file tf_two {
	file $W/$1-tf_two
	weight 2 reverse
}
# a process both daemons find running (a sleep of another name)
vrrp_track_process tp_one {
	process keel-snmp-proc
	weight -2
	delay 0.5
}
vrrp_track_process tp_two {
	process $W/keel-snmp-proc 1000
	param_match partial
	full_command
	weight 3 reverse
	quorum_max 4
	fork_delay 1.5
}
# the group's lines weigh as written on each member: 150 + 4 (dummy1)
# + 3 (chk_two) + 4 x 2 (tf_one) = 165 for VI_1
vrrp_sync_group G1 {
	group {
		VI_1
		VI_2
	}
	track_interface {
		dummy1 weight 4
		lo
	}
	track_script {
		chk_two weight 3
	}
	track_file {
		tf_one weight 2
	}
}
# VI_4's own tp_one line gives way to its group's
vrrp_sync_group G2 {
	group {
		VI_4
	}
	track_process {
		tp_one weight 1
	}
	sync_group_tracking_weight
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
		10.0.0.101/24 dev eth0 label eth0:1
	}
	virtual_ipaddress_excluded {
		10.0.0.102
	}
}
vrrp_instance VI_2 {
	state BACKUP
	interface eth0
	virtual_router_id 52
	version 2
	priority 100
	advert_int 1
	virtual_ipaddress {
		10.0.0.110
	}
}
# tracking outside the sync group: there its weights count
vrrp_instance VI_3 {
	state MASTER
	interface eth0
	virtual_router_id 53
	version 3
	priority 150
	advert_int 1
	track_interface {
		lo weight -10 reverse
		dummy1
	}
	track_script {
		chk_ok
		chk_two weight -20
	}
	track_file {
		tf_one
		tf_two weight 5
	}
	virtual_ipaddress {
		10.0.0.120
	}
}
# process tracking apart: keepalived in a network namespace other than the
# initial one gets no process events, and counts none (see below)
vrrp_instance VI_4 {
	state BACKUP
	interface eth0
	virtual_router_id 54
	version 3
	priority 100
	advert_int 1
	track_process {
		tp_one
		tp_two weight -4
	}
	virtual_ipaddress {
		10.0.0.130
	}
}
CONF
	snmpd_start "$1"
}
cp "$(command -v sleep)" "$W/keel-snmp-proc"
"$W/keel-snmp-proc" 1000 &
topo_on_exit kill $!
for n in k a; do
	echo 4 >"$W/$n-tf_one"
	echo 1 >"$W/$n-tf_two"
	topo_exec "$n" ip link add dummy1 type dummy
	topo_exec "$n" ip link set dummy1 up
	conf "$n"
done
for n in k a; do snmpd_wait "$n"; done

daemons_start

fail_dump() {
	tail -30 "$W/keeld.log"
	lab_fail "$*"
}

# settled NODE: the sync group master (both members master, VIPs set)
settled() { [[ $(get "$1" "$KA.1.1.3.1" "$KA.6.1.10.2.1" | tr '\n' ' ') == "2 1 " ]]; }
lab_wait_for 40 settled k || fail_dump "keeld's sync group never became master"
lab_wait_for 40 settled a || { tail -30 "$W/keepalived.log"; lab_fail "keepalived never settled"; }
lab_log "both settled"
# the tracked files weigh alike in both, once both ran their scripts:
# 150 + chk_ok's 10 + tf_one's 4 x -3 - tf_two's 1 x the line's 5 (the
# file's reverse stays: the line names neither reverse nor noreverse)
lab_wait_for 30 is k "$KA.3.1.8.3" 143 || fail_dump "keeld's VI_3 is not at priority 143"
lab_wait_for 30 is a "$KA.3.1.8.3" 143 || {
	grep -Ei "process|VI_3" "$W/keepalived.log" | tail -20
	lab_fail "keepalived's VI_3 is at priority $(get a "$KA.3.1.8.3"), not 143"
}
lab_log "VI_3's effective priority 143 in both: track_file weights alike"
lab_wait_for 30 is k "$KA.3.1.8.1" 165 || fail_dump "keeld's VI_1 is not at priority 165"
lab_wait_for 30 is a "$KA.3.1.8.1" 165 ||
	lab_fail "keepalived's VI_1 is at priority $(get a "$KA.3.1.8.1"), not 165"
lab_log "VI_1's effective priority 165 in both: its sync group's lines weigh alike"

# the broken adverts, the same to both daemons: VRRPv3 to 224.0.0.18 from
# 10.0.0.2 (checksum over the RFC 5798 pseudo-header), TTL 255; sent while
# the tables are walked (each command costs seconds under emulation): the
# counters are read after
BG=()
for p in kp ap; do
	topo_exec "$p" python3 -S - <<'PY' &	# -S: no site, seconds less under emulation
import socket, struct
def csum(b):
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    return ~(s + (s >> 16)) & 0xffff
def advert(version, vrid, good=True):
    body = struct.pack('!BBBBHH', (version << 4) | 1, vrid, 200, 1, 100, 0) + socket.inet_aton('10.0.0.100')
    ph = socket.inet_aton('10.0.0.2') + socket.inet_aton('224.0.0.18') + struct.pack('!BBH', 0, 112, len(body))
    c = csum(ph + body) ^ (0 if good else 0x1234)
    return body[:6] + struct.pack('!H', c) + body[8:]
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 112)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 255)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton('10.0.0.2'))
for a in [advert(3, 51, False)] * 2 + [advert(7, 51)] + [advert(3, 99)] * 3:
    s.sendto(a, ('224.0.0.18', 0))
PY
	BG+=($!)
done
# one walk at a time per subagent: more at once and keeld's answers, one
# after the other, outlast snmpbulkwalk's timeout under emulation
walks() { walk "$1" "$KA" >"$W/$1-ka.walk" && walk "$1" "$V3.1" >"$W/$1-v3.walk" &&
	walk "$1" "$V2.1" >"$W/$1-v2.walk"; }
WALKS=()
for n in k a; do
	walks "$n" &
	WALKS+=("$!:$n")
done
for p in "${BG[@]}"; do
	wait "$p" || fail_dump "an advert sender failed"
done
for p in "${WALKS[@]}"; do
	wait "${p%%:*}" || { cat "$W"/*-walk.err; fail_dump "snmpbulkwalk on ${p#*:} failed"; }
done
# counters: checksum, version, VRID errors, discontinuity time; RFC 2787's
# checksum, version, VRID errors; the VRRPv2 instance's statistics (became
# master once; none of the broken adverts is VI_2's: nothing else)
COUNTERS=("$V3.2.1.0" "$V3.2.2.0" "$V3.2.3.0" "$V3.2.4.0" "$V2.2.1.0" "$V2.2.2.0" "$V2.2.3.0")
counters() { get "$1" "${COUNTERS[@]}" | tr '\n' ' '; }
vi2_stats() { walk k "$V2.2.4" | awk '{ printf "%s ", $2 }'; }
counted() {
	[[ $(counters k) == "2 1 3 0 2 1 3 " && $(vi2_stats) == "1 0 0 0 0 0 0 0 0 0 0 0 " ]]
}
ka_counted() { [[ $(get a "$V3.2.2.0") == 1 ]]; }
# the adverts went out before the walks: what is waited for is the
# emulated VM's slowness, not the counting
lab_wait_for 30 counted || {
	echo "keeld's router counters: $(counters k); VI_2's: $(vi2_stats)"
	fail_dump "keeld did not count 2 checksum, 1 version, 3 VRID errors (and none for VI_2)"
}
lab_log "keeld counted the broken adverts: checksum 2, version 1, VRID 3"
# keepalived's, once it has read the broken adverts: its VersionErrors is 1
lab_wait_for 30 ka_counted || lab_fail "keepalived counted no version error"
# (keepalived answers no GET in vrrpRouterStatsTable: walked)
for n in k a; do
	paste -d' ' <(printf '%s\n' "${COUNTERS[@]}") <(get "$n" "${COUNTERS[@]}") >"$W/$n-ctr.walk"
	walk "$n" "$V2.2.4" >>"$W/$n-ctr.walk"
done
# the tables of this test: sync groups, members, tracked interfaces,
# scripts and files, addresses, scripts, files; associated addresses; RFC
# 2787's operations and
# associated addresses; the counters read after the broken adverts
for n in k a; do
	cat "$W/$n-ka.walk" "$W/$n-v3.walk" "$W/$n-v2.walk" |
		grep -E "^(${KA//./\\.}\\.(1|2|4|5|6|9|12|13|14|15|16|20|21|22)\\.|${V3//./\\.}\\.1\\.2\\.|${V2//./\\.}\\.1\\.)" |
		cat - "$W/$n-ctr.walk" | sort >"$W/$n.walk"
done

# keeld against its config: "OID VALUE WHAT" per line
IFX=$(topo_exec k cat /sys/class/net/eth0/ifindex)
DUMMYX=$(topo_exec k cat /sys/class/net/dummy1/ifindex)
cat >"$W/expect" <<EXPECT
$KA.1.1.2.1 "G1" vrrpSyncGroupName
$KA.1.1.3.1 2 vrrpSyncGroupState (master)
$KA.1.1.10.1 2 vrrpSyncGroupTrackingWeight (disabled)
$KA.1.1.10.2 1 vrrpSyncGroupTrackingWeight (enabled)
$KA.14.1.1.1.$DUMMYX "dummy1" vrrpSyncTrackedInterfaceName (index: ifIndex)
$KA.14.1.2.1.$DUMMYX 4 vrrpSyncTrackedInterfaceWeight
$KA.14.1.1.1.1 "lo" vrrpSyncTrackedInterfaceName
$KA.14.1.2.1.1 0 vrrpSyncTrackedInterfaceWeight
$KA.15.1.2.1.1 "chk_two" vrrpSyncTrackedScriptName
$KA.15.1.3.1.1 3 vrrpSyncTrackedScriptWeight (the line's)
$KA.16.1.2.1.1 "tf_one" vrrpSyncTrackedFileName
$KA.16.1.3.1.1 2 vrrpSyncTrackedFileWeight (the line's)
$KA.16.1.4.1.1 2 vrrpSyncTrackedFileWgtRev
$KA.22.1.2.2.1 "tp_one" vrrpSyncTrackedProcessName
$KA.22.1.3.2.1 1 vrrpSyncTrackedProcessWeight
$KA.2.1.2.1.1 "VI_1" vrrpSyncGroupMemberName
$KA.2.1.2.1.2 "VI_2" vrrpSyncGroupMemberName
$KA.6.1.3.1.1 "0A 00 00 64 " vrrpAddressValue
$KA.6.1.5.1.1 24 vrrpAddressMask
$KA.6.1.8.1.2 "eth0" vrrpAddressIfName
$KA.6.1.9.1.2 "eth0:1" vrrpAddressIfAlias
$KA.6.1.10.1.1 1 vrrpAddressStatus (set)
$KA.6.1.11.1.3 2 vrrpAddressAdvertising (excluded: no)
$KA.6.1.3.2.1 "0A 00 00 6E " vrrpAddressValue (second instance)
$KA.4.1.1.3.1 "lo" vrrpTrackedInterfaceName (index: ifIndex)
$KA.4.1.2.3.1 -10 vrrpTrackedInterfaceWeight
$KA.4.1.3.3.1 1 vrrpTrackedInterfaceWgtRev (reverse)
$KA.4.1.1.3.$DUMMYX "dummy1" vrrpTrackedInterfaceName
$KA.4.1.2.3.$DUMMYX 0 vrrpTrackedInterfaceWeight
$KA.5.1.2.3.1 "chk_ok" vrrpTrackedScriptName
$KA.5.1.3.3.1 10 vrrpTrackedScriptWeight (the script's)
$KA.5.1.3.3.2 -20 vrrpTrackedScriptWeight (the line's)
$KA.5.1.4.3.2 2 vrrpTrackedScriptWgtRev
$KA.9.1.2.1 "chk_ok" vrrpScriptName
$KA.9.1.3.1 "/bin/true" vrrpScriptCommand
$KA.9.1.4.1 5 vrrpScriptInterval
$KA.9.1.5.1 10 vrrpScriptWeight
$KA.9.1.6.1 3 vrrpScriptResult (good)
$KA.9.1.5.2 0 vrrpScriptWeight
$KA.12.1.2.3.1 "tf_one" vrrpTrackedFileName
$KA.12.1.3.3.1 -3 vrrpTrackedFileWeight (the file's)
$KA.12.1.3.3.2 5 vrrpTrackedFileWeight (the line's)
$KA.12.1.4.3.2 1 vrrpTrackedFileWgtRev (the file's reverse: the line names none)
$KA.13.1.2.2 "tf_two" vrrpFileName
$KA.13.1.3.1 "$W/k-tf_one" vrrpFilePath
$KA.13.1.4.1 4 vrrpFileResult (the file's value)
$KA.13.1.4.2 1 vrrpFileResult
$KA.13.1.5.1 -3 vrrpFileWeight
$KA.13.1.6.2 1 vrrpFileWgtRev (reverse)
$KA.20.1.2.4.1 "tp_one" vrrpTrackedProcessName
$KA.20.1.3.4.1 -2 vrrpTrackedProcessWeight (the process's)
$KA.20.1.3.4.2 -4 vrrpTrackedProcessWeight (the line's)
$KA.20.1.4.4.2 1 vrrpTrackedProcessWgtRev (the process's reverse)
$KA.21.1.2.1 "tp_one" vrrpProcessName
$KA.21.1.3.2 "$W/keel-snmp-proc" vrrpProcessPath
$KA.21.1.4.2 "1000" vrrpProcessParams
$KA.21.1.5.1 0 vrrpProcessParamMatch (none)
$KA.21.1.5.2 2 vrrpProcessParamMatch (partial)
$KA.21.1.6.2 3 vrrpProcessWeight
$KA.21.1.7.2 1 vrrpProcessWgtRev
$KA.21.1.8.1 1 vrrpProcessQuorum
$KA.21.1.9.2 4 vrrpProcessQuorumMax
$KA.21.1.10.1 500000 vrrpProcessForkDelay (us)
$KA.21.1.11.1 500000 vrrpProcessTerminateDelay
$KA.21.1.10.2 1500000 vrrpProcessForkDelay
$KA.21.1.11.2 0 vrrpProcessTerminateDelay
$KA.21.1.12.2 1 vrrpProcessFullCommand
$KA.21.1.13.1 1 vrrpProcessCurProc
$KA.21.1.14.1 1 vrrpProcessResult (up)
$KA.21.1.14.2 1 vrrpProcessResult
$V2.1.1.0 2 vrrpNodeVersion
$V2.1.2.0 2 vrrpNotificationCntl (disabled: keel sends none of RFC 2787's)
$V2.1.3.1.3.$IFX.52 3 vrrpOperState (master)
$V2.1.3.1.5.$IFX.52 115 vrrpOperPriority (100 + its group's 15)
$V2.1.3.1.8.$IFX.52 10.0.0.1 vrrpOperPrimaryIpAddr
$V2.1.3.1.9.$IFX.52 1 vrrpOperAuthType (none)
$V2.1.4.1.2.$IFX.52.10.0.0.110 1 vrrpAssoIpAddrRowStatus (active)
$V3.1.2.1.2.$IFX.51.1.4.10.0.0.100 1 vrrpv3AssociatedIpAddrRowStatus (active)
$V3.1.2.1.2.$IFX.51.1.4.10.0.0.101 1 vrrpv3AssociatedIpAddrRowStatus
$V3.1.2.1.2.$IFX.52.1.4.10.0.0.110 1 vrrpv3AssociatedIpAddrRowStatus (VRRPv2 instance)
EXPECT
bad=$(snmp_unexpected "$W/expect" <"$W/k.walk")
[[ -z $bad ]] || { echo "$bad"; fail_dump "keeld's values are not the config's"; }
lab_log "keeld: $(wc -l <"$W/expect") values as the config says"

# keeld against keepalived. Documented differences (docs/keepalived-
# differences.md), as extended regular expressions over "OID keel-value
# keepalived-value":
# - keepalived leaves out unset scripts of a sync group and an address's
#   unset label; keel serves "";
# - vrrpv3AssociatedIpAddrTable's index: keepalived writes the address
#   without its length, keel with it as the MIB's (not IMPLIED)
#   InetAddress; keepalived's OIDs are rewritten to keel's below, so the
#   values are still compared;
# - vrrpTrackedInterfaceTable's and vrrpSyncTrackedInterfaceTable's
#   index: the MIB's is the interface's ifIndex, keepalived's the line's
#   place among the instance's (group's) track_interface lines;
#   keepalived's index is rewritten to the ifIndex of the interface its
#   vrrp(Sync)TrackedInterfaceName says, below;
# - vrrpAddressAdvertising: keepalived 2.2.7 answers notAdvertised(2) for
#   the virtual_ipaddress of VI_2, VI_3 and VI_4 (the instances after one with
#   virtual_ipaddress_excluded); keel advertised(1), as the adverts say;
# - vrrpv3RouterChecksumErrors and VrIdErrors: keepalived 2.2.7 stays at 0
#   for the adverts sent above; keel counts them (its VersionErrors is 1,
#   as keel's); RFC 2787's vrrpRouterChecksumErrors, VersionErrors and
#   VrIdErrors: keepalived stays at 0 for all three;
# - vrrpOperAuthKey: RFC 2787 has it read as the empty string, keel does,
#   keepalived leaves it out; vrrpOperVirtualRouterUpTime, Protocol and
#   RowStatus: not served by keel;
# - vrrpOperVirtualMacAddr: keel the RFC's virtual MAC, keepalived the
#   interface's (written MAC below), as for VRRPv3-MIB (keeld-snmp.sh);
# - vrrpTrackedFileWeight of a track_file line with a weight: keepalived
#   2.2.7 shows the vrrp_track_file's own (2) though it applies the
#   line's, as both daemons' priorities show above; keel shows what it
#   applies; the same for vrrpTrackedProcessWeight (3, the line's -4),
#   vrrpSyncTrackedFileWeight (-3, the line's 2) and
#   vrrpSyncTrackedProcessWeight (-2, the line's 1);
# - vrrpProcessParamMatch: keepalived 2.2.7 serves its own enumeration
#   (partial 3, initial 2); keel the MIB's (partial(2), initial(3));
# - vrrpProcessCurProc and vrrpProcessResult: keepalived 2.2.7 in a
#   network namespace other than the initial one logs "Failed to set/clear
#   process event listen - errno 111" and counts no process (0, false);
#   keel reads /proc there (1, true);
# - vrrpOperPriority: keepalived 2.2.7 the configured priority (100), keel
#   the one it advertises (115, with its group's lines);
# - vrrpScriptCommand: keepalived shows the command as it will run it,
#   quoted and with its path resolved ('/usr/bin/true'); keel as written.
KAQ=${KA//./\\.}
V3Q=${V3//./\\.}
V2Q=${V2//./\\.}
AMAC="$(topo_exec a cat /sys/class/net/eth0/address | tr a-f A-F | sed 's/:/ /g') "
sed -i "s|^\($V2.1.3.1.2.$IFX.52\) \"$AMAC\"$|\1 MAC|" "$W/a.walk"
# each daemon tracks files of its own: keepalived's paths as keel's
sed -i "s|\"$W/a-tf_|\"$W/k-tf_|" "$W/a.walk"
cat >"$W/known.diff" <<KNOWN
$KAQ\\.1\\.1\\.(6|7|8|9|11)\\.[12] "" \\(none\\)
$KAQ\\.6\\.1\\.9\\.[0-9]+\\.[0-9]+ "" \\(none\\)
$KAQ\\.6\\.1\\.11\\.[234]\\.1 1 2
$KAQ\\.21\\.1\\.13\\.[12] 1 0
$KAQ\\.21\\.1\\.14\\.[12] 1 2
$V3Q\\.2\\.1\\.0 2 0
$V3Q\\.2\\.3\\.0 3 0
$V2Q\\.2\\.1\\.0 2 0
$V2Q\\.2\\.2\\.0 1 0
$V2Q\\.2\\.3\\.0 3 0
$V2Q\\.1\\.3\\.1\\.10\\.$IFX\\.52 "" \\(none\\)
$V2Q\\.1\\.3\\.1\\.(13|14|15)\\.$IFX\\.52 \\(none\\) [0-9]+
$V2Q\\.1\\.3\\.1\\.2\\.$IFX\\.52 "00 00 5E 00 01 34 " MAC
$V2Q\\.1\\.3\\.1\\.5\\.$IFX\\.52 115 100
$KAQ\\.12\\.1\\.3\\.3\\.2 5 2
$KAQ\\.20\\.1\\.3\\.4\\.2 -4 3
$KAQ\\.16\\.1\\.3\\.1\\.1 2 -3
$KAQ\\.22\\.1\\.3\\.2\\.1 1 -2
$KAQ\\.21\\.1\\.5\\.2 2 3
$KAQ\\.9\\.1\\.3\\.[12] "/bin/true" "'/usr/bin/true'"
KNOWN
V3A="${V3//./\\.}\\.1\\.2\\.1\\.2\\.[0-9]+\\.[0-9]+\\.1"
sed -Ei "s/^($V3A)\\.([0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+) /\\1.4.\\2 /" "$W/a.walk"
# keepalived's tracked interface rows, of instances and of sync groups:
# "owner.place" to "owner.ifIndex"
# shellcheck disable=SC2016 # expanded by the node's sh
AIFX=$(topo_exec a sh -c 'for i in /sys/class/net/*; do echo "${i##*/} $(cat "$i/ifindex")"; done')
for table in "$KA.4.1" "$KA.14.1"; do
	awk -v ti="$table" -v aifx="$AIFX" '
		BEGIN { n = split(aifx, l, "\n"); for (k = 1; k <= n; k++) { split(l[k], f, " "); ifx["\"" f[1] "\""] = f[2] } }
		NR == FNR { if (index($1, ti ".1.") == 1) { r = substr($1, length(ti) + 4); to[r] = ifx[$2] } next }
		index($1, ti ".") == 1 {
			c = substr($1, length(ti) + 2); split(c, p, "."); r = p[2] "." p[3]
			if (r in to) { split(r, q, "."); $1 = ti "." p[1] "." q[1] "." to[r] }
		}
		{ print }' "$W/a.walk" "$W/a.walk" | sort >"$W/a.walk.ifx"
	mv "$W/a.walk.ifx" "$W/a.walk"
done
snmp_diff "$W/k.walk" "$W/a.walk" >"$W/got.diff"
ncols=$(wc -l <"$W/k.walk")
lab_log "compared $ncols values keel serves with keepalived's"
unexpected=$(grep -vxEf "$W/known.diff" "$W/got.diff" || true)
if [[ -n $unexpected ]]; then
	echo "OID keel keepalived:"
	echo "$unexpected"
	fail_dump "keel and keepalived differ beyond the documented differences"
fi
[[ $ncols -ge 40 ]] || fail_dump "only $ncols values served"
lab_log "differences, all documented: $(wc -l <"$W/got.diff")"
sed "s/^/  /" "$W/got.diff"

kill -TERM "$APID" || true
rc=0
kill -TERM "$KEELD"
wait "$KEELD" || rc=$?
[[ $rc -eq 0 ]] || fail_dump "keeld exited $rc"
! grep -Eq "AddressSanitizer|LeakSanitizer|runtime error" "$W/keeld.log" || fail_dump "keeld: sanitizer report"
lab_log "PASS"
