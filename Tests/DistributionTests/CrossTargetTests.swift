import Foundation
import TestSupport
import Testing

/// `--target aarch64-linux-gnu`: executables cross-compiled by clang against Debian's arm64
/// sysroot (`libc6-dev-arm64-cross`, `libgcc-12-dev-arm64-cross`) and run under
/// `qemu-aarch64 -L /usr/aarch64-linux-gnu` (`qemu-user`), which scripts/test.sh installs.
/// Each program must print what the same C program prints when compiled natively for aarch64
/// (run under qemu too); traps must be found by the guard pages and the alternate signal stack
/// there as on x86-64.
@Suite(.serialized) struct CrossTargetTests {
    static let triple = "aarch64-linux-gnu"
    static let sysroot = "/usr/aarch64-linux-gnu"

    /// qemu-aarch64's path, or the test skipped (with the reason recorded) when it or the cross
    /// C library is missing.
    func requireCrossTools() throws -> String {
        let missing: String?
        if findOnPath("qemu-aarch64") == nil {
            missing = "qemu-aarch64 is not installed (apt-get install qemu-user)"
        } else if !FileManager.default.fileExists(atPath: "\(Self.sysroot)/include/stdio.h") {
            missing = "no aarch64 C library (apt-get install libc6-dev-arm64-cross libgcc-12-dev-arm64-cross)"
        } else {
            missing = nil
        }
        if let missing {
            recordSkip("DistributionTests: aarch64 under qemu", reason: missing)
            try Test.cancel("\(missing)")
        }
        return findOnPath("qemu-aarch64") ?? "qemu-aarch64"
    }

    /// Runs an aarch64 executable under qemu (its dynamic loader and libc from the sysroot).
    func runUnderQEMU(_ executable: URL, _ arguments: [String] = [], in directory: URL) async throws -> ProcessResult {
        let qemu = try requireCrossTools()
        return try await runProcess(qemu, ["-L", Self.sysroot, executable.path] + arguments, in: directory, timeout: .seconds(600))
    }

    @Test func helloRunsDynamicAndStatic() async throws {
        _ = try requireCrossTools()
        let directory = try makeScratchDirectory("cross-hello")
        let hello = repositoryRoot.appendingPathComponent("examples/hello/hello.wasm")
        for (name, options) in [("hello", [String]()), ("hello-static", ["--static"])] {
            let executable = try await build(hello, name, options: ["--target", Self.triple] + options, in: directory)
            let file = try await runProcess("file", ["-b", executable.path], in: directory)
            #expect(file.stdoutText.contains("ARM aarch64"), "\(file.stdoutText)")
            let run = try await runUnderQEMU(executable, in: directory)
            #expect(run.exitedNormally && run.status == 0, "\(name): \(run.ending): \(run.stderrText)")
            #expect(run.stdoutText == "Hello, WebAssembly!\n", "\(name)")
        }
    }

