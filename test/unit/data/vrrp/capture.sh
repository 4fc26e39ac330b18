#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Regenerates the *.adv fixtures: runs the installed keepalived in a network
# namespace, captures its adverts with tcpdump in a second namespace joined
# by a veth pair, and writes each distinct advert as a text fixture with the
# addresses and TTL the decoder needs. Needs root, keepalived and tcpdump.
# Usage: capture.sh [OUTDIR]   (default: the directory of this script)
set -eu
out=$(cd "${1:-$(dirname "$0")}" && pwd)
tag=kv$$
nsa=$tag-a nsb=$tag-b
work=$(mktemp -d)
kapid=

cleanup() {
	[ -n "$kapid" ] && kill "$kapid" 2>/dev/null || true
	ip netns del "$nsa" 2>/dev/null || true
	ip netns del "$nsb" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

# Documentation prefixes only (RFC 5737, RFC 3849): nothing leaves the pair.
ip netns add "$nsa"
ip netns add "$nsb"
ip link add ka0 netns "$nsa" type veth peer name kb0 netns "$nsb"
for ns in "$nsa" "$nsb"; do
	ip -n "$ns" link set lo up
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0
done
ip -n "$nsa" link set ka0 addrgenmode none
ip -n "$nsb" link set kb0 addrgenmode none
ip -n "$nsa" addr add 192.0.2.1/24 dev ka0
ip -n "$nsb" addr add 192.0.2.2/24 dev kb0
ip -n "$nsa" addr add fe80::1/64 dev ka0 nodad
ip -n "$nsb" addr add fe80::2/64 dev kb0 nodad
ip -n "$nsa" addr add 2001:db8::1/64 dev ka0 nodad
ip -n "$nsb" addr add 2001:db8::2/64 dev kb0 nodad
ip -n "$nsa" link set ka0 up
ip -n "$nsb" link set kb0 up

# One instance body per scenario: name|extra vrrp_instance lines.
scenario() {
	name=$1 body=$2 secs=$3
	cat >"$work/$name.conf" <<CONF
global_defs {
	router_id keel_capture
	vrrp_garp_master_delay 0
}
vrrp_instance VI_$name {
	interface ka0
	virtual_router_id 51
$body
}
CONF
	ip netns exec "$nsb" tcpdump -i kb0 -U -w "$work/$name.pcap" \
		'ip proto 112 or ip6 proto 112' 2>/dev/null &
	tpid=$!
	sleep 1
	ip netns exec "$nsa" keepalived -P -n -G -f "$work/$name.conf" \
		-p "$work/$name.pid" -r "$work/$name.vpid" >"$work/$name.log" 2>&1 &
	kapid=$!
	sleep "$secs"
	kill -TERM "$kapid"
	wait "$kapid" || true
	kapid=
	sleep 1
	kill "$tpid"
	wait "$tpid" || true
	extract "$name"
}

# Writes one fixture per distinct payload, in capture order.
extract() {
	name=$1 n=0
	tcpdump -r "$work/$name.pcap" -nn -x 2>/dev/null | python3 -c '
import sys, re
pkts, cur = [], None
for line in sys.stdin:
    if line[:1].isdigit():
        cur = {"hex": ""}
        pkts.append(cur)
        continue
    m = re.match(r"\s+0x[0-9a-f]+:\s+(.*)", line)
    if m:
        cur["hex"] += "".join(m.group(1).split())
seen = []
for p in pkts:
    b = bytes.fromhex(p["hex"])
    if b[0] >> 4 == 4:
        hl = (b[0] & 15) * 4
        tot = int.from_bytes(b[2:4], "big")
        fam, ttl = "inet", b[8]
        src, dst = b[12:16], b[16:20]
        pay = b[hl:tot]
        import ipaddress
        s, d = ipaddress.IPv4Address(src), ipaddress.IPv4Address(dst)
        iphdr = b[:hl].hex()
    else:
        plen = int.from_bytes(b[4:6], "big")
        fam, ttl = "inet6", b[7]
        import ipaddress
        s, d = ipaddress.IPv6Address(b[8:24]), ipaddress.IPv6Address(b[24:40])
        pay = b[40:40 + plen]
        iphdr = ""
    key = (fam, str(s), str(d), pay)
    if key in seen:
        continue
    seen.append(key)
    print(fam, s, d, ttl, pay.hex(), iphdr or "-")
' | while read -r fam src dst ttl pay iph; do
		n=$((n + 1))
		f="$out/$name-$n.adv"
		{
			echo "# SPDX-License-Identifier: GPL-2.0-or-later"
			echo "# keepalived $(keepalived -v 2>&1 | head -1 | cut -d' ' -f2): $name"
			echo "family=$fam"
			echo "src=$src"
			echo "dst=$dst"
			echo "ttl=$ttl"
			[ "$iph" = - ] || echo "iphdr=$iph"
			echo "payload=$pay"
		} >"$f"
		echo "wrote $f"
	done
}

scenario v2_mcast4 '	priority 100
	advert_int 1
	virtual_ipaddress {
		192.0.2.100/24
		192.0.2.101/24
	}' 6
scenario v2_pass4 '	priority 150
	advert_int 2
	authentication {
		auth_type PASS
		auth_pass secretpassword
	}
	virtual_ipaddress {
		192.0.2.100/24
	}' 10
scenario v2_ucast4 '	priority 200
	advert_int 1
	unicast_src_ip 192.0.2.1
	unicast_peer {
		192.0.2.2
	}
	virtual_ipaddress {
		192.0.2.100/24
	}' 5
scenario v3_mcast4 '	version 3
	priority 100
	advert_int 0.1
	virtual_ipaddress {
		192.0.2.100/24
		192.0.2.101/24
		192.0.2.102/24
	}' 2
scenario v3_ucast4 '	version 3
	priority 120
	advert_int 1
	unicast_src_ip 192.0.2.1
	unicast_peer {
		192.0.2.2
	}
	virtual_ipaddress {
		192.0.2.100/24
	}' 5
scenario v3_oldck4 '	version 3
	priority 120
	advert_int 1
	old_unicast_checksum
	unicast_src_ip 192.0.2.1
	unicast_peer {
		192.0.2.2
	}
	virtual_ipaddress {
		192.0.2.100/24
	}' 5
scenario v3_mcast6 '	version 3
	priority 100
	advert_int 1
	virtual_ipaddress {
		fe80::100/64
		2001:db8::100/64
	}' 5
scenario v3_ucast6 '	version 3
	priority 254
	advert_int 1
	unicast_src_ip 2001:db8::1
	unicast_peer {
		2001:db8::2
	}
	virtual_ipaddress {
		2001:db8::100/64
	}' 5
scenario v3_owner4 '	version 3
	state MASTER
	priority 255
	advert_int 1
	virtual_ipaddress {
		192.0.2.100/24
	}' 2
scenario v3_oldck6 '	version 3
	priority 120
	advert_int 1
	old_unicast_checksum
	unicast_src_ip 2001:db8::1
	unicast_peer {
		2001:db8::2
	}
	virtual_ipaddress {
		2001:db8::100/64
	}' 5
scenario v2_novip4 '	priority 100
	advert_int 1
	virtual_ipaddress {
	}' 5
