#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: parallel, long (asserts nothing about time; see test/lab/run-integration)
#
# ipvs-conformance: for every config in test/conformance/, keepalived (LVS
# part only) and keeld each program IPVS in a fresh network namespace of
# their own; once both tables are stable they must be the same, compared
# field by field with ipvsadm as the oracle:
#   ipvsadm -S -n                 every service and dest option: scheduler,
#                                 flags, persistence, pe, ops, method,
#                                 weight, tunnel type, port and checksum
#   ipvsadm -Ln --thresholds      the dest thresholds (-S leaves them out)
# Prints one line per config. A difference fails the test unless EXPECTED
# below lists that config with a pattern every differing line matches and
# the reason (docs/keepalived-differences.md explains each).

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
[[ -x $B/keeld ]] || lab_fail "no keeld in $B (set KEEL_BUILD)"
lab_require_cmd keepalived ipvsadm
CORPUS=$(cd "$(dirname -- "${BASH_SOURCE[0]}")/../conformance" && pwd)
W=$TOPO_TMP
JOBS=${CONFORMANCE_JOBS:-3}
# Both daemons program IPVS at start, with nothing to wait for; this limit
# only ends a run whose table never settles. Under emulation on a loaded
# host keepalived alone has needed 25 s to start and bash loops crawl.
STABLE_S=120
# A sleep with no process per call: read -t on a pipe no one writes to.
exec {NAP}<> <(:)
nap() { read -r -t "$1" -u "$NAP" _ || true; }

# Known, explained differences: config -> "ERE every differing line matches|reason".
declare -A EXPECTED=(
)

# The SIP persistence engine is a separate module that not every kernel has.
SIP=1
modprobe ip_vs_pe_sip 2>/dev/null || SIP=0

# new_ns NAME: a namespace with lo and a dummy link carrying default routes,
# so every real server of the corpus is routable.
new_ns() {
	local ns=$TOPO_PREFIX$1
	ip netns add "$ns"
	printf '%s\n' 'link set lo up' 'link add dum0 type dummy' 'link set dum0 up' \
		'route add 0.0.0.0/0 dev dum0' 'route add ::/0 dev dum0' | ip -n "$ns" -batch -
	printf '%s' "$ns"
}

