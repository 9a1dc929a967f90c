import ArgumentParser
import Foundation
import Pipeline

#if canImport(Glibc)
import Glibc
#endif

/// `bs-aot run IN.wasm [--dir ...] [--env ...] [-- ARGS...]`: build into the cache (once per
/// module and options), then
/// replace this process with the executable, so its status and signals are the program's own.
public struct Run: AsyncParsableCommand {
    /// The command's name, abstract and discussion for `--help`.
    public static let configuration = CommandConfiguration(
        abstract: "Build a WebAssembly module (cached by content) and run it.",
        discussion: """
            The executable is kept in the cache ($BS_AOT_CACHE_DIR, else $XDG_CACHE_HOME/bs-aot, \
            else ~/.cache/bs-aot) under the SHA-256 of the module, the options and the runtime, \
            so the next run of the same module starts at once. --dir, --env and --no-inherit-env \
            may also follow IN.wasm; the arguments after them (or after --) are the program's. \
            Its argv[0] is IN.wasm.
            """)

    @Argument(help: "The WebAssembly module (.wasm).")
    var input: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the program.")
    var arguments: [String] = []

    @OptionGroup var compileOptions: CompileOptions

    @OptionGroup var launchOptions: LaunchOptions

    @Option(name: .customLong("cc"), help: ArgumentHelp("The C compiler to use.", valueName: "cc"))
    var compiler: String?

    /// Creates the command (for argument-parser).
    public init() {}

    /// Builds if needed, then execs the program; errors print one `bs-aot: error:` line, exit 1.
    public func run() async throws {
        var options = compileOptions.buildOptions
        options.compiler = compiler
        var launch = launchOptions
        // Options after IN.wasm are only known now; launchConfig() checks them as validate() does.
        let programArguments = try launch.takeLeadingOptions(from: arguments)
        options.launch = try launch.launchConfig()
        let executable: String
        do {
            executable = try await cachedExecutable(for: input, options: options)
        } catch {
            throw failure(error)
        }
        let argv = ([input] + programArguments).map { strdup($0) } + [nil]
        execv(executable, argv)
        throw failure(PipelineError(file: input, message: "cannot run '\(executable)': \(String(cString: strerror(errno)))"))
    }
}
