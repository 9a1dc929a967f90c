import Foundation
import Pipeline
import TestSupport
import Testing
import WAT

/// `bs-aot build --lib`: static libraries with a C header, linked into C programs by clang.
@Suite(.serialized)
struct LibraryModeTests {
    /// The C compiler the programs that embed a library are built with.
    private static let clang = "clang"

    /// Every library example (`examples/library`): `bs-aot build --lib` through the command line,
    /// then clang links its `main.c` with the archive; the program prints `expected-output.txt`,
    /// which includes a trap returned as an error value and a missing import refused by `_new`.
    @Test(arguments: Example.libraries)
    func exampleLinksAndPrintsExpectedOutput(_ example: Example) async throws {
        let bsAot = try #require(bsAotExecutable)
        let wasm = try #require(example.wasmFiles.first, "no .wasm in examples/\(example.name)")
        let name = wasm.deletingPathExtension().lastPathComponent
        let work = try makeScratchDirectory("library-\(example.name)")
        let built = try await runProcess(bsAot.path, ["build", "--lib", wasm.path, "-o", "lib\(name).a"], in: work)
        #expect(built.status == 0, "bs-aot: \(built.stderrText)")
        #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent("\(name).h").path))
        try await runTool(
            Self.clang,
            ["-std=c11", "-Wall", "-Wextra", "-Werror", "-I", work.path, example.directory.appendingPathComponent("main.c").path,
             "-L", work.path, "-l\(name)", "-lm", "-pthread", "-o", "main"],
            in: work)
        let run = try await runProcess(work.appendingPathComponent("main").path, [], in: work)
        let expected = try String(contentsOf: example.directory.appendingPathComponent("expected-output.txt"), encoding: .utf8)
        #expect(run.exitedNormally && run.status == 0, "\(run.ending); stderr: \(run.stderrText)")
        #expect(run.stdoutText == expected)
        if example.name == "library" {
            #expect(run.stdoutText.contains("message \"integer divide by zero in divide\""))
            #expect(run.stdoutText.contains("without env.log: NULL, code 101, \"missing import env.log"))
        }
    }

