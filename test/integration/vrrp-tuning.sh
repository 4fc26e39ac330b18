#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
#
# vrrp-tuning: VRRP keywords keepalived 2.2.7 has beside vrrp_strict, each
# seen where it acts (keepalived's own behaviour was measured the same way):
#   rx bufs    vrrp_rx_bufs_policy MTU, multiplier 5, and one instance with
#              kernel_rx_buf_size 30000: the shared socket's SO_RCVBUF (read
#              from keeld's own fd) is twice 30000 + 1500 * 5, the sum; a
#              keepalived with the same config gets the same, when present;
#              a reload with kernel_rx_buf_size 40000 resizes it
#   strict     vrrp_strict with strict_mode off: the master accepts (no drop
#              set); strict_mode on alone: its VIP goes into the no_accept
#              drop set; so does a strict VRRPv2 instance with accept
#              (reset); strict_mode resets vmac_xmit_base under use_vmac:
#              the adverts r2 sees leave from the VMAC, not eth0
#   strictwire r1 master hears, from a probe on r2, a lower priority advert
#              and then a higher one. Without strict (garp_lower_prio_repeat
#              and higher_prio_send_advert at work) it answers each with an
#              advert at once and re-announces its VIP; with strict_mode
#              and the same lines (reset, each with a warning) it does
#              neither, as keepalived 2.2.7 was seen doing
#   addresses  r2 (backup) takes r1's adverts while their addresses match;
#              r1 reloads with a second VIP: r2 logs the mismatch, drops
#              the adverts and takes over; with skip_check_adv_addr r2 keeps
#              taking them from the same master and stays backup
#   vmac       vmac_prefix kv: use_vmac's interface is kv.51; a reload with
#              vmac_prefix kw moves the VIP to kw.51 and removes kv.51
#   vmacaddr   use_vmac_addr with vmac_addr_prefix va: an excluded VIP of
#              another interface (eth1) lives on va.51, a macvlan with the
#              virtual MAC on eth1, as keepalived 2.2.7 names and places it
# Each keeld ends cleanly (vrrp_stop: exit 0, no sanitizer report).
# VRRP_TUNING_STEPS picks steps (default: rxbufs strict strictwire
# addresses vmac vmacaddr).

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"
# shellcheck source-path=SCRIPTDIR source=../lab/vrrp-node.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/vrrp-node.sh"

lab_require_cmd nft python3
vrrp_lab

# rcvbuf PID: SO_RCVBUF of PID's first raw socket of protocol 112 that
# reads (a send-only one has the kernel's minimum), as the kernel reports it
rcvbuf() {
	python3 - "$1" <<'PY'
import ctypes, os, socket, sys
pid = int(sys.argv[1])
libc = ctypes.CDLL(None, use_errno=True)
pfd = os.pidfd_open(pid)
best = 0
for name in os.listdir(f"/proc/{pid}/fd"):
    try:
        if not os.readlink(f"/proc/{pid}/fd/{name}").startswith("socket:"):
            continue
    except OSError:
        continue
    fd = libc.syscall(438, pfd, int(name), 0)	# pidfd_getfd
    if fd < 0:
        continue
    s = socket.socket(fileno=fd)
    if s.type == socket.SOCK_RAW and s.proto == 112:
        best = max(best, s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF))
    s.close()
print(best)
PY
}

