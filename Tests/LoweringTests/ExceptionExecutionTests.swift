import Lowering
import XCTest

/// Exceptions and tail calls run: the generated C compiled with the runtime and called by a
/// small driver (NativeBuild.driver), which prints results and `trap: <reason>`.
final class ExceptionExecutionTests: XCTestCase {
    private let declarations = """
        typedef uint32_t (*i_i)(bsrt_instance *, uint32_t);
        typedef uint32_t (*v_i)(bsrt_instance *);
        typedef uint64_t (*I_I)(bsrt_instance *, uint64_t);
        typedef void (*v_v)(bsrt_instance *);
        #define CALL(type, name, ...) ((type)F(name)->code)(F(name)->instance, __VA_ARGS__)
        #define CALL0(type, name) ((type)F(name)->code)(F(name)->instance)
        """

    private func run(_ text: String, _ calls: [String], name: String = #function) throws -> String {
        let module = try lowerWAT(text)
        let result = try NativeBuild.buildAndRun(module, driver: NativeBuild.driver(declarations: declarations, calls: calls), name: name)
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout
    }

    func testPayloadsOfEveryTypeArriveIntact() throws {
        let output = try run("""
            (module
              (tag $all (param i32 i64 f32 f64 funcref externref))
              (tag $boxed (param exnref))
              (func $f) (elem declare func $f)
              (func $throw (param i32)
                (throw $all (local.get 0) (i64.const -2) (f32.const 1.5) (f64.const -0.25) (ref.func $f) (ref.null extern)))
              (func (export "payload") (result i32)
                (local $i i32) (local $j i64) (local $x f32) (local $y f64) (local $fn funcref) (local $e externref)
                (block $h (result i32 i64 f32 f64 funcref externref)
                  (try_table (catch $all $h) (call $throw (i32.const 7)))
                  (unreachable))
                (local.set $e) (local.set $fn) (local.set $y) (local.set $x) (local.set $j) (local.set $i)
                (i32.and (i32.and (i32.eq (local.get $i) (i32.const 7)) (i64.eq (local.get $j) (i64.const -2)))
                  (i32.and (i32.and (f32.eq (local.get $x) (f32.const 1.5)) (f64.eq (local.get $y) (f64.const -0.25)))
                    (i32.and (i32.eqz (ref.is_null (local.get $fn))) (ref.is_null (local.get $e))))))
              ;; An exception carried inside another: caught by catch_all_ref, boxed, unboxed, thrown
              ;; again by throw_ref.
              (func (export "nested") (result i32)
                (block $inner (result i32 i64 f32 f64 funcref externref)
                  (block $outer (result exnref)
                    (try_table (catch $boxed $outer)
                      (block $h (result exnref)
                        (try_table (catch_all_ref $h) (call $throw (i32.const 11)))
                        (unreachable))
                      (throw $boxed))
                    (unreachable))
                  (try_table (param exnref) (catch $all $inner) (throw_ref))
                  (unreachable))
                (drop) (drop) (drop) (drop) (drop))
              (func (export "null_ref") (throw_ref (ref.null exn))))
            """, [
                #"printf("%u\n", CALL0(v_i, "payload"))"#,
                #"printf("%u\n", CALL0(v_i, "nested"))"#,
                #"CALL0(v_v, "null_ref")"#,
                #"printf("live %" PRIu64 "\n", bsrt_exn_live_count())"#,
            ])
        XCTAssertEqual(output, "1\n11\ntrap: null exception reference\nlive 0\n")
    }

