#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench/vrrp-100.sh: 100 VRRP instances at advert_int 0.1 in one daemon,
# keeld against keepalived in the same lab session, in three rounds:
#   1. masters alone: each daemon runs in a fresh namespace as master of
#      VRIDs 1-100 (VRRPv3, one VIP each);
#   2. the same masters while the daemon also runs N TCP_CHECKs
#      (delay_loop 1, live listeners);
#   3. backups: each daemon backs up a keepalived master of the same 100
#      VRIDs on a link of their own (the other half of an HA pair).
# Once every instance is in its state (and every real server is in IPVS),
# over SECS seconds: the daemon's CPU seconds (all its processes), its
# peak RSS, and for masters the advert jitter seen on the wire by a third
# node (tcpdump): for each VRID the gaps between its adverts,
# |gap - 100 ms|, p50/p99/max over all.
# Goals (issue 6): CPU and RSS at most half of keepalived's (round 1),
# jitter p99 under 5 ms (round 2). Under software emulation the jitter
# includes the emulated machine's own timer noise; keepalived's figure
# from the same run says how much.
#
#   KEEL_BUILD=/path/to/build bench/vrrp-100.sh [N]   (default 10000)
#   KEEL_BENCH_SECS=30 (the measuring window)
#   KEEL_BENCH_RT=N   both daemons get vrrp_rt_priority N (keeld's VRRP
#                     thread, keepalived's VRRP process) and
#                     vrrp_rlimit_rttime KEEL_BENCH_RTTIME (default 1 s:
#                     with the default 10 ms keepalived's VRRP process is
#                     killed at start under emulation); default: none

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
N=${1:-10000}
SECS=${KEEL_BENCH_SECS:-30}
W=$TOPO_TMP
HZ=$(getconf CLK_TCK)
ulimit -n 65536
lab_require_cmd tcpdump keepalived ipvsadm

topo_bridge lan
topo_node srv lan 10.2.0.1/16
topo_node obs lan 10.2.0.2/16
topo_bridge lan2
topo_node bmaster lan2 10.4.0.1/16

RT=${KEEL_BENCH_RT:-}

vrrp_conf() {	# STATE PRIORITY: 100 instances on eth0, VRIDs 1-100
	local i
	[[ -z $RT ]] || printf 'global_defs {\n vrrp_rt_priority %d\n vrrp_rlimit_rttime %d\n}\n' \
		"$RT" "${KEEL_BENCH_RTTIME:-1000000}"
	for ((i = 1; i <= 100; i++)); do
		printf 'vrrp_instance VI_%d {\n state %s\n interface eth0\n virtual_router_id %d\n' "$i" "$1" "$i"
		printf ' priority %d\n version 3\n advert_int 0.1\n virtual_ipaddress {\n  10.3.%d.1/32\n }\n}\n' "$2" "$i"
	done
}

# vrids_seen FILE: distinct VRIDs in a tcpdump log
vrids_seen() { grep -o 'vrid [0-9]*' "$1" 2>/dev/null | sort -u | wc -l; }

# start DAEMON NODE CONF: the daemon on NODE; sets PIDS once it runs
start() {
	local d=$1 node=$2 conf=$3
	if [[ $d == keeld ]]; then
		topo_bg --log "$W/$node.log" "$node" "$B/keeld" -n -l -f "$conf" \
			-p "$W/$node.pid" --control-socket "$W/$node.sock"
	else
		topo_bg --log "$W/$node.log" "$node" keepalived -n -l -f "$conf" \
			-p "$W/$node.pid" -c "$W/$node-chk.pid" -r "$W/$node-vrrp.pid"
	fi
}

# measure PIDS...: sets RUN_CPU (s) over SECS seconds and RUN_RSS (MB)
measure() {
	local t0 t1
	t0=$(cpu_ticks "$@")
	sleep "$SECS"
	t1=$(cpu_ticks "$@")
	RUN_CPU=$(awk -v a="$t0" -v b="$t1" -v hz="$HZ" 'BEGIN { printf "%.2f", (b - a) / hz }')
	RUN_RSS=$(awk -v k="$(peak_rss_kb "$@")" 'BEGIN { printf "%.1f", k / 1024 }')
}

