#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# (not "lab: host": its crossing step delays the link with netem, which a host kernel may lack)
#
# vrrp-keepalived-ah-wrong: keeld and keepalived with auth_type AH and
# different auth_pass: each rejects the other's adverts (both log it) and
# so each is MASTER on its own. Then, with the same auth_pass over a slow
# link, keeld's first advert as MASTER crosses keepalived's last one: its
# AH sequence number is above it (see vrrp/vrrp_ah.h).

VRRP_KA_AUTH=AH VRRP_KA_STEPS='wrong crossing' exec bash "$(dirname -- "${BASH_SOURCE[0]}")/vrrp-keepalived.sh"
