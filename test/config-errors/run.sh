#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs `keeld -t -f FILE` on every broken configuration in this directory.
# Each FILE.conf says on its second line what keeld must report:
#   # expect: LINE:COL: error: MESSAGE-SUBSTRING
# keeld must exit 2 and print "FILE.conf:LINE:COL: error: ..." with the
# substring in the message. KEELD (default ./keeld) is the binary; the
# corpus is $KEEL_SRCDIR/test/config-errors, or this script's directory.
# It runs in a copy of the corpus where tls-files.sh has made the TLS
# files the ssl-*.conf cases read.

KEELD=${KEELD:-./keeld}
case $KEELD in
/*) ;;
*/*) KEELD=$(pwd)/$KEELD ;;
esac
if [ -n "$KEEL_SRCDIR" ]; then
	dir=$KEEL_SRCDIR/test/config-errors
else
	dir=$(dirname "$0")
fi
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
cp -R "$dir"/. "$work"/ && cd "$work" && sh ./tls-files.sh || {
	echo "FAIL: cannot set up the corpus in $work (is openssl installed?)"
	exit 1
}

pass=0
fail=0
for f in *.conf; do
	[ -f "$f" ] || continue
	name=${f%.conf}
	want=$(sed -n '2s/^# expect: //p' "$f")
	case $want in
	[0-9]*:[0-9]*": error: "?*) ;;
	*)
		echo "FAIL $name: got no '# expect: LINE:COL: error: MESSAGE' on line 2"
		fail=$((fail + 1))
		continue
		;;
	esac
	out=$("$KEELD" -t -f "$f" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" -eq 2 ] &&
		printf '%s\n' "$out" | WANT_PREFIX="$f:${want%%: error: *}: error: " \
			WANT_MSG="${want#*: error: }" awk '
			index($0, ENVIRON["WANT_PREFIX"]) == 1 &&
			index(substr($0, length(ENVIRON["WANT_PREFIX"]) + 1), ENVIRON["WANT_MSG"]) { found = 1 }
			END { exit !found }'; then
		echo "ok $name"
		pass=$((pass + 1))
	else
		got=$(printf '%s\n' "$out" | grep -m1 ': error: ')
		[ -n "$got" ] || got=$(printf '%s\n' "$out" | head -n 1)
		echo "FAIL $name: got exit $rc, '$got'; want '$f:$want'"
		fail=$((fail + 1))
	fi
done
if [ $((pass + fail)) -eq 0 ]; then
	echo "FAIL: no *.conf files in $dir"
	fail=1
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
