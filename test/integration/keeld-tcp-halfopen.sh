#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# keeld-tcp-halfopen: TCP_CHECK's default half-open probe against real
# listeners, IPv4 and IPv6, with nft counting the backend's SYNs and the
# listener counting what it accepts:
# - a listener is up, and never sees a connection (the director's kernel
#   resets each SYN-ACK: no half-open connection stays on the backend);
# - a closed port is down at once (RST: "Connection refused");
# - an ICMP error (nft reject) is down at once, not after connect_timeout;
# - full_handshake connects: the listener accepts one connection a probe;
# - probes go out once a delay_loop per check;
# - bindto: the probe leaves from that address (IPv4 and IPv6).

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
W=$TOPO_TMP
# shellcheck source-path=SCRIPTDIR source=../lab/keeld-lab.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/keeld-lab.sh"
keeld_lab
lab_require_cmd nft ss python3
topo_exec d1 ip addr add fd00::1/64 dev eth0 nodad
topo_exec d1 ip addr add 10.0.0.11/24 dev eth0
# deprecated: never the source the kernel picks, only bindto's
topo_exec d1 ip addr add fd00::11/64 dev eth0 nodad preferred_lft 0
topo_exec be ip addr add fd00::2/64 dev eth0 nodad

# the listener: ports 80 and 84 on both families, one line per accepted connection
cat >"$W/listen.py" <<'PY'
import selectors, socket, sys
sel = selectors.DefaultSelector()
for port in (80, 84):
    s = socket.socket(socket.AF_INET6)
    # the restart must bind past TIME_WAITs of closed full_handshake accepts
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.bind(("::", port))
    s.listen(64)
    sel.register(s, selectors.EVENT_READ, port)
log = open(sys.argv[1], "a", buffering=1)
print("listening", flush=True)
while True:
    for key, _ in sel.select():
        c, peer = key.fileobj.accept()
        c.close()
        log.write("%d %s\n" % (key.data, peer[0]))
PY
: >"$W/accepts"
topo_bg --log "$W/listen.log" be /usr/bin/python3 "$W/listen.py" "$W/accepts"
lab_wait_for 30 grep -q listening "$W/listen.log" || lab_fail "the listener did not start"

# SYNs the backend receives to port 80, per family; port 83 answers with an ICMP error
topo_exec be nft -f - <<'NFT'
table inet probe {
	chain in {
		type filter hook input priority 0;
		ip saddr 10.0.0.1 tcp dport 80 tcp flags & (syn | ack) == syn counter
		ip6 saddr fd00::1 tcp dport 80 tcp flags & (syn | ack) == syn counter
		ip saddr 10.0.0.11 tcp dport 80 tcp flags & (syn | ack) == syn counter
		ip6 saddr fd00::11 tcp dport 80 tcp flags & (syn | ack) == syn counter
		tcp dport 83 reject with icmpx type admin-prohibited
	}
}
NFT
syns() {	# syns SOURCE: SYNs to port 80 from SOURCE so far
	topo_exec be nft list chain inet probe in |
		awk -v a="$1" '$3 == a && /counter/ { for (i = 1; i < NF; i++) if ($i == "packets") print $(i + 1) }'
}
accepted() { grep -c "^$1 " "$W/accepts" || true; }

CHK='TCP_CHECK {
            connect_timeout 5
            retry 1
            delay_before_retry 1
        }'
cat >"$W/keel.conf" <<CONF
virtual_server 10.0.0.100 80 {
    protocol TCP
    delay_loop 1
    real_server 10.0.0.2 80 {
        $CHK
    }
    real_server 10.0.0.2 82 {
        $CHK
    }
    real_server 10.0.0.2 83 {
        $CHK
    }
    real_server 10.0.0.2 84 {
        TCP_CHECK {
            full_handshake
            connect_timeout 5
        }
    }
}
virtual_server fd00::100 80 {
    protocol TCP
    delay_loop 1
    real_server fd00::2 80 {
        $CHK
    }
    real_server fd00::2 82 {
        $CHK
    }
    real_server fd00::2 83 {
        $CHK
    }
}
virtual_server 10.0.0.101 80 {
    protocol TCP
    delay_loop 1
    real_server 10.0.0.2 80 {
        TCP_CHECK {
            bindto 10.0.0.11
        }
    }
}
virtual_server fd00::101 80 {
    protocol TCP
    delay_loop 1
    real_server fd00::2 80 {
        TCP_CHECK {
            bindto fd00::11
        }
    }
}
CONF
keeld_start "$W/keel.conf"
t0=$(clock_ms)

