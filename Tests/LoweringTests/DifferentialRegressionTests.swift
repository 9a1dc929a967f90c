import Lowering
import Testing

// Regression tests for bugs the differential test (Tests/RobustnessTests, scripts/difftest.sh)
// found: each comment says what went wrong and which module showed it.

@Suite struct DifferentialRegressionTests {
    /// difftest seed 1, module 58: a load whose value is only the condition of a branch that
    /// clang can fold away (both ways lead to the same code) lost its out-of-bounds trap: the
    /// translator counted a branch condition as pinning the load, clang deleted the branch and
    /// then the load. The same for a division by a constant and a conversion of a value whose range
    /// clang knows: clang removes their trap checks, then them, then the load.
    @Test func loadsFeedingFoldableBranchesStillTrap() throws {
        let module = try lowerWAT("""
            (module (memory 1)
              (func (export "br_if") (result i32) (local i32)
                (block $b (result i32) (br_if $b (local.get 0) (i32.load (i32.const 65536)))))
              (func (export "if_same_arms")
                (if (i32.load (i32.const 65536)) (then (nop)) (else (nop))))
              (func (export "br_table")
                (block $a (br_table $a $a (i32.load (i32.const 65536)))))
              (func (export "divided_by_three")
                (drop (i32.div_s (i32.load (i32.const 65536)) (i32.const 3))))
              (func (export "converted_in_range")
                (drop (i32.trunc_f64_s (f64.convert_i32_s (i32.load (i32.const 65536))))))
              (func (export "nested_address") (result i32) (local i32)
                (block $b (result i32)
                  (br_if $b (local.get 0) (i32.load16_u (i32.load16_s (i32.const 65535)))))))
            """)
        let names = ["br_if", "if_same_arms", "br_table", "divided_by_three", "converted_in_range", "nested_address"]
        let calls = names.map { #"((void (*)(bsrt_instance *))F("\#($0)")->code)(I)"# }
        let result = try NativeBuild.buildAndRun(module, driver: NativeBuild.driver(calls: calls))
        #expect(result.stdout.split(separator: "\n").map(String.init) == Array(repeating: "trap: out of bounds memory access", count: names.count),
                "\(result.stdout)")
    }

    /// difftest seed 1, module 854: a load that is an argument of call_indirect trapped after
    /// the table check (`undefined element`) instead of before it (`out of bounds memory
    /// access`): clang sank the load below the check. The same for a dividend and a division
    /// by zero. Loads that pass an inline trap check on the way to their use are kept.
    @Test func loadsBeforeATrapCheckTrapFirst() throws {
        let module = try lowerWAT("""
            (module (memory 1) (table 1 funcref) (type $t (func (param i32)))
              (func (export "argument") (call_indirect (type $t) (i32.load (i32.const 65536)) (i32.const 5)))
              (func (export "dividend") (param i32) (result i32)
                (i32.div_u (i32.load (i32.const 65536)) (local.get 0))))
            """)
        let calls = [
            #"((void (*)(bsrt_instance *))F("argument")->code)(I)"#,
            #"((uint32_t (*)(bsrt_instance *, uint32_t))F("dividend")->code)(I, 0)"#,
        ]
        let result = try NativeBuild.buildAndRun(module, driver: NativeBuild.driver(calls: calls))
        #expect(result.stdout.split(separator: "\n").map(String.init) == Array(repeating: "trap: out of bounds memory access", count: 2),
                "\(result.stdout)")
    }

    /// difftest seed 1, modules 2322 and 2454: a load whose value went through a binary operation
    /// or a select to a store was taken as pinned by the store, but clang computed the result
    /// without it (a select with a constant condition, `x * 0`) and deleted the load.
    @Test func loadsFoldedOutOfTheirUseStillTrap() throws {
        let module = try lowerWAT("""
            (module (memory 1)
              (func (export "times_zero") (i32.store (i32.const 0) (i32.mul (i32.load (i32.const 65536)) (i32.const 0))))
              (func (export "select") (i32.store (i32.const 0) (select (i32.const 1) (i32.load (i32.const 65536)) (i32.const 7))))
              (func (export "below_unsigned_zero")
                (i32.store (i32.const 0) (i32.lt_u (i32.load (i32.const 65536)) (i32.const 0)))))
            """)
        let names = ["times_zero", "select", "below_unsigned_zero"]
        let calls = names.map { #"((void (*)(bsrt_instance *))F("\#($0)")->code)(I)"# }
        let result = try NativeBuild.buildAndRun(module, driver: NativeBuild.driver(calls: calls))
        #expect(result.stdout.split(separator: "\n").map(String.init) == Array(repeating: "trap: out of bounds memory access", count: names.count),
                "\(result.stdout)")
    }

    /// difftest seed 1, modules 3479 and 3803: an out-of-bounds atomic read-modify-write whose
    /// operand clang knows is the identity (add, sub, or, xor of 0, counting the wrap to the
    /// access width, as `i32.atomic.rmw16.add_u` of 0x10000000; and with all ones) and whose
    /// result is dropped did not trap: LLVM lowers such an `atomicrmw` on x86 to a fence on the
    /// stack (`lock or $0, (%rsp)`) that never touches the address. 3479 returned the result to
    /// a caller that dropped it; 3803 added a local never set and wrote the result to a local
    /// never read.
    @Test func idempotentAtomicUpdatesStillTrap() throws {
        let module = try lowerWAT("""
            (module (memory 1 1 shared)
              (func $sixteen (result i32) (i32.atomic.rmw16.add_u offset=4 (i32.const -62) (i32.const 268435456)))
              (func (export "returned_and_dropped") (drop (call $sixteen)))
              (func (export "unset_local") (local i64 i64)
                (local.set 0 (i64.atomic.rmw16.add_u offset=4 (i32.const 33554432) (local.get 1))))
              (func (export "add") (drop (i32.atomic.rmw.add (i32.const 65536) (i32.const 0))))
              (func (export "sub") (drop (i64.atomic.rmw.sub (i32.const 65536) (i64.const 0))))
              (func (export "or") (drop (i32.atomic.rmw8.or_u (i32.const 65536) (i32.const 256))))
              (func (export "xor") (drop (i64.atomic.rmw32.xor_u (i32.const 65536) (i64.const 0))))
              (func (export "and") (drop (i64.atomic.rmw8.and_u (i32.const 65536) (i64.const -1))))
              (func (export "and_used") (i32.store (i32.const 0) (i32.and (i32.atomic.rmw.and (i32.const 65536) (i32.const -1)) (i32.const 0)))))
            """)
        let names = ["returned_and_dropped", "unset_local", "add", "sub", "or", "xor", "and", "and_used"]
        let calls = names.map { #"((void (*)(bsrt_instance *))F("\#($0)")->code)(I)"# }
        let result = try NativeBuild.buildAndRun(module, driver: NativeBuild.driver(calls: calls))
        #expect(result.stdout.split(separator: "\n").map(String.init) == Array(repeating: "trap: out of bounds memory access", count: names.count),
                "\(result.stdout)")
    }
}
