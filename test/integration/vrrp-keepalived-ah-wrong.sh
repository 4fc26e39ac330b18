#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# vrrp-keepalived-ah-wrong: keeld and keepalived with auth_type AH and
# different auth_pass: each rejects the other's adverts (both log it) and
# so each is MASTER on its own.

VRRP_KA_AUTH=AH VRRP_KA_STEPS=wrong exec bash "$(dirname -- "${BASH_SOURCE[0]}")/vrrp-keepalived.sh"
