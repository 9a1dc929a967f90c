import Foundation

/// The archiver that makes static libraries (`bs-aot build --lib`), found as the compiler is:
/// `$AR` if set (an error if it cannot be found), else `ar` on `$PATH`, else `llvm-ar` beside the
/// C compiler (clang's own), else `llvm-ar` on `$PATH`.
public struct Archiver: Sendable {
    /// Absolute path of the program.
    public var executable: String

    /// Finds the archiver for `compiler` (see the type's description).
    /// - Throws: `ToolchainError` when none is found, or `$AR` names one that does not exist.
    public static func locate(
        compiler: CCompiler, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ToolchainError) -> Archiver {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        if let requested = environment["AR"]?.split(whereSeparator: \.isWhitespace).first.map(String.init) {
            guard let found = CCompiler.findExecutable(requested, searchPath: path) else {
                throw ToolchainError("archiver '\(requested)' (from $AR) not found")
            }
            return Archiver(executable: found)
        }
        let besideCompiler = FileSystem.directory(of: compiler.executable)
        for (program, searchPath) in [("ar", path), ("llvm-ar", besideCompiler), ("llvm-ar", path)] {
            if let found = CCompiler.findExecutable(program, searchPath: searchPath) { return Archiver(executable: found) }
        }
        throw ToolchainError("no archiver found for the static library: install ar (binutils) or llvm-ar, or name one with $AR")
    }
}

extension Toolchain {
    /// Flags that make objects fit for any link: the archive may go into a position-independent
    /// executable or a shared library.
    public static let libraryFlags = ["-fPIC"]

    /// Writes `sources` (headers and units) to a directory, compiles every `.c` among them with
    /// `generatedCodeFlags(optimization:)` and `-fPIC`, and archives the objects together with the
    /// runtime's (also `-fPIC`) into the static library `output`. Like `buildExecutable`,
    /// `output` is replaced only when everything succeeded.
    /// - Parameter keepDirectory: where to write the C files so they stay; `nil` for a temporary
    ///   directory removed afterwards.
    public func buildStaticLibrary(
        sources: [SourceFile], output: String, optimization: String = "-O2", keepDirectory: String? = nil
    ) async throws(ToolchainError) {
        if FileSystem.isDirectory(output) { throw .system("write", output, errno: EISDIR) }
        guard access(FileSystem.directory(of: output), W_OK) == 0 else { throw .system("write", output, errno: errno) }
        let archiver = try Archiver.locate(compiler: compiler)
        let directory: String
        if let keepDirectory { directory = keepDirectory } else {
            directory = try FileSystem.makeTemporaryDirectory(prefix: "bs-aot-c")
        }
        defer { if keepDirectory == nil { FileSystem.removeTree(directory) } }
        try FileSystem.createDirectories(directory)
        for source in sources { try FileSystem.writeAtomically(source.contents, to: "\(directory)/\(source.name)") }
        let runtime = try await runtimeLibrary(flags: Self.runtimeFlags + Self.libraryFlags)
        let objects = try await compileCached(
            sources.filter { $0.name.hasSuffix(".c") }, headers: sources.filter { !$0.name.hasSuffix(".c") },
            in: directory, flags: Self.generatedCodeFlags(optimization: optimization) + Self.libraryFlags, runtime: runtime)
        try await archive(objects: objects, runtime: runtime, archiver: archiver, output: output)
    }

    /// `ar rcs` of the objects and the runtime into a temporary file renamed over `output`. The
    /// runtime's cached archive is copied and the objects added to it (its members keep their
    /// names, which differ from the cache's hashed object names); loose runtime objects (no
    /// `ar` when the runtime was built) are added as they are.
    private func archive(
        objects: [String], runtime: RuntimeLibrary, archiver: Archiver, output: String
    ) async throws(ToolchainError) {
        progress?("archiving")
        let temporary = FileSystem.temporarySibling(of: output)
        do throws(ToolchainError) {
            var members = objects
            if runtime.linkInputs.count == 1, let runtimeArchive = runtime.linkInputs.first, runtimeArchive.hasSuffix(".a") {
                try FileSystem.copyAtomically(runtimeArchive, to: temporary)
            } else {
                members += runtime.linkInputs
            }
            _ = try await ProcessRunner.check(
                archiver.executable, ["rcs", temporary] + members, failure: "archiving '\(output)' failed")
        } catch {
            unlink(temporary)
            throw error
        }
        try FileSystem.moveIntoPlace(temporary, output)
    }

    /// The shell commands that build the static library `output` from a `translate --lib`
    /// directory: each generated unit and runtime unit compiled with `-fPIC` to `obj/`, then
    /// archived (`${CC:-cc}` and `${AR:-ar}` choose the tools).
    public static func libraryCommands(
        cFiles: [String], runtimeDirectory: String = "runtime-c", output: String, optimization: String = "-O2"
    ) -> String {
        let flags = generatedCodeFlags(optimization: optimization).filter { $0 != "-Wall" } + libraryFlags
            + sourceTreeFlags(runtimeDirectory: runtimeDirectory)
        let sources = cFiles + RuntimeCache.runtimeUnits.map { "\(runtimeDirectory)/\($0)" }
        return """
            mkdir -p obj
            for src in \(sources.map(shellQuoted).joined(separator: " ")); do
              ${CC:-cc} \(flags.map(shellQuoted).joined(separator: " ")) -c "$src" -o "obj/$(echo "$src" | tr / _).o"
            done
            rm -f \(shellQuoted(output))
            ${AR:-ar} rcs \(shellQuoted(output)) obj/*.o
            """
    }
}
