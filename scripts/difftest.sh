#!/usr/bin/env bash
# Differential testing: N random valid modules from binaryen's `wasm-opt -ttf`, every export
# called through bs-aot (a native driver) and through WasmKit's interpreter, results, traps,
# logged values and a hash of memory after each call compared (Tests/RobustnessTests,
# DifferentialTests.swift; the rules are in Differential/Campaign.swift).
#
#     scripts/difftest.sh N [SEED [FIRST]]
#
# Module k of a seed is always the same module (random bytes from SEED and k through -ttf), so
# `scripts/difftest.sh 1 SEED k` runs module k alone. A module that differs is kept in
# difftest/findings/ (SEED-k.wasm and SEED-k.txt saying how it differs). Ends with the counts.
# Needs binaryen (the Debian package; installed here when missing and running as root).
set -euo pipefail
cd "$(dirname "$0")/.."

count=${1:?usage: scripts/difftest.sh N [SEED [FIRST]]}
seed=${2:-1}
first=${3:-0}
if ! command -v wasm-opt >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        apt-get install -y binaryen >/dev/null
    else
        echo "difftest.sh: wasm-opt (binaryen) is not on PATH" >&2
        exit 1
    fi
fi
mkdir -p difftest/findings
swift build --build-tests >/dev/null
BS_AOT_DIFFTEST_COUNT=$count BS_AOT_DIFFTEST_SEED=$seed BS_AOT_DIFFTEST_FIRST=$first \
BS_AOT_DIFFTEST_FINDINGS=$PWD/difftest/findings \
    swift test --skip-build --filter DifferentialTests 2>&1 | grep -E '^difftest|^  |✘|✔ Test'
