import Foundation
import TestSupport
import Testing

/// call_dynamic and reflect_signature (wasix/ffi.c) and dlopen, dlsym and dl_invalid_handle
/// (wasix/dl.c), in WAT modules: each prints, one per line, the errno of every call and the
/// values it checks, so a failure shows the whole transcript.
@Suite struct FFITests {
    /// The imports and helpers every module here starts with: `$print(v)` writes v in decimal
    /// and a newline, `$puts(p)` the NUL-terminated string at p and a newline. Table 0 holds,
    /// from index 1: $add (i32, i64) -> i32, $fsum (f32, f64) -> f64, $touch () -> (),
    /// $pair i32 -> (i32, i64), $boom (traps); index 0 is null, as wasm-ld leaves it. Memory:
    /// 0-127 scratch for printing, from 256 on the test's own buffers.
    static func module(imports: String, body: String) -> String {
        """
        (module
          (import "wasix_32v1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          \(imports)
          (memory (export "memory") 1)
          (type $t_add (func (param i32 i64) (result i32)))
          (type $t_void (func))
          (table 8 funcref)
          (elem (i32.const 1) $add $fsum $touch $pair $boom)
          (func $write (param $p i32) (param $n i32)
            (i32.store (i32.const 96) (local.get $p))
            (i32.store (i32.const 100) (local.get $n))
            (drop (call $fd_write (i32.const 1) (i32.const 96) (i32.const 1) (i32.const 104))))
          (func $print (param $v i32) (local $p i32)
            (local.set $p (i32.const 64))
            (i32.store8 (local.get $p) (i32.const 10))
            (loop $l
              (local.set $p (i32.sub (local.get $p) (i32.const 1)))
              (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
              (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
              (br_if $l (local.get $v)))
            (call $write (local.get $p) (i32.sub (i32.const 65) (local.get $p))))
          (func $puts (param $s i32) (local $n i32)
            (block $done (loop $l
              (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $s) (local.get $n)))))
              (local.set $n (i32.add (local.get $n) (i32.const 1)))
              (br $l)))
            (call $write (local.get $s) (local.get $n))
            (i32.store8 (i32.const 80) (i32.const 10))
            (call $write (i32.const 80) (i32.const 1)))
          (func $add (type $t_add) (i32.add (local.get 0) (i32.wrap_i64 (local.get 1))))
          (func $fsum (param f32 f64) (result f64) (f64.add (f64.promote_f32 (local.get 0)) (local.get 1)))
          (func $touch (type $t_void) (i32.store (i32.const 300) (i32.const 77)))
          (func $pair (param i32) (result i32 i64)
            (i32.add (local.get 0) (i32.const 1))
            (i64.mul (i64.extend_i32_u (local.get 0)) (i64.const 2)))
          (func $boom (export "boom") unreachable)
          \(body))
        """
    }

    static let ffiImports = """
        (import "wasix_32v1" "call_dynamic" (func $call_dynamic (param i32 i32 i32 i32 i32 i32) (result i32)))
        (import "wasix_32v1" "reflect_signature" (func $reflect (param i32 i32 i32 i32 i32 i32) (result i32)))
        """

    static let dlImports = """
        (import "wasix_32v1" "dlopen" (func $dlopen (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
        (import "wasix_32v1" "dlsym" (func $dlsym (param i32 i32 i32 i32 i32 i32) (result i32)))
        (import "wasix_32v1" "dl_invalid_handle" (func $dl_invalid_handle (param i32) (result i32)))
        """

    func run(_ name: String, _ wat: String) async throws -> ProcessResult {
        let (directory, executable) = try await buildWATProgram(name, wat)
        return try await runProcess(executable.path, [], in: directory, timeout: .seconds(120))
    }

