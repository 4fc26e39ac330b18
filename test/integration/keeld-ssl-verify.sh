#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# keeld-ssl-verify: SSL_GET with a top-level SSL block. openssl s_server
# backends in one namespace, keeld in a director namespace, ipvsadm as the
# oracle. Certificates are made here with the openssl CLI (nothing kept):
# - :4431 a certificate the configured ca signed, for the virtual host
#   (www.keel.test): passes (alpha: comes up only on a verified probe);
# - :4432 self-signed, :4433 signed by another CA, :4435 signed by the ca
#   for another name: each fails with "TLS: certificate verify failed:
#   <OpenSSL's reason>" in the up -> down line and leaves IPVS;
# - :4434 asks for a client certificate (-Verify 1) and has the probed
#   address in its certificate (checked with enable_sni and no virtual
#   host): passes with the SSL block's certificate and key (the key
#   encrypted, read with password); after a reload to an SSL block
#   without them it fails with the server's alert;
# - :4431 stopped is seen down (connection refused), started again is seen
#   up, each within its limit;
# - keeld stops cleanly (no sanitizer report: contexts and TLS objects freed).

set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lab/topo.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/topo.sh"

B=$(cd "${KEEL_BUILD:-build}" && pwd)
[[ -x $B/keeld ]] || lab_fail "no keeld in $B (set KEEL_BUILD)"
lab_require_cmd ipvsadm openssl ss
W=$TOPO_TMP
# shellcheck source=../lab/keeld-lab.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../lab/keeld-lab.sh"

topo_bridge lan
topo_node d1 lan 10.0.0.1/24
topo_node be lan 10.0.0.2/24

# --- certificates: one openssl run each (forks are slow under emulation)
C=$W/tls
mkdir -p "$C"
ossl() { openssl "$@" 2>>"$C/openssl.log" >/dev/null || { cat "$C/openssl.log"; lab_fail "openssl $1 failed"; }; }
# cert NAME SUBJECT-CN [OPTS...]: a P-256 key and a certificate (self-signed
# unless OPTS name a -CA)
cert() {
	local name=$1 cn=$2
	shift 2
	ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -days 1 -subj "/CN=$cn" \
		-keyout "$C/$name.key" -out "$C/$name.pem" "$@"
}
# leaf NAME CA SAN [OPTS...]: a server or client certificate CA signed, for SAN
leaf() {
	local name=$1 by=$2 san=$3
	shift 3
	cert "$name" "$name" -CA "$C/$by.pem" -CAkey "$C/$by.key" \
		-addext basicConstraints=critical,CA:FALSE -addext "subjectAltName=$san" "$@"
}
cert ca keel-lab-ca -nodes
cert other-ca keel-lab-other-ca -nodes
leaf good ca DNS:www.keel.test -nodes
leaf other-issuer other-ca DNS:www.keel.test -nodes
leaf wrong-name ca DNS:other.keel.test -nodes
leaf mtls ca IP:10.0.0.2 -nodes
leaf client ca DNS:keel-client -passout pass:lab-password
cert self www.keel.test -nodes -addext subjectAltName=DNS:www.keel.test
grep -q 'ENCRYPTED PRIVATE KEY' "$C/client.key" || lab_fail "the client key is not encrypted"
lab_log "certificates made"

# --- backends: openssl s_server -www answers GET / with 200
declare -A SRV
server_start() { # PORT CERT [OPTS...]
	local port=$1 cert=$2
	shift 2
	topo_bg --log "$W/s_server-$port.log" be openssl s_server -quiet -www -accept "$port" \
		-cert "$C/$cert.pem" -key "$C/$cert.key" "$@"
	SRV[$port]=$TOPO_PID
}
# listening PORT...: every PORT has a listener (one ss run)
listening() {
	local l p
	l=$(topo_exec be ss -Hltn)
	for p in "$@"; do
		[[ $l == *":$p "* ]] || return 1
	done
}
servers_wait() {
	lab_wait_for 20 listening "$@" || { cat "$W"/s_server-*.log; lab_fail "s_server did not start on all of $*"; }
}
server_stop() {
	kill "${SRV[$1]}"
	wait "${SRV[$1]}" 2>/dev/null || true
}
server_start 4431 good
server_start 4432 self
server_start 4433 other-issuer
server_start 4434 mtls -Verify 1 -CAfile "$C/ca.pem"
server_start 4435 wrong-name
servers_wait 4431 4432 4433 4434 4435

# SSL_GET with delay_loop 1, connect_timeout 3; PORT RETRY OPTIONS...
# The verified ones start down (alpha) and have one retry, so that a
# stalled emulator (a probe timing out) is not read as a failed check.
rs() {
	local port=$1 retry=$2
	shift 2
	printf '    real_server 10.0.0.2 %s {\n        SSL_GET {\n' "$port"
	printf '            %s\n' "$@"
	cat <<RS
            url {
                path /
                status_code 200
            }
            connect_timeout 3
            retry $retry
            delay_before_retry 1
        }
    }
