import Foundation
import TestSupport
import Testing

// What the tests of programs that use files, grants, the environment and polling share: the
// `bs-aot` command line (these tests build with `--dir`/`--env`), a runner, a listing of a
// directory tree, and the wasmtime reference runner (Tests/WASIPrograms/wasmtime_run.py).

/// The `bs-aot` executable, or a failure saying how to get one.
func requireBsAot() throws -> URL {
    guard let command = bsAotExecutable else {
        throw SetupFailure(description: "no bs-aot executable beside the test bundle (run `swift build` first)")
    }
    return command
}

/// How a run ended and what it printed (stdout and stderr kept apart).
typealias RunResult = ProcessResult

/// Runs `executable` (a path, or a command looked up in `PATH`) with `arguments` in
/// `directory` (its working directory), feeding `stdin` (/dev/null by default), with exactly
/// `environment` (nil: this process's). No shell in between: a shell would add variables (PWD)
/// to the environment.
func runInDirectory(
    _ executable: String, _ arguments: [String], stdin: StandardInput = .empty, environment: [String: String]? = nil,
    in directory: URL, timeout: Duration = .seconds(300)
) async throws -> RunResult {
    try await runProcess(executable, arguments, input: stdin, environment: environment, in: directory, timeout: timeout)
}

/// Every entry under `root`, one line each, sorted: the relative path, then `dir`,
/// `file <size> <FNV-1a 64 of the contents>` or `link -> <target>`. Modes, owners and times are
/// left out: the two builds create files with different default modes.
func listTree(_ root: URL) throws -> String {
    let manager = FileManager.default
    var lines: [String] = []
    func walk(_ relative: String) throws {
        let url = relative.isEmpty ? root : root.appendingPathComponent(relative)
        for name in try manager.contentsOfDirectory(atPath: url.path).sorted() {
            let path = relative.isEmpty ? name : relative + "/" + name
            let full = root.appendingPathComponent(path).path
            let attributes = try manager.attributesOfItem(atPath: full)
            switch attributes[.type] as? FileAttributeType {
            case .typeSymbolicLink?:
                lines.append("\(path) link -> \(try manager.destinationOfSymbolicLink(atPath: full))")
            case .typeDirectory?:
                lines.append("\(path) dir")
                try walk(path)
            default:
                let data = try Data(contentsOf: URL(fileURLWithPath: full))
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                for byte in data { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
                lines.append("\(path) file \(data.count) \(String(hash, radix: 16))")
            }
        }
    }
    try walk("")
    return lines.joined(separator: "\n")
}

/// Creates the files every program finds in its working directory at start:
/// `input.txt` ("line one\nline two\nline three\n") and `sub/inner.txt` ("inner\n").
func seedStartingTree(in directory: URL) throws {
    try Data("line one\nline two\nline three\n".utf8).write(to: directory.appendingPathComponent("input.txt"))
    let sub = directory.appendingPathComponent("sub")
    try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
    try Data("inner\n".utf8).write(to: sub.appendingPathComponent("inner.txt"))
}

/// `Tests/WASIPrograms/wasmtime_run.py`: runs a module under wasmtime-py with the options of a
/// bs-aot executable (`--dir`, `--env`, `--no-inherit-env`).
let wasmtimeRunner = programsDirectory.appendingPathComponent("wasmtime_run.py")

/// The Python interpreter `python3` names in this test process's `PATH`, as an absolute path
/// (`sys.executable`, past any pyenv shim), so runs with a fixed environment (whose `PATH` may
/// find another Python) still get the one where wasmtime is installed. Nil when wasmtime cannot
/// be imported: tests that compare with wasmtime then skip that comparison, with a message.
let wasmtimePython: Task<String?, Never> = Task {
    let result = try? await runProcess(
        "python3", ["-c", "import sys, wasmtime; print(sys.executable)"], in: FileManager.default.temporaryDirectory,
        timeout: .seconds(120))
    if let result, result.exitedNormally, result.status == 0 {
        let path = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        if !path.isEmpty { return path }
    }
    recordSkip("WASITests: comparisons with wasmtime", reason: "`import wasmtime` fails (pip install 'wasmtime==50.*')")
    return nil
}

/// Runs `wasm` under wasmtime with the same grants, environment options and arguments as a
/// bs-aot executable built with `buildOptions` (only `--dir`, `--env` and `--no-inherit-env` are
/// passed on); argv[0] is `argv0`. Nil when wasmtime is unavailable.
func runUnderWasmtime(
    _ wasm: URL, buildOptions: [String], argv0: String, _ arguments: [String], stdin: StandardInput = .empty,
    environment: [String: String]? = nil, in directory: URL, cache: URL? = nil, timeout: Duration = .seconds(300)
) async throws -> RunResult? {
    guard let python = await wasmtimePython.value else { return nil }
    var options: [String] = []
    var index = 0
    while index < buildOptions.count {
        let option = buildOptions[index]
        if option == "--no-inherit-env" {
            options.append(option)
        } else if option == "--dir" || option == "--env", index + 1 < buildOptions.count {
            options += [option, buildOptions[index + 1]]
            index += 1
        }
        index += 1
    }
    options += ["--argv0", argv0]
    if let cache { options += ["--cache", cache.path] }
    return try await runInDirectory(
        python, [wasmtimeRunner.path] + options + [wasm.path, "--"] + arguments, stdin: stdin,
        environment: environment, in: directory, timeout: timeout)
}

/// A program of `Tests/WASIPrograms` built natively (unless `nativeToo` is false) and as wasm,
/// and through `bs-aot build prog.wasm -o prog <buildOptions>`.
struct GrantedBuild: Sendable {
    var native: URL?
    var wasm: URL
    var aot: URL
    var buildOptions: [String]
}

/// Builds each (program, options) pair once however many cases run it.
actor GrantedBuilds {
    static let shared = GrantedBuilds()
    private var builds: [String: Task<GrantedBuild, any Error>] = [:]

    func build(_ program: String, options: [String], nativeToo: Bool = true) async throws -> GrantedBuild {
        let key = ([program] + options).joined(separator: "\u{0}")
        if let existing = builds[key] { return try await existing.value }
        let index = builds.count
        let task = Task { try await Self.buildNow(program, options: options, nativeToo: nativeToo, index: index) }
        builds[key] = task
        return try await task.value
    }

    private static func buildNow(_ program: String, options: [String], nativeToo: Bool, index: Int) async throws
        -> GrantedBuild
    {
        let bsAot = try requireBsAot()
        let directory = try makeScratchDirectory("granted-\(program)-\(index)")
        let source = programsDirectory.appendingPathComponent("\(program).c")
        let wasm = directory.appendingPathComponent("\(program).wasm")
        var native: URL? = nil
        if nativeToo {
            let nativeDirectory = directory.appendingPathComponent("native")
            try FileManager.default.createDirectory(at: nativeDirectory, withIntermediateDirectories: true)
            let executable = nativeDirectory.appendingPathComponent(program)
            try await compileNatively(source, output: executable, in: directory)
            native = executable
        }
        try await compileToWasm(source, output: wasm, in: directory)
        let aotDirectory = directory.appendingPathComponent("bs-aot")
        try FileManager.default.createDirectory(at: aotDirectory, withIntermediateDirectories: true)
        let aot = aotDirectory.appendingPathComponent(program)
        try await runTool(bsAot.path, ["build", wasm.path, "-o", aot.path] + options, in: directory)
        return GrantedBuild(native: native, wasm: wasm, aot: aot, buildOptions: options)
    }
}

/// The first difference between two runs' stdout, naming the runners, or nil when equal.
func describeDifference(_ expectedName: String, _ expected: Data, _ actualName: String, _ actual: Data) -> String? {
    guard let difference = firstDifference(expected: expected, actual: actual) else { return nil }
    return difference.replacingOccurrences(of: "native", with: expectedName)
        .replacingOccurrences(of: "bs-aot", with: actualName)
}

/// One run of a program of `Tests/WASIPrograms` in a fresh working directory granted to it.
struct DirectoryCase: Sendable, CustomTestStringConvertible {
    var program: String
    var arguments: [String] = []
    var stdin: StandardInput = .empty
    var expectedStatus: Int32 = 0
    /// Whether wasmtime must give the same stdout, status and tree too. False where wasmtime is
    /// known to differ from native behaviour (the reason is on the case).
    var wasmtimeAgrees = true
    /// True when the program's standard output is empty by design (else empty output fails).
    var printsNothing = false
    var label: String? = nil

    var testDescription: String { label.map { "\(program) (\($0))" } ?? program }
}

/// Builds `testCase.program` natively and with `bs-aot build prog.wasm -o prog --dir .`, runs
/// each in its own fresh directory seeded by `seedStartingTree`, and expects the same stdout,
/// exit status and resulting directory tree; then, when wasmtime is available and
/// `wasmtimeAgrees`, the same from wasmtime with `--dir .`.
func expectSameAsNative(_ testCase: DirectoryCase) async throws {
    let built = try await GrantedBuilds.shared.build(testCase.program, options: ["--dir", "."])
    let native = try #require(built.native)
    let name = testCase.testDescription.replacingOccurrences(of: " ", with: "_")
    let nativeDirectory = try makeScratchDirectory("\(name)-native")
    let aotDirectory = try makeScratchDirectory("\(name)-bs-aot")
    for directory in [nativeDirectory, aotDirectory] { try seedStartingTree(in: directory) }
    let expected = try await runInDirectory(
        native.path, testCase.arguments, stdin: testCase.stdin, environment: programEnvironment, in: nativeDirectory)
    let actual = try await runInDirectory(
        built.aot.path, testCase.arguments, stdin: testCase.stdin, environment: programEnvironment, in: aotDirectory)

    #expect(
        expected.exitedNormally && expected.status == testCase.expectedStatus,
        "the native build itself ended with \(expected.ending), expected \(testCase.expectedStatus)")
    #expect(testCase.printsNothing || expected.stdout.count > 0, "the program printed nothing natively")
    #expect(actual.exitedNormally, "bs-aot build ended with \(actual.ending); stderr: \(actual.stderrText)")
    #expect(
        actual.status == expected.status,
        "exit status: native \(expected.status), bs-aot \(actual.status); bs-aot stderr: \(actual.stderrText)")
    let difference = describeDifference("native", expected.stdout, "bs-aot", actual.stdout)
    #expect(difference == nil, "\(difference ?? "")")
    let expectedTree = try listTree(nativeDirectory)
    let actualTree = try listTree(aotDirectory)
    #expect(actualTree == expectedTree, "directory trees differ:\nnative:\n\(expectedTree)\nbs-aot:\n\(actualTree)")

    guard testCase.wasmtimeAgrees else { return }
    let wasmtimeDirectory = try makeScratchDirectory("\(name)-wasmtime")
    try seedStartingTree(in: wasmtimeDirectory)
    guard
        let reference = try await runUnderWasmtime(
            built.wasm, buildOptions: built.buildOptions, argv0: testCase.program, testCase.arguments,
            stdin: testCase.stdin, environment: programEnvironment, in: wasmtimeDirectory)
    else { return }
    #expect(
        reference.exitedNormally && reference.status == expected.status,
        "wasmtime ended with \(reference.ending); stderr: \(reference.stderrText)")
    let wasmtimeDifference = describeDifference("native", expected.stdout, "wasmtime", reference.stdout)
    #expect(wasmtimeDifference == nil, "\(wasmtimeDifference ?? "")")
    let wasmtimeTree = try listTree(wasmtimeDirectory)
    #expect(wasmtimeTree == expectedTree, "directory trees differ:\nnative:\n\(expectedTree)\nwasmtime:\n\(wasmtimeTree)")
}
