# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# tcp-listen.sh: live TCP_CHECK targets for benches (with W set): one
# process accepting and closing on N ports from 20000 at one address
# (10.2.0.1 in a lab node, or any local address on the host), and the
# keepalived-style config of N checks against them.

# listen_py: writes the listener, $W/listen.py N [ADDR]. On SIGUSR1 it
# writes how many connections it accepted from each peer address so far to
# $W/accepts.txt ("ADDR COUNT" lines): a check that completed is one
# accepted connection.
listen_py() {
	cat >"$W/listen.py" <<'PY'
import os, selectors, signal, socket, sys
n = int(sys.argv[1])
addr = sys.argv[2] if len(sys.argv) > 2 else "10.2.0.1"
accepts = {}
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "accepts.txt")
def dump(sig, frame):
    with open(out + ".new", "w") as f:
        for a, c in accepts.items():
            f.write("%s %d\n" % (a, c))
    os.replace(out + ".new", out)
signal.signal(signal.SIGUSR1, dump)
sel = selectors.DefaultSelector()
for p in range(20000, 20000 + n):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, p))
    s.listen(64)
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ)
print("listening", flush=True)
while True:
    for key, _ in sel.select():
        try:
            c, peer = key.fileobj.accept()
            c.close()
            accepts[peer[0]] = accepts.get(peer[0], 0) + 1
        except BlockingIOError:
            pass
PY
}

# listen_start NODE N (after topo.sh): NODE must hold 10.2.0.1.
listen_start() {
	listen_py
	# the system python: a pyenv shim costs seconds per start in the VM
	topo_bg --log "$W/listen.log" "$1" /usr/bin/python3 "$W/listen.py" "$2"
	LISTEN_PID=$TOPO_PID
	lab_wait_for 60 grep -q listening "$W/listen.log" || { cat "$W/listen.log"; lab_fail "listeners did not start"; }
}

# listen_accepts ADDR: connections accepted from ADDR so far (listen_start's).
listen_accepts() {
	local before
	before=$(stat -c %Y.%y "$W/accepts.txt" 2>/dev/null || true)
	kill -USR1 "$LISTEN_PID"
	lab_wait_for 10 _listen_dumped "$before" || lab_fail "the listener does not answer SIGUSR1"
	awk -v a="$1" '$1 == a { n = $2 } END { print n + 0 }' "$W/accepts.txt"
}
_listen_dumped() { [[ -f $W/accepts.txt && $(stat -c %Y.%y "$W/accepts.txt") != "$1" ]]; }

# tcp_checks_conf N [ADDR]: 100 NAT virtual servers, N/100 real servers
# each (at ADDR, default 10.2.0.1), a TCP_CHECK at delay_loop 1 on every one.
tcp_checks_conf() {
	local per=$(($1 / 100)) v r port=20000 a=${2:-10.2.0.1}
	for ((v = 0; v < 100; v++)); do
		printf 'virtual_server 10.1.0.%d 80 {\n protocol TCP\n lb_kind NAT\n delay_loop 1\n' $((v + 1))
		for ((r = 0; r < per; r++)); do
			printf ' real_server %s %d {\n  TCP_CHECK {\n   connect_timeout 3\n  }\n }\n' "$a" $port
			port=$((port + 1))
		done
		printf '}\n'
	done
}
