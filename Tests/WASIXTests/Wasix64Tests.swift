import Foundation
import TestSupport
import Testing
import WAT

/// `wasix_64v1`: the same calls with 64-bit pointers and sizes on a memory64, where every
/// pointer-size field the host reads or writes is 8 bytes (iovec entries, argv pointers, the
/// byte counts of fd_read/fd_write, getcwd's length; abi/wasix.md §1 and §4.14).
@Suite struct Wasix64Tests {
    /// Every buffer lives above 4 GiB, so a pointer the runtime cut to 32 bits would land on
    /// other bytes (or fault), and every size output is pre-filled with ones, so a 4-byte write
    /// where 8 are due would leave ones in the high half.
    @Test func pointersAboveFourGiBAndEightByteSizes() async throws {
        let hi = "0x100000000"
        let wat = """
            (module
              (import "wasix_64v1" "fd_write" (func $fd_write (param i32 i64 i64 i64) (result i32)))
              (import "wasix_64v1" "fd_read" (func $fd_read (param i32 i64 i64 i64) (result i32)))
              (import "wasix_64v1" "args_sizes_get" (func $args_sizes_get (param i64 i64) (result i32)))
              (import "wasix_64v1" "args_get" (func $args_get (param i64 i64) (result i32)))
              (import "wasix_64v1" "fd_pipe" (func $fd_pipe (param i64 i64) (result i32)))
              (import "wasix_64v1" "getcwd" (func $getcwd (param i64 i64) (result i32)))
              (import "wasix_64v1" "thread_spawn_v2" (func $spawn (param i64 i64) (result i32)))
              (import "wasix_64v1" "thread_join" (func $join (param i32) (result i32)))
              (memory (export "memory") i64 65537 65537 shared)
              (global $hi i64 (i64.const \(hi)))
              (func $check (param $errno i32) (if (local.get $errno) (then unreachable)))
              ;; writes [ptr, ptr+len) to stdout through one 16-byte iovec at hi
              (func $puts (param $ptr i64) (param $len i64)
                (i64.store (global.get $hi) (local.get $ptr))
                (i64.store (i64.add (global.get $hi) (i64.const 8)) (local.get $len))
                (call $check (call $fd_write (i32.const 1) (global.get $hi) (i64.const 1) (i64.add (global.get $hi) (i64.const 16)))))
              (func $newline
                (i32.store8 (i64.add (global.get $hi) (i64.const 0x3ff)) (i32.const 10))
                (call $puts (i64.add (global.get $hi) (i64.const 0x3ff)) (i64.const 1)))
              (func $strlen (param $p i64) (result i64) (local $n i64)
                (block $done (loop $l
                  (br_if $done (i32.eqz (i32.load8_u (i64.add (local.get $p) (local.get $n)))))
                  (local.set $n (i64.add (local.get $n) (i64.const 1)))
                  (br $l)))
                (local.get $n))
              ;; v in decimal and a newline
              (func $print (param $v i64) (local $p i64)
                (local.set $p (i64.add (global.get $hi) (i64.const 0x3f0)))
                (loop $l
                  (local.set $p (i64.sub (local.get $p) (i64.const 1)))
                  (i64.store8 (local.get $p) (i64.add (i64.const 48) (i64.rem_u (local.get $v) (i64.const 10))))
                  (local.set $v (i64.div_u (local.get $v) (i64.const 10)))
                  (br_if $l (i64.ne (local.get $v) (i64.const 0))))
                (call $puts (local.get $p) (i64.sub (i64.add (global.get $hi) (i64.const 0x3f0)) (local.get $p)))
                (call $newline))
              (func (export "wasi_thread_start") (param $tid i32) (param $arg i64)
                ;; the whole 64-bit argument arrives; the thread_start_t it points to is readable
                (i64.store (i64.add (global.get $hi) (i64.const 0x1108)) (local.get $arg))
                (i64.store (i64.add (global.get $hi) (i64.const 0x1110)) (i64.load offset=24 (local.get $arg))))
              (func (export "_start") (local $i i64) (local $p i64) (local $tid i32)
                ;; arguments: the count through an 8-byte field, then each through 8-byte pointers
                (i64.store (i64.add (global.get $hi) (i64.const 32)) (i64.const -1))
                (call $check (call $args_sizes_get (i64.add (global.get $hi) (i64.const 32)) (i64.add (global.get $hi) (i64.const 40))))
                (call $print (i64.load (i64.add (global.get $hi) (i64.const 32))))
                (call $check (call $args_get (i64.add (global.get $hi) (i64.const 0x100)) (i64.add (global.get $hi) (i64.const 0x200))))
                (local.set $i (i64.const 1))
                (loop $args
                  (local.set $p (i64.load (i64.add (i64.add (global.get $hi) (i64.const 0x100)) (i64.mul (local.get $i) (i64.const 8)))))
                  (call $puts (local.get $p) (call $strlen (local.get $p)))
                  (call $newline)
                  (local.set $i (i64.add (local.get $i) (i64.const 1)))
                  (br_if $args (i64.lt_u (local.get $i) (i64.load (i64.add (global.get $hi) (i64.const 32))))))
                ;; a pipe: written through two iovecs (a 16-byte stride), read back through one
                (call $check (call $fd_pipe (i64.add (global.get $hi) (i64.const 64)) (i64.add (global.get $hi) (i64.const 68))))
                ;; the 15 bytes of "through a pipe" and a newline
                (i64.store (i64.add (global.get $hi) (i64.const 0x400)) (i64.const 0x206867756f726874))
                (i32.store (i64.add (global.get $hi) (i64.const 0x408)) (i32.const 0x69702061))
                (i32.store16 (i64.add (global.get $hi) (i64.const 0x40c)) (i32.const 0x6570))
                (i32.store8 (i64.add (global.get $hi) (i64.const 0x40e)) (i32.const 10))
                (i64.store (i64.add (global.get $hi) (i64.const 0x500)) (i64.add (global.get $hi) (i64.const 0x400)))
                (i64.store (i64.add (global.get $hi) (i64.const 0x508)) (i64.const 8))
                (i64.store (i64.add (global.get $hi) (i64.const 0x510)) (i64.add (global.get $hi) (i64.const 0x408)))
                (i64.store (i64.add (global.get $hi) (i64.const 0x518)) (i64.const 7))
                (i64.store (i64.add (global.get $hi) (i64.const 24)) (i64.const -1))
                (call $check (call $fd_write (i32.load (i64.add (global.get $hi) (i64.const 68)))
                  (i64.add (global.get $hi) (i64.const 0x500)) (i64.const 2) (i64.add (global.get $hi) (i64.const 24))))
                (call $print (i64.load (i64.add (global.get $hi) (i64.const 24))))
                (i64.store (i64.add (global.get $hi) (i64.const 0x520)) (i64.add (global.get $hi) (i64.const 0x800)))
                (i64.store (i64.add (global.get $hi) (i64.const 0x528)) (i64.const 64))
                (i64.store (i64.add (global.get $hi) (i64.const 24)) (i64.const -1))
                (call $check (call $fd_read (i32.load (i64.add (global.get $hi) (i64.const 64)))
                  (i64.add (global.get $hi) (i64.const 0x520)) (i64.const 1) (i64.add (global.get $hi) (i64.const 24))))
                (call $puts (i64.add (global.get $hi) (i64.const 0x800)) (i64.load (i64.add (global.get $hi) (i64.const 24))))
                ;; getcwd: the in/out length is 8 bytes
                (i64.store (i64.add (global.get $hi) (i64.const 0x1f00)) (i64.const 256))
                (call $check (call $getcwd (i64.add (global.get $hi) (i64.const 0x2000)) (i64.add (global.get $hi) (i64.const 0x1f00))))
                (call $puts (i64.add (global.get $hi) (i64.const 0x2000)) (i64.load (i64.add (global.get $hi) (i64.const 0x1f00))))
                (call $newline)
                ;; a thread gets the 64-bit address of its thread_start_t
                (i64.store (i64.add (global.get $hi) (i64.const 0x1018)) (i64.const 4242))
                (call $check (call $spawn (i64.add (global.get $hi) (i64.const 0x1000)) (i64.add (global.get $hi) (i64.const 0x1200))))
                (call $check (call $join (i32.load (i64.add (global.get $hi) (i64.const 0x1200)))))
                (call $print (i64.sub (i64.load (i64.add (global.get $hi) (i64.const 0x1108))) (global.get $hi)))
                (call $print (i64.load (i64.add (global.get $hi) (i64.const 0x1110)))))
            )
            """
        let (directory, executable) = try await buildWATProgram("wasix64", wat)
        let result = try await runProcess(executable.path, ["alpha", "beta"], in: directory, timeout: .seconds(60))
        #expect(result.stdoutText == "3\nalpha\nbeta\n15\nthrough a pipe\n/\n4096\n4242\n", "\(result.ending): \(result.stderrText)")
        #expect(result.exitedNormally && result.status == 0)
    }

