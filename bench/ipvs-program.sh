#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# IPVS programming benchmark: keeld against keepalived, with two floors:
# bench/ipvs_floor, a bare loop sending the same requests over one netlink
# socket (one ACK at a time, and 64 requests per datagram), and `ipvsadm -R`
# (one process restoring a rules file; ipvsadm 1.31 opens a fresh netlink
# socket and resolves the IPVS family for every rule, so it is a reference).
#
#   KEEL_BUILD=/path/to/build bench/ipvs-program.sh
#
# Use a keeld built without sanitizers (configure CFLAGS='-O2 -g'). When the
# running kernel has no IPVS the script re-runs itself inside the kernel lab
# (test/lab/lab-run), so every number comes from one VM run: compare ratios,
# not absolute times (the lab emulates the CPU).
#
# Measured, each run in its own fresh network namespace (IPVS keeps deleted
# dests in a per-namespace trash list that slows later adds):
# - start-to-complete: from launching the program until /proc/net/ip_vs of
#   the namespace lists every service and dest (checked once with ipvsadm -Ln
#   afterwards), median of KEEL_BENCH_RUNS runs, and objects per second. A
#   daemon is watched with a generic-netlink dump of its last service's
#   dests (well under a millisecond) and /proc/net/ip_vs is read only once
#   that service is complete: a full read costs 5-25 ms of a vCPU at these
#   sizes, which a poll every few ms took from the daemon being timed. The
#   watcher runs under SCHED_IDLE (only on a CPU nothing else wants);
# - reload of a KEEL_BENCH_RELOAD config with one weight changed: SIGHUP to
#   new weight visible in the kernel, for keeld also from its "reload
#   parsed" log line (wall clock, ms resolution) to visible, and keeld's
#   netlink operations for them (bench/ipvs_seen makes the edit, sends the
#   SIGHUP and polls the service over generic netlink every ms, under
#   SCHED_IDLE). Each reload renames a new file over the config. keeld
#   parses a changed config ahead (100 ms after the change)
#   and SIGHUP uses that parse when the files are unchanged since, so
#   keeld reloads twice: with the rename and SIGHUP under 1 ms apart (its
#   check refuses or lacks the pre-parse and parses at SIGHUP: the old
#   path, as keepalived always does) and with KEEL_BENCH_RELOAD_WAIT
#   seconds between them (an operator edits, then reloads: the pre-parse
#   is used). Which path each keeld reload took is read from its log;
# - RSS (VmRSS summed over all of a daemon's processes) with that config,
#   the median of 11 samples over 5 s after the reloads (for keeld once it
#   has read the kernel's table back twice, as its drift checks do).
# The workload is UDP virtual servers, sh scheduler, DR, persistence 180 s,
# no health checkers (keepalived then treats every real server as up).
#
# Knobs (environment; KEEL_* reach the lab VM):
#   KEEL_BENCH_SIZES   "1000x10 5000x4"   services x dests per service
#   KEEL_BENCH_RUNS    3                  keeld and keepalived runs per size (median)
#   KEEL_BENCH_FLOOR_RUNS 1               ipvsadm -R runs per size (it is slow)
#   KEEL_BENCH_RELOAD  2500x4             reload and RSS workload
#   KEEL_BENCH_RELOAD_ROUNDS 3            reloads per daemon (weights 7, 8, ...; median)
#   KEEL_BENCH_RELOAD_WAIT 1              seconds between the edit and keeld's SIGHUP in
#                                         its second set of reloads (see below)
#   KEEL_BENCH_KEEP    unset              1: keep the scratch directory
# Exit status: 0 when the benchmark ran (also when a goal is MISSED),
# 1 when it could not run.

set -euo pipefail

self=$(readlink -f -- "${BASH_SOURCE[0]}")
repo=$(dirname -- "$(dirname -- "$self")")

if [[ -z ${LAB_INSIDE:-} ]]; then
	B=${KEEL_BUILD:-build}
	[[ -x $B/keeld ]] || { echo "ipvs-program: no keeld in $B (set KEEL_BUILD)" >&2; exit 1; }
	KEEL_BUILD=$(cd "$B" && pwd)
	export KEEL_BUILD
	cd "$repo"
	exec "$repo/test/lab/lab-run" --timeout "${LAB_TIMEOUT:-1500}" -- bash "$self" "$@"
