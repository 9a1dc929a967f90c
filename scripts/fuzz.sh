#!/usr/bin/env bash
# Fuzzes the translator (decode + validate + lower to C) with libFuzzer for MINUTES minutes:
#
#     scripts/fuzz.sh MINUTES [SEED]
#
# Builds Sources/bs-aot-fuzz with -sanitize=fuzzer into .build-fuzz (release, its own build
# directory; linked by lld, as gold fails on the instrumented objects), seeds it with every module of the spec suite (../shared/spec-testsuite, or
# $BS_AOT_SPEC_TESTSUITE; extracted into fuzz/work/seeds, never into the repository) and the
# checked-in fuzz/corpus/*.wast, and runs it. The growing corpus stays in fuzz/work/corpus between
# runs. Every input that crashes, hangs (more than $BS_AOT_FUZZ_TIMEOUT seconds, default 20) or
# needs more than 2 GiB is kept in fuzz/findings/ (crash-*, timeout-*, oom-*, slow-unit-*); a
# finding, once fixed, becomes a regression test (Tests/RobustnessTests/Fixtures/fuzz/).
# libFuzzer stops at the first finding; this script starts it again until the time is up, and
# ends with the number of inputs executed and the findings.
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=${1:?usage: scripts/fuzz.sh MINUTES [SEED]}
seed=${2:-0}
timeout=${BS_AOT_FUZZ_TIMEOUT:-20}
suite=${BS_AOT_SPEC_TESTSUITE:-../shared/spec-testsuite}
mkdir -p fuzz/work/seeds fuzz/work/corpus fuzz/findings fuzz/work/logs

echo "fuzz.sh: building bs-aot-fuzz with libFuzzer (.build-fuzz)" >&2
swift build -c release --product bs-aot-fuzz --build-path .build-fuzz \
    -Xswiftc -sanitize=fuzzer -Xswiftc -use-ld=lld -Xcc -DBS_AOT_LIBFUZZER >fuzz/work/logs/build.log 2>&1 ||
    { tail -30 fuzz/work/logs/build.log >&2; exit 1; }
fuzzer=$(swift build -c release --build-path .build-fuzz --show-bin-path)/bs-aot-fuzz

# The seeds: every module of the spec suite's scripts, and the checked-in corpus.
if [ -z "$(ls -A fuzz/work/seeds)" ]; then
    if [ -d "$suite" ]; then
        "$fuzzer" --extract-seeds "$suite" fuzz/work/seeds >&2
    else
        echo "fuzz.sh: no spec suite at $suite; fuzzing from fuzz/corpus/ only" >&2
    fi
fi
mkdir -p fuzz/work/checked-in
"$fuzzer" --extract-seeds fuzz/corpus fuzz/work/checked-in >&2

# Swift's own crash reporter would catch the signal before libFuzzer saves the input.
export SWIFT_BACKTRACE=enable=no
deadline=$(($(date +%s) + minutes * 60))
executed=0
runs=0
while :; do
    left=$((deadline - $(date +%s)))
    [ "$left" -gt 0 ] || break
    runs=$((runs + 1))
    log=fuzz/work/logs/run$runs.log
    status=0
    "$fuzzer" fuzz/work/corpus fuzz/work/seeds fuzz/work/checked-in \
        -max_total_time="$left" -timeout="$timeout" -rss_limit_mb=2048 -max_len=32768 \
        -seed=$((seed == 0 ? 0 : seed + runs)) -artifact_prefix=fuzz/findings/ \
        -print_final_stats=1 -print_pcs=0 >"$log" 2>&1 || status=$?
    units=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    executed=$((executed + ${units:-0}))
    if [ "$status" -ne 0 ]; then
        echo "fuzz.sh: run $runs ended with status $status: $(grep -m1 -E 'ERROR|Fatal error|deadly|timeout|out-of-memory' "$log" || tail -1 "$log")" >&2
        grep -m1 'Test unit written to' "$log" >&2 || true
        # A run that dies before it executes anything would loop forever.
        [ "${units:-0}" -gt 0 ] || { tail -20 "$log" >&2; exit 1; }
    fi
done
findings=$(find fuzz/findings -type f | wc -l)
echo "fuzz.sh: $executed inputs executed in $minutes minutes ($runs libFuzzer runs, corpus $(ls fuzz/work/corpus | wc -l) inputs); $findings findings in fuzz/findings/"
[ "$findings" -eq 0 ] || ls -1 fuzz/findings