# --- rx bufs: two instances share eth0's socket
step_rxbufs() {
	TOP="global_defs {
		vrrp_rx_bufs_policy MTU
		vrrp_rx_bufs_multiplier 5
	}
	vrrp_instance VI_2 {
		interface eth0
		virtual_router_id 52
		version 3
		virtual_ipaddress {
			10.0.0.200/24
		}
	}"
	VRRP_CONF_TOP=$TOP vrrp_start r1 100 "kernel_rx_buf_size 30000"
	want=$((2 * (30000 + 1500 * 5)))
	lab_wait_for 10 grep -q "VRRP_Instance(VI_2) .* -> BACKUP" "$W/r1.log" ||
		{ tail -20 "$W/r1.log"; lab_fail "r1: VI_2 did not start"; }
	got=$(rcvbuf "${VRRP_PID[r1]}")
	[[ $got == "$want" ]] || lab_fail "keeld's VRRP socket has SO_RCVBUF $got, not $want"
	grep -q "receive buffer of $((want / 2)) bytes" "$W/r1.log" || lab_fail "keeld did not log the size"
	echo "keeld: SO_RCVBUF $got = 2 * (30000 + 1500 * 5)"
	# a reload sets the new sum
	sed -i "s/kernel_rx_buf_size 30000/kernel_rx_buf_size 40000/" "$W/r1.conf"
	kill -HUP "${VRRP_PID[r1]}"
	lab_wait_for 10 grep -q "receive buffer of $((40000 + 7500)) bytes" "$W/r1.log" ||
		{ tail -20 "$W/r1.log"; lab_fail "a reload did not resize the socket"; }
	got=$(rcvbuf "${VRRP_PID[r1]}")
	((got == 2 * (40000 + 7500))) || lab_fail "after a reload: SO_RCVBUF $got, not $((2 * 47500))"
	echo "keeld after a reload with kernel_rx_buf_size 40000: SO_RCVBUF $got"
	sed -i "s/kernel_rx_buf_size 40000/kernel_rx_buf_size 30000/" "$W/r1.conf"
	vrrp_stop r1
	if command -v keepalived >/dev/null; then
		cp "$W/r1.conf" "$W/ka.conf"
		topo_bg --log "$W/ka.log" r2 keepalived -n -l -D -P -f "$W/ka.conf" -p "$W/ka.pid" \
			-r "$W/ka-vrrp.pid" -c "$W/ka-chk.pid"
		kpid=$TOPO_PID
		lab_wait_for 20 grep -q "VRRP sockpool" "$W/ka.log" || { cat "$W/ka.log"; lab_fail "keepalived did not start"; }
		kgot=$(rcvbuf "$(cat "$W/ka-vrrp.pid")")
		kill -TERM "$kpid"
		wait "$kpid" 2>/dev/null || true
		[[ $kgot == "$want" ]] || lab_fail "keepalived's socket has SO_RCVBUF $kgot, keeld's $want"
		echo "keepalived 2.2.7 on the same config: SO_RCVBUF $kgot"
	fi
}

# --- strict: the instance's own strict_mode over vrrp_strict
in_drop_set() { [[ $(topo_exec r1 nft list set inet keel vips4 2>/dev/null) == *"$VIP"* ]]; }
step_strict() {
	VRRP_CONF_TOP="global_defs {
		vrrp_strict
	}" vrrp_start r1 150 "strict_mode off"
	lab_wait_for 20 topo_has_addr r1 "$VIP" eth0 || { cat "$W/r1.log"; lab_fail "r1 did not become master"; }
	sleep 2
	! in_drop_set || lab_fail "vrrp_strict with strict_mode off: the VIP is in the no_accept drop set"
	echo "vrrp_strict, strict_mode off: r1 accepts for its VIP"
	vrrp_stop r1
	vrrp_start r1 150 "strict_mode on"
	lab_wait_for 20 topo_has_addr r1 "$VIP" eth0 || { cat "$W/r1.log"; lab_fail "r1 did not become master"; }
	lab_wait_for 5 in_drop_set || lab_fail "strict_mode on: the VIP is not in the no_accept drop set"
	echo "strict_mode on: r1's VIP is in the no_accept drop set"
	vrrp_stop r1
	# VRRPv2's accept is reset (keepalived 2.2.7: "accept mode for VRRP
	# version 2 does not comply with RFC3768 - resetting")
	vrrp_start r1 150 "strict_mode on
	version 2
	accept"
	lab_wait_for 20 topo_has_addr r1 "$VIP" eth0 || { cat "$W/r1.log"; lab_fail "r1 did not become master"; }
	lab_wait_for 5 in_drop_set || lab_fail "strict VRRPv2 with accept: the VIP is not in the drop set"
	grep -q "strict mode has no accept mode in VRRPv2" "$W/r1.log" || lab_fail "no warning for VRRPv2 accept"
	echo "strict_mode on, version 2, accept: accept is reset, r1's VIP is in the drop set"
	vrrp_stop r1
	# vmac_xmit_base under use_vmac is reset: the adverts leave from the
	# VMAC, as keepalived 2.2.7's did (source 00:00:5e:00:01:33)
	local mac
	vrrp_start r1 150 "use_vmac
	vmac_xmit_base"
	mac=$(advert_src_mac) || lab_fail "no advert from r1"
	[[ $mac != 00:00:5e:00:01:33 ]] || lab_fail "vmac_xmit_base: the adverts leave from the VMAC"
	vrrp_stop r1
	vrrp_start r1 150 "strict_mode on
	use_vmac
	vmac_xmit_base"
	mac=$(advert_src_mac) || lab_fail "strict: no advert from r1"
	[[ $mac == 00:00:5e:00:01:33 ]] || lab_fail "strict with vmac_xmit_base: adverts from $mac, not the VMAC"
	echo "vmac_xmit_base: adverts from r1's eth0; with strict_mode from the VMAC $mac"
	vrrp_stop r1
}

