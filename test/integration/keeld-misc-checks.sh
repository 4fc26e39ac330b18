#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# keeld-misc-checks: UDP_CHECK, DNS_CHECK, PING_CHECK, FILE_CHECK and
# SMTP_CHECK against real servers in a backend namespace, keeld in a
# director namespace, ipvsadm as the oracle. Each kind's real server is in
# IPVS at start, leaves when its server fails and comes back when it
# recovers:
# - UDP_CHECK: a python UDP echo server; payload "keel" must come back as
#   6b65xx6c (a wildcard nibble); killed, the ICMP port unreachable fails it;
# - DNS_CHECK: dnsmasq answering A svc.lab; with that name gone from its
#   hosts file it answers REFUSED, which fails it;
# - PING_CHECK: an address of the backend, removed and added back;
# - FILE_CHECK: a track file 0 -> 1 -> 0, seen through inotify well before
#   the 30 s delay_loop; a dynamic one sets weight 1 + 2 x value;
# - SMTP_CHECK: a shell SMTP stub with multi-line replies that logs the
#   HELO it gets (keepalived's default name); answering 554 fails it.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
[[ -x $B/keeld ]] || lab_fail "no keeld in $B (set KEEL_BUILD)"
# Debian's python3 itself: a version manager's shim on PATH costs seconds
# a start under emulation
PY=/usr/bin/python3
lab_require_cmd ipvsadm busybox "$PY" dnsmasq
W=$TOPO_TMP
# shellcheck source=../lab/keeld-lab.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/keeld-lab.sh"

topo_bridge lan
topo_node d1 lan 10.0.0.1/24
topo_node be lan 10.0.0.2/24,10.0.0.3/24

cat >"$W/udp-echo.py" <<'PY'
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.0.0.2", 5000))
while True:
    data, peer = s.recvfrom(2048)
    s.sendto(data, peer)
PY
# one SMTP session a connection (busybox nc -e): multi-line replies, the
# HELO it got logged; 554 at once while smtp-mode is not "ok"
cat >"$W/smtp-stub.sh" <<SH
#!/bin/sh
cr=\$(printf '\\r')
if [ "\$(cat "$W/smtp-mode")" != ok ]; then
	printf '554 5.3.2 busy\\r\\n'
	exit 0
fi
printf '220-smtp.lab ESMTP\\r\\n220 ready\\r\\n'
read -r helo
echo "\${helo%\$cr}" >>"$W/helo.log"
case \$helo in
HELO\ *) printf '250-smtp.lab hello\\r\\n250 pleased to meet you\\r\\n' ;;
*) printf '500 HELO first\\r\\n'; exit 0 ;;
esac
read -r quit
[ "\${quit%\$cr}" = QUIT ] && printf '221 bye\\r\\n'
SH
chmod +x "$W/smtp-stub.sh"
echo ok >"$W/smtp-mode"
: >"$W/helo.log"
echo 0 >"$W/up.state"
echo 0 >"$W/dyn.state"

# connect_timeout: a forking stub server in a loaded emulated VM needs more
# than 1 s to answer at times; PING_CHECK fails by it
CHK='connect_timeout 3
            retry 1
            delay_before_retry 0.5'
cat >"$W/keel.conf" <<CONF
track_file tf_up {
    file $W/up.state
}
track_file tf_dyn {
    file $W/dyn.state
    weight 2
}
virtual_server 10.0.0.100 5000 {
    protocol UDP
    delay_loop 1
    real_server 10.0.0.2 5000 {
        UDP_CHECK {
            $CHK
            payload 6b65656c
            require_reply 6b65xx6c
            min_reply_length 4
            max_reply_length 4
        }
    }
}
virtual_server 10.0.0.100 53 {
    protocol UDP
    delay_loop 1
    real_server 10.0.0.2 53 {
        DNS_CHECK {
            $CHK
            type A
            name svc.lab
        }
    }
}
virtual_server 10.0.0.100 80 {
    protocol TCP
    delay_loop 1
    real_server 10.0.0.3 80 {
        PING_CHECK {
            $CHK
        }
    }
}
virtual_server 10.0.0.100 81 {
    protocol TCP
    delay_loop 30
    real_server 10.0.0.2 81 {
        FILE_CHECK {
            track_file tf_up
        }
    }
    real_server 10.0.0.5 81 {
        weight 1
        FILE_CHECK {
            track_file tf_dyn
            dynamic
        }
    }
}
virtual_server 10.0.0.100 25 {
    protocol TCP
    delay_loop 1
    real_server 10.0.0.2 25 {
        SMTP_CHECK {
            $CHK
        }
    }
}
CONF

udp_up() {
	topo_bg --log "$W/udp.log" be "$PY" "$W/udp-echo.py"
	UDP=$TOPO_PID
}
# dnsmasq answers the names of dns.hosts, re-read on SIGHUP, and REFUSED
# for any other (it has no upstream)
dns_hosts() {
	echo "$1" >"$W/dns.hosts"
	kill -HUP "$DNS"
}
stop() {
	kill "$1"
	wait "$1" 2>/dev/null || true
}
all_up() {
	local TABLE_NOW
	TABLE_NOW=$(table)
	has 10.0.0.100:5000 "10.0.0.2:5000 1" && has 10.0.0.100:53 "10.0.0.2:53 1" &&
		has 10.0.0.100:80 "10.0.0.3:80 1" && has 10.0.0.100:81 "10.0.0.2:81 1" &&
		has 10.0.0.100:81 "10.0.0.5:81 1" && has 10.0.0.100:25 "10.0.0.2:25 1"
}
# gone SVC RS CHECK WHY: RS leaves SVC, and keeld's CHECK failed for WHY
# (the transition may name another failure: a loaded VM times a stub out
# now and then)
gone() {
	lab_wait_for 20 hasnt "$1" "$2" || fail_dump "$2 stayed in $1"
	grep -qF "$3: failed ($4)" "$W/keeld.log" || fail_dump "$3 never failed for '$4'"
	lab_log "down: $(grep -F "rs $2 " "$W/keeld.log" | grep -F -- '-> down' | tail -1 | cut -c14-)"
}

