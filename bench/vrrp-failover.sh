#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench/vrrp-failover.sh: VRRP takeover times, keeld against keepalived in
# the same lab session. Two routers share a VIP (VRRPv3, multicast, master
# priority 150, backup 100); per run the master is killed (kill -9, or
# SIGTERM for the graceful case) and the backup's takeover is timed from
# the kill to (a) the VIP on the backup (the kernel's address event, ip
# monitor) and (b) the backup's first gratuitous ARP on the wire (tcpdump
# on a third node). The kill falls at a random point of an advert
# interval. Median and worst of RUNS runs (default 10) for
# advert_int 1 and 0.1; the RFC 5798 limit is printed beside them:
# 3 x advert_int + skew (kill -9), skew (graceful, priority 0 advert).
#
#   KEEL_BUILD=/path/to/build bench/vrrp-failover.sh [RUNS]
#   KEEL_FAILOVER_HOW="kill term" (the cases to run: kill -9, SIGTERM)

set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=in-lab.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/in-lab.sh"

# shellcheck source-path=SCRIPTDIR source=../test/lab/topo.sh
. "$REPO/test/lab/topo.sh"
B=${KEEL_BUILD:?}
RUNS=${1:-10}
VIP=192.0.2.10
W=$TOPO_TMP

topo_bridge lan
topo_node ra lan 192.0.2.2/24
topo_node rb lan 192.0.2.3/24
topo_node obs lan 192.0.2.9/24
MAC_B=$(topo_exec rb cat /sys/class/net/eth0/address)

conf() {	# conf FILE PRIORITY ADVERT_INT
	cat >"$1" <<EOF
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority $2
    version 3
    advert_int $3
    virtual_ipaddress {
        $VIP/24 dev eth0
    }
}
EOF
}

declare -A PID CHILD
start() {	# start DAEMON NODE PRIORITY ADVERT_INT
	local d=$1 n=$2
	conf "$W/$n.conf" "$3" "$4"
	rm -f "$W/$n".pid "$W/$n"-vrrp.pid "$W/$n.sock"
	if [[ $d == keeld ]]; then
		topo_bg --log "$W/$n.log" "$n" "$B/keeld" -n -l -P -f "$W/$n.conf" -p "$W/$n.pid" \
			--control-socket "$W/$n.sock"
		PID[$n]=$TOPO_PID
		lab_wait_for 20 test -S "$W/$n.sock"
	else
		topo_bg --log "$W/$n.log" "$n" keepalived -n -l -P -f "$W/$n.conf" -p "$W/$n.pid" \
			-r "$W/$n-vrrp.pid"
		PID[$n]=$TOPO_PID
		lab_wait_for 20 test -s "$W/$n-vrrp.pid"
		CHILD[$n]=$(cat "$W/$n-vrrp.pid")
	fi
}
# kill -9: keepalived's parent would respawn its VRRP child, so it is frozen first
kill9() {
	local d=$1 n=$2
	kill -STOP "${PID[$n]}"
	[[ $d == keepalived ]] && kill -KILL "${CHILD[$n]}"
	kill -KILL "${PID[$n]}"
	wait "${PID[$n]}" 2>/dev/null || true
}
stop() {
	kill -TERM "${PID[$1]}" 2>/dev/null || true
	wait "${PID[$1]}" 2>/dev/null || true
}
has_vip() { topo_has_addr "$1" "$VIP" eth0; }
no_vip() { ! has_vip "$1"; }

# one_run DAEMON ADVERT_INT HOW: sets RUN_VIP and RUN_GARP (ms from the kill)
one_run() {
	local d=$1 ai=$2 how=$3 t0 mon dump ts
	start "$d" ra 150 "$ai"
	lab_wait_for 20 has_vip ra
	start "$d" rb 100 "$ai"
	sleep 1
	has_vip rb && { echo "both hold the VIP" >&2; return 1; }
	topo_mon_start rb "$W/mon.log"
	mon=$TOPO_PID
	topo_tcpdump_start obs "$W/arp.txt" -n -tt -e -i eth0 arp and ether src "$MAC_B"
	dump=$TOPO_PID
	sleep 1
	# a kill at a random point between two adverts, as a failure comes:
	# after fixed sleeps it would fall at the same point each run for a
	# daemon whose adverts keep the phase of its start (keepalived), and
	# anywhere for one whose adverts sit on a grid (keeld)
	sleep "$(awk -v r="$RANDOM" -v ai="$ai" 'BEGIN { printf "%.3f", r / 32768 * ai }')"
	t0=${EPOCHREALTIME/./}
	if [[ $how == kill ]]; then kill9 "$d" ra; else kill -TERM "${PID[ra]}"; fi
	lab_wait_for 20 has_vip rb
	sleep 1.5
	kill "$mon" "$dump" 2>/dev/null || true
	wait "$mon" "$dump" 2>/dev/null || true
	ts=$(awk -v v=" $VIP/" 'index($0, v) && !/Deleted/ { print; exit }' "$W/mon.log" | sed -n 's/^\[\([^]]*\)\].*/\1/p')
	RUN_VIP=$((($(date -d "${ts/T/ }" +%s%6N) - t0) / 1000))
	ts=$(awk -v vip="$VIP" '$0 ~ "Request who-has " vip || $0 ~ "Reply " vip { print $1; exit }' "$W/arp.txt")
	RUN_GARP=-1
	[[ -z $ts ]] || RUN_GARP=$(awk -v t="$ts" -v t0="$t0" 'BEGIN { printf "%d", (t * 1000000 - t0) / 1000 }')
	[[ $how == kill ]] || wait "${PID[ra]}" 2>/dev/null || true
	stop rb
	ip -n "$(topo_ns ra)" addr del "$VIP/24" dev eth0 2>/dev/null || true
	ip -n "$(topo_ns rb)" addr del "$VIP/24" dev eth0 2>/dev/null || true
}

stats() {	# stats VALUES...: "median M, worst W" of the values >= 0
	printf '%s\n' "$@" | sort -n | awk '$1 >= 0 { v[++n] = $1 } $1 < 0 { miss++ } END {
		if (!n) { printf "none seen"; exit }
		m = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
		printf "median %d ms, worst %d ms", m, v[n]
		if (miss) printf " (%d runs: none seen)", miss }'
}

echo "vrrp-failover: kernel $(uname -r) (lab: $LAB_INSIDE), keepalived $(keepalived --version 2>&1 | awk 'NR == 1 { print $2 }'), $RUNS runs each"
for how in ${KEEL_FAILOVER_HOW:-kill term}; do
	for ai in 1 0.1; do
		adv_ms=$(awk -v a="$ai" 'BEGIN { printf "%d", a * 1000 }')
		skew=$(((256 - 100) * adv_ms / 256))
		if [[ $how == kill ]]; then limit=$((3 * adv_ms + skew)); else limit=$skew; fi
		for d in keeld keepalived; do
			vips=() garps=()
			for ((i = 0; i < RUNS; i++)); do
				one_run "$d" "$ai" "$how"
				vips+=("$RUN_VIP")
				garps+=("$RUN_GARP")
			done
			printf '%-10s %-5s advert_int %-4s VIP: %s; first GARP: %s (limit %d ms)\n' "$d" \
				"$how" "$ai" "$(stats "${vips[@]}")" "$(stats "${garps[@]}")" "$limit"
		done
	done
done