# run DAEMON NODE CHECKS: masters with CHECKS TCP_CHECKs; sets RUN_CPU,
# RUN_RSS, RUN_JITTER ("p50 p99 max gaps"), RUN_DONE (checks completed in
# the window: the listener's SYN-ACKs)
run() {
	local d=$1 node=$2 checks=$3 pids=() dump addr start a0 a1
	addr=10.2.$((RANDOM % 200 + 10)).1
	topo_node "$node" lan "$addr/16"
	listen_watch "$addr"
	{ vrrp_conf MASTER 150; ((checks == 0)) || tcp_checks_conf "$checks"; } >"$W/$node.conf"
	start "$d" "$node" "$W/$node.conf"
	lab_wait_for 600 sh -c "[ \$(ip netns exec $(topo_ns "$node") ipvsadm -Ln | grep -c '^  -> 10.2.0.1:') -ge $checks ]" ||
		{ tail -5 "$W/$node.log"; lab_fail "$d: not all $checks real servers came up"; }
	cap=$W/$node.adverts
	topo_bg --log "$cap" obs tcpdump -i eth0 -n -tt -l -p ip proto 112 and src host "$addr"
	dump=$TOPO_PID
	lab_wait_for 60 sh -c "[ \$(grep -o 'vrid [0-9]*' $cap | sort -u | wc -l) -ge 100 ]" ||
		{ tail -5 "$W/$node.log"; lab_fail "$d: only $(vrids_seen "$cap") of 100 instances advertise"; }
	start=$(wc -l <"$cap")	# the window starts now
	mapfile -t pids < <(pgrep -f "$W/$node.conf")
	a0=$(listen_answers "$addr")
	measure "${pids[@]}"
	a1=$(listen_answers "$addr")
	RUN_DONE=$((a1 - a0))
	RUN_JITTER=$(awk -v start="$start" '
		NR > start && match($0, /vrid [0-9]+/) {
			v = substr($0, RSTART + 5, RLENGTH - 5); t = $1 * 1000
			if (v in last) { d = t - last[v] - 100; if (d < 0) d = -d; print d }
			last[v] = t
		}' "$cap" | sort -n | awk '
		function at(q,  i) { i = int(NR * q) + 1; if (i > NR) i = NR; return a[i] }
		{ a[NR] = $1 }
		END {
			if (!NR) { print "- - - 0"; exit }
			printf "%.1f %.1f %.1f %d\n", at(0.5), at(0.99), a[NR], NR }')
	kill -TERM "${pids[@]}" 2>/dev/null || true
	sleep 2
	kill "$dump" 2>/dev/null || true
}

# run_backup DAEMON NODE: 100 backups of bmaster's instances on link lan2;
# sets RUN_CPU, RUN_RSS
run_backup() {
	local d=$1 node=$2 pids=()
	topo_node "$node" lan2 "10.4.$((RANDOM % 200 + 10)).1/16"
	vrrp_conf BACKUP 100 >"$W/$node.conf"
	start "$d" "$node" "$W/$node.conf"
	lab_wait_for 60 sh -c "[ \$(grep -ci 'backup' $W/$node.log) -ge 100 ]" ||
		{ tail -5 "$W/$node.log"; lab_fail "$d: not all 100 instances are backups"; }
	sleep 3
	if grep -qi 'entering master\|-> MASTER' "$W/$node.log"; then
		lab_fail "$d: a backup took over from the running master"
	fi
	mapfile -t pids < <(pgrep -f "$W/$node.conf")
	measure "${pids[@]}"
	kill -TERM "${pids[@]}" 2>/dev/null || true
	sleep 2
}

listen_start srv "$N"
echo "vrrp-100: kernel $(uname -r) (lab: $LAB_INSIDE), keepalived $(keepalived --version 2>&1 | awk 'NR == 1 { print $2 }'), 100 instances at advert_int 0.1, over ${SECS} s${RT:+, vrrp_rt_priority $RT}"
# report WHAT CPU RSS DONE P50 P99 MAX GAPS
report() {
	printf '%-28s CPU %s s, peak RSS %s MB; checks completed %s/s; advert jitter |gap - 100 ms|: p50 %s ms, p99 %s ms, max %s ms (%s gaps)\n' \
		"$1" "$2" "$3" "$(($4 / SECS))" "$5" "$6" "$7" "${8:-0}"
}
ratios() {	# WHAT KEELD_CPU KEELD_RSS KA_CPU KA_RSS
	awk -v w="$1" -v kc="$2" -v kr="$3" -v ac="$4" -v ar="$5" 'BEGIN {
		printf "ratios keeld/keepalived, %s: CPU %.2f, RSS %.2f\n", w,
			(ac > 0 ? kc / ac : 0), (ar > 0 ? kr / ar : 0) }'
}

echo "round 1: 100 masters"
run keeld k0 0
k0c=$RUN_CPU k0r=$RUN_RSS
# shellcheck disable=SC2086 # the jitter figures are words
report "keeld masters" "$RUN_CPU" "$RUN_RSS" "$RUN_DONE" $RUN_JITTER
run keepalived a0 0
# shellcheck disable=SC2086
report "keepalived masters" "$RUN_CPU" "$RUN_RSS" "$RUN_DONE" $RUN_JITTER
ratios "100 masters (goal <= 0.5 each)" "$k0c" "$k0r" "$RUN_CPU" "$RUN_RSS"

if ((N > 0)); then
	echo "round 2: 100 masters + $N TCP_CHECKs"
	run keeld k1 "$N"
	k1c=$RUN_CPU k1r=$RUN_RSS
	# shellcheck disable=SC2086
	report "keeld masters + checks" "$RUN_CPU" "$RUN_RSS" "$RUN_DONE" $RUN_JITTER
	run keepalived a1 "$N"
	# shellcheck disable=SC2086
	report "keepalived masters + checks" "$RUN_CPU" "$RUN_RSS" "$RUN_DONE" $RUN_JITTER
	ratios "masters + $N checks" "$k1c" "$k1r" "$RUN_CPU" "$RUN_RSS"
	echo "goal: keeld's advert jitter p99 < 5 ms with the checks"
fi

echo "round 3: 100 backups of a keepalived master"
vrrp_conf MASTER 150 >"$W/bmaster.conf"
start keepalived bmaster "$W/bmaster.conf"
sleep 5
run_backup keeld kb
kbc=$RUN_CPU kbr=$RUN_RSS
printf '%-28s CPU %s s, peak RSS %s MB\n' "keeld backups" "$RUN_CPU" "$RUN_RSS"
run_backup keepalived ab
printf '%-28s CPU %s s, peak RSS %s MB\n' "keepalived backups" "$RUN_CPU" "$RUN_RSS"
ratios "100 backups" "$kbc" "$kbr" "$RUN_CPU" "$RUN_RSS"