    /// call_dynamic with packed arguments and results: (i32, i64) -> i32, (f32, f64) -> f64,
    /// () -> () (its effect seen in memory) and a two-result function; strict length
    /// mismatches are INVAL (28) before the call; non-strict, a missing argument is 0 and
    /// results that do not fit are dropped; index 0 (null) and an index past the table are
    /// INVAL.
    @Test func callDynamicPacksArgumentsAndResults() async throws {
        let wat = Self.module(imports: Self.ffiImports, body: """
            (func (export "_start")
              ;; (i32 40, i64 2) -> 42, strict
              (i32.store (i32.const 256) (i32.const 40))
              (i64.store (i32.const 260) (i64.const 2))
              (call $print (call $call_dynamic (i32.const 1) (i32.const 256) (i32.const 12) (i32.const 320) (i32.const 4) (i32.const 1)))
              (call $print (i32.load (i32.const 320)))
              ;; (f32 1.5, f64 2.25) -> 3.75, strict
              (f32.store (i32.const 256) (f32.const 1.5))
              (f64.store (i32.const 260) (f64.const 2.25))
              (call $print (call $call_dynamic (i32.const 2) (i32.const 256) (i32.const 12) (i32.const 320) (i32.const 8) (i32.const 1)))
              (call $print (i32.trunc_f64_s (f64.mul (f64.load (i32.const 320)) (f64.const 100))))
              ;; () -> () with null buffers
              (call $print (call $call_dynamic (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 1)))
              (call $print (i32.load (i32.const 300)))
              ;; 20 -> (21, 40), strict
              (i32.store (i32.const 256) (i32.const 20))
              (call $print (call $call_dynamic (i32.const 4) (i32.const 256) (i32.const 4) (i32.const 320) (i32.const 12) (i32.const 1)))
              (call $print (i32.load (i32.const 320)))
              (call $print (i32.wrap_i64 (i64.load (i32.const 324))))
              ;; strict: 8 argument bytes for 12, then 8 result bytes for 4
              (call $print (call $call_dynamic (i32.const 1) (i32.const 256) (i32.const 8) (i32.const 320) (i32.const 4) (i32.const 1)))
              (call $print (call $call_dynamic (i32.const 1) (i32.const 256) (i32.const 12) (i32.const 320) (i32.const 8) (i32.const 1)))
              ;; non-strict: the i64 is missing (0), so 40 + 0
              (i32.store (i32.const 256) (i32.const 40))
              (call $print (call $call_dynamic (i32.const 1) (i32.const 256) (i32.const 4) (i32.const 320) (i32.const 4) (i32.const 0)))
              (call $print (i32.load (i32.const 320)))
              ;; non-strict: room for the first of two results only
              (i32.store (i32.const 256) (i32.const 5))
              (i32.store (i32.const 324) (i32.const 999))
              (call $print (call $call_dynamic (i32.const 4) (i32.const 256) (i32.const 4) (i32.const 320) (i32.const 4) (i32.const 0)))
              (call $print (i32.load (i32.const 320)))
              (call $print (i32.load (i32.const 324)))
              ;; no function: the null entry 0, an index past the table, a buffer outside memory
              (call $print (call $call_dynamic (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))
              (call $print (call $call_dynamic (i32.const 100) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))
              (call $print (call $call_dynamic (i32.const 1) (i32.const 65530) (i32.const 12) (i32.const 320) (i32.const 4) (i32.const 1))))
            """)
        let result = try await run("call_dynamic", wat)
        let expected = ["0", "42", "0", "375", "0", "77", "0", "21", "40", "28", "28", "0", "40", "0", "6", "999",
                        "28", "28", "21"]
        #expect(result.stdoutText == expected.joined(separator: "\n") + "\n", "\(result.ending): \(result.stderrText)")
        #expect(result.exitedNormally && result.status == 0)
    }

    /// A trap in a function called through call_dynamic is the program's trap: status 134 and
    /// the usual message naming the callee.
    @Test func aTrapInTheCalleeEndsTheProgram() async throws {
        let wat = Self.module(imports: Self.ffiImports, body: """
            (func (export "_start")
              (call $print (i32.const 1))
              (drop (call $call_dynamic (i32.const 5) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 1)))
              (call $print (i32.const 2)))
            """)
        let result = try await run("call_dynamic_trap", wat)
        #expect(result.stdoutText == "1\n")
        #expect(result.exitedNormally && result.status == 134, "\(result.ending)")
        #expect(result.stderrText.contains("bs-aot: trap: unreachable in boom"), "\(result.stderrText)")
    }

