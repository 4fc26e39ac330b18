#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
#
# keeld-smtp-check-alerts: the health checks' email alerts. keeld in d1
# (global smtp_alert) checks TCP listeners in be and mails the SMTP sink
# (test/lab/smtp-sink.py on mx, port 2525). Virtual server :80 (quorum 2,
# hysteresis 0) has three real servers of weight 1, :81 one real server
# with `smtp_alert off`. The sink's mails, in the order taken, must be
# (RS: "[d1] Realserver [10.0.0.2]:tcp:8080 of virtual server
# [10.0.0.100]:tcp:80", keepalived's subject; VS: "[d1] Virtualserver
# [10.0.0.100]:tcp:80"):
#   start, all up          none (keepalived 2.2.7 mails only a change)
#   10.0.0.2 killed        RS - DOWN (live weight 2: quorum held, no VS)
#   10.0.0.3 killed        10.0.0.3's RS - DOWN, VS - DOWN
#   10.0.0.2 back          RS - UP, VS - UP
#   10.0.0.3 back          10.0.0.3's RS - UP
#   10.0.0.5 killed, back  its virtual server's quorum DOWN and UP only
# each From and To as configured, the body's first line keel's
# ("=> CHECK failed on service : TCP_CHECK: Connection refused <=",
# "=> Lost quorum <=", as test/unit/check_smtp.c has them).
# Mails go one at a time, in order, so an unwanted mail shows up in the
# list before the next wanted one: each step's list is checked whole.
# keeld stopping mails nothing. keeld runs its checks without IPVS: on a
# host without it the virtual servers are only not programmed.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
[[ -x $B/keeld && -x $B/keelctl ]] || lab_fail "no keeld/keelctl in $B (set KEEL_BUILD)"
W=$TOPO_TMP
# shellcheck source-path=SCRIPTDIR source=../lab/keeld-lab.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/keeld-lab.sh"
# shellcheck source-path=SCRIPTDIR source=../lab/smtp-lab.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/smtp-lab.sh"

topo_bridge lan
topo_node d1 lan 10.0.0.1/24
topo_node be lan 10.0.0.2/24,10.0.0.3/24,10.0.0.4/24,10.0.0.5/24
topo_node mx lan 10.0.0.9/24
smtp_lab mx 10.0.0.9 d1

declare -A LISTENER=()
# listen ADDR: a TCP listener on ADDR:8080 in be, once d1 reaches it
listen() {
	topo_bg --log "$W/listen-$1.log" be python3 -c '
import socket, sys
s = socket.create_server((sys.argv[1], 8080))
while True:
    s.accept()[0].close()' "$1"
	LISTENER[$1]=$TOPO_PID
	lab_wait_for 10 topo_exec d1 bash -c "exec 3<>/dev/tcp/$1/8080" || lab_fail "no listener on $1:8080"
}
unlisten() {
	kill "${LISTENER[$1]}"
	wait "${LISTENER[$1]}" 2>/dev/null || true
}

# every check has succeeded at least once and none has failed
all_checked() {
	checks_json | python3 -c '
import json, sys
u = json.load(sys.stdin)["checks"]
sys.exit(not (len(u) == 4 and all(c["successes"] > 0 and c["failures"] == 0 for c in u)))'
}

# mailed LINE...: the mails taken so far are those of the earlier calls
# and these, in this order, each LINE "SUBJECT | FIRST BODY LINE"; From
# and To, in the headers and the envelope, as configured
WANT=()
mailed() {
	WANT+=("$@")
	python3 - "$MAILS" "${WANT[@]}" <<'PY' || { cat "$MAILS"; fail_dump "the mails are not as they should be"; }
import json, sys
mails = [json.loads(l) for l in open(sys.argv[1])]
want = [w.split(" | ", 1) for w in sys.argv[2:]]
got = []
for m in mails:
    head, _, body = m["data"].partition("\r\n\r\n")
    h = dict(l.split(": ", 1) for l in head.split("\r\n"))
    assert m["from"] == "<keel@d1.example>", m["from"]
    assert m["to"] == ["<ops@example.com>", "<oncall@example.net>"], m["to"]
    assert h["From"] == "keel@d1.example", h
    assert h["To"] == "ops@example.com, oncall@example.net", h
    got.append((h["Subject"], body.split("\r\n", 1)[0]))
if got != [tuple(w) for w in want]:
    print("mails taken:", *("  %s | %s" % g for g in got), "wanted:", *("  " + " | ".join(w) for w in want),
          sep="\n", file=sys.stderr)
    sys.exit(1)
PY
}

