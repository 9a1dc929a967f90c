import Foundation
import Pipeline
import TestSupport
import Testing

/// How clang encodes C++ exceptions for WebAssembly.
enum CxxExceptionEncoding: String, CaseIterable, Sendable {
    /// `try`, `catch`, `rethrow`: clang's default.
    case legacy
    /// `try_table`, `throw_ref`, exnref (Wasm 3.0).
    case exnref

    var flags: [String] {
        let common = ["--target=wasm32-wasi", "-mcpu=generic+exception_handling", "-fwasm-exceptions", "-O2"]
        return self == .legacy ? common : common + ["-mllvm", "-wasm-use-legacy-eh=false"]
    }
}

/// A C++ program that throws and catches across functions (class hierarchies, rethrow,
/// destructors run while unwinding, catch(...), exceptions from constructors and through
/// function pointers, 100000 throws in a loop), compiled natively and to wasm32-wasi with
/// exceptions, then built with bs-aot: both executables must print the same. See
/// Tests/WASIPrograms/cxx/README.md for why the C++ runtime's exception parts are compiled here.
@Suite(.serialized)
struct CxxExceptionTests {
    @Test(arguments: CxxExceptionEncoding.allCases)
    func nativeAndBsAotAgree(_ encoding: CxxExceptionEncoding) async throws {
        try await zigAvailability.value.get()
        let sources = programsDirectory.appendingPathComponent("cxx")
        let directory = try makeScratchDirectory("cxx-exceptions-\(encoding.rawValue)")
        let zigLib = try await zigLibraryDirectory(in: directory)

        var objects: [String] = []
        let abiFlags = [
            "-I", zigLib + "/libcxxabi/include", "-I", zigLib + "/libcxx/src", "-D_LIBCXXABI_BUILDING_LIBRARY",
            "-D_LIBCPP_BUILDING_LIBRARY", "-D_LIBCXXABI_HAS_NO_THREADS",
        ]
        for unit in ["cxa_exception", "cxa_personality"] {
            let object = directory.appendingPathComponent("\(unit).o").path
            try await runTool(
                "python3", ["-m", "ziglang", "c++"] + encoding.flags + abiFlags
                    + ["-c", zigLib + "/libcxxabi/src/\(unit).cpp", "-o", object], in: directory)
            objects.append(object)
        }
        let unwind = directory.appendingPathComponent("unwind.o").path
        try await runTool(
            "python3", ["-m", "ziglang", "cc"] + encoding.flags
                + ["-I", zigLib + "/libunwind/include", "-D_LIBUNWIND_HIDE_SYMBOLS", "-w",
                   "-c", zigLib + "/libunwind/src/Unwind-wasm.c", "-o", unwind], in: directory)
        let tag = directory.appendingPathComponent("tag.o").path
        try await runTool(
            "python3", ["-m", "ziglang", "cc"] + encoding.flags
                + ["-c", sources.appendingPathComponent("cpp_exception_tag.S").path, "-o", tag], in: directory)
        objects += [unwind, tag]

        let program = sources.appendingPathComponent("exceptions.cpp").path
        let wasm = directory.appendingPathComponent("exceptions.wasm")
        try await runTool(
            "python3", ["-m", "ziglang", "c++"] + encoding.flags + [program] + objects + ["-o", wasm.path], in: directory)
        let aot = directory.appendingPathComponent("exceptions")
        try await buildExecutable(from: wasm.path, to: aot.path, options: BuildOptions())
        let native = directory.appendingPathComponent("exceptions-native")
        try await runTool("clang++", ["-O2", program, "-o", native.path], in: directory)

        let expected = try await runProcess(native.path, [], in: directory)
        let actual = try await runProcess(aot.path, [], in: directory)
        #expect(expected.exitedNormally && expected.status == 0, "the native build ended with \(expected.ending)")
        #expect(actual.exitedNormally && actual.status == 0, "bs-aot build ended with \(actual.ending); stderr: \(actual.stderrText)")
        let difference = firstDifference(expected: expected.stdout, actual: actual.stdout)
        #expect(difference == nil, "\(difference ?? "")")
        #expect(expected.stdoutText.contains("loop of throws: 50000"))
        // The wasm really uses the encoding asked for.
        let features = try inspect(wasmPath: wasm.path)
        #expect(features.contains(encoding == .legacy ? "legacy-exceptions" : "exception-handling"), "\(features)")
        if encoding == .exnref { #expect(!features.contains("legacy-exceptions"), "\(features)") }
    }

    /// `<ziglang package>/lib`, where Zig keeps the libc++abi and libunwind sources.
    private func zigLibraryDirectory(in directory: URL) async throws -> String {
        let result = try await runProcess(
            "python3", ["-c", "import ziglang, os; print(os.path.dirname(ziglang.__file__))"], in: directory)
        let package = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, !package.isEmpty else {
            throw SetupFailure(description: "cannot locate the ziglang package: \(result.stderrText)")
        }
        return package + "/lib"
    }
}
