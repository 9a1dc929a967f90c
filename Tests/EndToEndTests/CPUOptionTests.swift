import Foundation
import TestSupport
import Testing
import WAT

/// `--cpu NAME`: code for one CPU (clang's -march/-mcpu); an unknown name is one line.
@Suite struct CPUOptionTests {
    static let program = """
        (module
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (memory 1)
          (func (export "_start")
            (local $i i32) (local $sum i32)
            (loop $l
              (local.set $sum (i32.add (local.get $sum) (local.get $i)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $l (i32.lt_u (local.get $i) (i32.const 10))))
            (call $exit (local.get $sum))))
        """

    func prepare(_ name: String) throws -> (bsAot: URL, folder: URL, wasm: URL) {
        let bsAot = try #require(bsAotExecutable, "no bs-aot executable beside the test bundle (run `swift build` first)")
        let folder = try makeScratchDirectory("cpu-\(name)")
        let wasm = folder.appendingPathComponent("sum.wasm")
        try Data(try wat2wasm(Self.program, features: .all)).write(to: wasm)
        return (bsAot, folder, wasm)
    }

    @Test func nativeBuildsAndRuns() async throws {
        let (bsAot, folder, wasm) = try prepare("native")
        let executable = folder.appendingPathComponent("sum")
        let build = try await runProcess(bsAot.path, ["build", wasm.path, "-o", executable.path, "--cpu", "native"], in: folder)
        #expect(build.exitedNormally && build.status == 0, "\(build.stderrText)")
        let run = try await runProcess(executable.path, [], in: folder)
        #expect(run.status == 45)
    }

    @Test func anUnknownCPUIsOneLineAndNoOutput() async throws {
        let (bsAot, folder, wasm) = try prepare("unknown")
        let executable = folder.appendingPathComponent("sum")
        let build = try await runProcess(bsAot.path, ["build", wasm.path, "-o", executable.path, "--cpu", "no-such-cpu"], in: folder)
        #expect(build.status != 0)
        #expect(build.stderrText.hasPrefix("bs-aot: error: --cpu 'no-such-cpu' is not a CPU the C compiler knows"), "\(build.stderrText)")
        #expect(build.stderrText.split(separator: "\n").count == 1, "\(build.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: executable.path))
    }
}