# table NS: what ipvsadm shows of the namespace's IPVS, one line per fact,
# threshold lines prefixed with their service, sorted. (--tun-info shows
# nothing -S lacks; --persistent-conn adds only live counters.)
table() {
	ip netns exec "$1" sh -c 'ipvsadm -S -n | sed "s/^/S /"
		ipvsadm -Ln --thresholds | awk "
			/^(TCP|UDP|SCTP|FWM)/ { svc = \$1 \" \" \$2; next }
			/^  ->/ && \$2 != \"RemoteAddress:Port\" { print \"T\", svc, \$0 }"' |
		LC_ALL=C sort
}

# wait_stable PID: returns once the IPVS table of PID's namespace is not
# empty and the same in four reads 0.4 s apart; 1 when PID died or the table
# never settled. Reads /proc/PID/net/ip_vs with no process started, as ipvsadm
# costs ~0.5 s under emulation.
wait_stable() {
	local pid=$1 prev='' cur n=0 deadline=$((SECONDS + STABLE_S))
	while ((SECONDS < deadline)); do
		kill -0 "$pid" 2>/dev/null || return 1
		cur=
		IFS= read -r -d '' cur <"/proc/$pid/net/ip_vs" || true
		if [[ $cur == *"->"*"->"* && $cur == "$prev" ]]; then
			n=$((n + 1))
			((n < 3)) || return 0
		else
			n=0
		fi
		prev=$cur
		nap 0.4
	done
	return 1
}

# verdict NAME: prints the line for one config; 1 when it fails.
verdict() {
	local name=$1 d=$W/$1 r exp pat why bad
	r=$(cat "$d/result")
	if [[ $r != ok ]]; then
		echo "$name: FAILED ($r)"
		tail -n 15 "$d/keepalived.log" "$d/keeld.log" | sed 's/^/    | /'
		return 1
	fi
	diff "$d/ka.table" "$d/kd.table" | grep -E '^[<>]' >"$d/diff" || true
	if [[ ! -s $d/diff ]]; then
		echo "$name: same ($(grep -c '^S -a' "$d/kd.table") dests, $(grep -c '^S -A' "$d/kd.table") services)"
		return 0
	fi
	exp=${EXPECTED[$name]:-}
	pat=${exp%%|*}
	why=${exp#*|}
	bad=$(grep -Ev -- "${pat:-^\$}" "$d/diff" || true)
	if [[ -n $exp && -z $bad ]]; then
		echo "$name: differs as expected ($why)"
		sed 's/^/    /' "$d/diff"
		return 0
	fi
	echo "$name: differs (< keepalived, > keeld)"
	sed 's/^/    /' "$d/diff"
	return 1
}

# run_one NAME: both daemons on one config; writes $W/NAME.result.
run_one() {
	local name=$1 conf=$CORPUS/$1 d=$W/$1 nka nkd ka kd r=ok t=$SECONDS t1 t2 t3 t4
	mkdir -p "$d"
	echo setup-failed >"$d/result"
	nka=$(new_ns "ka-$name") && nkd=$(new_ns "kd-$name") || return 1
	# keepalived resolves the host name at start: in a UTS namespace named
	# localhost (in /etc/hosts) that costs no DNS timeout.
	ip netns exec "$nka" unshare --uts sh -c 'hostname localhost && exec "$@"' - \
		keepalived -n -l -D -C -f "$conf" -p "$d/ka.pid" -c "$d/ka-check.pid" \
		>"$d/keepalived.log" 2>&1 &
	ka=$!
	ip netns exec "$nkd" "$B/keeld" -n -l -C -f "$conf" -p "$d/kd.pid" \
		--control-socket "$d/kd.sock" >"$d/keeld.log" 2>&1 &
	kd=$!
	t1=$SECONDS
	wait_stable "$ka" || r="keepalived-unstable"
	t2=$SECONDS
	wait_stable "$kd" || r="${r/ok/}${r:+ }keeld-unstable"
	t3=$SECONDS
	table "$nka" >"$d/ka.table"
	table "$nkd" >"$d/kd.table"
	t4=$SECONDS
	kill -TERM "$kd" "$ka" 2>/dev/null || true
	wait "$kd" "$ka" 2>/dev/null || true
	ip netns del "$nka"
	ip netns del "$nkd"
	echo "$r" >"$d/result"
	lab_log "$name: $r (setup $((t1 - t)) s, keepalived $((t2 - t1)) s, keeld +$((t3 - t2)) s, read $((t4 - t3)) s, end $((SECONDS - t4)) s)"
	verdict "$name" >"$d/verdict" || true
	cat "$d/verdict"
}

mapfile -t CONFS < <(cd "$CORPUS" && ls | LC_ALL=C sort)
[[ ${#CONFS[@]} -ge 25 ]] || lab_fail "corpus has ${#CONFS[@]} configs, want >= 25"
if [[ -n ${CONFORMANCE_ONLY:-} ]]; then	# a debugging aid: an ERE on names
	mapfile -t CONFS < <(printf '%s\n' "${CONFS[@]}" | grep -E -- "$CONFORMANCE_ONLY")
	lab_log "CONFORMANCE_ONLY: ${#CONFS[@]} configs, NOT the whole corpus"
fi
topo_on_exit 'for n in $(ip netns list | awk -v p="$TOPO_PREFIX" "index(\$1, p) == 1 {print \$1}"); do
	kill -KILL $(ip netns pids "$n") 2>/dev/null; ip netns del "$n"; done'

t0=$SECONDS
running=0
for c in "${CONFS[@]}"; do
	if [[ $c == persistence-sip.conf && $SIP == 0 ]]; then
		continue
	fi
	run_one "$c" &
	running=$((running + 1))
	if ((running >= JOBS)); then
		wait -n || true
		running=$((running - 1))
	fi
done
wait

fail=0 same=0 expected=0 skipped=0
for c in "${CONFS[@]}"; do
	if [[ $c == persistence-sip.conf && $SIP == 0 ]]; then
		echo "$c: not run (no ip_vs_pe_sip module in this kernel)"
		skipped=$((skipped + 1))
		continue
	fi
	if [[ ! -e $W/$c/result ]]; then
		echo "$c: FAILED (the run left no result)"
		fail=$((fail + 1))
		continue
	fi
	out=$(head -n 1 "$W/$c/verdict")
	case $out in
	*": same "*) same=$((same + 1)) ;;
	*": differs as expected "*) expected=$((expected + 1)) ;;
	*) fail=$((fail + 1)) ;;
	esac
	printf '%s\n' "$out"
done
for c in "${CONFS[@]}"; do
	if grep -Eqs "AddressSanitizer|LeakSanitizer|runtime error" "$W/$c/keeld.log"; then
		cat "$W/$c/keeld.log"
		lab_fail "sanitizer report from keeld on $c"
	fi
done
lab_log "${#CONFS[@]} configs in $((SECONDS - t0)) s: $same same, $expected differ as expected, $fail differ, $skipped not run"
[[ $skipped -eq 0 ]] || lab_log "note: $skipped config(s) not run; they are NOT counted as conforming"
if [[ $fail -ne 0 ]]; then
	keep=$CORPUS/../lab/logs/ipvs-conformance.d
	rm -rf "$keep" && mkdir -p "$keep" && cp -r "$W"/. "$keep"/
	lab_fail "$fail config(s) differ (tables and daemon logs in ${keep#"$CORPUS"/../})"
fi
lab_log ok
