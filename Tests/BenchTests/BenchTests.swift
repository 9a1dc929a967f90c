import Foundation
import TestSupport
import Testing
import WAT

@testable import Bench

/// A WASI command that sums i*i (mod 2^32) for i < 300000 and prints the sum as 8 hex digits
/// and a newline: a little work in a loop, and output both engines must agree on.
private let sumOfSquares = """
    (module
      (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1)
      (func (export "_start")
        (local $i i32) (local $sum i32) (local $k i32) (local $nibble i32)
        (loop $sum_loop
          (local.set $sum (i32.add (local.get $sum) (i32.mul (local.get $i) (local.get $i))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $sum_loop (i32.lt_u (local.get $i) (i32.const 300000))))
        (loop $digits
          (local.set $nibble
            (i32.and (i32.shr_u (local.get $sum) (i32.sub (i32.const 28) (i32.shl (local.get $k) (i32.const 2))))
                     (i32.const 15)))
          (i32.store8 (i32.add (i32.const 100) (local.get $k))
            (select (i32.add (i32.const 48) (local.get $nibble)) (i32.add (i32.const 87) (local.get $nibble))
                    (i32.lt_u (local.get $nibble) (i32.const 10))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $digits (i32.lt_u (local.get $k) (i32.const 8))))
        (i32.store8 (i32.const 108) (i32.const 10))
        (i32.store (i32.const 0) (i32.const 100))
        (i32.store (i32.const 4) (i32.const 9))
        (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))))
    """

/// What `sumOfSquares` prints.
private let sumOfSquaresOutput: String = {
    var sum: UInt32 = 0
    for i in UInt32(0)..<300_000 { sum = sum &+ i &* i }
    let hex = String(sum, radix: 16)
    return String(repeating: "0", count: 8 - hex.count) + hex + "\n"
}()

/// Writes `sumOfSquares` as `m.wasm` and a shell script `native` printing `nativeOutput` into a
/// fresh scratch folder.
private func makeFixture(_ name: String, nativeOutput: String) throws -> (folder: URL, wasm: String, native: String) {
    let folder = try makeScratchDirectory(name)
    let wasm = folder.appendingPathComponent("m.wasm")
    try Data(try wat2wasm(sumOfSquares, features: .all)).write(to: wasm)
    let native = folder.appendingPathComponent("native")
    try Data("#!/bin/sh\nprintf '%s' '\(nativeOutput)'\n".utf8).write(to: native)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: native.path)
    return (folder, wasm.path, native.path)
}

/// The environment for a `bs-aot` child: its cache in `folder`.
private func environment(cacheIn folder: URL) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["BS_AOT_CACHE_DIR"] = folder.appendingPathComponent("cache").path
    return environment
}

@Suite struct BenchTests {
    /// The library entry point on a real module: both engines run, print the same bytes, and
    /// every run is recorded.
    @Test func benchmarksARealModuleOnTheInterpreterAndTheExecutable() async throws {
        let fixture = try makeFixture("bench-library", nativeOutput: sumOfSquaresOutput)
        var options = BenchOptions()
        options.runs = 3
        options.nativeExecutable = fixture.native
        let report = try await benchmark(fixture.wasm, options: options)
        #expect(report.engines.map(\.name) == ["interpreter", "bs-aot", "native"])
        #expect(report.outputBytes == sumOfSquaresOutput.utf8.count)
        #expect(report.exitStatus == 0)
        for engine in report.engines {
            #expect(engine.cpu.runs.count == 3 && engine.wall.runs.count == 3)
            #expect(engine.cpu.min <= engine.cpu.median && engine.cpu.median <= engine.cpu.max)
            #expect(engine.wall.median > 0)
        }
        #expect((report.speedUpOverInterpreter ?? 0) > 0)
        #expect(report.text.contains("speed-up") && report.text.contains("every run printed the same 9 bytes"))
    }

