# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# tcp-listen.sh: live TCP_CHECK targets for benches (with W set): one
# process accepting and closing on N ports from 20000 at one address
# (10.2.0.1 in a lab node, or any local address on the host), the
# keepalived-style config of N checks against them, and a count of the
# checks answered.

# listen_py: writes the listener, $W/listen.py N [ADDR].
listen_py() {
	cat >"$W/listen.py" <<'PY'
import selectors, socket, sys
n = int(sys.argv[1])
addr = sys.argv[2] if len(sys.argv) > 2 else "10.2.0.1"
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
            key.fileobj.accept()[0].close()
        except BlockingIOError:
            pass
PY
}

# listen_start NODE N (after topo.sh): NODE must hold 10.2.0.1. Its SYN-ACKs
# are counted per director (listen_watch): a completed check is one SYN-ACK,
# whether the checker then completes the handshake (keepalived, keeld's
# full_handshake) or resets it (keeld's half-open probe).
listen_start() {
	listen_py
	LISTEN_NODE=$1
	topo_exec "$1" nft add table inet bench
	topo_exec "$1" nft add chain inet bench out '{ type filter hook output priority 0; }'
	# the system python: a pyenv shim costs seconds per start in the VM
	topo_bg --log "$W/listen.log" "$1" /usr/bin/python3 "$W/listen.py" "$2"
	lab_wait_for 60 grep -q listening "$W/listen.log" || { cat "$W/listen.log"; lab_fail "listeners did not start"; }
}

# listen_watch ADDR: counts the SYN-ACKs the listener sends to ADDR
listen_watch() {
	topo_exec "$LISTEN_NODE" nft add rule inet bench out ip daddr "$1" 'tcp flags & (syn | ack) == syn | ack' counter
}

# listen_answers ADDR: SYN-ACKs sent to ADDR since listen_watch ADDR
listen_answers() {
	topo_exec "$LISTEN_NODE" nft list chain inet bench out |
		awk -v a="$1" '$0 ~ "daddr " a " " { for (i = 1; i < NF; i++) if ($i == "packets") n = $(i + 1) } END { print n + 0 }'
}

# tcp_checks_conf N [ADDR] [OPTION]: 100 NAT virtual servers, N/100 real
# servers each (at ADDR, default 10.2.0.1), a TCP_CHECK at delay_loop 1 on
# every one (with OPTION, a line such as full_handshake, when given).
tcp_checks_conf() {
	local per=$(($1 / 100)) v r port=20000 a=${2:-10.2.0.1} opt=${3:+   $3$'\n'}
	for ((v = 0; v < 100; v++)); do
		printf 'virtual_server 10.1.0.%d 80 {\n protocol TCP\n lb_kind NAT\n delay_loop 1\n' $((v + 1))
		for ((r = 0; r < per; r++)); do
			printf ' real_server %s %d {\n  TCP_CHECK {\n   connect_timeout 3\n%s  }\n }\n' "$a" $port "$opt"
			port=$((port + 1))
		done
		printf '}\n'
	done
}
