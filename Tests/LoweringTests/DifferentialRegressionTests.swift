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
}
