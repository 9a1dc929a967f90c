import Foundation

/// The C compiler bs-aot runs: an executable found on disk, plus any leading arguments that came
/// with its name (`CC="ccache clang"`).
public struct CCompiler: Sendable, Hashable {
    /// Absolute path of the program to run.
    public var executable: String
    /// Arguments placed before every other argument (from a multi-word `--cc` or `$CC`).
    public var leadingArguments: [String]

    /// Creates a compiler from an absolute `executable` path and its leading arguments.
    public init(executable: String, leadingArguments: [String] = []) {
        self.executable = executable
        self.leadingArguments = leadingArguments
    }

    /// Finds the C compiler: `requested` (from `--cc`), then `$CC`, then `clang`, then `cc` on
    /// `$PATH`. A requested or `$CC` compiler that cannot be found is an error, not a fallback.
    /// - Parameters:
    ///   - requested: a program name or path, possibly followed by arguments; `nil` for none.
    ///   - environment: where `CC` and `PATH` are read.
    /// - Throws: `ToolchainError` naming the compiler that was not found.
    public static func locate(
        requested: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ToolchainError) -> CCompiler {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for (origin, command) in [("--cc", requested), ("$CC", environment["CC"])] {
            let words = (command ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
            guard let program = words.first else { continue }
            guard let found = findExecutable(program, searchPath: path) else {
                throw ToolchainError("C compiler '\(program)' (from \(origin)) not found")
            }
            return CCompiler(executable: found, leadingArguments: Array(words.dropFirst()))
        }
        for program in ["clang", "cc"] {
            if let found = findExecutable(program, searchPath: path) { return CCompiler(executable: found) }
        }
        throw ToolchainError("no C compiler found: install clang or cc, or name one with --cc or $CC")
    }

    /// The absolute path of `program`: itself if it names a path (contains `/`), else the first
    /// executable of that name in the `:`-separated `searchPath`.
    public static func findExecutable(_ program: String, searchPath: String) -> String? {
        if program.contains("/") {
            return access(program, X_OK) == 0 ? FileSystem.absolute(program) : nil
        }
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = "\(directory)/\(program)"
            if access(candidate, X_OK) == 0, !FileSystem.isDirectory(candidate) {
                return FileSystem.absolute(candidate)
            }
        }
        return nil
    }

    /// How the compiler names itself (`--version`, first line) together with its path and leading
    /// arguments: part of the key of every cached object, so another compiler never reuses them.
    func identity() async -> String {
        let version = try? await ProcessRunner.run(executable, leadingArguments + ["--version"])
        let firstLine = version?.errorOutput.split(separator: "\n").first.map(String.init) ?? "unknown"
        return ([executable] + leadingArguments + [firstLine]).joined(separator: "\u{1}")
    }

    /// The command words for one invocation with `arguments`.
    func command(_ arguments: [String]) -> [String] { leadingArguments + arguments }
}
