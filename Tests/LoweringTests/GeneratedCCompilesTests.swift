import Lowering
import XCTest

/// Generated C must compile without a warning under `-std=c11 -Wall -Wextra -Werror`.
final class GeneratedCCompilesTests: XCTestCase {
    private static let modules: [String: (text: String, options: LoweringOptions)] = [
        "control": ("""
            (module
              (func $fac (export "fac") (param i64) (result i64)
                (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 1))
                  (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
              (func (param i32) (result i32)
                (block $a (block $b (block $c (br_table $a $b $c (local.get 0))) (return (i32.const 1))) (return (i32.const 2)))
                (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
                (loop (nop)) (i32.const 3))
              (func (param i32) (result i32)
                (local.get 0) (if (param i32) (result i32) (local.get 0) (then (i32.const 1) (i32.add)))))
            """, standalone),
        "multivalue": ("""
            (module (table 1 funcref)
              (func $two (result i32 i64) (i32.const 1) (i64.const 2))
              (func (param i32) (result i64 i32)
                (call $two) (drop) (drop) (local.get 0)
                (block (param i32) (result i64 i32) (drop) (i64.const 5) (i32.const 7) (br_if 0 (local.get 0)))
                (return))
              (func (result f64 f64) (call_indirect (result f64 f64) (i32.const 0))))
            """, standalone),
        "memory": (#"""
            (module (memory 1 2)
              (func (param i32 i64 f32 f64) (result i32)
                (i32.store8 (local.get 0) (local.get 0)) (i64.store32 offset=4 (local.get 0) (local.get 1))
                (f32.store (local.get 0) (local.get 2)) (f64.store (local.get 0) (local.get 3))
                (drop (i64.load16_s (local.get 0))) (drop (f32.load (local.get 0)))
                (memory.fill (i32.const 0) (i32.const 1) (i32.const 2)) (memory.copy (i32.const 0) (i32.const 1) (i32.const 2))
                (memory.init 1 (i32.const 0) (i32.const 0) (i32.const 0)) (data.drop 1)
                (i32.add (memory.size) (memory.grow (i32.const 1))))
              (data (i32.const 0) "\00\01?\"\\\ff") (data "passive") (data ""))
            """#, standalone),
        "numeric": ("""
            (module (func (param i32 i64 f32 f64) (result i32)
              (drop (i32.rotl (i32.div_u (local.get 0) (i32.const 3)) (i32.popcnt (local.get 0))))
              (drop (i64.shr_s (i64.rem_s (local.get 1) (i64.const 7)) (i64.extend16_s (local.get 1))))
              (drop (f32.copysign (f32.sqrt (local.get 2)) (f32.demote_f64 (local.get 3))))
              (drop (f64.max (f64.convert_i64_u (local.get 1)) (f64.promote_f32 (local.get 2))))
              (drop (i64.trunc_sat_f32_u (local.get 2))) (drop (i32.trunc_f64_s (local.get 3)))
              (drop (i64.reinterpret_f64 (local.get 3))) (drop (f32.const nan:0x1))
              (i32.and (i64.lt_s (local.get 1) (i64.const -1)) (f64.ge (local.get 3) (f64.const -0)))))
            """, standalone),
        "references": ("""
            (module (table $t 2 10 funcref) (table $e 1 externref)
              (func $f (export "f") (param externref) (result i32)
                (table.set $e (i32.const 0) (local.get 0))
                (drop (table.grow $t (ref.func $f) (i32.const 1)))
                (table.fill $t (i32.const 0) (ref.null func) (i32.const 1))
                (table.copy $t $t (i32.const 0) (i32.const 1) (i32.const 1))
                (table.init $t 1 (i32.const 0) (i32.const 0) (i32.const 0)) (elem.drop 1)
                (drop (select (result funcref) (table.get $t (i32.const 0)) (ref.null func) (i32.const 1)))
                (i32.add (ref.is_null (local.get 0)) (table.size $e)))
              (elem (table $t) (i32.const 0) func $f)
              (elem funcref (ref.func $f) (ref.null func))
              (elem declare func $f)
              (global $g funcref (ref.func $f)) (global externref (ref.null extern)))
            """, standalone),
        "imports": ("""
            (module
              (import "env" "f" (func $f (param i32 f64) (result i64)))
              (import "env" "m" (memory 1)) (import "env" "t" (table 1 funcref))
              (import "env" "g" (global $g (mut i32))) (import "env" "r" (global $r funcref))
              (global $h i32 (i32.const 5))
              (func (export "run") (result i64)
                (global.set $g (i32.add (global.get $g) (global.get $h)))
                (call $f (global.get $g) (f64.const 1.5)))
              (func $init (global.set $g (i32.const 0)))
              (export "f" (func $f)) (export "g" (global $g)) (export "t" (table 0)) (export "m" (memory 0))
              (start $init))
            """, standalone),
        "wasi": ("""
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
              (import "wasi_unstable" "fd_seek" (func $s (param i32 i64 i32 i32) (result i32)))
              (import "env" "open" (func $o (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
              (import "wasix_32v1" "proc_exit" (func $x (param i32)))
              (memory (export "memory") 1)
              (func (export "_start")
                (drop (call $w (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0)))
                (drop (call $s (i32.const 1) (i64.const 0) (i32.const 0) (i32.const 0)))
                (drop (call $o (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)
                                (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 0)))
                (call $x (i32.const 0))))
            """, LoweringOptions(hostImports: .bindHost(allowUnsupported: true))),
        "deadcode": ("""
            (module (func (param i32) (result i32)
              (block (result i32) (br 0 (i32.const 1)) (i32.add) (drop) (loop (br 0)) (i32.const 2))
              (if (result i32) (then (unreachable) (i32.const 3)) (else (return (i32.const 4)) (select)))
              (block (result i32) (unreachable) (br_table 0 0))
              (drop) (drop) (unreachable)))
            """, standalone),
        "locals": ("""
            (module (func (param f32) (result f64) (local i32 i64 f64 externref funcref)
              (local.set 3 (f64.const 2))
              (select (local.get 3) (f64.promote_f32 (local.get 0)) (i32.eqz (local.get 1)))))
            """, standalone),
        "names": (#"""
            (module (func (export "quote\"back\\slash?") (export "*/ end") (export "\e2\80\ae\00nul") (export "_start")))
            """#, LoweringOptions(hostImports: .bindHost(allowUnsupported: false))),
        "empty": ("(module)", LoweringOptions()),
        "many-units": ("""
            (module (func $a (result i32) (call $b)) (func $b (result i32) (call $c)) (func $c (result i32) (i32.const 1))
              (func (export "d") (result i32) (call $a)))
            """, LoweringOptions(hostImports: .dynamic, emitMain: false, functionsPerUnit: 1)),
    ]

    func testVariedModulesCompileWithoutWarnings() throws {
        var lowered: [String: CModule] = [:]
        for (name, module) in Self.modules {
            do {
                lowered[name] = try lowerWAT(module.text, options: module.options)
            } catch {
                XCTFail("\(name): \(error)")
            }
        }
        if let diagnostics = try NativeBuild.syntaxCheck(lowered) { XCTFail(diagnostics) }
    }
}
