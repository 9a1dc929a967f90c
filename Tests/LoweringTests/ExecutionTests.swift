import Lowering
import XCTest

/// End-to-end checks per instruction family: the generated C compiled with the runtime, run by a
/// small C driver (see `NativeBuild.driver`) that prints results and trap reasons.
final class ExecutionTests: XCTestCase {
    /// Typed views of exported functions for the drivers: `CALL(type, "name", args...)`.
    private let callMacro = """
        typedef uint32_t (*i_i)(bsrt_instance *, uint32_t);
        typedef uint32_t (*ii_i)(bsrt_instance *, uint32_t, uint32_t);
        typedef uint64_t (*I_I)(bsrt_instance *, uint64_t);
        typedef uint32_t (*v_i)(bsrt_instance *);
        typedef uint64_t (*v_I)(bsrt_instance *);
        #define CALL(type, name, ...) ((type)F(name)->code)(F(name)->instance, __VA_ARGS__)
        #define CALL0(type, name) ((type)F(name)->code)(F(name)->instance)
        """

    private func run(_ text: String, _ calls: [String], extraDeclarations: String = "", name: String = #function) throws -> String {
        let module = try lowerWAT(text)
        let driver = NativeBuild.driver(declarations: callMacro + "\n" + extraDeclarations, calls: calls)
        let result = try NativeBuild.buildAndRun(module, driver: driver, name: name)
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout
    }

    /// Tail calls run in constant native stack: 10^8 mutually recursive calls of one signature
    /// (musttail), 10^7 between functions of different signatures (the uniform entries) and
    /// through a table, all far beyond what the 8 MiB stack holds as ordinary calls.
    func testTailCallsRunInConstantStack() throws {
        let output = try run("""
            (module
              (type $ii (func (param i64 i64) (result i64)))
              (table 2 funcref) (elem (i32.const 0) $odd_pair $count_pair)
              (func $even (export "even") (param i64) (result i32)
                (if (result i32) (i64.eqz (local.get 0)) (then (i32.const 1))
                  (else (return_call $odd (i64.sub (local.get 0) (i64.const 1))))))
              (func $odd (param i64) (result i32)
                (if (result i32) (i64.eqz (local.get 0)) (then (i32.const 0))
                  (else (return_call $even (i64.sub (local.get 0) (i64.const 1))))))
              ;; count(n) -> count_pair(n, 0) -> count(n - 1) ...: two signatures
              (func $count (export "count") (param i64) (result i64)
                (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 7))
                  (else (return_call $count_pair (local.get 0) (i64.const 0)))))
              (func $count_pair (type $ii)
                (return_call $count (i64.sub (local.get 0) (i64.const 1))))
              ;; the same through the table, with a third signature in between
              (func $odd_pair (type $ii) (i64.const 5))
              (func $loop (export "loop") (param i64) (result i64)
                (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 9))
                  (else (return_call_indirect (type $ii) (local.get 0) (i64.const 0) (i32.const 1))))))
            """, [
                #"printf("%u\n", CALL(i_I, "even", 100000000))"#,
                #"printf("%" PRIu64 "\n", CALL(I_I, "count", 10000000))"#,
                #"printf("%" PRIu64 "\n", CALL(I_I, "loop", 10000000))"#,
            ], extraDeclarations: "typedef uint32_t (*i_I)(bsrt_instance *, uint64_t);")
        XCTAssertEqual(output, "1\n7\n7\n")
    }

    func testControlFlowAndCalls() throws {
        let output = try run("""
            (module
              (type $ii (func (param i32) (result i32)))
              (table 3 funcref) (elem (i32.const 0) $double $square)
              (func $fac (export "fac") (param i64) (result i64)
                (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 1))
                  (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
              (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
              (func $square (type $ii) (i32.mul (local.get 0) (local.get 0)))
              (func (export "dispatch") (param i32 i32) (result i32) (call_indirect (type $ii) (local.get 1) (local.get 0)))
              (func (export "wrong_type") (result i64) (call_indirect (result i64) (i32.const 0)))
              (func (export "classify") (param i32) (result i32)
                (block (block (block (br_table 0 1 2 (local.get 0))) (return (i32.const 10))) (return (i32.const 11)))
                (i32.const 12))
              (func (export "sum") (param i32) (result i32) (local i32)
                (loop $l
                  (local.set 1 (i32.add (local.get 1) (local.get 0)))
                  (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
                (local.get 1))
              (func (export "divmod") (param i32 i32) (result i32 i32)
                (i32.div_u (local.get 0) (local.get 1)) (i32.rem_u (local.get 0) (local.get 1)))
              (func (export "trap") (unreachable)))
            """, [
                #"printf("%" PRIu64 "\n", CALL(I_I, "fac", 20))"#,
                #"printf("%u %u\n", CALL(ii_i, "dispatch", 0, 21), CALL(ii_i, "dispatch", 1, 9))"#,
                #"printf("%u\n", CALL(ii_i, "dispatch", 2, 1))"#,
                #"printf("%u\n", CALL(ii_i, "dispatch", 3, 1))"#,
                #"printf("%" PRIu64 "\n", CALL0(v_I, "wrong_type"))"#,
                #"printf("%u %u %u %u\n", CALL(i_i, "classify", 0), CALL(i_i, "classify", 1), CALL(i_i, "classify", 2), CALL(i_i, "classify", 9))"#,
                #"printf("%u\n", CALL(i_i, "sum", 100))"#,
                #"struct bsrt_results_ii r = ((struct bsrt_results_ii (*)(bsrt_instance *, uint32_t, uint32_t))F("divmod")->code)(I, 17, 5); printf("%u %u\n", r.r0, r.r1)"#,
                #"CALL0(void (*)(bsrt_instance *), "trap")"#,
            ])
        XCTAssertEqual(output, """
            2432902008176640000
            42 81
            trap: uninitialized element
            trap: undefined element
            trap: indirect call type mismatch
            10 11 12 12
            5050
            3 2
            trap: unreachable

            """)
    }

