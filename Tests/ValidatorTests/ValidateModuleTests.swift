import Validator
import WAT
import WasmModule
import XCTest

/// Validates the module written in `text` and returns its context.
@discardableResult
func validateWAT(_ text: String) throws -> ModuleContext {
    try validateModule(try decodeModule(try wat2wasm(text, features: .all)))
}

/// Asserts that the module in `text` is invalid with exactly `reason` (the spec test suite's
/// wording), at the offset of the section with id `section`.
func assertInvalid(_ text: String, _ reason: String, section: UInt8, file: StaticString = #filePath, line: UInt = #line) {
    do {
        let bytes = try wat2wasm(text, features: .all)
        XCTAssertThrowsError(try validateModule(try decodeModule(bytes)), file: file, line: line) { error in
            guard case .invalid(let invalid) = error as? TranslationError else {
                return XCTFail("expected an invalid module, got \(error)", file: file, line: line)
            }
            XCTAssertEqual(invalid.reason, reason, file: file, line: line)
            XCTAssertEqual("\(error)", "invalid module: \(reason) at offset \(invalid.offset)", file: file, line: line)
            XCTAssertTrue(bytes.indices.contains(invalid.offset) && bytes[invalid.offset] == section,
                          "offset \(invalid.offset) is not the start of section \(section)", file: file, line: line)
        }
    } catch {
        XCTFail("\(error)", file: file, line: line)
    }
}

final class ValidateModuleTests: XCTestCase {
    // MARK: Limits

    func testTableMinimumAboveMaximumIsInvalid() {
        assertInvalid("(module (table 2 1 funcref))", "size minimum must not be greater than maximum", section: SectionID.table)
    }

