import Foundation
import TestSupport
import Pipeline
import Testing

/// A program in `Tests/WASIPrograms/traps` and the trap it must end with.
struct TrapCase: Sendable, CustomTestStringConvertible {
    var program: String
    var reason: String
    var function: String
    /// Traps found by the guard pages (memory faults) name the function whose machine code
    /// faulted: when clang inlined the WASM function into its caller, that is the caller.
    var inlinedInto: String? = nil

    var testDescription: String { "\(program): \(reason)" }

    static let all: [TrapCase] = [
        TrapCase(
            program: "out_of_bounds", reason: "out of bounds memory access", function: "read_far_away",
            inlinedInto: "__original_main"),
        TrapCase(program: "divide_by_zero", reason: "integer divide by zero", function: "divide"),
        TrapCase(program: "unreachable", reason: "unreachable", function: "give_up"),
        TrapCase(program: "bad_indirect_call", reason: "indirect call type mismatch", function: "call_wrong_type"),
        TrapCase(program: "stack_overflow", reason: "call stack exhausted", function: "recurse"),
    ]
}

/// The exit status of an executable whose WASM code trapped (as `abort()` would give, but
/// reached through `exit`, never by dying from a signal).
let trapExitStatus: Int32 = 134

/// Traps are real behaviour: each program prints a line, flushes it, then traps. The executable
/// must exit with status 134 (not die from SIGSEGV/SIGFPE/SIGILL), keep what was printed, and
/// say `bs-aot: trap: <reason> in <function>` on stderr with the WASM function's name.
@Suite(.serialized)
struct TrapTests {
    @Test(arguments: TrapCase.all)
    func trapsWithMessageAndStatus(_ testCase: TrapCase) async throws {
        let directory = try makeScratchDirectory("trap-\(testCase.program)")
        let source = programsDirectory.appendingPathComponent("traps/\(testCase.program).c")
        let wasm = directory.appendingPathComponent("\(testCase.program).wasm")
        let executable = directory.appendingPathComponent(testCase.program)
        try await compileToWasm(source, output: wasm, in: directory)
        try await buildExecutable(from: wasm.path, to: executable.path, options: BuildOptions())

        let result = try await runProcess(executable.path, [], in: directory, timeout: .seconds(120))
        #expect(result.exitedNormally, "ended with \(result.ending), not an exit; stderr: \(result.stderrText)")
        #expect(result.status == trapExitStatus, "exit status \(result.status); stderr: \(result.stderrText)")
        #expect(result.stdoutText == "before the trap\n", "stdout: \(result.stdoutText.debugDescription)")

        let prefix = "bs-aot: trap: \(testCase.reason) in "
        let line = result.stderrText.split(separator: "\n").first { $0.contains(prefix) }
        #expect(line != nil, "stderr lacks '\(prefix)<function>': \(result.stderrText.debugDescription)")
        if let line, let range = line.range(of: prefix) {
            let function = line[range.upperBound...]
            let named = function.contains(testCase.function) || testCase.inlinedInto.map { function.contains($0) } == true
            #expect(named, "the trap names '\(function)', expected the WASM function '\(testCase.function)'")
        }
    }

    /// `bs-aot build -g` on a program compiled with `-g`: the trap names the source file and line
    /// of the faulting expression (from the module's DWARF), and a backtrace of WebAssembly
    /// functions follows, innermost first.
    @Test(arguments: [
        ("divide_by_zero", "integer divide by zero", "divide", 4),
        ("out_of_bounds", "out of bounds memory access", "read_far_away", 7),
    ])
    func trapsNameTheSourceLineWithDebugInfo(_ program: String, _ reason: String, _ function: String, _ line: Int) async throws {
        let directory = try makeScratchDirectory("trap-g-\(program)")
        let source = programsDirectory.appendingPathComponent("traps/\(program).c")
        let wasm = directory.appendingPathComponent("\(program).wasm")
        let executable = directory.appendingPathComponent(program)
        try await compileToWasm(source, output: wasm, in: directory, extraFlags: ["-g"])
        var options = BuildOptions()
        options.sourceLocations = true
        try await buildExecutable(from: wasm.path, to: executable.path, options: options)
        let result = try await runProcess(executable.path, [], in: directory, timeout: .seconds(120))
        #expect(result.exitedNormally && result.status == trapExitStatus, "\(result.ending); \(result.stderrText)")
        let lines = result.stderrText.split(separator: "\n").map(String.init)
        #expect(lines.first == "bs-aot: trap: \(reason) in \(function) (\(program).c:\(line))", "\(result.stderrText)")
        #expect(lines.dropFirst().first == "  at \(function)", "\(result.stderrText)")
        #expect(lines.contains { $0.hasPrefix("  at ") && $0.contains("main") }, "\(result.stderrText)")
    }
}
