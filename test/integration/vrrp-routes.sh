#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
# lab: parallel (asserts nothing about time; see test/lab/run-integration)
#
# vrrp-routes: two keeld routers (VRRPv3, advert_int 0.5 s) with
# virtual_routes and virtual_rules on VI_1 and static_routes/static_rules at
# top level. The master holds the instance's routes (table 100, one with a
# VIP as src, a blackhole, an IPv6 unreachable) and rules (ip rule, v4 and
# v6); the backup holds none. A route the kernel refuses (gateway not on
# any link) is logged once with its text and the instance stays MASTER. A
# route already in the kernel when the backup takes over is adopted, not an
# error. kill -9 of the master: the backup takes the routes and rules;
# the killed one, restarted with nopreempt, clears what it left behind and
# stays BACKUP. SIGTERM of the master: it removes its routes and rules
# (the static ones too, as keepalived 2.2.7 does), the other takes them.
# All are proto keepalived; a static route or rule deleted by hand is put
# back at once, a virtual one makes the master leave MASTER and take over
# again (keepalived 2.2.7, measured).

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
[[ -x $B/keeld && -x $B/keelctl ]] || lab_fail "no keeld/keelctl in $B (set KEEL_BUILD)"
W=$TOPO_TMP
VIP=10.0.0.100
ADV=0.5
# Master_Down_Interval for priority 100 plus slack for the emulated lab
DOWN_S=$(awk -v a=$ADV 'BEGIN { printf "%d", 3 * a + (256 - 100) * a / 256 + 5 }')

topo_bridge lan
topo_node r1 lan 10.0.0.1/24
topo_node r2 lan 10.0.0.2/24

# shellcheck source-path=SCRIPTDIR source=../lab/vrrp-node.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/vrrp-node.sh"
VRRP_ADVERT_INT=$ADV
VRRP_CONF_TOP='static_routes {
	10.77.0.0/16 dev eth0 table 300
}
static_rules {
	from 10.77.0.0/16 table 300 priority 300
}'
ROUTES="virtual_routes {
		10.9.0.0/16 via 10.0.0.254 dev eth0 table 100
		src $VIP 10.8.0.0/16 via 10.0.0.254 table 100 metric 7
		blackhole 10.66.0.0/16 table 100
		unreachable 2001:db8:1::/48 table 100
		10.10.0.0/16 via 10.5.5.5 table 100
	}
	virtual_rules {
		from 10.0.0.0/24 to 10.9.0.0/16 table 100 priority 100
		fwmark 0x10/0xff table 100 priority 101
		from 2001:db8:5::/64 table 100 priority 102
	}"
# start NODE PRIORITY [EXTRA]: VI_1 with the routes and rules above
start() {
	vrrp_start "$1" "$2" "${3:-}
	$ROUTES"
}

stop() {
	local rc=0
	kill -TERM "${VRRP_PID[$1]}"
	wait "${VRRP_PID[$1]}" || rc=$?
	[[ $rc == 0 ]] || { cat "$W/$1.log"; lab_fail "$1: keeld exited $rc on SIGTERM"; }
	! grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error' "$W/$1.log" ||
		{ cat "$W/$1.log"; lab_fail "$1: sanitizer report"; }
}
state_of() { topo_exec "$1" "$B/keelctl" -s "$W/$1.sock" vrrp | awk 'NR==1 {print $2}'; }
is_state() { [[ $(state_of "$1") == "$2" ]]; }

