import Foundation

/// The repository root: this file is `<root>/Tests/EndToEndTests/Support.swift`.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

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

/// Runs the executable at `path` with `arguments` and empty stdin, collecting stdout and stderr
/// through files in `directory`; kills it after `timeout`.
func runProcess(
    _ path: String, _ arguments: [String], in directory: URL, timeout: Duration = .seconds(120)
) async throws -> ProcessResult {
    let tag = UUID().uuidString
    let outputURL = directory.appendingPathComponent("stdout-\(tag)")
    let errorURL = directory.appendingPathComponent("stderr-\(tag)")
    _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
    defer {
        for url in [outputURL, errorURL] { try? FileManager.default.removeItem(at: url) }
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let output = try FileHandle(forWritingTo: outputURL)
    let errors = try FileHandle(forWritingTo: errorURL)
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let deadline = ContinuousClock.now + timeout
    var timedOut = false
    while process.isRunning {
        if ContinuousClock.now > deadline {
            process.terminate()
            timedOut = true
            break
        }
        try await Task.sleep(for: .milliseconds(10))
    }
    process.waitUntilExit()
    try output.close()
    try errors.close()
    return ProcessResult(
        stdout: try Data(contentsOf: outputURL), stderr: try Data(contentsOf: errorURL),
        status: process.terminationStatus, exitedNormally: process.terminationReason == .exit && !timedOut,
        timedOut: timedOut)
}

/// This test process's files: removed when the process exits unless `BS_AOT_KEEP_TEST_FILES`
/// is set.
let scratchRoot = FileManager.default.temporaryDirectory
    .appendingPathComponent("bs-aot-e2e-tests-\(ProcessInfo.processInfo.processIdentifier)")

private let scratchRootCreated: Void = {
    try? FileManager.default.removeItem(at: scratchRoot)
    try? FileManager.default.createDirectory(at: scratchRoot, withIntermediateDirectories: true)
    if ProcessInfo.processInfo.environment["BS_AOT_KEEP_TEST_FILES"] == nil {
        atexit { try? FileManager.default.removeItem(at: scratchRoot) }
    }
}()

/// A new, empty subdirectory of `scratchRoot`.
func makeScratchDirectory(_ name: String) throws -> URL {
    scratchRootCreated
    let url = scratchRoot.appendingPathComponent(name)
    try? FileManager.default.removeItem(at: url)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The names in `directory`, sorted (to show what a failed build left behind).
func contents(of directory: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
}
