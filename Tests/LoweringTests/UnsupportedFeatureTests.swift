import Lowering
import WAT
import XCTest

/// Asserts that lowering `text` is refused as `unsupported feature: <feature> at offset N`, where
/// the byte at N is `byte` (an instruction's first byte, or the id of the section declaring it).
private func assertUnsupported(
    _ text: String, _ feature: String, at byte: UInt8, file: StaticString = #filePath, line: UInt = #line
) throws {
    let bytes = try wat2wasm(text, features: .all)
    guard let error = loweringError(bytes, file: file, line: line) else { return }
    guard case .unsupported(let actual, let offset) = error else {
        return XCTFail("expected an unsupported feature, got \(error)", file: file, line: line)
    }
    XCTAssertEqual(actual, feature, file: file, line: line)
    XCTAssertEqual("\(error)", "unsupported feature: \(feature) at offset \(offset)", file: file, line: line)
    XCTAssertTrue(bytes.indices.contains(offset) && bytes[offset] == byte,
                  "offset \(offset) holds \(bytes.indices.contains(offset) ? bytes[offset] : 0), not \(byte)", file: file, line: line)
}

private enum Section {
    static let type: UInt8 = 1, memory: UInt8 = 5
}

final class UnsupportedFeatureTests: XCTestCase {
    // MARK: Instructions: the offset is the instruction's

    func testGCInstructions() throws {
        try assertUnsupported("(module (func (drop (ref.i31 (i32.const 0)))))", "gc", at: 0xfb)
    }

    /// GC's heap types, in a block type (the instruction's offset) or a signature (the type
    /// section's); function references themselves are lowered.
    func testGCReferenceBlockTypes() throws {
        try assertUnsupported("(module (func (block (result (ref null i31)) (unreachable)) (drop)))", "gc", at: 0x02)
    }

    // MARK: Declarations: the offset is the declaring section's

    func testGCTypes() throws {
        try assertUnsupported("(module (type (struct (field i32))))", "gc (struct, array or subtyped types)", at: Section.type)
        try assertUnsupported("(module (type (array i8)))", "gc (struct, array or subtyped types)", at: Section.type)
    }

    func testGCReferenceTypesInASignature() throws {
        try assertUnsupported("(module (func (param (ref any))))", "gc", at: Section.type)
    }

    // MARK: Malformed and invalid bodies

    func testIllegalOpcodeInABodyIsMalformed() {
        let bytes = binaryModule(body: [0x01, 0xff, 0x0b])  // nop, 0xff, end
        guard case .malformed(let error) = loweringError(bytes) else { return XCTFail("expected a malformed module") }
        XCTAssertTrue("\(error)".hasPrefix("malformed module: "), "\(error)")
        // Its reason and offset: see KnownTranslatorBugsTests.
    }

    func testBodyWithoutItsEndIsMalformed() {
        guard case .malformed(let error) = loweringError(binaryModule(body: [0x01, 0x01])) else {
            return XCTFail("expected a malformed module")
        }
        XCTAssertTrue("\(error)".hasPrefix("malformed module: "), "\(error)")
    }

    func testInvalidBodyNamesTheFunctionAndTheOffset() throws {
        let bytes = try wat2wasm(#"(module (func) (func $g (export "g") (result i32) (i64.const 1)))"#, features: .all)
        guard case .invalid(_, let offset, _) = loweringError(bytes) else { return XCTFail("expected an invalid module") }
        XCTAssertEqual(bytes[offset], 0x0b, "the function's end, where the result is checked")
        XCTAssertEqual(try describedError(bytes), "invalid module: type mismatch at offset \(offset) in function g")
    }

    func testModuleLevelErrorsComeFromTheValidator() throws {
        let bytes = try wat2wasm(#"(module (func (export "a")) (func (export "a")))"#, features: .all)
        guard case .invalid(let reason, let offset, let function) = loweringError(bytes) else {
            return XCTFail("expected an invalid module")
        }
        XCTAssertEqual(reason, "duplicate export name")
        XCTAssertEqual(bytes[offset], 7, "the export section")
        XCTAssertNil(function)
    }

    private func describedError(_ bytes: [UInt8]) throws -> String {
        loweringError(bytes).map { "\($0)" } ?? ""
    }
}
