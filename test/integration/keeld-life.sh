#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: parallel (asserts nothing about time; see test/lab/run-integration)
#
# keeld-life: keeld starts in a director namespace, answers keelctl, reloads
# 100 times on SIGHUP, keeps serving through a broken reload, dumps its state
# on SIGUSR1, refuses a second instance, and stops cleanly on SIGTERM with
# the sanitizers (ASan, LeakSanitizer, UBSan when built in) silent.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
[[ -x $B/keeld && -x $B/keelctl ]] || lab_fail "no keeld/keelctl in $B (set KEEL_BUILD)"
SRC=$(cd "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
W=$TOPO_TMP
SOCK=$W/run/keeld.sock
PIDF=$W/keeld.pid
LOG=$W/keeld.log

# on any failure, show what keeld said
trap '[[ -f $LOG ]] && { echo "--- keeld log (tail)"; tail -40 "$LOG"; }' ERR
lab_fail() {
	printf 'FAIL: %s\n' "$*" >&2
	[[ -f $LOG ]] && { echo "--- keeld log (tail)"; tail -40 "$LOG"; } >&2
	exit 1
}

topo_node dir
topo_exec dir ip link set lo up

ctl() { topo_exec dir "$B/keelctl" -s "$SOCK" "$@"; }
status_has() { ctl status | grep -Fq -- "$1"; }

# --- config test: empty file valid, missing file a clear error
: >"$W/empty.conf"
"$B/keeld" -t -f "$W/empty.conf" || lab_fail "keeld -t on an empty config exited $?"
if out=$("$B/keeld" -t -f "$W/missing.conf" 2>&1); then
	lab_fail "keeld -t on a missing file exited 0"
fi
grep -Fq "cannot open '$W/missing.conf': No such file or directory" <<<"$out" ||
	lab_fail "unclear message for a missing file: $out"

# --- start
cp "$SRC/etc/keel.conf" "$W/keel.conf"
wg genkey >"$W/probe.key"	# the sample's WG_CHECK reads the probe key beside it
topo_bg --log "$LOG" dir "$B/keeld" -n -l -f "$W/keel.conf" -p "$PIDF" --control-socket "$SOCK"
KEELD=$TOPO_PID
lab_wait_for 30 test -S "$SOCK" || { cat "$LOG"; lab_fail "control socket never appeared"; }
lab_wait_for 10 status_has "last load:   ok" || lab_fail "keelctl status does not answer"
[[ $(stat -c %a "$SOCK") == 600 ]] || lab_fail "socket mode $(stat -c %a "$SOCK"), want 600"
[[ $(cat "$PIDF") =~ ^[0-9]+$ ]] || lab_fail "pid file holds '$(cat "$PIDF")'"
ctl status
ctl --json status | grep -q '^{"ok":true,"status":{"version":"' || lab_fail "bad JSON status"

# IPVS is reachable in keeld's namespace while it runs.
topo_exec dir ipvsadm -Ln >/dev/null || lab_fail "ipvsadm -Ln fails in the director namespace"

# --- a second instance on the same pid file is refused
if topo_exec dir timeout 20 "$B/keeld" -n -l -f "$W/keel.conf" -p "$PIDF" \
	--control-socket "$W/other.sock" 2>"$W/second.log"; then
	lab_fail "a second keeld started on a locked pid file"
fi
grep -Fq "another keeld is running" "$W/second.log" || lab_fail "second instance: $(cat "$W/second.log")"

# --- 100 SIGHUPs, each waited for (signals sent back to back would merge):
# its "reload done" line is read from one follower of the log, since a
# command per wait costs a tenth of a second or more under emulation
pid=$(cat "$PIDF")
# (the follower ends with keeld; it polls: no inotify on the lab's /tmp)
from=$(($(wc -l <"$LOG") + 1))
exec {DONE}< <(tail -n "+$from" -F -s 0.02 --pid="$pid" "$LOG" 2>/dev/null | grep --line-buffered -F "reload done")
for i in $(seq 1 100); do
	kill -HUP "$pid"
	read -r -t 10 -u "$DONE" _ || lab_fail "reload $i not seen"
done
exec {DONE}<&-
status_has "reloads:     100 ok, 0 failed" || lab_fail "keelctl status does not count 100 reloads"
lab_log "100 reloads done"

# --- a broken reload keeps the running config
echo "}" >>"$W/keel.conf"
if ctl reload 2>"$W/reload.err"; then
	lab_fail "keelctl reload succeeded on a broken file"
fi
grep -Eq "keel.conf:[0-9]+:1: error: '}' without a matching '\{'" "$W/reload.err" ||
	lab_fail "reload error lacks its location: $(cat "$W/reload.err")"
status_has "FAILED, previous config still serving" || lab_fail "status does not show the failed reload"
status_has "reloads:     100 ok, 1 failed" || lab_fail "failed reload not counted"
cp "$SRC/etc/keel.conf" "$W/keel.conf"
ctl reload >/dev/null || lab_fail "reload of the repaired file failed"

# --- SIGUSR1 dumps the state into the log
kill -USR1 "$pid"
lab_wait_for 10 grep -q "state: reloads:     101 ok, 1 failed" "$LOG" || lab_fail "no state dump"

# --- SIGTERM: clean exit, files removed, sanitizers silent
kill -TERM "$pid"
rc=0
wait "$KEELD" || rc=$?
[[ $rc -eq 0 ]] || { tail -40 "$LOG"; lab_fail "keeld exited $rc after SIGTERM"; }
[[ ! -e $SOCK ]] || lab_fail "control socket left behind"
[[ ! -e $PIDF ]] || lab_fail "pid file left behind"
if grep -Eq "AddressSanitizer|LeakSanitizer|runtime error" "$LOG"; then
	cat "$LOG"
	lab_fail "sanitizer report in keeld's log"
fi
grep -Fq "keeld stopped" "$LOG" || lab_fail "no stop message"
lab_log "ok"
