#!/usr/bin/env bash
# Builds the release binary of bs-aot for distribution: the Swift standard library and
# Foundation linked statically, so that the binary needs only the C library at run time, plus
# clang (or cc) and the C library's headers to compile what it translates. The runtime's C
# sources are inside the binary (Sources/EmbeddedRuntime), so nothing else is installed.
#
#     scripts/release.sh [OUT]        # default OUT: dist/bs-aot
#
# Then install it anywhere on PATH, e.g. `install -m 755 dist/bs-aot /usr/local/bin/`.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-dist/bs-aot}

swift build -c release --product bs-aot --static-swift-stdlib
bin="$(swift build -c release --show-bin-path)/bs-aot"
mkdir -p "$(dirname "$out")"
install -m 755 "$bin" "$out"
strip "$out" 2>/dev/null || true

# What it still links dynamically: only the C library's own objects are allowed.
echo "release.sh: $out ($(du -h "$out" | cut -f1)), linked against:"
ldd "$out" | sed 's/^/    /'
if ldd "$out" | grep -v -E 'linux-vdso|ld-linux|lib(c|m|pthread|dl|rt|util|gcc_s|stdc\+\+)\.so' | grep -q '=>'; then
    echo "release.sh: $out links a library other than the C library's" >&2
    exit 1
fi
"$out" --version
