#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds keel and runs the demo of its main job in the kernel lab (a QEMU
# VM with Debian's kernel when this kernel lacks IPVS).
set -eu
cd "$(dirname "$0")"
src=$(pwd)
build=${KEEL_DEMO_BUILD:-$src/build}

./scripts/deps.sh
./scripts/build.sh "$build"
KEEL_BUILD=$build test/lab/lab-run -- test/lab/demo.sh
