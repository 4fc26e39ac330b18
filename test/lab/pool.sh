# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# pool.sh: the HA WireGuard pool of keel's main job, as a lab topology that
# the demo (test/lab/demo.sh) and the end-to-end proofs (test/integration/
# e2e-*.sh) share. Source it after topo.sh, set POOL_MODE=dr or nat, then:
#
#   pool_build            routers pi-a/pi-b, servers wg1-wg3, clients c1/c2
#   pool_start_router R   keeld on router R from the sample pair in etc/
#   pool_clients_up       WireGuard clients pinging 10.99.0.1 through the VIP
#
# POOL_DAEMON=keepalived runs keepalived on the routers instead, from the
# same samples with WG_CHECK turned into a MISC_CHECK of bench/wg-probe.sh
# (the wg-based probe a keepalived user can write) and keel's lvs_expire_*
# keywords turned into the sysctls they stand for. POOL_ADVERT_INT replaces
# the samples' advert_int 1.
#
# DR: one LAN 192.0.2.0/24; servers hold the VIP on lo (arp_ignore).
# NAT: clients on 192.0.2.0/24 (VIP .10), servers on 10.0.1.0/24 behind the
# routers, whose gateway is the second VIP 10.0.1.1 that moves with the first.

POOL_MODE=${POOL_MODE:-dr}
POOL_DAEMON=${POOL_DAEMON:-keeld}
POOL_ADVERT_INT=${POOL_ADVERT_INT:-1}
POOL_VIP=192.0.2.10
POOL_PING_INTERVAL=0.1		# the clients' steady ping, seconds
POOL_SAMPLE_KEY=yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=
POOL_SRC=$(cd "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
POOL_B=$(cd "${KEEL_BUILD:-$POOL_SRC/build}" && pwd)
POOL_W=$TOPO_TMP
declare -gA POOL_PID=()		# router -> keeld pid
# shellcheck disable=SC2034 # read by the stories
declare -gA POOL_SERVER_IP=()	# wgN -> address IPVS knows it by

pool_ms() { date +%s%3N; }
pool_ctl() { topo_exec "$1" "$POOL_B/keelctl" -s "$POOL_W/$1/keeld.sock" "${@:2}"; }
pool_holds_vip() { topo_has_addr "$1" "$POOL_VIP"; }
pool_in_ipvs() { [[ $(topo_exec "$1" ipvsadm -Ln) == *" $2:51820 "* ]]; }
pool_not_in_ipvs() { ! pool_in_ipvs "$@"; }

# The sample pair for this mode: router A's file, router B's file.
pool_conf() {
	case $POOL_MODE/$1 in
	dr/pi-a) echo keel.conf ;;
	dr/pi-b) echo keel-router-b.conf ;;
	nat/pi-a) echo keel-nat.conf ;;
	nat/pi-b) echo keel-nat-router-b.conf ;;
	esac
}

_pool_server() {
	local s=$1 ip=$2 peers=("${@:3}")
	if [[ $POOL_MODE == dr ]]; then
		# DR: the VIP on lo, never answered for in ARP
		topo_exec "$s" sh -c "ip link set lo up && ip addr add $POOL_VIP/32 dev lo &&
			sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2"
	else
		topo_route "$s" default via 10.0.1.1
	fi
	topo_exec "$s" sh -c "ip link add wg0 type wireguard && ip addr add 10.99.0.1/24 dev wg0"
	topo_exec "$s" wg set wg0 listen-port 51820 private-key "$POOL_W/server.key" "${peers[@]}"
	topo_exec "$s" ip link set wg0 up
	# shellcheck disable=SC2034 # read by the stories
	POOL_SERVER_IP[$s]=$ip
}

