#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
#
# vrrp-keepalived: keeld and a real keepalived share a VIP. For VRRPv2
# (advert_int 1; VRRPv3 with advert_int 0.5 in vrrp-keepalived-v3.sh),
# over multicast and over unicast, both roles, both directions of failover:
#   keeld 150 / keepalived 100: keeld MASTER, keepalived BACKUP
#   SIGTERM keeld (multicast) -> keepalived takes over after Skew_Time, or
#   kill -9 keeld (unicast)   -> after Master_Down_Interval (measured)
#   keeld restarts at 50      -> keeld BACKUP under keepalived MASTER
#   kill -9 keepalived        -> keeld takes the VIP (measured)
# (preemption and nopreempt are vrrp-pair.sh's.) VRRP_KA_FAMILY=6 runs the
# same over IPv6 (VRRPv3; vrrp-keepalived-v6.sh). VRRP_KA_AUTH=AH runs the
# VRRPv2 scenarios with IPsec AH authentication on both sides;
# VRRP_KA_STEPS picks them ("multicast unicast" by default; "wrong": the
# passwords differ; "crossing": adverts cross on a slow link at takeover),
# so that each file stays under the lab's time limit
# (vrrp-keepalived-ah*.sh).
# Exactly one router holds the VIP at every step.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

lab_require_cmd keepalived
B=$(cd "${KEEL_BUILD:-build}" && pwd)
[[ -x $B/keeld && -x $B/keelctl ]] || lab_fail "no keeld/keelctl in $B (set KEEL_BUILD)"
W=$TOPO_TMP
if [[ ${VRRP_KA_FAMILY:-4} == 6 ]]; then
	VIP=fd00::100 PLEN=64 K_ADDR=fd00::1 A_ADDR=fd00::2
else
	VIP=10.0.0.100 PLEN=24 K_ADDR=10.0.0.1 A_ADDR=10.0.0.2
fi
# slack for scheduling; under TCG emulation (the lab VM) far more
SLACK_MS=${VRRP_SLACK_MS:-$([[ ${LAB_INSIDE:-} == vm ]] && echo 1500 || echo 800)}

topo_bridge lan
topo_node k lan "$K_ADDR/$PLEN"	# keeld
topo_node a lan "$A_ADDR/$PLEN"	# keepalived

AUTH=${VRRP_KA_AUTH:-} PASS=keel-AH1

# conf FILE PRIORITY VERSION ADV MODE SELF PEER
conf() {
	local uni= auth=
	[[ $5 == unicast ]] && uni="unicast_src_ip $6
	unicast_peer {
		$7
	}"
	[[ -z $AUTH ]] || auth="authentication {
		auth_type $AUTH
		auth_pass $PASS
	}"
	cat >"$1" <<CONF
global_defs {
	router_id $(basename "$1" .conf)
}
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 51
	version $3
	priority $2
	advert_int $4
	$uni
	$auth
	virtual_ipaddress {
		$VIP/$PLEN
	}
}
CONF
}

