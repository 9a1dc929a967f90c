import EmbeddedRuntime
import Foundation

/// The C runtime, written out of the bs-aot binary into the cache and compiled, ready to link.
public struct RuntimeLibrary: Sendable {
    /// `<cache>/runtime-<hash>`: a copy of `runtime-c` (`include/`, `src/`).
    public var sourceDirectory: String
    /// What the linker takes: the static archive `libbsrt.a`, or the objects themselves when
    /// no `ar` is installed.
    public var linkInputs: [String]
    /// The compiler's identity (`CCompiler.identity()`) the library was built with: part of the
    /// key of every cached object linked with it.
    var compilerIdentity: String

    /// `<sourceDirectory>/include`: the `-I` directory of generated code (`bsrt.h`, `bsrt_ops.h`).
    public var includeDirectory: String { sourceDirectory + "/include" }
}

/// Where bs-aot keeps the runtime sources and their compiled objects.
///
/// Layout: `<directory>/runtime-<contentHash>/{include,src}/...` (the embedded sources), and
/// `<directory>/runtime-<contentHash>/lib-<key>/libbsrt.a`, one per compiler and flag set
/// (`key` hashes the compiler path, its `--version` line and the flags). Each is built in a
/// private temporary directory and renamed into place, so concurrent bs-aot processes and
/// interrupted builds never see a partial one.
public struct RuntimeCache: Sendable {
    /// The cache root: `$BS_AOT_CACHE_DIR`, else `$XDG_CACHE_HOME/bs-aot`, else `~/.cache/bs-aot`.
    public var directory: String

    /// Uses `directory`, or the default root for `environment` when it is `nil`.
    public init(directory: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.directory = directory ?? Self.defaultDirectory(environment: environment)
    }

