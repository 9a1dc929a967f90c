import Foundation
import TestSupport
import Testing

/// `--embed-dir HOST::GUEST`: a directory packed into the executable and seen read-only by the
/// guest. `Tests/WASIPrograms/embedded.c` reads, seeks, stats, lists (with `seekdir`), follows
/// and reads symlinks, tries to escape, and tries every kind of change; it must print the same
/// under bs-aot (run with an empty environment from an empty directory: nothing is read from
/// the host) as under wasmtime with the same directory pre-opened read-only.
@Suite(.serialized) struct EmbeddedDirectoryTests {
    /// What embedded.c prints (wasmtime 50 prints the same for a read-only pre-open).
    static let expected = """
        read /data/hello.txt: 16 "hello, embedded"
        read /data/empty: 0 ""
        read /data/sub/deeper/leaf.txt: 5 "leaf"
        read /data/link: 5 "leaf"
        read /data/sub/../hello.txt: 16 "hello, embedded"
        open /data/missing: ENOENT
        open /data/up/etc/passwd: EPERM
        open /data/../etc/passwd: EPERM
        open /data/hello.txt/: ENOTDIR
        big: size 100000 regular 1
        big: read 100000 bytes, contents right
        big: lseek end 100000, set 777, cur 777
        big: pread 4 at 5000: 111 118 125 132; cur still 777
        big: write: EBADF
        stat hello.txt: ok
        stat hello.txt: size 16 regular 1
        stat sub: ok
        stat sub: dir 1
        stat link: ok
        lstat link: ok
        link: target size 5, link is a link 1
        readlink link: sub/deeper/leaf.txt
        readlink hello.txt: EINVAL
        stat missing: ENOENT
        list /data: .(dir) ..(dir) empty(file) hello.txt(file) link(link) sub(dir) up(link)
        list /data/sub: .(dir) ..(dir) big.bin(file) deeper(dir)
        list /data/sub/deeper: .(dir) ..(dir) leaf.txt(file)
        seekdir: the same entry again: yes
        open O_WRONLY hello.txt: EPERM
        open O_RDWR hello.txt: EPERM
        open O_CREAT new.txt: EPERM
        open O_TRUNC hello.txt: EPERM
        mkdir newdir: EPERM
        mkdir sub: EPERM
        unlink hello.txt: EPERM
        rmdir sub/deeper: EPERM
        rename hello.txt: EPERM
        symlink new: EPERM
        link hello.txt: EPERM
        truncate hello.txt: EPERM
        mkdir missing/x: EPERM
        open O_CREAT existing: EPERM
        open O_WRONLY sub: EPERM
        utimensat hello.txt: EPERM
        futimens hello.txt: EPERM
        read /data/hello.txt: 16 "hello, embedded"

        """

    /// The tree embedded.c expects, under `<directory>/data`.
    static func makeTree(in directory: URL) throws -> URL {
        let data = directory.appendingPathComponent("data")
        let manager = FileManager.default
        try manager.createDirectory(at: data.appendingPathComponent("sub/deeper"), withIntermediateDirectories: true)
        try Data("hello, embedded\n".utf8).write(to: data.appendingPathComponent("hello.txt"))
        try Data().write(to: data.appendingPathComponent("empty"))
        try Data("leaf\n".utf8).write(to: data.appendingPathComponent("sub/deeper/leaf.txt"))
        try Data((0..<100_000).map { UInt8($0 * 7 % 251) }).write(to: data.appendingPathComponent("sub/big.bin"))
        try manager.createSymbolicLink(atPath: data.appendingPathComponent("link").path, withDestinationPath: "sub/deeper/leaf.txt")
        try manager.createSymbolicLink(atPath: data.appendingPathComponent("up").path, withDestinationPath: "../..")
        return data
    }