# advert_src_mac: the source MAC of r1's first advert r2 sees (in 10 s)
advert_src_mac() {
	topo_exec r2 python3 - <<'PY'
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
s.bind(("eth0", 0x0800))
s.settimeout(10)
while True:
    f = s.recv(2048)
    if f[23] == 112 and f[26:30] == socket.inet_aton("10.0.0.1"):
        print(":".join("%02x" % b for b in f[6:12]))
        sys.exit(0)
PY
}

# --- strictwire: what r1 master answers to a lower and a higher advert
# probe PRIO: on r2, waits for r1's advert, sends 300 ms later a VRRPv3
# advert of PRIO for VRID 51 and the VIP, and prints "GAP ARPS": the ms
# from it to r1's next advert (-1: none within 2.5 s) and how many ARPs
# for the VIP r1 sent in those 2.5 s
probe() {
	topo_exec r2 python3 - "$1" "$VIP" <<'PY'
import select, socket, struct, sys, time
prio, vip = int(sys.argv[1]), socket.inet_aton(sys.argv[2])
me, r1, group = socket.inet_aton("10.0.0.2"), "10.0.0.1", "224.0.0.18"
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
adv = struct.pack("!BBBBHH", 0x31, 51, prio, 1, 100, 0) + vip
pseudo = me + socket.inet_aton(group) + struct.pack("!BBH", 0, 112, len(adv))
adv = adv[:6] + struct.pack("!H", csum(pseudo + adv)) + adv[8:]
rx = socket.socket(socket.AF_INET, socket.SOCK_RAW, 112)
rx.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, socket.inet_aton(group) + me)
tx = socket.socket(socket.AF_INET, socket.SOCK_RAW, 112)
tx.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 255)
tx.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, me)
arp = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0806))
arp.bind(("eth0", 0x0806))
def from_r1(deadline):
    while time.monotonic() < deadline:
        if rx in select.select([rx], [], [], max(0, deadline - time.monotonic()))[0]:
            data, src = rx.recvfrom(2048)
            if src[0] == r1:
                return time.monotonic()
    return None
if from_r1(time.monotonic() + 10) is None:
    sys.exit("no advert from r1")
time.sleep(0.3)
while arp in select.select([arp], [], [], 0)[0]:
    arp.recv(2048)
tx.sendto(adv, (group, 0))
t0 = time.monotonic()
t = from_r1(t0 + 2.5)
n = 0
while time.monotonic() < t0 + 2.5:
    if arp in select.select([arp], [], [], t0 + 2.5 - time.monotonic())[0]:
        n += arp.recv(2048)[28:32] == vip
