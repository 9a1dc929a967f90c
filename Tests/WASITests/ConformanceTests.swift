import Foundation
import TestSupport
import Testing

/// The behaviours WebAssembly/wasi-testsuite checks, by the C programs of
/// `Tests/WASIPrograms/conformance` (their README maps each scenario to its upstream test).
/// Each program is built with `bs-aot build prog.wasm -o prog --dir scratch::scratch` and run
/// in a fresh directory holding an empty `scratch/`, with `scratch` as its argument: it must
/// exit 0, print `ok <scenario>` for every scenario listed here, print no `FAIL` line, and
/// leave `scratch/` empty. The same module then runs under wasmtime, which must fail exactly
/// the scenarios listed for it (where bs-aot differs from wasmtime on purpose).
@Suite(.serialized)
struct ConformanceTests {
    /// One program of `Tests/WASIPrograms/conformance` and what its runs must show.
    struct Program: Sendable, CustomTestStringConvertible {
        /// The source's base name (`conformance/<name>.c`).
        var name: String
        /// Every scenario it must report `ok` for under bs-aot.
        var scenarios: [String]
        /// Scenarios wasmtime 50 fails, each with the reason.
        var wasmtimeFails: [String: String] = [:]
        /// Whether the program needs a second grant besides the scratch directory.
        var needsSecondGrant = false

        var testDescription: String { name }
    }

    private static let rightsNotTracked = "wasmtime 50 keeps no rights (fd_fdstat_set_rights is NOTSUP)"

    /// The programs, grouped by area as the README's table lists them.
    static let programs: [Program] = [
        Program(
            name: "conformance_fd",
            scenarios: [
                "fd_advise", "file_allocate", "file_pread_pwrite", "file_seek_tell", "file_truncation",
                "file_unbuffered_write", "fd_filestat_set", "fstflags_validate", "fd_flags_set", "isatty",
            ]),
        Program(
            name: "conformance_rights",
            scenarios: [
                "fd_fdstat_set_rights", "truncation_rights", "path_open_read_write", "directory_seek",
                "dir_fd_op_failures", "path_open_preopen",
            ],
            wasmtimeFails: ["fd_fdstat_set_rights": rightsNotTracked, "truncation_rights": rightsNotTracked]),
        Program(
            name: "conformance_path",
            scenarios: [
                "path_open_create_existing", "path_open_dirfd_not_dir", "path_open_missing", "path_open_nonblock",
                "interesting_paths", "path_exists", "path_filestat", "path_rename", "path_rename_dir_trailing_slashes",
                "remove_directory_trailing_slashes", "remove_nonempty_directory", "unlink_file_trailing_slashes",
                "dangling_fd", "path_link",
            ],
            wasmtimeFails: [
                "remove_directory_trailing_slashes":
                    "wasmtime says INVAL to rmdir(\"dir/\") (the suite's expectations skip this test for it)",
                "path_link": rightsNotTracked + ", so a link's rights differ from the original's",
            ]),
        Program(
            name: "conformance_symlink",
            scenarios: [
                "dangling_symlink", "nofollow_errors", "readlink", "symlink_create", "symlink_filestat", "symlink_loop",
                "path_symlink_trailing_slashes",
            ]),
        Program(name: "conformance_readdir", scenarios: ["fd_readdir", "fdopendir-with-access"]),
        Program(
            name: "conformance_libc",
            scenarios: [
                "lseek", "pwrite-with-append", "pread-with-access", "pwrite-with-access", "stat-dev-ino",
                "fopen-with-access", "clock_getres-monotonic", "clock_getres-realtime", "clock_gettime-monotonic",
                "clock_gettime-realtime", "sock_shutdown-invalid_fd", "sock_shutdown-not_sock",
            ]),
        Program(
            name: "conformance_descriptors",
            scenarios: ["renumber", "close_preopen", "overwrite_preopen", "stdio"],
            needsSecondGrant: true),
        Program(
            name: "conformance_misc",
            scenarios: ["poll_oneoff_stdio", "clock_time_get", "big_random_buf", "sched_yield"]),
    ]

