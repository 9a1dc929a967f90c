import Foundation
import Subprocess

/// How a finished child process ended, and what it wrote to stderr.
struct ProcessOutcome: Sendable {
    /// The exit status, or `nil` when a signal ended the process.
    var exitCode: Int32?
    /// The signal that ended the process, if one did.
    var signal: Int32?
    /// Everything the process wrote to stderr (and stdout, when merged).
    var errorOutput: String

    var succeeded: Bool { exitCode == 0 }

    /// "exit status 1" / "signal 9", for messages.
    var statusText: String {
        if let exitCode { return "exit status \(exitCode)" }
        return "signal \(signal ?? 0)"
    }
}

/// Runs programs with swift-subprocess. The only place in bs-aot that starts processes.
enum ProcessRunner {
    /// Generous, but bounded: a runaway compiler cannot exhaust memory through us.
    static let outputLimit = 64 << 20

    /// Runs `program` (an absolute path) with `arguments`, stdout and stderr merged and captured.
    /// - Throws: `ToolchainError` when the program cannot be started at all.
    static func run(_ program: String, _ arguments: [String]) async throws(ToolchainError) -> ProcessOutcome {
        do {
            let result = try await Subprocess.run(
                .path(.init(program)),
                arguments: Arguments(arguments),
                output: .string(limit: outputLimit),
                error: .combinedWithOutput)
            let text = result.standardOutput
            switch result.terminationStatus {
            case .exited(let code): return ProcessOutcome(exitCode: code, signal: nil, errorOutput: text)
            case .signaled(let signal): return ProcessOutcome(exitCode: nil, signal: signal, errorOutput: text)
            }
        } catch {
            throw ToolchainError("cannot run '\(program)': \(error)")
        }
    }

    /// Runs `program` and throws, with its output, unless it exits 0. Returns its output (which
    /// holds any warnings).
    static func check(
        _ program: String, _ arguments: [String], failure: @autoclosure () -> String
    ) async throws(ToolchainError) -> String {
        let outcome = try await run(program, arguments)
        guard outcome.succeeded else {
            throw ToolchainError("\(failure()) (\(outcome.statusText))", details: outcome.errorOutput)
        }
        return outcome.errorOutput
    }
}

/// Runs `body` on every element with at most `limit` running at once; results keep input order.
/// `onEach` is called in the caller's task as each one finishes (for progress).
func concurrentMap<Element: Sendable, Result: Sendable>(
    _ elements: [Element], limit: Int,
    onEach: (Int) -> Void = { _ in },
    _ body: @escaping @Sendable (Element) async throws(ToolchainError) -> Result
) async throws(ToolchainError) -> [Result] {
    do {
        return try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var results = [Result?](repeating: nil, count: elements.count)
            var next = 0
            var finished = 0
            func startNext() {
                guard next < elements.count else { return }
                let index = next
                let element = elements[index]
                group.addTask { (index, try await body(element)) }
                next += 1
            }
            for _ in 0..<max(1, limit) { startNext() }
            while let (index, result) = try await group.next() {
                results[index] = result
                finished += 1
                onEach(finished)
                startNext()
            }
            return results.compactMap { $0 }
        }
    } catch let error as ToolchainError {
        throw error
    } catch {
        throw ToolchainError("\(error)")
    }
}
