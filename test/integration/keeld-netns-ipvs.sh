#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# keeld-netns-ipvs: keepalived's net_namespace_ipvs NAME puts IPVS in
# another namespace while the rest of keeld (health checks, control
# socket) stays where it runs. keeld runs in d1; `net_namespace_ipvs LB`
# names the namespace of node lb. The virtual server appears in lb's
# IPVS and not in d1's, once a TCP_CHECK finds the backend up, and the
# backend sees the checks come from d1's address, never from lb's; lb's IPVS sysctl expire_nodest_conn is set, d1's not; a
# service deleted behind keeld's back in lb comes back within seconds
# (the drift check reads lb's /proc/net/ip_vs, not d1's); the backend's
# failure, seen from d1, takes it out of lb's table; a reload naming
# another namespace is refused (keepalived refuses a namespace change at
# reload); keeld's stop removes its service from lb. Needs IPVS: the lab
# VM only.

set -euo pipefail
B=$(cd "${KEEL_BUILD:-build}" && pwd)
VS=10.0.0.100
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"
lab_require_cmd tcpdump
W=$TOPO_TMP
# shellcheck source-path=SCRIPTDIR source=../lab/keeld-lab.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/keeld-lab.sh"
keeld_lab
topo_node lb lan 10.0.0.3/24
LB=$(topo_ns lb)

conf() {	# IPVS-NAMESPACE
	cat >"$W/k.conf" <<CONF
net_namespace_ipvs $1
global_defs {
	lvs_expire_nodest_conn yes
}
virtual_server $VS 80 {
	lvs_sched rr
	lvs_method NAT
	protocol TCP
	delay_loop 1
	real_server 10.0.0.2 8080 {
		TCP_CHECK {
			connect_timeout 1
			retry 0
		}
	}
}
CONF
}

lb_table() { topo_exec lb ipvsadm -Ln; }
d1_table() { topo_exec d1 ipvsadm -Ln; }
lb_has_rs() { lb_table | grep -q -- "-> 10.0.0.2:8080"; }
lb_has_vs() { lb_table | grep -q "TCP  $VS:80"; }
lb_no_rs() { ! lb_has_rs; }

topo_tcpdump_start be "$W/be.txt" -n -l -i eth0 'tcp dst port 8080'
topo_bg --log "$W/httpd.log" be busybox httpd -f -p 8080 -h "$W"
HTTPD=$TOPO_PID
conf "$LB"
keeld_start "$W/k.conf"
grep -q "IPVS in network namespace $LB" "$W/keeld.log" || fail_dump "keeld does not say where IPVS is"

# --- the service and its checked server in lb's IPVS, none in d1's
lab_wait_for 20 lb_has_rs || { lb_table; fail_dump "the real server is not in $LB's IPVS"; }
! d1_table | grep -q "$VS" || { d1_table; fail_dump "the service is in d1's IPVS"; }
[[ $(topo_exec lb cat /proc/sys/net/ipv4/vs/expire_nodest_conn) == 1 ]] ||
	fail_dump "expire_nodest_conn not set in $LB"
[[ $(topo_exec d1 cat /proc/sys/net/ipv4/vs/expire_nodest_conn) == 0 ]] ||
	fail_dump "expire_nodest_conn set in d1, keeld's namespace"
topo_exec d1 "$B/keelctl" -s "$W/kd.sock" ipvs | grep -q "$VS" || fail_dump "keelctl ipvs does not show lb's table"
# the server is in IPVS from the start (not alpha): its first probe may
# still be on its way
lab_wait_for 10 grep -q "10.0.0.1\.[0-9]* > 10.0.0.2.8080" "$W/be.txt" ||
	{ cat "$W/be.txt"; fail_dump "no check from d1 seen on be"; }
! grep -q "10.0.0.3\.[0-9]* > 10.0.0.2.8080" "$W/be.txt" || { cat "$W/be.txt"; fail_dump "a check came from lb"; }
lab_log "IPVS in $LB, checks from d1"

# --- drift in lb is seen and repaired
topo_exec lb ipvsadm -D -t "$VS:80"
lab_wait_for 10 lb_has_rs || fail_dump "the service deleted in $LB did not come back"
lab_log "deleted in $LB, repaired"

# --- the check from d1 sees the backend go
kill "$HTTPD"
lab_wait_for 15 lb_no_rs ||
	fail_dump "the failed server stays in $LB's IPVS"
lab_log "backend down: out of $LB's IPVS"

# --- a reload cannot move IPVS
conf "$(topo_ns be)"
kill -HUP "$KEELD"
lab_wait_for 10 grep -q "reload done" "$W/keeld.log" || fail_dump "the reload did not finish"
grep -q "net_namespace_ipvs cannot change on a reload (IPVS stays in $LB)" "$W/keeld.log" ||
	fail_dump "no word that IPVS stays"
lb_has_vs || fail_dump "the service left $LB on reload"

# --- the stop removes keeld's service from lb
keeld_stop
! lb_has_vs || { lb_table; lab_fail "the service stays in $LB after the stop"; }
echo "PASS keeld-netns-ipvs"
