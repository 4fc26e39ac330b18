#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# ipvs-netlink: keel's IPVS netlink driver and planner against the real
# kernel, with ipvsadm as the oracle. In a fresh director namespace the
# probe (test/lab/ipvs-nl-probe.c) programs IPv4 and IPv6, TCP, UDP, SCTP
# and firewall-mark services with sh (flags), mh, persistence with netmasks,
# DR, NAT and three kinds of tunnel, weights and thresholds; then:
#  - `ipvsadm -Ln` (and --tun-info, --thresholds) equals keel's own dump
#    printed like ipvsadm, and equals what `ipvsadm -R` makes of the same
#    rules in a second namespace;
#  - a second apply sends nothing; a weight change is one netlink request,
#    a scheduler change one more;
#  - deletes remove only what keel owned (foreign entries survive), a
#    service delete carries no dest deletes;
#  - timeouts and the sync daemon read back as ipvsadm reads them;
#  - a kernel refusal (unknown scheduler) names the object, and the other
#    operations of the same batch still go through.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
P=$B/test/lab/ipvs_nl_probe
[[ -x $P ]] || lab_fail "no $P (set KEEL_BUILD to a build tree)"
command -v ipvsadm >/dev/null || lab_fail "ipvsadm not installed"
W=$TOPO_TMP

# --- a director with addresses and routes, and a reference namespace in
# which ipvsadm itself programs the same rules.
for n in dir ref; do
	topo_node $n
	topo_exec $n ip link add dum0 type dummy
	topo_exec $n ip link set dum0 up
	topo_addr $n dum0 198.51.100.1/24 2001:db8:51::1/64
	topo_route $n 203.0.113.0/24 dev dum0
	topo_route $n 2001:db8:113::/64 dev dum0
done

probe() { topo_exec dir "$P" "$@"; }
ipvs() { topo_exec dir ipvsadm "$@"; }
# Dest rows carry their service row, then everything is sorted: ipvsadm
# orders some IPv6 addresses its own way, keel in numeric order.
norm() { awk '/^  ->/ { print svc " |" $0; next } { svc = $0; print }' | sort; }

# same_listing [IPVSADM-OPTION]: the kernel through ipvsadm and through keel.
same_listing() {
	local a b
	a=$(ipvs -Ln "$@") || lab_fail "ipvsadm -Ln $* failed"
	b=$(probe list "$@") || lab_fail "probe list $* failed"
	if [[ $(norm <<<"$a") != "$(norm <<<"$b")" ]]; then
		diff <(norm <<<"$a") <(norm <<<"$b") >&2 || true
		lab_fail "ipvsadm -Ln $* and keel's dump differ"
	fi
	[[ $a == "$b" ]] || lab_log "note: same rows, different order (ipvsadm -Ln $*)"
}

# apply RULES [PROBE-OPTIONS]: prints the probe's report into $OUT.
apply() {
	local rules=$1
	shift
	OUT=$(probe apply "$@" "$W/$rules" 2>"$W/apply.err") || {
		cat "$W/apply.err" >&2
		lab_fail "apply $rules failed: $OUT"
	}
	printf '%s\n' "$OUT" | grep -v '^op:' | sed 's/^/    /'
}
expect() { grep -Fqx -- "$1" <<<"$OUT" || lab_fail "apply: expected '$1' in: $OUT"; }

cat >"$W/r1.rules" <<'EOF'
# The WireGuard pool: UDP with sh (both flags), persistence per /24.
-A -u 198.51.100.10:51820 -s sh -b sh-fallback,sh-port -p 600 -M 255.255.255.0
-a -u 198.51.100.10:51820 -r 203.0.113.5:51820 -g -w 3
-a -u 198.51.100.10:51820 -r 203.0.113.6:51820 -g -w 1 -x 1000 -y 100
-a -u 198.51.100.10:51820 -r 203.0.113.7:51820 -i --tun-type gue --tun-port 6080 --tun-remcsum -w 2
-A -t 198.51.100.10:443 -s wrr
-a -t 198.51.100.10:443 -r 203.0.113.5:8443 -m -w 5
-a -t 198.51.100.10:443 -r 203.0.113.6:443 -i --tun-type gre --tun-csum -w 0
-a -t 198.51.100.10:443 -r 203.0.113.7:443 -i -w 1
-A --sctp-service 198.51.100.11:3868 -s rr
-a --sctp-service 198.51.100.11:3868 -r 203.0.113.8:3868 -m
-A -u 198.51.100.12:5060 -s rr -p 30 --pe sip
-a -u 198.51.100.12:5060 -r 203.0.113.8:5060 -m -w 2
-A -u [2001:db8:51::10]:51820 -s mh -b mh-fallback,mh-port -p 300 -M 64
-a -u [2001:db8:51::10]:51820 -r [2001:db8:113::5]:51820 -g -w 4
-a -u [2001:db8:51::10]:51820 -r [2001:db8:113::6]:51820 -m -w 2 -x 50 -y 5
-A -t [2001:db8:51::10]:80 -s lc
-a -t [2001:db8:51::10]:80 -r [2001:db8:113::5]:8080 -m
-a -t [2001:db8:51::10]:80 -r 203.0.113.9:80 -i -w 3
-A -f 7 -s sh -b sh-port -p 120
-a -f 7 -r 203.0.113.5:0 -g
-a -f 7 -r 203.0.113.9:51820 -m -w 7
-A -f 8 -6 -s rr -o
-a -f 8 -6 -r [2001:db8:113::7]:0 -g -w 2
EOF

