;; Exception-handling micro benchmark (bench/exceptions/run.sh): each case runs a loop and prints
;; "<case> <time per iteration>": picoseconds for the four cases that do not throw, nanoseconds
;; for the four that do. Written in the legacy syntax so that WABT 1.0.32's wat2wasm can
;; assemble it; bs-aot lowers `try`/`catch` and `try_table` to the same handler regions.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (memory (export "memory") 1)
  (global $counter (mut i32) (i32.const 0))
  (tag $e (param i32))
  (tag $other)
  (data (i32.const 512) "call            try_call        no_call         try_no_call     throw_local     throw_call      throw_depth10   throw_handlers5 ")

  (func $now (result i64)
    (drop (call $clock (i32.const 1) (i64.const 1) (i32.const 256)))
    (i64.load (i32.const 256)))

  ;; Prints the 16-byte name of `case` (the table at 512), then n in decimal and a newline.
  (func $report (param $case i32) (param $n i64) (local $p i32)
    (local.set $p (i32.const 200))
    (i32.store8 (i32.const 200) (i32.const 10))
    (loop $digits
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i64.store8 (local.get $p) (i64.add (i64.const 48) (i64.rem_u (local.get $n) (i64.const 10))))
      (local.set $n (i64.div_u (local.get $n) (i64.const 10)))
      (br_if $digits (i64.ne (local.get $n) (i64.const 0))))
    (i32.store (i32.const 0) (i32.add (i32.const 512) (i32.mul (local.get $case) (i32.const 16))))
    (i32.store (i32.const 4) (i32.const 16))
    (i32.store (i32.const 8) (local.get $p))
    (i32.store (i32.const 12) (i32.sub (i32.const 201) (local.get $p)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 2) (i32.const 16))))

  ;; Runs case `case` with `n` iterations and reports the time per iteration, in picoseconds
  ;; when `pico` (for the cheap cases), else nanoseconds.
  (func $time (param $case i32) (param $n i32) (param $pico i32) (local $start i64) (local $elapsed i64)
    (local.set $start (call $now))
    (call_indirect (param i32) (local.get $n) (local.get $case))
    (local.set $elapsed (i64.sub (call $now) (local.get $start)))
    (if (local.get $pico) (then (local.set $elapsed (i64.mul (local.get $elapsed) (i64.const 1000)))))
    (call $report (local.get $case) (i64.div_u (local.get $elapsed) (i64.extend_i32_u (local.get $n)))))

  (func $leaf (param i32) (global.set $counter (i32.add (global.get $counter) (local.get 0))))
  (func $thrower (param i32) (throw $e (local.get 0)))
  (func $deep (param i32) (param $depth i32)
    (if (local.get $depth)
      (then (call $deep (local.get 0) (i32.sub (local.get $depth) (i32.const 1))) (return)))
    (throw $e (local.get 0)))
  ;; Frames with a handler for another tag: the exception lands in each and goes on.
  (func $guarded (param i32) (param $depth i32)
    (try
      (do
        (if (local.get $depth)
          (then (call $guarded (local.get 0) (i32.sub (local.get $depth) (i32.const 1))))
          (else (throw $e (local.get 0)))))
      (catch $other)))

  (table funcref (elem $call $try_call $no_call $try_no_call $throw_local $throw_call $throw_depth10 $throw_handlers5 $leaf))

  ;; No exceptions: the cost of a try around a call, against the call alone. The call goes
  ;; through the table (element 8, $leaf) so that clang cannot inline it and fold the loop away.
  (func $call (param $n i32) (local $i i32)
    (loop $again
      (call_indirect (param i32) (local.get $i) (i32.const 8))
      (br_if $again (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
  (func $try_call (param $n i32) (local $i i32)
    (loop $again
      (try (do (call_indirect (param i32) (local.get $i) (i32.const 8))) (catch_all))
      (br_if $again (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
  ;; A try whose body calls nothing costs nothing (no setjmp): against the same body without it.
  (func $no_call (param $n i32) (local $i i32)
    (loop $again
      (global.set $counter (i32.add (global.get $counter) (local.get $i)))
      (if (i32.eq (global.get $counter) (i32.const -1)) (then (unreachable)))
      (br_if $again (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
  (func $try_no_call (param $n i32) (local $i i32)
    (loop $again
      (try
        (do
          (global.set $counter (i32.add (global.get $counter) (local.get $i)))
          (if (i32.eq (global.get $counter) (i32.const -1)) (then (throw $e (local.get $i)))))
        (catch $e (drop)))
      (br_if $again (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))

  ;; Throwing: in the same function (a goto), one call down, ten frames down, and through five
  ;; frames whose handlers do not match.
  (func $throw_local (param $n i32) (local $i i32)
    (loop $again
      (try (do (throw $e (local.get $i))) (catch $e (call $leaf)))
      (br_if $again (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
  (func $throw_call (param $n i32) (local $i i32)
    (loop $again
      (try (do (call $thrower (local.get $i))) (catch $e (call $leaf)))
      (br_if $again (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
  (func $throw_depth10 (param $n i32) (local $i i32)
    (loop $again
      (try (do (call $deep (local.get $i) (i32.const 10))) (catch $e (call $leaf)))
      (br_if $again (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
  (func $throw_handlers5 (param $n i32) (local $i i32)
    (loop $again
      (try (do (call $guarded (local.get $i) (i32.const 5))) (catch $e (call $leaf)))
      (br_if $again (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))

  (func (export "_start")
    (call $time (i32.const 0) (i32.const 100000000) (i32.const 1))
    (call $time (i32.const 1) (i32.const 100000000) (i32.const 1))
    (call $time (i32.const 2) (i32.const 100000000) (i32.const 1))
    (call $time (i32.const 3) (i32.const 100000000) (i32.const 1))
    (call $time (i32.const 4) (i32.const 10000000) (i32.const 0))
    (call $time (i32.const 5) (i32.const 10000000) (i32.const 0))
    (call $time (i32.const 6) (i32.const 10000000) (i32.const 0))
    (call $time (i32.const 7) (i32.const 10000000) (i32.const 0)))
)
