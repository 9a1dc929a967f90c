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
# difftest/findings/ (SEED-k.wasm and SEED-k.txt saying how it differs). Runs in chunks of 500
# modules (a chunk whose run dies is reported and skipped) and ends with the totals.
# Needs binaryen (the Debian package; installed here when missing and running as root).
set -euo pipefail
cd "$(dirname "$0")/.."

count=${1:?usage: scripts/difftest.sh N [SEED [FIRST]]}
seed=${2:-1}
first=${3:-0}
chunk=${BS_AOT_DIFFTEST_CHUNK:-500}
if ! command -v wasm-opt >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        apt-get install -y binaryen >/dev/null
    else
        echo "difftest.sh: wasm-opt (binaryen) is not on PATH" >&2
        exit 1
    fi
fi
mkdir -p difftest/findings difftest/logs
swift build --build-tests >/dev/null
# The test bundle is run directly rather than through `swift test`, which would hold the build
# directory's lock for the whole (long) run.
bundle="$(swift build --show-bin-path)/bs-aotPackageTests.xctest"
totals=difftest/logs/totals-$seed-$first-$count.txt
: >"$totals"
status=0
for ((start = first; start < first + count; start += chunk)); do
    n=$((first + count - start < chunk ? first + count - start : chunk))
    log=difftest/logs/$seed-$start.log
    BS_AOT_DIFFTEST_COUNT=$n BS_AOT_DIFFTEST_SEED=$seed BS_AOT_DIFFTEST_FIRST=$start \
    BS_AOT_DIFFTEST_FINDINGS=$PWD/difftest/findings \
        "$bundle" --testing-library swift-testing --filter DifferentialTests >"$log" 2>&1 || status=1
    if line=$(grep -E '^difftest: [0-9]+ modules,' "$log"); then
        echo "$line" | tee -a "$totals"
        grep -E '^  module' "$log" || true
    else
        echo "difftest.sh: the run of modules $start..$((start + n - 1)) died; see $log" | tee -a "$totals"
        status=1
    fi
done
# Sum the per-chunk counts: every number of the summary line, in order.
awk '/^difftest: [0-9]+ modules,/ { for (i = 1; i <= NF; i++) if ($i ~ /^\(?[0-9]+$/) { gsub(/\(/, "", $i); sum[++n[NR]] += $i } ; cols = n[NR] }
     END { if (cols) printf "difftest total: %d modules, %d compared (%d export calls), %d identical, %d differing only in NaN bits, %d differing only in WasmKit'"'"'s unchecked memory.atomic.notify, %d differences, %d where binaryen sides with bs-aot against WasmKit, %d refused by bs-aot, %d not runnable in WasmKit, %d not generated\n", sum[1], sum[2], sum[3], sum[4], sum[5], sum[6], sum[7], sum[8], sum[9], sum[10], sum[11] }' "$totals"
exit "$status"