RS
}
conf() { # the SSL block's body
	cat <<CONF
SSL {
$1
}
virtual_server 10.0.0.100 443 {
    protocol TCP
    lvs_sched rr
    delay_loop 1
$(rs 4431 1 alpha "virtualhost www.keel.test")
$(rs 4432 0 "virtualhost www.keel.test")
$(rs 4433 0 "virtualhost www.keel.test")
$(rs 4434 1 alpha enable_sni)
$(rs 4435 0 "virtualhost www.keel.test")
}
CONF
}
conf "    ca $C/ca.pem
    certificate $C/client.pem
    key $C/client.key
    password lab-password" >"$W/keel.conf"
# keeld -t reads the block as keeld will (wrong password etc. are config errors)
"$B/keeld" -t -f "$W/keel.conf" || lab_fail "keeld -t refused the lab config"

# How late :4431's change may show (the spec's worst case): the probe in
# flight (connect_timeout 3 s), delay_loop (+1/16 jitter), then going down
# retry x (delay_before_retry + probe) more; 1.5 s for emulation.
DOWN=$((3000 + 1063 + 3000 + 1000 + 3000 + 1500))
UP=$((3000 + 1063 + 3000 + 1500))
name() { echo "rs 10.0.0.2:$1 (TCP 10.0.0.100:443)"; }
nlines() { grep -cF -- "$1" "$W/keeld.log" || true; }
after() { grep -F -- "$1" "$W/keeld.log" | sed -n "$(($2 + 1))p"; }
more() { (($(nlines "$1") > $2)); }
# logged PORT FROM TO SEEN: waits for the next 'FROM -> TO' line of PORT's
# server after SEEN such lines; LINE holds it, REASON its cause
logged() {
	local p
	p="$(name "$1"): $2 -> $3"
	lab_wait_for 25 more "$p" "$4" || fail_dump "$1: no '$p' line"
	LINE=$(after "$p" "$4")
	REASON=${LINE#*"$p (SSL_GET: "}
	REASON=${REASON%)}
}
in_ipvs() { has 10.0.0.100:443 "10.0.0.2:$1 1"; }
out_ipvs() { hasnt 10.0.0.100:443 "10.0.0.2:$1"; }

keeld_start "$W/keel.conf"

# --- the verified ones come up (alpha: only a passing probe brings them)
lab_wait_for 30 in_ipvs 4431 || fail_dump ":4431 (signed by the ca) did not come up"
lab_wait_for 30 in_ipvs 4434 || fail_dump ":4434 (mutual TLS, client certificate) did not come up"
lab_log "up: :4431 (ca-signed, name www.keel.test) and :4434 (mutual TLS, address 10.0.0.2)"

# --- the others fail verification, each with OpenSSL's reason
expect_verify_fail() { # PORT WANT-REASON
	logged "$1" up down 0
	[[ $REASON == "TLS: certificate verify failed: $2" ]] ||
		fail_dump ":$1: want 'TLS: certificate verify failed: $2', logged '$LINE'"
	lab_wait_for 10 out_ipvs "$1" || fail_dump ":$1 stayed in IPVS"
	lab_log ":$1: $LINE"
}
expect_verify_fail 4432 "self-signed certificate"
expect_verify_fail 4433 "unable to get local issuer certificate"
expect_verify_fail 4435 "hostname mismatch"
table
# the passing ones never went down
for p in 4431 4434; do
	(($(nlines "$(name $p): up -> down") == 0)) || fail_dump ":$p went down: $(grep -F "$(name $p)" "$W/keeld.log")"
done

# --- the verified server stops, and comes back
n=$(nlines "$(name 4431): up -> down")
clock_now T0
server_stop 4431
logged 4431 up down "$n"
ms=$(($(clock_ms "${LINE:0:12}") - T0))
[[ $REASON == "Connection refused" ]] || fail_dump ":4431 stopped: logged '$LINE'"
lab_wait_for 10 out_ipvs 4431 || fail_dump ":4431 stayed in IPVS after it stopped"
lab_log ":4431 stopped: down after $ms ms (limit $DOWN): $LINE"
((ms <= DOWN)) || fail_dump ":4431 down after $ms ms, limit $DOWN"
n=$(nlines "$(name 4431): down -> up")
server_start 4431 good
servers_wait 4431
clock_now T0
logged 4431 down up "$n"
ms=$(($(clock_ms "${LINE:0:12}") - T0))
lab_wait_for 10 in_ipvs 4431 || fail_dump ":4431 did not come back to IPVS"
lab_log ":4431 started again: up after $ms ms (limit $UP): $LINE"
((ms <= UP)) || fail_dump ":4431 up after $ms ms, limit $UP"

# --- without a client certificate the mutual-TLS server refuses the probe
conf "    ca $C/ca.pem" >"$W/keel.conf"
n=$(nlines "$(name 4434): up -> down")
kill -HUP "$KEELD"
logged 4434 up down "$n"
[[ $REASON == "TLS: "* ]] || fail_dump ":4434 without client certificate: logged '$LINE'"
lab_wait_for 10 out_ipvs 4434 || fail_dump ":4434 stayed in IPVS without a client certificate"
lab_log ":4434 without client certificate: $LINE"
# and :4431 still passes under the new context
(( $(nlines "$(name 4431): up -> down") == 1 )) || fail_dump ":4431 went down after the reload"
in_ipvs 4431 || fail_dump ":4431 left IPVS after the reload"

lab_log "log lines:"
grep -E -- ': (up -> down|down -> up) ' "$W/keeld.log"

keeld_stop
lab_log "stop: clean"
lab_log "ok"
