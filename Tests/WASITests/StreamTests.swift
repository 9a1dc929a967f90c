import Foundation
import Testing

/// Large binary standard input (from a file and from a pipe), several MiB of standard output
/// and of file output (`large_io.c`), and exit statuses with unflushed files
/// (`exit_flush.c`), natively and through bs-aot.
@Suite(.serialized)
struct StreamTests {
    static let cases: [DirectoryCase] = [
        DirectoryCase(program: "large_io", stdin: .file(binaryInput(bytes: 3_000_000)), label: "3 MB stdin file"),
        DirectoryCase(program: "large_io", stdin: .pipe(binaryInput(bytes: 3_000_000)), label: "3 MB stdin pipe"),
        DirectoryCase(program: "large_io", label: "empty stdin"),
        DirectoryCase(program: "exit_flush", arguments: ["exit", "3"], expectedStatus: 3, label: "exit(3)"),
        DirectoryCase(program: "exit_flush", arguments: ["return", "0"], label: "return 0"),
        // wasmtime refuses exit statuses above 125 (it traps instead).
        DirectoryCase(
            program: "exit_flush", arguments: ["return", "255"], expectedStatus: 255, wasmtimeAgrees: false,
            label: "return 255"),
        // _exit skips the stdio flush: nothing on stdout, an empty log.txt.
        DirectoryCase(
            program: "exit_flush", arguments: ["_exit", "9"], expectedStatus: 9, printsNothing: true, label: "_exit(9)"),
    ]

    @Test(arguments: cases)
    func nativeAndBsAotAgree(_ testCase: DirectoryCase) async throws {
        try await expectSameAsNative(testCase)
    }
}

/// `bytes` deterministic bytes in which every value occurs (NULs included).
func binaryInput(bytes: Int) -> Data {
    var state: UInt32 = 2_463_534_242
    var data = Data(capacity: bytes)
    for index in 0..<bytes {
        state ^= state << 13
        state ^= state >> 17
        state ^= state << 5
        data.append(index % 97 == 0 ? 0 : UInt8(truncatingIfNeeded: state))
    }
    return data
}
