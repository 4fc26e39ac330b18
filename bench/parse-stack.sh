#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The config pre-parse's stack use (bench/parse_stack) on the inputs that
# go deepest: the sample config, includes nested to the limit and past it,
# braces nested 10,000 deep, a parameter expanded through the 64-level
# limit and a 10,000-service file. Each line: FILE: errors, bytes used.
# With STACK_KB the parse gets that stack; exit 1 when one overflows it.
#   B=/path/to/build bench/parse-stack.sh [STACK_KB]
# Use a build without sanitizers for numbers (configure CFLAGS='-O2 -g');
# sanitizers make frames several times larger.
set -eu

B=${B:-.}
src=$(cd "$(dirname "$0")/.." && pwd)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
STACK_KB=${1:-}
# not in a pipe: a parse that overflows the stack must fail the script
run() {
	out=$("$B/bench/parse_stack" "$1" $STACK_KB) || {
		echo "${1#"$W"/}: parse_stack failed (exit $?): stack overflow?"
		exit 1
	}
	echo "${out#"$W"/}"
}

cp "$src/etc/keel.conf" "$W/sample.conf"
# a WireGuard private key: 32 bytes, base64
head -c 32 /dev/urandom | base64 > "$W/probe.key"

# one service with every nesting level a check has, in each included file
service() {
	cat <<EOS
virtual_server 192.0.2.$1 80 {
    protocol TCP
    real_server 198.51.100.$1 80 {
        HTTP_GET {
            url {
                path /
                status_code 200
            }
        }
    }
}
EOS
}
# inc-N.conf includes inc-(N+1).conf up to DEPTH files open at once
nest() {
	depth=$1 name=$2
	i=0
	while [ "$i" -lt "$depth" ]; do
		{ service $((i + 1)); [ $((i + 1)) -lt "$depth" ] && echo "include $name-$((i + 1)).conf"; } \
			> "$W/$name-$i.conf"
		i=$((i + 1))
	done
}
nest 32 inc	# the limit: 32 files open at once
nest 40 deep	# past it: an error at the 32nd file's include
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "a {"; for (i = 0; i < 10000; i++) printf "}"; print "" }' \
	> "$W/braces.conf"
awk 'BEGIN { print "$P0=x"; for (i = 1; i < 70; i++) printf "$P%d=${P%d}\n", i, i - 1; print "a ${P69}" }' \
	> "$W/params.conf"
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "virtual_server 10.%d.%d.%d 80 {\n protocol TCP\n real_server 10.200.0.1 80 {\n  TCP_CHECK { connect_timeout 3 }\n }\n}\n", i / 65536 % 256 + 1, i / 256 % 256, i % 256 }' \
	> "$W/services.conf"

for f in sample.conf inc-0.conf deep-0.conf braces.conf params.conf services.conf; do
	run "$W/$f"
done
