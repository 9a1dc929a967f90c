import Foundation
import TestSupport
import Testing
import WAT

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

    /// Two `bs-aot run` of one module started together, on an empty cache: both build (or one
    /// waits for the other's result) and both run the program; the cache ends with one entry.
    @Test func twoRunsAtOnceShareTheCache() async throws {
        let executable = try #require(bsAotExecutable)
        let folder = try makeScratchDirectory("run-twice-at-once")
        var environment = ProcessInfo.processInfo.environment
        environment["BS_AOT_CACHE_DIR"] = folder.appendingPathComponent("cache").path
        let example = repositoryRoot.appendingPathComponent("examples/hello/hello.wasm").path
        let expected = try String(
            contentsOf: repositoryRoot.appendingPathComponent("examples/hello/expected-output.txt"), encoding: .utf8)
        async let first = runProcess(executable.path, ["run", example], environment: environment, in: folder)
        async let second = runProcess(executable.path, ["run", example], environment: environment, in: folder)
        for result in try await [first, second] {
            #expect(result.exitedNormally && result.status == 0, "\(result.ending); stderr: \(result.stderrText)")
            #expect(result.stdoutText == expected)
        }
        let cached = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("cache/run").path)
        #expect(cached.filter { !$0.hasPrefix(".") }.count == 1, "cache/run holds \(cached)")
    }

    /// A `bs-aot run` killed (SIGKILL) in the middle of its build leaves nothing that a later run
    /// takes for a finished result: the next run builds what is missing and runs the program.
    @Test func aRunKilledDuringItsBuildLeavesAUsableCache() async throws {
        let executable = try #require(bsAotExecutable)
        let folder = try makeScratchDirectory("run-killed")
        var environment = ProcessInfo.processInfo.environment
        environment["BS_AOT_CACHE_DIR"] = folder.appendingPathComponent("cache").path
        // A module big enough that its build takes a few seconds: 1500 small functions.
        let functions = (0..<1500).map {
            "(func $f\($0) (param i32) (result i32) (i32.add (i32.mul (local.get 0) (i32.const \($0))) (i32.const 1)))"
        }.joined(separator: "\n")
        let wat = """
            (module
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (memory (export "memory") 1)
              \(functions)
              (func (export "_start") (call $exit (i32.and (call $f1499 (i32.const 1)) (i32.const 127)))))
            """
        let wasm = folder.appendingPathComponent("big.wasm")
        try Data(try wat2wasm(wat, features: .all)).write(to: wasm)
        for delay in [300, 1200] {
            let process = Process()
            process.executableURL = executable
            process.arguments = ["run", wasm.path]
            process.environment = environment
            process.currentDirectoryURL = folder
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            try await Task.sleep(for: .milliseconds(delay))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let result = try await runProcess(executable.path, ["run", wasm.path], environment: environment, in: folder)
        #expect(result.exitedNormally && result.status == (1499 + 1) & 127, "\(result.ending); stderr: \(result.stderrText)")
    }

    /// The cache keys on bs-aot itself: a different bs-aot binary (here the same one with bytes
    /// appended) builds its own executable instead of taking the one the first built.
    @Test func aNewBsAotDoesNotReuseTheOldOnesExecutable() async throws {
        let executable = try #require(bsAotExecutable)
        let folder = try makeScratchDirectory("run-identity")
        var environment = ProcessInfo.processInfo.environment
        environment["BS_AOT_CACHE_DIR"] = folder.appendingPathComponent("cache").path
        let other = folder.appendingPathComponent("bs-aot-other")
        var bytes = try Data(contentsOf: executable)
        bytes.append(contentsOf: Array("a different build".utf8))
        try bytes.write(to: other)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: other.path)
        let example = repositoryRoot.appendingPathComponent("examples/hello/hello.wasm").path
        for bsAot in [executable, other] {
            let result = try await runProcess(bsAot.path, ["run", example], environment: environment, in: folder)
            #expect(result.exitedNormally && result.status == 0, "\(result.stderrText)")
        }
        let cached = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("cache/run").path)
        #expect(cached.filter { !$0.hasPrefix(".") }.count == 2, "cache/run holds \(cached)")
        let version = try await runProcess(executable.path, ["--version"], in: folder)
        #expect(version.stdoutText.hasPrefix("bs-aot 0.1.0 (translator "), "\(version.stdoutText)")
        #expect(version.stdoutText.contains(", runtime "))
    }
}
