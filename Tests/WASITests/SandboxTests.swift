import Foundation
import TestSupport
import Testing

/// Attempts to leave a granted directory must fail, with the errno wasmtime gives in the same
/// case (`sandbox.c`; nothing to compare natively, where they succeed), and must leave
/// everything outside the grant untouched. Grants with guest names reach the right host
/// directories, a relative host path is resolved at run time (`grants.c`).
@Suite(.serialized)
struct SandboxTests {
    /// Lays out `secret.txt` outside and `root/file.txt`, `root/sub/inner.txt` inside; returns
    /// `root`, the working directory the program runs in with `--dir .`.
    private func makeSandboxLayout(_ name: String) throws -> URL {
        let outer = try makeScratchDirectory(name)
        let root = outer.appendingPathComponent("root")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("secret\n".utf8).write(to: outer.appendingPathComponent("secret.txt"))
        try Data("file\n".utf8).write(to: root.appendingPathComponent("file.txt"))
        try Data("inner\n".utf8).write(to: root.appendingPathComponent("sub/inner.txt"))
        return root
    }

    /// What wasmtime 50 prints for `sandbox.c` (EPERM for every escape; wasi-libc itself says
    /// ENOENT for absolute paths outside every grant; wasmtime refuses to create symlinks with
    /// absolute targets).
    static let expectedSandboxOutput = """
        -- through wasi-libc
        open ../secret.txt: EPERM
        open ../../etc/passwd: EPERM
        open /etc/passwd: ENOENT
        open sub/../../secret.txt: EPERM
        open sub/../file.txt: ok, read 5 bytes
        open ./sub/./../sub/inner.txt: ok, read 6 bytes
        open ..: EPERM
        opendir ..: EPERM
        stat ../secret.txt: EPERM
        symlink /etc etc_link: EPERM
        open etc_link/passwd: ENOENT
        symlink ../.. up: ok
        open up/etc/passwd: EPERM
        stat up: EPERM
        lstat up: ok
        symlink ../secret.txt leak: ok
        open leak: EPERM
        open leak: ELOOP
        readlink leak: ../secret.txt
        symlink leak leak2: ok
        open leak2: EPERM
        symlink sub/../.. sneaky: ok
        open sneaky/secret.txt: EPERM
        symlink sub/esc: ok
        open sub/esc: EPERM
        symlink /file.txt abs: EPERM
        open abs: ENOENT
        symlink file.txt fine: ok
        open fine: ok, read 5 bytes
        write through leak: EPERM
        create through up: EPERM
        rename file.txt ../stolen.txt: EPERM
        rename ../secret.txt mine.txt: EPERM
        rename sub ../sub: EPERM
        link file.txt ../linked.txt: EPERM
        link ../secret.txt hard: EPERM
        link fine hard3 (follow): EINVAL
        link leak hard2 (follow): EINVAL
        mkdir ../newdir: EPERM
        mkdir sub/../../newdir: EPERM
        mkdir up/newdir: EPERM
        unlink ../secret.txt: EPERM
        unlink up/secret.txt: EPERM
        rmdir ..: EPERM
        rmdir ../root: EPERM
        utimensat ../secret.txt: EPERM
        utimensat leak: EPERM
        openat sub inner.txt: ok
        openat sub ../file.txt: EPERM
        openat sub ../../secret.txt: EPERM
        -- raw WASI calls on the grant (fd 3)
        raw fd_prestat_get 3: OK
        grant 3 is named '.'
        raw fd_prestat_get 4: EBADF
        raw path_open /etc/passwd: EPERM
        raw path_open /: EPERM
        raw path_open ../secret.txt: EPERM
        raw path_open ..: EPERM
        raw path_open sub/../../secret.txt: EPERM
        raw path_open sub/../file.txt: OK
        raw path_open leak (follow): EPERM
        raw path_open leak (nofollow): ELOOP
        raw path_open up/root/file.txt: EPERM
        raw path_open etc_link/passwd: ENOENT
        raw path_filestat_get up (follow): EPERM
        raw path_filestat_get /etc: EPERM
        raw path_create_directory ../x: EPERM
        raw path_create_directory /tmp/x: EPERM
        raw path_unlink_file ../secret.txt: EPERM
        raw path_remove_directory ../root: EPERM
        raw path_rename file.txt -> /tmp/stolen: EPERM
        raw path_link ../secret.txt -> hard: EPERM
        raw path_symlink /etc/passwd -> pw: EPERM
        raw path_open pw: ENOENT
        raw path_symlink x -> ../outside-link: EPERM
        raw path_readlink ../secret.txt: EPERM
        raw path_open on fd 99: EBADF
        raw path_open on a file fd: EBADF
        -- a symlink swapped between two calls
        symlink file.txt -> swap: ok
        open swap: ok, read 5 bytes
        unlink swap: ok
        symlink ../secret.txt -> swap: ok
        open swap: EPERM
        descriptors the guest can use: 4
        done

        """

