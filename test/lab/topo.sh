# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# topo.sh: network-namespace topologies and small assertions for lab tests.
# Source it from a bash test (run as root inside test/lab/lab-run):
#
#   . "$(dirname "$0")/../lab/topo.sh"
#   topo_bridge lan
#   topo_node d1 lan 10.0.0.1/24 fd00::1/64
#   topo_exec d1 ipvsadm -Ln
#
# Every namespace and root-namespace link gets a per-run unique name, so runs
# that overlap or were left behind never collide. topo_cleanup runs on EXIT.
# Interfaces inside a node are named eth0, eth1, ... in order of creation.

[[ -n ${TOPO_SH_LOADED:-} ]] && return 0
TOPO_SH_LOADED=1

TOPO_ID=$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
# netns names: lab-<id>-<node>; run-integration puts the test's name in
# front (LAB_NS_PREFIX=lab-<test>-) to tell its leftovers from a neighbour's
TOPO_PREFIX=${LAB_NS_PREFIX:-lab-}$TOPO_ID-
TOPO_SWITCH_NS=                    # netns holding the non-root bridges
TOPO_OWNER=$BASHPID                # only this shell cleans up
TOPO_LINK_SEQ=0
TOPO_IF=                           # last interface topo_link created
TOPO_IF_A=                         # last interfaces topo_veth created
TOPO_IF_B=
TOPO_PID=                          # last pid topo_bg started
TOPO_TMP=$(mktemp -d "${TMPDIR:-/tmp}/lab-topo.XXXXXX")
declare -gA TOPO_NS=()             # node -> netns name
declare -gA TOPO_NIF=()            # node -> next ethN index
declare -gA TOPO_BR_NS=()          # bridge -> its netns ("" = root ns)
declare -gA TOPO_BR_IF=()          # bridge -> its interface name
TOPO_ALL_NS=()                     # creation order, for cleanup
TOPO_ROOT_LINKS=()                 # links in the root ns, for cleanup
TOPO_PIDS=()                       # background processes, for cleanup
TOPO_ON_EXIT=()                    # extra cleanup commands (topo_on_exit)

# ---------------------------------------------------------------------------
# Assertions and small helpers

