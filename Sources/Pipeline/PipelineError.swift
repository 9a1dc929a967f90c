import Lowering
import Toolchain
import WasmModule

/// Why a build, translation or inspection failed: one line naming the file and the problem
/// (`x.wasm: unexpected end at offset 12`, `cannot read 'x.wasm': No such file or directory`),
/// plus, for compiler failures, the compiler's own output on the following lines.
public struct PipelineError: Error, CustomStringConvertible, Sendable {
    /// The input the error concerns, or `nil` when `message` already names it.
    public var file: String?
    /// One line: the problem.
    public var message: String
    /// More lines (the C compiler's stderr), or `nil`.
    public var details: String?

    /// Creates an error about `file` (when given) with a one-line `message`.
    public init(file: String?, message: String, details: String? = nil) {
        self.file = file
        self.message = message
        self.details = details
    }

    /// The first line (`file: message`), then the details, if any.
    public var description: String {
        let line = file.map { "\($0): \(message)" } ?? message
        guard let details, !details.isEmpty else { return line }
        return line + "\n" + (details.hasSuffix("\n") ? String(details.dropLast()) : details)
    }

    init(file: String, _ error: DecodeError) {
        self.init(file: file, message: error.description)
    }

    init(file: String, _ error: LoweringError) {
        self.init(file: file, message: error.description)
    }

    /// Toolchain messages name their own files (`cannot write 'out'`, `C compiler failed on
    /// 'w_0.c'`), so the input file is not repeated.
    init(_ error: ToolchainError) {
        self.init(file: nil, message: error.message, details: error.details)
    }
}
