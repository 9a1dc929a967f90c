import Foundation
import TestSupport
import Testing

/// The calls bs-aot answers NOTSUP (58) by design (wasix/unsupported.c; the README's WASIX
/// table): the virtual-network port_* calls and the closure_* calls. They bind, so a module
/// that imports them builds and runs, and they write nothing through their pointers.
@Suite struct UnsupportedTests {
    @Test func portAndClosureCallsAnswerNotsupAndWriteNothing() async throws {
        let wat = ThreadTests.module(
            imports: """
                (import "wasix_32v1" "port_mac" (func $port_mac (param i32) (result i32)))
                (import "wasix_32v1" "port_unbridge" (func $port_unbridge (result i32)))
                (import "wasix_32v1" "port_route_clear" (func $port_route_clear (result i32)))
                (import "wasix_32v1" "port_addr_list" (func $port_addr_list (param i32 i32) (result i32)))
                (import "wasix_32v1" "closure_allocate" (func $closure_allocate (param i32) (result i32)))
                (import "wasix_32v1" "closure_free" (func $closure_free (param i32) (result i32)))
                """,
            body: """
                (func (export "_start")
                  (i32.store (i32.const 256) (i32.const 7))
                  (call $print (call $port_mac (i32.const 256)))
                  (call $print (call $port_unbridge))
                  (call $print (call $port_route_clear))
                  (call $print (call $port_addr_list (i32.const 256) (i32.const 260)))
                  (call $print (call $closure_allocate (i32.const 256)))
                  (call $print (call $closure_free (i32.const 1)))
                  (call $print (i32.load (i32.const 256))))
                """)
        let (directory, executable) = try await buildWATProgram("unsupported_calls", wat)
        let result = try await runProcess(executable.path, [], in: directory, timeout: .seconds(60))
        #expect(result.stdoutText == "58\n58\n58\n58\n58\n58\n7\n", "\(result.ending): \(result.stderrText)")
        #expect(result.exitedNormally && result.status == 0)
    }
}
