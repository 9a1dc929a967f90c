import ArgumentParser
import Foundation
import Pipeline

/// `-O0` ... `-O3`, spelled as C compilers spell them (single-dash names; the default is `-O2`).
public enum OptimizationLevel: String, EnumerableFlag, Sendable {
    case O0, O1, O2, O3

    /// `-O0`, `-O1`, `-O2`, `-O3`.
    public static func name(for value: OptimizationLevel) -> NameSpecification {
        .customLong(value.rawValue, withSingleDash: true)
    }

    /// One line per level, as in `cc --help`.
    public static func help(for value: OptimizationLevel) -> ArgumentHelp? {
        switch value {
        case .O0: "Compile the generated C without optimization (fastest build)."
        case .O1: "Compile the generated C with -O1."
        case .O2: "Compile the generated C with -O2 (the default)."
        case .O3: "Compile the generated C with -O3."
        }
    }

    /// The C compiler flag.
    var flag: String { "-" + rawValue }
}

/// Options shared by `build`, `run` and `translate`: how the generated C is made and compiled.
public struct CompileOptions: ParsableArguments {
    @Flag(exclusivity: .exclusive)
    var optimization: OptimizationLevel = .O2

    @Flag(help: "Build even if the module imports functions the runtime lacks; each one traps when called.")
    var allowUnsupportedImports = false

    @Flag(
        name: .customShort("g"),
        help: "Source-level diagnosis from the module's DWARF: #line directives (debuggers and profilers show the original source), traps that name the source file and line, and a backtrace of WebAssembly functions when a trap ends the program.")
    var debug = false

    @Flag(
        name: .customLong("static"),
        help: "Link a fully static executable (glibc's static libraries): no interpreter, no shared library, runs with an empty environment.")
    var linkStatically = false

    /// Creates the defaults (for argument-parser).
    public init() {}

    /// These options as pipeline options.
    var buildOptions: BuildOptions {
        var options = BuildOptions()
        options.optimization = optimization.flag
        options.allowUnsupportedImports = allowUnsupportedImports
        options.sourceLocations = debug
        options.linkStatically = linkStatically
        return options
    }
}

/// Prints `error` as `bs-aot: error: <message>` on stderr (its first line; compiler output, if
/// any, on the lines after) and returns the exit code 1 to throw.
func failure(_ error: any Error) -> ExitCode {
    if let exit = error as? ExitCode { return exit }
    FileHandle.standardError.write(Data("bs-aot: error: \(error)\n".utf8))
    return .failure
}
