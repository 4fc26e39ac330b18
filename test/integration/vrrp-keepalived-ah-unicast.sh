#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
#
# vrrp-keepalived-ah-unicast: vrrp-keepalived-ah.sh over unicast, where the
# AH's ICV leaves the TTL out (keepalived's rule).

VRRP_KA_AUTH=AH VRRP_KA_STEPS=unicast exec bash "$(dirname -- "${BASH_SOURCE[0]}")/vrrp-keepalived.sh"
