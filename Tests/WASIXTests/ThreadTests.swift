import Foundation
import TestSupport
import Testing

/// Threads (wasix/thread.c, wasix/futex.c): modules in WAT, because Zig's wasi-libc has no
/// threads. Each module imports a shared `env.memory` as wasix-libc programs do, and prints
/// through `wasix_32v1.fd_write` with the `$print` helper of `prelude`.
@Suite struct ThreadTests {
    /// Imports and helpers every module here starts with: `$print(v)` writes v in decimal and
    /// a newline. Memory: 0-63 scratch for printing, from 256 on the test's own words.
    static func module(imports: String, body: String) -> String {
        """
        (module
          (import "wasix_32v1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          \(imports)
          (import "env" "memory" (memory 1 1 shared))
          (func $print (param $v i32) (local $p i32)
            (local.set $p (i32.const 64))
            (i32.store8 (local.get $p) (i32.const 10))
            (loop $l
              (local.set $p (i32.sub (local.get $p) (i32.const 1)))
              (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
              (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
              (br_if $l (local.get $v)))
            (i32.store (i32.const 8) (local.get $p))
            (i32.store (i32.const 12) (i32.sub (i32.const 65) (local.get $p)))
            (drop (call $fd_write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 16))))
          \(body))
        """
    }

    func run(_ name: String, _ wat: String) async throws -> ProcessResult {
        let (directory, executable) = try await buildWATProgram(name, wat)
        return try await runProcess(executable.path, [], in: directory, timeout: .seconds(120))
    }

    /// wasi-threads, as wasix-libc's pthread_create uses it: four threads add 100000 each to one
    /// counter with atomic.rmw.add; the main thread waits with memory.atomic.wait32 on a
    /// counter of finished threads, which each bumps and notifies. Each thread's mutable global
    /// starts at its declared value, not at the value the main thread gave its own copy.
    @Test func fourThreadsFromWasiThreadSpawnShareACounter() async throws {
        let wat = Self.module(
            imports: #"(import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))"#,
            body: """
                (global $sp (mut i32) (i32.const 4096))
                (func (export "wasi_thread_start") (param $tid i32) (param $arg i32) (local $i i32)
                  (if (i32.ne (global.get $sp) (i32.const 4096)) (then unreachable))
                  (if (i32.ne (local.get $arg) (i32.const 77)) (then unreachable))
                  (global.set $sp (local.get $tid))
                  (loop $l
                    (drop (i32.atomic.rmw.add (i32.const 256) (i32.const 1)))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br_if $l (i32.lt_u (local.get $i) (i32.const 100000))))
                  (drop (i32.atomic.rmw.add (i32.const 260) (i32.const 1)))
                  (drop (memory.atomic.notify (i32.const 260) (i32.const 1))))
                (func (export "_start") (local $d i32) (local $n i32) (local $tid i32)
                  (global.set $sp (i32.const 1234))
                  (loop $s
                    (local.set $tid (call $spawn (i32.const 77)))
                    ;; ids are positive and never the main thread's (1)
                    (if (i32.le_s (local.get $tid) (i32.const 1)) (then unreachable))
                    (local.set $n (i32.add (local.get $n) (i32.const 1)))
                    (br_if $s (i32.lt_u (local.get $n) (i32.const 4))))
                  (loop $w
                    (local.set $d (i32.atomic.load (i32.const 260)))
                    (if (i32.lt_u (local.get $d) (i32.const 4))
                      (then (drop (memory.atomic.wait32 (i32.const 260) (local.get $d) (i64.const -1))) (br $w))))
                  (call $print (i32.atomic.load (i32.const 256)))
                  (call $print (global.get $sp)))
                """)
        let result = try await run("wasi_thread_spawn", wat)
        #expect(result.stdoutText == "400000\n1234\n", "\(result.ending): \(result.stderrText)")
        #expect(result.exitedNormally && result.status == 0)
    }

