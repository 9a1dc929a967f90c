import Lowering
import WAT
import WasmModule
import XCTest

/// Lowers WAT text with the given options.
func lowerWAT(_ text: String, options: LoweringOptions = LoweringOptions(hostImports: .dynamic, emitMain: false)) throws -> CModule {
    let bytes = try wat2wasm(text, features: .all)
    return try lower(try decodeModule(bytes), options: options)
}

final class LoweringTests: XCTestCase {
    func testFactorialLowersToTypedLocalsAndLabels() throws {
        let c = try lowerWAT("""
            (module
              (func $fac (export "fac") (param i64) (result i64)
                (if (result i64) (i64.eqz (local.get 0))
                  (then (i64.const 1))
                  (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1))))))))
            """)
        let unit = try XCTUnwrap(c.files.first { $0.name == "w_funcs0.c" }).contents
        if let dir = ProcessInfo.processInfo.environment["BS_AOT_DUMP_C"] {
            for file in c.files { try file.contents.write(toFile: dir + "/" + file.name, atomically: true, encoding: .utf8) }
        }
        XCTAssertTrue(unit.contains("uint64_t w_f0(bsrt_instance *self, uint64_t l0)"), unit)
        XCTAssertTrue(unit.contains("sj1 = w_f0(self, sj1);"), unit)
    }

    func testSIMDIsRefusedAsUnsupportedWithOffset() throws {
        XCTAssertThrowsError(try lowerWAT("(module (func (drop (v128.const i32x4 1 2 3 4))))")) { error in
            XCTAssertTrue("\(error)".hasPrefix("unsupported feature: simd at offset "), "\(error)")
        }
    }

    func testTypeMismatchIsInvalid() throws {
        XCTAssertThrowsError(try lowerWAT("(module (func (result i32) (i64.const 1)))")) { error in
            XCTAssertTrue("\(error)".hasPrefix("invalid module: type mismatch"), "\(error)")
        }
    }

    func testUnsupportedImportsAreListed() throws {
        let text = """
            (module (import "wasi_snapshot_preview1" "path_open" (func (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
                    (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32))))
            """
        XCTAssertThrowsError(try lowerWAT(text, options: LoweringOptions())) { error in
            XCTAssertEqual("\(error)", "unsupported imports: wasi_snapshot_preview1.path_open (use --allow-unsupported-imports to build with stubs that trap)")
        }
        XCTAssertNoThrow(try lowerWAT(text, options: LoweringOptions(hostImports: .bindHost(allowUnsupported: true))))
    }
}