# --- a closed port and an ICMP error: down at once, with their reasons
for l in 'rs 10.0.0.2:82 (TCP 10.0.0.100:80): up -> down (TCP_CHECK: Connection refused)' \
	'rs [fd00::2]:82 (TCP [fd00::100]:80): up -> down (TCP_CHECK: Connection refused)' \
	'rs 10.0.0.2:83 (TCP 10.0.0.100:80): up -> down (TCP_CHECK: No route to host)' \
	'rs [fd00::2]:83 (TCP [fd00::100]:80): up -> down (TCP_CHECK: Permission denied)'; do
	lab_wait_for 15 grep -qF "$l" "$W/keeld.log" || fail_dump "missing: $l"
	seen=$(($(log_ms "$l") - t0))
	lab_log "down after $seen ms: $l"
	# 2 probes (retry 1) a delay_before_retry apart, each answered at
	# once; a timeout would take 2 x connect_timeout 5 s; 2 s emulation slack
	(( seen <= 4000 )) || fail_dump "$seen ms to see '$l', want <= 4000 (no timeout)"
done
TABLE_NOW=$(table)
has 10.0.0.100 "10.0.0.2:80 1" && has 10.0.0.100 "10.0.0.2:84 1" && has '[fd00::100]:80' '\[fd00::2\]:80 1' ||
	fail_dump "the listening real servers are not in IPVS"
hasnt 10.0.0.100 10.0.0.2:82 && hasnt 10.0.0.100 10.0.0.2:83 && hasnt '[fd00::100]:80' '\[fd00::2\]:82' &&
	hasnt '[fd00::100]:80' '\[fd00::2\]:83' ||
	fail_dump "a closed real server stayed in IPVS"
TABLE_NOW=
checks_json | grep -q '"check":"TCP_CHECK 10.0.0.2:80"[^}]*"reason":"SYN-ACK"' ||
	fail_dump "the IPv4 check's last result is not a SYN-ACK: $(checks_json)"
lab_log "up: 10.0.0.2:80, [fd00::2]:80 (half-open), 10.0.0.2:84 (full_handshake)"

# --- half-open: SYNs once a second, nothing accepted; full_handshake: accepted
s4=$(syns 10.0.0.1) s6=$(syns fd00::1) b4=$(syns 10.0.0.11) b6=$(syns fd00::11) a80=$(accepted 80) a84=$(accepted 84)
sleep 10
d4=$(($(syns 10.0.0.1) - s4)) d6=$(($(syns fd00::1) - s6)) d80=$(($(accepted 80) - a80)) d84=$(($(accepted 84) - a84))
e4=$(($(syns 10.0.0.11) - b4)) e6=$(($(syns fd00::11) - b6))
lab_log "in 10 s: SYNs to :80 IPv4 $d4, IPv6 $d6; accepted on :80 $d80, on :84 (full_handshake) $d84"
# delay_loop 1 give or take 1/16: about 10; each counter is read a few
# seconds apart under emulation; two probes a second would be 20
(( d4 >= 6 && d4 <= 15 && d6 >= 6 && d6 <= 15 )) || fail_dump "want about 10 SYNs a family, saw $d4 / $d6"
(( d80 == 0 )) || fail_dump "the listener accepted $d80 connections from half-open probes"
(( d84 >= 6 && d84 <= 15 )) || fail_dump "full_handshake: want about 10 accepted connections, saw $d84"
lab_log "in 10 s: SYNs from bindto 10.0.0.11 $e4, fd00::11 $e6"
(( e4 >= 6 && e4 <= 15 && e6 >= 6 && e6 <= 15 )) || fail_dump "bindto: want about 10 SYNs from each, saw $e4 / $e6"
TABLE_NOW=$(table)
has 10.0.0.101 "10.0.0.2:80 1" && has '[fd00::101]:80' '\[fd00::2\]:80 1' || fail_dump "bindto checks are not up"
TABLE_NOW=
# the director's kernel reset every SYN-ACK: nothing half-open stays
lab_wait_for 5 sh -c "[ -z \"\$(ip netns exec $(topo_ns be) ss -Htn state syn-recv)\" ]" ||
	fail_dump "half-open connections stay on the backend: $(topo_exec be ss -tn state syn-recv)"

# --- the listener dies and comes back
kill "$(pgrep -f "$W/listen.py")"
l='rs 10.0.0.2:80 (TCP 10.0.0.100:80): up -> down (TCP_CHECK: Connection refused)'
lab_wait_for 15 grep -qF "$l" "$W/keeld.log" || fail_dump "missing: $l"
topo_bg --log "$W/listen.log" be /usr/bin/python3 "$W/listen.py" "$W/accepts"
lab_wait_for 15 grep -qF 'rs 10.0.0.2:80 (TCP 10.0.0.100:80): down -> up' "$W/keeld.log" ||
	fail_dump "10.0.0.2:80 did not come back"
lab_wait_for 10 has 10.0.0.100 "10.0.0.2:80 1" || fail_dump "10.0.0.2:80 not back in IPVS"
lab_log "listener killed: down (refused); restarted: up"

keeld_stop
lab_log "ok"
