#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# docs/keepalived-compat.md must match what the parser's tables say.
set -eu
gen=$(mktemp)
trap 'rm -f "$gen"' EXIT
tools/keel-keywords > "$gen"
if ! diff -u "$KEEL_SRCDIR/docs/keepalived-compat.md" "$gen"; then
	echo "docs/keepalived-compat.md is stale: run 'make \$(top_srcdir)/docs/keepalived-compat.md' or tools/keel-keywords > docs/keepalived-compat.md" >&2
	exit 1
fi
echo "docs/keepalived-compat.md is current"
