import WAT
import WasmModule
import XCTest

final class DecodeTests: XCTestCase {
    func testDecodesSectionsAndNames() throws {
        let bytes = try wat2wasm("""
            (module $m
              (import "env" "f" (func $imported (param i32)))
              (memory 1 2) (global (mut i32) (i32.const 7))
              (func $local (export "run") (call $imported (i32.const 1)))
              (data (i32.const 8) "hi"))
            """, features: .all, options: EncodeOptions(nameSection: true))
        let module = try decodeModule(bytes)
        XCTAssertEqual(module.imports.count, 1)
        XCTAssertEqual(module.functionTypeIndices.count, 1)
        XCTAssertEqual(module.memories.first?.type.max, 2)
        XCTAssertEqual(module.displayName(ofFunction: 1), "local")
        XCTAssertEqual(module.names.module, "m")
    }

    func testTruncatedModuleIsMalformedWithOffset() throws {
        let bytes = try wat2wasm("(module (func (export \"f\") (result i32) (i32.const 42)))", features: .all)
        XCTAssertThrowsError(try decodeModule(Array(bytes.prefix(bytes.count - 3)))) { error in
            XCTAssertTrue("\(error)".hasPrefix("malformed module: "), "\(error)")
            XCTAssertTrue("\(error)".contains("offset"), "\(error)")
        }
    }

    func testRandomBytesAreMalformed() {
        XCTAssertThrowsError(try decodeModule([0x12, 0x34, 0x56, 0x78, 0x9a])) { error in
            XCTAssertTrue("\(error)".hasPrefix("malformed module: "), "\(error)")
        }
    }
}
