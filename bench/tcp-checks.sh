#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench/tcp-checks.sh: the cost of many TCP_CHECKs, keeld against
# keepalived in the same lab session. N real servers (100 NAT virtual
# servers, N/100 real servers each, all on one listener namespace that
# accepts and closes), each with a TCP_CHECK at delay_loop 1 (keeld's
# default half-open probe, keepalived's connect). Each daemon
# runs alone (-C: IPVS and checks only) in a fresh namespace; once every
# real server is in IPVS, its CPU seconds (user + system, all its
# processes) are read over SECS seconds, then its peak RSS. Prints both
# and the ratios (goal: CPU <= 1/3, RSS <= 1/2 of keepalived's).
#
#   KEEL_BUILD=/path/to/build bench/tcp-checks.sh [N...]   (default 1000 10000)
#   KEEL_BENCH_SECS=60 (the measuring window)
#   KEEL_BENCH_FULL=1 (keeld a second time, with full_handshake: its
#                      connect-and-reset probe, keepalived's way)
# After the daemons, bench/syn_floor probes the same listeners the same
# number of times a second with nothing else in the loop (sendmmsg and
# recvmmsg every 4 ms): its CPU per answered probe is the floor, the
# packets' own cost in the lab, which no daemon's probe goes under.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=in-lab.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/in-lab.sh"
# shellcheck source-path=SCRIPTDIR source=../test/lab/topo.sh
. "$REPO/test/lab/topo.sh"
# shellcheck source-path=SCRIPTDIR source=tcp-listen.sh
. "$REPO/bench/tcp-listen.sh"
# shellcheck source-path=SCRIPTDIR source=proc-stats.sh
. "$REPO/bench/proc-stats.sh"

