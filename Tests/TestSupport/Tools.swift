import Foundation

/// A test-setup failure (a missing tool, a compiler error) with the message to show.
public struct SetupFailure: Error, CustomStringConvertible {
    public var description: String
    public init(description: String) { self.description = description }
}

/// Runs a compiler or tool and throws a SetupFailure with its output when it fails.
public func runTool(_ command: String, _ arguments: [String], in directory: URL) async throws {
    let result = try await runProcess(command, arguments, in: directory, timeout: .seconds(600))
    guard result.exitedNormally, result.status == 0 else {
        throw SetupFailure(
            description: "`\(([command] + arguments).joined(separator: " "))` failed (\(result.ending)):\n"
                + result.stderrText + result.stdoutText)
    }
}
