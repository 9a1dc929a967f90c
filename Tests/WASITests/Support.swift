import Foundation

/// The repository root: this file is `<root>/Tests/WASITests/Support.swift`.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The C programs (see their README). `Tests/WASITests/programs/` is used instead when it exists:
/// SwiftPM accepts `.c` files there only once `Package.swift` excludes that folder.
let programsDirectory: URL = {
    let inside = repositoryRoot.appendingPathComponent("Tests/WASITests/programs")
    if FileManager.default.fileExists(atPath: inside.appendingPathComponent("loops.c").path) { return inside }
    return repositoryRoot.appendingPathComponent("Tests/WASIPrograms")
}()

/// A test-setup failure (a missing tool, a compiler error) with the message to show.
struct SetupFailure: Error, CustomStringConvertible {
    var description: String
}

/// How a child process ended, and what it printed.
struct ProcessResult: Sendable {
    var stdout: Data
    var stderr: Data
    /// The exit status, or the signal number when `exitedNormally` is false.
    var status: Int32
    /// False when the process died from a signal (or was killed at the timeout).
    var exitedNormally: Bool
    var timedOut: Bool

    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    /// "exit status N" or "signal N", for messages.
    var ending: String {
        if timedOut { return "killed after the timeout" }
        return exitedNormally ? "exit status \(status)" : "signal \(status)"
    }
}

/// Runs `executable` (a path, or a command name looked up in `PATH`) with `arguments`, feeding
/// `stdin` and collecting stdout and stderr through files in `directory` (no pipe deadlocks on
/// big outputs). `environment` nil inherits the test's environment. Kills it after `timeout`.
func runProcess(
    _ executable: String, _ arguments: [String], stdin: Data = Data(), environment: [String: String]? = nil,
    in directory: URL, timeout: Duration = .seconds(300)
) async throws -> ProcessResult {
    let tag = UUID().uuidString
    let inputURL = directory.appendingPathComponent("stdin-\(tag)")
    let outputURL = directory.appendingPathComponent("stdout-\(tag)")
    let errorURL = directory.appendingPathComponent("stderr-\(tag)")
    try stdin.write(to: inputURL)
    _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
    defer {
        for url in [inputURL, outputURL, errorURL] { try? FileManager.default.removeItem(at: url) }
    }

    let process = Process()
    if executable.contains("/") {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
    } else {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
    }
    if let environment { process.environment = environment }
    process.currentDirectoryURL = directory
    let input = try FileHandle(forReadingFrom: inputURL)
    let output = try FileHandle(forWritingTo: outputURL)
    let errors = try FileHandle(forWritingTo: errorURL)
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let deadline = ContinuousClock.now + timeout
    var timedOut = false
    while process.isRunning {
        if ContinuousClock.now > deadline {
            process.terminate()
            timedOut = true
            process.waitUntilExit()
            break
        }
        try await Task.sleep(for: .milliseconds(10))
    }
    process.waitUntilExit()
    try input.close()
    try output.close()
    try errors.close()
    return ProcessResult(
        stdout: try Data(contentsOf: outputURL), stderr: try Data(contentsOf: errorURL),
        status: process.terminationStatus, exitedNormally: process.terminationReason == .exit && !timedOut,
        timedOut: timedOut)
}

/// Runs a compiler or tool and throws its stderr when it fails.
func runTool(_ command: String, _ arguments: [String], in directory: URL) async throws {
    let result = try await runProcess(command, arguments, in: directory, timeout: .seconds(600))
    guard result.exitedNormally, result.status == 0 else {
        throw SetupFailure(
            description: "`\(([command] + arguments).joined(separator: " "))` failed (\(result.ending)):\n"
                + result.stderrText + result.stdoutText)
    }
}

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
func compileToWasm(_ source: URL, output: URL, in directory: URL) async throws {
    try await zigAvailability.value.get()
    try await runTool(
        "python3", ["-m", "ziglang", "cc", "--target=wasm32-wasi", "-O2", source.path, "-o", output.path],
        in: directory)
}

/// Compiles `source` natively with `clang -O2` (no FMA contraction: WebAssembly has no fused
/// multiply-add, so contracting would change float results on arm64).
func compileNatively(_ source: URL, output: URL, in directory: URL) async throws {
    try await runTool(
        "clang", ["-O2", "-ffp-contract=off", source.path, "-o", output.path, "-lm"], in: directory)
}

/// This test process's files: removed when the process exits unless `BS_AOT_KEEP_TEST_FILES`
/// is set.
let scratchRoot = FileManager.default.temporaryDirectory
    .appendingPathComponent("bs-aot-wasi-tests-\(ProcessInfo.processInfo.processIdentifier)")

private let scratchRootCreated: Void = {
    try? FileManager.default.removeItem(at: scratchRoot)
    try? FileManager.default.createDirectory(at: scratchRoot, withIntermediateDirectories: true)
    if ProcessInfo.processInfo.environment["BS_AOT_KEEP_TEST_FILES"] == nil {
        atexit { try? FileManager.default.removeItem(at: scratchRoot) }
    }
}()

/// A new subdirectory of `scratchRoot`.
func makeScratchDirectory(_ name: String) throws -> URL {
    scratchRootCreated
    let url = scratchRoot.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
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
