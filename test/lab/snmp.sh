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

# walk NODE OID: "OID VALUE" lines (GETBULK: each round trip through snmpd
# and AgentX costs under emulation)
walk() { topo_exec "$1" snmpbulkwalk -v2c -c public -t 3 -r 1 -Cr200 -On -Oq -Oe -Ot 127.0.0.1 "$2" 2>/dev/null; }
# get NODE OID...: the values alone, a line each; is NODE OID VALUE
get() { topo_exec "$1" snmpget -v2c -c public -t 3 -r 1 -On -Oq -Oe -Ot -Ov 127.0.0.1 "${@:2}" 2>/dev/null; }
is() { [[ $(get "$1" "$2") == "$3" ]]; }

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
