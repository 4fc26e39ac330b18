#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
# lab: parallel (asserts nothing about time; see test/lab/run-integration)
#
# keeld-proc-names: keepalived's process names on keel's threads. r1 starts
# with process_name kl_main and vrrp_process_name kl_vrrp: the process
# (ps, pidof: the main thread) is kl_main, its VRRP thread kl_vrrp. A
# reload to process_names alone gives keepalived's defaults (keepalived,
# keepalived_vrrp); a reload without any gives keel's (keeld, keeld-vrrp).

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"
# shellcheck source-path=SCRIPTDIR source=../lab/vrrp-node.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/vrrp-node.sh"

# shellcheck disable=SC2119 # no third node
vrrp_lab
VRRP_CONF_TOP=$'global_defs {\n process_name kl_main\n vrrp_process_name kl_vrrp\n}' vrrp_start r1 150
PID=${VRRP_PID[r1]}
threads() { cat /proc/"$PID"/task/*/comm | sort | tr '\n' ' '; }
named() { [[ $(cat /proc/"$PID"/comm) == "$1" ]] && threads | grep -qw -- "$2"; }
reloaded() { [[ $(grep -c "reload done" "$W/r1.log") -ge $1 ]]; }

lab_wait_for 10 named kl_main kl_vrrp || lab_fail "threads $(threads), want kl_main and kl_vrrp"
echo "started: $(threads)"

sed -i '/process_name/d; s/^global_defs {$/global_defs {\n process_names/' "$W/r1.conf"
kill -HUP "$PID"
lab_wait_for 10 reloaded 1 || { cat "$W/r1.log"; lab_fail "the first reload did not finish"; }
lab_wait_for 5 named keepalived keepalived_vrrp || lab_fail "after process_names: $(threads)"
echo "process_names: $(threads)"

sed -i '/process_names/d' "$W/r1.conf"
kill -HUP "$PID"
lab_wait_for 10 reloaded 2 || { cat "$W/r1.log"; lab_fail "the second reload did not finish"; }
lab_wait_for 5 named keeld keeld-vrrp || lab_fail "without names: $(threads)"
echo "keel's names: $(threads)"
vrrp_stop r1
lab_log "keeld-proc-names: ok"