fi

B=${KEEL_BUILD:?}
SIZES=${KEEL_BENCH_SIZES:-1000x10 5000x4}
RUNS=${KEEL_BENCH_RUNS:-3}
FLOOR_RUNS=${KEEL_BENCH_FLOOR_RUNS:-1}
RELOAD=${KEEL_BENCH_RELOAD:-2500x4}
RELOAD_ROUNDS=${KEEL_BENCH_RELOAD_ROUNDS:-3}
RELOAD_WAIT=${KEEL_BENCH_RELOAD_WAIT:-1}
PY=/usr/bin/python3
[[ -x $PY ]] || PY=$(command -v python3)
for c in ipvsadm keepalived ip "$PY" "$B/keeld" "$B/keelctl" "$B/bench/ipvs_floor" "$B/bench/ipvs_seen"; do
	command -v "$c" >/dev/null || { echo "ipvs-program: missing $c" >&2; exit 1; }
done

W=$(mktemp -d "${TMPDIR:-/tmp}/ipvs-program.XXXXXX")
NSLIST=()
cleanup() {
	local ns
	for ns in "${NSLIST[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
	[[ -n ${KEEL_BENCH_KEEP:-} ]] || rm -rf "$W"
}
trap cleanup EXIT
log() { printf '[%(%T)T] %s\n' -1 "$*" >&2; }

# --- helper: config generation, timed start, timed reload (one python process each)
cat >"$W/drv.py" <<'PY'
# SPDX-License-Identifier: GPL-2.0-or-later
import ipaddress, os, struct, subprocess, sys, time

VIP0 = int(ipaddress.IPv4Address("198.18.1.0"))   # 198.18.0.0/15
RIP0 = int(ipaddress.IPv4Address("100.64.1.0"))   # 100.64.0.0/10
PORT = 51820

def vip(i): return str(ipaddress.IPv4Address(VIP0 + i))
def rip(i, j, nd): return str(ipaddress.IPv4Address(RIP0 + i * nd + j))

def lines(path, limit=None):
    with open(path, "rb", buffering=0) as f:
        return f.read(limit) if limit else f.read()

def gen(ns, nd, out_conf, out_rules, change=""):
    # change: "VIP RIP WEIGHT" gives that one real server another weight
    cv, cr, cw = (change.split() + ["", "", ""])[:3]
    c = ["# generated by bench/ipvs-program.sh: %d x %d, UDP sh DR persistent" % (ns, nd)]
    r = []
    for i in range(ns):
        v = vip(i)
        c.append("virtual_server %s %d {\n    protocol UDP\n    lvs_sched sh\n"
                 "    lvs_method DR\n    persistence_timeout 180" % (v, PORT))
        r.append("-A -u %s:%d -s sh -p 180" % (v, PORT))
        for j in range(nd):
            a = rip(i, j, nd)
            w = cw if (v == cv and a == cr) else "1"
            c.append("    real_server %s %d { weight %s }" % (a, PORT, w))
            r.append("-a -u %s:%d -r %s:%d -g -w %s" % (v, PORT, a, PORT, w))
        c.append("}")
    with open(out_conf, "w") as f: f.write("\n".join(c) + "\n")
    if out_rules:
        with open(out_rules, "w") as f: f.write("\n".join(r) + "\n")

