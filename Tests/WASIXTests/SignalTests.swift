import Foundation
import TestSupport
import Testing

/// Signals (wasix/signal.c): a module registers its `__wasm_signal` export with
/// callback_signal, and signals reach it after the host call during which they arrived.
@Suite struct SignalTests {
    static let module = ThreadTests.module(
        imports: """
            (import "wasix_32v1" "callback_signal" (func $callback_signal (param i32 i32)))
            (import "wasix_32v1" "proc_raise" (func $proc_raise (param i32) (result i32)))
            (import "wasix_32v1" "thread_signal" (func $thread_signal (param i32 i32) (result i32)))
            (import "wasix_32v1" "thread_id" (func $thread_id (param i32) (result i32)))
            (import "wasix_32v1" "proc_raise_interval" (func $raise_interval (param i32 i64 i32) (result i32)))
            (import "wasix_32v1" "thread_sleep" (func $thread_sleep (param i64) (result i32)))
            (import "wasix_32v1" "proc_signals_sizes_get" (func $signals_sizes_get (param i32) (result i32)))
            (import "wasix_32v1" "proc_signals_get" (func $signals_get (param i32) (result i32)))
            (import "wasix_32v1" "proc_id" (func $proc_id (param i32) (result i32)))
            (import "wasix_32v1" "proc_signal" (func $proc_signal (param i32 i32) (result i32)))
            """,
        body: """
            (data (i32.const 512) "__wasm_signal__wasm_signal_blocked")
            ;; 256: how many signals arrived; 260: the last one's number
            (func (export "__wasm_signal") (param $sig i32)
              (i32.store (i32.const 256) (i32.add (i32.load (i32.const 256)) (i32.const 1)))
              (i32.store (i32.const 260) (local.get $sig)))
            (func $report (call $print (i32.load (i32.const 256))) (call $print (i32.load (i32.const 260))))
            (func (export "_start") (local $n i32) (local $i i32)
              ;; the dispositions the process started with: SIGHUP (1) ignored, by the test's shell
              (drop (call $signals_sizes_get (i32.const 300)))
              (local.set $n (i32.load (i32.const 300)))
              (call $print (local.get $n))
              (drop (call $signals_get (i32.const 320)))
              (call $print (i32.load8_u (i32.const 320)))
              (call $print (i32.load8_u (i32.const 321)))
              (call $callback_signal (i32.const 512) (i32.const 13))
              ;; raise: delivered when proc_raise returns -> 1 signal, USR1 (10)
              (drop (call $proc_raise (i32.const 10)))
              (call $report)
              ;; thread_signal to this thread: USR2 (12)
              (drop (call $thread_id (i32.const 304)))
              (drop (call $thread_signal (i32.load (i32.const 304)) (i32.const 12)))
              (call $report)
              ;; kill(getpid(), TERM): the host handler records it; it arrives after proc_signal
              (drop (call $proc_id (i32.const 308)))
              (drop (call $proc_signal (i32.load (i32.const 308)) (i32.const 15)))
              (call $report)
              ;; blocked (wasix-libc's __block_all_sigs): nothing arrives until unblocked
              (call $callback_signal (i32.const 525) (i32.const 21))
              (drop (call $proc_raise (i32.const 10)))
              (call $report)
              (call $callback_signal (i32.const 512) (i32.const 13))
              (call $report)
              ;; a timer: ALRM (14) after 20 ms ends a 60 s sleep early
              (drop (call $raise_interval (i32.const 14) (i64.const 20000000) (i32.const 0)))
              (drop (call $thread_sleep (i64.const 60000000000)))
              (call $report)
              ;; a repeating timer fires until cancelled
              (drop (call $raise_interval (i32.const 26) (i64.const 2000000) (i32.const 1)))
              (loop $wait
                (drop (call $thread_sleep (i64.const 1000000)))
                (br_if $wait (i32.lt_u (i32.load (i32.const 256)) (i32.const 9))))
              (drop (call $raise_interval (i32.const 26) (i64.const 0) (i32.const 0)))
              (call $print (i32.load (i32.const 260)))
              ;; an unknown signal number is INVAL (28)
              (call $print (call $proc_raise (i32.const 40))))
            """)

    @Test func signalsReachTheRegisteredCallback() async throws {
        let (directory, executable) = try await buildWATProgram("signals", Self.module)
        // The shell ignores SIGHUP before it execs the program, as nohup does.
        let result = try await runProcess(
            "/bin/sh", ["-c", "trap '' HUP; exec \"$0\"", executable.path], in: directory, timeout: .seconds(120))
        #expect(
            result.stdoutText == "1\n1\n1\n1\n10\n2\n12\n3\n15\n3\n15\n4\n10\n5\n14\n26\n28\n",
            "\(result.ending): \(result.stderrText)")
        #expect(result.exitedNormally && result.status == 0)
    }

    /// Without a callback, a signal has the host's default action, as for a native program.
    @Test func withoutACallbackTheHostDefaultApplies() async throws {
        let wat = ThreadTests.module(
            imports: #"(import "wasix_32v1" "proc_raise" (func $proc_raise (param i32) (result i32)))"#,
            body: #"(func (export "_start") (drop (call $proc_raise (i32.const 15))) (call $print (i32.const 1)))"#)
        let (directory, executable) = try await buildWATProgram("signals_default", wat)
        let result = try await runProcess(executable.path, [], in: directory, timeout: .seconds(60))
        #expect(!result.exitedNormally && result.status == 15, "\(result.ending)")
        #expect(result.stdoutText.isEmpty)
    }
}
