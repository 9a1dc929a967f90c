import Lowering
import XCTest

private let bindHost = LoweringOptions(hostImports: .bindHost(allowUnsupported: false), emitMain: false)
private let withStubs = LoweringOptions(hostImports: .bindHost(allowUnsupported: true), emitMain: false)

final class HostImportLoweringTests: XCTestCase {
    func testFdWriteIsBoundUnderAllThreeModuleNames() throws {
        for module in ["wasi_snapshot_preview1", "wasi_unstable", "wasix_32v1"] {
            let c = try lowerWAT("""
                (module (import "\(module)" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
                  (func (result i32) (call $w (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4))))
                """, options: bindHost)
            XCTAssertTrue(c.function(1).contains("si0 = bsrt_wasi_fd_write(self, si0, si1, si2, si3);"), module)
            XCTAssertTrue(c.file("w.c").contains(
                "inst->func_storage[0] = (bsrt_func){ (void (*)(void))bsrt_wasi_fd_write, inst->type_ids[0], self, \"fd_write\" };"),
                module)
            XCTAssertTrue(c.file("w.c").contains("  0u, NULL,\n"), "no imports are left for run time")
        }
    }

    func testPreview0FdSeekHasItsOwnBinding() throws {
        let text = { (module: String) in
            """
            (module (import "\(module)" "fd_seek" (func $s (param i32 i64 i32 i32) (result i32)))
              (func (result i32) (call $s (i32.const 0) (i64.const 0) (i32.const 0) (i32.const 0))))
            """
        }
        XCTAssertTrue(try lowerWAT(text("wasi_unstable"), options: bindHost).function(1).contains("bsrt_wasi_unstable_fd_seek(self,"))
        XCTAssertTrue(try lowerWAT(text("wasi_snapshot_preview1"), options: bindHost).function(1).contains("bsrt_wasi_fd_seek(self,"))
    }

    func testHostStartFunctionIsCalledDirectly() throws {
        let c = try lowerWAT(#"(module (import "wasi_snapshot_preview1" "sched_yield" (func $y (result i32))) (func $s) (start $s))"#,
                             options: bindHost)
        XCTAssertTrue(c.file("w.c").contains("  w_f1(self);\n}\n"))
    }

    func testImportOfTheWrongTypeIsRefused() {
        XCTAssertThrowsError(try lowerWAT(#"(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32) (result i32))))"#,
                                          options: bindHost)) { error in
            XCTAssertEqual("\(error)", "import wasi_snapshot_preview1.fd_write has type i:i, but the runtime provides iiii:i")
        }
    }

    func testUnsupportedImportsAreListedInOrder() {
        let text = """
            (module (import "wasi_snapshot_preview1" "not_in_wasi" (func (param i32) (result i32)))
                    (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
                    (import "env" "memory" (memory 1))
                    (import "wasix_64v1" "fd_write" (func (param i32 i32 i32 i32) (result i32))))
            """
        XCTAssertThrowsError(try lowerWAT(text, options: bindHost)) { error in
            XCTAssertEqual("\(error)", "unsupported imports: wasi_snapshot_preview1.not_in_wasi, env.memory, wasix_64v1.fd_write "
                + "(use --allow-unsupported-imports to build with stubs that trap)")
        }
    }

    func testAllowUnsupportedImportsBindsTrappingStubs() throws {
        let c = try lowerWAT("""
            (module (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
                    (import "env" "log" (func $open (param i32 i64) (result i32)))
              (func (result i32) (call $open (i32.const 3) (i64.const 4))))
            """, options: withStubs)
        XCTAssertTrue(c.file("w.h").contains("""
            static inline uint32_t w_stub1(bsrt_instance *self, uint32_t a0, uint64_t a1) {
              (void)self; (void)a0; (void)a1; bsrt_trap_unsupported_import("env", "log");
            }
            """), c.file("w.h"))
        assertContainsNone(c.file("w.h"), ["w_stub0"])
        XCTAssertTrue(c.function(2).contains("si0 = w_stub1(self, si0, sj1);"), c.function(2))
        XCTAssertTrue(c.file("w.c").contains("(bsrt_func){ (void (*)(void))w_stub1, inst->type_ids[1], self, \"log\" };"))
    }

    // MARK: Running a WASI command

    private let command = LoweringOptions(hostImports: .bindHost(allowUnsupported: true))

