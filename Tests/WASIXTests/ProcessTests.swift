import Foundation
import TestSupport
import Testing

/// The process calls (`runtime-c/src/wasix/process.c`, `exec.c`, `spawn.c`) through
/// `Tests/WASIXPrograms/fork.c`, `exec.c` and `noexec.c`: fork/join/signals with no grants,
/// exec and spawn of host programs with `--allow-exec`, and their refusal without it.
@Suite struct ProcessTests {
    @Test func forkJoinIsolationSignalsAndIdentity() async throws {
        let (directory, executable) = try await buildWASIXProgram("fork")
        try await expectChecks(executable, in: directory, expected: [
            "proc_fork pointer checked before forking", "proc_fork gives the parent the child's pid",
            "the child's pipe output reaches the parent", "proc_join reports a normal exit",
            "proc_join reports the child's exit code",
            "the child sees the parent's memory at the fork", "the child changes its own memory",
            "the parent's global is not changed by the child", "the parent's heap is not changed by the child",
            "proc_signal 0 probes a child", "proc_signal reaches a child",
            "join of a SIGKILLed child is EXIT_SIGNAL", "WAKE_STOPPED join reports STOPPED with SIGSTOP",
            "the killed stopped child is EXIT_SIGNAL",
            "EXIT_SIGNAL carries the WASIX (Linux) signal number", "EXIT_SIGNAL exit_code is 0",
            "NON_BLOCKING join of a running child succeeds", "NON_BLOCKING join of a running child is NOTHING",
            "NON_BLOCKING join of a running child writes SOME(0)", "NON_BLOCKING join of any running child is NOTHING",
            "join of any child writes the reaped pid back", "the child exited once its pipe closed",
            "join with no children is CHILD", "join with no children leaves NONE and NOTHING",
            "NON_BLOCKING join with no children is CHILD", "join of a process that is not a child is CHILD",
            "join with an invalid option tag is INVAL", "join pid pointer checked", "join status pointer checked",
            "proc_id is a real pid", "proc_parent of self is another process", "the parent of a child is this process",
            "in the child, proc_id is new and proc_parent is the parent", "proc_parent of an unrelated pid is SRCH",
            "proc_id pointer checked",
            "proc_signal to an unrelated process is PERM", "proc_signal to every process is PERM",
            "proc_signal 0 probes self", "proc_signal of an unknown signal is INVAL",
            "the copy_memory 0 child runs and exits", "proc_snapshot is NOTSUP",
        ])
    }

    @Test func execSpawnAndForkEnvStartHostPrograms() async throws {
        let (directory, executable) = try await buildWASIXProgram("exec", options: ["--allow-exec", "--dir", "."])
        try await expectChecks(executable, in: directory, expected: [
            "proc_exec3 runs /bin/sh with args and only the given env", "proc_exec3 searches the given PATH",
            "proc_exec4 passes argv and envp arrays", "proc_exec2 replaces the child; its exit code is joined",
            "proc_exec of a missing program ends the process with 127",
            "proc_exec3 of a missing program returns NOENT", "proc_exec3 PATH search failure returns NOENT",
            "proc_exec3 name checked", "stdout still works after failed in-place execs",
            "proc_fork_env succeeds", "nested proc_fork_env is NOTSUP",
            "proc_exec3 failure in the vfork child returns the errno", "proc_exec3 in the vfork child returns 0",
            "proc_fork_env writes the child's pid", "the vfork child's program writes to the redirected stdout",
            "proc_join reaps the vfork child's program", "proc_exit2 in the vfork child returns",
            "proc_exit2's code is the vfork child's exit status",
            "proc_spawn2 DUP2 redirects the child's stdout into a pipe", "proc_spawn2's child is joined",
            "proc_spawn3 OPEN redirects the child's stdout into a file", "proc_spawn3's child is joined",
            "proc_spawn3 OPEN outside the grants is NOTCAPABLE", "proc_spawn2 of a missing program returns NOENT",
            "proc_spawn2 reports a failing action's errno",
            "proc_spawn returns a handle only for the PIPED stream", "proc_spawn's PIPED stdout reaches the parent",
            "proc_spawn's child is joined", "proc_spawn with chroot is NOTSUP", "no child is left behind",
        ])
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("spawned.txt").path))
    }

    /// Without the grant the errno calls are NOTCAPABLE, and proc_exec, which cannot return an
    /// errno, ends the process with 126 and says why. (One test: both runs share one build.)
    @Test func execAndSpawnWithoutAllowExecAreRefused() async throws {
        let (directory, executable) = try await buildWASIXProgram("noexec")
        try await expectChecks(executable, in: directory, expected: [
            "proc_exec3 without --allow-exec is NOTCAPABLE", "proc_exec4 without --allow-exec is NOTCAPABLE",
            "proc_spawn2 without --allow-exec is NOTCAPABLE", "proc_spawn3 without --allow-exec is NOTCAPABLE",
            "proc_spawn without --allow-exec is NOTCAPABLE",
        ])
        let result = try await runProcess(executable.path, ["exec"], in: directory, timeout: .seconds(60))
        #expect(result.exitedNormally && result.status == 126, "\(result.ending)")
        #expect(result.stderrText.contains("proc_exec: not permitted"), "stderr: \(result.stderrText)")
        #expect(!result.stdoutText.contains("must not run"))
    }
}
