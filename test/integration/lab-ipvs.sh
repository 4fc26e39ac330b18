#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: parallel (asserts nothing about time; see test/lab/run-integration)
#
# lab-ipvs: the lab kernel really does IPVS, and IPVS state is per network
# namespace. Programs an IPv4 and an IPv6 UDP service with the sh scheduler
# in a fresh namespace and reads it back through both kernel interfaces
# (netlink via ipvsadm, and /proc/net/ip_vs).

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

command -v ipvsadm >/dev/null || lab_fail "ipvsadm not installed"
[[ -e /proc/net/ip_vs ]] || lab_fail "this kernel has no IPVS (/proc/net/ip_vs missing)"

PORT=51820
VIP4=198.51.100.10
RS4=203.0.113.5
VIP6=2001:db8:51::10
RS6=2001:db8:113::5

# --- a director namespace: an address on a dummy link and routes to the
# real servers.
topo_node dir
topo_exec dir ip link add dum0 type dummy
topo_exec dir ip link set dum0 up
topo_addr dir dum0 198.51.100.1/24 2001:db8:51::1/64
topo_route dir 203.0.113.0/24 dev dum0
topo_route dir 2001:db8:113::/64 dev dum0

ipvs() { topo_exec dir ipvsadm "$@"; }

ipvs -Ln | grep -q "$VIP4" && lab_fail "fresh namespace already has $VIP4"

lab_log "add services"
ipvs -A -u "$VIP4:$PORT" -s sh
ipvs -A -u "[$VIP6]:$PORT" -s sh

# The kernel, not a stub, vets real servers: it refuses addresses that are
# not unicast for this namespace (the dummy subnet's broadcast address, an
# IPv6 multicast group). Note: a unicast address without a route IS accepted.
if ipvs -a -u "$VIP4:$PORT" -r "198.51.100.255:$PORT" 2>/dev/null; then
	lab_fail "kernel accepted the subnet broadcast address as a real server"
fi
if ipvs -a -u "[$VIP6]:$PORT" -r "[ff02::1]:$PORT" 2>/dev/null; then
	lab_fail "kernel accepted a multicast address as a real server"
fi

lab_log "add real servers"
ipvs -a -u "$VIP4:$PORT" -r "$RS4:$PORT" -w 3
ipvs -a -u "[$VIP6]:$PORT" -r "[$RS6]:$PORT" -w 2

out=$(ipvs -Ln)
printf '%s\n' "$out"

# check_service PROTO ADDR:PORT SCHED RS:PORT FWD WEIGHT
check_service() {
	local svc=$2 sched=$3 rs=$4 fwd=$5 weight=$6 got
	got=$(awk -v p="$1" -v svc="$svc" '
		$1 == p && $2 == svc { insvc = 1; print "SVC", $3; next }
		$1 != "->" { insvc = 0 }
		insvc && $1 == "->" { print "RS", $2, $3, $4 }' <<<"$out")
	grep -Fqx "SVC $sched" <<<"$got" ||
		lab_fail "service $svc with scheduler $sched not listed (got: ${got:-nothing})"
	grep -Fqx "RS $rs $fwd $weight" <<<"$got" ||
		lab_fail "real server $rs ($fwd, weight $weight) not listed under $svc (got: $got)"
	[[ $(grep -c '^RS ' <<<"$got") -eq 1 ]] ||
		lab_fail "service $svc should have exactly one real server (got: $got)"
}
check_service UDP "$VIP4:$PORT" sh "$RS4:$PORT" Route 3
check_service UDP "[$VIP6]:$PORT" sh "[$RS6]:$PORT" Route 2

# The same state through the kernel's procfs view (addresses in hex).
hexport=$(printf '%04X' "$PORT")
hexvip=$(printf '%02X' ${VIP4//./ })
topo_exec dir cat /proc/net/ip_vs | grep -Eq "^UDP +$hexvip:$hexport +sh" ||
	lab_fail "/proc/net/ip_vs in the namespace lacks UDP $hexvip:$hexport sh"

# --- IPVS is per namespace: neither the current namespace nor another fresh
# one sees the service.
lab_log "check isolation"
out=$(ipvsadm -Ln) || lab_fail "ipvsadm -Ln failed in the current namespace"
grep -Fq "$VIP4" <<<"$out" && lab_fail "service visible outside its namespace (current ns)"
out=$(cat /proc/net/ip_vs) || lab_fail "no /proc/net/ip_vs in the current namespace"
grep -q "$hexvip:$hexport" <<<"$out" && lab_fail "service in /proc/net/ip_vs of the current ns"
topo_node other
out=$(topo_exec other ipvsadm -Ln) || lab_fail "ipvsadm -Ln failed in another namespace"
grep -Fq "$VIP4" <<<"$out" && lab_fail "service visible in another namespace"

lab_log "ok"
