#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
#
# vrrp-keepalived-ah: vrrp-keepalived.sh over multicast with VRRPv2
# "auth_type AH" (IPsec AH, HMAC-MD5-96) on keeld and a real keepalived:
# both roles, both directions of failover, exactly one VIP holder each
# time. Unicast: vrrp-keepalived-ah-unicast.sh; a wrong auth_pass:
# vrrp-keepalived-ah-wrong.sh (three files keep each under the lab limit).

VRRP_KA_AUTH=AH VRRP_KA_STEPS=multicast exec bash "$(dirname -- "${BASH_SOURCE[0]}")/vrrp-keepalived.sh"
