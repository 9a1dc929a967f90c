#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Lowering
import Toolchain
import WasmModule

/// Options of `buildExecutable(from:to:options:)` and `translate(from:toDirectory:options:)`.
public struct BuildOptions: Sendable {
    /// The C optimisation flag for generated code: `-O0`, `-O1`, `-O2` (default) or `-O3`.
    public var optimization: String = "-O2"
    /// The C compiler (`--cc`); `nil` for `$CC`, then `clang`, then `cc`.
    public var compiler: String?
    /// Where to keep the generated C (`--keep-c`); `nil` to discard it.
    public var keepCDirectory: String?
    /// Build modules with imports the runtime lacks; each such import traps when called.
    public var allowUnsupportedImports = false
    /// Parallel compiler processes (`--jobs`); `nil` for the number of cores.
    public var jobs: Int?
    /// `-g`: `#line` directives and trap messages from the module's DWARF, C debug information,
    /// and a backtrace of WebAssembly functions when a trap ends the program.
    public var sourceLocations = false
    /// Directory grants and environment baked into the executable (`--dir`, `--env`,
    /// `--no-inherit-env`).
    public var launch = LaunchConfig()
    /// The target triple (`--target`, e.g. `aarch64-linux-gnu`); `nil` for the host.
    public var target: String?
    /// The target's sysroot (`--sysroot`); `nil` for the compiler's default (Debian's `/usr/TRIPLE`).
    public var sysroot: String?
    /// The CPU to generate code for (`--cpu`); `nil` for the architecture's portable baseline.
    public var cpu: String?
    /// Link a fully static executable (`--static`).
    public var linkStatically = false

    /// The target and the kind of link these options ask for.
    /// - Throws: `PipelineError` for a target the runtime does not support.
    func platform() throws(PipelineError) -> TargetPlatform {
        do {
            let triple = try target.map { (text) throws(ToolchainError) in try TargetPlatform.normalize(text) }
            // A sysroot alone means the host's triple against that sysroot.
            return TargetPlatform(
                triple: triple ?? (sysroot != nil ? TargetPlatform.hostTriple : nil), sysroot: sysroot,
                linkStatically: linkStatically, cpu: cpu)
        } catch {
            throw PipelineError(error)
        }
    }

    /// More flags for the generated C: `-g` keeps every WebAssembly function a native frame of
    /// its own (no inlining between them), so backtraces and debuggers show each.
    var generatedCodeFlags: [String] { sourceLocations ? ["-g", "-fno-omit-frame-pointer", "-fno-inline-functions"] : [] }
    /// More flags for the link: `-g`'s backtraces read the executable's own symbols.
    var linkFlags: [String] { sourceLocations ? ["-rdynamic"] : [] }

    /// The defaults: `-O2`, the default compiler, no kept C, unsupported imports refused.
    public init() {}
}

/// The optimisation flags `BuildOptions.optimization` accepts.
public let optimizationLevels = ["-O0", "-O1", "-O2", "-O3"]

/// Builds the native executable `outputPath` from the module at `wasmPath`: decode, validate and
/// lower to C, then compile and link with the runtime. `outputPath` is replaced only when
/// everything succeeded; a failed build leaves no output file.
/// - Throws: `PipelineError`, one line naming the file and the problem (plus compiler output).
public func buildExecutable(from wasmPath: String, to outputPath: String, options: BuildOptions) async throws {
    try checkOptimization(options.optimization)
    let bytes = try readModule(wasmPath)
    // Like a C compiler, never replace the input with the output.
    if sameFile(wasmPath, outputPath) {
        throw PipelineError(file: wasmPath, message: "the output '\(outputPath)' is the input file")
    }
    warnAboutMissingGrants(options.launch)
    guard options.keepCDirectory == nil else {
        try await build(bytes, file: wasmPath, to: outputPath, options: options)
        return
    }
    // The executable is built into the cache `run` uses (keyed by the module, the options and
    // bs-aot itself) and copied out: a rebuild with nothing changed is a hash and a copy.
    do {
        try Toolchain.checkWritableDirectory(of: outputPath)
    } catch {
        throw PipelineError(error)
    }
    let cached = try await cachedExecutable(bytes, file: wasmPath, options: options)
    do {
        try FileSystem.copyAtomically(cached, to: outputPath, mode: 0o755)
    } catch {
        throw PipelineError(error)
    }
}

/// A granted directory is opened when the executable starts, possibly on another machine, so
/// one missing here is not an error; but it is usually a typo, so say so.
func warnAboutMissingGrants(_ launch: LaunchConfig) {
    for grant in launch.grants {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: grant.hostPath, isDirectory: &isDirectory) || !isDirectory.boolValue {
            printWarnings(
                "bs-aot: warning: granted directory '\(grant.hostPath)' is not a directory here; the executable will not start where it is missing")
        }
    }
}

