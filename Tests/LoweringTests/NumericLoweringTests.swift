import Lowering
import XCTest

/// The C of a one-function module whose body is `body`, with parameters `l0 l1` of type `type`.
private func lowerBinary(_ type: String, _ body: String, result: String? = nil) throws -> String {
    try lowerWAT("(module (func (param \(type) \(type)) (result \(result ?? type)) \(body)))").function(0)
}

final class NumericLoweringTests: XCTestCase {
    func testConstantsAreHexLiterals() throws {
        let c = try lowerWAT("""
            (module (func (result i32 i64 i32)
              (i32.const -1) (i64.const -2) (i32.const 0)))
            """)
        assertContainsInOrder(c.function(0), ["si0 = 0xffffffffu;", "sj1 = UINT64_C(0xfffffffffffffffe);", "si2 = 0x0u;"])
    }

    func testFloatConstantsGoThroughTheirBitPattern() throws {
        let c = try lowerWAT("""
            (module (func (result f32 f64 f32 f64)
              (f32.const 1.5) (f64.const -0.0) (f32.const nan:0x200000) (f64.const -inf)))
            """)
        assertContainsInOrder(c.function(0), [
            "sf0 = bsrt_f32_const(0x3fc00000u);",
            "sd1 = bsrt_f64_const(UINT64_C(0x8000000000000000));",
            "sf2 = bsrt_f32_const(0x7fa00000u);",
            "sd3 = bsrt_f64_const(UINT64_C(0xfff0000000000000));",
        ])
    }

    func testDivisionAndRemainderTrapThroughHelpersNamingTheFunction() throws {
        XCTAssertTrue(try lowerBinary("i32", "(i32.div_s (local.get 0) (local.get 1))").contains("si0 = bsrt_i32_div_s(si0, si1, FN);"))
        XCTAssertTrue(try lowerBinary("i32", "(i32.rem_u (local.get 0) (local.get 1))").contains("si0 = bsrt_i32_rem_u(si0, si1, FN);"))
        XCTAssertTrue(try lowerBinary("i64", "(i64.div_u (local.get 0) (local.get 1))").contains("sj0 = bsrt_i64_div_u(sj0, sj1, FN);"))
        XCTAssertTrue(try lowerBinary("i64", "(i64.rem_s (local.get 0) (local.get 1))").contains("sj0 = bsrt_i64_rem_s(sj0, sj1, FN);"))
    }

    func testShiftCountsAreMasked() throws {
        XCTAssertTrue(try lowerBinary("i32", "(i32.shl (local.get 0) (local.get 1))").contains("si0 = si0 << (si1 & 31);"))
        XCTAssertTrue(try lowerBinary("i32", "(i32.shr_u (local.get 0) (local.get 1))").contains("si0 = si0 >> (si1 & 31);"))
        XCTAssertTrue(try lowerBinary("i32", "(i32.shr_s (local.get 0) (local.get 1))")
            .contains("si0 = (uint32_t)((int32_t)si0 >> (si1 & 31));"))
        XCTAssertTrue(try lowerBinary("i64", "(i64.shl (local.get 0) (local.get 1))").contains("sj0 = sj0 << (sj1 & 63);"))
        XCTAssertTrue(try lowerBinary("i64", "(i64.shr_s (local.get 0) (local.get 1))")
            .contains("sj0 = (uint64_t)((int64_t)sj0 >> (sj1 & 63));"))
        XCTAssertTrue(try lowerBinary("i64", "(i64.rotr (local.get 0) (local.get 1))").contains("sj0 = bsrt_i64_rotr(sj0, sj1);"))
    }

    func testArithmeticOnUnsignedSlotsIsPlainC() throws {
        XCTAssertTrue(try lowerBinary("i32", "(i32.add (local.get 0) (local.get 1))").contains("si0 = si0 + si1;"))
        XCTAssertTrue(try lowerBinary("i64", "(i64.mul (local.get 0) (local.get 1))").contains("sj0 = sj0 * sj1;"))
        XCTAssertTrue(try lowerBinary("f64", "(f64.div (local.get 0) (local.get 1))").contains("sd0 = sd0 / sd1;"))
        XCTAssertTrue(try lowerBinary("i32", "(i32.xor (local.get 0) (local.get 1))").contains("si0 = si0 ^ si1;"))
    }

