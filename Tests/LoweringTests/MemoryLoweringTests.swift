import Lowering
import XCTest

final class MemoryLoweringTests: XCTestCase {
    func testLoadsComputeTheAddressIn64BitsWithTheOffset() throws {
        let c = try lowerWAT("""
            (module (memory 1) (func (param i32) (result i32 i64 f64)
              (i32.load offset=8 (local.get 0))
              (i64.load32_s offset=4294967295 (local.get 0))
              (f64.load align=1 (local.get 0))))
            """)
        assertContainsInOrder(c.function(0), [
            "si0 = bsrt_i32_load_kept(mem0, (uint64_t)si0 + 8u);",
            "sj1 = bsrt_i64_load32_s_kept(mem0, (uint64_t)si1 + 4294967295u);",
            "sd2 = bsrt_f64_load_kept(mem0, (uint64_t)si2 + 0u);",
        ])
    }

    /// memory64: the address is an i64 and the whole access is checked explicitly
    /// (bsrt_ea64), since no guard region covers a 64-bit address.
    func testMemory64AccessesAreCheckedExplicitly() throws {
        let c = try lowerWAT("(module (memory i64 1) (func (param i64) (result i32) (i32.load offset=8 (local.get 0))))")
        assertContainsInOrder(c.function(0), ["bsrt_i32_load_kept(mem0, bsrt_ea64(inst->memories[0], sj0, UINT64_C(0x8), 4, FN));"])
    }

    /// Multi-memory: each memory has its own base local; bulk operations name both memories.
    func testEachMemoryHasItsOwnBase() throws {
        let c = try lowerWAT("""
            (module (memory 1) (memory i64 2)
              (func (param i32 i64) (result i32)
                (memory.copy 1 0 (local.get 1) (local.get 0) (i32.const 4))
                (i32.add (i32.load 0 (local.get 0)) (i32.load 1 (local.get 1)))))
            """)
        assertContainsInOrder(c.function(0), [
            "uint8_t *mem0 = inst->memory_base[0];", "uint8_t *mem1 = inst->memory_base[1];",
            "bsrt_memory_copy_in(inst->memories[1], mem1, inst->memories[0], mem0, sj0, si1, si2, FN);",
            "bsrt_i32_load_kept(mem0, (uint64_t)si0 + 0u);", "bsrt_i32_load_kept(mem1, bsrt_ea64(inst->memories[1], sj1,",
        ])
    }

    func testStoresTakeTheAddressThenTheValue() throws {
        let c = try lowerWAT("""
            (module (memory 1) (func (param i32 i64 f32)
              (i64.store16 offset=2 (local.get 0) (local.get 1))
              (f32.store (local.get 0) (local.get 2))))
            """)
        assertContainsInOrder(c.function(0), [
            "bsrt_i64_store16(mem0, (uint64_t)si0 + 2u, sj1);",
            "bsrt_f32_store(mem0, (uint64_t)si0 + 0u, sf1);",
        ])
    }

    func testFunctionsThatUseAMemoryCacheItsBase() throws {
        let withMemory = try lowerWAT("(module (memory 1) (func (drop (i32.load (i32.const 0)))))").function(0)
        XCTAssertTrue(withMemory.contains("  __attribute__((unused)) uint8_t *mem0 = inst->memory_base[0];\n"), withMemory)
        let imported = try lowerWAT(#"(module (import "env" "mem" (memory 1)) (func (i32.store (i32.const 0) (i32.const 1))))"#).function(0)
        XCTAssertTrue(imported.contains("uint8_t *mem0 = inst->memory_base[0];"), imported)
        assertContainsNone(try lowerWAT("(module (memory 1) (func))").function(0), ["mem0"])
        assertContainsNone(try lowerWAT("(module (func))").function(0), ["mem"])
    }

    func testMemorySizeAndGrowUseTheRuntime() throws {
        let c = try lowerWAT("(module (memory 1) (func (result i32 i32) (memory.size) (memory.grow (i32.const 2))))")
        assertContainsInOrder(c.function(0), [
            "si0 = bsrt_memory_size_pages(inst->memories[0]);", "si1 = 0x2u;", "si1 = bsrt_memory_grow(inst->memories[0], si1);",
        ])
    }

    func testBulkMemoryInstructionsTrapWithTheFunctionName() throws {
        let c = try lowerWAT("""
            (module (memory 1)
              (func
                (memory.fill (i32.const 0) (i32.const 1) (i32.const 2))
                (memory.copy (i32.const 3) (i32.const 4) (i32.const 5))
                (memory.init 1 (i32.const 6) (i32.const 7) (i32.const 8))
                (data.drop 1))
              (data "a") (data "bc"))
            """)
        assertContainsInOrder(c.function(0), [
            "bsrt_memory_fill_in(inst->memories[0], mem0, si0, si1, si2, FN);",
            "bsrt_memory_copy_in(inst->memories[0], mem0, inst->memories[0], mem0, si0, si1, si2, FN);",
            "bsrt_memory_init_segment(inst->memories[0], si0, w_data1, inst->data_length[1], si1, si2, FN);",
            "inst->data_length[1] = 0;",
        ])
    }

    func testAlignmentLargerThanNaturalIsInvalid() throws {
        try assertInvalidInstruction("(module (memory 1) (func (drop (i32.load16_u align=4 (i32.const 0)))))",
                                     "alignment must not be larger than natural", opcode: 0x2f, function: "func0")
        try assertInvalidInstruction("(module (memory 1) (func (i64.store align=16 (i32.const 0) (i64.const 0))))",
                                     "alignment must not be larger than natural", opcode: 0x37, function: "func0")
    }

    func testMemoryInstructionsNeedAMemory() throws {
        try assertInvalidInstruction("(module (func (drop (i32.load (i32.const 0)))))", "unknown memory 0", opcode: 0x28, function: "func0")
        try assertInvalidInstruction("(module (func (drop (memory.size))))", "unknown memory 0", opcode: 0x3f, function: "func0")
    }

    func testDataIndexOutOfRangeIsInvalid() throws {
        assertInvalidBody([0x01, 0xfc, 0x09, 0x02, 0x0b], dataCount: 0, "unknown data segment 2", at: 1)  // nop, data.drop 2
        assertInvalidBody([0xfc, 0x09, 0x00, 0x0b], "data count section required")  // data.drop 0
    }

    func testStoredValueOfTheWrongTypeIsATypeMismatch() throws {
        try assertInvalidInstruction("(module (memory 1) (func (i32.store (i32.const 0) (f32.const 1))))",
                                     "type mismatch", opcode: 0x36, function: "func0")
    }
}
