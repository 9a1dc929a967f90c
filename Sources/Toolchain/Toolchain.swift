import Foundation

/// A C source file held in memory (a generated unit or header), written to disk before compiling.
public struct SourceFile: Sendable {
    /// File name, without directories (`module.h`, `module_0.c`).
    public var name: String
    /// The file's text.
    public var contents: String

    /// Creates a source file named `name` holding `contents`.
    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }
}

/// Compiles C to native executables: the generated units in parallel, the runtime once per
/// compiler and flag set (cached, see `RuntimeCache`), and an atomic link.
///
/// Knows nothing about WebAssembly: it takes C files and flags.
public struct Toolchain: Sendable {
    /// The C compiler every step runs.
    public var compiler: CCompiler
    /// How many compiler processes run at once.
    public var jobs: Int
    /// Where the runtime sources and objects are cached.
    public var cache: RuntimeCache
    /// Told the stage names and "compiling N/M" as work proceeds; `nil` for silence.
    public var progress: (@Sendable (String) -> Void)?
    /// Told the compiler's output when it succeeded but printed something (warnings).
    public var warnings: (@Sendable (String) -> Void)?
    /// What the executables are built for and how they are linked (`--target`, `--static`).
    public var platform = TargetPlatform.host

    /// Finds the compiler (see `CCompiler.locate(requested:environment:)`) and sets up the cache.
    /// - Parameters:
    ///   - compiler: `--cc`, or `nil` for `$CC`, `clang`, `cc`.
    ///   - jobs: parallel compiler processes; `nil` for the number of cores.
    ///   - cacheDirectory: the cache root, or `nil` for the default (`RuntimeCache.directory`).
    ///   - environment: where `CC`, `PATH` and the cache variables are read.
    /// - Throws: `ToolchainError` when no compiler is found.
    public init(
        compiler: String? = nil, jobs: Int? = nil, cacheDirectory: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ToolchainError) {
        self.compiler = try CCompiler.locate(requested: compiler, environment: environment)
        self.jobs = max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        self.cache = RuntimeCache(directory: cacheDirectory, environment: environment)
    }

    // MARK: Flags

    /// Flags for generated C at `optimization` ("-O0" ... "-O3"). `-ffp-contract=off` keeps
    /// float results exact (no FMA fusion); sibling-call optimisation is off so deep recursion
    /// reaches the stack guard; aliasing rules are off because generated code type-puns memory.
    /// The SLP vectorizer is off (the spelling clang and gcc both take; after the `-O`, which
    /// would turn it back on): the module's producer already vectorized what pays, and what the
    /// SLP pass finds in its scalar output is mostly lanes of a v128 local that a loop then
    /// moves between vector and general registers (BENCHMARKS.md: sha256 1.77x -> 1.24x
    /// native, no kernel slower).
    public static func generatedCodeFlags(optimization: String = "-O2") -> [String] {
        ["-std=c11", optimization, "-fno-tree-slp-vectorize", "-ffp-contract=off", "-fno-optimize-sibling-calls",
         "-fno-strict-aliasing", "-Wall"]
    }

    /// Flags for the runtime sources (`runtime-c/src/**.c`).
    public static let runtimeFlags = ["-std=c11", "-D_GNU_SOURCE", "-O2", "-pthread"]

    /// Flags every compile of a translated directory needs to find the runtime sources in
    /// `runtimeDirectory` (the shell command, the Makefile, the library script).
    public static func sourceTreeFlags(runtimeDirectory: String) -> [String] {
        ["-D_GNU_SOURCE", "-pthread", "-I\(runtimeDirectory)/include", "-I\(runtimeDirectory)/src"]
    }

    /// Libraries the final link needs, after every object.
    public static let linkLibraries = ["-lm", "-pthread"]

    /// Defines `bsrt_executable_memory0` (runtime-c/include/bsrt.h), where an executable reserves
    /// its memory 0: 1.75 GiB past the start of its image, past where the kernel may start the
    /// brk heap and within reach of the code's instruction-pointer-relative addresses (2 GiB
    /// on x86-64, 4 GiB on AArch64). Every executable's link takes it.
    public static let memoryPlaceFlags = ["-Wl,--defsym=bsrt_executable_memory0=__executable_start+0x70000000"]

    // MARK: Building

    /// The runtime, compiled with `flags` (default `runtimeFlags`), from the cache or built now.
    /// The platform's compile flags come after `flags`; its identity is part of the cache key.
    public func runtimeLibrary(flags: [String] = Toolchain.runtimeFlags) async throws(ToolchainError) -> RuntimeLibrary {
        try await cache.library(
            compiler: compiler, flags: flags + platform.compileFlags, variant: platform.identity, jobs: jobs,
            progress: progress)
    }