print(-1 if t is None else int((t - t0) * 1000), n)
PY
}
step_strictwire() {
	local extra="garp_master_delay 0
	garp_lower_prio_repeat 3
	lower_prio_no_advert off
	higher_prio_send_advert" gap arps out
	vrrp_start r1 150 "$extra"
	lab_wait_for 20 topo_has_addr r1 "$VIP" eth0 || { cat "$W/r1.log"; lab_fail "r1 did not become master"; }
	out=$(probe 50) || lab_fail "probe: $out"
	read -r gap arps <<<"$out"
	((gap >= 0 && gap < 200 && arps > 0)) ||
		lab_fail "r1 answered a lower advert after $gap ms with $arps ARPs, not at once with its GARPs"
	echo "without strict: a lower advert gets r1's advert after $gap ms and $arps ARPs"
	out=$(probe 200) || lab_fail "probe: $out"
	read -r gap arps <<<"$out"
	((gap >= 0 && gap < 200)) || lab_fail "r1 answered a higher advert after $gap ms, not at once"
	echo "without strict: a higher advert gets r1's advert after $gap ms"
	vrrp_stop r1
	vrrp_start r1 150 "strict_mode
	$extra"
	for w in "lower_prio_no_advert; on" "no higher_prio_send_advert; off" "garp_lower_prio_repeat 0"; do
		grep -q "warning: vrrp_instance VI_1: strict mode .*$w" "$W/r1.log" ||
			{ cat "$W/r1.log"; lab_fail "strict: no warning '$w'"; }
	done
	lab_wait_for 20 topo_has_addr r1 "$VIP" eth0 || { cat "$W/r1.log"; lab_fail "r1 did not become master"; }
	out=$(probe 50) || lab_fail "probe: $out"
	read -r gap arps <<<"$out"
	((gap >= 300 && arps == 0)) ||
		lab_fail "strict: r1 answered a lower advert after $gap ms with $arps ARPs"
	echo "strict: a lower advert gets no answer (r1's next advert after $gap ms, $arps ARPs)"
	out=$(probe 200) || lab_fail "probe: $out"
	read -r gap arps <<<"$out"
	((gap == -1)) || lab_fail "strict: r1 answered a higher advert after $gap ms"
	echo "strict: a higher advert gets no answer; r1 goes backup"
	vrrp_stop r1
}

# --- addresses: r1 reloads with a second VIP under r2
# addresses_step R2_LINES: r1 (150) master, r2 (100, R2_LINES in its
# instance) backup taking its adverts; then r1 reloads with 10.0.0.101 too
addresses_step() {
	local r2_lines=$1
	vrrp_start r1 150
	lab_wait_for 20 topo_has_addr r1 "$VIP" eth0 || { cat "$W/r1.log"; lab_fail "r1 did not become master"; }
	vrrp_start r2 100 "$r2_lines"
	lab_wait_for 10 grep -q "VRRP_Instance(VI_1) .* -> BACKUP" "$W/r2.log" ||
		{ cat "$W/r2.log"; lab_fail "r2 is not backup"; }
	sleep 2
	! grep -q "bad advert" "$W/r2.log" || lab_fail "r2 refused r1's matching adverts"
	sed -i "s|$VIP/24|$VIP/24\n\t\t10.0.0.101/24|" "$W/r1.conf"
	kill -HUP "${VRRP_PID[r1]}"
	lab_wait_for 10 topo_has_addr r1 10.0.0.101 eth0 || lab_fail "r1 did not reload its second VIP"
}
step_addresses() {
	addresses_step ""
	lab_wait_for 10 grep -q "VRRP_Instance(VI_1) bad advert from 10.0.0.1: 2 addresses, we have 1" "$W/r2.log" ||
		{ tail "$W/r2.log"; lab_fail "r2 did not log the other address list"; }
	lab_wait_for 10 topo_has_addr r2 "$VIP" eth0 || lab_fail "r2 kept taking adverts whose addresses differ"
	echo "r2: $(grep -m1 'bad advert from' "$W/r2.log" | sed 's/^.*VRRP_Instance/VRRP_Instance/'); took over"
	vrrp_stop r1 r2
	topo_exec r1 ip addr flush dev eth0 to 10.0.0.101/32 2>/dev/null || true

	addresses_step "skip_check_adv_addr"
	sleep 5	# over a master down interval (3.6 s)
	! topo_has_addr r2 "$VIP" eth0 || lab_fail "skip_check_adv_addr: r2 took over from the same master"
	! grep -q "bad advert" "$W/r2.log" || lab_fail "skip_check_adv_addr: r2 checked the same master's addresses"
	echo "skip_check_adv_addr: r2 stays backup under r1's new address list"
	vrrp_stop r1 r2
}