/// Translates `bytes` (read from `file`) and compiles and links them into `outputPath`.
private func build(_ bytes: [UInt8], file wasmPath: String, to outputPath: String, options: BuildOptions) async throws {
    let progress = ProgressLine(byteCount: bytes.count)
    defer { progress.finish() }
    var toolchain = try makeToolchain(options)
    toolchain.progress = progress.reporter
    toolchain.warnings = printWarnings

    let cModule = try translateToC(bytes, file: wasmPath, options: options, progress: progress)
    do {
        try await toolchain.buildExecutable(
            sources: cModule.files.map { SourceFile(name: $0.name, contents: $0.contents) },
            output: outputPath, optimization: options.optimization, keepDirectory: options.keepCDirectory,
            // -g keeps every WebAssembly function a native frame of its own (no inlining between
            // them), so backtraces and debuggers show each.
            extraFlags: options.generatedCodeFlags, linkFlags: options.linkFlags)
    } catch {
        throw PipelineError(error)
    }
}

/// The executable for the module at `wasmPath` from the cache (`bs-aot run`): built on first use,
/// keyed by the module's bytes, the options, the runtime and bs-aot itself (`BsAotIdentity`), so
/// a changed module, or a new bs-aot, rebuilds.
/// - Returns: the executable's path.
public func cachedExecutable(for wasmPath: String, options: BuildOptions) async throws -> String {
    try checkOptimization(options.optimization)
    // Read once: the cache key and the build must describe the same bytes.
    let bytes = try readModule(wasmPath)
    return try await cachedExecutable(bytes, file: wasmPath, options: options)
}

/// The cached executable for `bytes` (read from `wasmPath`), built first when it is missing.
private func cachedExecutable(_ bytes: [UInt8], file wasmPath: String, options: BuildOptions) async throws -> String {
    let identity = [
        BsAotIdentity.version, BsAotIdentity.translatorHash,
        options.optimization, options.compiler ?? ProcessInfo.processInfo.environment["CC"] ?? "",
        options.allowUnsupportedImports ? "allow-unsupported" : "", options.sourceLocations ? "-g" : "",
    ] + options.launch.identity + (try options.platform()).identity
        + options.launch.embeddedDirectories.map { EmbeddedTree.fingerprint(hostPath: $0.hostPath) }
    let cache = RuntimeCache()
    let path = cache.executablePath(module: bytes, parts: identity)
    if FileManager.default.isExecutableFile(atPath: path) {
        cache.noteExecutableUsed(path)
        return path
    }
    do {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    } catch {
        throw PipelineError(file: nil, message: "cannot create the cache directory for \(path): \(error)")
    }
    try await build(bytes, file: wasmPath, to: path, options: options)
    cache.evictStaleExecutables()
    return path
}

/// Writes the C translation of the module at `wasmPath` into `directory`, with a copy of the
/// runtime sources (`runtime-c/`), a `BUILD.sh` and a `README.txt` holding the one shell command
/// that builds the executable from them.
/// - Returns: that command (run it in `directory`).
/// - Throws: `PipelineError`.
@discardableResult
public func translate(from wasmPath: String, toDirectory directory: String, options: BuildOptions) async throws -> String {
    try checkOptimization(options.optimization)
    let bytes = try readModule(wasmPath)
    let progress = ProgressLine(byteCount: bytes.count)
    defer { progress.finish() }
    let cModule = try translateToC(bytes, file: wasmPath, options: options, progress: progress)
    let name = executableName(for: wasmPath)
    let platform = try options.platform()
    let useLLD = try await linksWithLLD(platform, compiler: options.compiler)
    // Only clang takes --target.
    let defaultCompiler = platform.triple == nil ? "cc" : "clang"
    func command(compiler: String) -> String {
        Toolchain.compileCommand(
            compiler: compiler, cFiles: cModule.units.map(\.name), runtimeDirectory: "runtime-c",
            output: name, optimization: options.optimization, platform: platform, useLLD: useLLD,
            extraFlags: options.generatedCodeFlags, linkFlags: options.linkFlags)
    }
    var makefile = Makefile(
        output: name, cFiles: cModule.units.map(\.name), headers: cModule.files.map(\.name).filter { !$0.hasSuffix(".c") })
    makefile.optimization = options.optimization
    makefile.platform = platform
    makefile.useLLD = useLLD
    makefile.extraFlags = options.generatedCodeFlags
    makefile.linkFlags = options.linkFlags
    do {
        try FileSystem.createDirectories(directory)
        // Only a file whose text changed is written, so that make recompiles only its object.
        for file in cModule.files {
            try FileSystem.writeAtomicallyIfChanged(file.contents, to: "\(directory)/\(file.name)")
        }
        try RuntimeCache.writeRuntimeIfChanged(into: "\(directory)/runtime-c")
        try FileSystem.writeAtomicallyIfChanged(makefile.text, to: "\(directory)/Makefile")
        let script = """
            #!/bin/sh
            # Builds '\(name)' from the C that bs-aot translated from \(basename(wasmPath)).
            # Set CC to choose the C compiler (default: \(defaultCompiler)).
            set -e
            cd "$(dirname "$0")"
            \(command(compiler: "${CC:-\(defaultCompiler)}"))

            """
        try FileSystem.writeAtomically(script, to: "\(directory)/BUILD.sh", mode: 0o755)
        try FileSystem.writeAtomically(
            "Build with `make -j$(nproc)` (the Makefile compiles the units in parallel, and again only those that change), or `sh BUILD.sh`, or run this one command in this directory:\n\(command(compiler: defaultCompiler))\n",
            to: "\(directory)/README.txt")
    } catch {
        throw PipelineError(error)
    }
    return command(compiler: defaultCompiler)
}