# What the kernel of NODE holds, one line each (no pipes: see topo_has_addr);
# a table without routes is one the kernel says does not exist
routes() {
	topo_exec "$1" ip -4 route show table 100 2>/dev/null
	topo_exec "$1" ip -6 route show table 100 2>/dev/null
}
rules() {
	topo_exec "$1" ip -4 rule show
	topo_exec "$1" ip -6 rule show
}
# holds NODE: every route and rule of VI_1 is there
holds() {
	local r u
	r=$(routes "$1") u=$(rules "$1")
	[[ $r == *"10.9.0.0/16 via 10.0.0.254 dev eth0"* &&
		$r == *"10.8.0.0/16 via 10.0.0.254 dev eth0"*"src $VIP metric 7"* &&
		$r == *"blackhole 10.66.0.0/16"* && $r == *"unreachable 2001:db8:1::/48"* &&
		$u == *"100:	from 10.0.0.0/24 to 10.9.0.0/16 lookup 100"* &&
		$u == *"101:	from all fwmark 0x10/0xff lookup 100"* &&
		$u == *"102:	from 2001:db8:5::/64 lookup 100"* ]]
}
# holds_none NODE: no route in table 100, no rule pointing at it
holds_none() {
	local r u
	r=$(routes "$1") u=$(rules "$1")
	[[ -z $r && $u != *"lookup 100"* ]]
}
has_static() {
	[[ $(topo_exec "$1" ip -4 route show table 300) == *"10.77.0.0/16 dev eth0"* &&
		$(topo_exec "$1" ip -4 rule show) == *"300:	from 10.77.0.0/16 lookup 300"* ]]
}
# keepalived 2.2.7's mark on its routes and rules: proto keepalived (18)
marked() {
	[[ $(topo_exec "$1" ip -4 route show table 100 proto keepalived) == *"10.9.0.0/16 via"* &&
		$(topo_exec "$1" ip -6 route show table 100 proto keepalived) == *"2001:db8:1::/48"* &&
		$(topo_exec "$1" ip -4 route show table 300 proto keepalived) == *"10.77.0.0/16"* &&
		$(topo_exec "$1" ip -4 rule show) == *"from 10.0.0.0/24 to 10.9.0.0/16 lookup 100 proto keepalived"* &&
		$(topo_exec "$1" ip -6 rule show) == *"lookup 100 proto keepalived"* ]]
}
show() { lab_log "$1: routes: $(routes "$1" | tr '\n' ';') rules: $(rules "$1" | grep -c 'lookup 100')"; }
refusals() { grep -c "cannot add route '10.10.0.0/16 via 10.5.5.5 table 100': Network is unreachable" "$W/$1.log" || true; }

start r1 150
start r2 100

# --- election: r1 holds the routes and rules, r2 none; both the static ones
lab_wait_for 10 is_state r1 MASTER || lab_fail "r1 (150) is not MASTER: $(state_of r1)"
lab_wait_for 10 is_state r2 BACKUP || lab_fail "r2 (100) is not BACKUP: $(state_of r2)"
lab_wait_for 5 holds r1 || { show r1; lab_fail "master r1 lacks its routes/rules"; }
holds_none r2 || { show r2; lab_fail "backup r2 holds routes/rules of VI_1"; }
has_static r1 || lab_fail "r1 lacks its static route/rule"
has_static r2 || lab_fail "r2 lacks its static route/rule"
show r1
marked r1 || lab_fail "r1's routes/rules are not proto keepalived: $(topo_exec r1 ip route show table 100)"
# the refused route: logged once with its text, and r1 stays MASTER
[[ $(refusals r1) == 1 ]] || { cat "$W/r1.log"; lab_fail "r1: refusal logged $(refusals r1) times, want 1"; }
sleep 1
is_state r1 MASTER || lab_fail "r1 left MASTER after a refused route"
lab_log "election: r1 MASTER with its routes and rules, r2 BACKUP with none"

# --- deleted by hand (keepalived 2.2.7, measured): a static route or rule
# is put back at once, logged once; a master whose virtual route or rule
# goes leaves MASTER (priority 0 sent, all removed) and, the higher, takes
# over again a Skew_Time later with everything back
restored() { [[ $(grep -c "static: restored deleted $2" "$W/$1.log") == 1 ]]; }
topo_exec r2 ip route del 10.77.0.0/16 table 300
lab_wait_for 2 restored r2 "route '10.77.0.0/16 dev eth0 table 300'" ||
	{ cat "$W/r2.log"; lab_fail "r2 did not restore its deleted static route"; }
topo_exec r2 ip rule del priority 300
lab_wait_for 2 restored r2 "rule 'priority 300 inet from 10.77.0.0/16 table 300'" ||
	{ cat "$W/r2.log"; lab_fail "r2 did not restore its deleted static rule"; }
