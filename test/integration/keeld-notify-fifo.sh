#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: parallel (asserts nothing about time; see test/lab/run-integration)
#
# keeld-notify-fifo: keepalived's notify FIFOs. notify_fifo gets every
# event, with notify_fifo_script reading it (started by keeld with the
# FIFO's path, told to finish with SIGTERM when keeld stops);
# vrrp_notify_fifo only the VRRP lines and lvs_notify_fifo only the
# checkers', both read by cat. Lines as keepalived writes them:
#   INSTANCE "VI_1" MASTER 100
#   RS [10.0.0.2]:tcp:81 [10.0.0.100]:tcp:80 DOWN, then UP
#   VS [10.0.0.100]:tcp:80 DOWN (quorum lost), then UP
#   INSTANCE "VI_1" MASTER_PRIORITY 120 (notify_priority_changes: a
#     tracked file moves the priority)
#   INSTANCE "VI_1" MASTER_RX_LOWER_PRI 120 (a peer's advert of priority
#     50 while master; keepalived 2.2.7 writes its own priority, as seen in
#     the lab; notify_master_rx_lower_pri runs too)
# and INSTANCE "VI_1" STOP when keeld stops. Restarted with
# rs_init_notifies, the start writes an UP line for each server that
# starts up (none without it).

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
W=$TOPO_TMP
# shellcheck source-path=SCRIPTDIR source=../lab/keeld-lab.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/keeld-lab.sh"
keeld_lab

cat >"$W/reader.sh" <<SH
#!/bin/bash
# the operator's FIFO script: every line to a log, and the SIGTERM noted
trap 'echo TERM >>$W/script.log' TERM
echo "started with \$1" >>$W/script.log
exec <"\$1"
while :; do
	if read -r line; then
		echo "\$line" >>$W/script.log
	elif ((\$? > 128)); then
		continue	# the SIGTERM: read on to the end, as keepalived's sample
	else
		break
	fi
done
echo EOF >>$W/script.log
SH
printf '#!/bin/sh\necho "lower: $*" >>%s\n' "$W/lower.log" >"$W/lower.sh"
chmod +x "$W/reader.sh" "$W/lower.sh"
mkfifo "$W/vrrp.fifo" "$W/lvs.fifo"
echo 0 >"$W/tf"

cat >"$W/keel.conf" <<CONF
global_defs {
    checker_priority 5
    notify_fifo $W/all.fifo
    notify_fifo_script $W/reader.sh
    vrrp_notify_fifo $W/vrrp.fifo
    lvs_notify_fifo $W/lvs.fifo
}
vrrp_track_file tf {
    file $W/tf
    weight 10
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    version 3
    priority 100
    advert_int 0.5
    notify_priority_changes
    notify_master_rx_lower_pri "$W/lower.sh VI_1"
    track_file {
        tf
    }
    virtual_ipaddress {
        10.0.0.100/24
    }
}
virtual_server 10.0.0.100 80 {
    protocol TCP
    delay_loop 1
    quorum 2
    real_server 10.0.0.2 80 {
        TCP_CHECK {
            connect_timeout 1
            retry 0
        }
    }
    real_server 10.0.0.2 81 {
        TCP_CHECK {
            connect_timeout 1
            retry 0
        }
    }
}
CONF

topo_bg be busybox nc -ll -p 80 -e true
# the two plain readers, started before keeld opens the FIFOs
topo_bg --log "$W/vrrp.lines" d1 cat "$W/vrrp.fifo"
topo_bg --log "$W/lvs.lines" d1 cat "$W/lvs.fifo"
keeld_start "$W/keel.conf"

in_log() { grep -qxF -- "$2" "$W/$1"; }
want() {	# want FILE LINE [SECONDS]
	lab_wait_for "${3:-10}" in_log "$1" "$2" ||
		{ echo "--- $1:"; cat "$W/$1"; fail_dump "$1 lacks: $2"; }
}

want script.log "started with $W/all.fifo"
[[ -p $W/all.fifo ]] || fail_dump "keeld did not create $W/all.fifo"
want script.log 'INSTANCE "VI_1" MASTER 100'
want vrrp.lines 'INSTANCE "VI_1" MASTER 100'
want script.log 'RS [10.0.0.2]:tcp:81 [10.0.0.100]:tcp:80 DOWN'
want lvs.lines 'RS [10.0.0.2]:tcp:81 [10.0.0.100]:tcp:80 DOWN'
want lvs.lines 'VS [10.0.0.100]:tcp:80 DOWN'
lab_log "MASTER, the failed server and the lost quorum are in the FIFOs"
m=$(topo_exec d1 "$B/keelctl" -s "$W/kd.sock" metrics)
for line in 'keel_vrrp_master{instance="VI_1",interface="eth0",vrid="51"} 1' \
	'keel_vrrp_state{instance="VI_1",interface="eth0",vrid="51"} 2' \
	'keel_real_server_up{virtual_server="TCP 10.0.0.100:80",real_server="10.0.0.2:81"} 0' \
	'keel_virtual_server_quorum{virtual_server="TCP 10.0.0.100:80"} 0'; do
	grep -qxF -- "$line" <<<"$m" || { echo "$m"; fail_dump "metrics lack: $line"; }