class LastService:
    """The dest count of one service over generic netlink: a probe that
    costs well under a millisecond where a read of /proc/net/ip_vs with
    10,000s of lines costs 5-25 ms of a vCPU under emulation, taken from
    the program being measured."""
    def __init__(self, addr):
        import socket
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)  # NETLINK_GENERIC
        self.s.bind((0, 0))
        self.seq = 0
        name = b"IPVS\0"
        attr = struct.pack("=HH", 4 + len(name), 2) + name + b"\0" * (-len(name) % 4)
        self.fam = None
        for t, payload in self.ask(0x10, 3, attr, 4) or []:  # GENL_ID_CTRL, GETFAMILY, ACK
            a = payload[4:]
            while len(a) >= 4:
                l, k = struct.unpack("=HH", a[:4])
                if k == 1:                                    # CTRL_ATTR_FAMILY_ID
                    self.fam = struct.unpack("=H", a[4:6])[0]
                a = a[(l + 3) & ~3:]
        svc = (struct.pack("=HHH2x", 6, 1, socket.AF_INET) + struct.pack("=HHH2x", 6, 2, 17) +
               struct.pack("=HH", 20, 3) + socket.inet_aton(addr) + b"\0" * 12 +
               struct.pack("=HH", 6, 4) + struct.pack("!H", PORT) + b"\0\0")
        self.req = struct.pack("=HH", 4 + len(svc), 0x8000 | 1) + svc   # nested IPVS_CMD_ATTR_SERVICE

    def ask(self, fam, cmd, attrs, flags):
        self.seq += 1
        body = struct.pack("=BBH", cmd, 1, 0) + attrs
        self.s.send(struct.pack("=IHHII", 16 + len(body), fam, 1 | flags, self.seq, 0) + body)
        out = []
        while True:
            buf = self.s.recv(1 << 16)
            while len(buf) >= 16:
                l, t, _, seq, _ = struct.unpack("=IHHII", buf[:16])
                if seq != self.seq:
                    pass
                elif t == 2:                                 # NLMSG_ERROR: ACK or refusal
                    err = struct.unpack("=i", buf[16:20])[0]
                    return out if err == 0 else None
                elif t == 3:                                 # NLMSG_DONE
                    return out
                else:
                    out.append((t, buf[16:l]))
                buf = buf[(l + 3) & ~3:]

    def dests(self):
        r = self.ask(self.fam, 8, self.req, 0x300)           # IPVS_CMD_GET_DEST, dump
        return len(r) if r else 0

def start(objs, timeout, logpath, pidpath, mode, cmd):
    # inside the namespace: launch cmd; a daemon ("daemon:S:D") is probed
    # cheaply until its last service has its D dests, then /proc/net/ip_vs
    # is read until it lists every object (the time is taken after that
    # read); prints seconds, full reads, mean read ms, probes
    path = "/proc/self/net/ip_vs"
    want = lines(path).count(b"\n") + objs
    logf = open(logpath, "ab")
    oneshot = mode == "oneshot"
    stdin = open(cmd.pop(0), "rb") if oneshot else subprocess.DEVNULL
    probe = None
    if not oneshot:
        ns, nd = (int(x) for x in mode.split(":")[1:])
        probe = LastService(vip(ns - 1))
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=stdin, stdout=logf, stderr=subprocess.STDOUT,
                         start_new_session=True)
    with open(pidpath, "w") as f: f.write("%d\n" % p.pid)
    # the observer runs only on a CPU nothing else wants (as bench/ipvs_seen):
    # it can see the end late, never early (the time is taken after the read)
    os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    reads, rtime, probes = 0, 0.0, 0
    if oneshot:
        rc = p.wait()
        t1 = time.monotonic()
        n = lines(path).count(b"\n")
        if rc or n != want:
            print("FAIL rc=%d lines=%d want=%d" % (rc, n, want)); return 1
    else:
        while True:
            if probe.dests() >= nd:
                ts = time.monotonic()
                n = lines(path).count(b"\n")
                t1 = time.monotonic()
                reads += 1; rtime += t1 - ts
                if n >= want: break
            probes += 1
            t1 = time.monotonic()
            if p.poll() is not None or t1 - t0 > timeout:
                print("FAIL exited=%s probes=%d" % (p.returncode, probes)); return 1
            time.sleep(0.002)
    print("%.4f %d %.1f %d %d" % (t1 - t0, reads, 1000 * rtime / max(reads, 1), p.pid, probes))
    return 0

def first(netpid):
    # the first service's first dest as listed by /proc/net/ip_vs (its hash
    # order): a change there is visible in the first page of the file
    svc = None
    for l in lines("/proc/%s/net/ip_vs" % netpid, 4096).decode().splitlines():
        f = l.split()
        if f and f[0] in ("UDP", "TCP") and svc is None:
            svc = f[1]
        elif svc and f and f[0] == "->":
            h = lambda x: str(ipaddress.IPv4Address(int(x.split(":")[0], 16)))
            print(h(svc), h(f[1])); return 0
    return 1

