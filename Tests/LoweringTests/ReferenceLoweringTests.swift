import Lowering
import XCTest

final class ReferenceLoweringTests: XCTestCase {
    func testNullFuncAndIsNull() throws {
        let c = try lowerWAT("""
            (module (func $f (result i32 funcref)
              (ref.is_null (ref.null extern)) (ref.func $f))
              (elem declare func $f))
            """)
        assertContainsInOrder(c.function(0), [
            "se0 = NULL;", "si0 = (uint32_t)(se0 == NULL);", "sr1 = inst->funcs[0];",
            "{ struct bsrt_results_ir r = { si0, sr1 }; return r; }",
        ])
    }

    func testRefFuncOfAnUndeclaredFunctionIsInvalid() throws {
        try assertInvalidInstruction("(module (func $f (drop (ref.func $f))))",
                                     "undeclared function reference", opcode: 0xd2, function: "func0")
    }

    func testRefIsNullOfANumberIsATypeMismatch() throws {
        try assertInvalidInstruction("(module (func (drop (ref.is_null (i32.const 0)))))", "type mismatch", opcode: 0xd1, function: "func0")
    }

    func testTableAccessesUseTheRuntimeWithBoundsChecks() throws {
        let c = try lowerWAT("""
            (module (table $a 1 funcref) (table $b 2 externref)
              (func (param externref) (result i32 i32)
                (table.set $b (i32.const 1) (table.get $b (i32.const 0)))
                (table.fill $b (i32.const 0) (local.get 0) (i32.const 2))
                (table.size $a)
                (table.grow $b (local.get 0) (i32.const 3))))
            """)
        assertContainsInOrder(c.function(0), [
            "se1 = bsrt_table_get((&inst->table_storage[1]), si1, FN);",
            "bsrt_table_set((&inst->table_storage[1]), si0, (void *)se1, FN);",
            "bsrt_table_fill((&inst->table_storage[1]), si0, (void *)se1, si2, FN);",
            "si0 = (&inst->table_storage[0])->size;",
            "si1 = bsrt_table_grow((&inst->table_storage[1]), (void *)se1, si2);",
        ])
    }

    /// table64 (memory64 proposal): indices, sizes and lengths are i64 slots; table.grow
    /// answers in 64 bits; a copy between a table64 and a 32-bit table takes an i32 length.
    func testTable64UsesI64Operands() throws {
        let c = try lowerWAT("""
            (module (table $a i64 1 funcref) (table $b 1 funcref) (type $t (func))
              (func (param i64) (result i64 i64)
                (call_indirect $a (type $t) (local.get 0))
                (table.copy $a $b (i64.const 0) (i32.const 0) (i32.const 1))
                (table.size $a)
                (table.grow $a (ref.null func) (i64.const 3))))
            """)
        assertContainsInOrder(c.function(0), [
            "w_call_indirect0_0(self, sj0, FN);",
            "bsrt_table_copy((&inst->table_storage[0]), (&inst->table_storage[1]), sj0, si1, si2, FN);",
            "sj0 = (uint64_t)(&inst->table_storage[0])->size;",
            "sj1 = bsrt_table_grow64((&inst->table_storage[0]), (void *)sr1, sj2);",
        ])
        try assertInvalidInstruction(
            "(module (table i64 1 funcref) (func (drop (table.get 0 (i32.const 0)))))", "type mismatch", opcode: 0x25, function: "func0")
    }

    func testTableCopyInitAndElemDrop() throws {
        let c = try lowerWAT("""
            (module (table $a 4 funcref) (table $b 4 funcref)
              (func $f
                (table.copy $a $b (i32.const 0) (i32.const 1) (i32.const 2))
                (table.init $b 0 (i32.const 0) (i32.const 0) (i32.const 1))
                (table.init $a 1 (i32.const 0) (i32.const 0) (i32.const 0))
                (elem.drop 0))
              (elem funcref (ref.func $f))
              (elem funcref))
            """)
        assertContainsInOrder(c.function(0), [
            "bsrt_table_copy((&inst->table_storage[0]), (&inst->table_storage[1]), si0, si1, si2, FN);",
            "bsrt_table_init_segment((&inst->table_storage[1]), si0, inst->element0, inst->element_length[0], si1, si2, FN);",
            "bsrt_table_init_segment((&inst->table_storage[0]), si0, NULL, inst->element_length[1], si1, si2, FN);",
            "inst->element_length[0] = 0;",
        ])
    }

    func testTableOperationsCheckElementTypes() throws {
        try assertInvalidInstruction("""
            (module (table $f 1 funcref) (table $e 1 externref)
              (func (table.copy $f $e (i32.const 0) (i32.const 0) (i32.const 0))))
            """, "type mismatch", opcode: 0xfc, function: "func0")
        try assertInvalidInstruction("""
            (module (table 1 externref) (func $g (table.init 0 0 (i32.const 0) (i32.const 0) (i32.const 0)))
              (elem funcref (ref.func $g)))
            """, "type mismatch", opcode: 0xfc, function: "func0")
        try assertInvalidInstruction("(module (table 1 funcref) (func (param externref) (table.set 0 (i32.const 0) (local.get 0))))",
                                     "type mismatch", opcode: 0x26, function: "func0")
    }

    func testUnknownTableAndElementSegmentAreInvalid() {
        assertInvalidBody([0xfc, 0x10, 0x00, 0x1a, 0x0b], "unknown table 0")  // table.size 0, drop
        assertInvalidBody([0xfc, 0x0d, 0x00, 0x0b], "unknown elem segment 0")  // elem.drop 0
    }
}
