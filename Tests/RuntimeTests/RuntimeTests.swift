import Foundation
import Subprocess
import Testing

/// Runs the C-level runtime checks (`Tests/RuntimeTests/run.sh`, which compiles and runs small
/// C programs against runtime-c) and requires them to pass.
@Suite struct RuntimeTests {
    /// `Tests/RuntimeTests`, found from this file's path (tests run from the package root or not).
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path

    @Test func runtimeChecksPass() async throws {
        try await runChecks([])
    }

    /// The same checks built with AddressSanitizer and UndefinedBehaviorSanitizer (UBSan alone
    /// for the tests that fault on purpose; see run.sh).
    @Test func runtimeChecksPassUnderSanitizers() async throws {
        try await runChecks(["--sanitize"])
    }

    private func runChecks(_ options: [String]) async throws {
        let script = "\(Self.directory)/run.sh"
        let result = try await run(
            .path("/bin/sh"), arguments: .init([script] + options),
            workingDirectory: .init(Self.directory),
            output: .string(limit: 64 << 20), error: .combinedWithOutput)
        let output = result.standardOutput
        #expect(result.terminationStatus == .exited(0), "run.sh failed (\(result.terminationStatus)):\n\(output)")
    }
}
