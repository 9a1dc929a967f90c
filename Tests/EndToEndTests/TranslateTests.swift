import Foundation
import TestSupport
import Testing

/// `bs-aot translate`: the C, the runtime, `BUILD.sh` and a Makefile that each build the program,
/// and a second translation that leaves make nothing to do.
@Suite struct TranslateTests {
    static let hello = repositoryRoot.appendingPathComponent("examples/hello/hello.wasm").path

    func translate(into folder: URL) async throws {
        let bsAot = try #require(bsAotExecutable, "no bs-aot executable beside the test bundle (run `swift build` first)")
        let result = try await runProcess(bsAot.path, ["translate", Self.hello, "-o", "out"], in: folder)
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText.hasPrefix("wrote out; build with: (cd out && cc "), "\(result.stdoutText)")
    }

    @Test func buildShellScriptBuildsTheProgram() async throws {
        let folder = try makeScratchDirectory("translate-sh")
        try await translate(into: folder)
        let out = folder.appendingPathComponent("out")
        let build = try await runProcess("/bin/sh", ["BUILD.sh"], in: out)
        #expect(build.status == 0, "\(build.stderrText)")
        let run = try await runProcess(out.appendingPathComponent("hello").path, [], in: out)
        #expect(run.stdoutText == "Hello, WebAssembly!\n")
    }

    @Test func makefileBuildsInParallelAndAgainOnlyWhatChanged() async throws {
        guard let make = ["/usr/bin/make", "/bin/make", "/usr/local/bin/make"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            recordSkip("TranslateTests.makefileBuildsInParallelAndAgainOnlyWhatChanged", reason: "make is not installed")
            return
        }
        let folder = try makeScratchDirectory("translate-make")
        try await translate(into: folder)
        let out = folder.appendingPathComponent("out")
        let build = try await runProcess(make, ["-j2"], in: out)
        #expect(build.status == 0, "\(build.stdoutText)\(build.stderrText)")
        let run = try await runProcess(out.appendingPathComponent("hello").path, [], in: out)
        #expect(run.stdoutText == "Hello, WebAssembly!\n")
        // The same translation again rewrites nothing, so every target stays up to date.
        try await translate(into: folder)
        let question = try await runProcess(make, ["-q"], in: out)
        #expect(question.status == 0, "make -q after an unchanged translation: \(question.stdoutText)")
    }
}
