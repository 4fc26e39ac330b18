#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The whole test suite, as CI runs it: dependencies, a -Werror build with
# ASan+UBSan, the unit tests, a fuzz smoke run, and the kernel-lab
# integration tests (in a QEMU VM when this kernel lacks IPVS).
set -eu
cd "$(dirname "$0")"
src=$(pwd)
build=${KEEL_TEST_BUILD:-$src/build-test}

./scripts/deps.sh
./scripts/build.sh "$build" --enable-sanitizers --enable-werror

# LeakSanitizer is on by default with ASan; make every finding fatal.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

jobs=$(nproc)
echo "== unit tests"
make -C "$build" -j"$jobs" check

# a smoke run: each target a few seconds over its corpus (KEEL_FUZZ_SECONDS
# to go longer); the targets are built in parallel first
echo "== fuzz smoke run"
make -C "$build" -j"$jobs" fuzz
make -C "$build" fuzz-run FUZZ_SECONDS="${KEEL_FUZZ_SECONDS:-4}"

echo "== kernel lab integration tests"
# per test up to 10 minutes: the keepalived conformance corpus is long under emulation
KEEL_BUILD=$build test/lab/run-integration --timeout "${KEEL_LAB_TEST_TIMEOUT:-600}"
