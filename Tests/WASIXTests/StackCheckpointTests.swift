import Foundation
import TestSupport
import Testing

/// stack_checkpoint / stack_restore (wasix/stack.c): setjmp and longjmp of the default
/// wasix-libc, driven by Tests/WASIXPrograms/setjmp.c.
@Suite(.serialized) struct StackCheckpointTests {
    @Test func setjmpAndLongjmpThroughCheckpoints() async throws {
        let (directory, executable) = try await buildWASIXProgram("setjmp")
        try await expectChecks(
            executable, in: directory,
            expected: [
                "longjmp from 200 frames deep returns the value from setjmp",
                "setjmp returned twice; a volatile local kept its latest value",
                "the restore ran at the bottom of the recursion", "a restore with 0 returns 1",
                "1000 jumps through one buffer", "each round ran once", "jumps to an inner then an outer checkpoint",
                "a snapshot out of memory is FAULT", "nothing written on FAULT",
            ])
        // A snapshot no checkpoint wrote: a trap, with its message and status 134.
        var environment = ProcessInfo.processInfo.environment
        environment["BAD_RESTORE"] = "1"
        let result = try await runProcess(executable.path, [], environment: environment, in: directory)
        #expect(result.exitedNormally && result.status == 134, "\(result.ending)")
        #expect(result.stderrText == "bs-aot: trap: stack_restore of an unknown stack checkpoint\n", "\(result.stderrText)")
    }
}
