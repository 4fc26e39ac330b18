#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
#
# vrrp-keepalived-v6: vrrp-keepalived.sh over IPv6 (VRRPv3, advert_int 0.5),
# multicast (ff02::12 from link-local addresses) and unicast: keeld and a
# real keepalived in both roles.

VRRP_KA_VERSION=3 VRRP_KA_FAMILY=6 exec bash "$(dirname -- "${BASH_SOURCE[0]}")/vrrp-keepalived.sh"