/// Decodes and lowers `bytes` (the contents of `file`) for a native executable, or with
/// `library` for a static library of that name.
func translateToC(
    _ bytes: [UInt8], file: String, options: BuildOptions, progress: ProgressLine, library: String? = nil
) throws(PipelineError) -> CModule {
    progress.show("decoding \(basename(file)) (\(bytes.count / 1024) KiB)")
    let module: Module
    do {
        module = try decodeModule(bytes)
    } catch {
        throw PipelineError(file: file, error)
    }
    progress.show("translating to C")
    var launch = options.launch
    launch.backtraceOnTrap = options.sourceLocations
    var loweringOptions = LoweringOptions(
        hostImports: .bindHost(allowUnsupported: options.allowUnsupportedImports), emitMain: true, launch: launch)
    loweringOptions.sourceLocations = options.sourceLocations
    var cModule: CModule
    do {
        cModule = try lower(
            module,
            options: library.map {
                var lowering = LoweringOptions(symbolPrefix: "\($0)_wasm", hostImports: .library(name: $0), emitMain: false, launch: launch)
                lowering.sourceLocations = options.sourceLocations
                return lowering
            } ?? loweringOptions)
    } catch {
        throw PipelineError(file: file, error)
    }
    if !options.launch.embeddedDirectories.isEmpty {
        progress.show("packing \(options.launch.embeddedDirectories.count) embedded directories")
        let trees = try options.launch.embeddedDirectories.map { (directory) throws(PipelineError) in
            try EmbeddedTree(hostPath: directory.hostPath, guestPath: directory.guestPath, warn: printWarnings)
        }
        cModule.files += embeddedUnits(trees, prefix: loweringOptions.symbolPrefix)
    }
    return cModule
}

/// The whole file at `path`, or "cannot read 'path': <reason>".
func readModule(_ path: String) throws(PipelineError) -> [UInt8] {
    do {
        return try FileSystem.readBytes(atPath: path)
    } catch {
        throw PipelineError(error)
    }
}

func makeToolchain(_ options: BuildOptions) throws(PipelineError) -> Toolchain {
    if let jobs = options.jobs, jobs < 1 {
        throw PipelineError(file: nil, message: "--jobs must be at least 1, not \(jobs)")
    }
    let platform = try options.platform()
    do {
        var toolchain = try Toolchain(compiler: options.compiler, jobs: options.jobs)
        toolchain.platform = platform
        return toolchain
    } catch {
        throw PipelineError(error)
    }
}

/// For `translate` of a cross target: whether its link needs `-fuse-ld=lld` (no `TRIPLE-ld`
/// here), after the same checks as a build makes; false for the host.
private func linksWithLLD(_ platform: TargetPlatform, compiler: String?) async throws(PipelineError) -> Bool {
    guard platform.isCross else { return false }
    do {
        return try await platform.checkInstalled(compiler: try CCompiler.locate(requested: compiler))
    } catch {
        throw PipelineError(error)
    }
}

func checkOptimization(_ flag: String) throws(PipelineError) {
    guard optimizationLevels.contains(flag) else {
        throw PipelineError(
            file: nil,
            message: "unknown optimization level '\(flag)' (use one of \(optimizationLevels.joined(separator: ", ")))")
    }
}

/// The last path component.
func basename(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
}

/// `dir/foo.wasm` -> `foo`.
func executableName(for wasmPath: String) -> String {
    let base = basename(wasmPath)
    return base.hasSuffix(".wasm") && base.count > 5 ? String(base.dropLast(5)) : base + ".out"
}

/// True when both paths name one existing file (same device and inode).
func sameFile(_ a: String, _ b: String) -> Bool {
    var first = stat()
    var second = stat()
    guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
    return first.st_dev == second.st_dev && first.st_ino == second.st_ino
}

/// The launch configuration types, for the command-line layer (which does not see Lowering).
public typealias LaunchConfig = Lowering.LaunchConfig
public typealias LaunchConfigError = Lowering.LaunchConfigError
