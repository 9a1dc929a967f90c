import Lowering
import WAT
import XCTest

/// Asserts that lowering `text` fails as invalid with `reason`, at the offset of an instruction
/// whose first byte is `opcode`, in function `function`.
func assertInvalidInstruction(
    _ text: String, _ reason: String, opcode: UInt8, function: String,
    file: StaticString = #filePath, line: UInt = #line
) throws {
    let bytes = try wat2wasm(text, features: .all)
    guard case .invalid(let actual, let offset, let name) = loweringError(bytes, file: file, line: line) else {
        return XCTFail("expected an invalid module", file: file, line: line)
    }
    XCTAssertEqual(actual, reason, file: file, line: line)
    XCTAssertEqual(name, function, file: file, line: line)
    XCTAssertTrue(bytes.indices.contains(offset) && bytes[offset] == opcode,
                  "offset \(offset) does not point at opcode \(opcode)", file: file, line: line)
}

/// Asserts that lowering `binaryModule(body:dataCount:)` fails as invalid with `reason` at the
/// instruction starting `position` bytes into `body`.
func assertInvalidBody(
    _ body: [UInt8], dataCount: UInt8? = nil, _ reason: String, at position: Int = 0,
    file: StaticString = #filePath, line: UInt = #line
) {
    let bytes = binaryModule(body: body, dataCount: dataCount)
    guard case .invalid(let actual, let offset, let name) = loweringError(bytes, file: file, line: line) else {
        return XCTFail("expected an invalid module", file: file, line: line)
    }
    XCTAssertEqual(actual, reason, file: file, line: line)
    XCTAssertEqual(offset, bytes.count - body.count + position, file: file, line: line)
    XCTAssertEqual(name, "func0", file: file, line: line)
}

final class ControlLoweringTests: XCTestCase {
    func testBrIfCopiesItsValueIntoTheTargetSlotAndJumps() throws {
        let c = try lowerWAT("""
            (module (func (param i32) (result i32)
              (block (result i32) (i32.const 1) (i32.const 2) (br_if 0 (local.get 0)) (drop))))
            """)
        assertContainsInOrder(c.function(0), [
            "si0 = 0x1u;", "si1 = 0x2u;", "si2 = l0;",
            "  if (si2) {\n  si0 = si1;\n  goto L1;\n  }\n", "L1:;", "return si0;",
        ])
    }

    func testBrIfWithItsValueAlreadyInPlaceOnlyJumps() throws {
        let c = try lowerWAT("""
            (module (func (param i32) (result i32)
              (block (result i32) (i32.const 7) (br_if 0 (local.get 0)) (drop) (i32.const 9))))
            """)
        assertContainsInOrder(c.function(0), ["si1 = l0;", "  if (si1) {\n  goto L1;\n  }\n", "si0 = 0x9u;", "L1:;"])
    }

    func testBranchToTheFunctionReturns() throws {
        let c = try lowerWAT("(module (func (param i32) (result i64) (br_if 0 (i64.const 3) (local.get 0)) (drop) (i64.const 4)))")
        assertContainsInOrder(c.function(0), ["  if (si1) {\n  return sj0;\n  }\n", "sj0 = UINT64_C(0x4);", "return sj0;"])
    }

    func testLoopLabelOnlyWhenTargeted() throws {
        let c = try lowerWAT("""
            (module
              (func (param i32) (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))
              (func (loop (nop)) (block (nop))))
            """)
        assertContainsInOrder(c.function(0), ["L1:;", "l0 = si0;", "  if (si0) {\n  goto L1;\n  }\n"])
        assertContainsNone(c.function(1), ["L1:;", "L2:;", "goto"])
    }

    func testBlockLabelOnlyWhenTargeted() throws {
        let c = try lowerWAT("(module (func (block (br 0)) (block (nop))))")
        assertContainsInOrder(c.function(0), ["goto L1;", "L1:;", "return;"])
        assertContainsNone(c.function(0), ["L2:;"])
    }

    func testLoopWithParametersBranchesBackWithItsParameters() throws {
        let c = try lowerWAT("""
            (module (func (param i32) (result i32)
              (i32.const 10)
              (loop (param i32) (result i32)
                (i32.const 1) (i32.sub) (local.tee 0) (br_if 0 (local.get 0)))))
            """)
        assertContainsInOrder(c.function(0), ["si0 = 0xau;", "L1:;", "si0 = si0 - si1;", "if (si1) {\n  goto L1;"])
    }

    func testBrTableIsASwitchOverItsTargets() throws {
        let c = try lowerWAT("""
            (module (func (param i32) (result i32)
              (block (block (block (br_table 0 1 2 (local.get 0))) (return (i32.const 10))) (return (i32.const 11)))
              (i32.const 12)))
            """)
        assertContainsInOrder(c.function(0), [
            "  switch (si0) {\n  case 0:\n  goto L3;\n  case 1:\n  goto L2;\n  default:\n  goto L1;\n  }\n",
            "L3:;", "si0 = 0xau;", "return si0;", "L2:;", "L1:;", "si0 = 0xcu;",
        ])
    }

    func testBrTableToTheFunctionReturnsItsValue() throws {
        let c = try lowerWAT("(module (func (param i32) (result f32) (br_table 0 0 (f32.const 2) (local.get 0))))")
        assertContainsInOrder(c.function(0), ["switch (si1) {", "case 0:\n  return sf0;", "default:\n  return sf0;"])
    }