    /// reflect_signature writes wasm_value_type codes (0 i32, 1 i64, 2 f32, 3 f64) and the
    /// counts with cacheable = 1; too small a buffer is OVERFLOW (61) with the counts still
    /// written; the null entry is INVAL still cacheable, an index past the table INVAL not.
    @Test func reflectSignatureReportsTypesAndOverflow() async throws {
        let wat = Self.module(imports: Self.ffiImports, body: """
            (func $info
              (call $print (i32.load8_u (i32.const 420)))
              (call $print (i32.load16_u (i32.const 422)))
              (call $print (i32.load16_u (i32.const 424))))
            (func (export "_start")
              ;; $add: (i32, i64) -> i32
              (call $print (call $reflect (i32.const 1) (i32.const 400) (i32.const 4) (i32.const 410) (i32.const 4) (i32.const 420)))
              (call $info)
              (call $print (i32.load8_u (i32.const 400)))
              (call $print (i32.load8_u (i32.const 401)))
              (call $print (i32.load8_u (i32.const 410)))
              ;; $fsum: (f32, f64) -> f64
              (call $print (call $reflect (i32.const 2) (i32.const 400) (i32.const 2) (i32.const 410) (i32.const 1) (i32.const 420)))
              (call $print (i32.load8_u (i32.const 400)))
              (call $print (i32.load8_u (i32.const 401)))
              (call $print (i32.load8_u (i32.const 410)))
              ;; $pair with room for one result: OVERFLOW, counts 1 and 2, the buffers untouched
              (i32.store8 (i32.const 410) (i32.const 9))
              (call $print (call $reflect (i32.const 4) (i32.const 400) (i32.const 4) (i32.const 410) (i32.const 1) (i32.const 420)))
              (call $info)
              (call $print (i32.load8_u (i32.const 410)))
              ;; the null entry, then past the table
              (call $print (call $reflect (i32.const 0) (i32.const 400) (i32.const 4) (i32.const 410) (i32.const 4) (i32.const 420)))
              (call $info)
              (call $print (call $reflect (i32.const 100) (i32.const 400) (i32.const 4) (i32.const 410) (i32.const 4) (i32.const 420)))
              (call $info))
            """)
        let result = try await run("reflect_signature", wat)
        let expected = ["0", "1", "2", "1", "0", "1", "0", "0", "2", "3", "3", "61", "1", "1", "2", "9",
                        "28", "1", "0", "0", "28", "0", "0", "0"]
        #expect(result.stdoutText == expected.joined(separator: "\n") + "\n", "\(result.ending): \(result.stderrText)")
        #expect(result.exitedNormally && result.status == 0)
    }