KPID= APID=
start_keeld() {
	conf "$W/k.conf" "$1" "$VER" "$ADV" "$MODE" "$K_ADDR" "$A_ADDR"
	rm -f "$W/k.sock"
	topo_bg --log "$W/k-$STEP.log" k "$B/keeld" -n -l -P -f "$W/k.conf" -p "$W/k.pid" \
		--control-socket "$W/k.sock"
	KPID=$TOPO_PID
	lab_wait_for 20 test -S "$W/k.sock" || { cat "$W/k-$STEP.log"; lab_fail "keeld: no socket"; }
}
start_keepalived() {
	conf "$W/a.conf" "$1" "$VER" "$ADV" "$MODE" "$A_ADDR" "$K_ADDR"
	rm -f "$W/a.pid" "$W/a-vrrp.pid"
	topo_bg --log "$W/a-$STEP.log" a keepalived -n -l -P -f "$W/a.conf" -p "$W/a.pid" \
		-r "$W/a-vrrp.pid" -c "$W/a-chk.pid"
	APID=$TOPO_PID
	lab_wait_for 20 test -s "$W/a-vrrp.pid" || { cat "$W/a-$STEP.log"; lab_fail "keepalived did not start"; }
}
stop_keeld() {
	kill -TERM "$KPID"
	reap_keeld
}
# waits for keeld after SIGTERM (an ASan build takes a while to exit)
reap_keeld() {
	local rc=0
	wait "$KPID" || rc=$?
	[[ $rc == 0 ]] || { cat "$W/k-$STEP.log"; lab_fail "keeld exited $rc on SIGTERM"; }
	! grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error' "$W/k-$STEP.log" ||
		{ cat "$W/k-$STEP.log"; lab_fail "keeld: sanitizer report"; }
}
kill9_keeld() { kill -KILL "$KPID"; wait "$KPID" 2>/dev/null || true; }
# keepalived's parent would respawn its VRRP child: freeze it first
# (the child's pid is read before T0: a process costs time in the lab VM)
kill9_keepalived() {
	local child=$1
	kill -STOP "$APID"
	kill -KILL "$child"
	kill -KILL "$APID"
	wait "$APID" 2>/dev/null || true
}
stop_keepalived() {
	kill -TERM "$APID" 2>/dev/null || true
	wait "$APID" 2>/dev/null || true
}

has_vip() { topo_has_addr "$1" "$VIP" eth0; }
no_vip() { ! has_vip "$1"; }
# from keeld's log: a keelctl per poll costs too much under emulation
keeld_state() {
	sed -n 's/.*VRRP_Instance(VI_1) [A-Z]* -> \([A-Z]*\) .*/\1/p' "$W/k-$STEP.log" | tail -n 1
}
keeld_is() { [[ $(keeld_state) == "$1" ]]; }
vip_added_ms() { topo_addr_added_ms "$1" "$VIP"; }
ms() { awk -v e="$1" -v a="$ADV" 'BEGIN { printf "%d", e * 1000 }'; }

# only HOLDER has the VIP, checked twice over two intervals
only() {
	local holder=$1 other=$2 i
	for i in 1 2; do
		has_vip "$holder" || lab_fail "[$TAG] $holder lost the VIP ($WHAT)"
		no_vip "$other" || lab_fail "[$TAG] both routers hold the VIP ($WHAT)"
		sleep "$ADV"
	done
}
# takeover NODE LIMIT_MS: NODE must hold the VIP within LIMIT_MS + slack of
# T0, measured by the kernel's address event
takeover() {
	local n=$1 limit=$2
	lab_wait_for $((($2 + SLACK_MS) / 1000 + 6)) has_vip "$n" ||
		lab_fail "[$TAG] $n never took the VIP ($WHAT)"
	lab_wait_for 5 vip_added_ms "$n" || lab_fail "[$TAG] no VIP event for $n ($WHAT)"
	ELAPSED=$(vip_added_ms "$n")
	((ELAPSED <= limit + SLACK_MS)) ||
		lab_fail "[$TAG] $WHAT: ${ELAPSED} ms > ${limit} + ${SLACK_MS} ms"
	RESULTS+=("$(printf '%-14s %-40s %5d ms (bound %d ms)' "$TAG" "$WHAT" "$ELAPSED" "$limit")")
}

