#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench/check-mem.sh: keeld's memory for N TCP_CHECKs at delay_loop 1
# against live listeners, on this host (no lab: keeld -C runs its checks
# whether or not the kernel has IPVS). For each N (0 first: the idle
# daemon) keeld runs SECS seconds, then prints its VmHWM and VmRSS, the
# checks whose last probe succeeded (so a dead listener cannot pass for a
# cheap check), the bytes per check above the idle daemon, and its CPU
# seconds since start (a rough guard against trading memory for CPU; the
# host is shared, so compare runs interleaved).
#
#   KEEL_BUILD=/path/to/release-build bench/check-mem.sh [N...]  (default 10000)
#   KEEL_BENCH_SECS=10 (how long each daemon runs)
#   KEEL_BENCH_ADDR=127.0.3.1 (the listeners' local address)
#   KEEL_BENCH_MASSIF=1: also run keeld under valgrind --tool=massif for
#   the largest N and print the top of its peak snapshot
# Use a build without sanitizers (scripts/build.sh DIR).

set -euo pipefail
REPO=$(cd "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=tcp-listen.sh
. "$REPO/bench/tcp-listen.sh"
# shellcheck source-path=SCRIPTDIR source=proc-stats.sh
. "$REPO/bench/proc-stats.sh"

B=$(cd "${KEEL_BUILD:?set KEEL_BUILD to a build dir}" && pwd)
SECS=${KEEL_BENCH_SECS:-10}
ADDR=${KEEL_BENCH_ADDR:-127.0.3.1}
SIZES=("$@")
((${#SIZES[@]})) || SIZES=(10000)
W=$(mktemp -d /tmp/check-mem.XXXXXX)
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	# the listeners' ports are free for the next run only once it is gone
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -rf "$W"
}
trap cleanup EXIT
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

max=0
for n in "${SIZES[@]}"; do ((n > max)) && max=$n; done
listen_py
/usr/bin/python3 "$W/listen.py" "$max" "$ADDR" >"$W/listen.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 600); do
	grep -q listening "$W/listen.log" && break
	kill -0 "${PIDS[0]}" 2>/dev/null || { cat "$W/listen.log"; exit 1; }
	sleep 0.1
done

status_kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$2/status"; }

# run N [WRAPPER...]: starts keeld on N checks, sets PID
run() {
	local n=$1
	shift
	tcp_checks_conf "$n" "$ADDR" >"$W/$n.conf"
	"$@" "$B/keeld" -n -l -C -f "$W/$n.conf" -p "$W/$n.pid" --control-socket "$W/$n.sock" \
		>"$W/$n.log" 2>&1 &
	PID=$!
	PIDS+=("$PID")
}

echo "check-mem: $(uname -r), keeld $("$B/keeld" --version | head -1), ${SECS} s each, listeners at $ADDR"
idle=0
for n in 0 "${SIZES[@]}"; do
	run "$n"
	sleep "$SECS"
	kill -0 "$PID" 2>/dev/null || { tail -5 "$W/$n.log"; echo "keeld on $n checks exited" >&2; exit 1; }
	hwm=$(status_kb VmHWM "$PID") rss=$(status_kb VmRSS "$PID") cpu=$(cpu_ticks "$PID")
	# a saturated loop (the lab VM) may not answer keelctl in time: -1
	ok=$({ "$B/keelctl" -s "$W/$n.sock" --json checks || echo FAILED; } |
		{ grep -o '"last": *"ok"\|FAILED' || true; } | awk '/FAILED/ { print -1; f = 1 } END { if (!f) print NR }')
	kill -TERM "$PID"
	wait "$PID" || true
	# where the kernel has IPVS (the lab VM) keeld programmed it: the next
	# daemon must not start by reading and removing 10,000 dests
	ipvsadm -C 2>/dev/null || true
	((n == 0)) && idle=$hwm
	awk -v n="$n" -v h="$hwm" -v r="$rss" -v ok="$ok" -v i="$idle" -v t="$cpu" -v hz="$(getconf CLK_TCK)" 'BEGIN {
		printf "%6d TCP_CHECKs: VmHWM %.1f MB, VmRSS %.1f MB, last ok %s", n, h / 1024, r / 1024,
			ok < 0 ? "unknown (keelctl had no reply)" : ok
		if (n > 0) printf ", %.0f bytes per check above idle", (h - i) * 1024 / n
		printf ", CPU %.2f s\n", t / hz }'
	((n == 0 || ok < 0 || ok * 10 >= n * 9)) || { echo "fewer than 90% of the checks are up: listeners?" >&2; exit 1; }
done

if [[ -n ${KEEL_BENCH_MASSIF:-} ]]; then
	run "$max" valgrind --tool=massif --massif-out-file="$W/massif.out"
	sleep "$((SECS * 3))"
	kill -TERM "$PID"
	wait "$PID" || true
	# the peak snapshot's row of the table, then its allocation tree
	ms_print "$W/massif.out" | awk -v depth="${KEEL_BENCH_MASSIF_LINES:-60}" '
		/^ Detailed snapshots:/ { match($0, /[0-9]+ \(peak\)/); peak = substr($0, RSTART, RLENGTH - 7) }
		peak != "" && $1 == peak && NF >= 6 { n = depth }
		n > 0 { print; n-- }'
fi