    func testNumericEdgeCases() throws {
        let output = try run("""
            (module
              (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
              (func (export "rem_s") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
              (func (export "shl") (param i32 i32) (result i32) (i32.shl (local.get 0) (local.get 1)))
              (func (export "shr_s") (param i32 i32) (result i32) (i32.shr_s (local.get 0) (local.get 1)))
              (func (export "rotl") (param i32 i32) (result i32) (i32.rotl (local.get 0) (local.get 1)))
              (func (export "clz") (param i32) (result i32) (i32.clz (local.get 0)))
              (func (export "extend") (param i32) (result i64) (i64.extend_i32_s (local.get 0)))
              (func (export "trunc") (param i32) (result i32) (i32.trunc_f32_s (f32.reinterpret_i32 (local.get 0))))
              (func (export "trunc_sat") (param i32) (result i32) (i32.trunc_sat_f32_s (f32.reinterpret_i32 (local.get 0))))
              (func (export "nan_bits") (result i32) (i32.reinterpret_f32 (f32.const nan:0x200000)))
              (func (export "min_zero") (result i64) (i64.reinterpret_f64 (f64.min (f64.const 0) (f64.const -0))))
              (func (export "nearest") (result i32) (i32.trunc_f32_s (f32.nearest (f32.const 2.5)))))
            """, [
                #"printf("%d\n", (int32_t)CALL(ii_i, "div_s", (uint32_t)-7, 2))"#,
                #"printf("%u\n", CALL(ii_i, "div_s", 7, 0))"#,
                #"printf("%u\n", CALL(ii_i, "div_s", 0x80000000u, (uint32_t)-1))"#,
                #"printf("%u\n", CALL(ii_i, "rem_s", 0x80000000u, (uint32_t)-1))"#,
                #"printf("%u %d %#x\n", CALL(ii_i, "shl", 1, 33), (int32_t)CALL(ii_i, "shr_s", (uint32_t)-8, 65), CALL(ii_i, "rotl", 0x80000001u, 1))"#,
                #"printf("%u %#" PRIx64 "\n", CALL(i_i, "clz", 0), ((uint64_t (*)(bsrt_instance *, uint32_t))F("extend")->code)(I, (uint32_t)-1))"#,
                #"printf("%u\n", CALL(i_i, "trunc", 0x7fc00000u))"#,
                #"printf("%u\n", CALL(i_i, "trunc", 0x4f000000u))"#,
                #"printf("%u %#x\n", CALL(i_i, "trunc_sat", 0x7fc00000u), CALL(i_i, "trunc_sat", 0x4f000000u))"#,
                #"printf("%#x %#" PRIx64 " %u\n", CALL0(v_i, "nan_bits"), CALL0(v_I, "min_zero"), CALL0(v_i, "nearest"))"#,
            ])
        XCTAssertEqual(output, """
            -3
            trap: integer divide by zero
            trap: integer overflow
            0
            2 -4 0x3
            32 0xffffffffffffffff
            trap: invalid conversion to integer
            trap: integer overflow
            0 0x7fffffff
            0x7fa00000 0x8000000000000000 2

            """)
    }

