#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# keeld-http-check: HTTP_GET and SSL_GET drive kernel IPVS. A python web
# backend (test/lab/http-backend.py) in its own namespace, keeld in a
# director namespace, ipvsadm as the oracle:
# - with alpha both real servers start down and come up only once every
#   url answered with status 2xx and the configured MD5 digest (one url
#   framed by Content-Length, one chunked; TLS with SNI for SSL_GET) and
#   a third url's body (chunked in 7-byte pieces) matched the regex
#   "from the keel lab" across its chunks;
# - that url's body without the text takes HTTP_GET alone down with
#   "/chunked-re: regex did not match";
# - status 500, a wrong body, a stopped server: each takes both servers out
#   of IPVS within delay_loop + retry x delay_before_retry + the probes'
#   connect_timeout (+ emulation slack), with the cause in the log line;
#   each time the backend recovers they come back;
# - the requests carry the Host header (virtualhost, else the address),
#   and SSL_GET sends the virtualhost as SNI;
# - keeld stops cleanly (no sanitizer report: TLS objects, fds released).

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
[[ -x $B/keeld ]] || lab_fail "no keeld in $B (set KEEL_BUILD)"
# Debian's python3, not a user's shim (pyenv and the like) earlier in PATH
PY=/usr/bin/python3
lab_require_cmd ipvsadm "$PY" openssl md5sum
W=$TOPO_TMP
# shellcheck source=../lab/keeld-lab.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/keeld-lab.sh"
LAB=$(cd "$(dirname -- "${BASH_SOURCE[0]}")/../lab" && pwd)

topo_bridge lan
topo_node d1 lan 10.0.0.1/24
topo_node be lan 10.0.0.2/24

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
	-subj /CN=www.keel.test -keyout "$W/key.pem" -out "$W/cert.pem" 2>/dev/null ||
	lab_fail "openssl could not make a test certificate"
# the digest of the backend's good body, as genhash would print it
good=$(printf 'hello from the keel lab backend\n' | md5sum | cut -d' ' -f1)

# delay_loop 1, retry 1, delay_before_retry 1, connect_timeout 3 per url
cat >"$W/keel.conf" <<CONF
virtual_server 10.0.0.100 80 {
    protocol TCP
    lvs_sched rr
    delay_loop 1
    real_server 10.0.0.2 80 {
        HTTP_GET {
            alpha
            http_protocol 1.1
            url {
                path /
                digest $good
            }
            url {
                path /chunked
                digest $good
                status_code 200-299
            }
            url {
                path /chunked-re
                regex "from the keel lab"
                regex_options caseless
            }
            connect_timeout 3
            retry 1
            delay_before_retry 1
        }
    }
    real_server 10.0.0.2 443 {
        SSL_GET {
            alpha
            enable_sni
            virtualhost www.keel.test
            url {
                path /
                digest $good
                status_code 200
            }
            connect_timeout 3
            retry 1
            delay_before_retry 1
        }
    }
}
CONF
# How late a change may show in keeld's log (the spec's worst case): the
# probe in flight, delay_loop (+1/16 jitter), then retry x
# delay_before_retry, each of the retry + 1 probes taking up to its budget
# (connect_timeout 3 s per url: HTTP_GET 3 urls, SSL_GET 1); coming back,
# the probe in flight, delay_loop and one probe. 1.5 s for emulation.
# Typical times are printed: 0.2-3 s.
DOWN_HTTP=$((3 * 9000 + 1063 + 1000 + 1500))
DOWN_SSL=$((3 * 3000 + 1063 + 1000 + 1500))
UP_HTTP=$((2 * 9000 + 1063 + 1500))
UP_SSL=$((2 * 3000 + 1063 + 1500))

