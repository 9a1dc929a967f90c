#!/bin/sh
# Tests/RuntimeTests/run.sh: compiles runtime-c with each C test in c/*_test.c and runs them.
#
#   Tests/RuntimeTests/run.sh              clang (or $CC), -O2, warnings are errors
#   CC=gcc Tests/RuntimeTests/run.sh       the same with gcc
#   OPT=-O0 Tests/RuntimeTests/run.sh      the tests (as generated code) at another -O level
#   CC="clang --target=aarch64-linux-gnu ..." RUN="qemu-aarch64 -L /usr/aarch64-linux-gnu" \
#     Tests/RuntimeTests/run.sh             cross-compile and run under an emulator
#   Tests/RuntimeTests/run.sh --sanitize   also -fsanitize=address,undefined; tests marked
#                                          "bsrt-test: signals" get UBSan only, because they
#                                          fault on purpose (guard pages, stack overflow) and
#                                          ASan's own SEGV handling and shadow memory get in
#                                          the way of that.
#
# Prints one line per test ("PASS name" / "FAIL name", the failure's output indented), then
# "N passed, M failed"; exits 1 if anything failed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cc=${CC:-clang}
sanitize=0
[ "${1:-}" = "--sanitize" ] && sanitize=1

work=$(mktemp -d "${TMPDIR:-/tmp}/bsrt-tests.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# The runtime's flags and generated code's flags, as Toolchain uses them, plus -Werror so a
# warning fails the run.
runtime_flags="-std=c11 -D_GNU_SOURCE -O2 -pthread -Wall -Wextra -Werror"
test_flags="-std=c11 ${OPT:--O2} -ffp-contract=off -fno-optimize-sibling-calls -Wall -Wextra -Werror"
includes="-I$root/runtime-c/include -I$root/runtime-c/src -I$here/c"

# build_runtime DIR EXTRA_FLAGS: compiles every runtime-c/src/**/*.c into DIR (once per flag set).
build_runtime() {
    dir=$1
    shift
    [ -d "$dir" ] && return 0
    mkdir -p "$dir"
    # (sh has no local variables: names here must not collide with run_test's)
    for unit in $(find "$root/runtime-c/src" -name '*.c' | sort); do
        obj="$dir/$(echo "${unit#"$root"/runtime-c/src/}" | tr / _).o"
        if ! $cc $runtime_flags "$@" $includes -c "$unit" -o "$obj" 2>"$dir/errors.txt"; then
            echo "FAIL runtime build ($cc $*): $unit"
            sed 's/^/    /' "$dir/errors.txt"
            return 1
        fi
    done
}

passed=0
failed=0

# run_test NAME SOURCE SANITIZER_FLAGS...
run_test() {
    name=$1
    src=$2
    shift 2
    key=$(echo "rt $*" | tr -c 'a-zA-Z0-9\n' _)
    if ! build_runtime "$work/$key" "$@"; then
        failed=$((failed + 1))
        return
    fi
    exe="$work/$name"
    if ! $cc $test_flags "$@" $includes "$src" "$work/$key"/*.o -lm -pthread -o "$exe" >"$work/out.txt" 2>&1; then
        echo "FAIL $name (does not compile)"
        sed 's/^/    /' "$work/out.txt"
        failed=$((failed + 1))
        return
    fi
    # UBSan must not take SIGSEGV/SIGBUS over: the runtime's handler is the one under test, and
    # it hands unexpected faults on to the previous handler, which would then be UBSan's.
    if UBSAN_OPTIONS=handle_segv=0:handle_sigbus=0:print_stacktrace=1 timeout 120 ${RUN:-} "$exe" >"$work/out.txt" 2>&1; then
        echo "PASS $name"
        passed=$((passed + 1))
    else
        echo "FAIL $name (exit $?)"
        sed 's/^/    /' "$work/out.txt"
        failed=$((failed + 1))
    fi
}

for test_src in "$here"/c/*_test.c; do
    test_name=$(basename "$test_src" .c)
    run_test "$test_name" "$test_src"
    if [ $sanitize = 1 ]; then
        if grep -q "bsrt-test: signals" "$test_src"; then
            run_test "$test_name+ubsan" "$test_src" -fsanitize=undefined -fno-sanitize-recover=all
        else
            run_test "$test_name+asan+ubsan" "$test_src" -fsanitize=address,undefined -fno-sanitize-recover=all
        fi
    fi
done

# Bad guest pointers and lengths into every host call (generated from bsrt_host.def). Traps and
# forks happen on purpose, so the sanitizer run uses UBSan only, as for "signals" tests.
sh "$here/host_battery.sh" "$root/runtime-c/include/bsrt_host.def" >"$work/host_battery_test.c"
run_test host_battery_test "$work/host_battery_test.c"
if [ $sanitize = 1 ]; then
    run_test "host_battery_test+ubsan" "$work/host_battery_test.c" -fsanitize=undefined -fno-sanitize-recover=all
fi

echo "$passed passed, $failed failed"
[ $failed = 0 ]
