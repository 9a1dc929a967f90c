import Foundation

/// A failure of the toolchain stage: a file that cannot be read or written, a missing C compiler,
/// or a compiler or linker that exited with an error.
///
/// `message` is one line; `details` holds the compiler's own diagnostics (its stderr), if any.
public struct ToolchainError: Error, CustomStringConvertible, Sendable {
    /// One line naming the file or program and the problem.
    public var message: String
    /// The failing program's stderr, verbatim (may span many lines), or `nil`.
    public var details: String?

    /// Creates an error from a one-line `message` and optional multi-line `details`.
    public init(_ message: String, details: String? = nil) {
        self.message = message
        self.details = details
    }

    /// The message, followed by the details on the lines after it.
    public var description: String {
        guard let details, !details.isEmpty else { return message }
        return message + "\n" + (details.hasSuffix("\n") ? String(details.dropLast()) : details)
    }

    /// "cannot <verb> '<path>': <strerror(code)>", the form C tools use.
    static func system(_ verb: String, _ path: String, errno code: Int32) -> ToolchainError {
        ToolchainError("cannot \(verb) '\(path)': \(String(cString: strerror(code)))")
    }
}
