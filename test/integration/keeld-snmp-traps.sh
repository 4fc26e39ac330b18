#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: parallel (asserts nothing about time; see test/lab/run-integration)
#
# keeld-snmp-traps: SNMP notifications (enable_traps) from keeld, through
# snmpd (AgentX master, trap2sink) to snmptrapd, and keepalived 2.2.7's for
# the same events on a twin topology. Each side: the daemon under test
# (VRRP backup, priority 100, beside a virtual server with one real server
# whose TCP_CHECK passes), a peer keeld (-P) as VRRP master at priority
# 200, an snmpd and an snmptrapd in the daemon's namespace. Then:
# - the peer dies (SIGKILL: no priority-0 advert): the daemon takes over
#   once its Master_Down_Interval (3 x 1 s + skew, RFC 5798) passes:
#   vrrpInstanceStateChange (master) and vrrpv3NewMaster (reason
#   masterNoResponse, the master's address its own), and
#   vrrpSyncGroupStateChange for its one-member sync group;
# - the real server's listener stops: realServerStateChange (dead) and
#   virtualServerQuorumStateChange (quorum 1 lost).
# - vrrpv3StatisticsTable: received adverts grow while the peer is master
#   (one a second); after the takeover one master transition, reason
#   masterNoResponse, as keepalived counts them.
# keeld's varbinds are checked value by value; keepalived's traps for the
# same events must carry the same values, but for the differences keel
# means (docs/keepalived-differences.md): keepalived leaves the row index
# out of its KEEPALIVED-MIB varbinds' OIDs (".2.3.1.4" for
# vrrpInstanceState of instance 1), and puts a virtual server's address
# right after virtualServerType; keel names each instance in full and
# keeps RFC 3416's order (the NOTIFICATION-TYPE's OBJECTS, then extras).

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
[[ -x $B/keeld ]] || lab_fail "no keeld in $B (set KEEL_BUILD)"
lab_require_cmd busybox keepalived snmpd snmptrapd snmpget
W=$TOPO_TMP
[[ $(keepalived --version 2>&1) == *SNMP_CHECKER* ]] || lab_fail "this keepalived has no SNMP: no oracle"

export MIBS=	# numeric only: MIB files cost seconds a command under emulation
KA=.1.3.6.1.4.1.9586.100.5	# KEEPALIVED-MIB::keepalived
V3=.1.3.6.1.2.1.207		# VRRPv3-MIB::vrrpv3MIB
V3S=$V3.1.2.5.1			# vrrpv3StatisticsEntry
TRAP_OID=.1.3.6.1.6.3.1.1.4.1.0

topo_bridge lk
topo_bridge la
topo_node k lk 10.0.0.1/24	# keeld
topo_node pk lk 10.0.0.2/24	# its peer
topo_node a la 10.0.0.1/24	# keepalived: the same addresses, apart
topo_node pa la 10.0.0.2/24

vrrp_conf() {	# PRIORITY STATE
	cat <<CONF
vrrp_instance VI_1 {
	state $2
	interface eth0
	virtual_router_id 51
	version 3
	priority $1
	advert_int 1
	virtual_ipaddress {
		10.0.0.100/24
	}
}
CONF
}

# conf NODE: the config keeld and keepalived read; only the socket differs
conf() {
	cat >"$W/$1.conf" <<CONF
global_defs {
	router_id lab-traps
	enable_snmp_vrrp
	enable_snmp_checker
	enable_snmp_rfcv3
	enable_traps
	snmp_socket unix:$W/$1-agentx
}
vrrp_sync_group G1 {
	group {
		VI_1
	}
}
$(vrrp_conf 100 BACKUP)
virtual_server 10.0.0.100 8080 {
	protocol TCP
	lb_algo rr
	lb_kind NAT
	delay_loop 1
	quorum 1
	real_server 10.0.0.11 8080 {
		weight 1
		TCP_CHECK {
			connect_timeout 1
			retry 1
			delay_before_retry 1
		}
	}
}
CONF
}

# snmpd and snmptrapd in NODE: notifications to the trap daemon, one line
# per notification, "OID VALUE" varbinds separated by tabs
snmp_start() {
	cat >"$W/$1-snmpd.conf" <<CONF
master agentx
agentXSocket unix:$W/$1-agentx
agentaddress udp:127.0.0.1:161
rocommunity public 127.0.0.1
trap2sink 127.0.0.1 public
CONF
	echo "disableAuthorization yes" >"$W/$1-snmptrapd.conf"
	: >"$W/$1-traps.log"
	topo_bg --log "$W/$1-snmptrapd.out" "$1" snmptrapd -f -C -c "$W/$1-snmptrapd.conf" \
		-Lf "$W/$1-traps.log" -On -Oq -Oe -Ot -F 'TRAP %v\n' udp:127.0.0.1:162
	topo_bg --log "$W/$1-snmpd.log" "$1" snmpd -f -Lo -C -c "$W/$1-snmpd.conf"
}
get() { topo_exec "$1" snmpget -v2c -c public -t 3 -r 1 -On -Oq -Oe -Ot -Ov 127.0.0.1 "${@:2}" 2>/dev/null; }

