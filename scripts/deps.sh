#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs, with apt-get, every Debian 12 package keel needs to build, test
# and run its kernel lab. Quick when they are already there.
set -eu

PKGS="
  build-essential autoconf automake libtool pkg-config
  libnl-3-dev libnl-genl-3-dev libnl-route-3-dev libipset-dev libnftables-dev libssl-dev
  libevent-dev libpcre2-dev libsnmp-dev check
  clang libclang-rt-14-dev
  qemu-system-x86 busybox-static linux-image-amd64 kmod cpio
  iproute2 iputils-ping ipvsadm wireguard-tools keepalived snmpd snmp snmptrapd tcpdump procps nftables
  dnsmasq-base python3 openssl shellcheck
"

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: run as root (apt-get installs packages)" >&2
	exit 1
fi

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps.sh: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
