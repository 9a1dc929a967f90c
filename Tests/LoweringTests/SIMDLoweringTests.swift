import Lowering
import WAT
import XCTest

/// Fixed-width SIMD and relaxed SIMD: v128 slots are `bsrt_v128` vectors (`sv<height>`), every
/// instruction is one bsrt_simd.h helper, lane indices and shuffle masks are literals.
final class SIMDLoweringTests: XCTestCase {
    func testConstantsAreTheirTwoLittleEndianWords() throws {
        let c = try lowerWAT("(module (func (result v128) (v128.const i32x4 1 2 3 0x80000000)))").function(0)
        assertContainsInOrder(c, [
            "__attribute__((unused)) bsrt_v128 sv0 = {0};",
            "sv0 = bsrt_v128_const(UINT64_C(0x200000001), UINT64_C(0x8000000000000003));",
            "return sv0;",
        ])
    }

    func testParametersLocalsAndResultsAreVectors() throws {
        let c = try lowerWAT("""
            (module (func (param v128 i32) (result v128 v128) (local v128)
              (local.set 2 (local.get 0)) (local.get 2) (local.get 0)))
            """)
        XCTAssertTrue(c.file("w.h").contains("struct bsrt_results_vv { bsrt_v128 r0; bsrt_v128 r1; };"), c.file("w.h"))
        assertContainsInOrder(c.function(0), [
            "struct bsrt_results_vv w_f0(bsrt_instance *self, bsrt_v128 l0, uint32_t l1) {",
            "bsrt_v128 l2 = {0}, sv0 = {0}, sv1 = {0};",
            "sv0 = l0;", "l2 = sv0;", "sv0 = l2;", "sv1 = l0;",
            "{ struct bsrt_results_vv r = { sv0, sv1 }; return r; }",
        ])
    }

    func testOperationsAreHelperCallsOnSlots() throws {
        let c = try lowerWAT("""
            (module (func (param v128 v128 i32) (result v128)
              (i32x4.add (local.get 0) (local.get 1))
              (f32x4.min (local.get 1))
              (i8x16.shl (local.get 2))
              (v128.bitselect (local.get 0) (local.get 1))
              (i64x2.extmul_high_i32x4_u (local.get 0))))
            """)
        assertContainsInOrder(c.function(0), [
            "sv0 = l0;", "sv1 = l1;", "sv0 = bsrt_i32x4_add(sv0, sv1);",
            "sv1 = l1;", "sv0 = bsrt_f32x4_min(sv0, sv1);",
            "si1 = l2;", "sv0 = bsrt_i8x16_shl(sv0, si1);",
            "sv1 = l0;", "sv2 = l1;", "sv0 = bsrt_v128_bitselect(sv0, sv1, sv2);",
            "sv1 = l0;", "sv0 = bsrt_i64x2_extmul_high_i32x4_u(sv0, sv1);",
        ])
    }

    func testSplatsTestsAndBitmasksCrossBetweenScalarAndVectorSlots() throws {
        let c = try lowerWAT("""
            (module (func (param i32 i64 f32 f64) (result i32)
              (drop (i8x16.splat (local.get 0))) (drop (i64x2.splat (local.get 1)))
              (drop (f32x4.splat (local.get 2))) (drop (f64x2.splat (local.get 3)))
              (i32.add (i16x8.all_true (v128.const i64x2 0 0)) (i8x16.bitmask (v128.const i64x2 0 0)))))
            """)
        assertContainsInOrder(c.function(0), [
            "si0 = l0;", "sv0 = bsrt_i8x16_splat(si0);", "sj0 = l1;", "sv0 = bsrt_i64x2_splat(sj0);",
            "sf0 = l2;", "sv0 = bsrt_f32x4_splat(sf0);", "sd0 = l3;", "sv0 = bsrt_f64x2_splat(sd0);",
            "si0 = bsrt_i16x8_all_true(sv0);", "si1 = bsrt_i8x16_bitmask(sv1);", "si0 = si0 + si1;",
        ])
    }