    /// A module with WASI imports and an embedder import in one library, and a second library in
    /// the same program whose start function traps: fd_write reaches the process's stdout,
    /// proc_exit comes back as an error with its status (and the process goes on), the instance
    /// stays usable, an export named like the interface is renamed, an immutable global has no
    /// setter, and the trap in the start function is an error from `_new`.
    @Test func wasiModuleAndTrappingStartInOneProgram() async throws {
        let work = try makeScratchDirectory("library-wasi")
        let wasi = work.appendingPathComponent("wasi.wasm")
        try Data(try wat2wasm("""
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
              (import "host" "twice" (func $twice (param i64) (result i64)))
              (memory (export "mem") 1)
              (data (i32.const 16) "hi from wasi\\n")
              (func (export "hello") (result i32)
                (i32.store (i32.const 0) (i32.const 16))
                (i32.store (i32.const 4) (i32.const 13))
                (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
              (func (export "quit") (param i32) (call $proc_exit (local.get 0)))
              (func (export "twice") (param i64) (result i64) (call $twice (local.get 0)))
              (func (export "new") (result f64) (f64.const 1.5))
              (global (export "pi") f64 (f64.const 3.25)))
            """)).write(to: wasi)
        let start = work.appendingPathComponent("start.wasm")
        try Data(try wat2wasm("""
            (module $start
              (memory 1)
              (func $boom unreachable)
              (start $boom)
              (func (export "f")))
            """, options: EncodeOptions(nameSection: true))).write(to: start)
        let wasiLibrary = try await buildLibrary(
            from: wasi.path, to: work.appendingPathComponent("libw.a").path, name: nil, options: BuildOptions())
        #expect(wasiLibrary.name == "w")
        try await buildLibrary(from: start.path, to: work.appendingPathComponent("libst.a").path, name: "st", options: BuildOptions())
        let header = try String(contentsOfFile: wasiLibrary.header, encoding: .utf8)
        #expect(header.contains("w_error w_new_4(w_instance *instance, double *result);"))
        #expect(header.contains("double w_pi_get(w_instance *instance);") && !header.contains("w_pi_set"))
        #expect(header.contains("uint64_t (*host_twice)(void *user_data, w_instance *instance, uint64_t p0);"))

        try """
            #include <stdio.h>
            #include "w.h"
            #include "st.h"

            static uint64_t twice(void *user_data, w_instance *instance, uint64_t value) {
              (void)instance;
              ++*(int *)user_data;
              return value * 2;
            }

            int main(void) {
              setvbuf(stdout, NULL, _IONBF, 0); /* the module writes to descriptor 1 directly */
              int calls = 0;
              w_imports imports = {&calls, twice};
              w_error error;
              w_instance *w = w_new(&imports, &error);
              if (w == NULL) { printf("w_new: %s\\n", error.message); return 1; }
              uint32_t written = 0;
              error = w_hello(w, &written);
              printf("hello: code %d, fd_write returned %u, wrote %u bytes\\n", error.code, written, w_mem_data(w)[8]);
              error = w_quit(w, 7);
              printf("quit: code %d (W_ERROR_EXIT %d), status %u, \\"%s\\"\\n", error.code, W_ERROR_EXIT, error.exit_status, error.message);
              uint64_t doubled = 0;
              error = w_twice(w, 21, &doubled);
              printf("twice after exit: code %d, %llu, host calls %d\\n", error.code, (unsigned long long)doubled, calls);
              double value = 0;
              w_new_4(w, &value);
              printf("new export: %.1f, pi %.2f\\n", value, w_pi_get(w));
              w_delete(w);

              st_error start_error;
              st_instance *s = st_new(NULL, &start_error);
              printf("st_new: %s, code %d (ST_TRAP_UNREACHABLE %d), \\"%s\\"\\n", s == NULL ? "NULL" : "an instance",
                     start_error.code, ST_TRAP_UNREACHABLE, start_error.message);
              return 0;
            }
            """.write(to: work.appendingPathComponent("main.c"), atomically: true, encoding: .utf8)
        try await runTool(
            Self.clang,
            ["-std=c11", "-Wall", "-Wextra", "-Werror", "-I", work.path, "main.c", "-L", work.path, "-lw", "-lst", "-lm", "-pthread",
             "-o", "main"],
            in: work)
        let run = try await runProcess(work.appendingPathComponent("main").path, [], in: work)
        #expect(run.exitedNormally && run.status == 0, "\(run.ending); stderr: \(run.stderrText)")
        #expect(run.stdoutText == """
            hi from wasi
            hello: code 0, fd_write returned 0, wrote 13 bytes
            quit: code 100 (W_ERROR_EXIT 100), status 7, "proc_exit(7)"
            twice after exit: code 0, 42, host calls 1
            new export: 1.5, pi 3.25
            st_new: NULL, code 1 (ST_TRAP_UNREACHABLE 1), "unreachable in boom"

            """)
    }

    /// `bs-aot translate --lib`: the directory's `BUILD.sh` makes the archive with the system's
    /// tools alone, and the example links against it as against `build --lib`'s.
    @Test func translatedLibraryBuildsWithItsScript() async throws {
        let bsAot = try #require(bsAotExecutable)
        let example = repositoryRoot.appendingPathComponent("examples/library")
        let work = try makeScratchDirectory("library-translate")
        let translated = try await runProcess(
            bsAot.path, ["translate", "--lib", example.appendingPathComponent("calc.wasm").path, "-o", "out"], in: work)
        #expect(translated.status == 0, "bs-aot: \(translated.stderrText)")
        let out = work.appendingPathComponent("out")
        var environment = ProcessInfo.processInfo.environment
        environment["CC"] = Self.clang
        let script = try await runProcess("sh", ["BUILD.sh"], environment: environment, in: out, timeout: .seconds(900))
        #expect(script.status == 0, "BUILD.sh: \(script.stderrText)")
        try await runTool(
            Self.clang, ["-std=c11", "-I", out.path, example.appendingPathComponent("main.c").path, "-L", out.path, "-lcalc", "-lm",
                         "-pthread", "-o", "main"],
            in: work)
        let run = try await runProcess(work.appendingPathComponent("main").path, [], in: work)
        let expected = try String(contentsOf: example.appendingPathComponent("expected-output.txt"), encoding: .utf8)
        #expect(run.stdoutText == expected, "stderr: \(run.stderrText)")
    }

    /// What `--lib` refuses, each with one line and status 1, before compiling anything: a name
    /// that is not a C identifier, limits of the whole process, `--name` without `--lib`, and
    /// imports other than functions (the embedder supplies functions only).
    @Test func refusedOptionsAndImports() async throws {
        let bsAot = try #require(bsAotExecutable)
        let work = try makeScratchDirectory("library-refused")
        let calc = repositoryRoot.appendingPathComponent("examples/library/calc.wasm").path
        let global = work.appendingPathComponent("global.wasm")
        try Data(try wat2wasm(#"(module (import "env" "g" (global i32)) (func (export "f") (result i32) (global.get 0)))"#))
            .write(to: global)
        let cases: [([String], String)] = [
            (["build", "--lib", calc, "-o", "lib1calc.a"], "cannot take a C name for the library from 'lib1calc.a'"),
            (["build", "--lib", calc, "-o", "x.a", "--name", "bsrt_calc"], "'bsrt_calc' cannot name a library"),
            (["build", "--lib", calc, "-o", "libcalc.a", "--max-stack", "1MiB"], "--max-stack and --cpu-limit limit the whole process"),
            (["build", calc, "-o", "calc", "--name", "calc"], "--name applies only with --lib"),
            (["build", "--lib", global.path, "-o", "libg.a"], "a library's embedder supplies only functions; this module also imports env.g"),
        ]
        for (arguments, message) in cases {
            let result = try await runProcess(bsAot.path, arguments, in: work)
            #expect(result.status == 1, "\(arguments): \(result.ending)")
            #expect(result.stderrText.hasPrefix("bs-aot: error: ") && result.stderrText.contains(message), "\(arguments): \(result.stderrText)")
        }
        #expect(contents(of: work) == ["global.wasm"], "a refused build left files behind")
    }
}
