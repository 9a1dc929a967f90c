;; print("Hello from Beanstalk") as the Beanstalk compiler lowers it for WASIX: the string lives in
;; a data segment, a helper builds one iovec {ptr, len} in linear memory and calls fd_write on
;; stdout. The module's only import is wasix_32v1.fd_write; it exports `memory` and `_start`.
(module
  (import "wasix_32v1" "fd_write"
    (func $fd_write (param $fd i32) (param $iovs i32) (param $iovs_len i32) (param $nwritten i32) (result i32)))

  ;; [0, 8) the iovec; [8, 12) nwritten; string constants from 16 on.
  (memory (export "memory") 1)
  (data (i32.const 16) "Hello from Beanstalk\n")

  ;; print(ptr, len): one fd_write of one iovec to fd 1; the errno result is dropped.
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  (func $_start (export "_start")
    (call $print (i32.const 16) (i32.const 21))))