    func testLaneIndicesAndShuffleMasksAreLiterals() throws {
        let c = try lowerWAT("""
            (module (func (param v128 f64) (result v128 i32)
              (f64x2.replace_lane 1 (local.get 0) (local.get 1))
              (i8x16.shuffle 31 0 1 2 3 4 5 6 7 8 9 10 11 12 13 16 (local.get 0))
              (i8x16.extract_lane_s 15 (local.get 0))))
            """)
        assertContainsInOrder(c.function(0), [
            "sv0 = bsrt_f64x2_replace_lane(sv0, 1, sd1);",
            "sv0 = BSRT_I8X16_SHUFFLE(sv0, sv1, 31, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16);",
            "si1 = bsrt_i8x16_extract_lane_s(sv1, 15);",
        ])
    }

    func testOutOfRangeLaneIndicesAreInvalid() throws {
        for body in [
            "(drop (i32x4.extract_lane 4 (v128.const i64x2 0 0)))",
            "(drop (i8x16.replace_lane 16 (v128.const i64x2 0 0) (i32.const 0)))",
            "(drop (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 32 (v128.const i64x2 0 0) (v128.const i64x2 0 0)))",
        ] {
            let bytes = try wat2wasm("(module (memory 1) (func \(body)))", features: .all)
            guard case .invalid(let reason, _, _) = loweringError(bytes) else { return XCTFail("expected an invalid module: \(body)") }
            XCTAssertEqual(reason, "invalid lane index", body)
        }
        let load = try wat2wasm("(module (memory 1) (func (drop (v128.load64_lane 2 (i32.const 0) (v128.const i64x2 0 0)))))",
                                features: .all)
        guard case .invalid(let reason, _, _) = loweringError(load) else { return XCTFail("expected an invalid module") }
        XCTAssertEqual(reason, "invalid lane index")
    }

    func testOperandTypesAreChecked() throws {
        let bytes = try wat2wasm("(module (func (result v128) (i32x4.add (v128.const i64x2 0 0) (i32.const 1))))", features: .all)
        guard case .invalid(let reason, _, _) = loweringError(bytes) else { return XCTFail("expected an invalid module") }
        XCTAssertEqual(reason, "type mismatch")
    }

    func testLoadsAndStoresUseTheScalarAddressing() throws {
        let c = try lowerWAT("""
            (module (memory 1) (func (param i32 v128) (result v128 v128 v128)
              (v128.store offset=16 (local.get 0) (local.get 1))
              (v128.store16_lane 7 (local.get 0) (local.get 1))
              (v128.load8x8_s offset=8 (local.get 0))
              (v128.load32_zero (local.get 0))
              (v128.load64_lane align=1 1 (local.get 0) (local.get 1))))
            """)
        assertContainsInOrder(c.function(0), [
            "bsrt_v128_store(mem0, (uint64_t)si0 + 16u, sv1);",
            "bsrt_v128_store16_lane(mem0, (uint64_t)si0 + 0u, sv1, 7);",
            "sv0 = bsrt_v128_load8x8_s_kept(mem0, (uint64_t)si0 + 8u);",
            "sv1 = bsrt_v128_load32_zero_kept(mem0, (uint64_t)si1 + 0u);",
            "sv2 = bsrt_v128_load64_lane_kept(mem0, (uint64_t)si2 + 0u, sv3, 1);",
        ])
    }

    /// memory64 checks the whole access: 16 bytes for v128.load, the lane's width for a lane access.
    func testMemory64ChecksTheAccessWidth() throws {
        let c = try lowerWAT("""
            (module (memory i64 1) (func (param i64) (result v128 v128)
              (v128.load (local.get 0)) (v128.load8_splat offset=3 (local.get 0))))
            """)
        assertContainsInOrder(c.function(0), [
            "sv0 = bsrt_v128_load_kept(mem0, bsrt_ea64(inst->memories[0], sj0, UINT64_C(0x0), 16, FN));",
            "sv1 = bsrt_v128_load8_splat_kept(mem0, bsrt_ea64(inst->memories[0], sj1, UINT64_C(0x3), 1, FN));",
        ])
    }

