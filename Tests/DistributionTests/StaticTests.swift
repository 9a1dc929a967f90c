import Foundation
import TestSupport
import Testing

/// `--static`: a fully static executable (glibc's static libraries) that needs no interpreter,
/// no shared library and no environment.
@Suite struct StaticTests {
    /// ldd's verdict on `executable` (its stdout and stderr together).
    func ldd(_ executable: URL, in directory: URL) async throws -> String {
        let result = try await runProcess("ldd", [executable.path], in: directory)
        return result.stdoutText + result.stderrText
    }

    @Test func helloRunsWithAnEmptyEnvironmentAndLinksNothing() async throws {
        let directory = try makeScratchDirectory("static-hello")
        let hello = repositoryRoot.appendingPathComponent("examples/hello/hello.wasm")
        let executable = try await build(hello, "hello", options: ["--static"], in: directory)
        let run = try await runWithEmptyEnvironment(executable.path, in: directory)
        #expect(run.exitedNormally && run.status == 0, "\(run.ending): \(run.stderrText)")
        #expect(run.stdoutText == "Hello, WebAssembly!\n")
        #expect(try await ldd(executable, in: directory).contains("not a dynamic executable"))
        // The dynamic build of the same module is one, so the check above means something.
        let dynamic = try await build(hello, "hello-dynamic", options: [], in: directory)
        #expect(try await ldd(dynamic, in: directory).contains("libc.so"))
    }

    /// A trap still ends with one line and status 134: the signal handler and the alternate
    /// signal stack work in a static executable too.
    @Test func trapsAreReportedAsInADynamicBuild() async throws {
        let directory = try makeScratchDirectory("static-traps")
        let wasm = try writeWAT(
            """
            (module (memory 1)
              (func $oob (export "oob") (i32.store (i32.const 70000) (i32.const 1)))
              (func (export "_start") (call $oob)))
            """, named: "traps", in: directory)
        let executable = try await build(wasm, "traps", options: ["--static"], in: directory)
        let run = try await runWithEmptyEnvironment(executable.path, in: directory)
        #expect(run.exitedNormally && run.status == 134, "\(run.ending)")
        // clang inlines $oob into _start, whose name the fault then carries (README, "traps").
        #expect(run.stderrText == "bs-aot: trap: out of bounds memory access in _start\n", "\(run.stderrText)")
    }

    /// WASIX `resolve` is the host's getaddrinfo; glibc (2.34 and later) has its `files` and
    /// `dns` lookups built in, so a static executable resolves names without any NSS library.
    @Test func dnsResolvesInAStaticExecutable() async throws {
        let directory = try makeScratchDirectory("static-dns")
        let source = repositoryRoot.appendingPathComponent("Tests/WASIXPrograms/net_dns.c")
        let wasm = directory.appendingPathComponent("net_dns.wasm")
        try await runTool(
            "python3",
            ["-m", "ziglang", "cc", "--target=wasm32-wasi", "-O2", "-I", source.deletingLastPathComponent().path,
             source.path, "-o", wasm.path], in: directory)
        let executable = try await build(wasm, "net_dns", options: ["--static", "--allow-net"], in: directory)
        let run = try await runWithEmptyEnvironment(executable.path, in: directory)
        #expect(run.exitedNormally && run.status == 0, "\(run.ending): \(run.stderrText)")
        #expect(run.stdoutText.contains("ok localhost resolves to 127.0.0.1"), "\(run.stdoutText)")
        #expect(!run.stdoutText.contains("FAIL"), "\(run.stdoutText)")
    }

    /// `bs-aot run --static` keys its cache on the option: the static and the dynamic build of
    /// one module are two executables.
    @Test func runCachesTheStaticBuildApart() async throws {
        let directory = try makeScratchDirectory("static-run")
        let cache = directory.appendingPathComponent("cache")
        let hello = repositoryRoot.appendingPathComponent("examples/hello/hello.wasm")
        var environment = ProcessInfo.processInfo.environment
        environment["BS_AOT_CACHE_DIR"] = cache.path
        for options in [["--static"], []] {
            let run = try await runProcess(
                try requireBsAot().path, ["run"] + options + [hello.path], environment: environment, in: directory)
            #expect(run.exitedNormally && run.status == 0, "\(run.ending): \(run.stderrText)")
            #expect(run.stdoutText == "Hello, WebAssembly!\n")
        }
        let executables = try FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent("run").path)
            .filter { !$0.hasPrefix(".") }
        #expect(executables.count == 2, "\(executables)")
        let runtimes = try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasPrefix("runtime-") }
        let libraries = try runtimes.flatMap { runtime in
            try FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent(runtime).path)
                .filter { $0.hasPrefix("lib-") }
        }
        #expect(libraries.count == 2, "one runtime library per kind of link: \(libraries)")
    }
}