CHK='TCP_CHECK {
			connect_timeout 1
			retry 0
		}'
cat >"$W/keel.conf" <<CONF
global_defs {
	router_id d1
	notification_email {
		ops@example.com
		oncall@example.net
	}
	notification_email_from keel@d1.example
	smtp_server 10.0.0.9 2525
	smtp_connect_timeout 5
	smtp_alert
}
virtual_server 10.0.0.100 80 {
	protocol TCP
	lb_algo rr
	delay_loop 1
	quorum 2
	hysteresis 0
	real_server 10.0.0.2 8080 {
		$CHK
	}
	real_server 10.0.0.3 8080 {
		$CHK
	}
	real_server 10.0.0.4 8080 {
		$CHK
	}
}
virtual_server 10.0.0.100 81 {
	protocol TCP
	lb_algo rr
	delay_loop 1
	real_server 10.0.0.5 8080 {
		smtp_alert off
		$CHK
	}
}
CONF

for a in 10.0.0.2 10.0.0.3 10.0.0.4 10.0.0.5; do listen $a; done
# shellcheck disable=SC2119 # no --silent
sink_start
keeld_start "$W/keel.conf"
lab_wait_for 15 all_checked || fail_dump "the four checks did not all succeed: $(checks_json)"
if grep -q "virtual servers are not programmed" "$W/keeld.log"; then
	lab_log "no IPVS here: $(grep -m1 -o 'ipvs: not available.*' "$W/keeld.log"); the checks run all the same"
fi

VS='[10.0.0.100]:tcp:80'
RS_A='[10.0.0.2]:tcp:8080'
RS_B='[10.0.0.3]:tcp:8080'
A_DOWN="[d1] Realserver $RS_A of virtual server $VS - DOWN | => CHECK failed on service : TCP_CHECK: Connection refused <="
B_DOWN="[d1] Realserver $RS_B of virtual server $VS - DOWN | => CHECK failed on service : TCP_CHECK: Connection refused <="
A_UP="[d1] Realserver $RS_A of virtual server $VS - UP | => CHECK succeed on service <="
B_UP="[d1] Realserver $RS_B of virtual server $VS - UP | => CHECK succeed on service <="
VS_DOWN="[d1] Virtualserver $VS - DOWN | => Lost quorum <="
VS_UP="[d1] Virtualserver $VS - UP | => Gained quorum <="

unlisten 10.0.0.2
lab_wait_for 10 has_mail "[d1] Realserver $RS_A of virtual server $VS - DOWN" || fail_dump "no DOWN mail of $RS_A"
mailed "$A_DOWN"
! grep -q "quorum lost" "$W/keeld.log" || fail_dump "quorum lost with two of three up"
lab_log "one down: its DOWN mail, the first mail since the start; quorum held"

unlisten 10.0.0.3
lab_wait_for 10 has_mail "[d1] Virtualserver $VS - DOWN" || fail_dump "no quorum DOWN mail"
mailed "$B_DOWN" "$VS_DOWN"
lab_log "two down: the second DOWN mail, then the quorum's"

listen 10.0.0.2
lab_wait_for 10 has_mail "[d1] Virtualserver $VS - UP" || fail_dump "no quorum UP mail"
mailed "$A_UP" "$VS_UP"
listen 10.0.0.3
lab_wait_for 10 has_mail "[d1] Realserver $RS_B of virtual server $VS - UP" || fail_dump "no UP mail of $RS_B"
mailed "$B_UP"
lab_log "back: UP mails, the quorum's after the first"

# smtp_alert off: 10.0.0.5 mails nothing, its virtual server's quorum does
unlisten 10.0.0.5
lab_wait_for 10 has_mail "[d1] Virtualserver [10.0.0.100]:tcp:81 - DOWN" || fail_dump "no quorum DOWN mail of :81"
listen 10.0.0.5
lab_wait_for 10 has_mail "[d1] Virtualserver [10.0.0.100]:tcp:81 - UP" || fail_dump "no quorum UP mail of :81"
grep -qF "rs 10.0.0.5:8080 (TCP 10.0.0.100:81): down -> up" "$W/keeld.log" || fail_dump "10.0.0.5 did not come back up"
mailed "[d1] Virtualserver [10.0.0.100]:tcp:81 - DOWN | => Lost quorum <=" \
	"[d1] Virtualserver [10.0.0.100]:tcp:81 - UP | => Gained quorum <="
lab_log "smtp_alert off: no mail of 10.0.0.5 going down and up, only its virtual server's quorum"

keeld_stop
mailed
sink_stop
lab_log "keeld-smtp-check-alerts: ok"