    func testAlignmentAboveNaturalIsInvalid() throws {
        let bytes = try wat2wasm("(module (memory 1) (func (drop (v128.load32_splat align=8 (i32.const 0)))))", features: .all)
        guard case .invalid(let reason, _, _) = loweringError(bytes) else { return XCTFail("expected an invalid module") }
        XCTAssertEqual(reason, "alignment must not be larger than natural")
    }

    /// A load whose value is dropped, even through pure SIMD operations, keeps its access (and
    /// its trap); one whose value is stored does not need to.
    func testDeadVectorLoadsAreKept() throws {
        let dead = try lowerWAT("""
            (module (memory 1) (func
              (drop (f32x4.abs (v128.load (i32.const 0))))
              (drop (v128.load8_lane 3 (i32.const 0) (v128.const i64x2 0 0)))))
            """).function(0)
        assertContainsInOrder(dead, [
            "sv0 = bsrt_v128_load_kept(mem0, (uint64_t)si0 + 0u);",
            "sv0 = bsrt_v128_load8_lane_kept(mem0, (uint64_t)si0 + 0u, sv1, 3);",
        ])
        let used = try lowerWAT("(module (memory 1) (func (v128.store (i32.const 16) (v128.load (i32.const 0)))))").function(0)
        assertContainsNone(used, ["_kept("])
    }

    func testGlobalsAndSelectOfVectors() throws {
        let c = try lowerWAT("""
            (module
              (global $g (mut v128) (v128.const f32x4 1 2 3 4))
              (global $h (export "h") v128 (v128.const i64x2 -1 0))
              (func (param i32) (result v128)
                (global.set $g (select (global.get $g) (global.get $h) (local.get 0)))
                (select (result v128) (global.get $g) (global.get $h) (local.get 0))))
            """)
        XCTAssertTrue(c.file("w.h").contains("  bsrt_v128 g0;\n  bsrt_global gx0;\n"), c.file("w.h"))
        assertContainsInOrder(c.file("w.c"), [
            "inst->g0 = bsrt_v128_const(UINT64_C(0x400000003f800000), UINT64_C(0x4080000040400000));",
            "inst->gx0 = (bsrt_global){ &inst->g0, 'v', true, NULL };",
            "inst->g1 = bsrt_v128_const(UINT64_C(0xffffffffffffffff), UINT64_C(0x0));",
        ])
        assertContainsInOrder(c.function(0), [
            "sv0 = inst->g0;", "sv1 = inst->g1;", "if (!si2) sv0 = sv1;", "inst->g0 = sv0;",
            "if (!si2) sv0 = sv1;", "return sv0;",
        ])
    }

    func testBlocksAndIfsCarryVectors() throws {
        let c = try lowerWAT("""
            (module (func (param v128 i32) (result v128)
              (local.get 0)
              (if (param v128) (result v128) (local.get 1)
                (then (i8x16.neg)) (else (i8x16.abs)))
              (block (param v128) (result v128) (br_if 0 (local.get 1)) (i8x16.popcnt))))
            """).function(0)
        assertContainsInOrder(c, ["L1_p0 = sv0;", "sv0 = bsrt_i8x16_neg(sv0);", "sv0 = L1_p0;", "sv0 = bsrt_i8x16_abs(sv0);",
                                  "sv0 = bsrt_i8x16_popcnt(sv0);"])
        XCTAssertTrue(c.contains("bsrt_v128 L1_p0 = {0}"), c)
    }