pool_build() {
	local r i c peers=()
	declare -A src=([pi-a]=10.99.0.254 [pi-b]=10.99.0.253)

	topo_bridge lan
	topo_node pi-a lan 192.0.2.2/24
	topo_node pi-b lan 192.0.2.3/24
	if [[ $POOL_MODE == nat ]]; then
		topo_bridge back
		topo_link pi-a back 10.0.1.2/24
		topo_link pi-b back 10.0.1.3/24
		for r in pi-a pi-b; do topo_sysctl "$r" net.ipv4.ip_forward=1; done
	fi
	for c in c1 c2; do topo_node "$c" lan "192.0.2.10${c#c}/24"; done
	umask 077	# keys and configs: root only
	wg genkey >"$POOL_W/server.key"
	POOL_SERVER_PUB=$(wg pubkey <"$POOL_W/server.key")
	for r in pi-a pi-b; do
		mkdir -p "$POOL_W/$r"
		wg genkey >"$POOL_W/$r/probe.key"
		peers+=(peer "$(wg pubkey <"$POOL_W/$r/probe.key")" allowed-ips "${src[$r]}/32")
	done
	for c in c1 c2; do
		mkdir -p "$POOL_W/$c"
		wg genkey >"$POOL_W/$c/wg.key"
		peers+=(peer "$(wg pubkey <"$POOL_W/$c/wg.key")" allowed-ips "10.99.0.10${c#c}/32")
	done
	for i in 1 2 3; do
		if [[ $POOL_MODE == dr ]]; then
			topo_node "wg$i" lan "192.0.2.2$i/24"
			_pool_server "wg$i" "192.0.2.2$i" "${peers[@]}"
		else
			topo_node "wg$i" back "10.0.1.2$i/24"
			_pool_server "wg$i" "10.0.1.2$i" "${peers[@]}"
		fi
	done
}

# keepalived's reading of the sample for router R (see the top).
_pool_keepalived_conf() {
	local r=$1
	awk -v probe="$POOL_SRC/bench/wg-probe.sh" -v key="$POOL_W/$r/probe.key" \
		-v pub="$POOL_SERVER_PUB" '
		/lvs_expire_/ { next }
		$1 == "real_server" { rs = $2 }
		$1 == "WG_CHECK" { inwg = 1; src = "10.99.0.254"; dst = ""; retry = 1; next }
		inwg && $1 == "tunnel_source" { src = $2; next }
		inwg && $1 == "tunnel_ping" { dst = $2; next }
		inwg && $1 == "retry" { retry = $2; next }
		inwg && $1 == "}" {
			inwg = 0
			printf "        MISC_CHECK {\n"
			printf "            misc_path \"%s %s %s %s %s %s\"\n", probe, rs, key, pub, src, dst
			# process starts (ip, wg, ping) are slow under emulation
			printf "            misc_timeout 8\n            retry %s\n        }\n", retry
			next
		}
		inwg { next }
		{ print }' "$POOL_W/$r/keel.conf"
}

# pool_start_router R: keeld (or keepalived) on R from its sample file,
# with this pool's server key in place of the sample's.
pool_start_router() {
	local r=$1 conf
	conf=$(pool_conf "$r")
	sed -e "s|$POOL_SAMPLE_KEY|$POOL_SERVER_PUB|" -e "s|advert_int 1$|advert_int $POOL_ADVERT_INT|" \
		"$POOL_SRC/etc/$conf" >"$POOL_W/$r/keel.conf"
	if [[ $POOL_DAEMON == keepalived ]]; then
		_pool_keepalived_conf "$r" >"$POOL_W/$r/keepalived.conf"
		# what lvs_expire_* stand for, as a keepalived operator sets them
		topo_exec "$r" ipvsadm -Ln >/dev/null
		topo_sysctl "$r" net.ipv4.vs.expire_nodest_conn=1 net.ipv4.vs.expire_quiescent_template=1
		rm -f "$POOL_W/$r/ka-vrrp.pid"
		topo_bg --log "$POOL_W/$r/keepalived.log" "$r" keepalived -n -l -D \
			-f "$POOL_W/$r/keepalived.conf" -p "$POOL_W/$r/ka.pid" \
			-r "$POOL_W/$r/ka-vrrp.pid" -c "$POOL_W/$r/ka-chk.pid"
		POOL_PID[$r]=$TOPO_PID
		lab_wait_for 30 test -s "$POOL_W/$r/ka-vrrp.pid" ||
			{ cat "$POOL_W/$r/keepalived.log"; lab_fail "$r: keepalived did not start"; }
		return
	fi
	"$POOL_B/keeld" -t -f "$POOL_W/$r/keel.conf" >"$POOL_W/$r/keeld-t.log" 2>&1 ||
		{ cat "$POOL_W/$r/keeld-t.log"; lab_fail "$r: etc/$conf does not load"; }
	rm -f "$POOL_W/$r/keeld.sock"
	topo_bg --log "$POOL_W/$r/keeld.log" "$r" "$POOL_B/keeld" -n -l -D -f "$POOL_W/$r/keel.conf" \
		-p "$POOL_W/$r/keeld.pid" --control-socket "$POOL_W/$r/keeld.sock"
	POOL_PID[$r]=$TOPO_PID
	lab_wait_for 30 test -S "$POOL_W/$r/keeld.sock" ||
		{ cat "$POOL_W/$r/keeld.log"; lab_fail "$r: keeld did not start"; }
}

