#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds keel out of tree: scripts/build.sh BUILD_DIR [configure options...]
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
build=$1
shift
[ -x "$src/configure" ] && [ "$src/configure" -nt "$src/configure.ac" ] || \
	(cd "$src" && autoreconf -fi >/dev/null 2>&1 || (cd "$src" && autoreconf -fi))
mkdir -p "$build"
cd "$build"
# Reconfigure only when the options changed.
opts="$*"
if [ ! -f Makefile ] || [ "$(cat .keel-configure-opts 2>/dev/null)" != "$opts" ]; then
	"$src/configure" --prefix=/usr --sysconfdir=/etc --localstatedir=/var "$@" >configure.log 2>&1 || {
		tail -30 configure.log
		exit 1
	}
	echo "$opts" > .keel-configure-opts
fi
make -j"$(nproc)" >make.log 2>&1 || {
	grep -E "error|warning" make.log | head -40
	tail -20 make.log
	exit 1
}
echo "built $build/keeld and $build/keelctl"
