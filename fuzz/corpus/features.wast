;; The checked-in fuzz corpus: small modules that use what bs-aot lowers beyond the spec suite's
;; one-feature-at-a-time modules, so mutations start from combinations. scripts/fuzz.sh and the
;; test suite's short run (Tests/RobustnessTests) read every module of every .wast here.

(module $wasi
  (type $write (func (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (type $write)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1 2)
  (data (i32.const 8) "hello\n")
  (global $sp (mut i32) (i32.const 1024))
  (func $main (export "_start")
    (i32.store (i32.const 0) (i32.const 8))
    (i32.store (i32.const 4) (i32.const 6))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))
    (call $exit (i32.const 0))))

(module $control
  (func $fac (export "fac") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 1))
      (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
  (func (export "switch") (param i32) (result i32)
    (block $a (result i32)
      (block $b
        (block $c
          (br_table $c $b $c (local.get 0)))
        (return (i32.const 1)))
      (i32.const 2)))
  (func (export "multi") (param i32 i32) (result i32 i32)
    (local.get 1) (local.get 0)
    (block (param i32 i32) (result i32 i32)
      (loop (param i32 i32) (result i32 i32)
        (br_if 1 (i32.const 1))))
    )
  (func (export "select") (param f64 f64 i32) (result f64)
    (select (f64.min (local.get 0) (local.get 1)) (f64.nearest (local.get 1)) (local.get 2))))

(module $tables
  (type $t (func (param i32) (result i32)))
  (table $tab 4 10 funcref)
  (table $ext 1 externref)
  (elem (table $tab) (i32.const 0) func $inc $dec)
  (elem $passive funcref (ref.func $inc) (ref.null func))
  (func $inc (type $t) (i32.add (local.get 0) (i32.const 1)))
  (func $dec (type $t) (i32.sub (local.get 0) (i32.const 1)))
  (func (export "dispatch") (param i32 i32) (result i32)
    (call_indirect $tab (type $t) (local.get 1) (local.get 0)))
  (func (export "grow") (result i32)
    (table.init $tab $passive (i32.const 2) (i32.const 0) (i32.const 2))
    (elem.drop $passive)
    (table.grow $tab (ref.null func) (i32.const 3)))
  (func (export "tail") (param i32) (result i32)
    (return_call_indirect $tab (type $t) (local.get 0) (i32.const 1))))

(module $memories
  (memory $m0 1)
  (memory $m1 i64 1 4)
  (data $d "\01\02\03\04")
  (func (export "copy") (param i64) (result i32)
    (memory.init $m0 $d (i32.const 0) (i32.const 0) (i32.const 4))
    (memory.copy $m1 $m0 (i64.const 0) (i32.const 0) (i32.const 4))
    (memory.fill $m0 (i32.const 100) (i32.const 255) (i32.const 10))
    (data.drop $d)
    (i64.store $m1 offset=8 (local.get 0) (i64.load8_s $m1 (i64.const 1)))
    (i32.add (i32.load $m0 (i32.const 0)) (i32.wrap_i64 (memory.grow $m1 (i64.const 1))))))

(module $threads
  (memory 1 1 shared)
  (func (export "atomics") (param i32) (result i32)
    (drop (i32.atomic.rmw.add (i32.const 0) (local.get 0)))
    (drop (i64.atomic.rmw8.cmpxchg_u (i32.const 8) (i64.const 0) (i64.const 1)))
    (atomic.fence)
    (drop (memory.atomic.notify (i32.const 0) (i32.const 1)))
    (i32.atomic.load (i32.const 0))))

(module $references
  (type $f (func (param i32) (result i32)))
  (func $id (type $f) (local.get 0))
  (elem declare func $id)
  (func (export "call_ref") (param i32) (result i32)
    (call_ref $f (local.get 0) (ref.func $id)))
  (func (export "on_null") (param (ref null $f)) (result i32)
    (block $null
      (return (call_ref $f (i32.const 3) (br_on_null $null (local.get 0)))))
    (i32.const -1))
  (func (export "tail_ref") (param i32) (result i32)
    (return_call_ref $f (local.get 0) (ref.as_non_null (ref.func $id)))))

(module $numbers
  (global $g (mut f32) (f32.const nan:0x200000))
  (func (export "convert") (param f64) (result i64 i32 f32)
    (i64.trunc_sat_f64_s (local.get 0))
    (i32.extend8_s (i32.trunc_f64_u (f64.abs (local.get 0))))
    (f32.demote_f64 (local.get 0)))
  (func (export "bits") (param i64) (result i64)
    (i64.rotl (i64.popcnt (local.get 0)) (i64.clz (i64.div_s (local.get 0) (i64.const -1))))))
