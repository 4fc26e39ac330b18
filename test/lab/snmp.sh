# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# SNMP helpers of the lab tests that set keeld's subagent beside
# keepalived's: source after topo.sh, with W the test's scratch folder.
# Numeric OIDs only: with MIBS empty nothing parses MIB files, which costs
# seconds a command under emulation.

export MIBS=

# snmpd_start NODE: a master agent on NODE's loopback and its AgentX socket
# $W/NODE-agentx
snmpd_start() {
	cat >"$W/$1-snmpd.conf" <<CONF
master agentx
agentXSocket unix:$W/$1-agentx
agentaddress udp:127.0.0.1:161
rocommunity public 127.0.0.1
CONF
	rm -f "$W/$1-agentx"
	topo_bg --log "$W/$1-snmpd.log" "$1" snmpd -f -Lo -C -c "$W/$1-snmpd.conf" -p "$W/$1-snmpd.pid"
}
snmpd_wait() { lab_wait_for 20 test -S "$W/$1-agentx" || lab_fail "snmpd in $1 did not start"; }

# daemons_start: keeld on node k ($W/k.conf) and keepalived on node a
# ($W/a.conf), each beside its snmpd, logging to $W/keeld.log and
# $W/keepalived.log; sets KEELD and APID to their pids (for the test).
# shellcheck disable=SC2034
daemons_start() {
	topo_bg --log "$W/keeld.log" k "$B/keeld" -n -l -D -f "$W/k.conf" -p "$W/keeld.pid" \
		--control-socket "$W/kd.sock"
	KEELD=$TOPO_PID
	topo_bg --log "$W/keepalived.log" a keepalived -n -l -D -f "$W/a.conf" -p "$W/a.pid" \
		-r "$W/a-vrrp.pid" -c "$W/a-chk.pid"
	APID=$TOPO_PID
}

# The client's timeout is no property under test (the values are): long
# enough for a loaded emulated VM, where an AgentX round trip through
# snmpd to the subagent can take a second.
SNMP_CLIENT=(-v2c -c public -t 10 -r 1 -On -Oq -Oe -Ot)

# walk NODE OID: "OID VALUE" lines (GETBULK: snmpd asks the subagent once
# per repetition, so 40 of them keep a request within the timeout); its
# complaints go to $W/NODE-walk.err
walk() { topo_exec "$1" snmpbulkwalk "${SNMP_CLIENT[@]}" -Cr40 127.0.0.1 "$2" 2>>"$W/$1-walk.err"; }
# get NODE OID...: the values alone, a line each
get() { topo_exec "$1" snmpget "${SNMP_CLIENT[@]}" -Ov 127.0.0.1 "${@:2}" 2>/dev/null; }
# is NODE OID VALUE, for lab_wait_for: one try of 1 s, so that a time
# limit waited for is not overrun by a slow answer
is() {
	[[ $(topo_exec "$1" snmpget "${SNMP_CLIENT[@]}" -t 1 -r 0 -Ov 127.0.0.1 "$2" 2>/dev/null) == "$3" ]]
}

# snmp_unexpected EXPECT < WALK: the lines "OID VALUE WHAT" of EXPECT
# whose value is not the walk's to the letter, as "OID: got X, want Y"
snmp_unexpected() {
	awk '
	{ rest = substr($0, length($1) + 2) }
	NR == FNR { got[$1] = rest; next }
	($1 in got) && index(rest, got[$1] " ") == 1 { next }
	{ print $1 ": got " (($1 in got) ? got[$1] : "nothing") ", want " rest }' - "$1"
}

# snmp_diff KEEL KEEPALIVED: "OID keel-value keepalived-value" for each OID
# whose values differ, "(none)" where one of the walks lacks it
snmp_diff() {
	join -a1 -a2 -e '(none)' -o 0,1.2,2.2 <(sed 's/ /\t/' "$1" | sort -t$'\t' -k1,1) \
		<(sed 's/ /\t/' "$2" | sort -t$'\t' -k1,1) -t$'\t' |
		awk -F'\t' '$2 != $3 { print $1, $2, $3 }'
}