    func testMemoryAccessesSegmentsAndGrowth() throws {
        let output = try run("""
            (module (memory 1 2)
              (data (i32.const 16) "hello")
              (data $p "passive")
              (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
              (func (export "load32") (param i32) (result i32) (i32.load (local.get 0)))
              (func (export "load_far") (param i32) (result i32) (i32.load offset=4294967295 (local.get 0)))
              (func (export "roundtrip") (param i32) (result i64)
                (i64.store (local.get 0) (i64.const 0x0102030405060708)) (i64.load (local.get 0)))
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
              (func (export "size") (result i32) (memory.size))
              (func (export "bulk") (result i32)
                (memory.fill (i32.const 100) (i32.const 0x41) (i32.const 4))
                (memory.copy (i32.const 101) (i32.const 16) (i32.const 2))
                (memory.init $p (i32.const 104) (i32.const 0) (i32.const 3))
                (data.drop $p)
                (i64.load32_u (i32.const 100)) (drop)
                (i32.load (i32.const 102)))
              (func (export "init_dropped") (memory.init $p (i32.const 0) (i32.const 0) (i32.const 1))))
            """, [
                #"printf("%c %#x\n", CALL(i_i, "load8", 16), CALL(i_i, "load32", 16))"#,
                #"printf("%#" PRIx64 "\n", ((uint64_t (*)(bsrt_instance *, uint32_t))F("roundtrip")->code)(I, 65528))"#,
                #"printf("%u\n", CALL(i_i, "load32", 65533))"#,
                #"printf("%u\n", CALL(i_i, "load_far", 1))"#,
                // One call per statement: the order C evaluates arguments in is unspecified.
                #"uint32_t a = CALL(i_i, "grow", 1); uint32_t b = CALL0(v_i, "size"); uint32_t c = CALL(i_i, "grow", 1); printf("%u %u %d %u\n", a, b, (int32_t)c, CALL0(v_i, "size"))"#,
                #"printf("%u\n", CALL(i_i, "load32", 131068))"#,
                #"printf("%#x\n", CALL0(v_i, "bulk"))"#,
                #"CALL0(void (*)(bsrt_instance *), "init_dropped")"#,
            ])
        XCTAssertEqual(output, """
            h 0x6c6c6568
            0x102030405060708
            trap: out of bounds memory access
            trap: out of bounds memory access
            1 2 -1 2
            0
            0x61704165
            trap: out of bounds memory access

            """)
    }

    func testEffectsBeforeATrapStayVisible() throws {
        // The spec keeps every store and global write made before a trap; the fault comes from
        // the guard page, which the C compiler does not know can happen.
        let output = try run("""
            (module (memory 1) (global $g (mut i32) (i32.const 0))
              (func (export "store_then_trap") (param i32)
                (i32.store (i32.const 8) (local.get 0)) (global.set $g (local.get 0))
                (drop (i32.load (i32.const 65536))) (i32.store (i32.const 12) (local.get 0)))
              (func (export "div_trap") (param i32)
                (i32.store (i32.const 16) (local.get 0)) (drop (i32.div_u (local.get 0) (i32.const 0))))
              (func (export "peek") (param i32) (result i32) (i32.load (local.get 0)))
              (func (export "g") (result i32) (global.get $g)))
            """, [
                #"CALL(void (*)(bsrt_instance *, uint32_t), "store_then_trap", 77)"#,
                #"CALL(void (*)(bsrt_instance *, uint32_t), "div_trap", 55)"#,
                #"printf("%u %u %u %u\n", CALL(i_i, "peek", 8), CALL(i_i, "peek", 12), CALL(i_i, "peek", 16), CALL0(v_i, "g"))"#,
            ])
        XCTAssertEqual(output, """
            trap: out of bounds memory access
            trap: integer divide by zero
            77 0 55 77

            """)
    }

    func testTablesAndReferences() throws {
        let output = try run("""
            (module (table $t 1 3 funcref)
              (func $f (export "f") (result i32) (i32.const 5))
              (elem declare func $f)
              (func (export "grow") (param i32) (result i32) (table.grow $t (ref.func $f) (local.get 0)))
              (func (export "size") (result i32) (table.size $t))
              (func (export "is_null") (param i32) (result i32) (ref.is_null (table.get $t (local.get 0))))
              (func (export "call") (param i32) (result i32) (call_indirect $t (result i32) (local.get 0))))
            """, [
                #"uint32_t a = CALL(i_i, "is_null", 0); uint32_t b = CALL(i_i, "grow", 2); printf("%u %u %u\n", a, b, CALL0(v_i, "size"))"#,
                #"printf("%u %u %d\n", CALL(i_i, "is_null", 2), CALL(i_i, "call", 1), (int32_t)CALL(i_i, "grow", 1))"#,
                #"printf("%u\n", CALL(i_i, "is_null", 3))"#,
            ])
        XCTAssertEqual(output, """
            1 1 3
            0 5 -1
            trap: out of bounds table access

            """)
    }

    func testInstantiationRunsInitializersSegmentsAndStart() throws {
        let output = try run("""
            (module (memory 1) (table 2 funcref)
              (global $base i32 (i32.const 40))
              (global $g (mut i32) (i32.add (global.get $base) (i32.const 2)))
              (func $start (global.set $g (i32.mul (global.get $g) (i32.load8_u (i32.const 8)))))
              (func $seven (result i32) (i32.const 7))
              (elem (i32.const 1) $seven)
              (data (i32.const 8) "\\02")
              (start $start)
              (func (export "g") (result i32) (global.get $g))
              (func (export "call1") (result i32) (call_indirect (result i32) (i32.const 1))))
            """, [#"printf("%u %u\n", CALL0(v_i, "g"), CALL0(v_i, "call1"))"#])
        XCTAssertEqual(output, "84 7\n")
    }

    func testInstantiationTrapsOnASegmentOutOfBounds() throws {
        let module = try lowerWAT(#"(module (memory 1) (data (i32.const 65535) "ab"))"#)
        let result = try NativeBuild.buildAndRun(module, driver: NativeBuild.driver(calls: []))
        XCTAssertEqual(result.stdout, "instantiate: trap: out of bounds memory access\n")
        XCTAssertEqual(result.status, 1)
    }
}
