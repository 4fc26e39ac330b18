#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# keeld-checks: health checks drive kernel IPVS. Real TCP listeners in a
# backend namespace, keeld in a director namespace, ipvsadm as the oracle:
# - TCP_CHECK: all up; a killed listener leaves IPVS within
#   delay_loop + retry x delay_before_retry + slack, and comes back after
#   `rise` successes when it listens again; one "up -> down" log line;
# - inhibit_on_failure keeps a failed server at weight 0;
# - MISC_CHECK follows a script's exit status; misc_dynamic sets the weight;
# - quorum lost swaps the pool for the sorry server, and back;
# - a check shared by three virtual servers runs once (its SYNs counted
#   on the backend, and keelctl checks);
# - a reload carries the checks' state over without a flap;
# - checker_log_all_failures: a down server's every failure is logged
#   (info, not only -D's debug line), not only its up -> down;
# - keepalived 2.2.7 on the same config and backends leaves the same table.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
[[ -x $B/keeld ]] || lab_fail "no keeld in $B (set KEEL_BUILD)"
lab_require_cmd ipvsadm busybox keepalived nft
W=$TOPO_TMP
# shellcheck source=../lab/keeld-lab.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/keeld-lab.sh"

topo_bridge lan
topo_node d1 lan 10.0.0.1/24
topo_node be lan 10.0.0.2/24

echo 0 >"$W/misc"

CHK='TCP_CHECK {
            connect_timeout 1
            retry 1
            delay_before_retry 0.5
            rise 2
        }'
cat >"$W/keel.conf" <<CONF
global_defs {
    checker_log_all_failures
}
virtual_server 10.0.0.100 80 {
    protocol TCP
    lvs_sched rr
    delay_loop 1
    real_server 10.0.0.2 80 {
        $CHK
    }
    real_server 10.0.0.2 81 {
        inhibit_on_failure
        $CHK
    }
    real_server 10.0.0.77 80 {
        $CHK
    }
    real_server 10.0.0.4 80 {
        MISC_CHECK {
            misc_path "/bin/sh -c 'exit \$(cat $W/misc)'"
            misc_dynamic
            misc_timeout 10
        }
    }
}
virtual_server 10.0.0.101 80 {
    protocol TCP
    delay_loop 1
    real_server 10.0.0.2 80 {
        $CHK
    }
}
virtual_server 10.0.0.102 80 {
    protocol TCP
    delay_loop 1
    quorum 2
    sorry_server 10.0.0.9 80
    real_server 10.0.0.2 80 {
        $CHK
    }
    real_server 10.0.0.2 81 {
        $CHK
    }
}
CONF

listen() {	# listen PORT: a TCP listener on the backend; pid in L<PORT>
	topo_bg be busybox nc -ll -p "$1" -e true
	printf -v "L$1" '%s' "$TOPO_PID"
}
unlisten() {
	local v="L$1"
	kill "${!v}"
	wait "${!v}" 2>/dev/null || true
}


listen 80
listen 81
keeld_start "$W/keel.conf"

# --- all up
lab_wait_for 15 has 10.0.0.100 "10.0.0.4:80 1" || fail_dump "the MISC_CHECK server is not in IPVS"
has 10.0.0.100 "10.0.0.2:80 1" && has 10.0.0.100 "10.0.0.2:81 1" && has 10.0.0.101 "10.0.0.2:80 1" &&
	has 10.0.0.102 "10.0.0.2:80 1" && has 10.0.0.102 "10.0.0.2:81 1" && hasnt 10.0.0.102 10.0.0.9:80 ||
	fail_dump "not every real server is up at start"
lab_log "start: all real servers in IPVS"
table

# --- connect_timeout: 10.0.0.77 does not answer ARP; the engine gives up first
silent='rs 10.0.0.77:80 (TCP 10.0.0.100:80): up -> down (TCP_CHECK: timed out)'
lab_wait_for 10 grep -qF "$silent" "$W/keeld.log" || fail_dump "no timeout for a silent server"
lab_wait_for 3 hasnt 10.0.0.100 10.0.0.77:80 || fail_dump "a silent server stayed in IPVS"
checks_json | grep -Eq '"check":"TCP_CHECK 10.0.0.77:80"[^}]*"timeouts":([2-9]|[1-9][0-9]+)' ||
	fail_dump "timeouts not counted: $(checks_json)"
