import Foundation
import TestSupport
import Pipeline
import Testing

/// Inputs that must not build: each gives a one-line error and leaves nothing in the output folder.
struct BadInput: Sendable, CustomTestStringConvertible {
    var name: String
    /// The file's contents, or nil for a file that does not exist.
    var bytes: [UInt8]?

    var testDescription: String { name }

    static let all: [BadInput] = [
        BadInput(name: "random bytes", bytes: randomBytes(count: 4096, seed: 0x5EED)),
        BadInput(name: "truncated module", bytes: truncatedHello()),
        BadInput(name: "missing file", bytes: nil),
        BadInput(name: "empty file", bytes: []),
        BadInput(name: "magic only", bytes: [0x00, 0x61, 0x73, 0x6D]),
        BadInput(name: "wrong version", bytes: [0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00]),
    ]

    /// Deterministic bytes (xorshift), never starting with the `\0asm` magic.
    static func randomBytes(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        var bytes: [UInt8] = (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state >> 24)
        }
        if bytes[0] == 0 { bytes[0] = 0xFF }
        return bytes
    }

    /// The first half of `examples/hello/hello.wasm`.
    static func truncatedHello() -> [UInt8] {
        let url = repositoryRoot.appendingPathComponent("examples/hello/hello.wasm")
        let whole = (try? Data(contentsOf: url)).map { [UInt8]($0) } ?? []
        return Array(whole.prefix(whole.count / 2))
    }
}

/// A module importing `env.made_up_host_function` (which no runtime provides) and calling it
/// from `_start`. Assembled with `wat2wasm --debug-names` from:
/// ```wat
/// (module
///   (import "env" "made_up_host_function" (func $made_up_host_function (param i32) (result i32)))
///   (memory (export "memory") 1)
///   (func $_start (export "_start")
///     (drop (call $made_up_host_function (i32.const 3)))))
/// ```
let unsupportedImportModule: [UInt8] = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x09, 0x02, 0x60, 0x01, 0x7f, 0x01, 0x7f,
    0x60, 0x00, 0x00, 0x02, 0x1d, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x15, 0x6d, 0x61, 0x64, 0x65, 0x5f,
    0x75, 0x70, 0x5f, 0x68, 0x6f, 0x73, 0x74, 0x5f, 0x66, 0x75, 0x6e, 0x63, 0x74, 0x69, 0x6f, 0x6e,
    0x00, 0x00, 0x03, 0x02, 0x01, 0x01, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x13, 0x02, 0x06, 0x6d,
    0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x06, 0x5f, 0x73, 0x74, 0x61, 0x72, 0x74, 0x00, 0x01,
    0x0a, 0x09, 0x01, 0x07, 0x00, 0x41, 0x03, 0x10, 0x00, 0x1a, 0x0b, 0x00, 0x2e, 0x04, 0x6e, 0x61,
    0x6d, 0x65, 0x01, 0x20, 0x02, 0x00, 0x15, 0x6d, 0x61, 0x64, 0x65, 0x5f, 0x75, 0x70, 0x5f, 0x68,
    0x6f, 0x73, 0x74, 0x5f, 0x66, 0x75, 0x6e, 0x63, 0x74, 0x69, 0x6f, 0x6e, 0x01, 0x06, 0x5f, 0x73,
    0x74, 0x61, 0x72, 0x74, 0x02, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00,
]

/// Writes `input` as `input.wasm` into a fresh folder (or nothing, for a missing file); returns
/// the input path and the folder.
func prepare(_ input: BadInput, tag: String) throws -> (wasm: URL, folder: URL) {
    let folder = try makeScratchDirectory("\(tag)-\(input.name.replacingOccurrences(of: " ", with: "-"))")
    let wasm = folder.appendingPathComponent("input.wasm")
    if let bytes = input.bytes { try Data(bytes).write(to: wasm) }
    return (wasm, folder)
}

@Suite(.serialized)
struct BuildErrorTests {
    /// `buildExecutable` throws an error whose description is one line, and creates nothing: the
    /// folder holds only the input afterwards (no output, no temporary files).
    @Test(arguments: BadInput.all)
    func badInputGivesOneLineErrorAndNoOutput(_ input: BadInput) async throws {
        let (wasm, folder) = try prepare(input, tag: "api")
        let output = folder.appendingPathComponent("out")
        let before = contents(of: folder)

        let error = await #expect(throws: (any Error).self) {
            try await buildExecutable(from: wasm.path, to: output.path, options: BuildOptions())
        }
        let message = error.map { String(describing: $0) } ?? ""
        #expect(!message.isEmpty)
        #expect(!message.contains("\n"), "the error is not one line: \(message.debugDescription)")
        #expect(!FileManager.default.fileExists(atPath: output.path), "a failed build left \(output.path)")
        #expect(contents(of: folder) == before, "the folder now holds \(contents(of: folder))")
        if input.bytes == nil {
            #expect(message.contains(wasm.path) || message.contains("input.wasm"), "does not name the file: \(message)")
        }
    }

    /// A module that imports something the runtime lacks is refused, naming the import, unless
    /// unsupported imports are allowed; then the import traps when called.
    @Test func unsupportedImportIsRefusedThenTrapsWhenAllowed() async throws {
        let folder = try makeScratchDirectory("unsupported-import")
        let wasm = folder.appendingPathComponent("imports.wasm")
        let output = folder.appendingPathComponent("imports")
        try Data(unsupportedImportModule).write(to: wasm)

        let error = await #expect(throws: (any Error).self) {
            try await buildExecutable(from: wasm.path, to: output.path, options: BuildOptions())
        }
        let message = error.map { String(describing: $0) } ?? ""
        #expect(message.contains("made_up_host_function"), "the error does not name the import: \(message)")
        #expect(!FileManager.default.fileExists(atPath: output.path))

        var options = BuildOptions()
        options.allowUnsupportedImports = true
        try await buildExecutable(from: wasm.path, to: output.path, options: options)
        let result = try await runProcess(output.path, [], in: folder)
        #expect(result.exitedNormally && result.status == 134, "\(result.ending); stderr: \(result.stderrText)")
        #expect(result.stderrText.contains("bs-aot: trap:"), "stderr: \(result.stderrText)")
        #expect(result.stderrText.contains("made_up_host_function"), "stderr: \(result.stderrText)")
    }
}

@Suite(.serialized)
struct CommandLineErrorTests {
    /// `bs-aot build BAD -o OUT`: a non-zero exit, exactly one line on stderr, nothing on stdout,
    /// and no output file.
    @Test(arguments: BadInput.all)
    func buildCommandFailsWithOneLine(_ input: BadInput) async throws {
        let executable = try #require(
            bsAotExecutable, "no bs-aot executable beside the test bundle (run `swift build` first)")
        let (wasm, folder) = try prepare(input, tag: "cli")
        let output = folder.appendingPathComponent("out")
        let before = contents(of: folder)

        let result = try await runProcess(executable.path, ["build", wasm.path, "-o", output.path], in: folder)
        let lines = result.stderrText.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(result.exitedNormally && result.status != 0, "bs-aot build ended with \(result.ending)")
        #expect(lines.count == 1, "stderr is not one line: \(result.stderrText.debugDescription)")
        #expect(result.stdout.isEmpty, "stdout: \(result.stdoutText.debugDescription)")
        #expect(!FileManager.default.fileExists(atPath: output.path), "a failed build left \(output.path)")
        #expect(contents(of: folder) == before, "the folder now holds \(contents(of: folder))")
    }
}
