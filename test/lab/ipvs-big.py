# SPDX-License-Identifier: GPL-2.0-or-later
"""Big IPVS configs for lab tests, and a fast watch on one real server.

  ipvs-big.py gen SERVICES DESTS OUT [--timeouts TCP FIN UDP] [--set VIP RIP W]...
                 [--add VIP RIP W]...
  ipvs-big.py reload-weight NETPID KEELD CONF ROUNDS TIMEOUT LOG GEN-ARGS...
      ROUNDS times: writes CONF (gen GEN-ARGS) with the first real server of
      /proc order at weight 7 (then 8, ...), sends KEELD SIGHUP, polls
      /proc/NETPID/net/ip_vs until the weight shows. Prints "VIP RIP" and
      per round MS_SINCE_PARSED/MS_SINCE_HUP/READS: MS_SINCE_PARSED counts
      from the last "reload parsed" line of keeld's LOG (its wall-clock
      stamp, millisecond resolution).

Services are UDP VIP:51820 from 198.18.1.0 up, sh, DR, persistence 180 s;
real servers from 100.64.1.0 up, weight 1 unless --set says otherwise.
Reading the first page of /proc/net/ip_vs is cheap, a whole 10,000-entry
listing is not (tens of ms under emulation): watch the first service.
"""
import datetime
import ipaddress
import os
import re
import signal
import sys
import time

VIP0 = int(ipaddress.IPv4Address("198.18.1.0"))
RIP0 = int(ipaddress.IPv4Address("100.64.1.0"))
PORT = 51820


def dotted(n):
    return "%d.%d.%d.%d" % (n >> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255)


def vip(i):
    return dotted(VIP0 + i)


def rip(i, j, nd):
    return dotted(RIP0 + i * nd + j)


def gen(ns, nd, out, timeouts, sets, adds):
    out_lines = ["# ipvs-big.py: %d x %d" % (ns, nd)]
    if timeouts:
        out_lines.append("global_defs {\n    lvs_timeouts tcp %s tcpfin %s udp %s\n}" % tuple(timeouts))
    for i in range(ns):
        v = vip(i)
        out_lines.append("virtual_server %s %d {\n    protocol UDP\n    lvs_sched sh\n"
                         "    lvs_method DR\n    persistence_timeout 180" % (v, PORT))
        for j in range(nd):
            r = rip(i, j, nd)
            out_lines.append("    real_server %s %d { weight %s }" % (r, PORT, sets.get((v, r), "1")))
        for r, w in adds.get(v, []):
            out_lines.append("    real_server %s %d { weight %s }" % (r, PORT, w))
        out_lines.append("}")
    with open(out, "w") as f:
        f.write("\n".join(out_lines) + "\n")


def head(netpid):
    with open("/proc/%s/net/ip_vs" % netpid, "rb", buffering=0) as f:
        return f.read(4096).decode(errors="replace").splitlines()


def hexaddr(a):
    return "%08X:%04X" % (int(ipaddress.IPv4Address(a)), PORT)


def weight_in_head(netpid, sv, dv):
    cur = None
    for line in head(netpid):
        f = line.split()
        if f and f[0] in ("UDP", "TCP", "FWM"):
            cur = f[1]
        elif f and f[0] == "->" and cur == sv and f[1] == dv:
            return f[3]
    return None


def parsed_at(log):
    stamp = None
    with open(log, errors="replace") as f:
        for line in f:
            if "reload parsed" in line:
                stamp = line.split()[0]
    if not stamp or not re.match(r"^\d\d:\d\d:\d\d\.\d\d\d$", stamp):
        return None
    t = datetime.datetime.strptime(stamp, "%H:%M:%S.%f").time()
    return datetime.datetime.combine(datetime.date.today(), t).timestamp()


def first_pair(netpid):
    svc = None
    for line in head(netpid):
        f = line.split()
        if f and f[0] == "UDP" and svc is None:
            svc = f[1]
        elif svc and f and f[0] == "->":
            addr = lambda x: str(ipaddress.IPv4Address(int(x.split(":")[0], 16)))
            return addr(svc), addr(f[1])
    return None, None


def reload_weight(netpid, keeld, conf, rounds, gen_args, timeout, log):
    """Gives the first real server in /proc order weight 7 in conf (written
    with gen_args), signals keeld, and times the change as described above;
    again with weight 8, 9, ... for rounds reloads in all."""
    v, r = first_pair(netpid)
    if v is None:
        print("FAIL no service in /proc/%s/net/ip_vs" % netpid)
        return 1
    sv, dv = hexaddr(v), hexaddr(r)
    if weight_in_head(netpid, sv, dv) != "1":
        print("FAIL %s %s: not weight 1 on the first page of /proc/net/ip_vs" % (v, r))
        return 1
    res = []
    for w in range(7, 7 + rounds):
        main(["gen"] + gen_args[:2] + [conf] + gen_args[2:] + ["--set", v, r, str(w)])
        t0, reads = time.monotonic(), 0
        os.kill(int(keeld), signal.SIGHUP)
        while weight_in_head(netpid, sv, dv) != str(w):
            reads += 1
            if time.monotonic() - t0 > timeout:
                print("FAIL weight %d not seen in %s s" % (w, timeout))
                return 1
            time.sleep(0.0005)
        seen = time.time()
        t = parsed_at(log)
        if t is None:
            print("FAIL no 'reload parsed' line in %s" % log)
            return 1
        res.append("%.1f/%.1f/%d" % ((seen - t) * 1000, (time.monotonic() - t0) * 1000, reads))
        time.sleep(0.5)
    print(v, r, " ".join(res))
    return 0


def main(a):
    if a[0] == "gen":
        ns, nd, out, rest = int(a[1]), int(a[2]), a[3], a[4:]
        timeouts, sets, adds = None, {}, {}
        while rest:
            if rest[0] == "--timeouts":
                timeouts, rest = rest[1:4], rest[4:]
            elif rest[0] == "--set":
                sets[(rest[1], rest[2])], rest = rest[3], rest[4:]
            elif rest[0] == "--add":
                adds.setdefault(rest[1], []).append((rest[2], rest[3]))
                rest = rest[4:]
            else:
                raise SystemExit("ipvs-big.py: bad argument %s" % rest[0])
        gen(ns, nd, out, timeouts, sets, adds)
        return 0
    if a[0] == "reload-weight":
        return reload_weight(a[1], a[2], a[3], int(a[4]), a[7:], float(a[5]), a[6])
    raise SystemExit("ipvs-big.py: unknown command %s" % a[0])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