    func testFloatMinMaxAndCopysignUseHelpers() throws {
        XCTAssertTrue(try lowerBinary("f32", "(f32.min (local.get 0) (local.get 1))").contains("sf0 = bsrt_f32_min(sf0, sf1);"))
        XCTAssertTrue(try lowerBinary("f64", "(f64.max (local.get 0) (local.get 1))").contains("sd0 = bsrt_f64_max(sd0, sd1);"))
        XCTAssertTrue(try lowerBinary("f32", "(f32.copysign (local.get 0) (local.get 1))").contains("sf0 = bsrt_f32_copysign(sf0, sf1);"))
    }

    func testSignedComparisonsCastAndResultsAreI32() throws {
        XCTAssertTrue(try lowerBinary("i32", "(i32.lt_s (local.get 0) (local.get 1))")
            .contains("si0 = (uint32_t)((int32_t)si0 < (int32_t)si1);"))
        XCTAssertTrue(try lowerBinary("i32", "(i32.lt_u (local.get 0) (local.get 1))").contains("si0 = (uint32_t)(si0 < si1);"))
        XCTAssertTrue(try lowerBinary("i64", "(i64.ge_s (local.get 0) (local.get 1))", result: "i32")
            .contains("si0 = (uint32_t)((int64_t)sj0 >= (int64_t)sj1);"))
        XCTAssertTrue(try lowerBinary("f64", "(f64.ne (local.get 0) (local.get 1))", result: "i32").contains("si0 = (uint32_t)(sd0 != sd1);"))
        XCTAssertTrue(try lowerBinary("i64", "(i64.eqz (local.get 0))", result: "i32").contains("si0 = (uint32_t)(sj0 == 0);"))
    }

    func testUnaryOperators() throws {
        let c = try lowerWAT("""
            (module (func (param i32 i64 f32)
              (drop (i32.clz (local.get 0))) (drop (i64.popcnt (local.get 1)))
              (drop (f32.nearest (local.get 2))) (drop (i32.extend8_s (local.get 0)))
              (drop (i64.extend32_s (local.get 1)))))
            """)
        assertContainsInOrder(c.function(0), [
            "si0 = bsrt_i32_clz(si0);", "sj0 = bsrt_i64_popcnt(sj0);", "sf0 = bsrt_f32_nearest(sf0);",
            "si0 = (uint32_t)(int32_t)(int8_t)si0;", "sj0 = (uint64_t)(int64_t)(int32_t)sj0;",
        ])
    }

    func testTrappingConversionsNameTheFunctionAndSaturatingOnesDoNot() throws {
        let c = try lowerWAT("""
            (module (func (param f32 f64 i64 i32)
              (drop (i32.trunc_f32_s (local.get 0))) (drop (i64.trunc_f64_u (local.get 1)))
              (drop (i32.trunc_sat_f64_u (local.get 1))) (drop (f32.convert_i64_u (local.get 2)))
              (drop (i64.extend_i32_s (local.get 3))) (drop (i64.extend_i32_u (local.get 3)))
              (drop (i32.wrap_i64 (local.get 2))) (drop (f64.promote_f32 (local.get 0)))
              (drop (f32.reinterpret_i32 (local.get 3)))))
            """)
        assertContainsInOrder(c.function(0), [
            "si0 = bsrt_i32_trunc_f32_s(sf0, FN);", "sj0 = bsrt_i64_trunc_f64_u(sd0, FN);",
            "si0 = bsrt_i32_trunc_sat_f64_u(sd0);", "sf0 = bsrt_f32_convert_i64_u(sj0);",
            "sj0 = (uint64_t)(int64_t)(int32_t)si0;", "sj0 = (uint64_t)si0;", "si0 = (uint32_t)sj0;",
            "sd0 = bsrt_f64_promote_f32(sf0);", "sf0 = bsrt_f32_reinterpret_i32(si0);",
        ])
    }

    func testOperandOfTheWrongTypeIsInvalid() throws {
        try assertInvalidInstruction("(module (func (result i32) (i32.add (i64.const 1) (i32.const 2))))",
                                     "type mismatch", opcode: 0x6a, function: "func0")
        try assertInvalidInstruction(#"(module (func (export "cvt") (result f32) (f32.demote_f64 (f32.const 1))))"#,
                                     "type mismatch", opcode: 0xb6, function: "cvt")
        try assertInvalidInstruction("(module (func (i32.eqz) (drop)))", "type mismatch", opcode: 0x45, function: "func0")
    }
}
