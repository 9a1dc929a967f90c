import Lowering
import Testing

// Constant tables (Sources/Lowering/ConstantTables.swift), seen from what runs: call_indirect
// through one reaches each element, and traps on a null element, a wrong type and an index
// past the end, both through the jump slots of x86-64 and AArch64 and through the array of
// code pointers other architectures get (forced here with -DBSRT_NO_JUMP_SLOTS).
@Suite struct ConstantTablesTests {
    @Test(arguments: [[String](), ["-DBSRT_NO_JUMP_SLOTS"]])
    func callsThroughAConstantTableReachTheirElementsAndTrap(flags: [String]) throws {
        let module = try lowerWAT("""
            (module
              (type $unary (func (param i32) (result i32)))
              (type $none (func))
              (table 6 funcref)
              (elem (i32.const 1) $double $increment $nothing)
              (elem (i32.const 4) $increment)
              (func $double (type $unary) (i32.mul (local.get 0) (i32.const 2)))
              (func $increment (type $unary) (i32.add (local.get 0) (i32.const 1)))
              (func $nothing (type $none))
              (func (export "call") (param i32 i32) (result i32)
                (call_indirect (type $unary) (local.get 1) (local.get 0))))
            """)
        #expect(module.file("w.h").contains("bsrt_constant_table_func"), "the table is constant")
        let calls = [(1, 20), (2, 20), (4, 7), (3, 0), (0, 0), (5, 0), (6, 0), (0xffff_ffff, 0)].map { index, argument in
            #"printf("%u\n", ((uint32_t (*)(bsrt_instance *, uint32_t, uint32_t))F("call")->code)(I, \#(index)u, \#(argument)))"#
        }
        // Each case builds in its own directory (the cases run in parallel).
        let result = try NativeBuild.buildAndRun(
            module, driver: NativeBuild.driver(calls: calls), flags: flags,
            name: flags.isEmpty ? "constantTableJumpSlots" : "constantTableCodePointers")
        #expect(result.stdout.split(separator: "\n").map(String.init) == [
            "40", "21", "8",
            "trap: indirect call type mismatch",
            "trap: uninitialized element", "trap: uninitialized element",
            "trap: undefined element", "trap: undefined element",
        ], "\(result.stdout)")
    }
}
