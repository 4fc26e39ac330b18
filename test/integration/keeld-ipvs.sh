#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# keeld-ipvs: keeld programs kernel IPVS from a keepalived config and keeps it
# there. Proves, against the real kernel with ipvsadm as the oracle:
# - the same config gives keeld and keepalived identical `ipvsadm -Ln` tables;
# - a reload that changes one weight sends exactly one netlink operation;
# - `ipvsadm -C` and `ipvsadm -d` behind keeld's back are repaired within
#   a second; an unchanged table is checked by a digest of /proc/net/ip_vs,
#   not dumped;
# - a service keeld did not declare is left alone, and keelctl ipvs lists
#   the table as ipvsadm -Ln does with keel's services marked;
# - kill -9 and restart adopts the kernel's entries with no operation and
#   every `ipvsadm -Ln --stats` counter unchanged;
# - SIGTERM removes keeld's services and only those;
# - with no virtual server declared no drift check reads the kernel, and
#   the reload that declares some starts it.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
[[ -x $B/keeld ]] || lab_fail "no keeld in $B (set KEEL_BUILD)"
lab_require_cmd keepalived ipvsadm
W=$TOPO_TMP

conf() {
	cat <<CONF
global_defs {
    lvs_expire_nodest_conn
    lvs_expire_quiescent_template yes
}
virtual_server 198.51.100.10 51820 {
    protocol UDP
    lvs_sched sh
    sh-port
    lvs_method DR
    persistence_timeout 180
    real_server 203.0.113.21 51820 { weight ${1:-1} }
    real_server 203.0.113.22 51820 { weight 2 }
    real_server 203.0.113.23 51820 { weight 3 }
}
virtual_server 198.51.100.10 443 {
    lvs_sched wrr
    lvs_method NAT
    real_server 203.0.113.21 8443 { weight 5
        uthreshold 100
        lthreshold 10 }
    real_server 203.0.113.22 8443 { weight 0 }
}
virtual_server 2001:db8:51::10 51820 {
    protocol UDP
    lvs_sched mh
    mh-fallback
    persistence_timeout 60
    persistence_granularity 64
    lvs_method DR
    real_server 2001:db8:113::21 51820 { }
}
virtual_server fwmark 7 {
    lvs_sched rr
    persistence_timeout 30
    persistence_granularity 255.255.255.0
    real_server 203.0.113.31 0 { lvs_method TUN }
}
CONF
}

director() {
	local n=$1
	topo_node "$n"
	topo_exec "$n" sh -c 'ip link set lo up && ip link add dum0 type dummy && ip link set dum0 up &&
		ip addr add 198.51.100.1/24 dev dum0 && ip addr add 2001:db8:51::1/64 dev dum0 nodad &&
		ip route add 203.0.113.0/24 dev dum0 && ip route add 2001:db8:113::/64 dev dum0'
}

sorted_table() { topo_exec "$1" ipvsadm -Ln | tail -n +2 | sort; }
status_num() {	# status_num NODE FIELD: a number from keelctl --json status
	topo_exec "$1" "$B/keelctl" -s "$W/$1.sock" --json status |
		grep -o "\"$2\":[0-9]*" | cut -d: -f2
}

start_keeld() {
	topo_bg --log "$W/keeld.log" kd "$B/keeld" -n -l -f "$W/keel.conf" -p "$W/keeld.pid" \
		--control-socket "$W/kd.sock"
	KEELD=$TOPO_PID
	lab_wait_for 30 test -S "$W/kd.sock" || { cat "$W/keeld.log"; lab_fail "keeld did not start"; }
}

# stop_keeld: SIGTERM, exit status 0 and no sanitizer report
stop_keeld() {
	local rc=0
	kill -TERM "$KEELD"
	wait "$KEELD" || rc=$?
	[[ $rc -eq 0 ]] || { tail -30 "$W/keeld.log"; lab_fail "keeld exited $rc"; }
	if grep -Eq "AddressSanitizer|LeakSanitizer|runtime error" "$W/keeld.log"; then
		cat "$W/keeld.log"
		lab_fail "sanitizer report"
	fi
}

# --- keepalived and keeld, same config, separate fresh namespaces
director ka
director kd
conf >"$W/keel.conf"
topo_bg --log "$W/keepalived.log" ka keepalived -n -l -C -f "$W/keel.conf" \
	-p "$W/ka.pid" -c "$W/ka-check.pid"
