import Foundation
import TestSupport
import Pipeline
import Testing

/// One run of a program from `Tests/WASIPrograms`: its arguments and standard input, and the exit
/// status the native build must give (a check on the program itself).
struct ProgramCase: Sendable, CustomTestStringConvertible {
    var program: String
    var arguments: [String] = []
    var stdin = Data()
    var expectedStatus: Int32 = 0
    /// The optimisation level bs-aot compiles the generated C with.
    var optimization = "-O2"
    /// Built with AddressSanitizer and UndefinedBehaviorSanitizer (the runtime and the
    /// generated C alike), which must find nothing.
    var sanitized = false
    var label: String? = nil

    var testDescription: String { label.map { "\(program) (\($0))" } ?? program }

    /// Every program once, and the programs that read input or exit early in several ways.
    static let all: [ProgramCase] = [
        ProgramCase(program: "loops"),
        ProgramCase(program: "recursion"),
        ProgramCase(program: "linked_list"),
        ProgramCase(program: "function_pointers"),
        ProgramCase(program: "floats"),
        ProgramCase(program: "sorting"),
        ProgramCase(program: "strings"),
        ProgramCase(program: "hashmap"),
        ProgramCase(program: "bits64"),
        ProgramCase(program: "interpreter"),
        ProgramCase(
            program: "args_env", arguments: ["first", "two words", "", "ünïcödé ✓", "--flag=value", "-"]),
        ProgramCase(
            program: "stdin_filter", stdin: Data("Hello World\nthe quick brown fox\n\n  spaced   out  \nno newline".utf8),
            label: "short text"),
        ProgramCase(program: "stdin_filter", stdin: generatedText(bytes: 200_000), label: "200 KB"),
        ProgramCase(program: "stdin_filter", label: "empty input"),
        ProgramCase(program: "exit_code", arguments: ["7"], expectedStatus: 7, label: "exit(7)"),
        ProgramCase(program: "exit_code", arguments: ["0"], expectedStatus: 0, label: "exit(0)"),
        ProgramCase(program: "exit_code", arguments: ["255"], expectedStatus: 255, label: "exit(255)"),
        ProgramCase(program: "return_code", expectedStatus: 42),
        // The other optimisation levels of the generated C must not change behaviour either.
        ProgramCase(program: "floats", optimization: "-O0", label: "-O0"),
        ProgramCase(program: "bits64", optimization: "-O1", label: "-O1"),
        ProgramCase(program: "recursion", optimization: "-O3", label: "-O3"),
    ] + ["loops", "linked_list", "function_pointers", "floats", "sorting", "strings", "hashmap", "interpreter"].map {
        ProgramCase(program: $0, sanitized: true, label: "ASan+UBSan")
    }
}

/// The C compiler command for sanitized builds, and what the sanitizers need to know at run time:
/// the runtime's own handler takes SIGSEGV and SIGBUS (guard pages), so neither sanitizer may.
// lld: gold warns about every ASan symbol it cannot export.
let sanitizingCompiler = "clang -fsanitize=address,undefined -fno-sanitize-recover=undefined -fuse-ld=lld"
let sanitizerEnvironment = [
    "ASAN_OPTIONS": "handle_segv=0:handle_sigbus=0:allow_user_segv_handler=1:detect_leaks=1",
    "UBSAN_OPTIONS": "handle_segv=0:handle_sigbus=0:halt_on_error=1:print_stacktrace=1",
]

/// The environment both builds run with: fixed, so `args_env` prints the same thing each time.
let programEnvironment = [
    "BSAOT_GREETING": "hello there", "BSAOT_EMPTY": "", "BSAOT_UNICODE": "größe ✓ =x=",
    "LANG": "C", "PATH": "/usr/bin:/bin", "HOME": "/nonexistent",
]

