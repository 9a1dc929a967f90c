import Foundation
import Testing

/// The WASIX descriptor calls (`runtime-c/src/wasix/fd.c`) and fd_renumber's two meanings, by
/// `Tests/WASIXPrograms/fd_extras.c` and `renumber_preview1.c`, each built with
/// `--dir sandbox::sandbox` and run beside an empty `sandbox/`, which it must leave empty.
@Suite struct DescriptorTests {
    /// Builds `name`, runs it beside an empty `sandbox/` and expects every check in `expected`.
    private func run(_ name: String, expected: [String]) async throws {
        let (directory, executable) = try await buildWASIXProgram(name, options: ["--dir", "sandbox::sandbox"])
        let sandbox = directory.appendingPathComponent("sandbox")
        try FileManager.default.createDirectory(at: sandbox, withIntermediateDirectories: true)
        try await expectChecks(executable, in: directory, expected: expected)
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.path).isEmpty, "sandbox/ left non-empty")
    }

    @Test func dupSharesTheOffsetAndDup2TakesTheLowestFreeNumberAtLeastMin() async throws {
        try await run("fd_extras", expected: [
            "fd_dup gives a new open number", "fd_dup clears CLOEXEC", "fd_dup shares the file offset",
            "fd_dup keeps rights and filetype", "fd_dup of a closed number",
            "fd_dup2 takes min_result_fd when free", "fd_dup2 cloexec shows in fd_fdflags_get",
            "fd_dup2 takes the lowest free number >= min", "fd_dup2 from 0 gives the lowest free number",
            "fd_dup2 reuses a free number below the open one", "fd_dup2 of a closed number",
            "fd_dup2 with a minimum past the limit",
            "fd_fdflags_set is read back", "fd_fdflags_set clears", "fd_fdflags_set is per descriptor",
            "fd_fdflags_set of a closed number", "fd_fdflags_get pointer checked",
            "path_open2 CLOEXEC shows in fd_fdflags_get", "path_open2 without CLOEXEC has no flags",
            "path_open2 descriptors reach one file", "path_open2 stays in the grant", "path_open2 refuses unknown oflags",
            "fd_event read returns the initial value", "fd_event writes add up", "fd_event read resets the counter",
            "fd_event with a count polls readable", "fd_event refuses a short write",
            "fd_event NONBLOCK read of 0 is AGAIN", "fd_event SEMAPHORE read returns 1", "fd_event SEMAPHORE decrements",
            "fd_event SEMAPHORE runs out", "fd_event keeps a 64-bit initial value", "fd_event refuses 2^64-1",
            "fd_pipe round trip", "fd_pipe read end polls readable", "fd_pipe read end rights", "fd_pipe write end rights",
            "fd_pipe filetype is UNKNOWN, as for any pipe", "fd_pipe read end does not write",
            "fd_pipe EOF after the writer closed", "fd_pipe pointers checked",
            "wasix fd_renumber copies (dup2): both open", "wasix fd_renumber copy writes the same file",
            "preview1 fd_renumber in a WASIX module copies too", "wasix fd_renumber onto itself keeps it",
            "cleanup",
        ])
    }

    @Test func preview1RenumberMovesInAModuleWithoutWASIXImports() async throws {
        try await run("renumber_preview1", expected: [
            "fd_renumber closes `from` (a move)", "`to` now names from.txt", "fd_renumber onto itself keeps it open",
            "fd_renumber from a closed number", "fd_renumber onto a closed number",
            "a refused fd_renumber leaves `from` open", "fd_renumber onto a far-away number",
        ])
    }
}
