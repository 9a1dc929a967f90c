#!/usr/bin/env bash
# Times compute programs built natively (clang -O2) and through WebAssembly (Zig's clang
# -O2 --target=wasm32-wasi, then bs-aot build -O2): best of $RUNS runs each (default 3).
# Not a test: run it by hand. Usage: bench/run.sh [name...]   (names of bench/*.c, default all)
# Environment: BS_AOT (the bs-aot binary; default .build/release/bs-aot, built when missing),
#              CC (native compiler, default clang), RUNS, KEEP=1 to keep the build folder,
#              SIMD=1 to compile the wasm with -msimd128 (fixed-width SIMD instructions).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="$root/bench"
runs="${RUNS:-3}"
wasm_flags=(-O2)
if [ "${SIMD:-}" = 1 ]; then wasm_flags+=(-msimd128); fi
cc="${CC:-clang}"
bs_aot="${BS_AOT:-$root/.build/release/bs-aot}"

if [ ! -x "$bs_aot" ]; then
    echo "run.sh: building bs-aot (swift build -c release)" >&2
    (cd "$root" && swift build -c release --product bs-aot >&2)
fi
if ! python3 -m ziglang version >/dev/null 2>&1; then
    echo "run.sh: installing ziglang (pip install ziglang)" >&2
    python3 -m pip install --quiet ziglang
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/bs-aot-bench.XXXXXX")"
if [ "${KEEP:-}" = 1 ]; then echo "run.sh: keeping $work" >&2; else trap 'rm -rf "$work"' EXIT; fi

# Seconds (with nanoseconds) taken by one run of "$@", output to $work/out.
time_once() {
    local start end
    start=$(date +%s.%N)
    "$@" >"$work/out"
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }'
}

# Best of $runs runs of "$@"; leaves the output of the last run in $work/out.
best_of() {
    local best="" t
    for _ in $(seq "$runs"); do
        t=$(time_once "$@")
        if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; fi
    done
    echo "$best"
}

if [ $# -gt 0 ]; then names=("$@"); else names=(); for f in "$bench"/*.c; do names+=("$(basename "$f" .c)"); done; fi

# "scalar" is native with clang's vectorizers off: the wasm32 code that Zig's clang emits has
# no SIMD, so that column separates the cost of bs-aot from the cost of losing vectorization.
printf '%-12s %10s %10s %10s %7s %7s  %s\n' program "native s" "scalar s" "bs-aot s" ratio "/scalar" output
for name in "${names[@]}"; do
    src="$bench/$name.c"
    "$cc" -O2 "$src" -o "$work/$name.native" -lm
    "$cc" -O2 -fno-vectorize -fno-slp-vectorize "$src" -o "$work/$name.scalar" -lm
    python3 -m ziglang cc --target=wasm32-wasi "${wasm_flags[@]}" "$src" -o "$work/$name.wasm"
    "$bs_aot" build "$work/$name.wasm" -o "$work/$name.aot" -O2
    native=$(best_of "$work/$name.native")
    cp "$work/out" "$work/$name.native.out"
    scalar=$(best_of "$work/$name.scalar")
    aot=$(best_of "$work/$name.aot")
    same=$(cmp -s "$work/out" "$work/$name.native.out" && echo same || echo DIFFERENT)
    ratio=$(awk -v a="$aot" -v n="$native" 'BEGIN { if (n > 0) printf "%.2f", a / n; else print "-" }')
    scalar_ratio=$(awk -v a="$aot" -v n="$scalar" 'BEGIN { if (n > 0) printf "%.2f", a / n; else print "-" }')
    printf '%-12s %10s %10s %10s %7s %7s  %s\n' "$name" "$native" "$scalar" "$aot" "$ratio" "$scalar_ratio" "$same"
done
