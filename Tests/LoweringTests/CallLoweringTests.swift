import Lowering
import XCTest

final class CallLoweringTests: XCTestCase {
    func testDirectCallPassesTheInstanceAndTheArgumentSlots() throws {
        let c = try lowerWAT("""
            (module
              (func $add (param i32 i64) (result i64) (local.get 1))
              (func (result i64) (i32.const 0) (call $add (i32.const 1) (i64.const 2)) (return)))
            """)
        assertContainsInOrder(c.function(1), ["si1 = 0x1u;", "sj2 = UINT64_C(0x2);", "sj1 = w_f0(self, si1, sj2);", "return sj1;"])
    }

    /// A tail call to a callee of the caller's own C signature is a musttail call; one to another
    /// signature makes the caller uniform: its body behind `w_tail<N>(self)`, the arguments in
    /// bsrt_tail_args, and the callee reached through its tail entry (a forwarder here).
    func testTailCallsAreMusttailOrUniform() throws {
        let c = try lowerWAT("""
            (module
              (func $same (param i32) (result i32) (return_call $same (local.get 0)))
              (func $other (param i64 i32) (result i32) (local.get 1))
              (func $mixed (param i32) (result i32) (return_call $other (i64.const 1) (local.get 0))))
            """)
        assertContainsInOrder(c.function(0), ["BSRT_MUSTTAIL return w_f0(self, si0);"])
        assertContainsInOrder(c.file("w_funcs0.c"), [
            "uint32_t w_tail2(bsrt_instance *self) {",
            "uint32_t l0; memcpy(&l0, &bsrt_tail_args[0], sizeof l0);",
            "memcpy(&bsrt_tail_args[0], &sj0, sizeof sj0);", "memcpy(&bsrt_tail_args[1], &si1, sizeof si1);",
            "BSRT_MUSTTAIL return w_tail1(self);",
            "uint32_t w_f2(bsrt_instance *self, uint32_t l0) {", "return w_tail2(self);",
        ])
        assertContainsInOrder(c.file("w_tail.c"), [
            "uint32_t w_tail1(bsrt_instance *self) {", "return w_f1(self, a0, a1);",
        ])
        assertContainsInOrder(c.file("w.c"), [
            "{ (void (*)(void))w_f1, (void (*)(void))w_tail1, 1u, \"func1\" },",
        ])
    }

    func testImportedFunctionsAreCalledThroughTheirBsrtFunc() throws {
        let c = try lowerWAT("""
            (module (import "env" "f" (func (param i32 f64) (result f32)))
              (func (result f32) (call 0 (i32.const 1) (f64.const 2))))
            """)
        XCTAssertTrue(c.function(1).contains(
            "sf0 = ((float (*)(bsrt_instance *, uint32_t, double))inst->funcs[0]->code)(inst->funcs[0]->instance, si0, sd1);"),
            c.function(1))
    }

    func testCallIndirectCallsTheTablesCallFunctionForItsType() throws {
        let c = try lowerWAT("""
            (module (type $t (func (param i64) (result i32))) (table $other 1 funcref) (table $tab 2 funcref)
              (func (result i32) (call_indirect $tab (type $t) (i64.const 7) (i32.const 1))))
            """)
        assertContainsInOrder(c.function(0), [
            "sj0 = UINT64_C(0x7);", "si1 = 0x1u;", "si0 = w_call_indirect1_0(self, si1, FN, sj0);",
        ])
        assertContainsInOrder(c.file("w.h"), [
            "static inline uint32_t w_call_indirect1_0(bsrt_instance *self, uint64_t index, const char *fn, uint64_t a0) {",
        ])
    }