    @Test func escapesFailWithWasmtimesErrno() async throws {
        let built = try await GrantedBuilds.shared.build("sandbox", options: ["--dir", "."], nativeToo: false)
        let root = try makeSandboxLayout("sandbox-bs-aot")
        let outer = root.deletingLastPathComponent()
        let before = try listTree(outer)
        let result = try await runInDirectory(built.aot.path, [], environment: programEnvironment, in: root)
        #expect(result.exitedNormally && result.status == 0, "\(result.ending); stderr: \(result.stderrText)")
        let difference = describeDifference(
            "expected", Data(Self.expectedSandboxOutput.utf8), "bs-aot", result.stdout)
        #expect(difference == nil, "\(difference ?? "")")
        let after = try listTree(outer)
        #expect(after == before, "the tree changed:\n\(after)")

        let wasmtimeRoot = try makeSandboxLayout("sandbox-wasmtime")
        guard
            let reference = try await runUnderWasmtime(
                built.wasm, buildOptions: built.buildOptions, argv0: "sandbox", [], environment: programEnvironment,
                in: wasmtimeRoot)
        else { return }
        let wasmtimeDifference = describeDifference("wasmtime", reference.stdout, "bs-aot", result.stdout)
        #expect(wasmtimeDifference == nil, "\(wasmtimeDifference ?? "")")
    }

