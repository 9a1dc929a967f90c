import Foundation
import Pipeline
import TestSupport
import Testing

/// One SIMD program of `Tests/WASIPrograms` (README "SIMD programs"): built natively with clang
/// and to wasm32-wasi with Zig's clang and `-msimd128` (plus `extraWasmFlags`), then with
/// bs-aot at `optimization`.
struct SIMDProgramCase: Sendable, CustomTestStringConvertible {
    var program: String
    var extraWasmFlags: [String] = []
    var optimization = "-O2"
    /// A proposal `bs-aot inspect` must find in the code, so the comparison is not vacuous.
    var feature: String

    var testDescription: String { "\(program) \(optimization)" }

    static let all: [SIMDProgramCase] = [
        SIMDProgramCase(program: "simd_autovec", feature: "simd"),
        SIMDProgramCase(program: "simd_intrinsics", extraWasmFlags: ["-mrelaxed-simd"], feature: "relaxed-simd"),
        // Unoptimised generated C calls every helper out of line.
        SIMDProgramCase(program: "simd_intrinsics", extraWasmFlags: ["-mrelaxed-simd"], optimization: "-O0",
                        feature: "relaxed-simd"),
    ]
}

/// SIMD C programs compiled to wasm with `-msimd128` (loops clang vectorises, and explicit
/// `<wasm_simd128.h>` intrinsics) and built with bs-aot must print exactly what the same
/// programs print built natively.
@Suite(.serialized)
struct SIMDProgramTests {
    @Test(arguments: SIMDProgramCase.all)
    func nativeAndBsAotAgree(_ testCase: SIMDProgramCase) async throws {
        let directory = try makeScratchDirectory("\(testCase.program)\(testCase.optimization)")
        let source = programsDirectory.appendingPathComponent("\(testCase.program).c")
        let native = directory.appendingPathComponent("\(testCase.program).native")
        let wasm = directory.appendingPathComponent("\(testCase.program).wasm")
        let aot = directory.appendingPathComponent(testCase.program)
        try await compileNatively(source, output: native, in: directory)
        try await zigAvailability.value.get()
        try await runTool(
            "python3",
            ["-m", "ziglang", "cc", "--target=wasm32-wasi", "-O2", "-msimd128"] + testCase.extraWasmFlags
                + ["-ffp-contract=off", source.path, "-o", wasm.path],
            in: directory)
        let description = try inspect(wasmPath: wasm.path)
        let codeFeatures = description.split(separator: "\n").first { $0.hasPrefix("features in code:") } ?? ""
        #expect(codeFeatures.contains(" \(testCase.feature)"), "the wasm does not use \(testCase.feature): \(codeFeatures)")
        var options = BuildOptions()
        options.optimization = testCase.optimization
        try await buildExecutable(from: wasm.path, to: aot.path, options: options)

        let expected = try await runProcess(native.path, [], in: directory)
        let actual = try await runProcess(aot.path, [], in: directory)
        #expect(expected.exitedNormally && expected.status == 0, "the native build ended with \(expected.ending)")
        #expect(actual.exitedNormally && actual.status == 0, "the bs-aot build ended with \(actual.ending): \(actual.stderrText)")
        let difference = firstDifference(expected: expected.stdout, actual: actual.stdout)
        #expect(difference == nil, "\(difference ?? "")")
        #expect(expected.stdout.count > 1000, "the program printed too little")
    }
}
