@testable import Lowering
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
                "inst->func_storage[0] = (bsrt_func){ (void (*)(void))bsrt_wasi_fd_write, inst->type_ids[0], self, \"fd_write\", NULL };"),
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
                    (import "other" "memory" (memory 1))
                    (import "wasix_64v1" "not_a_call" (func (param i32 i32 i32 i32) (result i32))))
            """
        XCTAssertThrowsError(try lowerWAT(text, options: bindHost)) { error in
            XCTAssertEqual("\(error)", "unsupported imports: wasi_snapshot_preview1.not_in_wasi, other.memory, wasix_64v1.not_a_call "
                + "(use --allow-unsupported-imports to build with stubs that trap)")
        }
    }

    func testAnImportedEnvMemoryIsCreatedWithTheImportsType() throws {
        let c = try lowerWAT("""
            (module (import "env" "memory" (memory 2 10))
                    (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
                    (func (export "_start") (call $exit (i32.add (memory.size) (i32.load (i32.const 0x1fffc))))))
            """, options: LoweringOptions(hostImports: .bindHost(allowUnsupported: false), emitMain: true))
        // An executable's memory 0, at its fixed place (MemoryPlaceTests).
        XCTAssertTrue(c.file("w.c").contains("bsrt_memory_init_at(&inst->memory_storage[0], BSRT_EXECUTABLE_MEMORY0, 2u, 10u, true, 0)"), c.file("w.c"))
        let result = try NativeBuild.buildAndRun(c, name: "env_memory")
        XCTAssertEqual(result.status, 2, result.stderr)
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
        XCTAssertTrue(c.file("w.c").contains("(bsrt_func){ (void (*)(void))w_stub1, inst->type_ids[1], self, \"log\", NULL };"))
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

/// The host surface under each module name (HostImportTable, read from runtime-c's
/// bsrt_host.def): what is bound, to which symbol, and that the runtime really defines every
/// symbol (a module importing all of them links and starts).
final class HostImportSurfaceTests: XCTestCase {
    private func watType(_ signature: String) -> String {
        let parts = signature.split(separator: ":", omittingEmptySubsequences: false)
        let letters = { (text: Substring) in text.map { $0 == "I" ? "i64" : "i32" }.joined(separator: " ") }
        let params = parts[0].isEmpty ? "" : " (param \(letters(parts[0])))"
        let results = parts[1].isEmpty ? "" : " (result \(letters(parts[1])))"
        return "(func\(params)\(results))"
    }

    private func entries(of moduleName: String) -> [HostImportTable.Entry] {
        HostImportTable.entries.filter { $0.module == moduleName }
    }

    private func moduleImportingEverything(from moduleName: String) -> String {
        let imports = entries(of: moduleName).map { "(import \"\(moduleName)\" \"\($0.name)\" \(watType($0.signature)))" }
        return "(module \(imports.joined(separator: "\n")) (memory (export \"memory\") 1))"
    }

    private static let preview1Names: Set<String> = [
        "args_get", "args_sizes_get", "environ_get", "environ_sizes_get", "clock_res_get", "clock_time_get",
        "fd_advise", "fd_allocate", "fd_close", "fd_datasync", "fd_fdstat_get", "fd_fdstat_set_flags",
        "fd_fdstat_set_rights", "fd_filestat_get", "fd_filestat_set_size", "fd_filestat_set_times", "fd_pread",
        "fd_prestat_get", "fd_prestat_dir_name", "fd_pwrite", "fd_read", "fd_readdir", "fd_renumber", "fd_seek",
        "fd_sync", "fd_tell", "fd_write", "path_create_directory", "path_filestat_get", "path_filestat_set_times",
        "path_link", "path_open", "path_readlink", "path_remove_directory", "path_rename", "path_symlink",
        "path_unlink_file", "poll_oneoff", "proc_exit", "proc_raise", "sched_yield", "random_get", "sock_accept",
        "sock_recv", "sock_send", "sock_shutdown",
    ]

    func testTheTableParses() throws {
        XCTAssertFalse(HostImportTable.entries.isEmpty)
        let bad = "BSRT_HOST(P1, \"x\", ERRNO, bsrt_x, (bsrt_instance *self, float f))"
        XCTAssertThrowsError(try HostImportTable.parse(bad))
        let good = try HostImportTable.parse(
            "/* a comment\n over two lines */\nBSRT_HOST(P1|X64, \"f\", ERRNO, bsrt_f, (bsrt_instance *self, uint32_t fd, bsrt_ptr p, uint64_t v))\n")
        XCTAssertEqual(good.map(\.signature), ["iiI:i", "iII:i"])
        XCTAssertEqual(good.map(\.module), ["wasi_snapshot_preview1", "wasix_64v1"])
    }

    func testAll46AreBoundUnderPreview1() {
        XCTAssertEqual(Set(entries(of: "wasi_snapshot_preview1").map(\.name)).intersection(Self.preview1Names).count, 46)
        // All 46 under WASIX too; its sock_accept is sock_accept_v2's symbol (wasix.md §3).
        XCTAssertEqual(Set(entries(of: "wasix_32v1").map(\.name)).intersection(Self.preview1Names).count, 46)
        XCTAssertEqual(Set(entries(of: "wasi_unstable").map(\.name)).intersection(Self.preview1Names).count, 45)
    }

    func testModuleSpecificBindings() throws {
        let expectations: [(module: String, name: String, symbol: String?)] = [
            ("wasi_unstable", "fd_filestat_get", "bsrt_wasi_unstable_fd_filestat_get"),
            ("wasi_unstable", "path_filestat_get", "bsrt_wasi_unstable_path_filestat_get"),
            ("wasi_unstable", "poll_oneoff", "bsrt_wasi_unstable_poll_oneoff"),
            ("wasi_unstable", "sock_accept", nil),  // preview0 has none
            ("wasix_32v1", "proc_raise", "bsrt_wasix_proc_raise"),
            ("wasi_snapshot_preview1", "proc_raise", "bsrt_wasi_proc_raise"),
            ("wasi_snapshot_preview1", "fd_write", "bsrt_wasi_fd_write"),
            // preview1's fd_renumber moves; WASIX's copies (dup2), and sock_accept is v2
            ("wasi_snapshot_preview1", "fd_renumber", "bsrt_wasi_fd_renumber"),
            ("wasix_32v1", "fd_renumber", "bsrt_wasix_fd_renumber"),
            ("wasix_32v1", "sock_accept", "bsrt_wasix_sock_accept_v2"),
            ("wasix_32v1", "thread_spawn", "bsrt_wasix_thread_spawn"),
            ("wasi", "thread-spawn", "bsrt_wasi_thread_spawn"),
        ]
        for (module, name, symbol) in expectations {
            XCTAssertEqual(HostImportTable.entry(module: module, name: name)?.symbol, symbol, "\(module).\(name)")
            guard let entry = HostImportTable.entry(module: module, name: name) else { continue }
            let c = try lowerWAT(
                "(module (import \"\(module)\" \"\(name)\" \(watType(entry.signature))))",
                options: LoweringOptions(hostImports: .bindHost(allowUnsupported: false), emitMain: false))
            XCTAssertTrue(c.file("w.c").contains("(void (*)(void))\(entry.symbol),"), "\(module).\(name)")
        }
    }

    /// In a module with any WASIX import, a preview1 import binds to its WASIX twin (wasix-libc
    /// imports fd_renumber from preview1 and needs dup2's copy); without one it keeps preview1's.
    func testPreview1ImportsBindToTheirWASIXTwinsOnlyInWASIXModules() throws {
        let renumber = "(import \"wasi_snapshot_preview1\" \"fd_renumber\" (func (param i32 i32) (result i32)))"
        let options = LoweringOptions(hostImports: .bindHost(allowUnsupported: false), emitMain: false)
        let plain = try lowerWAT("(module \(renumber))", options: options)
        XCTAssertTrue(plain.file("w.c").contains("(void (*)(void))bsrt_wasi_fd_renumber,"))
        let wasix = try lowerWAT("""
            (module \(renumber)
              (import "wasix_32v1" "getcwd" (func (param i32 i32) (result i32))))
            """, options: options)
        XCTAssertTrue(wasix.file("w.c").contains("(void (*)(void))bsrt_wasix_fd_renumber,"))
        XCTAssertFalse(wasix.file("w.c").contains("bsrt_wasi_fd_renumber"))
    }

    /// A module that imports callback_signal calls each host function that returns through a
    /// wrapper that delivers pending signals afterwards; proc_exit never returns, so it has none.
    func testASignalCallbackModuleCallsHostFunctionsThroughThePollingWrapper() throws {
        let c = try lowerWAT("""
            (module
              (import "wasix_32v1" "callback_signal" (func (param i32 i32)))
              (import "wasix_32v1" "sched_yield" (func $yield (result i32)))
              (import "wasix_32v1" "proc_exit" (func $exit (param i32)))
              (func (export "_start") (drop (call $yield)) (call $exit (i32.const 0))))
            """, options: LoweringOptions(hostImports: .bindHost(allowUnsupported: false), emitMain: false))
        let all = c.files.map(\.contents).joined(separator: "\n")
        XCTAssertTrue(all.contains("uint32_t r = bsrt_wasi_sched_yield(self); bsrt_wasix_signals_poll(self); return r;")
                      || all.contains("bsrt_wasix_sched_yield(self); bsrt_wasix_signals_poll(self);"), all)
        XCTAssertFalse(all.contains("proc_exit(self, a0); bsrt_wasix_signals_poll"), all)
    }

    func testTheRuntimeDefinesEveryBoundSymbol() throws {
        for moduleName in HostImportTable.moduleNames where HostImportTable.entries.contains(where: {
            $0.module == moduleName && $0.pointerWidth == 4
        }) {
            let c = try lowerWAT(moduleImportingEverything(from: moduleName),
                                 options: LoweringOptions(hostImports: .bindHost(allowUnsupported: false), emitMain: true))
            let result = try NativeBuild.buildAndRun(c, name: "surface_\(moduleName)")
            XCTAssertEqual(result.status, 0, "\(moduleName): \(result.stderr)")
        }
    }
}