start_keeld
lab_wait_for 30 sh -c "ip netns exec $(topo_ns ka) ipvsadm -Ln | grep -q 203.0.113.31" ||
	{ cat "$W/keepalived.log"; lab_fail "keepalived did not program IPVS"; }
lab_wait_for 30 sh -c "ip netns exec $(topo_ns kd) ipvsadm -Ln | grep -q 203.0.113.31" ||
	{ cat "$W/keeld.log"; lab_fail "keeld did not program IPVS"; }
sleep 1
if ! diff <(sorted_table ka) <(sorted_table kd) >"$W/conformance.diff"; then
	cat "$W/conformance.diff"
	lab_fail "keeld and keepalived left different tables (- keepalived, + keeld)"
fi
lab_log "conformance: identical tables"
topo_exec kd ipvsadm -Ln

# --- keel's sysctls for persistent UDP failover, in keeld's namespace only
for c in expire_nodest_conn expire_quiescent_template; do
	[[ $(topo_exec kd cat /proc/sys/net/ipv4/vs/$c) == 1 ]] || lab_fail "$c not set by keeld"
	[[ $(topo_exec ka cat /proc/sys/net/ipv4/vs/$c) == 0 ]] || lab_fail "$c leaked into another namespace"
done

# --- a foreign service keeld must leave alone
topo_exec kd ipvsadm -A -t 198.51.100.99:80 -s rr

# --- keelctl ipvs: the kernel's table as ipvsadm -Ln prints it, with "*"
# after keel's four services and not after the foreign one
listing=$(topo_exec kd "$B/keelctl" -s "$W/kd.sock" ipvs)
diff <(topo_exec kd ipvsadm -Ln) <(sed -e 's/ \*$//' -e '/^(\* managed by keeld)$/d' <<<"$listing") ||
	lab_fail "keelctl ipvs is not ipvsadm -Ln's table (- ipvsadm, + keelctl)"
[[ $(grep -c ' \*$' <<<"$listing") -eq 4 ]] || { echo "$listing"; lab_fail "keelctl ipvs: not 4 services marked"; }
grep -q '198.51.100.99:80 rr$' <<<"$listing" || { echo "$listing"; lab_fail "keelctl ipvs marked the foreign service"; }
lab_log "keelctl ipvs: ipvsadm -Ln's table, keel's services marked"

# --- reload with one weight changed: exactly one operation
before=$(status_num kd ops_sent)
conf 9 >"$W/keel.conf"
kill -HUP "$(cat "$W/keeld.pid")"
lab_wait_for 10 sh -c "ip netns exec $(topo_ns kd) ipvsadm -Ln | grep -Eq '203.0.113.21:51820 +Route +9 '" ||
	lab_fail "the new weight did not reach the kernel"
after=$(status_num kd ops_sent)
[[ $((after - before)) -eq 1 ]] || lab_fail "a weight change sent $((after - before)) operations, want 1"
lab_log "reload: one operation for one weight"

# --- drift: a deleted dest and a cleared table come back within a second
# ms from START_US (taken before the change, which is counted) until kd's
# /proc/net/ip_vs shows HEX_ADDR:PORT, polled every 20 ms; 5 s at most
repaired_ms() {
	topo_exec kd timeout 5 sh -c "until grep -q '$2' /proc/net/ip_vs; do sleep 0.02; done" || return 1
	echo $((($(_lab_now_us) - $1) / 1000))
}
t0=$(_lab_now_us)
topo_exec kd ipvsadm -d -u 198.51.100.10:51820 -r 203.0.113.22:51820
ms=$(repaired_ms "$t0" CB007116:CA6C) || lab_fail "a deleted real server was not repaired"
lab_log "drift: a deleted real server back after $ms ms"
((ms <= 1000)) || lab_fail "a deleted real server took $ms ms to come back, want 1 s at most"
want=$(sorted_table kd | grep -v 198.51.100.99)
t0=$(_lab_now_us)
topo_exec kd ipvsadm -C
ms=$(repaired_ms "$t0" CB00711F:) || lab_fail "ipvsadm -C was not repaired"
lab_log "drift: ipvsadm -C repaired after $ms ms"
((ms <= 1000)) || lab_fail "ipvsadm -C took $ms ms to repair, want 1 s at most"
sleep 0.5
[[ $(sorted_table kd) == "$want" ]] || lab_fail "the repaired table differs: $(sorted_table kd)"
[[ $(status_num kd drift_repairs) -ge 2 ]] || lab_fail "drift repairs not counted"
lab_log "drift: repaired"