    /// A br_table of 8 targets or more (an interpreter's dispatch) is a computed goto through a
    /// static array of label addresses, the index clamped to the default. A target whose branch
    /// does more than jump (here the function's own: a return) gets a label of its own.
    func testABigBrTableIsAComputedGoto() throws {
        let c = try lowerWAT("""
            (module (func (param i32) (result i32)
              (block (result i32)
                (block (result i32)
                  (block (result i32)
                    (br_table 0 0 1 1 0 1 0 1 2 3 (i32.const 7) (local.get 0)))
                  (i32.const 10) (i32.add))
                (i32.const 11) (i32.add))))
            """)
        assertContainsInOrder(c.function(0), [
            "static const void *const targets[] = { &&L3, &&L3, &&L2, &&L2, &&L3, &&L2, &&L3, &&L2, &&L1, &&L4 };",
            "goto *targets[si1 < 9u ? si1 : 9u];",
            "L4:;", "return si0;", "L3:;", "si1 = 0xau;", "L2:;", "si1 = 0xbu;", "L1:;",
        ])
    }

    func testIfElseJumpsOverTheElseBranch() throws {
        let c = try lowerWAT("(module (func (param i32) (result i32) (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2)))))")
        assertContainsInOrder(c.function(0), [
            "si0 = l0;", "if (!si0) goto L1_else;", "si0 = 0x1u;", "goto L1;", "L1_else:;", "si0 = 0x2u;", "L1:;",
        ])
    }

    func testIfParametersAreSavedForTheElseBranch() throws {
        let c = try lowerWAT("""
            (module (func (param i32) (result i32)
              (local.get 0)
              (if (param i32) (result i32) (local.get 0)
                (then (i32.const 1) (i32.add))
                (else (i32.const 2) (i32.sub)))))
            """)
        assertContainsInOrder(c.function(0), [
            "uint32_t L1_p0 = 0,", "L1_p0 = si0;", "if (!si1) goto L1_else;", "si0 = si0 + si1;", "goto L1;",
            "L1_else:;", "si0 = L1_p0;", "si0 = si0 - si1;", "L1:;",
        ])
    }

    func testIfWithoutElsePassesItsParametersThrough() throws {
        // The then-branch jumps over the restoring of the parameters, which would clobber its result.
        let c = try lowerWAT("""
            (module (func (param i32) (result i32)
              (local.get 0) (if (param i32) (result i32) (local.get 0) (then (i32.const 5) (i32.mul)))))
            """)
        assertContainsInOrder(c.function(0), ["L1_p0 = si0;", "si0 = si0 * si1;", "goto L1;", "L1_else:;", "si0 = L1_p0;", "L1:;"])
    }

    func testUnreachableTrapsAndTheCodeAfterItIsNotEmitted() throws {
        let c = try lowerWAT("(module (func (result i32) (unreachable) (i32.const 99) (i32.const 98) (i32.add)))")
        let function = c.function(0)
        XCTAssertTrue(function.contains("  bsrt_trap(BSRT_TRAP_UNREACHABLE, FN);\n}\n"), function)
        assertContainsNone(function, ["0x63u", "0x62u", "return"])
    }

    func testBranchesInDeadCodeTargetNothing() throws {
        let c = try lowerWAT("(module (func (block (return) (br 0)) (block (unreachable) (loop (br 0)))))")
        assertContainsNone(c.function(0), ["goto", "L1:;", "L2:;", "L3:;"])
    }

    func testMultiValueReturnBuildsTheResultsStruct() throws {
        let c = try lowerWAT("(module (func (result i32 i64) (i32.const 1) (i64.const 2)))")
        assertContainsInOrder(c.function(0), [
            "struct bsrt_results_iI w_f0(bsrt_instance *self) {",
            "{ struct bsrt_results_iI r = { si0, sj1 }; return r; }",
        ])
    }

    // MARK: Invalid control flow

    func testBranchToAnUnknownLabelIsInvalid() throws {
        try assertInvalidInstruction("(module (func $f (block (br 2))))", "unknown label", opcode: 0x0c, function: "func0")
        try assertInvalidInstruction(#"(module (func (export "run") (br_table 0 3 (i32.const 0))))"#,
                                     "unknown label", opcode: 0x0e, function: "run")
    }

    func testBrTableTargetsOfDifferentArityAreATypeMismatch() throws {
        try assertInvalidInstruction("""
            (module (func (result i32)
              (block (result i32) (block (br_table 0 1 (i32.const 5) (i32.const 0))) (i32.const 1))))
            """, "type mismatch", opcode: 0x0e, function: "func0")
    }

    func testIfWithoutElseMustReturnItsParameters() throws {
        try assertInvalidInstruction("(module (func (result i32) (if (result i32) (i32.const 1) (then (i32.const 2)))))",
                                     "type mismatch", opcode: 0x0b, function: "func0")
    }

    func testBlockLeavingTheWrongTypeIsATypeMismatchAtItsEnd() throws {
        try assertInvalidInstruction("(module (func (result i32) (block (result i32) (i64.const 1))))",
                                     "type mismatch", opcode: 0x0b, function: "func0")
    }
}
