;; calc: a small module to embed in a C program through bs-aot's library mode (README.md here).
;; It imports two host functions, exports functions, its memory and a global, and one export
;; traps on purpose (division by zero).
(module $calc
  ;; The host prints `len` bytes of the module's memory from `ptr`.
  (import "env" "log" (func $log (param $ptr i32) (param $len i32)))
  ;; The host scales a value (and counts the calls in its user data).
  (import "env" "scale" (func $scale (param $value i32) (result i32)))

  (memory (export "memory") 1)
  ;; How many divisions the instance has done.
  (global $divisions (export "divisions") (mut i32) (i32.const 0))
  (data (i32.const 0) "hello from calc")

  ;; Logs the greeting through the host and returns its length.
  (func $greet (export "greet") (result i32)
    (call $log (i32.const 0) (i32.const 15))
    (i32.const 15))

  ;; a / b, unsigned: traps "integer divide by zero" when b is 0.
  (func $divide (export "divide") (param $a i32) (param $b i32) (result i32)
    (global.set $divisions (i32.add (global.get $divisions) (i32.const 1)))
    (i32.div_u (local.get $a) (local.get $b)))

  ;; Quotient and remainder at once (two results).
  (func $divmod (export "divmod") (param $a i32) (param $b i32) (result i32 i32)
    (i32.div_u (local.get $a) (local.get $b))
    (i32.rem_u (local.get $a) (local.get $b)))

  ;; The sum of `len` bytes at `ptr` (which the host wrote), each scaled by the host.
  (func $sum (export "sum") (param $ptr i32) (param $len i32) (result i64)
    (local $total i64)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $len)))
        (local.set $total
          (i64.add (local.get $total)
            (i64.extend_i32_u (call $scale (i32.load8_u (local.get $ptr))))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $next)))
    (local.get $total))
)
