#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The demo of keel's main job, run inside the kernel lab (demo.sh at the top
# starts it). It grows with every capability; today it shows two Pi routers
# on one LAN, each running keeld from the sample pair in etc/, and what
# keeld did: its status over the control socket, its configuration check,
# and the kernel's IPVS table in each router's namespace.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/topo.sh"

SRC=$(cd "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
B=$(cd "${KEEL_BUILD:-$SRC/build}" && pwd)
W=$TOPO_TMP

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '\033[2m$ %s\033[0m\n' "$*"; }

say "Topology: routers pi-a and pi-b on one LAN (192.0.2.0/24), three WireGuard servers behind"
topo_bridge lan
topo_node pi-a lan 192.0.2.2/24
topo_node pi-b lan 192.0.2.3/24
for i in 1 2 3; do
	topo_node "wg$i" lan "192.0.2.2$i/24"
done
for n in pi-a pi-b wg1 wg2 wg3; do topo_exec "$n" ip link set lo up; done
topo_ping pi-a -c 1 -W 2 192.0.2.3 >/dev/null && echo "pi-a reaches pi-b"

start_router() {
	local node=$1 conf=$2
	cp "$SRC/etc/$conf" "$W/$node.conf"
	[[ -e $W/probe.key ]] || wg genkey >"$W/probe.key"
	show "keeld -t -f $node.conf   # (a copy of etc/$conf, with a fresh probe.key beside it)"
	"$B/keeld" -t -f "$W/$node.conf" 2>&1 | sed "s|$W/||"
	topo_bg --log "$W/$node.log" "$node" "$B/keeld" -n -l -f "$W/$node.conf" \
		-p "$W/$node.pid" --control-socket "$W/$node.sock"
	lab_wait_for 30 test -S "$W/$node.sock" || { cat "$W/$node.log"; lab_fail "$node: keeld did not start"; }
}

say "Start keeld on both routers"
start_router pi-a keel.conf
start_router pi-b keel-router-b.conf

for n in pi-a pi-b; do
	say "$n: keelctl status"
	topo_exec "$n" "$B/keelctl" -s "$W/$n.sock" status
	say "$n: ipvsadm -Ln (the kernel's IPVS table in $n's namespace, programmed by keeld)"
	topo_exec "$n" ipvsadm -Ln
done
topo_exec pi-a ipvsadm -Ln | grep -q "192.0.2.23:51820" || lab_fail "keeld did not program IPVS on pi-a"

say "Somebody runs 'ipvsadm -C' on pi-a behind keeld's back"
topo_exec pi-a ipvsadm -C
lab_wait_for 5 sh -c "ip netns exec $(topo_ns pi-a) ipvsadm -Ln | grep -q 192.0.2.23:51820" ||
	lab_fail "keeld did not repair the table"
show "keelctl ipvs   # a moment later: repaired (* = managed by keeld)"
topo_exec pi-a "$B/keelctl" -s "$W/pi-a.sock" ipvs

say "Drain 192.0.2.22 on pi-a (new flows stop, existing ones stay) and reload"
show "sed -i '/192.0.2.22 51820 {/a drain' pi-a.conf; kill -HUP keeld"
sed -i '/real_server 192.0.2.22 51820 {/a\        drain' "$W/pi-a.conf"
kill -HUP "$(cat "$W/pi-a.pid")"
lab_wait_for 5 sh -c "ip netns exec $(topo_ns pi-a) ipvsadm -Ln | grep -Eq '192.0.2.22:51820 +Route +0 '" ||
	lab_fail "drain did not reach the kernel"
topo_exec pi-a ipvsadm -Ln
topo_exec pi-a "$B/keelctl" -s "$W/pi-a.sock" status | grep -E "^(reloads|ipvs):"

say "Reload pi-a with a broken file: the running config keeps serving"
show 'echo "virtual_server {" >> pi-a.conf; kill -HUP keeld'
echo "virtual_server {" >>"$W/pi-a.conf"
kill -HUP "$(cat "$W/pi-a.pid")"
sleep 1
topo_exec pi-a "$B/keelctl" -s "$W/pi-a.sock" status

say "Stop both routers (SIGTERM)"
for n in pi-a pi-b; do kill -TERM "$(cat "$W/$n.pid")"; done
sleep 1
tail -n 3 "$W/pi-a.log"
show "ipvsadm -Ln on pi-a after the stop: keeld removed what it declared"
topo_exec pi-a ipvsadm -Ln

cat <<'TXT'

What this version does: keeld reads the keepalived-compatible sample pair,
programs kernel IPVS from it over generic netlink (the same table keepalived
would leave), applies only differences on reload, repairs changes made
behind its back, keeps a good config serving through a broken reload, and
stops cleanly, removing its own services. Next: WireGuard health checks
driving the table, and VRRP moving the VIP; this demo grows with each.
TXT