    /// A v128 takes two payload cells; an exnref of its tag keeps a copy of them.
    func testV128Payloads() throws {
        let output = try run("""
            (module (tag $v (param i32 v128 i32))
              (func $throw (param i32)
                (throw $v (local.get 0) (v128.const i32x4 10 20 30 40) (i32.const 99)))
              (func (export "caught") (result i32)
                (local $a i32) (local $x v128) (local $b i32)
                (block $h (result i32 v128 i32)
                  (try_table (catch $v $h) (call $throw (i32.const 5)))
                  (unreachable))
                (local.set $b) (local.set $x) (local.set $a)
                (i32.add (i32.add (local.get $a) (local.get $b))
                  (i32.add (i32x4.extract_lane 1 (local.get $x)) (i32x4.extract_lane 3 (local.get $x)))))
              (func (export "again") (result i32)
                (block $h (result i32 v128 i32)
                  (block $r (result exnref)
                    (try_table (catch_all_ref $r) (call $throw (i32.const 1)))
                    (unreachable))
                  (try_table (param exnref) (catch $v $h) (throw_ref))
                  (unreachable))
                (drop) (i32x4.extract_lane 2) (i32.add)))
            """, [#"printf("%u %u\n", CALL0(v_i, "caught"), CALL0(v_i, "again"))"#])
        XCTAssertEqual(output, "164 31\n")
    }

    /// A local assigned in a region's body keeps its last value when an exception lands there
    /// by longjmp: without `volatile`, clang may keep it in a register restored to an older value.
    func testLocalsAssignedInARegionSurviveTheLongjmp() throws {
        let output = try run("""
            (module (tag $e)
              (func $maybe (param i32) (if (local.get 0) (then (throw $e))))
              (func (export "last_value") (param i32) (result i32) (local $x i32)
                (local.set $x (i32.const 1))
                (block $h
                  (try_table (catch $e $h)
                    (local.set $x (i32.add (local.get $x) (i32.const 1)))
                    (call $maybe (local.get 0))
                    (local.set $x (i32.const 30)))
                  (return (local.get $x)))
                (i32.add (local.get $x) (i32.const 100))))
            """, [#"printf("%u %u\n", CALL(i_i, "last_value", 0), CALL(i_i, "last_value", 1))"#])
        XCTAssertEqual(output, "30 102\n")
    }

    func testExceptionsCrossCallsAndCallIndirectAndSkipOtherHandlers() throws {
        let output = try run("""
            (module (tag $a (param i32)) (tag $b (param i32))
              (type $thrower (func (param i32)))
              (table funcref (elem $throw_a $throw_b))
              (func $throw_a (type $thrower) (throw $a (local.get 0)))
              (func $throw_b (type $thrower) (throw $b (local.get 0)))
              (func $middle (param i32 i32) (result i32)
                ;; Catches only $b; an $a passes through to the caller.
                (block $h (result i32)
                  (try_table (result i32) (catch $b $h)
                    (call_indirect (type $thrower) (local.get 1) (local.get 0))
                    (i32.const -1))
                  (return))
                (i32.add (i32.const 1000)))
              (func (export "outer") (param i32) (result i32)
                (block $h (result i32)
                  (try_table (result i32) (catch $a $h) (call $middle (local.get 0) (i32.const 5)))
                  (return))
                (i32.add (i32.const 2000))))
            """, [
                #"printf("%u\n", CALL(i_i, "outer", 0))"#,
                #"printf("%u\n", CALL(i_i, "outer", 1))"#,
                // A trap in the callee is not an exception: neither handler sees it.
                #"printf("%u\n", CALL(i_i, "outer", 2))"#,
            ])
        XCTAssertEqual(output, "2005\n1005\ntrap: undefined element\n")
    }

    func testTrapsAreNotExceptions() throws {
        let output = try run("""
            (module (memory 1) (tag $e)
              (func $div (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
              (func $deep (param i32) (result i32) (i32.add (call $deep (local.get 0)) (i32.const 1)))
              (func (export "guarded") (param i32) (result i32)
                (block $h
                  (try_table (catch_all $h)
                    (if (i32.eq (local.get 0) (i32.const 0)) (then (drop (call $div (i32.const 0)))))
                    (if (i32.eq (local.get 0) (i32.const 1)) (then (drop (call $deep (i32.const 0)))))
                    (if (i32.eq (local.get 0) (i32.const 2)) (then (drop (i32.load (i32.const -4)))))
                    (if (i32.eq (local.get 0) (i32.const 3)) (then (throw $e))))
                  (return (i32.const 0)))
                (i32.const 1)))
            """, [
                #"printf("%u\n", CALL(i_i, "guarded", 0))"#,
                #"printf("%u\n", CALL(i_i, "guarded", 1))"#,
                #"printf("%u\n", CALL(i_i, "guarded", 2))"#,
                // After those traps the handler chain is intact: a throw is caught again.
                #"printf("%u %u\n", CALL(i_i, "guarded", 3), CALL(i_i, "guarded", 4))"#,
                #"printf("live %" PRIu64 "\n", bsrt_exn_live_count())"#,
            ])
        XCTAssertEqual(output, """
            trap: integer divide by zero
            trap: call stack exhausted
            trap: out of bounds memory access
            1 0
            live 0

            """)
    }

    func testAnUncaughtExceptionIsATrapNamingItsTag() throws {
        let output = try run("""
            (module (tag $oops (export "oops") (param i32))
              (func $thrower (export "thrower") (param i32) (result i32) (throw $oops (local.get 0)))
              (func (export "outer") (param i32) (result i32)
                (block $h
                  (try_table (catch_all $h) (drop (call $thrower (local.get 0))))
                  (return (i32.const 1)))
                (call $thrower (local.get 0))))
            """, [
                #"printf("%u\n", CALL(i_i, "outer", 3))"#,
                #"printf("in %s\n", bsrt_last_trap_function())"#,
            ])
        XCTAssertEqual(output, "trap: uncaught exception oops\nin thrower\n")
    }

    /// A tail call replaces the frame, handlers included: what the callee throws goes past them.
    func testATailCalleesExceptionSkipsTheCallersHandlers() throws {
        let output = try run("""
            (module (tag $e (param i32))
              (func $nothing)
              (func $throws (result i32) (throw $e (i32.const 5)))
              (func $tail (result i32)
                (block $h
                  (try_table (catch_all $h) (call $nothing) (return_call $throws))
                  (unreachable))
                (i32.const 1))
              (func (export "outer") (result i32)
                (block $h (result i32)
                  (try_table (result i32) (catch $e $h) (call $tail))
                  (return))
                (i32.add (i32.const 100))))
            """, [#"printf("%u\n", CALL0(v_i, "outer"))"#])
        XCTAssertEqual(output, "105\n")
    }
}
