import Foundation
import TestSupport
import Testing

/// `--dir`, `--env` and `--no-inherit-env` on `build` (baked into the executable) and `run`
/// (part of the cache key), with Fixtures/granted_reader.wasm, which prints its arguments,
/// GREETING, whether HOME is set, and data/in.txt.
@Suite(.serialized)
struct LaunchTests {
    let fixture = repositoryRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/granted_reader.wasm").path

    /// A scratch folder holding shared/in.txt, and the environment the tools run with.
    func makeFolder(_ name: String) throws -> (URL, [String: String]) {
        let folder = try makeScratchDirectory(name)
        let shared = folder.appendingPathComponent("shared")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        try Data("granted line\n".utf8).write(to: shared.appendingPathComponent("in.txt"))
        var environment = ProcessInfo.processInfo.environment
        environment["BS_AOT_CACHE_DIR"] = folder.appendingPathComponent("cache").path
        environment["HOME"] = "/home/someone"
        environment["GREETING"] = "from the host"
        return (folder, environment)
    }

    @Test func buildBakesGrantsAndEnvironmentIn() async throws {
        let bsAot = try #require(bsAotExecutable)
        let (folder, environment) = try makeFolder("launch-build")
        let built = try await runProcess(
            bsAot.path, ["build", fixture, "-o", "reader", "--dir", "shared::data", "--env", "GREETING=baked"],
            environment: environment, in: folder)
        #expect(built.status == 0, "stderr: \(built.stderrText)")
        let run = try await runProcess(
            folder.appendingPathComponent("reader").path, ["x", "y z"], environment: environment, in: folder)
        #expect(run.status == 0, "stderr: \(run.stderrText)")
        #expect(run.stdoutText == """
            arg: x
            arg: y z
            GREETING: baked
            HOME: (set)
            data/in.txt: granted line

            """)
    }

    @Test func withoutAGrantTheFileIsOutOfReach() async throws {
        let bsAot = try #require(bsAotExecutable)
        let (folder, environment) = try makeFolder("launch-no-grant")
        _ = try await runProcess(bsAot.path, ["build", fixture, "-o", "reader"], environment: environment, in: folder)
        let run = try await runProcess(folder.appendingPathComponent("reader").path, [], environment: environment, in: folder)
        // No pre-opened directory matches "data/in.txt", so wasi-libc refuses it itself (zig's
        // wasi-libc says ENOENT; older ones said ENOTCAPABLE).
        #expect(run.status == 3)
        #expect(run.stdoutText.hasSuffix("data/in.txt: ENOENT\n"), "stdout: \(run.stdoutText)")
    }

    @Test func noInheritEnvStartsFromTheBakedVariablesOnly() async throws {
        let bsAot = try #require(bsAotExecutable)
        let (folder, environment) = try makeFolder("launch-no-inherit")
        _ = try await runProcess(
            bsAot.path, ["build", fixture, "-o", "reader", "--no-inherit-env", "--env", "GREETING", "--dir", "shared::data"],
            environment: environment, in: folder)
        let run = try await runProcess(folder.appendingPathComponent("reader").path, [], environment: environment, in: folder)
        // A bare NAME passes the host's value through; HOME is not inherited.
        #expect(run.stdoutText.contains("GREETING: from the host\nHOME: (unset)\n"), "stdout: \(run.stdoutText)")
    }

    @Test func aMissingGrantStopsTheProgramBeforeItStarts() async throws {
        let bsAot = try #require(bsAotExecutable)
        let (folder, environment) = try makeFolder("launch-missing-grant")
        let built = try await runProcess(
            bsAot.path, ["build", fixture, "-o", "reader", "--dir", "absent::data"], environment: environment, in: folder)
        #expect(built.status == 0)
        #expect(built.stderrText.contains("warning: granted directory 'absent' is not a directory here"))
        let run = try await runProcess(folder.appendingPathComponent("reader").path, [], environment: environment, in: folder)
        #expect(run.status == 1)
        #expect(run.stdoutText.isEmpty)
        #expect(run.stderrText == "bs-aot: cannot open granted directory 'absent': No such file or directory\n")
    }

    @Test(arguments: ["::data", "shared::", "", "=x"])
    func aMalformedValueIsRefusedWithoutBuilding(value: String) async throws {
        let bsAot = try #require(bsAotExecutable)
        let (folder, environment) = try makeFolder("launch-bad-value")
        let option = value.hasPrefix("=") ? "--env" : "--dir"
        let result = try await runProcess(
            bsAot.path, ["build", fixture, "-o", "reader", option, value], environment: environment, in: folder)
        #expect(result.status != 0)
        #expect(result.stderrText.hasPrefix("Error: invalid --dir, --embed-dir, --env, --allow-net-to or limit value: "), "stderr: \(result.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("reader").path))
    }

    @Test func runTakesOptionsAfterTheModuleAndCachesPerConfiguration() async throws {
        let bsAot = try #require(bsAotExecutable)
        let (folder, environment) = try makeFolder("launch-run")
        let expected = "arg: --env\narg: z\nGREETING: one\nHOME: (set)\ndata/in.txt: granted line\n"
        for _ in 0..<2 {
            let run = try await runProcess(
                bsAot.path, ["run", fixture, "--dir", "shared::data", "--env", "GREETING=one", "--", "--env", "z"],
                environment: environment, in: folder)
            #expect(run.status == 0, "stderr: \(run.stderrText)")
            #expect(run.stdoutText == expected)
        }
        let cache = folder.appendingPathComponent("cache/run").path
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache).filter { !$0.hasPrefix(".") }.count == 1)
        let other = try await runProcess(
            bsAot.path, ["run", "--env", "GREETING=two", fixture, "--dir=shared::data", "a"],
            environment: environment, in: folder)
        #expect(other.stdoutText == "arg: a\nGREETING: two\nHOME: (set)\ndata/in.txt: granted line\n")
        // Another configuration is another executable: the first one is not rebuilt or changed.
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache).filter { !$0.hasPrefix(".") }.count == 2)
    }
}