    /// A compute program and the SIMD programs (v128 as NEON vectors) print exactly what
    /// their aarch64-native builds print.
    @Test(arguments: [
        ("hashmap", [String]()), ("floats", []), ("simd_autovec", ["-msimd128"]), ("simd_intrinsics", ["-msimd128"]),
    ])
    func programMatchesItsNativeBuild(program: String, wasmFlags: [String]) async throws {
        _ = try requireCrossTools()
        let directory = try makeScratchDirectory("cross-\(program)")
        let source = programsDirectory.appendingPathComponent("\(program).c")
        let native = directory.appendingPathComponent("\(program).native")
        try await runTool(
            "clang", ["--target=\(Self.triple)", "-O2", "-ffp-contract=off", source.path, "-o", native.path, "-lm"],
            in: directory)
        let wasm = try await compileProgram(program, flags: wasmFlags + ["-ffp-contract=off"], in: directory)
        let executable = try await build(wasm, program, options: ["--target", Self.triple], in: directory)
        let expected = try await runUnderQEMU(native, in: directory)
        let actual = try await runUnderQEMU(executable, in: directory)
        #expect(expected.exitedNormally && expected.status == 0, "native: \(expected.ending)")
        #expect(actual.exitedNormally && actual.status == 0, "bs-aot: \(actual.ending): \(actual.stderrText)")
        // The native build always runs the relaxed SIMD family (through simd_reference.h), which
        // the wasm, built without -mrelaxed-simd, leaves out: its one line is not compared.
        let expectedLines = expected.stdoutText.split(separator: "\n").filter { !$0.hasPrefix("relaxed ") }
        #expect(
            actual.stdoutText.split(separator: "\n") == expectedLines,
            "bs-aot printed:\n\(actual.stdoutText.prefix(2000))")
        #expect(expected.stdout.count > 200, "the program printed too little")
    }

    /// An out-of-bounds store (the guard region of linear memory) and unbounded recursion (the
    /// native stack's guard page, caught on the alternate signal stack) trap with the message
    /// and status of x86-64.
    @Test(arguments: [
        // clang inlines $oob into _start, whose name the fault then carries (README, "traps").
        ("oob", "(call $oob)", "out of bounds memory access in _start"),
        ("deep", "(drop (call $deep (i32.const 0)))", "call stack exhausted in deep"),
    ])
    func trapsAreCaught(name: String, start: String, message: String) async throws {
        _ = try requireCrossTools()
        let directory = try makeScratchDirectory("cross-trap-\(name)")
        let wasm = try writeWAT(
            """
            (module (memory 1)
              (func $deep (export "deep") (param i32) (result i32)
                (i32.add (call $deep (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
              (func $oob (i32.store (i32.const 70000) (i32.const 1)))
              (func (export "_start") \(start)))
            """, named: name, in: directory)
        for options in [[String](), ["--static"]] {
            let executable = try await build(wasm, name, options: ["--target", Self.triple] + options, in: directory)
            let run = try await runUnderQEMU(executable, in: directory)
            #expect(run.exitedNormally && run.status == 134, "\(options): \(run.ending)")
            #expect(run.stderrText == "bs-aot: trap: \(message)\n", "\(options): \(run.stderrText)")
        }
    }

    /// Atomics and threads: four wasi-threads add to one counter with `i32.atomic.rmw.add`
    /// (LSE or exclusive-pair loops on aarch64) while the main thread sleeps in
    /// `memory.atomic.wait32` on the futex.
    @Test func threadsShareAnAtomicCounter() async throws {
        _ = try requireCrossTools()
        let directory = try makeScratchDirectory("cross-threads")
        let wasm = try writeWAT(
            """
            (module
              (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (import "env" "memory" (memory 1 1 shared))
              (func (export "wasi_thread_start") (param i32 i32) (local $i i32)
                (loop $l
                  (drop (i32.atomic.rmw.add (i32.const 256) (i32.const 1)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $l (i32.lt_u (local.get $i) (i32.const 100000))))
                (drop (i32.atomic.rmw.add (i32.const 260) (i32.const 1)))
                (drop (memory.atomic.notify (i32.const 260) (i32.const 1))))
              (func (export "_start") (local $n i32) (local $done i32)
                (loop $s
                  (drop (call $spawn (i32.const 0)))
                  (local.set $n (i32.add (local.get $n) (i32.const 1)))
                  (br_if $s (i32.lt_u (local.get $n) (i32.const 4))))
                (loop $w
                  (local.set $done (i32.atomic.load (i32.const 260)))
                  (if (i32.lt_u (local.get $done) (i32.const 4))
                    (then (drop (memory.atomic.wait32 (i32.const 260) (local.get $done) (i64.const -1))) (br $w))))
                ;; exit status: 1 when the counter is exactly 400000
                (call $exit (i32.eq (i32.atomic.load (i32.const 256)) (i32.const 400000)))))
            """, named: "threads", in: directory)
        let executable = try await build(wasm, "threads", options: ["--target", Self.triple], in: directory)
        let run = try await runUnderQEMU(executable, in: directory)
        #expect(run.exitedNormally && run.status == 1, "\(run.ending): \(run.stderrText)")
    }

    /// A missing cross C library is one line naming what to install; nothing is left behind.
    @Test func aMissingSysrootIsOneLine() async throws {
        let directory = try makeScratchDirectory("cross-missing")
        let hello = repositoryRoot.appendingPathComponent("examples/hello/hello.wasm")
        let output = directory.appendingPathComponent("hello")
        let run = try await runProcess(
            try requireBsAot().path,
            ["build", hello.path, "-o", output.path, "--target", Self.triple, "--sysroot", directory.appendingPathComponent("none").path],
            in: directory)
        #expect(run.status == 1)
        #expect(run.stderrText.hasPrefix("bs-aot: error: the sysroot "), "\(run.stderrText)")
        #expect(run.stderrText.split(separator: "\n").count == 1, "\(run.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
        let unsupported = try await runProcess(
            try requireBsAot().path, ["build", hello.path, "-o", output.path, "--target", "riscv64-linux-gnu"], in: directory)
        #expect(
            unsupported.stderrText
                == "bs-aot: error: unsupported target 'riscv64-linux-gnu' (supported: x86_64-linux-gnu, aarch64-linux-gnu)\n")
    }
}
