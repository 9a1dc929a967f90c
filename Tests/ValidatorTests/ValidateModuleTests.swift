import Validator
import WAT
import WasmModule
import XCTest

final class ValidateModuleTests: XCTestCase {
    func testDuplicateExportNamesAreInvalid() throws {
        let bytes = try wat2wasm("(module (func (export \"a\")) (func (export \"a\")))", features: .all)
        XCTAssertThrowsError(try validateModule(try decodeModule(bytes))) { error in
            XCTAssertTrue("\(error)".hasPrefix("invalid module: duplicate export name"), "\(error)")
        }
    }
}