    /// WASIX thread_spawn_v2 and its alias thread_spawn write the new id; each thread reads its
    /// own with thread_id and ends with thread_exit (what follows it never runs); the main
    /// thread waits with thread_join. thread_parallelism reports at least one CPU.
    @Test func threadSpawnV2JoinExitAndIds() async throws {
        let wat = Self.module(
            imports: """
                (import "wasix_32v1" "thread_spawn_v2" (func $spawn_v2 (param i32 i32) (result i32)))
                (import "wasix_32v1" "thread_spawn" (func $spawn (param i32 i32) (result i32)))
                (import "wasix_32v1" "thread_id" (func $thread_id (param i32) (result i32)))
                (import "wasix_32v1" "thread_join" (func $thread_join (param i32) (result i32)))
                (import "wasix_32v1" "thread_exit" (func $thread_exit (param i32)))
                (import "wasix_32v1" "thread_parallelism" (func $parallelism (param i32) (result i32)))
                """,
            body: """
                (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
                  ;; the start argument is the address of this thread's slot; it records its id
                  (drop (call $thread_id (local.get $arg)))
                  (if (i32.ne (i32.load (local.get $arg)) (local.get $tid)) (then unreachable))
                  (i32.atomic.store (i32.add (local.get $arg) (i32.const 4)) (i32.const 1))
                  (call $thread_exit (i32.const 0))
                  (i32.atomic.store (i32.add (local.get $arg) (i32.const 4)) (i32.const 99)))
                (func (export "_start")
                  (if (call $spawn_v2 (i32.const 300) (i32.const 400)) (then unreachable))
                  (if (call $spawn (i32.const 308) (i32.const 404)) (then unreachable))
                  (if (call $thread_join (i32.load (i32.const 400))) (then unreachable))
                  (if (call $thread_join (i32.load (i32.const 404))) (then unreachable))
                  ;; both finished; what each wrote after thread_exit never happened
                  (call $print (i32.load (i32.const 304)))
                  (call $print (i32.load (i32.const 312)))
                  ;; the ids the spawns returned are the ones the threads saw, and differ
                  (call $print (i32.eq (i32.load (i32.const 400)) (i32.load (i32.const 300))))
                  (call $print (i32.eq (i32.load (i32.const 404)) (i32.load (i32.const 308))))
                  (call $print (i32.ne (i32.load (i32.const 400)) (i32.load (i32.const 404))))
                  ;; the main thread's id is 1
                  (drop (call $thread_id (i32.const 320)))
                  (call $print (i32.load (i32.const 320)))
                  ;; joining an id that has ended (or never existed) returns at once
                  (call $print (call $thread_join (i32.const 999)))
                  (drop (call $parallelism (i32.const 324)))
                  (call $print (i32.ge_u (i32.load (i32.const 324)) (i32.const 1))))
                """)
        let result = try await run("thread_spawn_v2", wat)
        #expect(result.stdoutText == "1\n1\n1\n1\n1\n1\n0\n1\n", "\(result.ending): \(result.stderrText)")
        #expect(result.exitedNormally && result.status == 0)
    }

