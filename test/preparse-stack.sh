#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The keel-preparse thread's stack (PREPARSE_STACK in daemon/preparse.c)
# holds the deepest parses bench/parse-stack.sh knows with a margin of 4:
# each of them must complete on a quarter of it. Run from the build
# directory (make check); KEEL_SRCDIR is the source tree.

src=${KEEL_SRCDIR:-$(dirname "$0")/..}
kb=$(sed -n 's/^#define PREPARSE_STACK (\([0-9]*\) \* 1024)$/\1/p' "$src/daemon/preparse.c")
case $kb in
[1-9]*) ;;
*) echo "FAIL: no '#define PREPARSE_STACK (N * 1024)' in $src/daemon/preparse.c"; exit 1 ;;
esac
echo "PREPARSE_STACK is $kb kB: every parse must fit in $((kb / 4)) kB"
B=. sh "$src/bench/parse-stack.sh" $((kb / 4))
