;; fac: recursive factorial of 0..20 as i64, formatted in decimal by hand and written to stdout
;; through WASI fd_write. Output lines: "fac(N) = N!".
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param $fd i32) (param $iovs i32) (param $iovs_len i32) (param $nwritten i32) (result i32)))

  ;; Memory layout: [0, 8) one iovec {buf, len}; [8, 12) nwritten; [64, 128) the line being built.
  (memory (export "memory") 1)
  (global $line_end i32 (i32.const 128))

  ;; n! for n >= 0, by plain (non-tail) recursion.
  (func $fac (param $n i64) (result i64)
    (if (result i64) (i64.le_u (local.get $n) (i64.const 1))
      (then (i64.const 1))
      (else (i64.mul (local.get $n) (call $fac (i64.sub (local.get $n) (i64.const 1)))))))

  ;; Writes the decimal digits of $value so that they end just before $end; returns where they start.
  (func $format_u64 (param $value i64) (param $end i32) (result i32)
    (local $p i32)
    (local.set $p (local.get $end))
    (loop $next_digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i64.store8 (local.get $p) (i64.add (i64.const 48) (i64.rem_u (local.get $value) (i64.const 10))))
      (local.set $value (i64.div_u (local.get $value) (i64.const 10)))
      (br_if $next_digit (i64.ne (local.get $value) (i64.const 0))))
    (local.get $p))

  ;; Writes the bytes [$start, $end) to stdout (fd 1).
  (func $write_stdout (param $start i32) (param $end i32)
    (i32.store (i32.const 0) (local.get $start))
    (i32.store (i32.const 4) (i32.sub (local.get $end) (local.get $start)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  ;; Builds "fac(N) = N!\n" right to left, ending at $line_end, and prints it.
  (func $print_fac (param $n i64)
    (local $p i32)
    (local.set $p (i32.sub (global.get $line_end) (i32.const 1)))
    (i32.store8 (local.get $p) (i32.const 10))                       ;; "\n"
    (local.set $p (call $format_u64 (call $fac (local.get $n)) (local.get $p)))
    (local.set $p (i32.sub (local.get $p) (i32.const 4)))
    (i32.store (local.get $p) (i32.const 0x203D2029))                ;; ") = " (little-endian)
    (local.set $p (call $format_u64 (local.get $n) (local.get $p)))
    (local.set $p (i32.sub (local.get $p) (i32.const 4)))
    (i32.store (local.get $p) (i32.const 0x28636166))                ;; "fac("
    (call $write_stdout (local.get $p) (global.get $line_end)))

  (func $_start (export "_start")
    (local $n i64)
    (loop $each
      (call $print_fac (local.get $n))
      (local.set $n (i64.add (local.get $n) (i64.const 1)))
      (br_if $each (i64.le_u (local.get $n) (i64.const 20))))))