    /// `--native` pointing at a program that prints something else: one line, exit status 1,
    /// nothing on stdout.
    @Test func refusesWhenTheOutputsDiffer() async throws {
        let executable = try #require(bsAotExecutable, "no bs-aot executable beside the test bundle")
        let fixture = try makeFixture("bench-differs", nativeOutput: "something else\n")
        let result = try await runProcess(
            executable.path, ["bench", fixture.wasm, "--runs", "1", "--native", fixture.native],
            environment: environment(cacheIn: fixture.folder), in: fixture.folder)
        #expect(result.exitedNormally && result.status == 1, "\(result.ending); stderr: \(result.stderrText)")
        #expect(result.stdout.isEmpty)
        let lines = result.stderrText.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(result.stderrText)")
        #expect(lines.first?.hasPrefix("bs-aot: error: outputs differ: ") == true, "stderr: \(result.stderrText)")
        #expect(result.stderrText.contains("first difference at byte 0"))
    }

    /// `--json`: one object with the documented keys, one entry per engine, every run's times.
    @Test func jsonHasTheDocumentedShape() async throws {
        let executable = try #require(bsAotExecutable, "no bs-aot executable beside the test bundle")
        let fixture = try makeFixture("bench-json", nativeOutput: sumOfSquaresOutput)
        let result = try await runProcess(
            executable.path, ["bench", "--json", "--runs", "2", "--native", fixture.native, fixture.wasm, "--", "ignored"],
            environment: environment(cacheIn: fixture.folder), in: fixture.folder)
        #expect(result.exitedNormally && result.status == 0, "\(result.ending); stderr: \(result.stderrText)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(Set(object.keys) == ["module", "arguments", "runs", "output_bytes", "exit_status", "engines"])
        #expect(object["arguments"] as? [String] == ["ignored"])
        #expect(object["runs"] as? Int == 2)
        #expect(object["output_bytes"] as? Int == 9)
        #expect(object["exit_status"] as? Int == 0)
        let engines = try #require(object["engines"] as? [[String: Any]])
        #expect(engines.compactMap { $0["name"] as? String } == ["interpreter", "bs-aot", "native"])
        for engine in engines {
            #expect(Set(engine.keys) == ["name", "cpu", "wall"])
            for key in ["cpu", "wall"] {
                let sample = try #require(engine[key] as? [String: Any])
                #expect(Set(sample.keys) == ["median", "min", "max", "runs"])
                #expect((sample["runs"] as? [Double])?.count == 2)
            }
        }
        // The same report decodes back into the library's type.
        let decoded = try JSONDecoder().decode(BenchReport.self, from: result.stdout)
        #expect(decoded.engines.count == 3)
    }

    @Test func mediansOfOddAndEvenCounts() {
        #expect(Sample([3, 1, 2]).median == 2)
        #expect(Sample([4, 1, 3, 2]).median == 2.5)
        #expect(Sample([5]).min == 5 && Sample([5]).max == 5)
    }

    @Test func differencesNameTheEnginesAndTheFirstDifferingByte() {
        let a = RunResult(output: Array("abcdef\n".utf8), status: 0, cpu: 0, wall: 0)
        let b = RunResult(output: Array("abcxef\n".utf8), status: 0, cpu: 0, wall: 0)
        let c = RunResult(output: Array("abcdef\n".utf8), status: 3, cpu: 0, wall: 0)
        #expect(describeDifference("interpreter", a, "bs-aot", a) == nil)
        let outputs = describeDifference("interpreter", a, "bs-aot", b)
        #expect(outputs?.hasPrefix("outputs differ: interpreter printed 7 bytes, bs-aot 7, first difference at byte 3") == true)
        #expect(outputs?.contains("\"def\\n\"") == true, "\(outputs ?? "")")
        #expect(describeDifference("bs-aot", a, "native", c) == "exit statuses differ: bs-aot exited with 0, native with 3")
    }
}
