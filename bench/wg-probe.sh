#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# wg-probe.sh SERVER_IP KEY_FILE SERVER_PUB TUNNEL_SRC TUNNEL_DST
#
# The best a keepalived user can do to check a WireGuard server today: a
# MISC_CHECK running this script, which keeps one wg(8) interface per server
# (this router's probe key, the server as its only peer) and pings
# TUNNEL_DST through it. Exit 0 when the ping comes back through the
# tunnel. Used by bench/pool-story.sh to run the pool story with keepalived.
set -eu
ip=$1 key=$2 pub=$3 src=$4 dst=$5
dev=wgp$(printf '%s' "$ip" | tr -d . | tail -c 8)
if ! ip link show "$dev" >/dev/null 2>&1; then
	ip link add "$dev" type wireguard
	ip addr add "$src/32" dev "$dev"
fi
wg set "$dev" private-key "$key" peer "$pub" endpoint "$ip:51820" allowed-ips "$dst/32"
ip link set "$dev" up
# bound to the device: no route needed, each server has its own interface
exec ping -n -q -c 1 -W 2 -I "$dev" "$dst" >/dev/null
