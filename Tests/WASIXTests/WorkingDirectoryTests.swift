import Foundation
import Testing

/// getcwd and chdir (`runtime-c/src/wasix/cwd.c`), by `Tests/WASIXPrograms/cwd.c`: the
/// working directory starts as "/", getcwd's in/out length and RANGE, and chdir confined to
/// the granted directories.
/// Serialized: two tests build the same program, and buildWASIXProgram's scratch directory is
/// named after the program.
@Suite(.serialized) struct WorkingDirectoryTests {
    @Test func chdirStaysInsideTheGrant() async throws {
        let (directory, executable) = try await buildWASIXProgram("cwd", options: ["--dir", "sandbox::/sandbox"])
        let sandbox = directory.appendingPathComponent("sandbox")
        try FileManager.default.createDirectory(
            at: sandbox.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data().write(to: sandbox.appendingPathComponent("file.txt"))
        try await expectChecks(executable, ["sandbox"], in: directory, expected: [
            "getcwd starts at /", "getcwd(NULL, 0) is RANGE", "getcwd stores the needed length",
            "getcwd writes no NUL without room for it", "getcwd NUL-terminates when there is room",
            "getcwd buffer checked", "getcwd length pointer checked",
            "chdir outside every grant refused", "a refused chdir changes nothing", "chdir into the grant",
            "getcwd after chdir", "chdir relative into a subdirectory", "getcwd in the subdirectory",
            "getcwd too small is RANGE", "getcwd RANGE stores the length and writes nothing", "chdir .. goes up",
            "chdir .. out of the grant root refused", "chdir through .. to /etc refused",
            "refused chdirs keep the directory", "chdir to a file is NOTDIR", "chdir to nothing is NOENT",
            "chdir through a symlink out of the grant refused", "chdir through a symlink inside the grant",
            "getcwd is normalized", "chdir to / is refused when / is no grant", "chdir path checked",
        ])
        let left = try FileManager.default.contentsOfDirectory(atPath: sandbox.path).sorted()
        #expect(left == ["file.txt", "sub"], "the symlinks were not removed: \(left)")
    }

    @Test func aRootGrantHoldsSlash() async throws {
        let (directory, executable) = try await buildWASIXProgram("cwd", options: ["--dir", "."])
        try await expectChecks(executable, ["root"], in: directory, expected: [
            "getcwd starts at /", "chdir to a root grant", "chdir .. at the root stays there", "getcwd at the root",
            "chdir in a root grant to nothing is NOENT",
        ])
    }
}