    @Test(arguments: [[String](), ["--static"]])
    func readsAsWasmtimeReadsAReadOnlyPreopen(options: [String]) async throws {
        let directory = try makeScratchDirectory("embedded\(options.joined())")
        let data = try Self.makeTree(in: directory)
        let wasm = try await compileProgram("embedded", flags: ["-I", programsDirectory.path], in: directory)
        let executable = try await build(wasm, "embedded", options: ["--embed-dir", "\(data.path)::/data"] + options, in: directory)
        // The tree is in the executable: remove it, and run from an empty directory.
        try FileManager.default.removeItem(at: data)
        let empty = directory.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let run = try await runWithEmptyEnvironment(executable.path, in: empty)
        #expect(run.exitedNormally && run.status == 0, "\(run.ending): \(run.stderrText)")
        #expect(run.stdoutText == Self.expected, "bs-aot printed:\n\(run.stdoutText)")

        guard options.isEmpty else { return }
        let reference = try Self.makeTree(in: directory)
        let runner = programsDirectory.appendingPathComponent("wasmtime_run.py")
        let wasmtime = try await runProcess(
            "python3", [runner.path, "--readonly-dir", "\(reference.path)::/data", wasm.path], in: directory)
        if wasmtime.exitedNormally && wasmtime.status == 3 {
            recordSkip("EmbeddedDirectoryTests: comparison with wasmtime", reason: "`import wasmtime` fails (pip install wasmtime)")
            return
        }
        #expect(wasmtime.stdoutText == run.stdoutText, "wasmtime printed:\n\(wasmtime.stdoutText)\(wasmtime.stderrText)")
    }

    /// `bs-aot run --embed-dir` builds again when the directory changes (its cache key holds
    /// every entry's size and modification time).
    @Test func runRebuildsWhenTheDirectoryChanges() async throws {
        let directory = try makeScratchDirectory("embedded-run")
        let data = try Self.makeTree(in: directory)
        let wasm = try await compileProgram("embedded", flags: ["-I", programsDirectory.path], in: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["BS_AOT_CACHE_DIR"] = directory.appendingPathComponent("cache").path
        let arguments = ["run", "--embed-dir", "\(data.path)::/data", wasm.path]
        let first = try await runProcess(try requireBsAot().path, arguments, environment: environment, in: directory)
        #expect(first.stdoutText.hasPrefix("read /data/hello.txt: 16 \"hello, embedded\"\n"), "\(first.stderrText)")
        try Data("changed\n".utf8).write(to: data.appendingPathComponent("hello.txt"))
        let second = try await runProcess(try requireBsAot().path, arguments, environment: environment, in: directory)
        #expect(second.stdoutText.hasPrefix("read /data/hello.txt: 8 \"changed\"\n"), "\(second.stdoutText.prefix(200))")
    }

    /// What the translator emits for file contents: C string literals that compile back to the
    /// same bytes, whatever the bytes (every value, octal digits after escapes, `??` trigraphs).
    @Test func aTreeOfEveryByteValueReadsBackExactly() async throws {
        let directory = try makeScratchDirectory("embedded-bytes")
        let data = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        var bytes: [UInt8] = []
        for a in 0..<256 { for b in [0x30, 0x37, 0x38, 0x3f, 0x5c, 0x22, 0x0a, a] { bytes += [UInt8(a), UInt8(b)] } }
        bytes += Array("??/??=??(\\0\\\"".utf8)
        try Data(bytes).write(to: data.appendingPathComponent("bin"))
        let wasm = try writeWAT(
            """
            (module
              (import "wasi_snapshot_preview1" "path_open"
                (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 2)
              (data (i32.const 16) "bin")
              (func (export "_start") (local $n i32)
                ;; open "bin" in fd 3 (the embedded pre-open) for reading
                (drop (call $open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 3) (i32.const 0)
                  (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 32)))
                (i32.store (i32.const 40) (i32.const 1024))
                (i32.store (i32.const 44) (i32.const 60000))
                (drop (call $read (i32.load (i32.const 32)) (i32.const 40) (i32.const 1) (i32.const 48)))
                (i32.store (i32.const 44) (i32.load (i32.const 48)))
                (drop (call $write (i32.const 1) (i32.const 40) (i32.const 1) (i32.const 52)))))
            """, named: "cat", in: directory)
        let executable = try await build(wasm, "cat", options: ["--embed-dir", "\(data.path)::/data"], in: directory)
        let run = try await runProcess(executable.path, [], in: directory)
        #expect(run.exitedNormally && run.status == 0, "\(run.ending): \(run.stderrText)")
        #expect(run.stdout == Data(bytes), "read back \(run.stdout.count) bytes of \(bytes.count)")
    }
}
