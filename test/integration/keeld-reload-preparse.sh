#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: parallel (asserts nothing about time; see test/lab/run-integration)
#
# keeld-reload-preparse: keeld parses its config when the files change
# (inotify, 100 ms after the last change, on a worker thread) and SIGHUP
# uses that parse only when every file and include pattern it read is
# unchanged since. Proves against the kernel:
# (a) an edit, the pre-parse, then SIGHUP: the held parse is used and the
#     kernel has the change;
# (b) an edit after the pre-parse with SIGHUP right behind it (before the
#     100 ms settle): the held parse is refused ("a file changed") and the
#     parse made now is applied;
# (c) a new file matching an include pattern: pre-parsed and applied;
# (d) a broken edit: the pre-parse fails, SIGHUP reports the same failure
#     (keelctl status) and the old config keeps serving.
# The config is keel.conf with "include conf.d/*.conf" and KEEL_RELOAD_SIZE
# (SxD, default 200x4) in conf.d/big.conf.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
[[ -x $B/keeld ]] || lab_fail "no keeld in $B (set KEEL_BUILD)"
lab_require_cmd ipvsadm python3
W=$TOPO_TMP
BIG="python3 $(dirname -- "${BASH_SOURCE[0]}")/../lab/ipvs-big.py"
SIZE=${KEEL_RELOAD_SIZE:-200x4}
NS=${SIZE%x*} ND=${SIZE#*x}
OBJS=$((NS + NS * ND))
V=198.18.1.0 RS=100.64.1.0	# ipvs-big.py's first service and its first dest

log_lines() { wc -l <"$W/keeld.log"; }
since() { tail -n +"$1" "$W/keeld.log"; }
# preparsed N [WHAT]: keeld logged a finished pre-parse after log line N
# (one whose line says WHAT: "valid" waits past a late "dropped" from an
# earlier step)
preparsed() { lab_wait_for 30 sh -c "tail -n +$1 '$W/keeld.log' | grep -q 'config pre-parse: ${2:-}'"; }
# reloaded N: keeld finished a reload (done or failed) after log line N
reloaded() { lab_wait_for 30 sh -c "tail -n +$1 '$W/keeld.log' | grep -Eq 'reload (done|failed)'"; }
# setw W FILE: the generated config with $RS at weight W (sed: python
# starts slowly in the VM)
setw() { sed "s/real_server ${RS//./\\.} 51820 { weight [0-9]* }/real_server $RS 51820 { weight $1 }/" "$W/base" >"$2"; }
weight_is() {	# weight_is VIP RIP W
	topo_exec d ipvsadm -Ln -u "$1:51820" | grep -Eq "$2:51820 +Route +$3 "
}

# The table's lines as ipvsadm lists them over netlink. Not /proc/net/ip_vs:
# in kernel 6.1 its reader skips services of its own namespace when other
# namespaces hold services too (the position a read resumes from counts
# theirs), as this test saw beside ipvs-conformance: 995 lines there
# against ipvsadm's 1005, twice.
kernel_lines() { topo_exec d ipvsadm -Ln | wc -l; }

topo_node d
topo_exec d sh -c 'ip link set lo up && ip link add dum0 type dummy && ip link set dum0 up &&
	ip addr add 198.18.0.1/15 dev dum0 && ip addr add 100.64.0.1/10 dev dum0'
mkdir -p "$W/conf.d"
echo 'include conf.d/*.conf' >"$W/keel.conf"
$BIG gen $NS $ND "$W/base"
cp "$W/base" "$W/conf.d/big.conf"
topo_bg --log "$W/keeld.log" d "$B/keeld" -n -l -D -f "$W/keel.conf" -p "$W/keeld.pid" \
	--control-socket "$W/kd.sock"
KEELD=$TOPO_PID
lab_wait_for 60 sh -c "[ \$(ip netns exec $(topo_ns d) ipvsadm -Ln | wc -l) -ge $((OBJS + 2)) ]" ||
	{ tail -20 "$W/keeld.log"; lab_fail "keeld did not program $OBJS objects"; }
weight_is $V $RS 1 || lab_fail "$RS in $V is not at weight 1"
lab_log "started: $OBJS objects"

# --- (a) edit (a new file renamed over it, as editors do), wait for the
# pre-parse, reload
setw 7 "$W/w7"
grep -q "$RS 51820 { weight 7 }" "$W/w7" || lab_fail "setw did not set weight 7"
n=$(log_lines)
mv "$W/w7" "$W/conf.d/big.conf"
preparsed "$n" valid || { since "$n"; lab_fail "(a) no pre-parse after an edit"; }
since "$n" | grep -q 'config pre-parse: valid' || { since "$n"; lab_fail "(a) the pre-parse was not valid"; }
kill -HUP "$KEELD"
reloaded "$n" || { since "$n"; lab_fail "(a) no reload"; }
since "$n" | grep -q 'using the parse made when the files changed' ||
	{ since "$n"; lab_fail "(a) the reload did not use the pre-parse"; }
lab_wait_for 10 weight_is $V $RS 7 || lab_fail "(a) weight 7 not in the kernel"
lab_log "(a) pre-parse used, weight 7 in the kernel"

# --- (b) edit to 8, pre-parse; edit to 9 and SIGHUP at once: the held
# parse (8) must be refused and 9 applied. The new text is made first so
# that the write and the signal are a few ms apart, well inside the 100 ms
# settle time.
setw 8 "$W/w8"
setw 9 "$W/w9"
n=$(log_lines)
cat "$W/w8" >"$W/conf.d/big.conf"
preparsed "$n" || { since "$n"; lab_fail "(b) no pre-parse after an edit"; }
n=$(log_lines)
cat "$W/w9" >"$W/conf.d/big.conf"
kill -HUP "$KEELD"
reloaded "$n" || { since "$n"; lab_fail "(b) no reload"; }
since "$n" | grep -E 'config: (using|parsing)' | sed 's/^/  keeld: /'
# "(a file changed just before it was read)" when a slow machine let the
# pre-parse of 9 start before the SIGHUP: refused all the same
since "$n" | grep -q 'config: parsing now (a file changed' ||
	{ since "$n"; lab_fail "(b) the reload did not refuse the stale pre-parse"; }
lab_wait_for 10 weight_is $V $RS 9 || lab_fail "(b) weight 9 not in the kernel"
weight_is $V $RS 8 && lab_fail "(b) weight 8 in the kernel"
lab_log "(b) stale pre-parse refused, parsed now, weight 9 in the kernel"

# --- (c) a new file matching the include pattern
n=$(log_lines)
printf 'virtual_server 198.19.0.1 51820 {\n  protocol UDP\n  lvs_method DR\n  real_server 100.127.1.1 51820 { weight 3 }\n}\n' \
	>"$W/conf.d/extra.conf"
preparsed "$n" valid || { since "$n"; lab_fail "(c) no pre-parse after a new included file"; }
kill -HUP "$KEELD"
reloaded "$n" || { since "$n"; lab_fail "(c) no reload"; }
since "$n" | grep -q 'using the parse made when the files changed' ||
	{ since "$n"; lab_fail "(c) the reload did not use the pre-parse"; }
lab_wait_for 10 weight_is 198.19.0.1 100.127.1.1 3 || { since "$n"; lab_fail "(c) the new file's service is not in the kernel"; }
lab_log "(c) a new included file pre-parsed and applied"

# --- (d) a broken edit: the pre-parse fails; SIGHUP reports it as a parse
# now would, and the running config stays
n=$(log_lines)
echo 'virtual_server 198.19.0.2 51820 { real_server }' >>"$W/conf.d/extra.conf"
preparsed "$n" invalid || { since "$n"; lab_fail "(d) no pre-parse after a broken edit"; }
since "$n" | grep -q 'config pre-parse: invalid' || { since "$n"; lab_fail "(d) the broken pre-parse was valid"; }
kill -HUP "$KEELD"
reloaded "$n" || { since "$n"; lab_fail "(d) no reload"; }
since "$n" | grep -E 'config: |error|reload failed' | sed 's/^/  keeld: /'
since "$n" | grep -q 'using the parse made when the files changed' ||
	{ since "$n"; lab_fail "(d) the reload did not use the pre-parse"; }
since "$n" | grep -q 'extra.conf:6:.*error' || lab_fail "(d) the error was not logged at its place"
st=$(topo_exec d "$B/keelctl" -s "$W/kd.sock" --json status)
grep -Eq '"last_load": *\{[^}]*"ok": *false' <<<"$st" || { echo "$st"; lab_fail "(d) keelctl status does not show the failed reload"; }
weight_is $V $RS 9 || lab_fail "(d) the running config's weight 9 is gone"
weight_is 198.19.0.1 100.127.1.1 3 || lab_fail "(d) the running config's extra service is gone"
nlines=$(kernel_lines)
if ((nlines < OBJS + 4)); then
	echo "ipvsadm -Ln: $nlines lines (want >= $((OBJS + 4)))"
	since "$n" | tail -20
	lab_fail "(d) services gone from the kernel"
fi
lab_log "(d) broken edit: reload failed as reported, old config serving"

kill -TERM "$KEELD"
rc=0
wait "$KEELD" || rc=$?
[[ $rc -eq 0 ]] || { tail -30 "$W/keeld.log"; lab_fail "keeld exited $rc"; }
if grep -Eq "AddressSanitizer|LeakSanitizer|runtime error|ThreadSanitizer" "$W/keeld.log"; then
	grep -E -A20 "AddressSanitizer|LeakSanitizer|runtime error" "$W/keeld.log" | head -60
	lab_fail "sanitizer report"
fi
lab_log "ok"
