#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# What can be proven of packaging/openwrt/keel without an OpenWrt SDK:
#  - files/keeld.init is valid sh (sh -n, and shellcheck -s sh when
#    installed);
#  - every file the package Makefile installs from the build
#    ($(PKG_INSTALL_DIR)/...) is made by `make install DESTDIR=...` with
#    the directory layout OpenWrt's package-defaults.mk configures, and is
#    executable where $(INSTALL_BIN) installs it; every ./files/ source
#    exists; every conffile is installed by its package or named in the
#    installed configuration (a key file the operator makes);
#  - start_service and reload_service, run under a procd shim that
#    records the calls, start the installed keeld on the installed config
#    with options keeld accepts (checked by running that command with
#    --config-test) and send it SIGHUP.
# Run from the build directory (make check); KEEL_SRCDIR is the source
# tree, KEEL_OPENWRT_PKG the package directory (default: the tree's).
# Without SNMP in this build the keel-snmp package cannot be checked: its
# lines are reported and the test exits 77 (skip) if nothing failed.

src=${KEEL_SRCDIR:-$(dirname "$0")/..}
pkg=${KEEL_OPENWRT_PKG:-$src/packaging/openwrt/keel}
build=$(pwd)
fail=0
skipped=0
W=$(mktemp -d) || exit 1
trap 'rm -rf "$W"' EXIT
D=$W/root

bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
ok() { echo "ok $*"; }

# ---- the init script ----
init=$pkg/files/keeld.init
if sh -n "$init"; then ok "sh -n files/keeld.init"; else bad "sh -n files/keeld.init"; fi
if command -v shellcheck >/dev/null 2>&1; then
	if shellcheck -s sh "$init"; then ok "shellcheck -s sh files/keeld.init"; else bad "shellcheck files/keeld.init"; fi
else
	echo "note: shellcheck is not installed: not run"
fi

# ---- make install with OpenWrt's layout ----
# include/package-defaults.mk's CONFIGURE_ARGS (CONFIGURE_PREFIX=/usr)
layout="prefix=/usr exec_prefix=/usr bindir=/usr/bin sbindir=/usr/sbin libexecdir=/usr/lib
	sysconfdir=/etc datadir=/usr/share localstatedir=/var mandir=/usr/man infodir=/usr/info"
# shellcheck disable=SC2086 # one word per variable
if ! env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL ${MAKE:-make} -s -C "$build" install DESTDIR="$D" $layout \
	>"$W/install.log" 2>&1; then
	tail -20 "$W/install.log"
	bad "make install DESTDIR=... failed"
	exit 1
fi
snmp=no
grep -q '^#define HAVE_SNMP 1' "$build/config.h" && snmp=yes

# ---- the package Makefile's install recipes ----
# one line a step: PACKAGE MACRO SOURCE DESTINATION
awk '
	/^define Package\/[^\/]+\/install$/ { split($2, p, "/"); pk = p[2]; next }
	/^endef/ { pk = ""; next }
	pk != "" && /\\$/ { print pk, "CONTINUED", $0; next }
	pk != "" && /^\t\$\(INSTALL_(BIN|DATA|CONF)\)/ {
		for (i = 2; i < NF; i++) print pk, $1, $i, $NF
	}
