#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab: host (needs neither IPVS nor WireGuard; see test/lab/run-integration)
# lab: parallel (asserts nothing about time; see test/lab/run-integration)
#
# keeld-reload-check: keepalived's reload_check_config LOG_FILE. keel
# checks every reload before it applies it; with the keyword, each check's
# messages go to LOG_FILE as keepalived 2.2.7 leaves it (seen in a
# namespace): the file holds that check's messages only (mode 0600), and is
# empty after a clean one. r1, MASTER, is reloaded with a VRID out of
# range: the file names the line, keeld logs where the messages are and
# keeps the running config (the VIP stays). Then a good edit: the file is
# emptied and the new priority applies.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"
# shellcheck source-path=SCRIPTDIR source=../lab/vrrp-node.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/vrrp-node.sh"

# shellcheck disable=SC2119 # no third node
vrrp_lab
CHECK=$W/check.log
VRRP_CONF_TOP=$'global_defs {\n reload_check_config '"$CHECK"$'\n}' vrrp_start r1 150
lab_wait_for 20 topo_has_addr r1 "$VIP" eth0 || { cat "$W/r1.log"; lab_fail "r1 did not become master"; }
[[ ! -e $CHECK ]] || lab_fail "a check log before any reload"

reloads_done() { [[ $(grep -c "$1" "$W/r1.log") -ge $2 ]]; }
check_says() { [[ -s $CHECK ]] && grep -q "$1" "$CHECK"; }

sed -i 's/virtual_router_id 51/virtual_router_id 800/' "$W/r1.conf"
kill -HUP "${VRRP_PID[r1]}"
lab_wait_for 10 reloads_done "reload failed" 1 || { cat "$W/r1.log"; lab_fail "the broken reload was not refused"; }
line=$(grep -n "virtual_router_id 800" "$W/r1.conf" | cut -d: -f1)
check_says "r1.conf:$line:[0-9]*: error:" || { cat "$CHECK"; lab_fail "the check log does not name r1.conf:$line"; }
[[ $(stat -c %a "$CHECK") == 600 ]] || lab_fail "the check log's mode is $(stat -c %a "$CHECK"), want 600"
grep -q "the check's messages are in $CHECK" "$W/r1.log" || lab_fail "keeld does not say where the messages are"
topo_has_addr r1 "$VIP" eth0 || lab_fail "the broken reload took the VIP away"
echo "broken reload: refused, $(wc -l <"$CHECK") line(s) in the check log, VIP kept"

sed -i 's/virtual_router_id 800/virtual_router_id 51/; s/priority 150/priority 160/' "$W/r1.conf"
kill -HUP "${VRRP_PID[r1]}"
lab_wait_for 10 reloads_done "reload done" 1 || { cat "$W/r1.log"; lab_fail "the good reload did not finish"; }
[[ ! -s $CHECK ]] || { cat "$CHECK"; lab_fail "the check log is not empty after a clean check"; }
prio=$(topo_exec r1 "$B/keelctl" -s "$W/r1.sock" --json vrrp)
[[ $prio == *'"priority":160'* ]] || lab_fail "the good reload did not apply: $prio"
echo "good reload: applied, the check log emptied"
vrrp_stop r1
lab_log "keeld-reload-check: ok"