B=${KEEL_BUILD:?}
SECS=${KEEL_BENCH_SECS:-60}
SIZES=("$@")
((${#SIZES[@]})) || SIZES=(1000 10000)
W=$TOPO_TMP
HZ=$(getconf CLK_TCK)
ulimit -n 65536

topo_bridge lan
topo_node srv lan 10.2.0.1/16

# run DAEMON N NODE [OPTION]: sets RUN_CPU (s), RUN_RSS (MB) and RUN_DONE (checks
# completed in the window: SYN-ACKs the listener sent to NODE)
run() {
	local d=$1 n=$2 node=$3 pids=() t0 t1 a0 a1 addr
	addr=10.2.$((RANDOM % 200 + 10)).1
	topo_node "$node" lan "$addr/16"
	listen_watch "$addr"
	tcp_checks_conf "$n" 10.2.0.1 "${4:-}" >"$W/$node.conf"
	if [[ $d == keeld ]]; then
		topo_bg --log "$W/$node.log" "$node" "$B/keeld" -n -l -C -f "$W/$node.conf" \
			-p "$W/$node.pid" --control-socket "$W/$node.sock"
	else
		topo_bg --log "$W/$node.log" "$node" keepalived -n -l -C -f "$W/$node.conf" \
			-p "$W/$node.pid" -c "$W/$node-chk.pid"
	fi
	lab_wait_for 600 sh -c "[ \$(ip netns exec $(topo_ns "$node") ipvsadm -Ln | grep -c '^  -> 10.2.0.1:') -ge $n ]" ||
		{ tail -5 "$W/$node.log"; lab_fail "$d: not all $n real servers came up"; }
	sleep 3
	mapfile -t pids < <(pgrep -f "$W/$node.conf")
	a0=$(listen_answers "$addr")
	t0=$(cpu_ticks "${pids[@]}")
	sleep "$SECS"
	t1=$(cpu_ticks "${pids[@]}")
	a1=$(listen_answers "$addr")
	RUN_DONE=$((a1 - a0))
	RUN_CPU=$(awk -v a="$t0" -v b="$t1" -v hz="$HZ" 'BEGIN { printf "%.2f", (b - a) / hz }')
	RUN_RSS=$(awk -v k="$(peak_rss_kb "${pids[@]}")" 'BEGIN { printf "%.1f", k / 1024 }')
	kill -TERM "${pids[@]}" 2>/dev/null || true
	sleep 2
	ip netns exec "$(topo_ns "$node")" ipvsadm -C
}

listen_start srv "${SIZES[-1]}"
echo "tcp-checks: kernel $(uname -r) (lab: $LAB_INSIDE), keepalived $(keepalived --version 2>&1 | awk 'NR == 1 { print $2 }'), CPU over ${SECS} s once all real servers are up"
k=0
for n in "${SIZES[@]}"; do
	k=$((k + 1))
	run keeld "$n" "k$k"
	kc=$RUN_CPU kr=$RUN_RSS kd=$RUN_DONE
	run keepalived "$n" "a$k"
	ac=$RUN_CPU ar=$RUN_RSS ad=$RUN_DONE
	# a saturated daemon completes fewer checks than asked: its CPU per
	# completed check says which one does the work cheaper
	awk -v n="$n" -v kc="$kc" -v kr="$kr" -v ac="$ac" -v ar="$ar" -v kd="$kd" -v ad="$ad" -v s="$SECS" 'BEGIN {
		printf "%5d TCP_CHECKs: keeld %.2f CPU s, %.1f MB; keepalived %.2f CPU s, %.1f MB; ratios CPU %.2f (goal <= 0.33), RSS %.2f (goal <= 0.5)\n",
			n, kc, kr, ac, ar, (ac > 0 ? kc / ac : 0), (ar > 0 ? kr / ar : 0)
		kp = kd > 0 ? kc * 1e6 / kd : 0; ap = ad > 0 ? ac * 1e6 / ad : 0
		printf "%5d TCP_CHECKs: checks completed per s (asked: %d): keeld %.0f, keepalived %.0f; CPU per completed check: keeld %.0f us, keepalived %.0f us, ratio %.2f\n",
			n, n, kd / s, ad / s, kp, ap, (ap > 0 ? kp / ap : 0) }'
	# the floor, from a node of its own
	topo_node "s$k" lan "10.2.250.$k/16"
	listen_watch "10.2.250.$k"
	read -r _ fa fc fp < <(topo_exec "s$k" "$B/bench/syn_floor" "10.2.250.$k" 10.2.0.1 20000 "$n" "$SECS")
	awk -v n="$n" -v fa="$fa" -v fc="$fc" -v fp="$fp" -v kc="$kc" -v kd="$kd" -v ac="$ac" -v ad="$ad" -v s="$SECS" 'BEGIN {
		kp = kd > 0 ? kc * 1e6 / kd : 0; ap = ad > 0 ? ac * 1e6 / ad : 0
		printf "%5d TCP_CHECKs: floor (bench/syn_floor) %.2f CPU s, %.0f answered per s, %.0f us per answered probe; keeld %.2fx the floor per check, the goal (0.33x keepalived) is %.0f us per check\n",
			n, fc, fa / s, fp, (fp > 0 ? kp / fp : 0), ap / 3 }'
	[[ -n ${KEEL_BENCH_FULL:-} ]] || continue
	run keeld "$n" "f$k" full_handshake
	awk -v n="$n" -v c="$RUN_CPU" -v r="$RUN_RSS" -v d="$RUN_DONE" -v ac="$ac" -v ad="$ad" -v s="$SECS" 'BEGIN {
		p = d > 0 ? c * 1e6 / d : 0; ap = ad > 0 ? ac * 1e6 / ad : 0
		printf "%5d TCP_CHECKs: keeld full_handshake %.2f CPU s, %.1f MB, %.0f checks/s, %.0f us per completed check; ratio CPU %.2f, per check %.2f\n",
			n, c, r, d / s, p, (ac > 0 ? c / ac : 0), (ap > 0 ? p / ap : 0) }'
done