def parsed_at(log):
    # keeld's "reload parsed" stamp, read as the lab test reads it
    import importlib.util
    sys.dont_write_bytecode = True    # no __pycache__ in the source tree
    spec = importlib.util.spec_from_file_location("ipvs_big", os.environ["KEEL_REPO"] + "/test/lab/ipvs-big.py")
    big = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(big)
    return big.parsed_at(log)

def reload(netpid, hup, v, r, weight, timeout, log):
    # prints seconds from SIGHUP to visible, reads, and with a keeld log
    # the milliseconds from its "reload parsed" line to visible (else -).
    # bench/ipvs_seen makes the edit (the new file renamed over the config,
    # as editors and config tools do), the operator's pause, the SIGHUP and
    # the polling (the service's dests over generic netlink every ms): a
    # Python loop reading /proc/net/ip_vs every ms took a good share of one
    # of the lab's two CPUs while the daemon reloaded
    hx = lambda a: "%08X:%04X" % (int(ipaddress.IPv4Address(a)), PORT)
    cmd = [os.environ["KEEL_BUILD"] + "/bench/ipvs_seen", netpid, hup, hx(v), hx(r), weight, str(timeout)]
    if os.environ.get("BENCH_MV"):
        cmd += os.environ["BENCH_MV"].split() + [os.environ.get("BENCH_WAIT", "0")]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True).stdout.strip()
    if out.startswith("FAIL") or len(out.split()) != 3:
        print(out or "FAIL ipvs_seen"); return 1
    secs, reads, wall = out.split()
    after = "-"
    if log:
        time.sleep(0.2)    # the line may still sit in the log's buffer
        p = parsed_at(log)
        if p is None:
            print("FAIL no 'reload parsed' line in %s" % log); return 1
        after = "%.1f" % ((float(wall) - p) * 1000)
    print("%s %s %s" % (secs, reads, after))
    return 0

a = sys.argv[1:]
if a[0] == "gen":
    gen(int(a[1]), int(a[2]), a[3], a[4] if len(a) > 4 else "", a[5] if len(a) > 5 else "")
elif a[0] == "start":
    sys.exit(start(int(a[1]), float(a[2]), a[3], a[4], a[5], a[6:]))
elif a[0] == "first":
    sys.exit(first(a[1]))
elif a[0] == "reload":
    sys.exit(reload(a[1], a[2], a[3], a[4], a[5], float(a[6]), a[7] if len(a) > 7 else ""))
PY

NSN=0
# fresh_ns: a new director namespace in $NS: dummy link with the documentation
# and shared address ranges the services and real servers come from
fresh_ns() {
	NSN=$((NSN + 1))
	NS=ipvsb-$$-$NSN
	ip netns add "$NS"
	NSLIST+=("$NS")
	ip -n "$NS" -batch - <<-EOF
		link set lo up
		link add dum0 type dummy
		link set dum0 up
		addr add 198.18.0.1/15 dev dum0
		addr add 100.64.0.1/10 dev dum0
	EOF
}

# drop_ns: kill what runs there without letting it clean up (a stopped
# keepalived checker would otherwise delete every entry on SIGTERM), flush
# synchronously, delete, give the kernel a moment to finish
drop_ns() {
	local pids p
	pids=$(ip netns pids "$NS" || true)
	for p in $pids; do kill -STOP "$p" 2>/dev/null || true; done
	for p in $pids; do kill -KILL "$p" 2>/dev/null || true; done
	ip netns exec "$NS" ipvsadm -C || true
	ip netns del "$NS"
	sleep 1
}