topo_mon_start k
topo_mon_start a
RESULTS=()
scenario() {
	VER=$1 ADV=$2 MODE=$3 TAG="v$1 $3" STEP=$1-$3
	local down100 down50 skew100 child
	# Master_Down_Interval = 3 * adv + Skew_Time, Skew_Time = (256 - prio) * adv / 256
	down100=$(ms "$(awk -v a="$ADV" 'BEGIN { print 3 * a + (256 - 100) * a / 256 }')")
	down50=$(ms "$(awk -v a="$ADV" 'BEGIN { print 3 * a + (256 - 50) * a / 256 }')")
	skew100=$(ms "$(awk -v a="$ADV" 'BEGIN { print (256 - 100) * a / 256 }')")
	lab_log "--- $TAG (advert_int $ADV)"

	# keeld as MASTER over keepalived
	start_keepalived 100
	start_keeld 150
	WHAT="election, keeld 150"
	lab_wait_for 10 keeld_is MASTER || lab_fail "[$TAG] keeld not MASTER: $(keeld_state)"
	lab_wait_for 10 has_vip k || lab_fail "[$TAG] keeld MASTER without the VIP"
	lab_wait_for 10 no_vip a || lab_fail "[$TAG] keepalived kept the VIP under keeld 150"
	only k a

	# keeld -> keepalived: graceful over multicast, kill -9 over unicast
	topo_t0
	if [[ $MODE == multicast ]]; then
		WHAT="SIGTERM keeld -> keepalived"
		kill -TERM "$KPID"
		takeover a "$skew100"
		reap_keeld
		no_vip k || lab_fail "[$TAG] keeld kept the VIP after SIGTERM"
	else
		WHAT="kill -9 keeld -> keepalived"
		kill9_keeld
		takeover a "$down100"
		# keeld's VIP stays after kill -9; the restart below removes it
	fi

	# keeld as BACKUP under keepalived
	STEP=$STEP-2
	start_keeld 50
	WHAT="keeld 50 under keepalived 100"
	lab_wait_for 10 keeld_is BACKUP || lab_fail "[$TAG] keeld 50 is $(keeld_state)"
	lab_wait_for 5 no_vip k || lab_fail "[$TAG] keeld 50 kept a stale VIP"
	only a k
	# IPv6 multicast adverts come from the link-local address
	[[ $(topo_exec k "$B/keelctl" -s "$W/k.sock" vrrp) == *"master seen: "*"priority 100"* ]] ||
		lab_fail "[$TAG] keeld does not see keepalived as master"

	# keepalived -> keeld
	WHAT="kill -9 keepalived -> keeld"
	child=$(cat "$W/a-vrrp.pid")
	topo_t0
	kill9_keepalived "$child"
	takeover k "$down50"
	keeld_is MASTER || lab_fail "[$TAG] keeld holds the VIP but is $(keeld_state)"
	stop_keeld
	no_vip k || lab_fail "[$TAG] keeld kept the VIP after SIGTERM"
	# keepalived was killed: clear what it left behind for the next scenario
	topo_exec a ip addr del "$VIP/$PLEN" dev eth0 2>/dev/null || true
	[[ -z $AUTH ]] || ah_clean "$W/a-$1-$3"*.log -- "$W/k-$1-$3.log" "$W/k-$1-$3-2.log"
}