# trap NODE OID: the varbinds after snmpTrapOID.0 of NODE's last
# notification OID, one "OID VALUE" a line
trap_of() {
	awk -F'\t' -v t="$TRAP_OID $2" '
		$2 == t { last = ""; for (i = 3; i <= NF; i++) last = last $i "\n" }
		END { printf "%s", last }' "$W/$1-traps.log"
}
has_trap() { [[ -n $(trap_of "$1" "$2") ]]; }
# a vrrpInstanceStateChange saying master
# (keepalived leaves the index out of its varbinds' OIDs)
became_master() { trap_of "$1" "$KA.2.10.0.2" | grep -qxE "${KA//./\\.}\\.2\\.3\\.1\\.4(\\.1)? 2"; }

for n in k a; do
	conf "$n"
	snmp_start "$n"
	topo_exec "$n" ip addr add 10.0.0.11/24 dev eth0
	topo_bg --log "$W/$n-nc.log" "$n" busybox nc -ll -p 8080 -e true
	eval "NC_$n=\$TOPO_PID"
	vrrp_conf 200 MASTER >"$W/p$n.conf"
	topo_bg --log "$W/p$n-keeld.log" "p$n" "$B/keeld" -n -l -D -P -f "$W/p$n.conf" \
		-p "$W/p$n.pid" --control-socket "$W/p$n.sock"
	eval "PEER_$n=\$TOPO_PID"
done
for n in k a; do
	lab_wait_for 20 test -S "$W/$n-agentx" || lab_fail "snmpd in $n did not start"
	lab_wait_for 20 topo_has_addr "p$n" 10.0.0.100 || lab_fail "peer p$n never became master"
done

topo_bg --log "$W/keeld.log" k "$B/keeld" -n -l -D -f "$W/k.conf" -p "$W/keeld.pid" --control-socket "$W/kd.sock"
KEELD=$TOPO_PID
topo_bg --log "$W/keepalived.log" a keepalived -n -l -D -f "$W/a.conf" -p "$W/a.pid" \
	-r "$W/a-vrrp.pid" -c "$W/a-chk.pid"
APID=$TOPO_PID

fail_dump() {
	tail -20 "$W/keeld.log"
	for n in k a; do
		echo "--- $n notifications:"
		cat "$W/$n-traps.log"
	done
	lab_fail "$*"
}

# settled NODE: backup, the real server alive
settled() { [[ $(get "$1" "$KA.2.3.1.4.1" "$KA.3.4.1.6.1.1" | tr '\n' ' ') == "1 1 " ]]; }
for n in k a; do
	lab_wait_for 40 settled "$n" || fail_dump "$n never settled as backup with its real server alive"
done
lab_log "both backups, real servers alive"

# --- statistics while backup: the peer's adverts are counted
IFX=$(topo_exec k cat /sys/class/net/eth0/ifindex)
RX0=$(get k "$V3S.3.$IFX.51.1")
sleep 3
RX1=$(get k "$V3S.3.$IFX.51.1")
[[ $RX0 =~ ^[0-9]+$ && $RX1 =~ ^[0-9]+$ ]] || fail_dump "no vrrpv3StatisticsRcvdAdvertisements: '$RX0' '$RX1'"
# advert_int 1 s: at least 2 in 3 s, whatever the emulation's jitter
((RX1 - RX0 >= 2)) || fail_dump "received adverts went from $RX0 to $RX1 in 3 s"
lab_log "vrrpv3StatisticsRcvdAdvertisements $RX0 -> $RX1 in 3 s"

# after the takeover: transitions (counted from here: a router that became
# master at start before the peer's first advert reached it, under a
# stalled emulation, has one more), reason, no protocol error; as keepalived
stats() {
	local x
	x=$(topo_exec "$1" cat /sys/class/net/eth0/ifindex)
	get "$1" "$V3S.1.$x.51.1" "$V3S.2.$x.51.1" "$V3S.6.$x.51.1" | tr '\n' ' '
}
declare -A TRANS0
for n in k a; do
	read -r TRANS0[$n] _ <<<"$(stats "$n")"
	[[ ${TRANS0[$n]} =~ ^[0-9]+$ ]] || fail_dump "$n: no vrrpv3StatisticsMasterTransitions"
done
# stats_since NODE: the same, transitions since the takeover began
stats_since() {
	local t r e
	read -r t r e <<<"$(stats "$1")"
	echo "$((t - TRANS0[$1])) $r $e"
}

# --- takeover: both peers crash at once
for n in k a; do
	eval "p=\$PEER_$n"
	kill -STOP "$p"
	kill -KILL "$p"
done
T0=$(_lab_now_us)
# Master_Down_Interval 3.6 s at most (advert_int 1 s), then the trap's
# way through AgentX and snmpd: a generous bound for emulation
LIMIT_S=$([[ ${LAB_INSIDE:-} == vm ]] && echo 20 || echo 8)
for n in k a; do
	lab_wait_for "$LIMIT_S" has_trap "$n" "$V3.0.1" || fail_dump "$n: no vrrpv3NewMaster within $LIMIT_S s"
