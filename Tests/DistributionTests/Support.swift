import Foundation
import TestSupport
import Testing
import WAT

// What the distribution tests share: building a module (WAT, a C program of
// Tests/WASIPrograms compiled with Zig's clang, or an example) with the `bs-aot` command line
// and the options under test, and the tools that check the result (ldd, qemu-aarch64).

/// The C programs the WASI tests use.
let programsDirectory = repositoryRoot.appendingPathComponent("Tests/WASIPrograms")

/// The `bs-aot` executable, or a failure saying how to get one.
func requireBsAot() throws -> URL {
    guard let command = bsAotExecutable else {
        throw SetupFailure(description: "no bs-aot executable beside the test bundle (run `swift build` first)")
    }
    return command
}

/// Writes the module `wat` assembles to `<directory>/<name>.wasm`.
func writeWAT(_ wat: String, named name: String, in directory: URL) throws -> URL {
    let wasm = directory.appendingPathComponent("\(name).wasm")
    try Data(try wat2wasm(wat, features: .all)).write(to: wasm)
    return wasm
}

/// Compiles `Tests/WASIPrograms/<name>.c` to wasm32-wasi with Zig's clang (`flags` added).
func compileProgram(_ name: String, flags: [String] = [], in directory: URL) async throws -> URL {
    let wasm = directory.appendingPathComponent("\(name).wasm")
    try await runTool(
        "python3",
        ["-m", "ziglang", "cc", "--target=wasm32-wasi", "-O2"] + flags
            + [programsDirectory.appendingPathComponent("\(name).c").path, "-o", wasm.path],
        in: directory)
    return wasm
}

/// `bs-aot build wasm -o <directory>/<name> options...`; a failed build fails the test with its
/// output.
func build(_ wasm: URL, _ name: String, options: [String], in directory: URL) async throws -> URL {
    let executable = directory.appendingPathComponent(name)
    try await runTool(try requireBsAot().path, ["build", wasm.path, "-o", executable.path] + options, in: directory)
    return executable
}

/// The path of `program` on `PATH`, or nil.
func findOnPath(_ program: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
        let candidate = "\(directory)/\(program)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

/// Runs `executable` with an empty environment (`env -i`), as a distributed program may be.
func runWithEmptyEnvironment(_ executable: String, _ arguments: [String] = [], in directory: URL) async throws
    -> ProcessResult
{
    try await runProcess("/usr/bin/env", ["-i", executable] + arguments, environment: [:], in: directory)
}
