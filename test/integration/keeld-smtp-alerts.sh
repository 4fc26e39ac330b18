#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
#
# keeld-smtp-alerts: keepalived's email alerts. r1's keeld mails a VRRP
# sink (test/lab/smtp-sink.py on node mx, port 2525) when its instance
# VI_1 (smtp_alert) and its sync group G1 (smtp_alert) change state, with
# keepalived's subjects:
#   [r1] VRRP Instance VI_1 - Entering MASTER state
#   [r1] VRRP Group G1 - Entering MASTER state
# and BACKUP when r2 (priority 200) takes over; VI_2, a member without
# smtp_alert, mails nothing. The mail carries From (notification_email_from),
# To (both recipients), Subject and Date; HELO is smtp_helo_name.
# Then the server dies: a refused connection costs one log line per mail,
# and a server that accepts and never answers (smtp_connect_timeout 2)
# one "no answer" line per mail, while r1, master, keeps its advert
# cadence (r2 at priority 50 never takes over) and answers keelctl.
# VRRP only (keeld -P): runs on a host without IPVS. The real server and
# quorum mails: keeld-smtp-check-alerts.sh.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"
# shellcheck source-path=SCRIPTDIR source=../lab/vrrp-node.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/vrrp-node.sh"

# shellcheck source-path=SCRIPTDIR source=../lab/smtp-lab.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/smtp-lab.sh"

vrrp_lab mx
smtp_lab mx 10.0.0.9 r1

logged() { (($(grep -c -- "$1" "$W/r1.log") >= $2)); }
state_of() { topo_exec "$1" "$B/keelctl" -s "$W/$1.sock" vrrp | awk 'NR==1 {print $2}'; }
state_is() { [[ $(state_of "$1") == "$2" ]]; }
adverts_out() {
	topo_exec r1 "$B/keelctl" -s "$W/r1.sock" --json vrrp |
		python3 -c 'import json,sys; print(next(i["adverts_out"] for i in json.load(sys.stdin)["instances"] if i["name"] == "VI_1"))'
}

VRRP_ADVERT_INT=0.5
VRRP_CONF_TOP="global_defs {
	router_id r1
	notification_email {
		ops@example.com
		oncall@example.net
	}
	notification_email_from keel@r1.example
	smtp_server 10.0.0.9 2525
	smtp_helo_name r1.example
	smtp_connect_timeout 2
}
vrrp_sync_group G1 {
	group {
		VI_1
		VI_2
	}
	smtp_alert
}
vrrp_instance VI_2 {
	state BACKUP
	interface eth0
	virtual_router_id 52
	version 3
	priority 100
	advert_int 0.5
	virtual_ipaddress {
		10.0.0.101/24
	}
}"
sink_start
vrrp_start r1 100 smtp_alert
VRRP_CONF_TOP=""

lab_wait_for 15 has_mail "[r1] VRRP Instance VI_1 - Entering MASTER state" ||
	{ cat "$MAILS"; tail -20 "$W/r1.log"; lab_fail "no mail of VI_1 entering MASTER"; }
lab_wait_for 5 has_mail "[r1] VRRP Group G1 - Entering MASTER state" ||
	{ cat "$MAILS"; lab_fail "no mail of G1 entering MASTER"; }
python3 - "$MAILS" <<'PY' || { cat "$MAILS"; lab_fail "the MASTER mail is not as it should be"; }
import json, re, sys
mails = [json.loads(l) for l in open(sys.argv[1])]
m = next(m for m in mails if "VI_1 - Entering MASTER" in m["data"])
head, _, body = m["data"].partition("\r\n\r\n")
h = dict(l.split(": ", 1) for l in head.split("\r\n"))
assert m["helo"] == "r1.example", m["helo"]
assert m["from"] == "<keel@r1.example>", m["from"]
assert m["to"] == ["<ops@example.com>", "<oncall@example.net>"], m["to"]
assert h["From"] == "keel@r1.example", h
assert h["To"] == "ops@example.com, oncall@example.net", h
assert re.fullmatch(r"\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}", h["Date"]), h["Date"]
assert "VI_1" in body and "MASTER" in body, body
assert not any("VI_2" in x["data"].partition("\r\n\r\n")[0] for x in mails), "a mail of VI_2"
PY
lab_log "r1 master: VI_1's and G1's MASTER mails, headers and envelope as configured, none of VI_2"

# r2 takes over: BACKUP mails
vrrp_start r2 200
lab_wait_for 10 has_mail "[r1] VRRP Instance VI_1 - Entering BACKUP state" 2 ||
	{ cat "$MAILS"; lab_fail "no mail of VI_1 entering BACKUP"; }
lab_wait_for 5 has_mail "[r1] VRRP Group G1 - Entering BACKUP state" 2 ||
	{ cat "$MAILS"; lab_fail "no mail of G1 entering BACKUP"; }
[[ $(state_of r1) == BACKUP ]] || lab_fail "r1 is not BACKUP"
lab_log "r2 took over: VI_1's and G1's BACKUP mails (the second of each: the first came at start)"

# the server is gone: connection refused, one line per mail
sink_stop
vrrp_stop r2
lab_wait_for 10 logged "email alert not sent via \[10.0.0.9\]:2525: .*Connection refused" 2 ||
	{ tail -40 "$W/r1.log"; lab_fail "no not-sent line for a refused connection"; }
[[ $(state_of r1) == MASTER ]] || lab_fail "r1 is not master after r2 left"
lab_log "SMTP server down: $(grep -c 'not sent' "$W/r1.log") mails logged as not sent, r1 master"
grep -m1 'not sent' "$W/r1.log"

# a server that never answers: two mails wait 2 s each, the loop goes on
sink_start --silent
vrrp_start r2 200
lab_wait_for 10 state_is r1 BACKUP || lab_fail "r1 did not go back to BACKUP"
vrrp_stop r2
lab_wait_for 5 state_is r1 MASTER || lab_fail "r1 did not become master"
vrrp_start r2 50
a0=$(adverts_out)
t0=$(_lab_now_us)
lab_wait_for 15 logged "email alert not sent via \[10.0.0.9\]:2525: .*no answer within 2 s" 4 ||
	{ tail -20 "$W/r1.log"; lab_fail "no 'no answer within 2 s' lines"; }
a1=$(adverts_out)
t1=$(_lab_now_us)
want=$(((t1 - t0) / 500000))
lab_log "silent server: 4 mails timed out; r1 sent $((a1 - a0)) adverts in $(((t1 - t0) / 1000)) ms (0.5 s interval: $want)"
grep 'no answer' "$W/r1.log" | tail -1
(((a1 - a0) >= want - 2)) || lab_fail "r1's adverts fell behind while mails hung: $((a1 - a0)) of $want"
[[ $(state_of r2) == BACKUP ]] || lab_fail "r2 left BACKUP while r1's mails hung"
! grep -q "Entering MASTER\|-> MASTER\|MASTER state" "$W/r2.log" || lab_fail "r2 became master"
sink_stop

vrrp_stop r1 r2
lab_log "keeld-smtp-alerts: ok"
