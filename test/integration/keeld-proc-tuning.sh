#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
#
# keeld-proc-tuning: global_defs' process tuning on keel's one process,
# keepalived's VRRP process being the keeld-vrrp thread and its checker
# process the main thread. keeld -P with one instance that tracks a
# script and a track file:
#   1. vrrp_cpu_affinity 1, checker_cpu_affinity 0: each thread on its CPU
#   2. vrrp_rt_priority 9, checker_rt_priority 7: each thread SCHED_RR at
#      its priority, with SCHED_RESET_ON_FORK: the tracked script runs
#      SCHED_OTHER, on the VRRP thread's CPU
#   3. vrrp_no_swap: the process's memory locked (VmLck; not with an ASan
#      build, whose mlockall does nothing)
#   4. umask IWGRP|IWOTH|IROTH: the process's umask 0026, the track file
#      keeld creates (init_file) 0640
#   5. reloaded without them, umask 077 and vrrp_cpu_affinity naming a
#      CPU the machine lacks (a warning at its line, the line ignored):
#      both threads back on the CPUs keeld started with, SCHED_OTHER,
#      nothing locked, umask 0077
#   6. checker_no_swap without CAP_IPC_LOCK and RLIMIT_MEMLOCK 1 MB: the
#      failed lock is warned with the limit, keeld runs on (not with ASan)
# VRRP only (keeld -P): runs on any host with network namespaces and two
# CPUs.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"
# shellcheck source-path=SCRIPTDIR source=../lab/vrrp-node.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/vrrp-node.sh"

lab_require_cmd chrt
NCPU=$(nproc --all)
((NCPU >= 2)) || lab_skip "one CPU: nothing to pin apart"
# shellcheck disable=SC2119 # no third node
vrrp_lab
START_CPUS=$(awk '/^Cpus_allowed_list/ { print $2 }' /proc/self/status)
ASAN=$(ldd "$B/keeld" | grep -c libasan || true)

cat >"$W/probe.sh" <<SH
#!/bin/sh
{ chrt -p \$\$; grep Cpus_allowed_list /proc/\$\$/status; } >$W/probe.tmp
mv $W/probe.tmp $W/probe.out
SH
chmod +x "$W/probe.sh"

TRACKED='vrrp_script probe {
	script "'$W'/probe.sh"
	interval 1
}
vrrp_track_file tf {
	file "'$W'/tf"
	init_file 0
}'
VRRP_CONF_TOP="global_defs {
	vrrp_cpu_affinity 1
	checker_cpu_affinity 0
	vrrp_no_swap
	vrrp_rt_priority 9
	checker_rt_priority 7
	checker_rlimit_rttime 20000
	umask IWGRP|IWOTH | IROTH
}
$TRACKED"
EXTRA='track_script {
		probe
	}
	track_file {
		tf
	}'

fail_why() {
	tail -n 30 "$W/r1.log" || true
	lab_fail "$*"
}
PID=
task() {	# task NAME: the tid of keeld's thread NAME
	local t
	for t in /proc/"$PID"/task/*; do
		[[ $(cat "$t/comm") == "$1" ]] && { echo "${t##*/}"; return 0; }
	done
	return 1
}
cpus() { awk '/^Cpus_allowed_list/ { print $2 }' "/proc/$PID/task/$1/status"; }
policy() { chrt -p "$1" | sed 's/.*: //' | paste -sd ' '; }
status() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$PID/status"; }
RESULTS=()

vrrp_start r1 150 "$EXTRA"
PID=${VRRP_PID[r1]}
lab_wait_for 20 topo_has_addr r1 "$VIP" eth0 || fail_why "r1 does not take $VIP"
lab_wait_for 10 test -s "$W/probe.out" || fail_why "the tracked script did not run"
VT=$(task keeld-vrrp) || fail_why "no keeld-vrrp thread"

# 1, 2: each thread on its CPU, at its real-time priority
RESULTS+=("VRRP thread: CPUs $(cpus "$VT"), $(policy "$VT")")
RESULTS+=("main thread: CPUs $(cpus "$PID"), $(policy "$PID")")
[[ $(cpus "$VT") == 1 ]] || fail_why "vrrp_cpu_affinity 1: the VRRP thread is on CPUs $(cpus "$VT")"
[[ $(cpus "$PID") == 0 ]] || fail_why "checker_cpu_affinity 0: the main thread is on CPUs $(cpus "$PID")"
[[ $(policy "$VT") == "SCHED_RR|SCHED_RESET_ON_FORK 9" ]] || fail_why "VRRP thread: $(policy "$VT")"
[[ $(policy "$PID") == "SCHED_RR|SCHED_RESET_ON_FORK 7" ]] || fail_why "main thread: $(policy "$PID")"
probe=$(paste -sd ' ' "$W/probe.out")
RESULTS+=("tracked script: $probe")
[[ $probe == *"policy: SCHED_OTHER"*"priority: 0"*"list:"*[[:space:]]1 ]] ||
	fail_why "the tracked script ran as: $probe"