# --- an unchanged table is checked by /proc/net/ip_vs's digest, not dumped
q0=$(status_num kd drift_quick_checks) f0=$(status_num kd drift_checks)
sleep 5
q1=$(status_num kd drift_quick_checks) f1=$(status_num kd drift_checks)
lab_log "drift checks in 5 s: $((q1 - q0)) quick, $((f1 - f0)) full"
(( q1 - q0 >= 3 && f1 - f0 <= 1 )) || lab_fail "want the quick drift check about twice a second, not dumps"

# --- the foreign service survived the reload (it went with ipvsadm -C: add it again)
topo_exec kd ipvsadm -A -t 198.51.100.99:80 -s rr
sleep 1.5
topo_exec kd ipvsadm -Ln | grep -q 198.51.100.99:80 || lab_fail "keeld removed a service it did not declare"

# --- kill -9 and restart: adopt, no operation. Traffic first, so that the
# entries carry counters: a deleted and re-added service or dest would come
# back with zeros. Datagrams sent inside the namespace pass IPVS's local-out
# hook, are scheduled and counted (DR onto the dummy link, where they end).
topo_exec kd bash -c 'for i in {1..60}; do echo "probe $i" >/dev/udp/198.51.100.10/51820; done' ||
	lab_fail "cannot send to the VIP"
sleep 2.5	# the kernel folds per-CPU counters into --stats every 2 s
stats_table() { topo_exec kd ipvsadm -Ln --stats | tail -n +3 | sort; }
stats=$(stats_table)
conns=$(topo_exec kd ipvsadm -Ln --stats -u 198.51.100.10:51820 | awk '$1 == "UDP" { print $3 }')
[[ ${conns:-0} -gt 0 ]] || { echo "$stats"; lab_fail "the probe traffic was not counted"; }
kill -9 "$KEELD"
wait "$KEELD" 2>/dev/null || true
rm -f "$W/kd.sock"
table=$(sorted_table kd)
start_keeld
sleep 2
# keelctl is answered from the event loop, which runs only after keeld's
# first apply: services=4 shows that apply happened with this config.
[[ $(status_num kd services) -eq 4 ]] || lab_fail "keeld's first apply did not run"
[[ $(status_num kd ops_sent) -eq 0 ]] || lab_fail "restart sent $(status_num kd ops_sent) operations, want 0"
[[ $(sorted_table kd) == "$table" ]] || lab_fail "restart changed the table"
sleep 2.5
if ! diff <(echo "$stats") <(stats_table) >"$W/stats.diff"; then
	cat "$W/stats.diff"
	lab_fail "restart reset IPVS counters (an entry was deleted and re-added)"
fi
lab_log "restart: adopted without operations; $conns connections and every --stats counter kept"

# --- SIGTERM: keeld's services go, the foreign one stays
stop_keeld
left=$(topo_exec kd ipvsadm -Ln | grep -Ec '^(TCP|UDP|FWM)')
[[ $left -eq 1 ]] || lab_fail "after stop $left services remain, want only the foreign one"

# --- nothing declared, nothing read: a config without virtual servers (a
# VRRP-only router) runs no drift check; the reload that declares some
# starts it, and a deletion behind keeld's back is repaired as before
printf 'global_defs {\n    router_id empty\n}\n' >"$W/keel.conf"
start_keeld
sleep 2
[[ $(status_num kd drift_checks) -eq 0 && $(status_num kd drift_quick_checks) -eq 0 ]] ||
	lab_fail "keeld read the kernel's table with nothing declared"
conf >"$W/keel.conf"
kill -HUP "$KEELD"
lab_wait_for 10 sh -c "ip netns exec $(topo_ns kd) ipvsadm -Ln | grep -q 203.0.113.31" ||
	lab_fail "the reload's services did not reach the kernel"
t0=$(_lab_now_us)
topo_exec kd ipvsadm -d -u 198.51.100.10:51820 -r 203.0.113.22:51820
ms=$(repaired_ms "$t0" CB007116:CA6C) || lab_fail "after a reload from nothing, a deleted real server was not repaired"
((ms <= 1000)) || lab_fail "after a reload from nothing, a deleted real server took $ms ms to come back"
lab_log "nothing declared: no drift check; after the reload that declares services a deletion is repaired in $ms ms"
stop_keeld
lab_log "ok"