    /// A table nothing can change after instantiation (not exported or imported, written by no
    /// instruction) is a static array: the call function reads neither the instance nor an
    /// interned type id. Types are numbered by their first index of the same signature, plus one
    /// in the array.
    func testAConstantTableIsAStaticArray() throws {
        let c = try lowerWAT("""
            (module (type $a (func (result i32))) (type $b (func (param i32))) (type $a2 (func (result i32)))
              (table 5 funcref) (elem (i32.const 1) $f $g) (elem (i32.const 3) $h $f)
              (func $f (type $a) (i32.const 1)) (func $g (type $b)) (func $h (type $a2) (i32.const 2))
              (func (result i32) (call_indirect (type $a2) (i32.const 3))))
            """)
        assertContainsInOrder(c.file("w.h"), [
            "extern const uint32_t w_table0_types[5];",
            "extern __attribute__((visibility(\"hidden\"))) const bsrt_constant_code w_table0_code[];",
            "static inline uint32_t w_call_indirect0_0(bsrt_instance *self, uint64_t index, const char *fn) {",
            "bsrt_code code = bsrt_constant_table_func(w_table0_types, w_table0_code, 5u, index, 0u, fn);",
            "return ((uint32_t (*)(bsrt_instance *))code)(self);",
        ])
        assertContainsInOrder(c.file("w.c"), [
            "const uint32_t w_table0_types[5] = {", "[1] = 1u,", "[2] = 2u,", "[3] = 1u,", "[4] = 1u,", "};",
            // The code as jump slots (x86-64, AArch64), the null element 0 filled with traps ...
            "#ifdef BSRT_JUMP_SLOTS", "__asm__(BSRT_JUMP_SLOTS_BEGIN(w_table0_code)", "BSRT_JUMP_SLOT_NULLS(1)",
            "BSRT_JUMP_SLOT(w_f0)", "BSRT_JUMP_SLOT(w_f1)", "BSRT_JUMP_SLOT(w_f2)", "BSRT_JUMP_SLOT(w_f0)",
            "BSRT_JUMP_SLOTS_END(w_table0_code));",
            // ... or code pointers.
            "#else", "const bsrt_constant_code w_table0_code[5] = {",
            "[1] = (bsrt_code)w_f0,", "[2] = (bsrt_code)w_f1,", "[3] = (bsrt_code)w_f2,", "[4] = (bsrt_code)w_f0,",
            "};", "#endif",
        ])
        XCTAssertTrue(c.function(3).contains("si0 = w_call_indirect0_0(self, si0, FN);"), c.function(3))
    }

    /// A table that may change after instantiation is read from the instance, checked against
    /// the interned type id: one the module writes, exports or imports, or fills with an
    /// imported function (whose instance is another).
    func testATableThatMayChangeIsReadFromTheInstance() throws {
        let modules = [
            "(table 2 funcref) (func $w (table.set 0 (i32.const 0) (ref.null func)))",
            "(table 2 funcref) (func $w (drop (table.grow 0 (ref.null func) (i32.const 1))))",
            "(table 2 funcref) (export \"t\" (table 0))",
            "(import \"env\" \"t\" (table 2 funcref))",
            "(import \"env\" \"f\" (func $imported)) (table 2 funcref) (elem (i32.const 0) $imported)",
        ]
        for tables in modules {
            let c = try lowerWAT("(module \(tables) (func (call_indirect (i32.const 0))))", options: LoweringOptions(hostImports: .dynamic))
            XCTAssertFalse(c.file("w.h").contains("bsrt_constant_table_func"), tables)
            XCTAssertTrue(c.file("w.h").contains("inst->type_ids[0], fn);"), tables)
        }
    }

    func testMultiValueCallsUnpackTheResultsStruct() throws {
        let c = try lowerWAT("""
            (module
              (func $two (result i32 i64) (i32.const 1) (i64.const 2))
              (func (result i64) (call $two) (drop) (drop) (f32.const 0) (drop) (call $two) (return)))
            """)
        XCTAssertTrue(c.file("w.h").contains(
            "#ifndef BSRT_RESULTS_iI\n#define BSRT_RESULTS_iI\nstruct bsrt_results_iI { uint32_t r0; uint64_t r1; };\n#endif\n"))
        XCTAssertTrue(c.file("w.h").contains("struct bsrt_results_iI w_f0(bsrt_instance *self);"))
        assertContainsInOrder(c.function(1), [
            "{ struct bsrt_results_iI r = w_f0(self); si0 = r.r0; sj1 = r.r1; }",
            "{ struct bsrt_results_iI r = w_f0(self); si0 = r.r0; sj1 = r.r1; }",
        ])
    }

    func testCallIndirectWithMultipleResults() throws {
        let c = try lowerWAT("""
            (module (table 1 funcref)
              (func (result f64 f64) (call_indirect (result f64 f64) (i32.const 0))))
            """)
        XCTAssertTrue(c.function(0).contains(
            "{ struct bsrt_results_FF r = w_call_indirect0_0(self, si0, FN); sd0 = r.r0; sd1 = r.r1; }"),
            c.function(0))
    }

    func testCallArgumentsAreTypeChecked() throws {
        try assertInvalidInstruction("(module (func $f (param i64)) (func (call $f (i32.const 1))))",
                                     "type mismatch", opcode: 0x10, function: "func1")
        try assertInvalidInstruction("(module (table 1 funcref) (func (call_indirect (param i32) (i64.const 0) (i32.const 0))))",
                                     "type mismatch", opcode: 0x11, function: "func0")
    }

    func testCallIndirectNeedsAFuncrefTable() throws {
        try assertInvalidInstruction("(module (table 1 externref) (func (call_indirect (i32.const 0))))",
                                     "type mismatch", opcode: 0x11, function: "func0")
        try assertInvalidInstruction("(module (func (call_indirect (i32.const 0))))", "unknown table 0", opcode: 0x11, function: "func0")
    }

    func testCallOfAnUnknownFunctionIsInvalid() throws {
        assertInvalidBody([0x10, 0x07, 0x0b], "unknown function 7")  // call 7
    }
}
