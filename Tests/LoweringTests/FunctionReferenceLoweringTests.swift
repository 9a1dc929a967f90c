import Lowering
import XCTest

/// Typed function references: calls through a reference, null checks, branches on null, and
/// the validation rules that come with non-nullable types.
final class FunctionReferenceLoweringTests: XCTestCase {
    func testCallRefChecksForNullThenCallsThroughTheReference() throws {
        let c = try lowerWAT("""
            (module (type $t (func (param i32) (result i32)))
              (func $double (type $t) (i32.mul (local.get 0) (i32.const 2)))
              (elem declare func $double)
              (func (param (ref null $t)) (result i32) (call_ref $t (i32.const 21) (local.get 0)))
              (func (result i32) (call_ref $t (i32.const 1) (ref.func $double))))
            """)
        assertContainsInOrder(c.function(1), [
            "if (BSRT_UNLIKELY(sr1 == NULL)) bsrt_trap(BSRT_TRAP_NULL_FUNCTION_REFERENCE, FN);",
            "si0 = ((uint32_t (*)(bsrt_instance *, uint32_t))sr1->code)(sr1->instance, si0);",
        ])
        // The type id spells the reference type, so `(ref null $t)` differs from funcref.
        XCTAssertTrue(c.file("w.c").contains(#""t(i:i):i","#), c.file("w.c"))
    }

    func testNullChecksAndBranchesOnNull() throws {
        let c = try lowerWAT("""
            (module
              (func (param funcref) (result (ref func)) (ref.as_non_null (local.get 0)))
              (func (param funcref) (result i32)
                (block $null (br_on_null $null (local.get 0)) (drop) (return (i32.const 1)))
                (i32.const 0))
              (func (param externref) (result externref)
                (block $some (result (ref extern)) (br_on_non_null $some (local.get 0)) (return (ref.null extern)))))
            """)
        assertContainsInOrder(c.function(0), ["if (BSRT_UNLIKELY(sr0 == NULL)) bsrt_trap(BSRT_TRAP_NULL_REFERENCE, FN);"])
        assertContainsInOrder(c.function(1), ["if (sr0 == NULL) {", "goto L1;"])
        assertContainsInOrder(c.function(2), ["if (se0 != NULL) {", "goto L1;"])
    }

    /// A non-nullable local must be set before it is read, in its block or an enclosing one.
    func testNonNullableLocalsMustBeSetBeforeUse() throws {
        _ = try lowerWAT("(module (func (param (ref func)) (local (ref func)) (local.set 1 (local.get 0)) (drop (local.get 1))))")
        try assertInvalidInstruction(
            "(module (func (local (ref func)) (drop (local.get 0))))", "uninitialized local", opcode: 0x20, function: "func0")
        try assertInvalidInstruction(
            "(module (func (param (ref func)) (local (ref func)) (block (local.set 1 (local.get 0))) (drop (local.get 1))))",
            "uninitialized local", opcode: 0x20, function: "func0")
    }

    /// Subtyping: `(ref $t)` passes for `funcref`, not the other way round.
    func testReferenceSubtyping() throws {
        _ = try lowerWAT("""
            (module (type $t (func)) (func $f (type $t)) (elem declare func $f)
              (func (result funcref) (ref.func $f)))
            """)
        try assertInvalidInstruction(
            "(module (type $t (func)) (func (param funcref) (result (ref null $t)) (local.get 0)))",
            "type mismatch", opcode: 0x0b, function: "func0")
    }
}