done
lab_log "vrrpv3NewMaster from both $((($(_lab_now_us) - T0) / 1000)) ms after the peers died"
for n in k a; do
	lab_wait_for 5 became_master "$n" || fail_dump "$n: no vrrpInstanceStateChange to master"
done

[[ $(stats_since k) == "1 3 0" ]] || fail_dump "keeld's transitions, reason, error: $(stats_since k), want 1 3 0"
[[ $(stats_since a) == "$(stats_since k)" ]] || fail_dump "keepalived's transitions, reason, error: $(stats_since a)"
lab_log "vrrpv3Statistics MasterTransitions (since the takeover), NewMasterReason, ProtoErrReason: $(stats_since k) (keepalived: $(stats_since a); at start: ${TRANS0[k]} and ${TRANS0[a]})"

# --- the real server fails
for n in k a; do
	eval "kill \$NC_$n"
done
# each waited for: keepalived's quorum notification at start is already
# there, so it says nothing about the failure having been seen
for n in k a; do
	lab_wait_for 20 has_trap "$n" "$KA.3.5.0.1" || fail_dump "$n: no realServerStateChange"
	lab_wait_for 20 has_trap "$n" "$KA.3.5.0.2" || fail_dump "$n: no virtualServerQuorumStateChange"
done
lab_log "real server and quorum notifications from both"

# --- keeld's varbinds, value by value, in the MIB's order
expect() {	# NAME OID, then the expected varbinds on stdin
	local got
	got=$(trap_of k "$2")
	[[ $got == "$(cat)" ]] || {
		echo "keeld's $1:"
		echo "$got"
		fail_dump "keeld's $1 is not as expected"
	}
}
expect vrrpInstanceStateChange "$KA.2.10.0.2" <<EOF
$KA.2.3.1.2.1 "VI_1"
$KA.2.3.1.4.1 2
$KA.2.3.1.5.1 1
$KA.1.2.0 "lab-traps"
EOF
expect vrrpSyncGroupStateChange "$KA.2.10.0.1" <<EOF
$KA.2.1.1.2.1 "G1"
$KA.2.1.1.3.1 2
$KA.1.2.0 "lab-traps"
EOF
expect vrrpv3NewMaster "$V3.0.1" <<EOF
$V3.1.1.1.1.3.$IFX.51.1 "0A 00 00 01 "
$V3.1.2.5.1.2.$IFX.51.1 3
EOF
# both checker notifications end with routerId and the virtual server's address
VS_TAIL="$KA.1.2.0 \"lab-traps\"
$KA.3.3.1.5.1 1
$KA.3.3.1.6.1 \"0A 00 00 64 \"
$KA.3.3.1.7.1 8080"
expect realServerStateChange "$KA.3.5.0.1" <<EOF
$KA.3.4.1.3.1.1 1
$KA.3.4.1.4.1.1 "0A 00 00 0B "
$KA.3.4.1.5.1.1 8080
$KA.3.4.1.6.1.1 2
$KA.3.3.1.2.1 2
$KA.3.3.1.8.1 1
$KA.3.3.1.21.1 0
$KA.3.3.1.20.1 1
$VS_TAIL
EOF
expect virtualServerQuorumStateChange "$KA.3.5.0.2" <<EOF
$KA.3.3.1.2.1 2
$KA.3.3.1.8.1 1
$KA.3.3.1.23.1 2
$KA.3.3.1.22.1 1
$KA.3.3.1.21.1 0
$KA.3.3.1.20.1 1
$VS_TAIL
EOF
lab_log "keeld: 5 notifications with the varbinds the MIBs ask for"

# --- keepalived's for the same events
# columns: KEEPALIVED-MIB varbinds without their row index, in any order
columns() {
	trap_of "$1" "$2" | sed -E "s/^(${KA//./\\.}\\.(2\\.1|2\\.3|3\\.3|3\\.4)\\.1\\.[0-9]+)(\\.[0-9]+)* /\\1 /" | sort
}
ndiff=0
for t in "$KA.2.10.0.2" "$KA.2.10.0.1" "$V3.0.1" "$KA.3.5.0.1" "$KA.3.5.0.2"; do
	if ! diff <(columns k "$t") <(columns a "$t") >"$W/diff"; then
		echo "notification $t: keeld < > keepalived"
		cat "$W/diff"
		ndiff=$((ndiff + 1))
	fi
done
[[ $ndiff -eq 0 ]] || fail_dump "$ndiff notifications differ from keepalived's"
lab_log "keepalived sent the same 5 notifications, varbind for varbind"

kill -TERM "$APID" || true
rc=0
kill -TERM "$KEELD"
wait "$KEELD" || rc=$?
[[ $rc -eq 0 ]] || fail_dump "keeld exited $rc"
! grep -Eq "AddressSanitizer|LeakSanitizer|runtime error" "$W/keeld.log" || fail_dump "keeld: sanitizer report"
lab_log "PASS"
