#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
#
# vrrp-keepalived-v3: vrrp-keepalived.sh with VRRPv3 (advert_int 0.5),
# multicast and unicast: keeld and a real keepalived in both roles.

VRRP_KA_VERSION=3 exec bash "$(dirname -- "${BASH_SOURCE[0]}")/vrrp-keepalived.sh"
