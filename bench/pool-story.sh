#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench/pool-story.sh: the HA WireGuard pool story (test/lab/e2e-story.sh,
# DR) told four times in one lab session: keeld and keepalived on both
# routers, each with advert_int 1 and 0.1. keepalived gets the same sample
# configs with WG_CHECK turned into the best it can run, a MISC_CHECK of
# bench/wg-probe.sh (a wg(8) tunnel per server and a ping through it), and
# the IPVS sysctls that keel's lvs_expire_* set. Prints every measured time
# next to its limit; a missed limit is printed as MISSED, not fatal.
#
#   KEEL_BUILD=/path/to/build bench/pool-story.sh [dr|nat]
#   KEEL_POOL_DAEMONS="keeld keepalived" (which daemons' stories)

set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=in-lab.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/in-lab.sh"

mode=${1:-dr}
# each story's whole log stays for a look afterwards
out=$REPO/test/lab/logs/pool-story
mkdir -p "$out"
echo "pool-story: kernel $(uname -r) (lab: $LAB_INSIDE), $mode, keepalived $(keepalived --version 2>&1 | awk 'NR == 1 { print $2 }')"
for daemon in ${KEEL_POOL_DAEMONS:-keeld keepalived}; do
	for ai in 1 0.1; do
		log=$out/$daemon-$ai.log
		rc=0
		POOL_MODE=$mode POOL_DAEMON=$daemon POOL_ADVERT_INT=$ai STORY_MEASURE=1 \
			"$REPO/test/lab/e2e-story.sh" >"$log" 2>&1 || rc=$?
		echo
		echo "== $daemon, advert_int $ai$( ((rc == 0)) || echo " (the story stopped: exit $rc)")"
		grep -E '^(RESULT|MISSED|FAIL)' "$log" | sed -E 's/^RESULT //' || true
		((rc == 0)) || tail -n 15 "$log"
	done
done
echo "logs: ${out#"$REPO"/}"
