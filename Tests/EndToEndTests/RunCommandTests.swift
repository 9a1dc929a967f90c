import Foundation
import TestSupport
import Testing

/// `bs-aot run IN.wasm ARGS...`: builds into a cache keyed by content, then becomes the program.
@Suite(.serialized)
struct RunCommandTests {
    @Test func runsTheProgramWithItsArgumentsAndStatusTwiceFromTheCache() async throws {
        let executable = try #require(
            bsAotExecutable, "no bs-aot executable beside the test bundle (run `swift build` first)")
        let folder = try makeScratchDirectory("run-command")
        var environment = ProcessInfo.processInfo.environment
        environment["BS_AOT_CACHE_DIR"] = folder.appendingPathComponent("cache").path
        let example = repositoryRoot.appendingPathComponent("examples/beanstalk-print/print.wasm").path
        let expected = try String(
            contentsOf: repositoryRoot.appendingPathComponent("examples/beanstalk-print/expected-output.txt"),
            encoding: .utf8)
        for _ in 0..<2 {
            let result = try await runProcess(executable.path, ["run", example], environment: environment, in: folder)
            #expect(result.exitedNormally && result.status == 0, "\(result.ending); stderr: \(result.stderrText)")
            #expect(result.stdoutText == expected)
        }
        let cached = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("cache/run").path)
        #expect(cached.filter { !$0.hasPrefix(".") }.count == 1, "cache/run holds \(cached)")
    }

    @Test func aMissingModuleIsOneLineAndStatusOne() async throws {
        let executable = try #require(bsAotExecutable)
        let folder = try makeScratchDirectory("run-missing")
        let result = try await runProcess(executable.path, ["run", "missing.wasm"], in: folder)
        #expect(result.exitedNormally && result.status == 1)
        #expect(result.stderrText.split(separator: "\n").count == 1, "stderr: \(result.stderrText)")
    }
}