# pool_kill_router R: kill -9 the daemon on R (the kernel keeps its state,
# as when the daemon crashes). keepalived's parent would respawn its
# children: frozen first, then all three go.
pool_kill_router() {
	local r=$1 p
	kill -STOP "${POOL_PID[$r]}"
	if [[ $POOL_DAEMON == keepalived ]]; then
		for p in ka-vrrp ka-chk; do
			[[ -s $POOL_W/$r/$p.pid ]] && kill -9 "$(cat "$POOL_W/$r/$p.pid")" 2>/dev/null
		done
	fi
	kill -9 "${POOL_PID[$r]}"
	wait "${POOL_PID[$r]}" 2>/dev/null || true
}

pool_checks_up() {
	if [[ $POOL_DAEMON == keepalived ]]; then
		[[ $(topo_exec "$1" ipvsadm -Ln | grep -c ':51820 ') -eq 4 ]]
	else
		[[ $(pool_ctl "$1" checks | grep -c '^WG_CHECK .*: up,') -eq 3 ]]
	fi
}

# pool_check_is R S up|down: keeld on R sees server S so.
pool_check_is() {
	pool_ctl "$1" checks | grep -q "^WG_CHECK .*${POOL_SERVER_IP[$2]}:51820.*: $3,"
}

# The sync daemons R's kernel runs: "master", "backup", both or "none".
pool_syncd() {
	local out
	out=$(topo_exec "$1" ipvsadm -L --daemon 2>/dev/null | awk '{print $1}' | sort | xargs)
	echo "${out:-none}"
}

