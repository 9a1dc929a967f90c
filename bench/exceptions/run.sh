#!/usr/bin/env bash
# Exception-handling benchmarks (not a test: run by hand; results in BENCHMARKS.md).
#   1. micro.wat, assembled with WABT's wat2wasm and built with bs-aot: the cost of entering a
#      handler region with and without a call in it, and of throws caught at several distances.
#   2. cxx_bench.cpp: C++ try/catch and throws, natively (clang++ -O2) and for wasm32-wasi with
#      -fwasm-exceptions in both encodings (legacy, exnref) built with bs-aot. Zig's C++ runtime
#      for WASI lacks the exception parts; they are compiled from Zig's own libc++abi and
#      libunwind sources, as Tests/WASIPrograms/cxx/README.md explains.
# Prints each case's best time over $RUNS runs (default 3): picoseconds per iteration for the
# micro cases that do not throw, nanoseconds for the others.
# Environment: BS_AOT (default .build/release/bs-aot, built when missing), RUNS, KEEP=1.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/bench/exceptions"
runs="${RUNS:-3}"
bs_aot="${BS_AOT:-$root/.build/release/bs-aot}"

if [ ! -x "$bs_aot" ]; then
    echo "run.sh: building bs-aot (swift build -c release)" >&2
    (cd "$root" && swift build -c release --product bs-aot >&2)
fi
command -v wat2wasm >/dev/null || { echo "run.sh: needs WABT's wat2wasm (apt-get install wabt)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/bs-aot-eh-bench.XXXXXX")"
if [ "${KEEP:-}" = 1 ]; then echo "run.sh: keeping $work" >&2; else trap 'rm -rf "$work"' EXIT; fi

# best NAME COMMAND...: runs COMMAND $runs times; prints "NAME case best" per case.
best() {
    local name=$1
    shift
    for _ in $(seq "$runs"); do "$@"; done |
        awk -v name="$name" '{ if (!($1 in b) || $2 < b[$1]) b[$1] = $2; if (!($1 in o)) o[$1] = n++ }
            END { for (c in o) order[o[c]] = c; for (i = 0; i < n; i++) printf "%-8s %-16s %s\n", name, order[i], b[order[i]] }'
}

wat2wasm --enable-exceptions --debug-names "$here/micro.wat" -o "$work/micro.wasm"
"$bs_aot" build "$work/micro.wasm" -o "$work/micro"
best micro "$work/micro"

zig="$(python3 -c 'import ziglang, os; print(os.path.dirname(ziglang.__file__))')/lib"
flags=(--target=wasm32-wasi -mcpu=generic+exception_handling -fwasm-exceptions -O2)
for encoding in legacy exnref; do
    extra=()
    [ "$encoding" = exnref ] && extra=(-mllvm -wasm-use-legacy-eh=false)
    dir="$work/$encoding"
    mkdir -p "$dir"
    for unit in cxa_exception cxa_personality; do
        python3 -m ziglang c++ "${flags[@]}" "${extra[@]}" -c "$zig/libcxxabi/src/$unit.cpp" -o "$dir/$unit.o" \
            -I "$zig/libcxxabi/include" -I "$zig/libcxx/src" -D_LIBCXXABI_BUILDING_LIBRARY \
            -D_LIBCPP_BUILDING_LIBRARY -D_LIBCXXABI_HAS_NO_THREADS
    done
    python3 -m ziglang cc "${flags[@]}" "${extra[@]}" -w -c "$zig/libunwind/src/Unwind-wasm.c" -o "$dir/unwind.o" \
        -I "$zig/libunwind/include" -D_LIBUNWIND_HIDE_SYMBOLS
    python3 -m ziglang cc "${flags[@]}" -c "$root/Tests/WASIPrograms/cxx/cpp_exception_tag.S" -o "$dir/tag.o"
    python3 -m ziglang c++ "${flags[@]}" "${extra[@]}" "$here/cxx_bench.cpp" "$dir"/*.o -o "$dir/cxx_bench.wasm"
    "$bs_aot" build "$dir/cxx_bench.wasm" -o "$dir/cxx_bench"
done
clang++ -O2 "$here/cxx_bench.cpp" -o "$work/cxx_native"
best native "$work/cxx_native"
best legacy "$work/legacy/cxx_bench"
best exnref "$work/exnref/cxx_bench"