    /// `--dir data::/data --dir ../lib::/usr/lib --dir .`: three pre-opened directories in
    /// order, each reaching its host directory, `..` refused above each; the relative host
    /// paths are resolved from the working directory at run time, so the same executable run
    /// elsewhere sees other files.
    @Test func grantsMapGuestNamesToHostDirectories() async throws {
        let options = ["--dir", "data::/data", "--dir", "../lib::/usr/lib", "--dir", "."]
        let built = try await GrantedBuilds.shared.build("grants", options: options, nativeToo: false)
        let arguments = [
            "/data/d.txt", "/usr/lib/l.txt", "data/d.txt", "d.txt", "/usr/lib/../lib/l.txt",
            "/usr/lib/../../etc/passwd", "write:/data/new.txt", "/data/new.txt", "write:/nowhere/x",
        ]
        for (index, contents) in ["first", "second"].enumerated() {
            let top = try makeScratchDirectory("grants-\(index)")
            let run = top.appendingPathComponent("run")
            try FileManager.default.createDirectory(
                at: run.appendingPathComponent("data"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(
                at: top.appendingPathComponent("lib"), withIntermediateDirectories: true)
            try Data("\(contents) data\n".utf8).write(to: run.appendingPathComponent("data/d.txt"))
            try Data("\(contents) lib\n".utf8).write(to: top.appendingPathComponent("lib/l.txt"))
            let expected = """
                fd 3: pre-opened directory '/data'
                fd 4: pre-opened directory '/usr/lib'
                fd 5: pre-opened directory '.'
                fd 6: EBADF (end of the pre-opened directories)
                read /data/d.txt: \(contents) data
                read /usr/lib/l.txt: \(contents) lib
                read data/d.txt: \(contents) data
                read d.txt: ENOENT
                read /usr/lib/../lib/l.txt: EPERM
                read /usr/lib/../../etc/passwd: EPERM
                write /data/new.txt: ok
                read /data/new.txt: written
                write /nowhere/x: ENOENT

                """
            let result = try await runInDirectory(built.aot.path, arguments, environment: programEnvironment, in: run)
            #expect(result.exitedNormally && result.status == 0, "\(result.ending); stderr: \(result.stderrText)")
            let difference = describeDifference("expected", Data(expected.utf8), "bs-aot", result.stdout)
            #expect(difference == nil, "\(difference ?? "")")
            let written = try? String(contentsOf: run.appendingPathComponent("data/new.txt"), encoding: .utf8)
            #expect(written == "written\n")

            if index == 0 {
                try FileManager.default.removeItem(at: run.appendingPathComponent("data/new.txt"))
                if let reference = try await runUnderWasmtime(
                    built.wasm, buildOptions: built.buildOptions, argv0: "grants", arguments,
                    environment: programEnvironment, in: run)
                {
                    let wasmtimeDifference = describeDifference("wasmtime", reference.stdout, "bs-aot", result.stdout)
                    #expect(wasmtimeDifference == nil, "\(wasmtimeDifference ?? "")")
                }
            }
        }
    }

    /// Rights and fdflags as `bsrt_wasi.h` specifies them (`rights.c`): a call needing a right
    /// the descriptor lacks is NOTCAPABLE, rights only shrink, sync flags are NOTSUP. wasmtime 50
    /// no longer enforces rights (it says EBADF, NOTSUP or succeeds), so this is not compared.
    @Test func rightsAndFlagsAreHonoured() async throws {
        let built = try await GrantedBuilds.shared.build("rights", options: ["--dir", "."], nativeToo: false)
        let directory = try makeScratchDirectory("rights")
        try Data("file\n".utf8).write(to: directory.appendingPathComponent("file.txt"))
        let result = try await runInDirectory(built.aot.path, [], environment: programEnvironment, in: directory)
        #expect(result.exitedNormally && result.status == 0, "\(result.ending); stderr: \(result.stderrText)")
        let expected = """
            open with FD_READ only: OK
            fd_write: ENOTCAPABLE
            fd_seek: ENOTCAPABLE
            fdstat rights: FD_READ 1, FD_WRITE 0
            grow rights to FD_WRITE: ENOTCAPABLE
            open read/write: OK
            set APPEND: OK
            fdstat flags APPEND: 1
            set SYNC: ENOTSUP
            set DSYNC: ENOTSUP
            fd_write (appends): OK
            shrink to FD_READ|FD_FILESTAT_GET: OK
            fd_write after shrink: ENOTCAPABLE
            fd_tell after shrink: ENOTCAPABLE
            set flags after shrink: ENOTCAPABLE
            fd_filestat_get after shrink: OK, size 6
            shrink to nothing: OK
            fd_read with no rights: ENOTCAPABLE
            close: OK
            path_open through a file fd: ENOTDIR
            path_open O_DIRECTORY of a file: ENOTDIR

            """
        let difference = describeDifference("expected", Data(expected.utf8), "bs-aot", result.stdout)
        #expect(difference == nil, "\(difference ?? "")")
        let contents = try String(contentsOf: directory.appendingPathComponent("file.txt"), encoding: .utf8)
        #expect(contents == "file\nx", "file.txt holds \(contents.debugDescription)")
    }

    /// A granted directory missing at run time stops the executable before the program runs:
    /// a message on stderr, a non-zero status, nothing on stdout.
    @Test func aMissingGrantFailsAtStartUp() async throws {
        let built = try await GrantedBuilds.shared.build(
            "grants", options: ["--dir", "data::/data", "--dir", "../lib::/usr/lib", "--dir", "."], nativeToo: false)
        let directory = try makeScratchDirectory("grants-missing")
        let result = try await runInDirectory(built.aot.path, [], environment: programEnvironment, in: directory)
        #expect(result.exitedNormally && result.status != 0, "\(result.ending)")
        #expect(result.stdout.isEmpty, "stdout: \(result.stdoutText)")
        #expect(!result.stderr.isEmpty, "no message on stderr")
    }
}