lab_log "connect_timeout: $silent"
# checker_log_all_failures: it stays down, and each failure is an info line
fails() { grep -cF 'keeld[info]: TCP_CHECK 10.0.0.77:80: failed (timed out)' "$W/keeld.log" || true; }
lab_wait_for 10 sh -c "[ \$(grep -cF 'keeld[info]: TCP_CHECK 10.0.0.77:80: failed (timed out)' '$W/keeld.log') -ge 3 ]" ||
	fail_dump "checker_log_all_failures: $(fails) failures of a down server logged, want 3 or more"
lab_log "checker_log_all_failures: $(fails) failures of 10.0.0.77:80 logged"

# --- one check shared by three virtual servers runs once
js=$(checks_json)
[[ $(grep -o '"check":"TCP_CHECK 10.0.0.2:80"' <<<"$js" | wc -l) -eq 1 ]] ||
	fail_dump "the shared check is listed more than once: $js"
[[ $(grep -o '"rs":"10.0.0.2:80"' <<<"$js" | wc -l) -eq 3 ]] ||
	fail_dump "the shared check does not serve three virtual servers: $js"
# probes are half-open: the backend counts their SYNs (nft), not connections
topo_exec be nft -f - <<'NFT'
table inet probe {
	chain in {
		type filter hook input priority 0;
		tcp dport 80 tcp flags & (syn | ack) == syn counter
	}
}
NFT
syns() { topo_exec be nft list chain inet probe in | awk '/counter/ { for (i = 1; i < NF; i++) if ($i == "packets") print $(i + 1) }'; }
c0=$(syns)
sleep 5
c1=$(syns)
lab_log "shared check: $((c1 - c0)) probes in 5 s for 3 virtual servers (delay_loop 1)"
# one probe a second: about 5 (a counter read costs up to seconds under load); three would be about 15
(( c1 - c0 >= 3 && c1 - c0 <= 9 )) || fail_dump "shared check: $((c1 - c0)) probes in 5 s, want about 5"

# --- a dead server leaves, the pool loses quorum: sorry server in
unlisten 80
t0=$(now_ms)
c0=$(clock_ms)
lab_wait_for 15 hasnt 10.0.0.100 10.0.0.2:80 || fail_dump "a dead real server stayed in IPVS"
t1=$(now_ms)
down='rs 10.0.0.2:80 (TCP 10.0.0.100:80): up -> down (TCP_CHECK: Connection refused)'
seen=$(($(log_ms "$down") - c0))
lab_log "down: keeld saw it after $seen ms, 10.0.0.2:80 out of IPVS (ipvsadm polled) after $((t1 - t0)) ms"
# delay_loop 1 + retry 1 x delay_before_retry 0.5 (+ jitter), refused at once; 1 s emulation slack
(( seen <= 2700 )) || fail_dump "keeld took $seen ms to see a dead server, want <= 2700"
# the poll itself (ipvsadm under emulation on a loaded machine) costs seconds
(( t1 - t0 <= 10000 )) || fail_dump "removal from IPVS took $((t1 - t0)) ms, want <= 10000"
lab_wait_for 3 hasnt 10.0.0.101 10.0.0.2:80 || fail_dump "the shared check did not remove it everywhere"
lab_wait_for 3 has 10.0.0.102 "10.0.0.9:80 1" || fail_dump "quorum loss did not bring the sorry server"
hasnt 10.0.0.102 10.0.0.2:81 || fail_dump "the sorry server did not replace the pool"
lab_log "quorum lost: sorry server in"
dests 10.0.0.102
n=$(grep -c -F "$down" "$W/keeld.log" || true)
[[ $n -eq 1 ]] || fail_dump "want one up -> down line for 10.0.0.2:80 in 10.0.0.100, found $n"
grep -q 'vs TCP 10.0.0.102:80: quorum lost' "$W/keeld.log" || fail_dump "no quorum lost line"