# --- vmac: vmac_prefix names the interface
step_vmac() {
	VRRP_CONF_TOP="global_defs {
		vmac_prefix kv
	}" vrrp_start r1 150 use_vmac
	lab_wait_for 20 topo_exec r1 ip link show kv.51 >/dev/null 2>&1 ||
		{ topo_exec r1 ip -br link; tail -20 "$W/r1.log"; lab_fail "no kv.51 on r1"; }
	! topo_exec r1 ip link show vrrp.51 >/dev/null 2>&1 || lab_fail "r1 made vrrp.51 as well"
	echo "vmac_prefix kv: $(topo_exec r1 ip -br link show kv.51)"
	# a reload with another prefix moves the instance to a new VMAC
	sed -i "s/vmac_prefix kv/vmac_prefix kw/" "$W/r1.conf"
	kill -HUP "${VRRP_PID[r1]}"
	lab_wait_for 10 topo_has_addr r1 "$VIP" kw.51 ||
		{ topo_exec r1 ip -br addr; tail -20 "$W/r1.log"; lab_fail "after a reload: the VIP is not on kw.51"; }
	lab_wait_for 5 eval '! topo_exec r1 ip link show kv.51 >/dev/null 2>&1' ||
		lab_fail "after a reload: kv.51 is still there"
	echo "reload with vmac_prefix kw: $(topo_exec r1 ip -br link show kw.51)"
	vrrp_stop r1
	! topo_exec r1 ip link show kw.51 >/dev/null 2>&1 || lab_fail "r1 left kw.51 behind"
}

# --- vmacaddr: use_vmac_addr puts an excluded VIP of eth1 on va.51 there
step_vmacaddr() {
	topo_bridge lan2
	topo_link r1 lan2 10.0.5.9/24
	VRRP_CONF_TOP="global_defs {
		vmac_addr_prefix va
	}" vrrp_start r1 150 "use_vmac_addr
	virtual_ipaddress_excluded {
		10.0.5.1/24 dev $TOPO_IF
	}"
	lab_wait_for 20 topo_has_addr r1 10.0.5.1 va.51 ||
		{ topo_exec r1 ip -br addr; tail -20 "$W/r1.log"; lab_fail "10.0.5.1 is not on va.51"; }
	[[ $(topo_exec r1 ip -d link show va.51) == *"link/ether 00:00:5e:00:01:33"*"macvlan mode private"* ]] ||
		{ topo_exec r1 ip -d link show va.51; lab_fail "va.51 is not a macvlan with the virtual MAC"; }
	[[ $(topo_exec r1 ip -br link show va.51) == "va.51@$TOPO_IF "* ]] || lab_fail "va.51 is not on $TOPO_IF"
	topo_has_addr r1 "$VIP" eth0 || lab_fail "the VIP left eth0"
	echo "use_vmac_addr: $(topo_exec r1 ip -br addr show va.51)"
	vrrp_stop r1
	! topo_exec r1 ip link show va.51 >/dev/null 2>&1 || lab_fail "r1 left va.51 behind"
}

for step in ${VRRP_TUNING_STEPS:-rxbufs strict strictwire addresses vmac vmacaddr}; do
	lab_log "--- $step"
	"step_$step"
done
lab_log "vrrp-tuning: ok"
