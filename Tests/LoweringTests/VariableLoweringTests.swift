import Lowering
import XCTest

final class VariableLoweringTests: XCTestCase {
    func testLocalsAreZeroedCVariablesNextToTheSlots() throws {
        let c = try lowerWAT("""
            (module (func (param i32) (local i64 f32 f64 externref funcref)
              (local.set 1 (i64.extend_i32_u (local.tee 0 (local.get 0))))))
            """)
        assertContainsInOrder(c.function(0), [
            "void w_f0(bsrt_instance *self, uint32_t l0) {", "(void)l0;",
            "__attribute__((unused)) const bsrt_func *l5 = 0;",
            "__attribute__((unused)) double l3 = 0;",
            "__attribute__((unused)) float l2 = 0;",
            "__attribute__((unused)) uint32_t si0 = 0;",
            "__attribute__((unused)) uint64_t l1 = 0, sj0 = 0;",
            "__attribute__((unused)) void *l4 = 0;",
            "si0 = l0;", "l0 = si0;", "sj0 = (uint64_t)si0;", "l1 = sj0;", "return;",
        ])
    }

    func testImportedGlobalsAreReachedThroughAPointer() throws {
        let c = try lowerWAT("""
            (module (import "env" "g" (global $in (mut i32))) (global $own (mut i64) (i64.const 0))
              (func (global.set $in (i32.const 1)) (global.set $own (i64.extend_i32_u (global.get $in)))))
            """)
        assertContainsInOrder(c.function(0), ["(*inst->g0) = si0;", "si0 = (*inst->g0);", "inst->g1 = sj0;"])
    }

    func testSettingAnImmutableGlobalIsInvalid() throws {
        try assertInvalidInstruction("(module (global i32 (i32.const 0)) (func (global.set 0 (i32.const 1))))",
                                     "global is immutable", opcode: 0x24, function: "func0")
    }

    func testUnknownLocalIsInvalid() {
        assertInvalidBody([0x20, 0x01, 0x1a, 0x0b], "unknown local 1")  // local.get 1, drop
    }

    func testSelectKeepsTheFirstOperandWhenTheConditionIsTrue() throws {
        let c = try lowerWAT("(module (func (param f64 f64 i32) (result f64) (select (local.get 0) (local.get 1) (local.get 2))))")
        XCTAssertTrue(c.function(0).contains("  if (!si2) sd0 = sd1;\n"), c.function(0))
    }

    func testTypedSelectOfReferences() throws {
        let c = try lowerWAT("""
            (module (func (param externref externref i32) (result externref)
              (select (result externref) (local.get 0) (local.get 1) (local.get 2))))
            """)
        XCTAssertTrue(c.function(0).contains("  if (!si2) se0 = se1;\n"), c.function(0))
    }

    func testUntypedSelectOfReferencesIsATypeMismatch() throws {
        try assertInvalidInstruction("""
            (module (func (param funcref funcref i32) (drop (select (local.get 0) (local.get 1) (local.get 2)))))
            """, "type mismatch", opcode: 0x1b, function: "func0")
    }

    func testDroppedLoadIsKeptForItsTrap() throws {
        // Read as volatile: else clang would delete the load, and with it the out-of-bounds trap.
        let c = try lowerWAT("(module (memory 1) (func (drop (i64.load (i32.const 70000))) (drop (i32.const 1))))")
        XCTAssertTrue(c.function(0).contains("sj0 = bsrt_i64_load_kept(mem0, (uint64_t)si0 + 0u);"), c.function(0))
        XCTAssertEqual(c.function(0).components(separatedBy: "_kept(").count, 2, "only the load is kept")
    }
}