    /// The default cache root for `environment` (see `directory`).
    public static func defaultDirectory(environment: [String: String]) -> String {
        if let explicit = environment["BS_AOT_CACHE_DIR"], !explicit.isEmpty { return explicit }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/bs-aot" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.cache/bs-aot" }
        return "/tmp/bs-aot-cache-\(getuid())"
    }

    /// Where `bs-aot run` keeps the executable built from a module and options: the SHA-256 of
    /// `module` and `parts`, under `<directory>/run/`.
    public func executablePath(module: [UInt8], parts: [String]) -> String {
        var hash = SHA256()
        hash.update(module)
        for part in parts + [EmbeddedRuntime.contentHash] { hash.update(field: part) }
        return directory + "/run/" + hash.hexDigest()
    }

    /// Marks the cached executable at `path` as used now (a hit: one system call).
    public func noteExecutableUsed(_ path: String) { utimes(path, nil) }

    /// Deletes the cached executables unused for as long as an unused object lives
    /// (`ObjectCache.maximumAge`): `build` and `run` both fill this cache, so it must not grow
    /// without end. Called after a build, never on a hit, so `run`'s start stays one lookup.
    public func evictStaleExecutables() { ObjectCache(directory: directory + "/run").evictStale() }

    /// The runtime sources in `directory` (a `translate` output's `runtime-c`), rewritten only
    /// when they are another runtime's: a stamp file holds the hash of the runtime written there,
    /// so make keeps their objects.
    public static func writeRuntimeIfChanged(into directory: String) throws(ToolchainError) {
        let stamp = "\(directory)/.bs-aot-runtime"
        if let existing = try? FileSystem.readBytes(atPath: stamp), existing.elementsEqual(EmbeddedRuntime.contentHash.utf8) {
            return
        }
        FileSystem.removeTree(directory)
        try writeRuntime(into: directory)
        try FileSystem.writeAtomically(EmbeddedRuntime.contentHash, to: stamp)
    }

    /// Writes the embedded runtime sources into the cache (once per runtime version) and returns
    /// their directory.
    public func runtimeSources() throws(ToolchainError) -> String {
        let final = "\(directory)/runtime-\(EmbeddedRuntime.contentHash)"
        if FileSystem.isDirectory(final) { return final }
        try FileSystem.createDirectories(directory)
        let staging = FileSystem.temporarySibling(of: final)
        do {
            try Self.writeRuntime(into: staging)
        } catch {
            FileSystem.removeTree(staging)
            throw error
        }
        if rename(staging, final) != 0 {
            // Another process may have won the race; its copy is identical.
            FileSystem.removeTree(staging)
            guard FileSystem.isDirectory(final) else { throw .system("write", final, errno: errno) }
        }
        return final
    }

    /// Writes every embedded runtime file below `root` (`root/include/bsrt.h`, ...).
    public static func writeRuntime(into root: String) throws(ToolchainError) {
        for file in EmbeddedRuntime.files {
            let path = "\(root)/\(file.path)"
            try FileSystem.createDirectories(FileSystem.directory(of: path))
            try FileSystem.writeAtomically(file.contents, to: path)
        }
    }

    /// The runtime's translation units (`src/**/*.c`), relative to the runtime directory.
    public static var runtimeUnits: [String] {
        EmbeddedRuntime.files.map(\.path).filter { $0.hasPrefix("src/") && $0.hasSuffix(".c") }
    }

    /// The runtime compiled by `compiler` with `flags`, from the cache or built now (in parallel,
    /// `jobs` at a time) and cached.
    /// - Parameters:
    ///   - variant: more of the key: what the library will be linked into (`TargetPlatform.identity`:
    ///     the target and `static`), so that each kind of executable has a runtime of its own.
    ///   - progress: told "building runtime" when a build is needed.
    public func library(
        compiler: CCompiler, flags: [String], variant: [String] = [], jobs: Int,
        progress: (@Sendable (String) -> Void)? = nil
    ) async throws(ToolchainError) -> RuntimeLibrary {
        let sources = try runtimeSources()
        let identity = await compiler.identity()
        let key = contentHash([identity] + flags + variant)
        let libraryDirectory = "\(sources)/lib-\(key)"
        let archiver = CCompiler.findExecutable("ar", searchPath: ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin")
        let units = Self.runtimeUnits
        let objectNames = units.map { Self.objectName(for: $0) }
        if let cached = cachedLibrary(in: libraryDirectory, objectNames: objectNames, archiver: archiver) {
            return RuntimeLibrary(sourceDirectory: sources, linkInputs: cached, compilerIdentity: identity)
        }

        progress?("building the runtime (\(units.count) files, once per compiler and flags)")
        let staging = FileSystem.temporarySibling(of: libraryDirectory)
        defer { FileSystem.removeTree(staging) }
        try FileSystem.createDirectories(staging)
        let arguments = flags + ["-I", "\(sources)/include", "-I", "\(sources)/src"]
        let objects = try await concurrentMap(Array(zip(units, objectNames)), limit: jobs) {
            (pair: (unit: String, object: String)) throws(ToolchainError) -> String in
            let (unit, object) = pair
            let output = "\(staging)/\(object)"
            _ = try await ProcessRunner.check(
                compiler.executable, compiler.command(arguments + ["-c", "\(sources)/\(unit)", "-o", output]),
                failure: "C compiler failed on runtime file '\(unit)'")
            return output
        }
        if let archiver {
            _ = try await ProcessRunner.check(
                archiver, ["rcs", "\(staging)/libbsrt.a"] + objects, failure: "ar failed on the runtime objects")
            for object in objects { unlink(object) }
        }
        if rename(staging, libraryDirectory) != 0 && !FileSystem.isDirectory(libraryDirectory) {
            throw .system("write", libraryDirectory, errno: errno)
        }
        guard let built = cachedLibrary(in: libraryDirectory, objectNames: objectNames, archiver: archiver) else {
            throw ToolchainError("cannot write '\(libraryDirectory)': the runtime build left no library")
        }
        return RuntimeLibrary(sourceDirectory: sources, linkInputs: built, compilerIdentity: identity)
    }

    private func cachedLibrary(in directory: String, objectNames: [String], archiver: String?) -> [String]? {
        let inputs = archiver == nil ? objectNames.map { "\(directory)/\($0)" } : ["\(directory)/libbsrt.a"]
        return inputs.allSatisfy { access($0, R_OK) == 0 } ? inputs : nil
    }

    /// `src/wasi/fd.c` -> `wasi_fd.o`: unique, flat object names.
    private static func objectName(for unit: String) -> String {
        String(unit.dropFirst("src/".count).dropLast(2)).replacingOccurrences(of: "/", with: "_") + ".o"
    }
}