    /// Compiles each of `cFiles` to an object in `objectDirectory`, `jobs` at a time, with
    /// `flags` plus `-I` of the runtime's include directory.
    /// - Returns: the object paths, in the order of `cFiles`.
    /// - Throws: `ToolchainError` naming the first file that failed, with the compiler's output.
    public func compile(
        _ cFiles: [String], flags: [String], runtime: RuntimeLibrary, into objectDirectory: String
    ) async throws(ToolchainError) -> [String] {
        let jobs = cFiles.enumerated().map { index, file in
            (source: file, object: "\(objectDirectory)/\(index)-\(Self.fileName(file)).o")
        }
        return try await compile(jobs, flags: flags, runtime: runtime)
    }

    /// Compiles each `source` to its `object`, in parallel, reporting "compiling N/M".
    private func compile(
        _ jobs: [(source: String, object: String)], flags: [String], runtime: RuntimeLibrary
    ) async throws(ToolchainError) -> [String] {
        let arguments = flags + ["-I", runtime.includeDirectory]
        let (compiler, warnings, progress) = (self.compiler, self.warnings, self.progress)
        let total = jobs.count
        if total > 0 { progress?("compiling 0/\(total)") }
        return try await concurrentMap(jobs, limit: self.jobs, onEach: { progress?("compiling \($0)/\(total)") }) {
            (job: (source: String, object: String)) throws(ToolchainError) -> String in
            let output = try await ProcessRunner.check(
                compiler.executable, compiler.command(arguments + ["-c", job.source, "-o", job.object]),
                failure: "C compiler failed on '\(Self.fileName(job.source))'")
            if !output.isEmpty { warnings?(output) }
            return job.object
        }
    }

    /// Compiles `units` (files in `directory`, next to `headers`), reusing objects from the
    /// object cache and adding the new ones to it.
    func compileCached(
        _ units: [SourceFile], headers: [SourceFile], in directory: String, flags: [String], runtime: RuntimeLibrary
    ) async throws(ToolchainError) -> [String] {
        let objectCache = ObjectCache(directory: cache.directory + "/objects")
        try FileSystem.createDirectories(objectCache.directory)
        var objects: [String] = []
        var missing: [(source: String, object: String)] = []
        for unit in units {
            let key = ObjectCache.key(
                identity: runtime.compilerIdentity, flags: flags, runtimeDirectory: runtime.sourceDirectory,
                headers: headers, unit: unit)
            if let cached = objectCache.object(forKey: key) {
                objects.append(cached)
            } else {
                let object = objectCache.path(forKey: key)
                objects.append(object)
                missing.append((source: "\(directory)/\(unit.name)", object: object))
            }
        }
        // Each object is compiled under a temporary name and renamed into the cache when done.
        let staged = missing.map { (source: $0.source, object: FileSystem.temporarySibling(of: $0.object)) }
        do throws(ToolchainError) {
            _ = try await compile(staged, flags: flags, runtime: runtime)
            for (job, final) in zip(staged, missing) { try FileSystem.moveIntoPlace(job.object, final.object) }
        } catch {
            for job in staged { unlink(job.object) }
            throw error
        }
        objectCache.evictStale()
        return objects
    }

    /// Links `objects` and the runtime into the executable `output`. The linker writes a
    /// temporary file next to `output`, renamed over it only on success: `output` is never
    /// left half-written, and a failed build leaves no file behind.
    /// - Parameter useLLD: what `platform.checkInstalled` answered, when the caller already asked.
    public func link(
        objects: [String], runtime: RuntimeLibrary, output: String, flags: [String] = [], useLLD: Bool? = nil
    ) async throws(ToolchainError) {
        let linksWithLLD: Bool
        if let useLLD { linksWithLLD = useLLD } else { linksWithLLD = try await platform.checkInstalled(compiler: compiler) }
        progress?("linking")
        let temporary = FileSystem.temporarySibling(of: output)
        let arguments =
            platform.linkFlags(useLLD: linksWithLLD) + flags + Self.memoryPlaceFlags + ["-o", temporary] + objects + runtime.linkInputs
            + Self.linkLibraries
        do throws(ToolchainError) {
            let messages = try await ProcessRunner.check(
                compiler.executable, compiler.command(arguments), failure: "linking '\(output)' failed")
            let shown = platform.linkStatically ? TargetPlatform.withoutStaticNSSWarning(messages) : messages
            if !shown.isEmpty { warnings?(shown) }
        } catch {
            unlink(temporary)
            throw error
        }
        try FileSystem.moveIntoPlace(temporary, output)
    }

