#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
#
# vrrp-unknown-vrid: global_defs log_unknown_vrids. Adverts of a VRID no
# instance on the interface has are logged in keepalived's words,
#   Unknown VRID(99) received on interface(eth0). ignoring...
# which keepalived 2.2.7 logs for every such advert (measured: five
# adverts, five lines). keeld logs a VRID's first and then one a minute
# at most: here five adverts of VRID 99 (v2 and v3) and two of 98 make
# one line each; its own VRID's adverts none. Without the keyword, none.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"
# shellcheck source-path=SCRIPTDIR source=../lab/vrrp-node.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/vrrp-node.sh"

vrrp_lab

# adverts VRID VERSION COUNT: r2 sends them to 224.0.0.18, priority 50
adverts() {
	topo_exec r2 python3 -S - "$@" <<'PY'
import socket, struct, sys, time
def csum(b):
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    return ~(s + (s >> 16)) & 0xffff
vrid, ver, n = (int(a) for a in sys.argv[1:4])
vip = socket.inet_aton('10.0.0.200')
if ver == 3:
    body = struct.pack('!BBBBHH', 0x31, vrid, 50, 1, 100, 0) + vip
    ph = socket.inet_aton('10.0.0.2') + socket.inet_aton('224.0.0.18') + struct.pack('!BBH', 0, 112, len(body))
    c = csum(ph + body)
else:
    body = struct.pack('!BBBBBBH', 0x21, vrid, 50, 1, 0, 1, 0) + vip + bytes(8)
    c = csum(body)
pkt = body[:6] + struct.pack('!H', c) + body[8:]
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 112)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 255)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton('10.0.0.2'))
for k in range(n):
    s.sendto(pkt, ('224.0.0.18', 0))
    time.sleep(0.05)
PY
}
unknown() { grep -c "Unknown VRID($1) received on interface(eth0). ignoring...\$" "$W/r1.log" || true; }

VRRP_CONF_TOP="global_defs {
	log_unknown_vrids
}"
vrrp_start r1 150
lab_wait_for 10 topo_has_addr r1 "$VIP" eth0 || { cat "$W/r1.log"; lab_fail "r1 did not become master"; }
adverts 99 2 3
adverts 99 3 2
adverts 98 3 2
adverts 51 3 3
lab_wait_for 5 sh -c "grep -q 'Unknown VRID(98)' '$W/r1.log'" ||
	{ tail -20 "$W/r1.log"; lab_fail "no line for VRID 98"; }
sleep 0.3
[[ $(unknown 99) == 1 && $(unknown 98) == 1 ]] ||
	{ grep Unknown "$W/r1.log"; lab_fail "want one line each for VRIDs 99 and 98, got $(unknown 99) and $(unknown 98)"; }
! grep -q 'Unknown VRID(51)' "$W/r1.log" || lab_fail "the instance's own VRID was logged as unknown"
lab_log "$(grep -m1 'Unknown VRID(99)' "$W/r1.log" | cut -c14-)"
lab_log "five adverts of VRID 99 and two of 98: one line each, none for VRID 51"
vrrp_stop r1

VRRP_CONF_TOP=
vrrp_start r1 150
lab_wait_for 10 topo_has_addr r1 "$VIP" eth0 || { cat "$W/r1.log"; lab_fail "r1 did not become master"; }
adverts 97 3 2
sleep 0.5
! grep -q 'Unknown VRID' "$W/r1.log" || lab_fail "unknown VRIDs logged without log_unknown_vrids"
lab_log "without log_unknown_vrids: nothing logged"
vrrp_stop r1
lab_log "vrrp-unknown-vrid: ok"
