#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every keepalived sample configuration through `keeld -t` and through
# `keepalived -t` (diagnostics compared, not exit codes: keepalived -t exits
# non-zero for mere warnings). keeld must report no error on any sample, and
# a diagnostic (error or warning) on every line keepalived names in one of
# its "(FILE: Line N) ..." messages, but for the exceptions listed below,
# each with its reason; an exception that is no longer needed fails too, so
# the list stays true.
#
# keepalived runs in a network namespace of its own that holds the
# interfaces the samples name, so that what it says does not depend on the
# interfaces of the machine running the test. That needs root (CI) or
# unprivileged user namespaces; without them, or without keepalived, the
# test is skipped (exit 77), which automake counts as a skip, not a pass.
#   KEELD=./keeld test/keepalived-samples.sh
# KEEPALIVED and KEEL_SAMPLES (default /usr/share/doc/keepalived/samples)
# may be set.

KEELD=${KEELD:-./keeld}
KEEPALIVED=${KEEPALIVED:-keepalived}
SAMPLES=${KEEL_SAMPLES:-/usr/share/doc/keepalived/samples}
# the interfaces the samples name
IFACES="eth0 eth1 eth2 eth3 eth0.1"

# Options a sample is meant to be read with (both tools get them).
sample_args() {
	case $1 in
	conditional_conf) echo "-i high" ;;	# its first line: run with '-i high' or '-i low'
	esac
}

# SAMPLE LINE REASON: keepalived names the line, keeld legitimately does not.
EXCEPTIONS=''

skip() {
	echo "SKIP: $*"
	exit 77
}

# Inside the namespace: make the interfaces (dummy where the kernel has it,
# else ifb or bridge: keepalived only needs them to exist), then run
# keepalived -t on every sample, its output to OUTDIR/NAME.out.
in_netns() {
	out=$1
	ip link set lo up 2>/dev/null
	for i in $IFACES; do
		for type in dummy ifb bridge; do
			ip link add "$i" type "$type" 2>/dev/null && break
		done
		ip link set "$i" up 2>/dev/null || { echo "cannot make interface $i" >&2; exit 1; }
	done
	for f in "$SAMPLES"/keepalived.conf.*; do
		name=${f#"$SAMPLES"/keepalived.conf.}
		# a wrapper shell, so that a crash is reported, not shown
		# shellcheck disable=SC2046
		sh -c 'timeout 10 "$0" -t -f "$1" -n -l $2 2>&1; echo "exit $?"' \
			"$KEEPALIVED" "$f" "$(sample_args "$name")" >"$out/$name.out" 2>/dev/null
	done
}

if [ "$1" = --in-netns ]; then
	in_netns "$2"
	exit $?
fi

case $KEELD in
/*) ;;
*/*) KEELD=$(pwd)/$KEELD ;;
esac
command -v "$KEEPALIVED" >/dev/null 2>&1 || skip "$KEEPALIVED is not installed"
ls "$SAMPLES"/keepalived.conf.* >/dev/null 2>&1 || skip "no samples in $SAMPLES"
command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1 ||
	skip "unshare(1) and ip(8) are needed to give keepalived its own interfaces"
if [ "$(id -u)" -eq 0 ] && unshare -n true 2>/dev/null; then
	ns="unshare -n"
elif unshare -rn true 2>/dev/null; then
	ns="unshare -rn"
else
	skip "cannot make a network namespace (needs root or unprivileged user namespaces)"
fi

work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
KEEPALIVED=$(command -v "$KEEPALIVED") SAMPLES=$SAMPLES $ns sh "$self" --in-netns "$work" ||
	skip "could not run keepalived in a network namespace"

fail=0 checked=0 lines=0
used=""
for f in "$SAMPLES"/keepalived.conf.*; do
	name=${f#"$SAMPLES"/keepalived.conf.}
	# shellcheck disable=SC2046
	kout=$("$KEELD" -t -f "$f" $(sample_args "$name") 2>&1 >/dev/null)
	krc=$?
	if [ "$krc" -ne 0 ] || printf '%s\n' "$kout" | grep -q ': error: '; then
		echo "FAIL $name: keeld -t exit $krc: $(printf '%s\n' "$kout" | grep -m1 ': error: ')"
		fail=$((fail + 1))
	fi
	klines=$(printf '%s\n' "$kout" | awk -v f="$f:" '
		index($0, f) == 1 { split(substr($0, length(f) + 1), p, ":"); print p[1] }' | sort -un)
	alines=$(awk -v f="$f" '
		match($0, /^\([^()]*: Line [0-9]+\)/) {
			head = substr($0, 2, RLENGTH - 2)
			file = head; sub(/: Line [0-9]+$/, "", file)
			if (file == f) { sub(/.*Line /, "", head); print head }
		}' "$work/$name.out" | sort -un)
	checked=$((checked + 1))
	for n in $alines; do
		lines=$((lines + 1))
		printf '%s\n' "$klines" | grep -qx "$n" && continue
		reason=$(printf '%s\n' "$EXCEPTIONS" | awk -v s="$name" -v n="$n" '
			$1 == s && $2 == n { $1 = ""; $2 = ""; sub(/^ +/, ""); print; exit }')
		if [ -n "$reason" ]; then
			echo "ok $name:$n: excepted: $reason"
			used="$used $name:$n"
			continue
		fi
		echo "FAIL $name:$n: keepalived says '$(grep -m1 "Line $n)" "$work/$name.out" |
			sed 's/^([^)]*) //')', keeld says nothing on that line"
		fail=$((fail + 1))
	done
done
# every exception must still be needed
for e in $(printf '%s\n' "$EXCEPTIONS" | awk 'NF { print $1 ":" $2 }'); do
	case " $used " in
	*" $e "*) ;;
	*)
		echo "FAIL exception $e is no longer needed: remove it from $0"
		fail=$((fail + 1))
		;;
	esac
done
if [ "$checked" -eq 0 ]; then
	echo "FAIL: no samples read"
	fail=1
fi
echo "$checked samples, $lines lines named by keepalived; $fail failed"
[ "$fail" -eq 0 ]
