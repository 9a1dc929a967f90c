import Foundation
import Testing

/// Polling, sleeping, clocks and randomness (`polling.c`, `random.c`), natively and through
/// bs-aot: outputs are properties (timings within bounds, draws that differ), so they compare.
@Suite(.serialized)
struct PollTests {
    static let cases: [DirectoryCase] = [
        // wasmtime reads stdin on a helper thread, so a zero-timeout poll of a regular-file stdin
        // finds nothing yet; Linux (and bs-aot) reports it readable at once.
        DirectoryCase(
            program: "polling", arguments: ["file"], stdin: .file(Data("some input\n".utf8)), wasmtimeAgrees: false,
            label: "stdin is a file"),
        // Not compared with wasmtime: wasmtime-py's start-up (importing wasmtime, compiling the
        // module) can take longer than the 2 s on a loaded machine, and the line is then there
        // before the program's first poll. Native and bs-aot executables start in milliseconds.
        DirectoryCase(
            program: "polling", arguments: ["pipe"], stdin: .latePipe("late\n", afterSeconds: 2), wasmtimeAgrees: false,
            label: "stdin is a pipe written after 2 s"),
        DirectoryCase(program: "random"),
    ]

    @Test(arguments: cases)
    func nativeAndBsAotAgree(_ testCase: DirectoryCase) async throws {
        try await expectSameAsNative(testCase)
    }
}
