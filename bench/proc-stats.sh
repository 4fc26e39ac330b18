# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# proc-stats.sh: what a bench reads of a daemon's processes in /proc.

# cpu_ticks PID...: their user + system clock ticks (getconf CLK_TCK a second)
cpu_ticks() {
	local p sum=0 f
	for p in "$@"; do
		[[ -r /proc/$p/stat ]] || continue
		f=$(sed 's/^.*) //' "/proc/$p/stat")
		read -r -a a <<<"$f"
		sum=$((sum + a[11] + a[12]))
	done
	echo "$sum"
}

# peak_rss_kb PID...: their summed VmHWM
peak_rss_kb() {
	local p sum=0 v
	for p in "$@"; do
		v=$(awk '/^VmHWM:/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0)
		sum=$((sum + ${v:-0}))
	done
	echo "$sum"
}
