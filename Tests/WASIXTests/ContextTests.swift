import Foundation
import TestSupport
import Testing

/// Coroutines (wasix/context.c): context_create / context_switch / context_destroy, in WAT
/// because wasix-libc's coroutine layer is not in Zig's wasi-libc. The entrypoints are `() -> ()`
/// functions of table 0, as wasm-ld's `__indirect_function_table` holds them.
@Suite struct ContextTests {
    static let imports = """
        (import "wasix_32v1" "context_create" (func $create (param i32 i32) (result i32)))
        (import "wasix_32v1" "context_switch" (func $switch (param i64) (result i32)))
        (import "wasix_32v1" "context_destroy" (func $destroy (param i64) (result i32)))
        """

    func run(_ name: String, _ wat: String) async throws -> ProcessResult {
        let (directory, executable) = try await buildWATProgram(name, wat)
        return try await runProcess(executable.path, [], in: directory, timeout: .seconds(120))
    }

    /// Two contexts and the main one pass control around: main → A → B → A → main, each
    /// printing where it is; a deep recursion on a context's own stack works; destroying the
    /// active context or the main one is INVAL (28), destroying a suspended one succeeds and a
    /// second destroy of it is a no-op (0); switching to it afterwards is INVAL; an entrypoint
    /// that is not a `() -> ()` function is INVAL.
    @Test func pingPongBetweenTwoContextsAndMain() async throws {
        let wat = ThreadTests.module(
            imports: Self.imports,
            body: """
                (table 3 funcref)
                (elem (i32.const 0) $a $b $wrongType)
                (func $depth (param $n i32) (result i32)
                  (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 0))
                    (else (i32.add (i32.const 1) (call $depth (i32.sub (local.get $n) (i32.const 1)))))))
                (func $a
                  (call $print (i32.const 1))
                  (drop (call $switch (i64.load (i32.const 264))))
                  (call $print (i32.const 3))
                  (call $print (call $depth (i32.const 100000)))
                  ;; the active context cannot destroy itself
                  (call $print (call $destroy (i64.load (i32.const 256))))
                  (drop (call $switch (i64.const 0)))
                  unreachable)
                (func $b
                  (call $print (i32.const 2))
                  (drop (call $switch (i64.load (i32.const 256))))
                  unreachable)
                (func $wrongType (param i32))
                (func (export "_start")
                  (call $print (call $create (i32.const 256) (i32.const 0)))
                  (call $print (call $create (i32.const 264) (i32.const 1)))
                  (call $print (call $create (i32.const 272) (i32.const 2)))
                  (call $print (call $create (i32.const 272) (i32.const 9)))
                  (call $print (call $switch (i64.load (i32.const 256))))
                  (call $print (i32.const 4))
                  (call $print (call $destroy (i64.const 0)))
                  (call $print (call $destroy (i64.load (i32.const 264))))
                  (call $print (call $destroy (i64.load (i32.const 264))))
                  (call $print (call $switch (i64.load (i32.const 264)))))
                """)
        let result = try await run("context_ping_pong", wat)
        #expect(result.stdoutText == "0\n0\n28\n28\n1\n2\n3\n100000\n28\n0\n4\n28\n0\n0\n28\n",
                "\(result.ending): \(result.stderrText)")
        #expect(result.exitedNormally && result.status == 0)
    }

    /// An entrypoint that returns resumes the main context, which traps as in Wasmer.
    @Test func anEntrypointThatReturnsTrapsInTheMainContext() async throws {
        let wat = ThreadTests.module(
            imports: Self.imports,
            body: """
                (table 1 funcref)
                (elem (i32.const 0) $a)
                (func $a (call $print (i32.const 7)))
                (func (export "_start")
                  (drop (call $create (i32.const 256) (i32.const 0)))
                  (drop (call $switch (i64.load (i32.const 256))))
                  (call $print (i32.const 8)))
                """)
        let result = try await run("context_returns", wat)
        #expect(result.stdoutText == "7\n")
        #expect(result.stderrText.contains("context entrypoint returned"), "\(result.stderrText)")
        #expect(result.exitedNormally && result.status == 134, "\(result.ending)")
    }
}
