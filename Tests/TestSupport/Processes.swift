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

/// What a child process reads on standard input.
public enum StandardInput: Sendable {
    /// `/dev/null`.
    case empty
    /// A regular file holding these bytes.
    case file(Data)
    /// A pipe filled with these bytes and then closed.
    case pipe(Data)
    /// A pipe that stays empty for `afterSeconds`, then receives `text` and is closed.
    case latePipe(String, afterSeconds: Int)
}

/// Runs `executable` (a path, or a command name looked up in `PATH`) with `arguments`, feeding
/// `stdin` from a file and collecting stdout and stderr through files (no pipe deadlocks on big
/// outputs). `environment` nil inherits the test's environment. Kills it after `timeout`.
public func runProcess(
    _ executable: String, _ arguments: [String], stdin: Data = Data(), environment: [String: String]? = nil,
    in directory: URL, timeout: Duration = .seconds(300)
) async throws -> ProcessResult {
    try await runProcess(
        executable, arguments, input: .file(stdin), environment: environment, in: directory, timeout: timeout)
}

/// `runProcess` with standard input from `input`. The files that carry the streams live in a
/// scratch directory of their own, so the tree a program leaves in `directory` can be compared.
public func runProcess(
    _ executable: String, _ arguments: [String], input: StandardInput, environment: [String: String]? = nil,
    in directory: URL, timeout: Duration = .seconds(300)
) async throws -> ProcessResult {
    let io = try makeScratchDirectory("io-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: io) }
    let outputURL = io.appendingPathComponent("stdout")
    let errorURL = io.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)

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
    let output = try FileHandle(forWritingTo: outputURL)
    let errors = try FileHandle(forWritingTo: errorURL)
    process.standardOutput = output
    process.standardError = errors

    // A pipe is filled by a thread of its own (after the delay, for `latePipe`), then closed.
    var pipeFeed: (pipe: Pipe, data: Data, delaySeconds: Int)? = nil
    switch input {
    case .empty:
        process.standardInput = FileHandle.nullDevice
    case .file(let data):
        let inputURL = io.appendingPathComponent("stdin")
        try data.write(to: inputURL)
        process.standardInput = try FileHandle(forReadingFrom: inputURL)
    case .pipe(let data):
        let pipe = Pipe()
        process.standardInput = pipe
        pipeFeed = (pipe, data, 0)
    case .latePipe(let text, let seconds):
        let pipe = Pipe()
        process.standardInput = pipe
        pipeFeed = (pipe, Data(text.utf8), seconds)
    }
    try process.run()
    var feeder: Thread? = nil
    if let (pipe, data, delay) = pipeFeed {
        try? pipe.fileHandleForReading.close()
        let writer = pipe.fileHandleForWriting
        // The child may exit without reading everything: writing must not kill the tests.
        signal(SIGPIPE, SIG_IGN)
        let thread = Thread {
            if delay > 0 { Thread.sleep(forTimeInterval: TimeInterval(delay)) }
            try? writer.write(contentsOf: data)
            try? writer.close()
        }
        thread.start()
        feeder = thread
    }
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
    while let thread = feeder, !thread.isFinished { try await Task.sleep(for: .milliseconds(10)) }
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