# ah_clean A_LOG... -- ELECTION_K_LOG [K_LOG...]: with AH, keepalived dropped
# no advert of keeld's (ICV or sequence number), and keeld none of
# keepalived's but for one: keepalived's advert that was on the wire when
# keeld took over (older than keeld's first, so anti-replay drops it).
ah_clean() {
	local a=() seq
	while [[ $1 != -- ]]; do a+=("$1"); shift; done
	shift
	! grep -E "IPSEC" "${a[@]}" || lab_fail "[$TAG] keepalived rejected an AH advert of keeld's"
	! grep -v "sequence number not above" "$@" | grep -E "bad advert" ||
		lab_fail "[$TAG] keeld rejected an advert of keepalived's"
	seq=$(grep -c "sequence number not above" "$1" || true)
	((seq <= 1)) || lab_fail "[$TAG] keeld dropped $seq adverts for their AH sequence numbers"
	shift
	(($# == 0)) || ! grep "sequence number not above" "$@" ||
		lab_fail "[$TAG] keeld dropped an advert for its AH sequence number"
}

# VRRPv2 here; vrrp-keepalived-v3.sh runs this with VRRP_KA_VERSION=3 (two
# files keep each under the lab's per-test timeout under emulation).
# auth_wrong: keepalived with another auth_pass; both sides reject the
# other's adverts (logged), so each is MASTER on its own
auth_wrong() {
	VER=2 ADV=1 MODE=multicast TAG="v2 $AUTH wrong pass" STEP=wrong
	lab_log "--- $TAG"
	PASS=other-pw start_keepalived 100
	start_keeld 150
	lab_wait_for 10 keeld_is MASTER || lab_fail "[$TAG] keeld not MASTER: $(keeld_state)"
	lab_wait_for 15 grep -q "bad advert: IPsec AH: SPI or ICV wrong" "$W/k-$STEP.log" ||
		lab_fail "[$TAG] keeld did not log the bad AH"
	lab_wait_for 15 grep -q "IPSEC-AH : invalid IPSEC HMAC-MD5" "$W/a-$STEP.log" ||
		lab_fail "[$TAG] keepalived did not reject keeld's AH"
	lab_wait_for 10 has_vip a || lab_fail "[$TAG] keepalived took keeld's adverts"
	has_vip k || lab_fail "[$TAG] keeld lost the VIP"
	stop_keeld
	stop_keepalived
	lab_log "[$TAG] both reject the other's adverts, each is MASTER alone"
}

# crossing: over a link with 400 ms of delay each way, keeld (150) takes
# over from keepalived (100) at T; keepalived's advert sent between T - 400
# and T + 400 ms (in about 8 elections of 10) carried the same AH sequence
# number as keeld's first before keeld skipped one on taking over:
# keepalived dropped keeld's, and stayed MASTER an interval longer (seen in
# the lab). Twice: keepalived never drops keeld's, keeld drops at most that
# one. (A skip of one covers one-way delays under half the interval.)
auth_crossing() {
	local round
	VER=2 ADV=1 MODE=unicast
	topo_exec k tc qdisc add dev eth0 root netem delay 400ms
	topo_exec a tc qdisc add dev eth0 root netem delay 400ms
	for round in 1 2; do
		TAG="v2 $AUTH crossing $round" STEP=crossing-$round
		lab_log "--- $TAG"
		start_keepalived 100
		lab_wait_for 15 has_vip a || lab_fail "[$TAG] keepalived never became MASTER"
		start_keeld 150
		lab_wait_for 15 keeld_is MASTER || lab_fail "[$TAG] keeld not MASTER: $(keeld_state)"
		lab_wait_for 10 no_vip a || lab_fail "[$TAG] keepalived kept the VIP under keeld 150"
		has_vip k || lab_fail "[$TAG] keeld MASTER without the VIP"
		stop_keeld
		stop_keepalived
		topo_exec a ip addr del "$VIP/$PLEN" dev eth0 2>/dev/null || true
		ah_clean "$W/a-$STEP.log" -- "$W/k-$STEP.log"
		grep -h "sequence number not above" "$W/k-$STEP.log" >/dev/null &&
			lab_log "[$TAG] adverts crossed: keeld dropped keepalived's older one" ||
			lab_log "[$TAG] no advert crossed keeld's first one"
	done
	topo_exec k tc qdisc del dev eth0 root
	topo_exec a tc qdisc del dev eth0 root
}

case ${VRRP_KA_VERSION:-2} in
2)
	for step in ${VRRP_KA_STEPS:-multicast unicast}; do
		case $step in
		multicast | unicast) scenario 2 1 "$step" ;;
		wrong) [[ -n $AUTH ]] || lab_fail "the wrong-password step needs VRRP_KA_AUTH"
			auth_wrong ;;
		crossing) [[ -n $AUTH ]] || lab_fail "the crossing step needs VRRP_KA_AUTH"
			auth_crossing ;;
		*) lab_fail "VRRP_KA_STEPS: unknown step '$step'" ;;
		esac
	done ;;
3) scenario 3 0.5 multicast; scenario 3 0.5 unicast ;;
*) lab_fail "VRRP_KA_VERSION must be 2 or 3" ;;
esac

lab_log "measured takeover times:"
((${#RESULTS[@]} == 0)) || printf '  %s\n' "${RESULTS[@]}"
lab_log "vrrp-keepalived: ok"