_lab_now_us() {
	local t=${EPOCHREALTIME//[!0-9]/}
	printf '%s' "${t:-$(($(date +%s) * 1000000))}"
}

# Seconds ("3", "0.5") to microseconds.
_lab_to_us() {
	local s=$1 int frac
	[[ $s =~ ^([0-9]*)(\.([0-9]{0,6}))?$ ]] || {
		echo "bad duration '$s'" >&2
		return 2
	}
	int=${BASH_REMATCH[1]:-0}
	frac=${BASH_REMATCH[3]:-}
	frac=${frac}000000
	printf '%s' $((10#$int * 1000000 + 10#${frac:0:6}))
}

lab_log() { printf '[%s] %s\n' "$(date +%T.%3N)" "$*"; }

# lab_fail MSG: print MSG and end the test with status 1.
lab_fail() {
	printf 'FAIL: %s\n' "$*" >&2
	exit 1
}

# lab_skip REASON: end the test as skipped (status 77).
lab_skip() {
	printf 'SKIP: %s\n' "$*"
	exit 77
}

# lab_require_cmd CMD...: skip the test when a command is missing.
lab_require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null || lab_skip "$c not installed"
	done
}

# lab_wait_for TIMEOUT_SEC CMD...: run CMD every 0.1 s until it succeeds.
# Returns 0 once it did, 1 after TIMEOUT_SEC (CMD's output is discarded).
lab_wait_for() {
	local secs=$1 limit deadline
	limit=$(_lab_to_us "$secs") || return 2
	shift
	deadline=$(($(_lab_now_us) + limit))
	while :; do
		"$@" >/dev/null 2>&1 && return 0
		(($(_lab_now_us) < deadline)) || break
		sleep 0.1
	done
	printf 'lab_wait_for: gave up after %s s: %s\n' "$secs" "$*" >&2
	return 1
}

# ---------------------------------------------------------------------------
# Topology

_topo_ns_of() {
	local node=$1
	[[ -n ${TOPO_NS[$node]:-} ]] || {
		echo "topo: unknown node '$node'" >&2
		return 1
	}
	printf '%s' "${TOPO_NS[$node]}"
}

# topo_ns NODE: print the netns name of NODE (for ip -n / ip netns exec).
topo_ns() { _topo_ns_of "$1"; }

# Every process start costs ~0.2-0.5 s under emulation: the helpers below
# do as much as they can per `ip` call.

# _topo_new_ns NS [SYSCTL-ASSIGNMENTS]: netns with lo up and IPv6 duplicate
# address detection off (addresses usable at once), plus extra sysctls
# written as "net/ipv6/conf/all/disable_ipv6=1" pairs.
_topo_new_ns() {
	local ns=$1 script kv
	ip netns add "$ns"
	TOPO_ALL_NS+=("$ns")
	script='cd /proc/sys/net/ipv6/conf 2>/dev/null &&
		{ echo 0 >all/accept_dad; echo 0 >default/accept_dad; }'
	for kv in "${@:2}"; do
		script+="; echo ${kv#*=} >/proc/sys/${kv%%=*}"
	done
	script+='; exec ip link set lo up'
	ip netns exec "$ns" sh -c "$script"
}

# _topo_ip_batch NS CMD-LINE...: several `ip` commands in one process.
_topo_ip_batch() {
	local ns=$1
	shift
	printf '%s\n' "$@" | ip -n "$ns" -batch -
}

# topo_bridge NAME [--root]: a bridge in this run's switch namespace, or with
# --root in the current (root) namespace under a unique name.
topo_bridge() {
	local name=$1 where=${2:-} br
	[[ -z ${TOPO_BR_IF[$name]+x} ]] || {
		echo "topo: bridge '$name' exists" >&2
		return 1
	}
	if [[ $where == --root ]]; then
		br=lb$TOPO_ID${#TOPO_ROOT_LINKS[@]}
		ip link add name "$br" up type bridge mcast_snooping 0
		TOPO_ROOT_LINKS+=("$br")
		TOPO_BR_NS[$name]=
	else
		if [[ -z $TOPO_SWITCH_NS ]]; then
			TOPO_SWITCH_NS=${TOPO_PREFIX}switch
			# The switch only forwards frames: no IPv6 of its own.
			_topo_new_ns "$TOPO_SWITCH_NS" net/ipv6/conf/all/disable_ipv6=1 \
				net/ipv6/conf/default/disable_ipv6=1
		fi
		br=${name:0:15}
		ip -n "$TOPO_SWITCH_NS" link add name "$br" up type bridge mcast_snooping 0
		TOPO_BR_NS[$name]=$TOPO_SWITCH_NS
	fi
	TOPO_BR_IF[$name]=$br
}

# topo_node NODE [BRIDGE [ADDR...]]: a new namespace, optionally linked to
# BRIDGE (see topo_link).
topo_node() {
	local node=$1
	[[ $node =~ ^[A-Za-z0-9_.-]+$ ]] || {
		echo "topo: bad node name '$node'" >&2
		return 1
	}
	[[ -z ${TOPO_NS[$node]:-} ]] || {
		echo "topo: node '$node' exists" >&2
		return 1
	}
	_topo_new_ns "$TOPO_PREFIX$node"
	TOPO_NS[$node]=$TOPO_PREFIX$node
	TOPO_NIF[$node]=0
	shift
	if [[ $# -gt 0 ]]; then
		topo_link "$node" "$@"
	fi
}

_topo_next_if() {
	local node=$1
	TOPO_IF=eth${TOPO_NIF[$node]}
	TOPO_NIF[$node]=$((TOPO_NIF[$node] + 1))
}

# topo_link NODE BRIDGE [ADDR...]: a veth from NODE (ethN, set in $TOPO_IF)
# to BRIDGE, up, with the given addresses (each may be a comma list).
topo_link() {
	local node=$1 bridge=$2 ns brns peer ifname
	shift 2
	ns=$(_topo_ns_of "$node") || return 1
	[[ -n ${TOPO_BR_IF[$bridge]+x} ]] || {
		echo "topo: unknown bridge '$bridge'" >&2
		return 1
	}
	brns=${TOPO_BR_NS[$bridge]}
	_topo_next_if "$node"
	ifname=$TOPO_IF
	TOPO_LINK_SEQ=$((TOPO_LINK_SEQ + 1))
	if [[ -n $brns ]]; then
		peer=v$TOPO_LINK_SEQ-$node
		peer=${peer:0:15}
	else
		peer=lv$TOPO_ID$TOPO_LINK_SEQ
		TOPO_ROOT_LINKS+=("$peer")
	fi
	# Created from the bridge's side: enslaved and up in the same call.
	ip ${brns:+-n "$brns"} link add name "$peer" master "${TOPO_BR_IF[$bridge]}" up \
		type veth peer name "$ifname" netns "$ns"
	_topo_up_addrs "$ns" "$ifname" "$@"
	TOPO_IF=$ifname
}

# topo_veth NODE_A NODE_B [ADDRS_A [ADDRS_B]]: a veth straight between two
# nodes; the interface names land in $TOPO_IF_A and $TOPO_IF_B. ADDRS are
# comma lists ("10.0.0.1/24,fd00::1/64").
topo_veth() {
	local a=$1 b=$2 nsa nsb
	nsa=$(_topo_ns_of "$a") || return 1
	nsb=$(_topo_ns_of "$b") || return 1
	_topo_next_if "$a"
	TOPO_IF_A=$TOPO_IF
	_topo_next_if "$b"
	TOPO_IF_B=$TOPO_IF
	ip -n "$nsa" link add name "$TOPO_IF_A" up type veth peer name "$TOPO_IF_B" netns "$nsb"
	_topo_up_addrs "$nsa" "$TOPO_IF_A" "${3:-}"
	_topo_up_addrs "$nsb" "$TOPO_IF_B" "${4:-}"
}

# topo_addr NODE IFNAME ADDR...: add IPv4/IPv6 addresses (IPv6 with nodad);
# each ADDR may be a comma list.
topo_addr() {
	local node=$1 dev=$2 ns
	shift 2
	ns=$(_topo_ns_of "$node") || return 1
	_topo_addrs "$ns" "$dev" "" "$@"
}

# _topo_up_addrs NS DEV [ADDR...]: set DEV up and add the addresses.
_topo_up_addrs() { _topo_addrs "$1" "$2" "link set $2 up" "${@:3}"; }

# _topo_addrs NS DEV FIRST-LINE ADDR...: one `ip -batch` for FIRST-LINE (if
# not empty) and the addresses.
_topo_addrs() {
	local ns=$1 dev=$2 out
	local -a lines=()
	[[ -z $3 ]] || lines+=("$3")
	out=$(_topo_addr_lines "$dev" "${@:4}") || return 1
	[[ -z $out ]] || mapfile -t -O "${#lines[@]}" lines <<<"$out"
	[[ ${#lines[@]} -eq 0 ]] || _topo_ip_batch "$ns" "${lines[@]}"
}

# _topo_addr_lines DEV ADDR...: `ip -batch` lines adding the addresses.
_topo_addr_lines() {
	local dev=$1 a list
	local -a addrs
	shift
	for list in "$@"; do
		IFS=, read -ra addrs <<<"$list"
		for a in "${addrs[@]}"; do
			[[ -n $a ]] || continue
			[[ $a =~ ^[0-9A-Fa-f:.]+(/[0-9]+)?$ ]] || {
				echo "topo: bad address '$a'" >&2
				return 1
			}
			if [[ $a == *:* ]]; then
				printf 'address add %s dev %s nodad\n' "$a" "$dev"
			else
				printf 'address add %s dev %s\n' "$a" "$dev"
			fi
		done
	done
}

# topo_route NODE ROUTE...: `ip route replace ROUTE` in NODE; IPv6 when any
# argument looks like an IPv6 address or prefix.
topo_route() {
	local node=$1 ns a fam=-4
	shift
	ns=$(_topo_ns_of "$node") || return 1
	for a in "$@"; do
		[[ $a =~ ^[0-9A-Fa-f]*:[0-9A-Fa-f:.]*(/[0-9]+)?$ ]] && fam=-6
	done
	ip -n "$ns" "$fam" route replace "$@"
}

# topo_sysctl NODE KEY=VALUE...: set sysctls inside NODE.
topo_sysctl() {
	local node=$1 ns
	shift
	ns=$(_topo_ns_of "$node") || return 1
	ip netns exec "$ns" sysctl -q -w "$@" >/dev/null
}

# topo_exec NODE CMD...: run CMD inside NODE.
topo_exec() {
	local node=$1 ns
	shift
	ns=$(_topo_ns_of "$node") || return 1
	ip netns exec "$ns" "$@"
}

# topo_ping NODE PING-ARGS...: ping from NODE with iputils ping, or busybox's
# when iputils-ping is not installed (-c -i -W -w -I -s -4 -6 work in both).
topo_ping() {
	local node=$1
	shift
	if command -v ping >/dev/null; then
		topo_exec "$node" ping "$@"
	else
		topo_exec "$node" busybox ping "$@"
	fi
}

# topo_bg [--log FILE] NODE CMD...: start CMD in the background inside NODE;
# its pid lands in $TOPO_PID and is killed by topo_cleanup.
topo_bg() {
	local log=/dev/stdout node ns
	if [[ ${1:-} == --log ]]; then
		log=$2
		shift 2
	fi
	node=$1
	shift
	ns=$(_topo_ns_of "$node") || return 1
	if [[ $log == /dev/stdout ]]; then
		ip netns exec "$ns" "$@" &
	else
		ip netns exec "$ns" "$@" >"$log" 2>&1 &
	fi
	TOPO_PID=$!
	TOPO_PIDS+=("$TOPO_PID")
}

# topo_has_addr NODE ADDR [DEV]: NODE has ADDR (on DEV). Not written as
# "ip ... | grep -q": under pipefail, ip killed by SIGPIPE after grep's
# early match reads as "absent" (seen 44 times in 200 on a busy host).
# topo_kill9_keepalived PID CHILD_PID_FILE: kill -9 a keepalived (PID, a
# topo_bg child of this shell) and the child whose pid the file holds; the
# parent is frozen first, or it would respawn the child.
topo_kill9_keepalived() {
	local child
	child=$(cat "$2")
	kill -STOP "$1"
	kill -KILL "$child"
	kill -KILL "$1"
	wait "$1" 2>/dev/null || true
}
topo_has_addr() { [[ $(topo_exec "$1" ip -o addr show ${3:+dev "$3"}) == *" $2/"* ]]; }

# Address-event timing: takeover times come from the kernel's own
# timestamped events, not from (slow) polling.
# topo_mon_start NODE [LOG] [OBJECT...]: log NODE's address changes (ip -ts
# monitor address, or the OBJECTs named, to LOG, default
# $TOPO_TMP/mon-NODE.log) and return once the
# monitor is listening: on a stalled machine it can start after the event
# it was meant to time (a marker address on lo goes in and out until the
# log shows it).
topo_mon_start() {
	local node=$1 log=${2:-$TOPO_TMP/mon-$1.log}
	shift $(($# < 2 ? $# : 2))
	topo_bg --log "$log" "$node" ip -ts monitor "${@:-address}"
	lab_wait_for 20 _topo_mon_sees "$node" "$log" || lab_fail "$node: ip monitor does not start"
}
_topo_mon_sees() {
	topo_exec "$1" ip addr add 127.0.0.254/32 dev lo 2>/dev/null
	topo_exec "$1" ip addr del 127.0.0.254/32 dev lo 2>/dev/null
	grep -q ' 127\.0\.0\.254/' "$2"
}
# topo_tcpdump_start NODE LOG TCPDUMP-ARGS...: tcpdump -l in NODE, output
# and its messages to LOG; returns once it listens (same reason).
topo_tcpdump_start() {
	local node=$1 log=$2
	shift 2
	topo_bg --log "$log" "$node" tcpdump -l "$@"
	lab_wait_for 20 grep -q 'listening on' "$log" || lab_fail "$node: tcpdump does not start"
}
# topo_t0: the moment later topo_addr_added_ms calls count from.
topo_t0() { TOPO_T0_US=$(_lab_now_us); }
# topo_addr_added_ms NODE ADDR: prints the ms from topo_t0 to the first
# addition of ADDR (as "ADDR/") in NODE's monitor log after it; 1 if none.
# topo_addr_deleted_ms NODE ADDR: the same for its first removal.
topo_addr_added_ms() { _topo_addr_event_ms "$1" "$2" -v; }
topo_addr_deleted_ms() { _topo_addr_event_ms "$1" "$2" ""; }
_topo_addr_event_ms() {
	local us
	us=$(grep " $2/" "$TOPO_TMP/mon-$1.log" | grep ${3:+"$3"} Deleted | topo_since_t0_us) || return 1
	echo $(((us - TOPO_T0_US) / 1000))
}
# topo_since_t0_us: of the monitor lines on stdin ("[date] ..."), the
# time of the first not before topo_t0, in microseconds; 1 if none.
topo_since_t0_us() {
	local ts us
	while read -r ts; do
		us=$(date -d "${ts/T/ }" +%s%6N)
		((us >= TOPO_T0_US)) || continue
		echo "$us"
		return 0
	done < <(sed -n 's/^\[\([^]]*\)\].*/\1/p')
	return 1
}

# topo_on_exit CMD...: run CMD (as one eval string) in topo_cleanup, before
# the namespaces go away. Use it instead of your own EXIT trap.
topo_on_exit() { TOPO_ON_EXIT+=("$*"); }

# topo_cleanup: kill remembered and namespace processes, delete namespaces,
# root-namespace links and the temp dir. Safe to call more than once.
topo_cleanup() {
	local c p ns pids i
	[[ $BASHPID == "$TOPO_OWNER" ]] || return 0
	for c in "${TOPO_ON_EXIT[@]}"; do
		eval "$c" || true
	done
	TOPO_ON_EXIT=()
	for p in "${TOPO_PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null || true
	done
	for ((i = 0; i < 20; i++)); do
		pids=
		for p in "${TOPO_PIDS[@]}"; do
			kill -0 "$p" 2>/dev/null && pids+=" $p"
		done
		[[ -n $pids ]] || break
		sleep 0.1
	done
	for p in "${TOPO_PIDS[@]}"; do
		kill -KILL "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	TOPO_PIDS=()
	for ns in "${TOPO_ALL_NS[@]}"; do
		pids=$(ip netns pids "$ns" 2>/dev/null) || pids=
		# shellcheck disable=SC2086 # one pid per word
		[[ -z $pids ]] || kill -KILL $pids 2>/dev/null || true
	done
	for ns in "${TOPO_ALL_NS[@]}"; do
		ip netns del "$ns" 2>/dev/null || true
	done
	TOPO_ALL_NS=()
	for c in "${TOPO_ROOT_LINKS[@]}"; do
		ip link del "$c" 2>/dev/null || true
	done
	TOPO_ROOT_LINKS=()
	[[ -z $TOPO_TMP ]] || rm -rf -- "$TOPO_TMP"
	TOPO_TMP=
}

_topo_on_exit() {
	local rc=$?
	trap - EXIT
	topo_cleanup
	exit "$rc"
}

trap _topo_on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