    func testHelloWorldWritesThroughTheHostFdWrite() throws {
        let c = try lowerWAT(#"""
            (module (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 16) "hello, world\n") (data (i32.const 0) "\10\00\00\00\0d\00\00\00")
              (func (export "_start") (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 32)))))
            """#, options: command)
        let result = try NativeBuild.buildAndRun(c)
        XCTAssertEqual(result.stdout, "hello, world\n")
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func testProcExitEndsTheProcessWithItsStatus() throws {
        let c = try lowerWAT("""
            (module (import "wasi_unstable" "proc_exit" (func $exit (param i32))) (memory 1)
              (func (export "_start") (call $exit (i32.const 7)) (unreachable)))
            """, options: command)
        let result = try NativeBuild.buildAndRun(c)
        XCTAssertEqual(result.status, 7, result.stderr)
    }

    func testStubTrapsWhenCalled() throws {
        let c = try lowerWAT("""
            (module (import "env" "accept" (func $accept (param i32 i32 i32) (result i32)))
              (func (export "_start") (drop (call $accept (i32.const 0) (i32.const 0) (i32.const 0)))))
            """, options: command)
        let result = try NativeBuild.buildAndRun(c)
        XCTAssertEqual(result.status, 134)
        XCTAssertEqual(result.stderr, "bs-aot: trap: unsupported import env.accept called\n")
    }
}

/// The whole preview1 surface under each module name: what is bound, to which symbol, and that
/// the runtime really defines every symbol (a module importing all of them links and starts).
final class HostImportSurfaceTests: XCTestCase {
    private func watType(_ signature: String) -> String {
        let parts = signature.split(separator: ":", omittingEmptySubsequences: false)
        let letters = { (text: Substring) in text.map { $0 == "I" ? "i64" : "i32" }.joined(separator: " ") }
        let params = parts[0].isEmpty ? "" : " (param \(letters(parts[0])))"
        let results = parts[1].isEmpty ? "" : " (result \(letters(parts[1])))"
        return "(func\(params)\(results))"
    }

    private func moduleImportingEverything(from moduleName: String) -> String {
        let names = HostImports.preview1.keys.sorted().filter { HostImports.isSupported(module: moduleName, name: $0) }
        let imports = names.map { "(import \"\(moduleName)\" \"\($0)\" \(watType(HostImports.preview1[$0]!)))" }
        return "(module \(imports.joined(separator: "\n")) (memory (export \"memory\") 1))"
    }

    func testAll46AreBoundUnderPreview1() {
        XCTAssertEqual(HostImports.preview1.count, 46)
        for name in HostImports.preview1.keys {
            XCTAssertTrue(HostImports.isSupported(module: "wasi_snapshot_preview1", name: name), name)
        }
    }

    func testModuleSpecificBindings() throws {
        let expectations: [(module: String, name: String, symbol: String?)] = [
            ("wasi_unstable", "fd_filestat_get", "bsrt_wasi_unstable_fd_filestat_get"),
            ("wasi_unstable", "path_filestat_get", "bsrt_wasi_unstable_path_filestat_get"),
            ("wasi_unstable", "poll_oneoff", "bsrt_wasi_unstable_poll_oneoff"),
            ("wasi_unstable", "sock_accept", nil),  // preview0 has none
            ("wasix_32v1", "proc_raise", "bsrt_wasix_proc_raise"),
            ("wasix_32v1", "sock_accept", nil),  // WASIX's is sock_accept_v2
            ("wasi_snapshot_preview1", "proc_raise", "bsrt_wasi_proc_raise"),
        ]
        for (module, name, symbol) in expectations {
            XCTAssertEqual(HostImports.isSupported(module: module, name: name), symbol != nil, "\(module).\(name)")
            guard let symbol else { continue }
            let c = try lowerWAT(
                "(module (import \"\(module)\" \"\(name)\" \(watType(HostImports.preview1[name]!))))",
                options: LoweringOptions(hostImports: .bindHost(allowUnsupported: false), emitMain: false))
            XCTAssertTrue(c.file("w.c").contains("(void (*)(void))\(symbol),"), "\(module).\(name)")
        }
    }

    func testTheRuntimeDefinesEveryBoundSymbol() throws {
        for moduleName in HostImports.moduleNames {
            let c = try lowerWAT(moduleImportingEverything(from: moduleName),
                                 options: LoweringOptions(hostImports: .bindHost(allowUnsupported: false), emitMain: true))
            let result = try NativeBuild.buildAndRun(c, name: "surface_\(moduleName)")
            XCTAssertEqual(result.status, 0, "\(moduleName): \(result.stderr)")
        }
    }
}
