import Foundation

// What the end-to-end test targets share: running a child process with a timeout, and a scratch
// directory per test process.

/// The repository root: this file is `<root>/Tests/TestSupport/Processes.swift`.
public let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// How a child process ended, and what it printed.
public struct ProcessResult: Sendable {
    public var stdout: Data
    public var stderr: Data
    /// The exit status, or the signal number when `exitedNormally` is false.
    public var status: Int32
    /// False when the process died from a signal (or was killed at the timeout).
    public var exitedNormally: Bool
    public var timedOut: Bool

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    /// "exit status N" or "signal N", for messages.
    public var ending: String {
        if timedOut { return "killed after the timeout" }
        return exitedNormally ? "exit status \(status)" : "signal \(status)"
    }
}

/// Runs `executable` (a path, or a command name looked up in `PATH`) with `arguments`, feeding
/// `stdin` and collecting stdout and stderr through files in `directory` (no pipe deadlocks on
/// big outputs). `environment` nil inherits the test's environment. Kills it after `timeout`.
public func runProcess(
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

/// This test process's files: removed when the process exits unless `BS_AOT_KEEP_TEST_FILES`
/// is set.
public let scratchRoot = FileManager.default.temporaryDirectory
    .appendingPathComponent("bs-aot-tests-\(ProcessInfo.processInfo.processIdentifier)")

private let scratchRootCreated: Void = {
    try? FileManager.default.removeItem(at: scratchRoot)
    try? FileManager.default.createDirectory(at: scratchRoot, withIntermediateDirectories: true)
    if ProcessInfo.processInfo.environment["BS_AOT_KEEP_TEST_FILES"] == nil {
        atexit { try? FileManager.default.removeItem(at: scratchRoot) }
    }
}()

/// A new, empty subdirectory of `scratchRoot`.
public func makeScratchDirectory(_ name: String) throws -> URL {
    scratchRootCreated
    let url = scratchRoot.appendingPathComponent(name)
    try? FileManager.default.removeItem(at: url)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

