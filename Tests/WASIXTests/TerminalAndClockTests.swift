import Foundation
import Testing

/// tty_get/tty_set (`runtime-c/src/wasix/tty.c`) without a terminal, and clock_time_set
/// (`runtime-c/src/wasix/clock.c`) with and without `--allow-clock-set`; the real clock is
/// never set.
/// Serialized: two tests build the same program, and buildWASIXProgram's scratch directory is
/// named after the program.
@Suite(.serialized) struct TerminalAndClockTests {
    @Test func ttyWithoutATerminalReportsDefaultsAndSetChangesNothing() async throws {
        let (directory, executable) = try await buildWASIXProgram("tty")
        try await expectChecks(executable, in: directory, expected: [
            "tty_get", "tty_get *_tty agree with isatty", "the test runs without a terminal",
            "tty_get default size is 80x25", "tty_get default pixels are 800x600",
            "tty_get echo, line buffering, line feeds off", "tty_get zeroes the padding", "tty_get writes 24 bytes",
            "tty_set without a terminal succeeds", "tty_set without a terminal changes nothing",
            "tty_get pointer checked", "tty_set pointer checked",
        ])
    }

    @Test func clockTimeSetIsPermWithoutTheFlag() async throws {
        let (directory, executable) = try await buildWASIXProgram("clock_set")
        try await expectChecks(executable, ["refused"], in: directory, expected: [
            "clock_time_set REALTIME without the flag", "clock_time_set of any clock without the flag",
        ])
    }

    @Test func clockTimeSetWithTheFlagRefusesClocksThatCannotBeSet() async throws {
        let (directory, executable) = try await buildWASIXProgram("clock_set", options: ["--allow-clock-set"])
        try await expectChecks(executable, ["allowed"], in: directory, expected: [
            "clock_time_set of an unknown clock", "clock_time_set MONOTONIC", "clock_time_set PROCESS_CPUTIME",
        ])
    }
}
