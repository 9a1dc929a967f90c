import Foundation
import TestSupport
import Testing
import WAT

// What the WASIX tests share: the C programs of Tests/WASIXPrograms (each declares the WASIX
// imports it calls and prints `ok <check>` / `FAIL <check>: ...`, see wasix_test.h), compiled
// to wasm32-wasi with Zig's clang, built with the `bs-aot` command line, and run.

let wasixProgramsDirectory = repositoryRoot.appendingPathComponent("Tests/WASIXPrograms")

/// The `bs-aot` executable, or a failure saying how to get one.
func requireBsAot() throws -> URL {
    guard let command = bsAotExecutable else {
        throw SetupFailure(description: "no bs-aot executable beside the test bundle (run `swift build` first)")
    }
    return command
}

/// Compiles `Tests/WASIXPrograms/<name>.c` to wasm32-wasi and builds it with `bs-aot build`
/// and `options` in a fresh scratch directory; returns (directory, executable).
func buildWASIXProgram(_ name: String, options: [String] = []) async throws -> (directory: URL, executable: URL) {
    let bsAot = try requireBsAot()
    let directory = try makeScratchDirectory("wasix-\(name)")
    let source = wasixProgramsDirectory.appendingPathComponent("\(name).c")
    let wasm = directory.appendingPathComponent("\(name).wasm")
    try await runTool(
        "python3", ["-m", "ziglang", "cc", "--target=wasm32-wasi", "-O2", "-I", wasixProgramsDirectory.path,
                    source.path, "-o", wasm.path], in: directory)
    let executable = directory.appendingPathComponent(name)
    try await runTool(bsAot.path, ["build", wasm.path, "-o", executable.path] + options, in: directory)
    return (directory, executable)
}

/// Assembles `wat` (WasmKit's WAT) and builds it with `bs-aot build` and `options` in a fresh
/// scratch directory; returns (directory, executable).
func buildWATProgram(_ name: String, _ wat: String, options: [String] = []) async throws -> (directory: URL, executable: URL) {
    let bsAot = try requireBsAot()
    let directory = try makeScratchDirectory("wasix-\(name)")
    let wasm = directory.appendingPathComponent("\(name).wasm")
    try Data(try wat2wasm(wat, features: .all)).write(to: wasm)
    let executable = directory.appendingPathComponent(name)
    try await runTool(bsAot.path, ["build", wasm.path, "-o", executable.path] + options, in: directory)
    return (directory, executable)
}

/// The `ok` and `FAIL` lines of a program's output.
func checks(in output: String) -> (passed: Set<String>, failed: [String]) {
    var passed = Set<String>()
    var failed: [String] = []
    for line in output.split(separator: "\n") {
        if line.hasPrefix("ok ") { passed.insert(String(line.dropFirst(3))) }
        if line.hasPrefix("FAIL ") { failed.append(String(line)) }
    }
    return (passed, failed)
}

/// Runs a built WASIX program and expects exit 0, no FAIL line, and an `ok` for every name in
/// `expected`.
func expectChecks(
    _ executable: URL, _ arguments: [String] = [], in directory: URL, expected: [String],
    timeout: Duration = .seconds(120), sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let result = try await runProcess(executable.path, arguments, in: directory, timeout: timeout)
    let (passed, failed) = checks(in: result.stdoutText)
    #expect(failed.isEmpty, "\(failed.joined(separator: "\n"))\nstderr: \(result.stderrText)", sourceLocation: sourceLocation)
    for name in expected {
        #expect(passed.contains(name), "no `ok \(name)`; output:\n\(result.stdoutText)\nstderr: \(result.stderrText)",
                sourceLocation: sourceLocation)
    }
    #expect(result.exitedNormally && result.status == 0, "\(result.ending); stderr: \(result.stderrText)",
            sourceLocation: sourceLocation)
}
