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
#              drop set
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
# VRRP_TUNING_STEPS picks steps (default: rxbufs strict addresses vmac
# vmacaddr).

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

for step in ${VRRP_TUNING_STEPS:-rxbufs strict addresses vmac vmacaddr}; do
	lab_log "--- $step"
	"step_$step"
done
lab_log "vrrp-tuning: ok"
