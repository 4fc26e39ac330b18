# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# Sourced first by a bench script that runs in the kernel lab: outside the
# lab it re-runs the script inside it (test/lab/lab-run, one VM session so
# keeld's and keepalived's numbers come from the same run), with KEEL_BUILD
# made absolute. Inside, it sets REPO.

REPO=$(cd "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[1]}")")/.." && pwd)
if [[ -z ${LAB_INSIDE:-} ]]; then
	_b=${KEEL_BUILD:-build}
	[[ -x $_b/keeld ]] || { echo "$(basename -- "${BASH_SOURCE[1]}"): no keeld in $_b (set KEEL_BUILD)" >&2; exit 1; }
	KEEL_BUILD=$(cd "$_b" && pwd)
	export KEEL_BUILD
	cd "$REPO" || exit 1
	exec "$REPO/test/lab/lab-run" --timeout "${LAB_TIMEOUT:-2400}" -- bash "$(readlink -f -- "${BASH_SOURCE[1]}")" "$@"
fi