has_static r2 || lab_fail "r2 lacks its static route/rule after restoring them"
resigned() { [[ $(grep -c "virtual $2 deleted: leaving MASTER" "$W/$1.log") == "$3" ]]; }
topo_exec r1 ip route del 10.9.0.0/16 table 100
lab_wait_for 2 resigned r1 "route '10.9.0.0/16 via 10.0.0.254 dev eth0 table 100'" 1 ||
	{ cat "$W/r1.log"; lab_fail "r1 did not notice its deleted virtual route"; }
lab_wait_for 3 holds r1 || { show r1; lab_fail "r1 did not get its routes back"; }
is_state r1 MASTER || lab_fail "r1 is $(state_of r1) after its virtual route was deleted"
topo_exec r1 ip -6 rule del priority 102
lab_wait_for 2 resigned r1 "rule 'priority 102 inet6 from 2001:db8:5::/64 table 100'" 1 ||
	{ cat "$W/r1.log"; lab_fail "r1 did not notice its deleted virtual rule"; }
lab_wait_for 3 holds r1 || { show r1; lab_fail "r1 did not get its rules back"; }
lab_wait_for 3 is_state r1 MASTER || lab_fail "r1 is $(state_of r1) after its virtual rule was deleted"
holds_none r2 || lab_fail "backup r2 holds routes/rules after r1 resigned"
lab_log "deleted by hand: static ones restored on r2, r1 left MASTER and took it back"

# --- a route already in r2's kernel is adopted when r2 takes over
topo_exec r2 ip route add 10.9.0.0/16 via 10.0.0.254 dev eth0 table 100 proto static

# --- kill -9 r1 (stopped first so it sends nothing more): r2 takes over
kill -STOP "${VRRP_PID[r1]}"
kill -KILL "${VRRP_PID[r1]}"
wait "${VRRP_PID[r1]}" 2>/dev/null || true
lab_wait_for "$DOWN_S" is_state r2 MASTER || lab_fail "r2 did not take over in ${DOWN_S} s"
lab_wait_for 5 holds r2 || { show r2; lab_fail "r2 MASTER without the routes/rules"; }
show r2
! grep -q "cannot add route '10.9.0.0/16" "$W/r2.log" || lab_fail "r2 did not adopt the existing route"
# adopted as it is (proto static); removed all the same when r2 stops
[[ $(topo_exec r2 ip -4 route show table 100 proto static) == *"10.9.0.0/16 via"* ]] ||
	lab_fail "r2 replaced the adopted route"
[[ $(refusals r2) == 1 ]] || lab_fail "r2: refusal logged $(refusals r2) times, want 1"
holds r1 || lab_fail "killed r1 no longer holds what it left behind (nothing removes it)"
lab_log "kill -9: r2 holds the routes and rules (the existing one adopted)"

# --- r1 back with nopreempt: it clears what it left and stays BACKUP
start r1 150 nopreempt
lab_wait_for 10 is_state r1 BACKUP || lab_fail "r1 (nopreempt) is $(state_of r1), want BACKUP"
lab_wait_for 5 holds_none r1 || { show r1; lab_fail "restarted r1 kept the old routes/rules"; }
sleep 1.5
is_state r2 MASTER || lab_fail "r2 lost MASTER to a nopreempt router"
holds r2 || lab_fail "r2 lost its routes/rules"
holds_none r1 || lab_fail "backup r1 holds routes/rules"
lab_log "restart: r1 BACKUP with none, r2 MASTER keeps them"

# --- SIGTERM r2: it removes its routes and rules, the static ones too
stop r2
holds_none r2 || { show r2; lab_fail "stopped r2 kept routes/rules of VI_1"; }
! has_static r2 || lab_fail "stopped r2 kept its static route/rule (keepalived removes them)"
lab_wait_for "$DOWN_S" is_state r1 MASTER || lab_fail "r1 did not take over after r2 stopped"
lab_wait_for 5 holds r1 || { show r1; lab_fail "r1 MASTER without the routes/rules"; }
lab_log "SIGTERM: r2 removed them, r1 holds them"

stop r1
holds_none r1 || lab_fail "stopped r1 kept routes/rules"
[[ -z ${VRRP_SHOW_LOGS:-} ]] || cat "$W/r1.log" "$W/r2.log"
lab_log "vrrp-routes: ok"