    /// `bs-aot inspect` lists the proposals a body uses.
    func testFeaturesOfTheCode() throws {
        let simd = try lowerWAT("(module (func (result v128) (i32x4.abs (v128.const i64x2 0 0))))")
        XCTAssertEqual(simd.instructionFeatures, ["simd"])
        let relaxed = try lowerWAT("""
            (module (func (result v128)
              (f32x4.relaxed_madd (v128.const i64x2 0 0) (v128.const i64x2 0 0) (v128.const i64x2 0 0))))
            """)
        XCTAssertEqual(relaxed.instructionFeatures, ["relaxed-simd", "simd"])
        let memory = try lowerWAT("(module (memory 1) (func (v128.store (i32.const 0) (v128.load (i32.const 0)))))")
        XCTAssertEqual(memory.instructionFeatures, ["simd"])
    }

    /// Every helper bs-aot calls compiles without a warning (-Wall -Wextra -Werror) in one module
    /// that uses each instruction family.
    func testGeneratedCCompilesWithoutWarnings() throws {
        let module = try lowerWAT("""
            (module (memory 1)
              (global $g (mut v128) (v128.const i8x16 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16))
              (func (export "all") (param v128 v128 i32) (result v128 i32)
                (local.get 0) (local.get 1) (i8x16.swizzle) (local.get 1) (i16x8.q15mulr_sat_s)
                (local.get 1) (i32x4.dot_i16x8_s) (f32x4.nearest) (f64x2.floor) (i32x4.trunc_sat_f64x2_u_zero)
                (f64x2.promote_low_f32x4) (f32x4.demote_f64x2_zero) (local.get 1) (i8x16.narrow_i16x8_s)
                (local.get 1) (i16x8.avgr_u) (local.get 1) (i8x16.sub_sat_u) (i16x8.extadd_pairwise_i8x16_s)
                (i32x4.relaxed_trunc_f32x4_s) (local.get 1) (f64x2.relaxed_min) (local.get 1) (local.get 0)
                (i32x4.relaxed_dot_i8x16_i7x16_add_s) (local.get 1) (local.get 0) (i16x8.relaxed_laneselect)
                (global.set $g (v128.load32_splat (local.get 2)))
                (v128.store32_lane 2 (local.get 2) (global.get $g))
                (v128.any_true (i64x2.ge_s (local.get 0) (local.get 1)))))
            """)
        XCTAssertNil(try NativeBuild.syntaxCheck(["simd": module]))
    }

