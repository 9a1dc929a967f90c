import Foundation
import TestSupport
import Testing
import WAT

/// A trap wherever it happens (the start function, element and data segments at instantiation,
/// deep in a call chain, inside `call_indirect`, after `memory.grow`) ends an executable the same
/// way: one line `bs-aot: trap: <reason> in <function>` on stderr and status 134, never a death
/// by signal.
struct TrapPosition: Sendable, CustomTestStringConvertible {
    var name: String
    var wat: String
    var reason: String
    var function: String

    var testDescription: String { name }

    static let all: [TrapPosition] = [
        TrapPosition(
            name: "start function",
            wat: "(module (func $boot (unreachable)) (start $boot) (func (export \"_start\")))",
            reason: "unreachable", function: "func0"),  // WasmKit's WAT writes no name section
        TrapPosition(
            name: "element segment",
            wat: "(module (table 1 funcref) (func $f) (elem (i32.const 1) $f) (func (export \"_start\")))",
            reason: "out of bounds table access", function: "element segment 0"),
        TrapPosition(
            name: "data segment",
            wat: "(module (memory 1) (data (i32.const 65535) \"ab\") (func (export \"_start\")))",
            reason: "out of bounds memory access", function: "data segment 0"),
        TrapPosition(
            name: "deep in calls",
            wat: """
                (module (memory 1)
                  (func $down (param i32) (result i32)
                    (if (result i32) (local.get 0) (then (i32.add (call $down (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
                      (else (i32.div_u (i32.const 1) (local.get 0)))))
                  (func (export "_start") (i32.store (i32.const 0) (call $down (i32.const 5000)))))
                """,
            reason: "integer divide by zero", function: "func0"),
        TrapPosition(
            name: "call_indirect",
            wat: """
                (module (table 2 funcref) (type $v (func))
                  (func (export "_start") (call_indirect (type $v) (i32.const 1))))
                """,
            reason: "uninitialized element", function: "_start"),
        TrapPosition(
            name: "after memory.grow",
            wat: """
                (module (memory 1 3)
                  (func (export "_start")
                    (drop (memory.grow (i32.const 1)))
                    (i32.store (i32.const 131068) (i32.const 7))
                    (i32.store (i32.const 131072) (i32.const 7))))
                """,
            reason: "out of bounds memory access", function: "_start"),
    ]
}

@Suite struct TrapPositionTests {
    @Test(arguments: TrapPosition.all)
    func trapEndsTheProgramWithOneLineAndStatus134(_ position: TrapPosition) async throws {
        let bsAot = try #require(bsAotExecutable, "no bs-aot executable beside the test bundle (run `swift build` first)")
        let folder = try makeScratchDirectory("trap-\(position.name.replacingOccurrences(of: " ", with: "-"))")
        let wasm = folder.appendingPathComponent("m.wasm")
        try Data(try wat2wasm(position.wat, features: .all)).write(to: wasm)
        let executable = folder.appendingPathComponent("m")
        let build = try await runProcess(bsAot.path, ["build", wasm.path, "-o", executable.path], in: folder)
        #expect(build.exitedNormally && build.status == 0, "\(build.stderrText)")
        let result = try await runProcess(executable.path, [], in: folder)
        #expect(result.exitedNormally, "\(result.ending)")
        #expect(result.status == 134)
        #expect(result.stderrText == "bs-aot: trap: \(position.reason) in \(position.function)\n", "\(result.stderrText)")
    }
}
