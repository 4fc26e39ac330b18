#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: parallel (asserts nothing about time; see test/lab/run-integration)
#
# keeld-stale-flows: a persistent UDP client (one socket, like a WireGuard
# peer) whose real server leaves the pool reaches a live server with its
# next packets when keeld sets lvs_expire_nodest_conn and
# lvs_expire_quiescent_template; without them (keepalived's behaviour, as
# it does not touch these sysctls) the flow stays on the removed server
# until its entries time out. DR topology on one L2 segment.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
[[ -x $B/keeld ]] || lab_fail "no keeld in $B (set KEEL_BUILD)"
W=$TOPO_TMP
VIP=10.0.0.1

conf() {	# conf EXPIRE(yes|no) BACKENDS...
	local expire=$1 b
	shift
	echo "global_defs {"
	if [[ $expire == yes ]]; then
		echo "    lvs_expire_nodest_conn yes"
		echo "    lvs_expire_quiescent_template yes"
	fi
	echo "}"
	echo "virtual_server $VIP 9000 {"
	echo "    protocol UDP"
	echo "    lvs_sched rr"
	echo "    lvs_method DR"
	echo "    persistence_timeout 600"
	for b in "$@"; do echo "    real_server $b 9000 { }"; done
	echo "}"
}

# client_backend: the real server the client's flow is on now, or nothing
client_backend() {
	topo_exec "d$RUN" ipvsadm -Lnc | awk -v vip="$VIP:9000" \
		'$3 == "UDP" || $1 == "UDP" { if ($4 ~ /^10.0.0.100:[1-9]/ && $5 == vip) print $6 }' | head -1
}

has_conn() { [[ -n $(client_backend) ]]; }

run() {	# run yes|no: prints "moved" or "stuck"
	local expire=$1 first other n=0
	RUN=$expire
	topo_bridge "lan$RUN"
	topo_node "c$RUN" "lan$RUN" 10.0.0.100/24
	topo_node "d$RUN" "lan$RUN" 10.0.0.2/24 $VIP/24
	topo_node "b1$RUN" "lan$RUN" 10.0.0.11/24
	topo_node "b2$RUN" "lan$RUN" 10.0.0.12/24
	for n in "b1$RUN" "b2$RUN"; do	# DR backends hold the VIP without answering ARP for it
		topo_exec "$n" sh -c "ip addr add $VIP/32 dev lo && ip link set lo up &&
			sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2"
	done
	conf "$expire" 10.0.0.11 10.0.0.12 >"$W/$RUN.conf"
	topo_bg --log "$W/keeld-$RUN.log" "d$RUN" "$B/keeld" -n -l -f "$W/$RUN.conf" \
		-p "$W/$RUN.pid" --control-socket "$W/$RUN.sock"
	lab_wait_for 30 sh -c "ip netns exec $(topo_ns "d$RUN") ipvsadm -Ln | grep -q 10.0.0.12:9000" ||
		{ cat "$W/keeld-$RUN.log"; lab_fail "keeld did not program IPVS"; }
	# one UDP socket, one packet every 0.2 s: a WireGuard peer's keepalives
	# (no listener on the backends: ICMP errors fail every other write, harmlessly)
	topo_bg "c$RUN" bash -c "exec 3>/dev/udp/$VIP/9000 2>/dev/null
		while :; do echo ping >&3 2>/dev/null; sleep 0.2; done"
	lab_wait_for 10 has_conn || { topo_exec "d$RUN" ipvsadm -Lnc; lab_fail "no IPVS connection for the client"; }
	first=$(client_backend)
	[[ -n $first ]] || { topo_exec "d$RUN" ipvsadm -Lnc; lab_fail "cannot tell the client's backend"; }
	other=10.0.0.11:9000
	[[ $first == "$other" ]] && other=10.0.0.12:9000
	lab_log "expire=$expire: client on $first; removing it from the pool"
	conf "$expire" "${other%:9000}" >"$W/$RUN.conf"
	kill -HUP "$(cat "$W/$RUN.pid")"
	lab_wait_for 10 sh -c "! ip netns exec $(topo_ns "d$RUN") ipvsadm -Ln | grep -q $first" ||
		lab_fail "the removed server is still in IPVS"
	n=$((SECONDS + 4))	# 4 s of client packets, 20 of them
	while ((SECONDS < n)); do
		[[ $(client_backend) == "$other" ]] && break
		sleep 0.3
	done
	topo_exec "d$RUN" ipvsadm -Lnc | grep 10.0.0.100 | sed 's/^/    /'
	if [[ $(client_backend) == "$other" ]]; then
		echo moved >"$W/result-$RUN"
	else
		echo stuck >"$W/result-$RUN"
	fi
}

run yes
run no
lab_log "with keel's expire sysctls: $(cat "$W/result-yes"); without (keepalived): $(cat "$W/result-no")"
[[ $(cat "$W/result-yes") == moved ]] || lab_fail "the client did not move to a live server"
[[ $(cat "$W/result-no") == stuck ]] ||
	lab_fail "without the sysctls the flow moved too: this test no longer shows what they do"
lab_log "ok"