' "$pkg/Makefile" > "$W/steps"
: > "$W/installed"
nsteps=0
while read -r p macro from to; do
	nsteps=$((nsteps + 1))
	[ "$macro" = CONTINUED ] && { bad "$p: a continued install line, which this test cannot read"; continue; }
	case $from in
	'$(PKG_INSTALL_DIR)'/*)
		rel=${from#'$(PKG_INSTALL_DIR)'}
		if [ "$p" = keel-snmp ] && [ "$snmp" = no ]; then
			echo "SKIP $p: $rel (this build has no SNMP: configure without --disable-snmp)"
			skipped=$((skipped + 1))
		elif [ ! -f "$D$rel" ]; then
			bad "$p: $rel is not made by make install (installed: $(cd "$D" && find . -type f | sed 's|^\.||' | tr '\n' ' '))"
		elif [ "$macro" = '$(INSTALL_BIN)' ] && [ ! -x "$D$rel" ]; then
			bad "$p: $rel is installed without execute permission"
		else
			ok "$p: $rel is installed by make install"
		fi
		;;
	./files/*)
		if [ -f "$pkg/${from#./}" ]; then ok "$p: ${from#./} exists"; else bad "$p: ${from#./} is missing"; fi
		;;
	*) bad "$p: install source $from is neither \$(PKG_INSTALL_DIR)/... nor ./files/..." ;;
	esac
	dest=${to#'$(1)'}
	case $dest in */) dest=$dest${from##*/} ;; esac
	echo "$p $dest" >> "$W/installed"
done < "$W/steps"
[ "$nsteps" -ge 4 ] || bad "only $nsteps install steps read from $pkg/Makefile"

# ---- conffiles ----
awk '/^define Package\/[^\/]+\/conffiles$/ { split($2, p, "/"); pk = p[2]; next }
	/^endef/ { pk = ""; next }
	pk != "" && NF { print pk, $1 }' "$pkg/Makefile" > "$W/conffiles"
[ -s "$W/conffiles" ] || bad "no conffiles in $pkg/Makefile"
while read -r p f; do
	if grep -qx "$p $f" "$W/installed"; then
		ok "$p: conffile $f is installed"
	elif grep -q "^$p /etc/" "$W/installed" &&
		grep "^$p /etc/" "$W/installed" | while read -r _ c; do [ ! -f "$D$c" ] || cat "$D$c"; done |
		grep -v '^[[:space:]]*[#!]' | grep -q "[[:space:]]${f##*/}\$"; then
		ok "$p: conffile $f is named in the installed configuration"
	else
		bad "$p: conffile $f is neither installed nor named in the installed configuration"
	fi
done < "$W/conffiles"

# ---- start_service and reload_service under a procd shim ----
cat > "$W/shim.sh" <<'EOS'
procd_open_instance() { echo "open_instance $*"; }
procd_close_instance() { echo "close_instance"; }
procd_set_param() { k=$1; shift; echo "set_param $k $*"; }
procd_append_param() { k=$1; shift; echo "append_param $k $*"; }
procd_send_signal() { echo "send_signal $*"; }
EOS
# shellcheck disable=SC1090,SC1091
( . "$W/shim.sh" && . "$init" && start_service && reload_service ) > "$W/procd.log" 2>&1 ||
	bad "start_service or reload_service failed: $(cat "$W/procd.log")"
cmd=$(sed -n 's/^set_param command //p' "$W/procd.log")
grep -q '^set_param respawn\( \|$\)' "$W/procd.log" || bad "start_service sets no respawn"
grep -qx "send_signal keeld \* HUP" "$W/procd.log" ||
	bad "reload_service does not send keeld SIGHUP: $(grep send_signal "$W/procd.log")"
prog=${cmd%% *}
conf=$(printf '%s\n' "$cmd" | sed -n 's/.* -f \([^ ]*\).*/\1/p')
grep -qx "keel $prog" "$W/installed" || bad "the init script runs $prog, which package keel does not install"
grep -qx "keel $conf" "$W/installed" || bad "the init script reads $conf, which package keel does not install"
grep -qx "keel $conf" "$W/conffiles" || bad "$conf is not a conffile"
# the operator's step the sample asks for: a probe key beside the config
head -c 32 /dev/urandom | base64 > "$(dirname "$D$conf")/probe.key"
# shellcheck disable=SC2086 # the recorded command line, one word an argument
set -- ${cmd#"$prog"}
args=""
for a; do
	case $a in /*) a=$D$a ;; esac
	args="$args $a"
done
# shellcheck disable=SC2086
if out=$("$D$prog" $args --config-test 2>&1); then
	ok "the init script's command line is accepted: keeld$args --config-test"
else
	bad "keeld$args --config-test: $out"
fi

echo "$fail failed, $skipped skipped"
[ "$fail" -eq 0 ] || exit 1
[ "$skipped" -eq 0 ] || exit 77
exit 0
