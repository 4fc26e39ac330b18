# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# smtp-lab.sh: the mail server of the email alert tests, on top of
# topo.sh: test/lab/smtp-sink.py in a node, each mail it takes one JSON
# line (helo, from, to, data) in $MAILS. Source it with W set.
#
#   smtp_lab NODE ADDR CLIENT   the sink will listen on ADDR port 2525 in
#                               NODE; CLIENT is the node that must reach it
#   sink_start [--silent]       starts it and waits until CLIENT connects
#                               (--silent: accepts, never says a word)
#   sink_stop
#   subjects SUBJECT            how many mails have that subject
#   has_mail SUBJECT [N]        at least N (default 1) of them
#   mail_subjects               every mail's subject, in the order taken

[[ -n ${SMTP_LAB_SH_LOADED:-} ]] && return 0
SMTP_LAB_SH_LOADED=1

SMTP_SINK=$(cd "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)/smtp-sink.py
SMTP_PORT=2525

smtp_lab() {
	lab_require_cmd python3
	SMTP_NODE=$1
	SMTP_ADDR=$2
	SMTP_CLIENT=$3
	MAILS=$W/mails.jsonl
	: >"$MAILS"
}

sink_start() {
	topo_bg --log "$W/sink.log" "$SMTP_NODE" python3 "$SMTP_SINK" "$SMTP_ADDR" "$SMTP_PORT" "$MAILS" "$@"
	SINK_PID=$TOPO_PID
	lab_wait_for 10 topo_exec "$SMTP_CLIENT" bash -c "exec 3<>/dev/tcp/$SMTP_ADDR/$SMTP_PORT" ||
		{ cat "$W/sink.log"; lab_fail "the SMTP sink does not listen"; }
}
sink_stop() { kill "$SINK_PID"; wait "$SINK_PID" 2>/dev/null || true; }

mail_subjects() {
	python3 - "$MAILS" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    head = json.loads(line)["data"].partition("\r\n\r\n")[0]
    print(next((h[9:] for h in head.split("\r\n") if h.startswith("Subject: ")), ""))
PY
}
subjects() { mail_subjects | grep -cxF -- "$1" || true; }
has_mail() { (($(subjects "$1") >= ${2:-1})); }