# --- timeouts
lab_log "timeouts"
[[ $(probe timeout) == "$(ipvs -L --timeout)" ]] || lab_fail "default timeouts differ"
probe timeout 100 20 30 >/dev/null
[[ $(ipvs -L --timeout) == "Timeout (tcp tcpfin udp): 100 20 30" ]] ||
	lab_fail "timeouts not set: $(ipvs -L --timeout)"
[[ $(probe timeout) == "$(ipvs -L --timeout)" ]] || lab_fail "timeouts read back differently"
probe timeout 0 0 45 >/dev/null	# zero leaves a timeout alone
[[ $(ipvs -L --timeout) == "Timeout (tcp tcpfin udp): 100 20 45" ]] ||
	lab_fail "partial timeout set: $(ipvs -L --timeout)"

# --- the sync daemon (before any tunnel dest of another family: the kernel
# refuses to sync tables that mix families).
lab_log "sync daemon"
same_daemons() {
	[[ $(probe daemon list) == "$(ipvs -L --daemon)" ]] ||
		lab_fail "sync daemons differ: ipvsadm '$(ipvs -L --daemon)' keel '$(probe daemon list)'"
}
probe daemon start master dum0 7
probe daemon start backup dum0 9 maxlen 1400 group 224.0.0.82 port 8849 ttl 2
ipvs -L --daemon
grep -Fqx "master sync daemon (mcast=dum0, syncid=7, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)" \
	<<<"$(ipvs -L --daemon)" || lab_fail "master not running as asked"
grep -Fqx "backup sync daemon (mcast=dum0, syncid=9, maxlen=1400, group=224.0.0.82, port=8849, ttl=2)" \
	<<<"$(ipvs -L --daemon)" || lab_fail "backup not running as asked"
same_daemons
probe daemon stop master
[[ $(ipvs -L --daemon) == backup* ]] || lab_fail "master not stopped: $(ipvs -L --daemon)"
same_daemons
probe daemon stop backup
probe daemon start master dum0 3 group ff02::88
grep -Fq "group=ff02::88" <<<"$(ipvs -L --daemon)" || lab_fail "IPv6 sync group not used"
same_daemons
probe daemon stop master
[[ -z $(ipvs -L --daemon) && -z $(probe daemon list) ]] || lab_fail "daemons still running"

# --- program everything in one go
lab_log "apply r1"
apply r1.rules
expect "plan: 23 ops (add-svc 8, edit-svc 0, del-svc 0, add-dest 15, edit-dest 0, del-dest 0)"
expect "netlink: 23 requests in 1 sends, 0 failed"
ipvs -Ln
same_listing
same_listing --tun-info
same_listing --thresholds
# The oracle: ipvsadm's own programming of the same rules.
grep -v "^#" "$W/r1.rules" | topo_exec ref ipvsadm -R
for opt in "" --tun-info --thresholds; do
	# shellcheck disable=SC2086
	[[ $(ipvs -Ln $opt) == "$(topo_exec ref ipvsadm -Ln $opt)" ]] || {
		# shellcheck disable=SC2086
		diff <(ipvs -Ln $opt) <(topo_exec ref ipvsadm -Ln $opt) >&2 || true
		lab_fail "keel and ipvsadm -R programmed different tables (-Ln $opt)"
	}
done

lab_log "apply r1 again: nothing to do"
apply r1.rules
expect "plan: 0 ops (add-svc 0, edit-svc 0, del-svc 0, add-dest 0, edit-dest 0, del-dest 0)"
expect "netlink: 0 requests in 0 sends, 0 failed"