    /// Built and run: vectors through memory, parameters and results, and a v128 load past the
    /// end of memory trapping like a scalar one.
    func testExecution() throws {
        let module = try lowerWAT("""
            (module (memory 1)
              (func (export "fill") (param $n i32) (local $i i32)
                (loop $l
                  (i32.store (i32.shl (local.get $i) (i32.const 2)) (local.get $i))
                  (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
              (func (export "sum") (param $n i32) (result i32) (local $i i32) (local $acc v128)
                (loop $l
                  (local.set $acc (i32x4.add (local.get $acc) (v128.load (i32.shl (local.get $i) (i32.const 2)))))
                  (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (local.get $n))))
                (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
                         (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
              (func (export "bitmask_at") (param i32) (result i32) (i8x16.bitmask (v128.load (local.get 0))))
              (func (export "mul") (param v128 v128) (result v128) (f32x4.mul (local.get 0) (local.get 1))))
            """)
        let driver = NativeBuild.driver(declarations: """
            typedef void (*i_)(bsrt_instance *, uint32_t);
            typedef uint32_t (*i_i)(bsrt_instance *, uint32_t);
            typedef bsrt_v128 (*vv_v)(bsrt_instance *, bsrt_v128, bsrt_v128);
            """, calls: [
                #"((i_)F("fill")->code)(I, 1024)"#,
                #"printf("%u\n", ((i_i)F("sum")->code)(I, 1024))"#,
                #"printf("%#x\n", ((i_i)F("bitmask_at")->code)(I, 65520))"#,
                #"printf("%#x\n", ((i_i)F("bitmask_at")->code)(I, 65521))"#,
                #"bsrt_f32x4 a = {1.5f, -2.0f, 3.0f, 0.5f}, b = {2.0f, 2.0f, -1.0f, 0.25f}; bsrt_f32x4 r = (bsrt_f32x4)((vv_v)F("mul")->code)(I, (bsrt_v128)a, (bsrt_v128)b); printf("%g %g %g %g\n", r[0], r[1], r[2], r[3])"#,
            ])
        let result = try NativeBuild.buildAndRun(module, driver: driver)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
            523776
            0
            trap: out of bounds memory access
            3 -4 -3 0.125

            """)
    }

    /// Relaxed SIMD picks one allowed result per instruction and host (README "Relaxed SIMD"):
    /// x86-64's cvttps2dq, minps/maxps and unfused multiply-add; aarch64's saturating
    /// conversions, exact min/max and fused multiply-add.
    func testRelaxedChoicesOfThisHost() throws {
        let module = try lowerWAT("""
            (module
              (func (export "trunc") (result i32)
                (i32x4.extract_lane 0 (i32x4.relaxed_trunc_f32x4_s (v128.const f32x4 nan 0 0 0))))
              (func (export "trunc_big") (result i32)
                (i32x4.extract_lane 0 (i32x4.relaxed_trunc_f32x4_s (v128.const f32x4 3e9 0 0 0))))
              (func (export "trunc_u") (result i32)
                (i32x4.extract_lane 0 (i32x4.relaxed_trunc_f32x4_u (v128.const f32x4 -5 0 0 0))))
              (func (export "min") (result i32)
                (i32.reinterpret_f32 (f32x4.extract_lane 0 (f32x4.relaxed_min (v128.const f32x4 nan 0 0 0) (v128.const f32x4 1 0 0 0)))))
              (func (export "madd") (result i32)
                (i32.reinterpret_f32 (f32x4.extract_lane 0 (f32x4.relaxed_madd
                  (v128.const f32x4 0x1.fffffep+127 0 0 0) (v128.const f32x4 2 0 0 0) (v128.const f32x4 -0x1.fffffep+127 0 0 0)))))
              (func (export "swizzle") (result i32)
                (i8x16.extract_lane_u 0 (i8x16.relaxed_swizzle (v128.const i8x16 7 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0)
                                                               (v128.const i8x16 16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0))))
              (func (export "laneselect") (result i32)
                (i32x4.extract_lane 0 (i32x4.relaxed_laneselect (v128.const i32x4 0x12345678 0 0 0)
                  (v128.const i32x4 0x9abcdef0 0 0 0) (v128.const i32x4 0xff00ff00 0 0 0)))))
            """)
        let calls = ["trunc", "trunc_big", "trunc_u", "min", "madd", "swizzle", "laneselect"].map {
            #"printf("%#x\n", ((uint32_t (*)(bsrt_instance *))F("\#($0)")->code)(I))"#
        }
        let result = try NativeBuild.buildAndRun(module, driver: NativeBuild.driver(calls: calls))
        XCTAssertEqual(result.status, 0, result.stderr)
        #if arch(x86_64)
        // cvttps2dq's INT32_MIN; minps returns its second operand when one is NaN; no fusion.
        let expected = ["0x80000000", "0x80000000", "0", "0x3f800000", "0x7f800000", "0", "0x12bc56f0"]
        #else
        // Saturating conversions; exact min (NaN); fused: FLT_MAX * 2 - FLT_MAX is FLT_MAX.
        let expected = ["0", "0x7fffffff", "0", "nan", "0x7f7fffff", "0", "0x12bc56f0"]
        #endif
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, expected.count, result.stdout)
        for (line, want) in zip(lines, expected) {
            if want == "nan" {
                XCTAssertTrue(UInt32(line.dropFirst(2), radix: 16).map { $0 & 0x7fc0_0000 == 0x7fc0_0000 } ?? false, line)
            } else {
                XCTAssertEqual(line, want)
            }
        }
    }
}