# 3: memory locked
if ((ASAN)); then
	RESULTS+=("VmLck not checked: an ASan keeld's mlockall does nothing")
else
	RESULTS+=("vrrp_no_swap: VmLck $(status VmLck) kB, VmRSS $(status VmRSS) kB")
	(($(status VmLck) > 0)) || fail_why "vrrp_no_swap: nothing locked"
fi
grep -q "memory locked" "$W/r1.log" || fail_why "no 'memory locked' line"

# 4: umask
mode=$(stat -c %a "$W/tf")
RESULTS+=("umask IWGRP|IWOTH|IROTH: Umask $(status Umask), track file $mode")
[[ $(status Umask) == 0026 ]] || fail_why "umask: the process has $(status Umask)"
[[ $mode == 640 ]] || fail_why "umask 026: init_file made the track file $mode"

# 5: reloaded without the tuning; a CPU the machine lacks is ignored
VRRP_CONF_TOP="global_defs {
	umask 077
	vrrp_cpu_affinity 0 $NCPU
}
$TRACKED"
vrrp_conf r1 150 "$EXTRA"
kill -HUP "$PID"
lab_wait_for 10 grep -q "reload done" "$W/r1.log" || fail_why "reload not done"
grep -Eq "r1.conf:3:[0-9]+: warning: vrrp_cpu_affinity: this machine has no CPU $NCPU" "$W/r1.log" ||
	fail_why "no warning for CPU $NCPU"
RESULTS+=("reloaded: VRRP thread CPUs $(cpus "$VT"), $(policy "$VT"); main CPUs $(cpus "$PID"), $(policy "$PID"); VmLck $(status VmLck) kB, VmRSS $(status VmRSS) kB, Umask $(status Umask)")
[[ $(cpus "$VT") == "$START_CPUS" && $(cpus "$PID") == "$START_CPUS" ]] ||
	fail_why "reloaded: threads on $(cpus "$VT") and $(cpus "$PID"), not $START_CPUS"
[[ $(policy "$VT") == "SCHED_OTHER 0" && $(policy "$PID") == "SCHED_OTHER 0" ]] ||
	fail_why "reloaded: still real-time"
[[ $(status VmLck) == 0 ]] || fail_why "reloaded: $(status VmLck) kB still locked"
[[ $(status Umask) == 0077 ]] || fail_why "reloaded with umask 077: $(status Umask)"
topo_has_addr r1 "$VIP" eth0 || fail_why "r1 lost $VIP"

vrrp_stop r1

# 6: no lock without CAP_IPC_LOCK under a small RLIMIT_MEMLOCK: warned
if ((ASAN)); then
	RESULTS+=("RLIMIT_MEMLOCK warning not checked: an ASan keeld's mlockall does nothing")
elif ! command -v setpriv >/dev/null; then
	RESULTS+=("RLIMIT_MEMLOCK warning not checked: no setpriv")
else
	VRRP_CONF_TOP="global_defs {
	checker_no_swap
}"
	vrrp_conf r2 100
	topo_bg --log "$W/r2.log" r2 setpriv --bounding-set -ipc_lock --inh-caps -ipc_lock -- \
		bash -c 'ulimit -l 1024 && exec "$@"' keeld "$B/keeld" -n -l -P -f "$W/r2.conf" \
		-p "$W/r2.pid" --control-socket "$W/r2.sock"
	VRRP_PID[r2]=$TOPO_PID
	lab_wait_for 20 grep -q "cannot lock keeld's memory" "$W/r2.log" ||
		{ tail -20 "$W/r2.log"; lab_fail "no warning for a lock past RLIMIT_MEMLOCK"; }
	RESULTS+=("$(grep -o "cannot lock keeld's memory.*" "$W/r2.log")")
	vrrp_stop r2
fi
printf '%s\n' "${RESULTS[@]}"
lab_log "keeld-proc-tuning: ok"