    /// dlopen(NULL) is the main module, handle 1; dlsym finds an exported function already in
    /// the table at its index, appends one that is not (once: asking again gives the same
    /// index), and both are callable with call_indirect; an exported global gives its value
    /// (a data symbol's address); RTLD_DEFAULT (0) searches the same module. A missing name, a
    /// bad handle and dlopen of a path fail with NOEXEC (45) and a message in err_buf,
    /// truncated to its length; dlclose (dl_invalid_handle) accepts only the main handle.
    @Test func dlopenMainModuleAndDlsym() async throws {
        let wat = Self.module(imports: Self.dlImports, body: """
            (func $extra (export "extra") (result i32) (i32.const 99))
            (export "add" (func $add))
            (global (export "data_sym") i32 (i32.const 1024))
            (data (i32.const 500) "add\\00extra\\00data_sym\\00missing\\00libfoo.so\\00")
            (func $sym (param $handle i32) (param $name i32) (param $len i32) (result i32)
              (call $dlsym (local.get $handle) (local.get $name) (local.get $len) (i32.const 600) (i32.const 128) (i32.const 704)))
            (func (export "_start")
              (call $print (call $dlopen (i32.const 0) (i32.const 0) (i32.const 2) (i32.const 600) (i32.const 128) (i32.const 0) (i32.const 0) (i32.const 700)))
              (call $print (i32.load (i32.const 700)))
              ;; "add" is table entry 1
              (call $print (call $sym (i32.load (i32.const 700)) (i32.const 500) (i32.const 3)))
              (call $print (i32.load (i32.const 704)))
              (call $print (call_indirect (type $t_add) (i32.const 40) (i64.const 2) (i32.load (i32.const 704))))
              ;; "extra" is appended after the 8 entries, once
              (call $print (call $sym (i32.const 1) (i32.const 504) (i32.const 5)))
              (call $print (i32.load (i32.const 704)))
              (call $print (call_indirect (result i32) (i32.load (i32.const 704))))
              (call $print (call $sym (i32.const 1) (i32.const 504) (i32.const 5)))
              (call $print (i32.load (i32.const 704)))
              (call $print (table.size))
              ;; a data symbol
              (call $print (call $sym (i32.const 1) (i32.const 510) (i32.const 8)))
              (call $print (i32.load (i32.const 704)))
              ;; RTLD_DEFAULT
              (call $print (call $sym (i32.const 0) (i32.const 500) (i32.const 3)))
              (call $print (i32.load (i32.const 704)))
              ;; failures
              (call $print (call $sym (i32.const 1) (i32.const 519) (i32.const 7)))
              (call $puts (i32.const 600))
              (call $print (call $sym (i32.const 9) (i32.const 500) (i32.const 3)))
              (call $puts (i32.const 600))
              (call $print (call $dlopen (i32.const 527) (i32.const 9) (i32.const 2) (i32.const 600) (i32.const 128) (i32.const 0) (i32.const 0) (i32.const 700)))
              (call $puts (i32.const 600))
              (call $print (call $dlopen (i32.const 527) (i32.const 9) (i32.const 2) (i32.const 600) (i32.const 10) (i32.const 0) (i32.const 0) (i32.const 700)))
              (call $puts (i32.const 600))
              (call $print (call $dl_invalid_handle (i32.const 1)))
              (call $print (call $dl_invalid_handle (i32.const 7))))
            """)
        let result = try await run("dlsym", wat)
        let expected = [
            "0", "1", "0", "1", "42", "0", "8", "99", "0", "8", "9", "0", "1024", "0", "1",
            "45", "failed to resolve symbol: missing is not exported by the main module",
            "45", "invalid handle 9: only the main module (1) is open",
            "45", "libfoo.so: cannot load a side module: this native executable is one static WebAssembly module",
            "45", "libfoo.so",
            "0", "45",
        ]
        #expect(result.stdoutText == expected.joined(separator: "\n") + "\n", "\(result.ending): \(result.stderrText)")
        #expect(result.exitedNormally && result.status == 0)
    }

    /// A table with a maximum (wasm-ld's default without --growable-table) cannot take a
    /// function that is not in it yet: dlsym fails and says why; one already there is found.
    @Test func dlsymDoesNotGrowATablePastItsMaximum() async throws {
        let wat = """
            (module
              (import "wasix_32v1" "dlsym" (func $dlsym (param i32 i32 i32 i32 i32 i32) (result i32)))
              (import "wasix_32v1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 1)
              (table 2 2 funcref)
              (elem (i32.const 1) $in)
              (func $in (export "in"))
              (func $out (export "out"))
              (data (i32.const 500) "in\\00out\\00")
              (func (export "_start")
                (i32.store (i32.const 96) (i32.add (i32.const 48) (call $dlsym (i32.const 1) (i32.const 500) (i32.const 2) (i32.const 600) (i32.const 128) (i32.const 704))))
                (i32.store (i32.const 100) (i32.add (i32.const 48) (i32.load (i32.const 704))))
                (i32.store (i32.const 104) (call $dlsym (i32.const 1) (i32.const 503) (i32.const 3) (i32.const 600) (i32.const 128) (i32.const 704)))
                ;; "0", "1", then the error text
                (i32.store (i32.const 80) (i32.const 96)) (i32.store (i32.const 84) (i32.const 1))
                (i32.store (i32.const 88) (i32.const 100)) (i32.store (i32.const 92) (i32.const 1))
                (drop (call $fd_write (i32.const 1) (i32.const 80) (i32.const 2) (i32.const 108)))
                (i32.store (i32.const 80) (i32.const 600)) (i32.store (i32.const 84) (i32.const 60))
                (drop (call $fd_write (i32.const 1) (i32.const 80) (i32.const 1) (i32.const 108)))
                (if (i32.ne (i32.load (i32.const 104)) (i32.const 45)) (then unreachable))))
            """
        let result = try await run("dlsym_fixed_table", wat)
        #expect(result.stdoutText.hasPrefix("01failed to resolve symbol: out: the indirect function table"),
                "\(result.stdoutText) \(result.ending): \(result.stderrText)")
        #expect(result.exitedNormally && result.status == 0)
    }
}