# --- back after rise 2
listen 80
lab_wait_for 15 has 10.0.0.100 "10.0.0.2:80 1" || fail_dump "a revived real server did not come back"
# -D logs every probe: two successes, a delay_loop apart, before the up line
up='rs 10.0.0.2:80 (TCP 10.0.0.100:80): down -> up'
oks=$(sed -n "/$(sed 's/[.()]/./g' <<<"$down")/,/$(sed 's/[.()]/./g' <<<"$up")/p" "$W/keeld.log" |
	grep -F 'TCP_CHECK 10.0.0.2:80: ok' | cut -c1-12)
[[ $(wc -l <<<"$oks") -eq 2 ]] || fail_dump "want 2 successes before up (rise 2), saw: $oks"
gap=$(($(log_ms "$up") - $(clock_ms "$(head -1 <<<"$oks")")))
lab_log "up: 10.0.0.2:80 back after 2 successes, $gap ms after the first (rise 2, delay_loop 1)"
(( gap >= 900 )) || fail_dump "up $gap ms after the first success: rise 2 needs a second probe"
lab_wait_for 5 hasnt 10.0.0.102 10.0.0.9:80 || fail_dump "quorum regained but the sorry server stayed"
has 10.0.0.102 "10.0.0.2:80 1" && has 10.0.0.102 "10.0.0.2:81 1" || fail_dump "the pool did not come back"
lab_log "quorum gained: pool back"

# --- inhibit_on_failure: weight 0, not removed
unlisten 81
lab_wait_for 10 has 10.0.0.100 "10.0.0.2:81 0" || fail_dump "inhibit_on_failure did not set weight 0"
lab_log "inhibit_on_failure: 10.0.0.2:81 kept at weight 0"
listen 81
lab_wait_for 10 has 10.0.0.100 "10.0.0.2:81 1" || fail_dump "the inhibited server did not come back"

# --- MISC_CHECK: exit 1 removes, misc_dynamic 12 -> weight 10
echo 1 >"$W/misc"
lab_wait_for 10 hasnt 10.0.0.100 10.0.0.4:80 || fail_dump "MISC_CHECK exit 1 did not remove the server"
lab_log "MISC_CHECK: exit 1 removed 10.0.0.4:80"
echo 12 >"$W/misc"
lab_wait_for 10 has 10.0.0.100 "10.0.0.4:80 10" || fail_dump "misc_dynamic exit 12 did not give weight 10"
lab_log "MISC_CHECK: misc_dynamic exit 12 -> weight 10"

# --- reload with the same checks: state carried, no flap
flaps() { grep -Ec -- ': (up -> down|down -> up) ' "$W/keeld.log" || true; }
lines=$(flaps)
kill -HUP "$(cat "$W/keeld.pid")"
lab_wait_for 10 grep -q 'reload done' "$W/keeld.log" || fail_dump "reload did not finish"
sleep 2
[[ $(flaps) -eq $lines ]] || fail_dump "the reload made a check flap"
has 10.0.0.100 "10.0.0.4:80 10" && has 10.0.0.100 "10.0.0.2:80 1" || fail_dump "the reload changed IPVS"
lab_log "reload: no flap"
topo_exec d1 "$B/keelctl" -s "$W/kd.sock" checks
lab_log "log lines:"
grep -E -- ': (up -> down|down -> up|weight [0-9]+ -> )|quorum (lost|gained)' "$W/keeld.log" 

# --- stop: sanitizers clean
want=$(table | tail -n +2 | sort)
keeld_stop
lab_log "stop: clean"

# --- keepalived on the same config and backends: the same table
topo_bg --log "$W/keepalived.log" d1 keepalived -n -l -C -f "$W/keel.conf" -p "$W/ka.pid" \
	-c "$W/ka-check.pid"
ka_done() { has 10.0.0.100 "10.0.0.4:80 10" && hasnt 10.0.0.100 10.0.0.77:80; }
lab_wait_for 30 ka_done || { table; tail -20 "$W/keepalived.log"; lab_fail "keepalived did not settle"; }
sleep 1
if ! diff <(echo "$want") <(table | tail -n +2 | sort) >"$W/conformance.diff"; then
	cat "$W/conformance.diff"
	lab_fail "keeld and keepalived left different tables (- keeld, + keepalived)"
fi
lab_log "conformance: keepalived 2.2.7 leaves the same table"
lab_log "ok"
