import Foundation
import Lowering
import Toolchain

/// What `buildLibrary(from:to:name:options:)` wrote.
public struct LibraryOutput: Sendable, Equatable {
    /// The C name of the library: the prefix of every declaration in its header.
    public var name: String
    /// The static library (`lib<name>.a`).
    public var archive: String
    /// The header beside it (`<name>.h`).
    public var header: String
}

/// The library name `bs-aot build --lib` takes from its output path when no `--name` is given:
/// `dir/libfoo.a` (or `foo.a`, or `foo`) gives `foo`.
/// - Throws: `PipelineError` when that is not a C identifier.
public func libraryName(forOutput outputPath: String) throws(PipelineError) -> String {
    var name = basename(outputPath)
    if name.hasSuffix(".a") { name = String(name.dropLast(2)) }
    if name.hasPrefix("lib") && name.count > 3 { name = String(name.dropFirst(3)) }
    guard isValidLibraryName(name) else {
        throw PipelineError(
            file: nil,
            message: "cannot take a C name for the library from '\(basename(outputPath))' (got '\(name)'); name it with --name")
    }
    return name
}

/// Checks the options a library can honour and its name.
private func checkLibrary(name: String, options: BuildOptions) throws(PipelineError) {
    guard isValidLibraryName(name) else {
        throw PipelineError(
            file: nil, message: "'\(name)' cannot name a library: use a C identifier (letters, digits, _) not starting with bsrt")
    }
    // These two change the process's rlimits, which in a library belong to the embedding program.
    if options.launch.limits.stackBytes != nil || options.launch.limits.cpuSeconds != nil {
        throw PipelineError(
            file: nil,
            message: "--max-stack and --cpu-limit limit the whole process; they are not available with --lib (the embedding program sets its own rlimits)")
    }
    if options.allowUnsupportedImports {
        throw PipelineError(
            file: nil, message: "--allow-unsupported-imports does not apply with --lib: the embedder supplies every import the runtime lacks")
    }
}

/// Builds the static library `outputPath` from the module at `wasmPath`: the module's objects
/// and the runtime's in one archive, and the header `<name>.h` beside it, through which a C
/// program creates instances, calls exports and supplies the host functions the module imports
/// (LibraryInterface.swift in Lowering describes the interface). `name` defaults to the one
/// `libraryName(forOutput:)` gives. Neither file is replaced unless the build succeeds.
/// - Throws: `PipelineError`.
@discardableResult
public func buildLibrary(from wasmPath: String, to outputPath: String, name: String?, options: BuildOptions) async throws
    -> LibraryOutput
{
    try checkOptimization(options.optimization)
    let name = try name ?? libraryName(forOutput: outputPath)
    try checkLibrary(name: name, options: options)
    let bytes = try readModule(wasmPath)
    let header = FileSystem.directory(of: outputPath) + "/\(name).h"
    for output in [outputPath, header] where sameFile(wasmPath, output) {
        throw PipelineError(file: wasmPath, message: "the output '\(output)' is the input file")
    }
    warnAboutMissingGrants(options.launch)
    let progress = ProgressLine(byteCount: bytes.count)
    defer { progress.finish() }
    var toolchain = try makeToolchain(options)
    toolchain.progress = progress.reporter
    toolchain.warnings = printWarnings
    let cModule = try translateToC(bytes, file: wasmPath, options: options, progress: progress, library: name)
    guard let interface = cModule.files.first(where: { $0.name == "\(name).h" }) else {
        throw PipelineError(file: wasmPath, message: "the translation wrote no \(name).h")
    }
    do {
        try await toolchain.buildStaticLibrary(
            sources: cModule.files.map { SourceFile(name: $0.name, contents: $0.contents) },
            output: outputPath, optimization: options.optimization, keepDirectory: options.keepCDirectory)
        try FileSystem.writeAtomically(interface.contents, to: header)
    } catch {
        throw PipelineError(error)
    }
    return LibraryOutput(name: name, archive: outputPath, header: header)
}

/// `translate --lib`: the library's C (the interface `<name>.h` and `<name>_lib.c` among it),
/// the runtime sources and a `BUILD.sh` that compiles everything with `-fPIC` and archives it
/// into `lib<name>.a`.
/// - Returns: the command that builds the library (run it in `directory`).
@discardableResult
public func translateLibrary(from wasmPath: String, toDirectory directory: String, name: String?, options: BuildOptions)
    async throws -> String
{
    try checkOptimization(options.optimization)
    let name = name ?? executableName(for: wasmPath)
    try checkLibrary(name: name, options: options)
    let bytes = try readModule(wasmPath)
    let progress = ProgressLine(byteCount: bytes.count)
    defer { progress.finish() }
    let cModule = try translateToC(bytes, file: wasmPath, options: options, progress: progress, library: name)
    let commands = Toolchain.libraryCommands(
        cFiles: cModule.units.map(\.name), output: "lib\(name).a", optimization: options.optimization)
    do {
        try FileSystem.createDirectories(directory)
        for file in cModule.files { try FileSystem.writeAtomically(file.contents, to: "\(directory)/\(file.name)") }
        FileSystem.removeTree("\(directory)/runtime-c")
        try RuntimeCache.writeRuntime(into: "\(directory)/runtime-c")
        let script = """
            #!/bin/sh
            # Builds the static library 'lib\(name).a' (with its header \(name).h, already here) from the C
            # that bs-aot translated from \(basename(wasmPath)). Set CC and AR to choose the tools.
            set -e
            cd "$(dirname "$0")"
            \(commands)

            """
        try FileSystem.writeAtomically(script, to: "\(directory)/BUILD.sh", mode: 0o755)
        try FileSystem.writeAtomically(
            "Build lib\(name).a with `sh BUILD.sh`; include \(name).h and link with lib\(name).a -lm -pthread.\n",
            to: "\(directory)/README.txt")
    } catch {
        throw PipelineError(error)
    }
    return "sh BUILD.sh"
}
