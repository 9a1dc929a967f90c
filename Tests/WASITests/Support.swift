import Foundation
import TestSupport

/// The C programs (see their README). `Tests/WASITests/programs/` is used instead when it exists:
/// SwiftPM accepts `.c` files there only once `Package.swift` excludes that folder.
let programsDirectory: URL = {
    let inside = repositoryRoot.appendingPathComponent("Tests/WASITests/programs")
    if FileManager.default.fileExists(atPath: inside.appendingPathComponent("loops.c").path) { return inside }
    return repositoryRoot.appendingPathComponent("Tests/WASIPrograms")
}()

/// Whether `python3 -m ziglang` works, checked once; the failure says how to install it.
let zigAvailability: Task<Result<Void, SetupFailure>, Never> = Task {
    let directory = FileManager.default.temporaryDirectory
    let result = try? await runProcess("python3", ["-m", "ziglang", "version"], in: directory, timeout: .seconds(120))
    if let result, result.exitedNormally, result.status == 0 { return .success(()) }
    return .failure(
        SetupFailure(
            description: "`python3 -m ziglang` is unavailable (needed to compile C to wasm32-wasi): "
                + "run `pip install ziglang` (scripts/test.sh does this)."))
}

/// Compiles `source` to wasm32-wasi with Zig's clang and wasi-libc: the same command as the
/// programs' README.
func compileToWasm(_ source: URL, output: URL, in directory: URL, extraFlags: [String] = []) async throws {
    try await zigAvailability.value.get()
    try await runTool(
        "python3", ["-m", "ziglang", "cc", "--target=wasm32-wasi", "-O2"] + extraFlags + [source.path, "-o", output.path],
        in: directory)
}

/// Compiles `source` natively with `clang -O2` (no FMA contraction: WebAssembly has no fused
/// multiply-add, so contracting would change float results on arm64).
func compileNatively(_ source: URL, output: URL, in directory: URL) async throws {
    try await runTool(
        "clang", ["-O2", "-ffp-contract=off", source.path, "-o", output.path, "-lm"], in: directory)
}

/// The first line where `actual` differs from `expected`, with both lines, or nil when equal.
func firstDifference(expected: Data, actual: Data) -> String? {
    guard expected != actual else { return nil }
    let expectedLines = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    let actualLines = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    for index in 0..<max(expectedLines.count, actualLines.count) {
        let want = index < expectedLines.count ? String(expectedLines[index]) : "<end of output>"
        let got = index < actualLines.count ? String(actualLines[index]) : "<end of output>"
        if want != got {
            return "stdout differs at line \(index + 1) (native \(expected.count) bytes, bs-aot \(actual.count) bytes):\n"
                + "  native: \(want.debugDescription)\n  bs-aot: \(got.debugDescription)"
        }
    }
    return "stdout differs in bytes that are not valid UTF-8 (native \(expected.count) bytes, bs-aot \(actual.count) bytes)"
}
