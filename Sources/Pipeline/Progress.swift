import Foundation

/// Reports stage names and "compiling N/M" with the seconds elapsed on one self-overwriting
/// stderr line, for big modules built from a terminal; silent otherwise (pipes, CI logs, small
/// modules).
struct ProgressLine: Sendable {
    /// Modules at least this big (bytes) get progress.
    static let threshold = 1 << 20

    let enabled: Bool
    private let start = Date()

    /// Progress for an input of `byteCount` bytes: shown only when stderr is a terminal and the
    /// module is big.
    init(byteCount: Int) {
        enabled = byteCount >= Self.threshold && isatty(STDERR_FILENO) != 0
    }

    /// Shows `message`, replacing the previous one.
    func show(_ message: String) {
        guard enabled else { return }
        let elapsed = Int(Date().timeIntervalSince(start))
        FileHandle.standardError.write(Data("\r\u{1B}[2Kbs-aot: \(message) (\(elapsed) s)".utf8))
    }

    /// Clears the line (before an error or at the end).
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    /// The closure form of `show`, for the toolchain.
    var reporter: (@Sendable (String) -> Void)? {
        guard enabled else { return nil }
        let line = self
        return { line.show($0) }
    }
}

/// Writes compiler warnings to stderr as they come.
let printWarnings: @Sendable (String) -> Void = { text in
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}
