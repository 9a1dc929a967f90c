import ArgumentParser
import Pipeline

/// `bs-aot build IN.wasm -o OUT`: compile a WebAssembly module to a native executable.
public struct Build: AsyncParsableCommand {
    /// The command's name, abstract and discussion for `--help`.
    public static let configuration = CommandConfiguration(
        abstract: "Compile a WebAssembly module to a native executable.",
        discussion: """
            Translates IN.wasm to C, compiles it with the C compiler (--cc, else $CC, else clang, \
            else cc) and links it with the bs-aot runtime (compiled once and cached in \
            $BS_AOT_CACHE_DIR, else $XDG_CACHE_HOME/bs-aot, else ~/.cache/bs-aot). The executable \
            takes its own arguments, inherits the environment (unless --no-inherit-env) and \
            standard streams, sees only the directories granted with --dir (and, read-only, those \
            packed in with --embed-dir), and exits with the program's status. OUT is replaced only \
            when the build succeeds. With --lib, OUT is a static library (libNAME.a) and NAME.h is \
            written beside it: see "Library mode" in the README.
            """)

    @Argument(help: "The WebAssembly module (.wasm).")
    var input: String

    @Option(name: .short, help: ArgumentHelp("The executable to write.", valueName: "out"))
    var output: String

    @OptionGroup var compileOptions: CompileOptions

    @OptionGroup var launchOptions: LaunchOptions

    @OptionGroup var targetOptions: TargetOptions

    @Option(name: .customLong("cc"), help: ArgumentHelp("The C compiler to use.", valueName: "cc"))
    var compiler: String?

    @Option(name: .customLong("keep-c"), help: ArgumentHelp("Keep the generated C in this directory.", valueName: "dir"))
    var keepC: String?

    @Option(help: ArgumentHelp("Compiler processes to run at once (default: the number of cores).", valueName: "n"))
    var jobs: Int?

    @OptionGroup var libraryOptions: LibraryOptions

    /// Creates the command (for argument-parser).
    public init() {}

    /// Builds the executable; on failure prints one `bs-aot: error:` line and exits 1.
    public func run() async throws {
        var options = compileOptions.buildOptions
        options.compiler = compiler
        options.keepCDirectory = keepC
        options.jobs = jobs
        options.launch = try launchOptions.launchConfig()
        targetOptions.apply(to: &options)
        do {
            if libraryOptions.library {
                try await buildLibrary(from: input, to: output, name: libraryOptions.name, options: options)
            } else {
                try libraryOptions.checkUnused()
                try await buildExecutable(from: input, to: output, options: options)
            }
        } catch {
            throw failure(error)
        }
    }
}
