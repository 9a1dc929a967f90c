import Foundation
import TestSupport
import Testing

// What NetworkTests and EpollTests share: several tests run the same net_*.c program, and
// Swift Testing runs them in parallel, while buildWASIXProgram builds into a directory named
// after the program alone. So each (program, options) is built once, into a directory named
// for both, and every run gets a fresh working directory of its own (grants such as
// `--dir sandbox::sandbox` are relative to it).

/// Builds of the network programs, one per (program, options), shared by all tests.
private actor NetworkProgramBuilds {
    static let shared = NetworkProgramBuilds()
    private var builds: [String: Task<URL, Error>] = [:]

    func executable(_ name: String, options: [String]) async throws -> URL {
        let key = ([name] + options).joined(separator: " ")
        if let build = builds[key] { return try await build.value }
        let label = "\(name)-\(builds.count)"
        let build = Task { try await buildNetworkProgram(name, options: options, label: label) }
        builds[key] = build
        return try await build.value
    }
}

/// Compiles `Tests/WASIXPrograms/<name>.c` and builds it with `bs-aot build` and `options`
/// in the scratch directory `wasix-net-<label>`.
private func buildNetworkProgram(_ name: String, options: [String], label: String) async throws -> URL {
    let bsAot = try requireBsAot()
    let directory = try makeScratchDirectory("wasix-net-\(label)")
    let wasm = directory.appendingPathComponent("\(name).wasm")
    try await runTool(
        "python3", ["-m", "ziglang", "cc", "--target=wasm32-wasi", "-O2", "-I", wasixProgramsDirectory.path,
                    wasixProgramsDirectory.appendingPathComponent("\(name).c").path, "-o", wasm.path], in: directory)
    let executable = directory.appendingPathComponent(name)
    try await runTool(bsAot.path, ["build", wasm.path, "-o", executable.path] + options, in: directory)
    return executable
}

/// The network program `name` built with `options`, and a fresh, empty working directory to
/// run it in (with an empty `sandbox/` inside).
func networkProgram(_ name: String, options: [String] = []) async throws -> (directory: URL, executable: URL) {
    let executable = try await NetworkProgramBuilds.shared.executable(name, options: options)
    let directory = try makeScratchDirectory("wasix-net-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
        at: directory.appendingPathComponent("sandbox"), withIntermediateDirectories: true)
    return (directory, executable)
}
