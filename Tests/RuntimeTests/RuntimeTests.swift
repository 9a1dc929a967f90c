import Foundation
import Subprocess
import Testing

/// Runs the C-level runtime checks (`Tests/RuntimeTests/run.sh`, which compiles and runs small
/// C programs against runtime-c) and requires them to pass.
@Suite struct RuntimeTests {
    /// `Tests/RuntimeTests`, found from this file's path (tests run from the package root or not).
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path

    @Test func runtimeChecksPass() async throws {
        let script = "\(Self.directory)/run.sh"
        guard FileManager.default.fileExists(atPath: script) else {
            print("RuntimeTests: \(script) not present yet; nothing to run")
            return
        }
        let result = try await run(
            .path("/bin/sh"), arguments: [script],
            workingDirectory: .init(Self.directory),
            output: .string(limit: 64 << 20), error: .combinedWithOutput)
        let output = result.standardOutput
        #expect(result.terminationStatus == .exited(0), "run.sh failed (\(result.terminationStatus)):\n\(output)")
    }
}
