import Foundation
import TestSupport
import Testing
import WAT

/// `--max-memory`, `--max-stack`, `--cpu-limit`, `--max-threads`: baked into the executable,
/// lowered (never raised) by `BS_AOT_MAX_*` / `BS_AOT_CPU_LIMIT` at run time.
@Suite struct LimitsTests {
    func build(_ name: String, _ wat: String, _ options: [String]) async throws -> (folder: URL, executable: URL) {
        let bsAot = try #require(bsAotExecutable, "no bs-aot executable beside the test bundle (run `swift build` first)")
        let folder = try makeScratchDirectory("limits-\(name)")
        let wasm = folder.appendingPathComponent("\(name).wasm")
        try Data(try wat2wasm(wat, features: .all)).write(to: wasm)
        let executable = folder.appendingPathComponent(name)
        let build = try await runProcess(bsAot.path, ["build", wasm.path, "-o", executable.path] + options, in: folder)
        #expect(build.exitedNormally && build.status == 0, "\(build.stderrText)")
        return (folder, executable)
    }

    /// Grows memory a page at a time until memory.grow fails; the exit status is the page count.
    static let growUntilRefused = """
        (module
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (memory (export "memory") 1)
          (func (export "_start")
            (loop $grow (br_if $grow (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
            (call $exit (memory.size))))
        """

    @Test func maxMemoryStopsMemoryGrow() async throws {
        let (folder, executable) = try await build("grow", Self.growUntilRefused, ["--max-memory", "10p"])
        var environment = ProcessInfo.processInfo.environment
        let limited = try await runProcess(executable.path, [], environment: environment, in: folder)
        #expect(limited.exitedNormally && limited.status == 10, "\(limited.ending) \(limited.stderrText)")
        environment["BS_AOT_MAX_MEMORY"] = String(5 * 65536)
        let lowered = try await runProcess(executable.path, [], environment: environment, in: folder)
        #expect(lowered.exitedNormally && lowered.status == 5, "the environment lowers the limit")
        environment["BS_AOT_MAX_MEMORY"] = String(100 * 65536)
        let raised = try await runProcess(executable.path, [], environment: environment, in: folder)
        #expect(raised.exitedNormally && raised.status == 10, "the environment cannot raise the limit")
    }

    @Test func cpuLimitEndsALoopingProgram() async throws {
        let wat = "(module (memory 1) (func (export \"_start\") (loop $forever (br $forever))))"
        let (folder, executable) = try await build("spin", wat, ["--cpu-limit", "1"])
        let result = try await runProcess(executable.path, [], in: folder, timeout: .seconds(60))
        #expect(result.exitedNormally && result.status == 152, "\(result.ending)")
        #expect(result.stderrText == "bs-aot: CPU time limit of 1 s exceeded\n", "\(result.stderrText)")
    }

    /// A recursion 200,000 deep (each level stores after its call, so clang cannot make it a
    /// loop) fits the default 8 MiB stack and traps with a 256 KiB one.
    @Test func maxStackMakesDeepRecursionTrap() async throws {
        let wat = """
            (module
              (memory 1)
              (func $down (param i32) (result i32) (local i32)
                (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                  (else
                    (local.set 1 (call $down (i32.sub (local.get 0) (i32.const 1))))
                    (i32.store (i32.and (local.get 0) (i32.const 1020)) (local.get 1))
                    (i32.add (local.get 1) (i32.const 1)))))
              (func (export "_start") (drop (call $down (i32.const 200000)))))
            """
        let (folder, executable) = try await build("deep", wat, ["--max-stack", "256KiB"])
        let limited = try await runProcess(executable.path, [], in: folder)
        #expect(limited.exitedNormally && limited.status == 134, "\(limited.ending)")
        #expect(limited.stderrText.hasPrefix("bs-aot: trap: call stack exhausted"), "\(limited.stderrText)")
        let (roomy, full) = try await build("deep-default", wat, [])
        let unlimited = try await runProcess(full.path, [], in: roomy)
        #expect(unlimited.exitedNormally && unlimited.status == 0, "\(unlimited.ending) \(unlimited.stderrText)")
    }

    /// With --max-threads 1 a second thread is refused (wasi-threads: a negative result) while
    /// the first is alive.
    @Test func maxThreadsRefusesOneTooMany() async throws {
        let wat = """
            (module
              (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (import "env" "memory" (memory 1 1 shared))
              (func (export "wasi_thread_start") (param i32 i32)
                (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1))))
              (func (export "_start")
                (if (i32.le_s (call $spawn (i32.const 0)) (i32.const 0)) (then (call $exit (i32.const 2))))
                (call $exit (i32.lt_s (call $spawn (i32.const 0)) (i32.const 0)))))
            """
        let (folder, executable) = try await build("threads", wat, ["--max-threads", "1"])
        let result = try await runProcess(executable.path, [], in: folder, timeout: .seconds(60))
        #expect(result.exitedNormally && result.status == 1, "\(result.ending) \(result.stderrText)")
    }

    @Test func aBadSizeIsRefused() async throws {
        let bsAot = try #require(bsAotExecutable)
        let folder = try makeScratchDirectory("limits-bad")
        let result = try await runProcess(
            bsAot.path, ["build", "x.wasm", "-o", "x", "--max-memory", "lots"], in: folder)
        #expect(result.status != 0)
        #expect(result.stderrText.contains("'lots' is not a size"), "\(result.stderrText)")
    }
}