lab_log "one weight"
sed 's/-r 203.0.113.6:51820 -g -w 1 /-r 203.0.113.6:51820 -g -w 9 /' "$W/r1.rules" >"$W/r2.rules"
apply r2.rules
expect "op: edit dest 203.0.113.6:51820 in UDP 198.51.100.10:51820"
expect "plan: 1 ops (add-svc 0, edit-svc 0, del-svc 0, add-dest 0, edit-dest 1, del-dest 0)"
expect "netlink: 1 requests in 1 sends, 0 failed"
grep -Eq '^  -> 203\.0\.113\.6:51820 +Route +9 ' <<<"$(ipvs -Ln)" || lab_fail "weight 9 not in the kernel"
same_listing

lab_log "one scheduler, and persistence settings"
sed -e 's/-A -t 198.51.100.10:443 -s wrr/-A -t 198.51.100.10:443 -s sh -b sh-fallback -p 60/' \
	"$W/r2.rules" >"$W/r3.rules"
apply r3.rules
expect "op: edit service TCP 198.51.100.10:443"
expect "plan: 1 ops (add-svc 0, edit-svc 1, del-svc 0, add-dest 0, edit-dest 0, del-dest 0)"
expect "netlink: 1 requests in 1 sends, 0 failed"
grep -Fqx "TCP  198.51.100.10:443 sh (sh-fallback) persistent 60" <<<"$(ipvs -Ln)" ||
	lab_fail "service edit not in the kernel"
same_listing

lab_log "deletes leave foreign entries alone"
ipvs -A -t 198.51.100.99:22 -s rr
ipvs -a -t 198.51.100.99:22 -r 203.0.113.5:22 -m
ipvs -a -u 198.51.100.10:51820 -r 203.0.113.99:51820 -g
grep -v -e '^-A -t \[2001:db8:51::10\]:80' -e '^-a -t \[2001:db8:51::10\]:80' \
	-e '203.0.113.7:51820' "$W/r3.rules" >"$W/r4.rules"
apply r4.rules --owned "$W/r3.rules"
expect "op: delete dest 203.0.113.7:51820 from UDP 198.51.100.10:51820"
expect "op: delete service TCP [2001:db8:51::10]:80"
expect "plan: 2 ops (add-svc 0, edit-svc 0, del-svc 1, add-dest 0, edit-dest 0, del-dest 1)"
expect "netlink: 2 requests in 1 sends, 0 failed"
out=$(ipvs -Ln)
grep -Fq "TCP  198.51.100.99:22 rr" <<<"$out" || lab_fail "foreign service deleted"
grep -Eq '^  -> 203\.0\.113\.99:51820 ' <<<"$out" || lab_fail "foreign dest deleted"
grep -Fq "[2001:db8:51::10]:80" <<<"$out" && lab_fail "owned service not deleted"
grep -Eq '^  -> 203\.0\.113\.7:51820 ' <<<"$out" && lab_fail "owned dest not deleted"
same_listing

lab_log "a kernel refusal names its object; the batch goes on"
cp "$W/r4.rules" "$W/r5.rules"
cat >>"$W/r5.rules" <<'EOF'
-A -t 198.51.100.20:80 -s nosuch
-a -t 198.51.100.20:80 -r 203.0.113.5:80 -m
-A -t 198.51.100.21:80 -s rr
-a -t 198.51.100.21:80 -r 203.0.113.5:80 -m
EOF
if OUT=$(probe apply --owned "$W/r4.rules" "$W/r5.rules" 2>"$W/apply.err"); then
	lab_fail "apply with an unknown scheduler exited 0"
fi
printf '%s\n' "$OUT" | grep -v '^op:' | sed 's/^/    /'
sed 's/^/    stderr: /' "$W/apply.err"
expect "netlink: 4 requests in 1 sends, 2 failed"
grep -Fq "add service TCP 198.51.100.20:80: no such scheduler" "$W/apply.err" ||
	lab_fail "refusal does not name the service"
grep -Fq "add dest 203.0.113.5:80 to TCP 198.51.100.20:80: no such service" "$W/apply.err" ||
	lab_fail "its dest's failure does not name the dest"
grep -Fq "TCP  198.51.100.21:80 rr" <<<"$(ipvs -Ln)" || lab_fail "the good service after the refusal is missing"
same_listing

lab_log "owning everything deletes the foreign entries too"
apply r4.rules --own-all
expect "plan: 3 ops (add-svc 0, edit-svc 0, del-svc 2, add-dest 0, edit-dest 0, del-dest 1)"
grep -Fq "198.51.100.99" <<<"$(ipvs -Ln)" && lab_fail "foreign service survived --own-all"
same_listing

lab_log "flush"
probe flush
[[ $(ipvs -Ln | wc -l) -eq 3 ]] || lab_fail "flush left services: $(ipvs -Ln)"
same_listing
lab_log "ok"