# pids_tree PID: PID and all its descendants
pids_tree() {
	local p=$1 c t
	echo "$p"
	for t in /proc/"$p"/task/*/children; do
		[[ -r $t ]] || continue
		read -r -a c <"$t" || true
		for p in "${c[@]}"; do pids_tree "$p"; done
	done
}
# rss_kib PID...: sum of VmRSS
rss_kib() {
	local p k v sum=0
	for p; do
		while read -r k v _; do
			[[ $k == VmRSS: ]] && sum=$((sum + v))
		done <"/proc/$p/status"
	done
	echo "$sum"
}

# run_prog PROG S D: one start-to-complete run in a fresh namespace.
# Sets RES (seconds) and leaves the program running in $NS; $PIDF its pid.
run_prog() {
	local prog=$1 s=$2 d=$3 objs out lines tag
	objs=$((s + s * d))
	fresh_ns
	tag=$prog-${s}x$d-$NSN
	TAG=$tag
	PIDF=$W/$tag.pid
	case $prog in
	keeld)
		rm -f "$W/kd.sock"
		out=$(ip netns exec "$NS" "$PY" "$W/drv.py" start "$objs" 600 "$W/$tag.log" "$PIDF" "daemon:$s:$d" \
			"$B/keeld" -n -l -f "$W/$s-$d.conf" -p "$W/$tag.keeld.pid" --control-socket "$W/kd.sock")
		;;
	keepalived)
		out=$(ip netns exec "$NS" "$PY" "$W/drv.py" start "$objs" 600 "$W/$tag.log" "$PIDF" "daemon:$s:$d" \
			keepalived -n -l -C -f "$W/$s-$d.conf" -p "$W/$tag.ka.pid" -c "$W/$tag.kachk.pid")
		;;
	ipvsadm)
		out=$(ip netns exec "$NS" "$PY" "$W/drv.py" start "$objs" 600 "$W/$tag.log" "$PIDF" oneshot \
			"$W/$s-$d.rules" ipvsadm -R)
		;;
	floor*)	# floor1, floor64: bench/ipvs_floor with that many requests per datagram
		out=$(ip netns exec "$NS" "$PY" "$W/drv.py" start "$objs" 600 "$W/$tag.log" "$PIDF" oneshot \
			/dev/null "$B/bench/ipvs_floor" "$s" "$d" "${prog#floor}")
		;;
	esac
	if [[ $out == FAIL* ]]; then
		log "$prog $s x $d: $out"
		tail -20 "$W/$tag.log" >&2
		return 1
	fi
	read -r RES _ _ _ <<<"$out"
	lines=$(ip netns exec "$NS" ipvsadm -Ln | grep -c .)
	if [[ $lines -ne $((objs + 3)) ]]; then
		log "$prog $s x $d: ipvsadm -Ln shows $((lines - 3)) objects, want $objs"
		return 1
	fi
	log "$prog $s x $d: ${RES}s (poll: $out)"
}

# keeld's count of reads of the kernel's table (the drift checks' dumps)
table_reads() { "$B/keelctl" -s "$W/kd.sock" --json status | grep -o '"table_reads":[0-9]*' | cut -d: -f2; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ops() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f", n / t }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }

log "ipvs-program: $(uname -r) (${LAB_INSIDE}), keepalived $(keepalived --version 2>&1 | awk 'NR == 1 { print $2 }'), $RUNS runs ($FLOOR_RUNS of ipvsadm -R), sizes $SIZES, reload $RELOAD"

# --- start-to-complete
declare -A T L
for sz in $SIZES; do
	s=${sz%x*} d=${sz#*x}
	"$PY" "$W/drv.py" gen "$s" "$d" "$W/$s-$d.conf" "$W/$s-$d.rules"
	for ((r = 1; r <= RUNS; r++)); do
		# a deleted namespace's IPVS objects are freed in the background
		# for seconds under emulation: rotate the order so that no
		# program always runs in the wake of the same one
		progs=(keeld keepalived floor1 floor64 ipvsadm)
		progs=("${progs[@]:r - 1}" "${progs[@]:0:r - 1}")
		for prog in "${progs[@]}"; do
			[[ $prog != ipvsadm ]] || ((r <= FLOOR_RUNS)) || continue
			run_prog "$prog" "$s" "$d" || exit 1
			T[$prog,$sz]+=" $RES"
			# the loop's own time, without process start and message building
			[[ $prog != floor* ]] || L[$prog,$sz]+=" $(awk 'NF == 3 { print $2 }' "$W/$TAG.log")"
			drop_ns
		done
	done
done

# quiet: waits (up to 60 s) until the CPUs were at least 90% idle over a
# second. The kernel frees a deleted namespace's IPVS objects in the
# background, for seconds under emulation after the larger runs above,
# and the reloads below are timed in milliseconds
quiet() {
	local i a b idle total
	for ((i = 0; i < 60; i++)); do
		read -r -a a </proc/stat
		sleep 1
		read -r -a b </proc/stat
		idle=$((b[4] + b[5] - a[4] - a[5]))
		total=$(((b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + b[7] + b[8]) - (a[1] + a[2] + a[3] + a[4] + a[5] + a[6] + a[7] + a[8])))
		((total > 0 && idle * 10 >= total * 9)) && break
	done
	log "quiet after $((i + 1)) s"
}

# --- reload and RSS: RELOAD config loaded, then one weight changed
s=${RELOAD%x*} d=${RELOAD#*x}
"$PY" "$W/drv.py" gen "$s" "$d" "$W/$s-$d.conf" ""
declare -A RL RLS RP RPS RPATH OPS RSS RSSMAX NPROC
for prog in keeld keepalived; do
	run_prog "$prog" "$s" "$d" || exit 1
	if [[ $prog == keeld ]]; then
		hup=$(cat "$PIDF")
	else
		hup=$(cat "$W/$TAG.ka.pid")
	fi
	netpid=$(cat "$PIDF")
	sleep 2	# let it settle (keepalived's checker, keeld's first drift check)
	quiet
	read -r v rs < <("$PY" "$W/drv.py" first "$netpid")
	cp "$W/$s-$d.conf" "$W/$s-$d.orig"
	if [[ $prog == keeld ]]; then
		before=$("$B/keelctl" -s "$W/kd.sock" --json status | grep -o '"ops_sent":[0-9]*' | cut -d: -f2)
		klog=$W/$TAG.log
	else
		klog=
	fi
	waits=(0)
	[[ $prog == keeld ]] && waits=(0 "$RELOAD_WAIT")
	w=7
	for wait in "${waits[@]}"; do
		key=$prog
		[[ $wait == 0 ]] || key=$prog-wait
		hups=() parsed=() paths=()
		for ((r = 0; r < RELOAD_ROUNDS; r++, w++)); do
			"$PY" "$W/drv.py" gen "$s" "$d" "$W/$s-$d.new" "" "$v $rs $w"
			out=$(BENCH_MV="$W/$s-$d.new $W/$s-$d.conf" BENCH_WAIT=$wait KEEL_REPO=$repo \
				"$PY" "$W/drv.py" reload "$netpid" "$hup" "$v" "$rs" "$w" 120 ${klog:+"$klog"})
			[[ $out != FAIL* ]] || { log "$prog reload: $out"; tail -20 "$W/$TAG.log" >&2; exit 1; }
			read -r t _ p <<<"$out"
			hups+=("$(awk -v t="$t" 'BEGIN { printf "%.1f", t * 1000 }')")
			parsed+=("$p")
			path=
			[[ -z $klog ]] || path=$({ grep -E 'config: (using|parsing)' "$klog" || true; } | tail -1 | sed 's/.*config: //')
			[[ $path != using* ]] || paths+=(pre-parse)
			[[ $path != parsing* ]] || paths+=(parse-now)
			log "$prog reload to weight $w ${wait}s after the edit: ${hups[-1]} ms after SIGHUP, $p ms after 'reload parsed' (poll: $out)${path:+; $path}"
			sleep 1
		done
		RL[$key]=$(median "${hups[@]}")
		RLS[$key]=${hups[*]}
		RPATH[$key]=${paths[*]}
		if [[ $prog == keeld ]]; then
			RP[$key]=$(median "${parsed[@]}")
			RPS[$key]=${parsed[*]}
		fi
	done
	if [[ $prog == keeld ]]; then
		after=$("$B/keelctl" -s "$W/kd.sock" --json status | grep -o '"ops_sent":[0-9]*' | cut -d: -f2)
		OPS[$prog]=$((after - before))
	else
		OPS[$prog]=n/a
	fi
	# RSS settled: the median of 11 samples over 5 s. After its own change
	# keeld reads the kernel's table back once to check it, and again
	# every 30 s: the samples come after two such reads, so that what the
	# reads leave behind is counted (session 16: each read's table stayed
	# in the reader thread's malloc arena, 9.3 MB became 12.3 MB at the
	# first periodic read, which samples right after the reloads missed).
	# The largest sample is shown too
	if [[ $prog == keeld ]]; then
		reads0=$(table_reads)
		for ((i = 0; i < 60; i++)); do
			(($(table_reads) >= reads0 + 2)) && break
			sleep 1
		done
		READS_WAIT=$i
	fi
	rss_samples=()
	for ((i = 0; i < 11; i++)); do
		mapfile -t tree < <(pids_tree "$netpid")
		rss_samples+=("$(rss_kib "${tree[@]}")")
		sleep 0.5
	done
	RSS[$prog]=$(median "${rss_samples[@]}")
	RSSMAX[$prog]=$(printf '%s\n' "${rss_samples[@]}" | sort -n | tail -1)
	NPROC[$prog]=${#tree[@]}
	log "$prog reloads ${RLS[$prog]} ms, ops ${OPS[$prog]}, RSS ${RSS[$prog]} KiB (samples ${rss_samples[*]}) in ${#tree[@]} processes"
	mv "$W/$s-$d.orig" "$W/$s-$d.conf"
	drop_ns
done

# --- report
missed=0
verdict() { if "$@"; then V=ok; else V=MISSED; missed=$((missed + 1)); fi; }
echo
echo "ipvs-program: kernel $(uname -r) (lab: $LAB_INSIDE), median of $RUNS runs (ipvsadm -R: $FLOOR_RUNS), fresh netns per run"
echo "UDP virtual servers, sh, DR, persistence; objects = services + dests"
echo "floor reference (\"bare loop\") = ipvsadm -R: one process restoring the same rules from a file;"
echo "  caveat: ipvsadm opens a new netlink socket and resolves the IPVS family for every rule"
printf '%-8s %7s | %9s %7s | %9s %7s | %9s %7s | %7s %7s | %s\n' \
	workload objects keeld_s obj/s kalived_s obj/s ipvsR_s obj/s vs_ka vs_floor "goal >=10x vs keepalived"
for sz in $SIZES; do
	s=${sz%x*} d=${sz#*x} objs=$((s + s * d))
	# shellcheck disable=SC2086
	{
		k=$(median ${T[keeld,$sz]}); a=$(median ${T[keepalived,$sz]}); f=$(median ${T[ipvsadm,$sz]})
	}
	sp=$(ratio "$a" "$k")
	verdict ge "$sp" 10
	printf '%-8s %7d | %9.3f %7s | %9.3f %7s | %9.3f %7s | %6sx %6sx | %s\n' "$sz" "$objs" \
		"$k" "$(ops "$objs" "$k")" "$a" "$(ops "$objs" "$a")" "$f" "$(ops "$objs" "$f")" \
		"$sp" "$(ratio "$f" "$k")" "$V"
	echo "         runs (s): keeld${T[keeld,$sz]}; keepalived${T[keepalived,$sz]}; ipvsadm -R${T[ipvsadm,$sz]}"
done
echo "vs_ka = keepalived time / keeld time; vs_floor = ipvsadm -R time / keeld time (>1: keeld beats the floor)"
echo
echo "floor: bench/ipvs_floor, the same requests over one netlink socket, built before the clock starts;"
echo "  start_s = launch to complete (as above), loop_s = its send/ACK loop alone"
printf '%-8s %7s | %9s %9s %8s | %9s %9s %8s | %9s %9s\n' workload objects \
	ack1_start ack1_loop obj/s b64_start b64_loop obj/s keeld_s keeld/b64
for sz in $SIZES; do
	s=${sz%x*} d=${sz#*x} objs=$((s + s * d))
	# shellcheck disable=SC2086
	{
		k=$(median ${T[keeld,$sz]})
		f1=$(median ${T[floor1,$sz]}); l1=$(median ${L[floor1,$sz]})
		f64=$(median ${T[floor64,$sz]}); l64=$(median ${L[floor64,$sz]})
	}
	printf '%-8s %7d | %9.3f %9.3f %8s | %9.3f %9.3f %8s | %9.3f %8sx\n' "$sz" "$objs" \
		"$f1" "$l1" "$(ops "$objs" "$l1")" "$f64" "$l64" "$(ops "$objs" "$l64")" "$k" "$(ratio "$k" "$f64")"
done
# whether 10x keepalived is within reach of any program in this run: the
# bare loop launched and timed as the daemons are (its process start and
# message building included), and its sends and ACKs alone, against a
# tenth of keepalived's start-to-complete
for sz in $SIZES; do
	# shellcheck disable=SC2086
	{ a=$(median ${T[keepalived,$sz]}); f64=$(median ${T[floor64,$sz]}); l64=$(median ${L[floor64,$sz]}); }
	need=$(awk -v a="$a" 'BEGIN { printf "%.3f", a / 10 }')
	echo -n "$sz: 10x keepalived needs <= ${need} s from start to complete; the bare loop took ${f64} s so timed (its sends and ACKs alone ${l64} s)"
	if ge "$f64" "$need"; then echo ": the goal lies below the floor in this run"; else echo; fi
done
echo
echo "reload, $RELOAD config, one weight changed, $RELOAD_ROUNDS reloads each (weights 7, 8, ...), median (each):"
echo "  SIGHUP to new weight visible in /proc/net/ip_vs; rename of the edited file and SIGHUP <1 ms apart:"
verdict awk -v t="${RL[keeld]}" 'BEGIN { exit !(t < 50) }'
printf '  keeld      %8s ms (%s) [%s]  netlink ops %s for %d reloads   goal <50 ms: %s\n' "${RL[keeld]}" \
	"${RLS[keeld]}" "${RPATH[keeld]:-no path logged}" "${OPS[keeld]}" "$((2 * RELOAD_ROUNDS))" "$V"
printf '  keepalived %8s ms (%s)  (re-reads and re-applies; ops not counted)   ratio %sx\n' \
	"${RL[keepalived]}" "${RLS[keepalived]}" "$(ratio "${RL[keepalived]}" "${RL[keeld]}")"
echo "  the same with ${RELOAD_WAIT} s between the rename and SIGHUP (an operator edits, then reloads):"
verdict awk -v t="${RL[keeld-wait]}" 'BEGIN { exit !(t < 50) }'
printf '  keeld      %8s ms (%s) [%s]   goal <50 ms: %s\n' "${RL[keeld-wait]}" \
	"${RLS[keeld-wait]}" "${RPATH[keeld-wait]:-no path logged}" "$V"
echo "  keeld's 'reload parsed' log line to new weight visible (the parse done; as keeld-ipvs-reload.sh):"
verdict awk -v t="${RP[keeld]}" 'BEGIN { exit !(t < 50) }'
printf '  keeld      %8s ms (%s)   goal <50 ms: %s\n' "${RP[keeld]}" "${RPS[keeld]}" "$V"
printf '  keeld      %8s ms (%s)   (with the wait)\n' "${RP[keeld-wait]}" "${RPS[keeld-wait]}"
echo
echo "RSS with the $RELOAD config loaded (VmRSS summed over all of the daemon's processes, median of 11 samples over 5 s after the reloads;"
echo "  keeld's after two reads of the kernel's table, its drift checks, ${READS_WAIT} s after the last reload):"
rr=$(ratio "${RSS[keeld]}" "${RSS[keepalived]}")
printf '  keeld      %8d KiB (%d processes; largest sample %d KiB)\n' "${RSS[keeld]}" "${NPROC[keeld]}" "${RSSMAX[keeld]}"
printf '  keepalived %8d KiB (%d processes: parent + checker child; largest sample %d KiB)\n' "${RSS[keepalived]}" \
	"${NPROC[keepalived]}" "${RSSMAX[keepalived]}"
verdict ge 0.5 "$rr"
printf '  keeld/keepalived %s   goal <=0.50: %s\n' "$rr" "$V"
echo
if ((missed)); then echo "ipvs-program: $missed goal(s) MISSED"; else echo "ipvs-program: all goals met"; fi
exit 0
