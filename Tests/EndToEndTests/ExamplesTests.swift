import Foundation
import TestSupport
import Pipeline
import Testing

/// A project in `examples/`: a folder with one `.wasm` and the `expected-output.txt` it prints.
struct Example: Sendable, CustomTestStringConvertible {
    var name: String
    var directory: URL

    var testDescription: String { name }

    static let directory = repositoryRoot.appendingPathComponent("examples")

    /// Every folder of `examples/` but the library ones, sorted by name.
    static let all: [Example] = folders.filter { !$0.isLibrary }

    /// The folders of `examples/` holding a C program that embeds a library (`main.c`), which
    /// LibraryModeTests builds and runs.
    static let libraries: [Example] = folders.filter(\.isLibrary)

    private static let folders: [Example] = contents(of: directory).compactMap { name in
        let url = directory.appendingPathComponent(name)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { return nil }
        return Example(name: name, directory: url)
    }

    var isLibrary: Bool { FileManager.default.fileExists(atPath: directory.appendingPathComponent("main.c").path) }

    /// The example's `.wasm` files (there must be exactly one).
    var wasmFiles: [URL] {
        contents(of: directory).filter { $0.hasSuffix(".wasm") }.map { directory.appendingPathComponent($0) }
    }
}

@Suite(.serialized)
struct ExamplesTests {
    /// The examples the README and the issue promise.
    @Test func requiredExamplesExist() {
        let names = Set(Example.all.map(\.name))
        for required in ["hello", "fac", "beanstalk-print"] {
            #expect(names.contains(required), "examples/\(required) is missing")
        }
    }

    /// Each example has its source beside the `.wasm`, `expected-output.txt`, and a README of
    /// three lines (what it is, how to run it, how to rebuild the `.wasm`).
    @Test(arguments: Example.all)
    func exampleIsComplete(_ example: Example) throws {
        let files = contents(of: example.directory)
        #expect(example.wasmFiles.count == 1, "\(example.name) has \(example.wasmFiles.count) .wasm files")
        #expect(files.contains("expected-output.txt"))
        #expect(files.contains { $0.hasSuffix(".c") || $0.hasSuffix(".wat") }, "\(example.name) has no source")
        let readme = try String(contentsOf: example.directory.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count == 3, "examples/\(example.name)/README.md has \(lines.count) lines, not 3")
    }

    /// `bs-aot build` of the example's `.wasm`, run with no arguments: exit status 0 and exactly
    /// the expected output.
    @Test(arguments: Example.all)
    func examplePrintsExpectedOutput(_ example: Example) async throws {
        let wasm = try #require(example.wasmFiles.first, "no .wasm in examples/\(example.name)")
        let expected = try Data(contentsOf: example.directory.appendingPathComponent("expected-output.txt"))
        let work = try makeScratchDirectory("example-\(example.name)")
        let executable = work.appendingPathComponent(example.name)

        try await buildExecutable(from: wasm.path, to: executable.path, options: BuildOptions())
        let result = try await runProcess(executable.path, [], in: work)

        #expect(result.exitedNormally && result.status == 0, "\(result.ending); stderr: \(result.stderrText)")
        #expect(
            result.stdout == expected,
            "stdout \(result.stdoutText.debugDescription), expected \(String(decoding: expected, as: UTF8.self).debugDescription)"
        )
    }
}