udp_up
echo "10.0.0.50 svc.lab" >"$W/dns.hosts"
topo_bg --log "$W/dnsmasq.log" be dnsmasq -k -C /dev/null -u root --no-resolv --no-hosts \
	--addn-hosts="$W/dns.hosts" --listen-address=10.0.0.2 --bind-interfaces --pid-file="$W/dnsmasq.pid"
DNS=$TOPO_PID
topo_bg --log "$W/smtp.log" be busybox nc -ll -p 25 -e "$W/smtp-stub.sh"
lab_wait_for 20 topo_exec be sh -c 'ss -Hltn "sport = :25" | grep -q .' ||
	{ topo_exec be ss -lntup; cat "$W/smtp.log"; lab_fail "the SMTP stub did not listen"; }
keeld_start "$W/keel.conf"

# --- every kind up
lab_wait_for 30 all_up || fail_dump "not every real server is up at start"
table
fds0=$(ls "/proc/$KEELD/fd" | wc -l)
lab_log "start: all five kinds up"
grep -qx 'HELO smtpchecker.keepalived.org' "$W/helo.log" || lab_fail "HELO was: $(head -3 "$W/helo.log")"
lab_log "SMTP_CHECK said: $(grep -m1 '^HELO' "$W/helo.log")"
# a warmup-free first read: FILE_CHECK had no reason to wait for delay_loop 30
grep -q 'FILE_CHECK 10.0.0.2:81: ok (value 0)' "$W/keeld.log" || fail_dump "FILE_CHECK did not read at start"

# --- every kind fails
stop "$UDP"
dns_hosts "10.0.0.51 other.lab"
topo_exec be ip addr del 10.0.0.3/24 dev eth0
c0=$(clock_ms)
echo 1 >"$W/up.state"
echo bad >"$W/smtp-mode"
gone 10.0.0.100:81 10.0.0.2:81 "FILE_CHECK 10.0.0.2:81" "non-zero value"
seen=$(($(log_ms 'rs 10.0.0.2:81 (TCP 10.0.0.100:81): up -> down') - c0))
lab_log "FILE_CHECK: keeld saw the write after $seen ms (delay_loop 30 s)"
# inotify, not the 30 s delay_loop: an event loop's latency, with margin
# for a loaded emulated VM
(( seen <= 5000 )) || fail_dump "FILE_CHECK took $seen ms to see the file change"
gone 10.0.0.100:5000 10.0.0.2:5000 "UDP_CHECK 10.0.0.2:5000" "Connection refused"
gone 10.0.0.100:53 10.0.0.2:53 "DNS_CHECK 10.0.0.2:53" "rcode REFUSED"
gone 10.0.0.100:80 10.0.0.3:80 "PING_CHECK 10.0.0.3:80" "timed out"
gone 10.0.0.100:25 10.0.0.2:25 "SMTP_CHECK 10.0.0.2:25" "greeting 554"

# --- FILE_CHECK dynamic: weight 1 + 2 x value, below 0 is down
echo 3 >"$W/dyn.state"
lab_wait_for 10 has 10.0.0.100:81 "10.0.0.5:81 7" || fail_dump "dynamic FILE_CHECK: value 3 did not give weight 7"
lab_log "FILE_CHECK dynamic: value 3 -> weight 7"
echo -1 >"$W/dyn.state"
gone 10.0.0.100:81 10.0.0.5:81 "FILE_CHECK 10.0.0.5:81" "weight below 0"

# --- every kind recovers
udp_up
dns_hosts "10.0.0.50 svc.lab"
topo_exec be ip addr add 10.0.0.3/24 dev eth0
echo 0 >"$W/up.state"
echo 0 >"$W/dyn.state"
echo ok >"$W/smtp-mode"
lab_wait_for 30 all_up || fail_dump "not every real server came back"
lab_log "recovered: all five kinds back"
table
grep -E -- ': (up -> down|down -> up|weight [0-9]+ -> )' "$W/keeld.log" | cut -c14-

# --- no fd left behind by timed-out (cancelled) probes: PING_CHECK alone
# timed out several times; at most one probe of each networked kind may be
# in flight at either count
fds1=$(ls "/proc/$KEELD/fd" | wc -l)
lab_log "keeld fds: $fds0 at start, $fds1 after $(grep -c ': failed (timed out)' "$W/keeld.log") timed-out probes"
(( fds1 <= fds0 + 4 )) || fail_dump "keeld holds $fds1 fds, $fds0 at start: a probe leaks"

# --- stop: sanitizers clean
topo_exec d1 "$B/keelctl" -s "$W/kd.sock" checks
keeld_stop
lab_log "stop: clean"
lab_log "ok"