backend_start() {
	rm -f "$W/ready"
	topo_bg --log "$W/backend.log" be "$PY" "$LAB/http-backend.py" "$W" "$W/cert.pem" "$W/key.pem"
	BACKEND=$TOPO_PID
	# python under emulation on a loaded machine starts slowly; not under test
	lab_wait_for 60 test -e "$W/ready" || { cat "$W/backend.log"; lab_fail "the backend did not start"; }
}
backend_stop() {
	kill "$BACKEND"
	wait "$BACKEND" 2>/dev/null || true
}
# one ipvsadm run a poll (forks are slow under emulation); whole lines
both_in() {
	local d=$'\n'$(dests 10.0.0.100)$'\n'
	[[ $d == *$'\n10.0.0.2:80 1\n'* && $d == *$'\n10.0.0.2:443 1\n'* ]]
}
both_out() {
	local d=$'\n'$(dests 10.0.0.100)
	[[ $d != *$'\n10.0.0.2:80 '* && $d != *$'\n10.0.0.2:443 '* ]]
}
RS80='rs 10.0.0.2:80 (TCP 10.0.0.100:80)'
RS443='rs 10.0.0.2:443 (TCP 10.0.0.100:80)'
nlines() { grep -cF -- "$1" "$W/keeld.log" || true; }
# after PATTERN N: the first line matching PATTERN after the first N
after() { grep -F -- "$1" "$W/keeld.log" | sed -n "$(($2 + 1))p"; }
# mark: the transitions logged so far, then the clock (T0), just before a change
mark() {
	local p
	for p in "$RS80: up -> down" "$RS443: up -> down" "$RS80: down -> up" "$RS443: down -> up"; do
		SEEN[$p]=$(nlines "$p")
	done
	clock_now T0
}
declare -A SEEN
more() { (($(nlines "$1") > $2)); }
# next_ms WHAT PATTERN WANT: the first PATTERN line since mark must be WANT
# (the cause of the transition); MS: how long after T0 it was logged
next_ms() {
	local what=$1 p=$2 want=$3 line
	lab_wait_for 25 more "$p" "${SEEN[$p]}" || fail_dump "$what: no '$p' line"
	line=$(after "$p" "${SEEN[$p]}")
	[[ ${line:13} == *"]: $want" ]] || fail_dump "$what: want '$want', logged '$line'"
	MS=$(($(clock_ms "${line:0:12}") - T0))
}
# moved WHAT FROM TO HTTP-REASON SSL-REASON HTTP-LIMIT SSL-LIMIT: after
# mark and a change, both servers went FROM -> TO, each for the reason
# given, each within its limit (ms)
moved() {
	local th ts
	next_ms "$1" "$RS80: $2 -> $3" "$RS80: $2 -> $3 (HTTP_GET: $4)"
	th=$MS
	next_ms "$1" "$RS443: $2 -> $3" "$RS443: $2 -> $3 (SSL_GET: $5)"
	ts=$MS
	lab_log "$1: HTTP_GET $3 after $th ms (limit $6), SSL_GET after $ts ms (limit $7)"
	((th <= $6 && ts <= $7)) || fail_dump "$1: $3 after $th / $ts ms, limits $6 / $7"
}
down() {
	moved "$1" up down "$2" "$3" "$DOWN_HTTP" "$DOWN_SSL"
	lab_wait_for 10 both_out || fail_dump "$1: a server stayed in IPVS"
}
up() {
	moved "$1" down up ok ok "$UP_HTTP" "$UP_SSL"
	lab_wait_for 10 both_in || fail_dump "$1: the servers did not come back to IPVS"
}

echo ok >"$W/mode"
backend_start
keeld_start "$W/keel.conf"

# --- alpha: down at start, up once the checks pass
lab_wait_for 20 both_in || fail_dump "the checked servers did not come up"
lab_log "start: both real servers in IPVS after passing checks"
table
grep -qx '80 10.0.0.2 HTTP/1.1' "$W/requests" || fail_dump "HTTP_GET: no 'Host: 10.0.0.2' HTTP/1.1 request: $(sort -u "$W/requests")"
grep -qx '443 www.keel.test HTTP/1.0' "$W/requests" ||
	fail_dump "SSL_GET: no 'Host: www.keel.test' HTTP/1.0 request: $(sort -u "$W/requests")"
grep -qx 'www.keel.test' "$W/sni" || fail_dump "SSL_GET sent no SNI www.keel.test: $(cat "$W/sni" 2>&1)"
lab_log "requests: $(sort -u "$W/requests" | paste -sd, -); SNI: $(sort -u "$W/sni" | paste -sd, -)"

# --- status 500
mark
echo 500 >"$W/mode"
down "status 500" "/: HTTP status 500" "HTTP status 500"
mark
echo ok >"$W/mode"
up "status 200 again"

# --- a body with another digest
mark
echo wrongbody >"$W/mode"
down "wrong body" "/: digest mismatch" "digest mismatch"
mark
echo ok >"$W/mode"
up "right body again"

# --- a body the regex does not find (/chunked-re alone: SSL_GET stays up)
mark
echo chunkwrong >"$W/mode"
next_ms "regex" "$RS80: up -> down" "$RS80: up -> down (HTTP_GET: /chunked-re: regex did not match)"
lab_log "regex: HTTP_GET down after $MS ms (limit $DOWN_HTTP)"
((MS <= DOWN_HTTP)) || fail_dump "regex: down after $MS ms, limit $DOWN_HTTP"
n443=${SEEN["$RS443: up -> down"]}
[[ $(nlines "$RS443: up -> down") == "$n443" ]] || fail_dump "regex: SSL_GET went down too"
mark
echo ok >"$W/mode"
next_ms "regex found again" "$RS80: down -> up" "$RS80: down -> up (HTTP_GET: ok)"
((MS <= UP_HTTP)) || fail_dump "regex found again: up after $MS ms, limit $UP_HTTP"
lab_wait_for 10 both_in || fail_dump "regex found again: the servers did not come back to IPVS"

# --- the backend stops, and starts again
mark
backend_stop
down "backend stopped" "/: Connection refused" "Connection refused"
# counted before the start: the checks may see the backend before we do;
# timed from when it listened
mark
backend_start
T0=$(clock_ms "$(stat -c %y "$W/ready" | cut -c12-23)")
up "backend restarted"

topo_exec d1 "$B/keelctl" -s "$W/kd.sock" checks
lab_log "log lines:"
grep -E -- ': (up -> down|down -> up) ' "$W/keeld.log"

# --- stop: sanitizers clean (TLS objects, fds and events released)
keeld_stop
lab_log "stop: clean"
lab_log "ok"