/// Deterministic lines of words, about `bytes` long.
func generatedText(bytes: Int) -> Data {
    let words = ["alpha", "Beta", "gamma", "delta", "EPSILON", "zeta", "eta", "theta", "iota", "kappa", "λ", "123"]
    var state: UInt32 = 12345
    var text = ""
    var line = ""
    while text.utf8.count < bytes {
        state = state &* 1_103_515_245 &+ 12345
        line += (line.isEmpty ? "" : " ") + words[Int(state >> 16) % words.count]
        if (state >> 8) % 9 == 0 {
            text += line + "\n"
            line = ""
        }
    }
    return Data(text.utf8)
}

/// The native and the bs-aot executable of one program, built once per test run.
struct BuiltProgram: Sendable {
    var native: URL
    var aot: URL
    var directory: URL
}

/// Builds each program once however many cases run it.
actor ProgramBuilds {
    static let shared = ProgramBuilds()
    private var builds: [String: Task<BuiltProgram, any Error>] = [:]

    func build(_ program: String, optimization: String, sanitized: Bool = false) async throws -> BuiltProgram {
        let key = "\(program)\(optimization)\(sanitized ? "+sanitized" : "")"
        if let existing = builds[key] { return try await existing.value }
        let task = Task { try await Self.buildNow(program, optimization: optimization, sanitized: sanitized) }
        builds[key] = task
        return try await task.value
    }

    /// Native build with clang, wasm32-wasi build with Zig, then bs-aot on the wasm. Both
    /// executables get the program's name (in different folders), so argv[0] matches.
    private static func buildNow(_ program: String, optimization: String, sanitized: Bool) async throws -> BuiltProgram {
        let directory = try makeScratchDirectory("\(program)\(optimization)\(sanitized ? "-sanitized" : "")")
        let source = programsDirectory.appendingPathComponent("\(program).c")
        let nativeDirectory = directory.appendingPathComponent("native")
        let aotDirectory = directory.appendingPathComponent("bs-aot")
        for folder in [nativeDirectory, aotDirectory] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let native = nativeDirectory.appendingPathComponent(program)
        let wasm = directory.appendingPathComponent("\(program).wasm")
        let aot = aotDirectory.appendingPathComponent(program)
        try await compileNatively(source, output: native, in: directory)
        try await compileToWasm(source, output: wasm, in: directory)
        var options = BuildOptions()
        options.optimization = optimization
        if sanitized { options.compiler = sanitizingCompiler }
        try await buildExecutable(from: wasm.path, to: aot.path, options: options)
        return BuiltProgram(native: native, aot: aot, directory: directory)
    }
}

/// Each C program compiled natively and through wasm32-wasi + bs-aot must print byte-identical
/// stdout and exit with the same status, given the same arguments, stdin and environment.
@Suite(.serialized)
struct WASIProgramTests {
    @Test(arguments: ProgramCase.all)
    func nativeAndBsAotAgree(_ testCase: ProgramCase) async throws {
        let built = try await ProgramBuilds.shared.build(
            testCase.program, optimization: testCase.optimization, sanitized: testCase.sanitized)
        let native = try await runProcess(
            built.native.path, testCase.arguments, stdin: testCase.stdin, environment: programEnvironment,
            in: built.directory)
        let aot = try await runProcess(
            built.aot.path, testCase.arguments, stdin: testCase.stdin,
            environment: testCase.sanitized ? programEnvironment.merging(sanitizerEnvironment) { $1 } : programEnvironment,
            in: built.directory)

        #expect(
            native.exitedNormally && native.status == testCase.expectedStatus,
            "the native build itself ended with \(native.ending), expected \(testCase.expectedStatus)")
        #expect(aot.exitedNormally, "bs-aot build ended with \(aot.ending); stderr: \(aot.stderrText)")
        #expect(
            aot.status == native.status,
            "exit status: native \(native.status), bs-aot \(aot.status); bs-aot stderr: \(aot.stderrText)")
        let difference = firstDifference(expected: native.stdout, actual: aot.stdout)
        #expect(difference == nil, "\(difference ?? "")")
        #expect(native.stdout.count > 0, "the program printed nothing")
    }
}
