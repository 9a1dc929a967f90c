import Foundation
import Pipeline
import TestSupport
import Testing
import WAT

/// Exception handling end to end: WAT programs built with `bs-aot build` (through the pipeline
/// the command uses) and run as executables, printing through WASI.
@Suite(.serialized)
struct ExceptionProgramTests {
    /// `$print` writes an i32 in decimal and a newline to stdout; memory bytes 0-255 are its own.
    static let prelude = """
        (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
        (memory (export "memory") 1)
        (func $print (param $n i32) (local $p i32)
          (local.set $p (i32.const 200))
          (i32.store8 (i32.const 200) (i32.const 10))
          (loop $digits
            (local.set $p (i32.sub (local.get $p) (i32.const 1)))
            (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
            (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
            (br_if $digits (local.get $n)))
          (i32.store (i32.const 0) (local.get $p))
          (i32.store (i32.const 4) (i32.sub (i32.const 201) (local.get $p)))
          (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
        """

    /// Builds `wat` (the prelude added) and runs it.
    private func run(_ name: String, _ wat: String, features: [String] = []) async throws -> ProcessResult {
        let module = "(module \(Self.prelude)\n\(wat))"
        return try await build(name, wasm: try wat2wasm(module, features: .all), features: features)
    }

    private func build(_ name: String, wasm: [UInt8], features: [String] = []) async throws -> ProcessResult {
        let directory = try makeScratchDirectory("exceptions-\(name)")
        let wasmFile = directory.appendingPathComponent("\(name).wasm")
        try Data(wasm).write(to: wasmFile)
        // `bs-aot inspect` names the proposals the module uses.
        let report = try inspect(wasmPath: wasmFile.path)
        for feature in features { #expect(report.contains(feature), "inspect lacks \(feature):\n\(report)") }
        let executable = directory.appendingPathComponent(name)
        try await buildExecutable(from: wasmFile.path, to: executable.path, options: BuildOptions())
        return try await runProcess(executable.path, [], in: directory, timeout: .seconds(120))
    }

    @Test func throwAndCatchAcrossCallsRethrowAndCallIndirect() async throws {
        let result = try await run("across", """
            (tag $error (param i32))
            (tag $other)
            (type $void (func (param i32)))
            (table funcref (elem $deep $throws_other))
            (func $deep (type $void) (if (i32.gt_u (local.get 0) (i32.const 10)) (then (throw $error (local.get 0)))))
            (func $throws_other (type $void) (throw $other))
            ;; Catches only $other: an $error passes through it.
            (func $middle (param i32) (block $h (try_table (catch $other $h) (call $deep (local.get 0)))))
            (func $outer (param i32) (result i32)
              (block $h (result i32)
                (try_table (result i32) (catch $error $h) (call $middle (local.get 0)) (i32.const 0))))
            ;; catch_all_ref, a cleanup, then throw_ref to the caller, as C++ destructors do.
            (func $cleanup (param i32)
              (block $h (result exnref)
                (try_table (catch_all_ref $h) (call $deep (local.get 0)) (return))
                (unreachable))
              (call $print (i32.const 999))
              (throw_ref))
            (func $through_cleanup (param i32) (result i32)
              (block $h (result i32)
                (try_table (result i32) (catch $error $h) (call $cleanup (local.get 0)) (i32.const 1))))
            ;; Through call_indirect; catch_all takes the other tag.
            (func $indirect (param i32) (result i32)
              (block $all
                (block $h (result i32)
                  (try_table (catch $error $h) (catch_all $all)
                    (call_indirect (type $void) (i32.const 50) (local.get 0)))
                  (return (i32.const 0)))
                (return))
              (i32.const 7))
            (func $loop (result i32) (local $i i32) (local $sum i32)
              (loop $again
                (block $h (result i32)
                  (try_table (result i32) (catch $error $h) (call $deep (i32.add (local.get $i) (i32.const 11))) (i32.const 0)))
                (local.set $sum (i32.add (local.get $sum)))
                (br_if $again (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 100000))))
              (local.get $sum))
            (func (export "_start")
              (call $print (call $outer (i32.const 5)))
              (call $print (call $outer (i32.const 42)))
              (call $print (call $through_cleanup (i32.const 3)))
              (call $print (call $through_cleanup (i32.const 33)))
              (call $print (call $indirect (i32.const 0)))
              (call $print (call $indirect (i32.const 1)))
              (call $print (call $loop)))
            """, features: ["features: exception-handling\n", "features in code: exception-handling\n"])
        #expect(result.exitedNormally && result.status == 0, "\(result.ending); stderr: \(result.stderrText)")
        // The loop sums 11 + 12 + ... + 100010 = 100000 * (11 + 100010) / 2, mod 2^32.
        let sum = UInt32(truncatingIfNeeded: 100_000 * (11 + 100_010) / 2)
        #expect(result.stdoutText == "0\n42\n1\n999\n33\n50\n7\n\(sum)\n")
    }

    @Test func anUncaughtExceptionEndsTheProgramWithOneLineNamingTheTag() async throws {
        let result = try await run("uncaught", """
            ;; WasmKit writes no name section: the names come from the exports.
            (tag $boom (export "boom") (param i32))
            (func $explode (export "explode") (param i32) (throw $boom (local.get 0)))
            (func $caller
              ;; A handler for another tag is no help.
              (block $h (try_table (catch_all $h) (nop)))
              (call $explode (i32.const 3)))
            (func (export "_start") (call $print (i32.const 1)) (call $caller) (call $print (i32.const 2)))
            """)
        #expect(result.exitedNormally && result.status == 134, "\(result.ending); stderr: \(result.stderrText)")
        #expect(result.stdoutText == "1\n")
        #expect(result.stderrText == "bs-aot: trap: uncaught exception boom in explode\n")
    }

    /// Traps are not exceptions: catch_all around a trap does not run, the program ends with the
    /// trap's message.
    @Test(arguments: [
        ("divide", "(drop (i32.div_u (i32.const 1) (local.get 0)))", "integer divide by zero"),
        ("bounds", "(drop (i32.load (i32.sub (local.get 0) (i32.const 4))))", "out of bounds memory access"),
        ("stack", "(drop (call $recurse (local.get 0)))", "call stack exhausted"),
    ])
    func trapsInsideHandlersStayTraps(_ name: String, _ trapping: String, _ reason: String) async throws {
        let result = try await run("trap-\(name)", """
            (func $recurse (param i32) (result i32) (i32.add (call $recurse (local.get 0)) (i32.const 1)))
            (func $work (param i32) \(trapping))
            (func (export "_start")
              (block $h (try_table (catch_all $h) (call $work (i32.const 0))) (return))
              (call $print (i32.const 666)))
            """)
        #expect(result.exitedNormally && result.status == 134, "\(result.ending); stderr: \(result.stderrText)")
        #expect(result.stdoutText == "")
        #expect(result.stderrText.hasPrefix("bs-aot: trap: \(reason) in "), "\(result.stderrText)")
    }

    /// The legacy syntax, written by WABT's wat2wasm (WasmKit's text parser has none).
    @Test func legacyTryCatchRethrowAndDelegate() async throws {
        guard let wat2wasm = findInPath("wat2wasm") else {
            recordSkip("ExceptionProgramTests: legacyTryCatchRethrowAndDelegate", reason: "WABT's wat2wasm is not on PATH (scripts/test.sh installs wabt)")
            return
        }
        let directory = try makeScratchDirectory("exceptions-legacy-source")
        let source = directory.appendingPathComponent("legacy.wat")
        try """
            (module \(Self.prelude)
              (tag $e (param i32))
              (func $thrower (param i32) (throw $e (local.get 0)))
              (func $rethrows (param i32)
                (try (do (call $thrower (local.get 0)))
                  (catch_all (call $print (i32.const 100)) (rethrow 0))))
              (func $delegates (param i32)
                (try (do (call $rethrows (local.get 0))) (delegate 0)))
              (func (export "_start")
                (try (do (call $delegates (i32.const 7)))
                  (catch $e (call $print)))
                (try (do (call $delegates (i32.const 8)))
                  (catch_all (call $print (i32.const 9))))
                ;; Uncaught: the trap names the tag and the thrower from the name section.
                (call $delegates (i32.const 10))))
            """.write(to: source, atomically: true, encoding: .utf8)
        let wasm = directory.appendingPathComponent("legacy.wasm")
        try await runTool(wat2wasm, ["--enable-exceptions", "--debug-names", source.path, "-o", wasm.path], in: directory)
        let result = try await build(
            "legacy", wasm: Array(try Data(contentsOf: wasm)), features: ["features in code: exception-handling, legacy-exceptions"])
        #expect(result.exitedNormally && result.status == 134, "\(result.ending); stderr: \(result.stderrText)")
        #expect(result.stdoutText == "100\n7\n100\n9\n100\n")
        #expect(result.stderrText == "bs-aot: trap: uncaught exception e in thrower\n")
    }
}

/// The path of `name` on PATH, if any.
private func findInPath(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}