# pool_clients_up: each client's tunnel to the pool through the VIP, and a
# steady ping through it logged with timestamps in $POOL_W/cN/ping.log.
pool_clients_up() {
	local c
	for c in c1 c2; do
		topo_exec "$c" sh -c "ip link add wg0 type wireguard &&
			ip addr add 10.99.0.10${c#c}/24 dev wg0"
		topo_exec "$c" wg set wg0 listen-port "4000${c#c}" private-key "$POOL_W/$c/wg.key" \
			peer "$POOL_SERVER_PUB" endpoint "$POOL_VIP:51820" allowed-ips 10.99.0.1/32 \
			persistent-keepalive 25
		topo_exec "$c" ip link set wg0 up
		# line-buffered: the log is read while ping runs
		topo_bg --log "$POOL_W/$c/ping.log" "$c" stdbuf -oL ping -D -n -i "$POOL_PING_INTERVAL" 10.99.0.1
	done
}

# Replies so far in c's ping log.
pool_replies() { grep -c 'bytes from' "$POOL_W/$1/ping.log" || true; }
# pool_replying C: a reply within the last second.
pool_replying() {
	local last
	last=$(grep 'bytes from' "$POOL_W/$1/ping.log" | tail -1 | sed -E 's/^\[([0-9]+)\.([0-9]{3}).*/\1\2/')
	[[ -n $last ]] && (($(pool_ms) - last < 1000))
}

# pool_outage C FROM_MS: since FROM_MS, the longest time without a reply
# (ms) and the echo requests that never got one: "GAP_MS LOST". Late
# replies (a stalled machine) widen the gap but are not lost.
pool_outage() {
	awk -v from="$2" '
		/bytes from/ {
			match($0, /^\[[0-9.]+\]/); t = substr($0, 2, RLENGTH - 2) * 1000
			match($0, /icmp_seq=[0-9]+/); seq = substr($0, RSTART + 9, RLENGTH - 9) + 0
			if (t < from) { prev = t; pseq = seq; next }
			if (prev == "") { prev = from; pseq = seq - 1 }
			if (t - prev > gap) gap = t - prev
			if (seq > pseq) { lost += seq - pseq - 1; pseq = seq }
			prev = t
		}
		END { printf "%d %d\n", gap, lost }' "$POOL_W/$1/ping.log"
}

# Bytes server S's WireGuard has received from client C.
_pool_rx() {
	local pub
	pub=$(wg pubkey <"$POOL_W/$1/wg.key")
	topo_exec "$2" wg show wg0 transfer | awk -v p="$pub" '$1 == p { print $2 }'
}

# pool_backend_of ROUTER C: the server (wgN) client C's tunnel lives on
# now, read where it is true: the server whose WireGuard receives C's pings
# (over half a second), whichever router forwarded them. IPVS connection
# tables can hold stale synced entries. ROUTER is kept for the callers'
# sake. Empty when no server receives.
pool_backend_of() {
	local c=$2 s now try
	local -A before=()
	# a window can fall in a hiccup of the client's pings: look up to 3 s
	for ((try = 0; try < 6; try++)); do
		for s in wg1 wg2 wg3; do before[$s]=$(_pool_rx "$c" "$s"); done
		sleep 0.5
		for s in wg1 wg2 wg3; do
			now=$(_pool_rx "$c" "$s")
			((${now:-0} > ${before[$s]:-0})) && { echo "$s"; return 0; }
		done
	done
	return 0
}

# pool_entry_of R C: the server (wgN) router R's IPVS connection entry
# for client C's tunnel sends it to (the synced entry on a backup), or "".
pool_entry_of() {
	local ip s
	ip=$(topo_exec "$1" ipvsadm -Lnc | awk -v c="192.0.2.10${2#c}:4000${2#c}" \
		'$4 == c { split($6, d, ":"); print d[1]; exit }')
	for s in "${!POOL_SERVER_IP[@]}"; do
		[[ ${POOL_SERVER_IP[$s]} == "$ip" ]] && { echo "$s"; return 0; }
	done
	return 0
}
# pool_entry_is R C S: R's entry for client C names server S.
pool_entry_is() { [[ $(pool_entry_of "$1" "$2") == "$3" ]]; }

# Epoch of C's latest handshake with server S.
pool_handshake_at() {
	local pub
	pub=$(wg pubkey <"$POOL_W/$1/wg.key")
	topo_exec "$2" wg show wg0 latest-handshakes | awk -v p="$pub" '$1 == p { print $2 }'
}

# One line of state: who holds the VIP, sync daemons, IPVS servers with
# their active/inactive connections, each client's server and replies.
pool_view() {
	local r line="" master="" c
	for r in pi-a pi-b; do
		if [[ -n ${POOL_PID[$r]:-} ]] && kill -0 "${POOL_PID[$r]}" 2>/dev/null; then
			pool_holds_vip "$r" && master=$r
			line+="$r:$(pool_holds_vip "$r" && echo VIP || echo ---)/sync=$(pool_syncd "$r" | tr ' ' +)  "
		else
			line+="$r:down  "
		fi
	done
	if [[ -n $master ]]; then
		line+="ipvs[$(topo_exec "$master" ipvsadm -Ln | awk '$1 == "->" && $2 ~ /:51820$/ {
			split($2, a, ":"); printf "%s%s:%s/%s", sep, a[1], $5, $6; sep = " " }')]  "
		for c in c1 c2; do
			line+="$c->$(pool_backend_of "$master" "$c")($(pool_replies "$c") replies) "
		done
	fi
	printf '%s  %s\n' "$(date +%T)" "$line"
}