    func testMemoryMinimumAboveMaximumIsInvalid() {
        assertInvalid("(module (memory 2 1))", "size minimum must not be greater than maximum", section: SectionID.memory)
        assertInvalid(#"(module (import "m" "mem" (memory 1 0)))"#, "size minimum must not be greater than maximum", section: SectionID.`import`)
    }

    func testMemoryOf65536PagesIsTheLargestValid() throws {
        try validateWAT("(module (memory 65536 65536))")
        assertInvalid("(module (memory 65537))", "memory size must be at most 65536 pages (4GiB)", section: SectionID.memory)
        assertInvalid("(module (memory 0 65537))", "memory size must be at most 65536 pages (4GiB)", section: SectionID.memory)
        assertInvalid(#"(module (import "m" "mem" (memory 65537)))"#, "memory size must be at most 65536 pages (4GiB)", section: SectionID.`import`)
    }

    // MARK: Start function

    func testStartFunctionMustTakeAndReturnNothing() throws {
        try validateWAT("(module (func $s) (start $s))")
        assertInvalid("(module (func $s (param i32)) (start $s))", "start function", section: SectionID.start)
        assertInvalid("(module (func $s (result i32) (i32.const 0)) (start $s))", "start function", section: SectionID.start)
        assertInvalid(#"(module (import "m" "f" (func $s (param i64))) (start $s))"#, "start function", section: SectionID.start)
    }

    // MARK: Exports

    func testDuplicateExportNamesAreInvalid() {
        assertInvalid(#"(module (func (export "a")) (func (export "a")))"#, "duplicate export name", section: SectionID.export)
    }

    func testDuplicateExportNamesOfDifferentKindsAreInvalid() {
        assertInvalid(#"(module (func (export "x")) (memory (export "x") 1))"#, "duplicate export name", section: SectionID.export)
    }

    func testCanonicallyEquivalentExportNamesAreDistinct() throws {
        // "é" precomposed (c3 a9) and decomposed (65 cc 81): equal as Swift Strings, different
        // names to WebAssembly, which compares bytes.
        XCTAssertEqual("\u{e9}", "e\u{301}")
        let context = try validateWAT(#"(module (func (export "\c3\a9")) (func (export "e\cc\81")))"#)
        XCTAssertEqual(context.module.exports.map { Array($0.name.utf8) }, [[0xc3, 0xa9], [0x65, 0xcc, 0x81]])
    }

    func testExportOfUnknownIndexIsInvalid() {
        assertInvalid(#"(module (export "f" (func 3)))"#, "unknown function 3", section: SectionID.export)
        assertInvalid(#"(module (export "g" (global 0)))"#, "unknown global 0", section: SectionID.export)
        assertInvalid(#"(module (export "m" (memory 0)))"#, "unknown memory 0", section: SectionID.export)
        assertInvalid(#"(module (export "t" (table 1)) (table 1 funcref))"#, "unknown table 1", section: SectionID.export)
    }

    // MARK: Constant expressions

    func testNonConstantInstructionInInitializerIsInvalid() {
        assertInvalid("(module (global i32 (i32.eqz (i32.const 0))))", "constant expression required", section: SectionID.global)
        assertInvalid("(module (global i32 (i32.div_s (i32.const 4) (i32.const 2))))", "constant expression required", section: SectionID.global)
        assertInvalid("(module (memory 1) (data (i32.ctz (i32.const 0)) \"\"))", "constant expression required", section: SectionID.data)
    }

    func testExtendedConstantArithmeticIsAccepted() throws {
        try validateWAT("""
            (module
              (global i32 (i32.sub (i32.mul (i32.const 3) (i32.const 4)) (i32.const 1)))
              (global i64 (i64.add (i64.const 1) (i64.const 2))))
            """)
        assertInvalid("(module (global i32 (i32.add (i32.const 1) (i64.const 2))))", "type mismatch", section: SectionID.global)
    }

    func testGlobalGetOfMutableGlobalIsNotConstant() {
        assertInvalid(#"(module (import "m" "g" (global (mut i32))) (global i32 (global.get 0)))"#,
                      "constant expression required", section: SectionID.global)
        assertInvalid(#"(module (import "m" "g" (global (mut i32))) (memory 1) (data (global.get 0) ""))"#,
                      "constant expression required", section: SectionID.data)
    }

    func testGlobalGetOfLaterOrOwnGlobalIsUnknown() {
        assertInvalid("(module (global i32 (global.get 1)) (global i32 (i32.const 0)))", "unknown global 1", section: SectionID.global)
        assertInvalid("(module (global i32 (global.get 0)))", "unknown global 0", section: SectionID.global)
    }

    func testGlobalGetOfImportedOrEarlierImmutableGlobalIsConstant() throws {
        try validateWAT("""
            (module (import "m" "g" (global i32))
              (global i32 (i32.const 1))
              (global i32 (i32.add (global.get 0) (global.get 1))))
            """)
    }

    func testInitializerOfWrongTypeIsATypeMismatch() {
        assertInvalid("(module (global i32 (i64.const 0)))", "type mismatch", section: SectionID.global)
        assertInvalid("(module (global i32 (i32.const 0) (i32.const 1)))", "type mismatch", section: SectionID.global)
        assertInvalid("(module (global funcref (ref.null extern)))", "type mismatch", section: SectionID.global)
        assertInvalid("(module (memory 1) (data (i64.const 0) \"\"))", "type mismatch", section: SectionID.data)
        assertInvalid("(module (table 1 funcref) (func $f) (elem (f32.const 0) $f))", "type mismatch", section: SectionID.element)
    }

    func testElementSegmentOfOtherReferenceTypeThanItsTableIsATypeMismatch() {
        assertInvalid("(module (table 1 externref) (func $f) (elem (table 0) (i32.const 0) func $f))", "type mismatch", section: SectionID.element)
    }

    func testActiveDataSegmentNeedsAMemory() {
        assertInvalid(#"(module (data (i32.const 0) "x"))"#, "unknown memory 0", section: SectionID.data)
    }
}