    /// `wasm` and the bs-aot executable for `program`, built in a scratch directory of their own.
    private func build(_ program: Program, options: [String]) async throws -> (wasm: URL, aot: URL) {
        let bsAot = try requireBsAot()
        let directory = try makeScratchDirectory("conformance-build-\(program.name)")
        let source = programsDirectory.appendingPathComponent("conformance/\(program.name).c")
        let wasm = directory.appendingPathComponent("\(program.name).wasm")
        let aot = directory.appendingPathComponent(program.name)
        try await compileToWasm(source, output: wasm, in: directory)
        try await runTool(bsAot.path, ["build", wasm.path, "-o", aot.path] + options, in: directory)
        return (wasm, aot)
    }

    /// A fresh working directory holding the empty granted directories.
    private func makeRunDirectory(_ name: String, grants: [String]) throws -> URL {
        let directory = try makeScratchDirectory(name)
        for grant in grants {
            try FileManager.default.createDirectory(
                at: directory.appendingPathComponent(grant), withIntermediateDirectories: true)
        }
        return directory
    }

    /// The scenarios with a FAIL line, and those with an ok line, in `output`.
    private func scenarios(in output: String) -> (failed: Set<String>, passed: Set<String>) {
        var failed: Set<String> = []
        var passed: Set<String> = []
        for line in output.split(separator: "\n") {
            if line.hasPrefix("FAIL "), let colon = line.firstIndex(of: ":") {
                failed.insert(String(line[line.index(line.startIndex, offsetBy: 5)..<colon]))
            } else if line.hasPrefix("ok ") {
                passed.insert(String(line.dropFirst(3)))
            }
        }
        return (failed, passed)
    }

    /// Builds `program`, runs it under bs-aot (every scenario ok, nothing left behind), then
    /// under wasmtime (failing only the scenarios listed for it).
    @Test(arguments: programs)
    func passesUnderBsAot(_ program: Program) async throws {
        let grants = program.needsSecondGrant ? ["scratch", "other"] : ["scratch"]
        let options = grants.flatMap { ["--dir", "\($0)::\($0)"] }
        let built = try await build(program, options: options)

        let directory = try makeRunDirectory("conformance-\(program.name)-bs-aot", grants: grants)
        let result = try await runInDirectory(
            built.aot.path, ["scratch"], environment: programEnvironment, in: directory)
        let output = result.stdoutText
        #expect(
            result.exitedNormally && result.status == 0,
            "\(result.ending); stdout:\n\(output)stderr: \(result.stderrText)")
        let failures = output.split(separator: "\n").filter { $0.hasPrefix("FAIL") }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        let (_, passed) = scenarios(in: output)
        let missing = program.scenarios.filter { !passed.contains($0) }
        #expect(missing.isEmpty, "no ok line for: \(missing.joined(separator: ", "))\n\(output)")
        for grant in grants {
            let left = try listTree(directory.appendingPathComponent(grant))
            #expect(left.isEmpty, "left in \(grant)/:\n\(left)")
        }

        let wasmtimeDirectory = try makeRunDirectory("conformance-\(program.name)-wasmtime", grants: grants)
        guard
            let reference = try await runUnderWasmtime(
                built.wasm, buildOptions: options, argv0: program.name, ["scratch"], environment: programEnvironment,
                in: wasmtimeDirectory)
        else { return }
        let (wasmtimeFailed, _) = scenarios(in: reference.stdoutText)
        #expect(
            wasmtimeFailed == Set(program.wasmtimeFails.keys),
            """
            wasmtime failed \(wasmtimeFailed.sorted()), expected \(program.wasmtimeFails.keys.sorted()); \
            stdout:\n\(reference.stdoutText)stderr: \(reference.stderrText)
            """)
        #expect(
            reference.exitedNormally && reference.status == (program.wasmtimeFails.isEmpty ? 0 : 1),
            "wasmtime ended with \(reference.ending); stderr: \(reference.stderrText)")
    }
}
