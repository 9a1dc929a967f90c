import ArgumentParser
import Pipeline

/// `bs-aot translate IN.wasm -o DIR`: the C sources and the command that compiles them.
public struct Translate: AsyncParsableCommand {
    /// The command's name, abstract and discussion for `--help`.
    public static let configuration = CommandConfiguration(
        abstract: "Translate a WebAssembly module to C sources, to build elsewhere.",
        discussion: """
            Writes the generated C (its main holds the --dir/--env configuration), a copy of the \
            runtime sources (DIR/runtime-c), DIR/BUILD.sh and DIR/README.txt. Both hold the one compiler command that builds the executable; \
            it is also printed. With --lib: the library's C and header, and a BUILD.sh that makes libNAME.a.
            """)

    @Argument(help: "The WebAssembly module (.wasm).")
    var input: String

    @Option(name: .short, help: ArgumentHelp("The directory to write (created if missing).", valueName: "dir"))
    var output: String

    @OptionGroup var compileOptions: CompileOptions

    @OptionGroup var launchOptions: LaunchOptions

    @OptionGroup var targetOptions: TargetOptions

    @OptionGroup var libraryOptions: LibraryOptions

    /// Creates the command (for argument-parser).
    public init() {}

    /// Writes the directory and prints the build command.
    public func run() async throws {
        var options = compileOptions.buildOptions
        options.launch = try launchOptions.launchConfig()
        targetOptions.apply(to: &options)
        do {
            let command: String
            if libraryOptions.library {
                command = try await translateLibrary(from: input, toDirectory: output, name: libraryOptions.name, options: options)
            } else {
                try libraryOptions.checkUnused()
                command = try await translate(from: input, toDirectory: output, options: options)
            }
            print("wrote \(output); build with: (cd \(output) && \(command))")
        } catch {
            throw failure(error)
        }
    }
}