    /// futex_wait sleeps until another thread changes the word and calls futex_wake (woken = 1);
    /// a word that already differs returns at once with woken = 1; a relative timeout of 1 ms
    /// with nobody waking returns success with woken = 0. futex_wake_all with no waiter reports
    /// woken = 0. thread_sleep delays the waker so the main thread is really asleep first.
    @Test func futexWaitIsWokenByAnotherThread() async throws {
        let wat = Self.module(
            imports: """
                (import "wasix_32v1" "thread_spawn_v2" (func $spawn (param i32 i32) (result i32)))
                (import "wasix_32v1" "futex_wait" (func $futex_wait (param i32 i32 i32 i32) (result i32)))
                (import "wasix_32v1" "futex_wake" (func $futex_wake (param i32 i32) (result i32)))
                (import "wasix_32v1" "futex_wake_all" (func $futex_wake_all (param i32 i32) (result i32)))
                (import "wasix_32v1" "thread_sleep" (func $thread_sleep (param i64) (result i32)))
                """,
            body: """
                ;; 256: the futex word; 272: option_timestamp NONE; 288: SOME 1 ms; 320: woken bytes
                (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
                  (drop (call $thread_sleep (i64.const 50000000)))
                  (i32.atomic.store (i32.const 256) (i32.const 1))
                  (drop (call $futex_wake (i32.const 256) (i32.const 321))))
                (func (export "_start")
                  (i32.store8 (i32.const 272) (i32.const 0))
                  (i32.store8 (i32.const 288) (i32.const 1))
                  (i64.store (i32.const 296) (i64.const 1000000))
                  (if (call $spawn (i32.const 0) (i32.const 400)) (then unreachable))
                  ;; sleeps while the word is 0, until the thread sets it and wakes us
                  (loop $again
                    (if (call $futex_wait (i32.const 256) (i32.const 0) (i32.const 272) (i32.const 320)) (then unreachable))
                    (br_if $again (i32.eqz (i32.atomic.load (i32.const 256)))))
                  (call $print (i32.load8_u (i32.const 320)))
                  (call $print (i32.atomic.load (i32.const 256)))
                  ;; the value differs: at once, woken = 1
                  (i32.store8 (i32.const 320) (i32.const 7))
                  (call $print (call $futex_wait (i32.const 256) (i32.const 5) (i32.const 272) (i32.const 320)))
                  (call $print (i32.load8_u (i32.const 320)))
                  ;; nobody wakes us: after 1 ms, woken = 0
                  (call $print (call $futex_wait (i32.const 256) (i32.const 1) (i32.const 288) (i32.const 320)))
                  (call $print (i32.load8_u (i32.const 320)))
                  (call $print (call $futex_wake_all (i32.const 256) (i32.const 322)))
                  (call $print (i32.load8_u (i32.const 322)))
                  ;; a misaligned word is INVAL (28), an out-of-range one FAULT (21)
                  (call $print (call $futex_wake (i32.const 257) (i32.const 322)))
                  (call $print (call $futex_wake (i32.const 65536) (i32.const 322))))
                """)
        let result = try await run("futex", wat)
        #expect(result.stdoutText == "1\n1\n0\n1\n0\n0\n0\n0\n28\n21\n", "\(result.ending): \(result.stderrText)")
        #expect(result.exitedNormally && result.status == 0)
    }

    /// A trap on a thread other than the main one ends the whole process with the trap's
    /// message and status 134, as wasmtime does for wasi-threads.
    @Test func aTrapOnAnyThreadEndsTheProcess() async throws {
        let wat = Self.module(
            imports: """
                (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
                (import "wasix_32v1" "thread_sleep" (func $thread_sleep (param i64) (result i32)))
                """,
            body: """
                (func $crash (export "crash") unreachable)
                (func (export "wasi_thread_start") (param $tid i32) (param $arg i32) (call $crash))
                (func (export "_start")
                  (drop (call $spawn (i32.const 0)))
                  ;; the main thread would sleep for an hour: the trap ends it first
                  (drop (call $thread_sleep (i64.const 3600000000000))))
                """)
        let result = try await run("thread_trap", wat)
        #expect(result.exitedNormally && result.status == 134, "\(result.ending)")
        #expect(result.stderrText == "bs-aot: trap: unreachable in crash\n", "stderr: \(result.stderrText)")
    }

    /// thread_exit on the main thread leaves the process to the others: it ends, with status 0,
    /// when the last one does.
    @Test func theMainThreadMayExitFirst() async throws {
        let wat = Self.module(
            imports: """
                (import "wasix_32v1" "thread_spawn_v2" (func $spawn (param i32 i32) (result i32)))
                (import "wasix_32v1" "thread_exit" (func $thread_exit (param i32)))
                (import "wasix_32v1" "thread_sleep" (func $thread_sleep (param i64) (result i32)))
                """,
            body: """
                (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
                  (drop (call $thread_sleep (i64.const 100000000)))
                  (call $print (i32.const 2)))
                (func (export "_start")
                  (drop (call $spawn (i32.const 0) (i32.const 400)))
                  (call $print (i32.const 1))
                  (call $thread_exit (i32.const 0))
                  (call $print (i32.const 99)))
                """)
        let result = try await run("main_thread_exit", wat)
        #expect(result.stdoutText == "1\n2\n", "\(result.ending): \(result.stderrText)")
        #expect(result.exitedNormally && result.status == 0)
    }
}