done
grep -q '^keel_vrrp_adverts_sent_total{instance="VI_1",interface="eth0",vrid="51"} [1-9]' <<<"$m" ||
	{ echo "$m"; fail_dump "metrics: no adverts sent"; }
lab_log "keelctl metrics: the instance master, the failed server, no quorum"

# checker_priority 5: the main thread at nice 5, the VRRP thread as started
nice_of() { sed 's/^.*) //' "$1" | awk '{ print $17 }'; }	# stat's 19th field
kp=$(cat "$W/keeld.pid")
start=$(nice_of "/proc/$BASHPID/stat")
main=$(nice_of "/proc/$kp/task/$kp/stat")
vt=$(grep -lx keeld-vrrp /proc/"$kp"/task/*/comm) || fail_dump "no keeld-vrrp thread"
vrrp=$(nice_of "${vt%/comm}/stat")
[[ $main == 5 && $vrrp == "$start" ]] ||
	fail_dump "nice: started $start, main thread $main (want 5), VRRP thread $vrrp"
lab_log "the main thread runs at nice $main, the VRRP thread at $vrrp"

topo_bg be busybox nc -ll -p 81 -e true
want script.log 'RS [10.0.0.2]:tcp:81 [10.0.0.100]:tcp:80 UP'
want lvs.lines 'RS [10.0.0.2]:tcp:81 [10.0.0.100]:tcp:80 UP'
want script.log 'VS [10.0.0.100]:tcp:80 UP'
lab_log "the server's return and the quorum's too"

# notify_priority_changes: the tracked file's 2 x 10 moves the priority
echo 2 >"$W/tf"
want vrrp.lines 'INSTANCE "VI_1" MASTER_PRIORITY 120'
want script.log 'INSTANCE "VI_1" MASTER_PRIORITY 120'
# a peer's VRRPv3 advert of priority 50 reaches the master (checksum over
# the RFC 5798 pseudo-header, TTL 255)
topo_exec be python3 -S - <<'PY'
import socket, struct
def csum(b):
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    return ~(s + (s >> 16)) & 0xffff
body = struct.pack('!BBBBHH', 0x31, 51, 50, 1, 50, 0) + socket.inet_aton('10.0.0.100')
ph = socket.inet_aton('10.0.0.2') + socket.inet_aton('224.0.0.18') + struct.pack('!BBH', 0, 112, len(body))
pkt = body[:6] + struct.pack('!H', csum(ph + body)) + body[8:]
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 112)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 255)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton('10.0.0.2'))
s.sendto(pkt, ('224.0.0.18', 0))
PY
want vrrp.lines 'INSTANCE "VI_1" MASTER_RX_LOWER_PRI 120'
want lower.log 'lower: VI_1'
echo 0 >"$W/tf"
want vrrp.lines 'INSTANCE "VI_1" MASTER_PRIORITY 100'
lab_log "priority changes and a lower priority advert heard as master are in the FIFOs"

# each FIFO gets only its kind
! grep -q '^RS \|^VS ' "$W/vrrp.lines" || fail_dump "vrrp_notify_fifo got checker lines: $(cat "$W/vrrp.lines")"
! grep -q '^INSTANCE' "$W/lvs.lines" || fail_dump "lvs_notify_fifo got VRRP lines: $(cat "$W/lvs.lines")"

keeld_stop
want script.log 'INSTANCE "VI_1" STOP 100' 5
want script.log TERM 5
want script.log EOF 5
want vrrp.lines 'INSTANCE "VI_1" STOP 100' 5
lab_log "stop: STOP written, the script told to finish, and it read to the FIFO's end"
cat "$W/script.log"

# --- rs_init_notifies: only with it does the start write an UP line for
# the server that starts up (as keepalived 2.2.7 does, seen in the lab)
up80='RS [10.0.0.2]:tcp:80 [10.0.0.100]:tcp:80 UP'
! grep -qxF "$up80" "$W/lvs.lines" || fail_dump "without rs_init_notifies: $up80"
sed -i 's|^    lvs_notify_fifo \(.*\)$|    lvs_notify_fifo \1\n    rs_init_notifies|' "$W/keel.conf"
grep -q rs_init_notifies "$W/keel.conf" || lab_fail "rs_init_notifies not added to the config"
topo_bg --log "$W/lvs2.lines" d1 cat "$W/lvs.fifo"
keeld_start "$W/keel.conf"
want lvs2.lines "$up80"
want lvs2.lines 'RS [10.0.0.2]:tcp:81 [10.0.0.100]:tcp:80 UP'
keeld_stop
lab_log "rs_init_notifies: the servers that start up are notified UP at the start"
lab_log "keeld-notify-fifo: ok"