    /// Compiles `cFiles` with `flags`, compiles (or reuses) the runtime, and links them into the
    /// executable `output`. The files provide their own `main` (or call `bsrt_main`); this is the
    /// entry for callers with their own C driver, such as the spec harness.
    public func buildExecutable(cFiles: [String], output: String, flags: [String]) async throws(ToolchainError) {
        try Self.checkWritableDirectory(of: output)
        let runtime = try await runtimeLibrary()
        let objectDirectory = try FileSystem.makeTemporaryDirectory(prefix: "bs-aot-objects")
        defer { FileSystem.removeTree(objectDirectory) }
        let objects = try await compile(cFiles, flags: flags, runtime: runtime, into: objectDirectory)
        try await link(objects: objects, runtime: runtime, output: output)
    }

    /// Writes `sources` (headers and units) to a directory, compiles every `.c` among them with
    /// `generatedCodeFlags(optimization:)`, and links the executable `output` with the runtime.
    /// - Parameter keepDirectory: where to write the C files so they stay after the build; `nil`
    ///   for a temporary directory removed afterwards.
    /// - Parameter extraFlags: more flags for the generated C (`-g`).
    public func buildExecutable(
        sources: [SourceFile], output: String, optimization: String = "-O2", keepDirectory: String? = nil,
        extraFlags: [String] = [], linkFlags: [String] = []
    ) async throws(ToolchainError) {
        try Self.checkWritableDirectory(of: output)
        let directory: String
        if let keepDirectory { directory = keepDirectory } else {
            directory = try FileSystem.makeTemporaryDirectory(prefix: "bs-aot-c")
        }
        defer { if keepDirectory == nil { FileSystem.removeTree(directory) } }
        try FileSystem.createDirectories(directory)
        for source in sources { try FileSystem.writeAtomically(source.contents, to: "\(directory)/\(source.name)") }
        // A missing cross toolchain is one line now, not compiler errors after the runtime build.
        let useLLD = try await platform.checkInstalled(compiler: compiler)
        let runtime = try await runtimeLibrary()
        let objects = try await compileCached(
            sources.filter { $0.name.hasSuffix(".c") }, headers: sources.filter { !$0.name.hasSuffix(".c") },
            in: directory, flags: Self.generatedCodeFlags(optimization: optimization) + platform.compileFlags + extraFlags,
            runtime: runtime)
        try await link(objects: objects, runtime: runtime, output: output, flags: linkFlags, useLLD: useLLD)
    }

    /// The last component of `path`.
    private static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// Fails early, before any compiling, when `output` cannot be created.
    public static func checkWritableDirectory(of output: String) throws(ToolchainError) {
        if FileSystem.isDirectory(output) { throw .system("write", output, errno: EISDIR) }
        let directory = FileSystem.directory(of: output)
        guard access(directory, W_OK) == 0 else { throw .system("write", output, errno: errno) }
    }

    // MARK: The equivalent shell command

    /// The one shell command that builds the same executable from a `translate` directory: the
    /// generated `cFiles` and every runtime unit below `runtimeDirectory`, one compiler call.
    /// - Parameters:
    ///   - compiler: the compiler word, inserted as is (not quoted, so `${CC:-cc}` works).
    ///   - cFiles: the generated units, as paths relative to where the command runs.
    ///   - runtimeDirectory: where the runtime sources are, relative to the same place.
    public static func compileCommand(
        compiler: String = "cc", cFiles: [String], runtimeDirectory: String = "runtime-c",
        output: String, optimization: String = "-O2", platform: TargetPlatform = .host, useLLD: Bool = false,
        extraFlags: [String] = [], linkFlags: [String] = []
    ) -> String {
        let flags = platform.linkFlags(useLLD: useLLD) + generatedCodeFlags(optimization: optimization).filter { $0 != "-Wall" }
            + extraFlags + linkFlags + memoryPlaceFlags
            + sourceTreeFlags(runtimeDirectory: runtimeDirectory)
        let runtimeUnits = RuntimeCache.runtimeUnits.map { "\(runtimeDirectory)/\($0)" }
        let words = flags + cFiles + runtimeUnits + ["-o", output] + linkLibraries
        return ([compiler] + words.map(shellQuoted)).joined(separator: " ")
    }

    /// `word` quoted for a POSIX shell when it needs to be.
    public static func shellQuoted(_ word: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:+,@%")
        if !word.isEmpty && word.allSatisfy(safe.contains) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