    /// A real wasm64 C program, as LLVM emits it: memory64, an i64 stack pointer and a table64
    /// for its function pointers, printing through `wasix_64v1.fd_write`. Built by the
    /// toolchain's own clang (wasm64 has no wasi-libc here, so the program brings its own
    /// startup). `--no-wasm-opt`: clang would otherwise run binaryen's `wasm-opt` when one is on
    /// PATH, and Debian's (108) rejects a table64.
    @Test func aWasm64CProgramFromClang() async throws {
        let directory = try makeScratchDirectory("wasix64-c")
        let wasm = directory.appendingPathComponent("hello64.wasm")
        try await runTool(
            "clang", ["--target=wasm64-unknown-unknown", "-O2", "--no-wasm-opt", "-nostdlib", "-Wl,--no-entry", "-Wl,--export=_start",
                      wasixProgramsDirectory.appendingPathComponent("hello64.c").path, "-o", wasm.path],
            in: directory)
        let executable = directory.appendingPathComponent("hello64")
        try await runTool(try requireBsAot().path, ["build", wasm.path, "-o", executable.path], in: directory)
        let result = try await runProcess(executable.path, [], in: directory, timeout: .seconds(60))
        #expect(result.stdoutText == "hello from wasm64\n42\n", "\(result.ending): \(result.stderrText)")
        #expect(result.exitedNormally && result.status == 0)
    }

    /// A module's pointer width must match its memory: a wasix_64v1 import in a module with a
    /// 32-bit memory is refused at build time, with the import named.
    @Test func aWidthMismatchIsRefused() async throws {
        let wat = """
            (module
              (import "wasix_64v1" "fd_write" (func (param i32 i64 i64 i64) (result i32)))
              (memory 1)
              (func (export "_start")))
            """
        let bsAot = try requireBsAot()
        let directory = try makeScratchDirectory("wasix64-mismatch")
        let wasm = directory.appendingPathComponent("m.wasm")
        try Data(try wat2wasm(wat, features: .all)).write(to: wasm)
        let result = try await runProcess(bsAot.path, ["build", wasm.path, "-o", directory.appendingPathComponent("m").path], in: directory)
        #expect(result.status != 0)
        #expect(result.stderrText.contains("wasix_64v1.fd_write"), "\(result.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("m").path))
    }
}
