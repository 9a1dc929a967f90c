import Lowering
import XCTest

/// The embedding interface of `HostImportPolicy.library` (`bs-aot build --lib`): its header's
/// names and declarations, and C that compiles without a warning for every kind of value.
final class LibraryInterfaceTests: XCTestCase {
    private static func options(_ name: String) -> LoweringOptions {
        LoweringOptions(symbolPrefix: "\(name)_wasm", hostImports: .library(name: name), emitMain: false)
    }

    /// Every kind of value the interface passes (v128, references, several results), host
    /// functions with several results, a threaded module (shared memory, per-thread globals), a
    /// re-exported import, a reactor's `_initialize`, and export names that clash.
    private static let rich = """
        (module $rich
          (import "env" "pair" (func $pair (param i32) (result i32 i64)))
          (import "env" "vec" (func $vec (param v128) (result v128)))
          (import "env" "ref" (func $ref (param externref funcref) (result externref)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (memory (export "mem") 1 2 shared)
          (global $g (export "g") (mut i64) (i64.const 5))
          (global $v (export "v") (mut v128) (v128.const i32x4 1 2 3 4))
          (global $f (export "f") funcref (ref.null func))
          (global $init (mut i32) (i32.const 0))
          (table (export "tab") 1 funcref)
          (func (export "_initialize") (global.set $init (i32.const 42)))
          (func $add (export "new") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "wasm_x") (result i32) (i32.const 1))
          (func (export "a-b") (result f32) (f32.const 2))
          (func (export "a_b") (result f64) (f64.const 3))
          (func (export "vec") (param v128) (result v128) (call $vec (local.get 0)))
          (func (export "ref") (param externref funcref) (result externref funcref) (call $ref (local.get 0) (local.get 1)) (local.get 1))
          (func (export "quit") (call $exit (i32.const 3)))
          (export "pair" (func $pair)))
        """

    func testHeaderNamesEveryExportAndTheRuntimeTrapCodes() throws {
        let module = try lowerWAT(Self.rich, options: Self.options("rich"))
        let header = try XCTUnwrap(module.files.first { $0.name == "rich.h" }).contents
        XCTAssertTrue(module.files.contains { $0.name == "rich_lib.c" })
        for declaration in [
            "rich_instance *rich_new(const rich_imports *imports, rich_error *error);",
            "void rich_delete(rich_instance *instance);",
            // Clashes: with the interface, with the module's own prefix, with another export.
            "rich_error rich_new_6(rich_instance *instance, uint32_t p0, uint32_t p1, uint32_t *result);",
            "rich_error rich_export_wasm_x(rich_instance *instance, uint32_t *result);",
            "rich_error rich_a_b(rich_instance *instance, float *result);",
            "rich_error rich_a_b_9(rich_instance *instance, double *result);",
            "rich_error rich_vec(rich_instance *instance, rich_v128 p0, rich_v128 *result);",
            "rich_error rich_ref(rich_instance *instance, void *p0, const void *p1, void **result0, const void **result1);",
            "rich_error rich_pair(rich_instance *instance, uint32_t p0, uint32_t *result0, uint64_t *result1);",
            "void (*env_pair)(void *user_data, rich_instance *instance, uint32_t p0, uint32_t *result0, uint64_t *result1);",
            "void *(*env_ref)(void *user_data, rich_instance *instance, void *p0, const void *p1);",
            "uint8_t *rich_mem_data(rich_instance *instance);",
            "uint64_t rich_g_get(rich_instance *instance);",
            "void rich_v_set(rich_instance *instance, rich_v128 value);",
            "const void *rich_f_get(rich_instance *instance);",
            "RICH_TRAP_INT_DIV_BY_ZERO = 4,",
            "/* Trap: \"integer divide by zero\". */",
            "RICH_ERROR_EXIT = 100,",
            "\"tab\"",
        ] {
            XCTAssertTrue(header.contains(declaration), "rich.h lacks: \(declaration)\n\(header)")
        }
        // An immutable global has no setter, _initialize no wrapper (rich_new calls it), and the
        // WASI import is the runtime's, not the embedder's.
        for absent in ["rich_f_set", "_initialize(", "proc_exit)("] {
            XCTAssertFalse(header.contains(absent), "rich.h has \(absent)")
        }
        XCTAssertTrue(header.contains("proc_exit returns RICH_ERROR_EXIT"))
    }

    func testLibraryCompilesWithoutWarningsInCAndItsHeaderInCxx() throws {
        let module = try lowerWAT(Self.rich, options: Self.options("rich"))
        if let diagnostics = try NativeBuild.syntaxCheck(["library": module]) { XCTFail(diagnostics) }
        let directory = try NativeBuild.write(module, as: "library-cxx")
        try "#include \"rich.h\"\n".write(to: directory.appendingPathComponent("use.cc"), atomically: true, encoding: .utf8)
        let cxx = try NativeBuild.run(["clang++", "-std=c++11", "-fsyntax-only", "-Wall", "-Wextra", "-Werror", "use.cc"], in: directory)
        XCTAssertEqual(cxx.status, 0, cxx.stderr)
    }

    func testImportsOtherThanFunctionsAreRefused() throws {
        XCTAssertThrowsError(try lowerWAT(#"(module (import "env" "t" (table 1 funcref)))"#, options: Self.options("t"))) { error in
            XCTAssertEqual(
                "\(error)", "a library's embedder supplies only functions; this module also imports env.t")
        }
    }

    func testLibraryNames() {
        XCTAssertTrue(isValidLibraryName("calc"))
        XCTAssertTrue(isValidLibraryName("_x9"))
        for bad in ["", "9lives", "a-b", "bsrt", "BSRT_x", "café"] {
            XCTAssertFalse(isValidLibraryName(bad), bad)
        }
    }
}
