import ArgumentParser
import Bench
import Foundation
import Pipeline

#if canImport(Glibc)
import Glibc
#endif

/// `bs-aot bench IN.wasm [-- ARGS]`: time the AOT executable against WasmKit's interpreter (and
/// optionally a native build) on the same input, after checking they print the same.
public struct BenchCommand: AsyncParsableCommand {
    /// The command's name, abstract and discussion for `--help`.
    public static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time a module built by bs-aot against WasmKit's interpreter (and a native build).",
        discussion: """
            Builds IN.wasm into the cache as `bs-aot run` does, then runs the executable and \
            WasmKit's interpreter (in this process) --runs times each, in alternating rounds, with the \
            same arguments, the environment and standard input from /dev/null (or --stdin). Every \
            run must print the same bytes and exit with the same status, or the command stops \
            with one line saying where they differ and exits 1. Reports the median CPU time \
            (user + system) and wall-clock time of each, and the speed-up.
            """)

    @Argument(help: "The WebAssembly module (.wasm).")
    var input: String

    @Argument(parsing: .postTerminator, help: "Arguments for the program (after --).")
    var arguments: [String] = []

    @Option(help: ArgumentHelp("Runs of each engine.", valueName: "n"))
    var runs = 5

    @Option(help: ArgumentHelp("Also time this native executable (the same program built natively).", valueName: "exe"))
    var native: String?

    @Option(help: ArgumentHelp("Standard input for every run (default: /dev/null).", valueName: "file"))
    var stdin: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    @OptionGroup var compileOptions: CompileOptions

    @Option(name: .customLong("cc"), help: ArgumentHelp("The C compiler to use.", valueName: "cc"))
    var compiler: String?

    /// Creates the command (for argument-parser).
    public init() {}

    /// Rejects a run count below 1 before anything is built.
    public func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    }

    /// Runs the measurement and prints the report; errors print one `bs-aot: error:` line, exit 1.
    public func run() async throws {
        var options = BenchOptions()
        options.arguments = arguments
        options.runs = runs
        options.nativeExecutable = native
        options.stdinPath = stdin
        options.build = compileOptions.buildOptions
        options.build.compiler = compiler
        let total = runs
        let onTerminal = isatty(2) != 0
        if onTerminal {
            options.progress = { engine, run in
                FileHandle.standardError.write(Data("\r\u{1B}[Kbench: \(engine), run \(run) of \(total)".utf8))
            }
        }
        let report: BenchReport
        do {
            report = try await benchmark(input, options: options)
        } catch {
            if onTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            throw failure(error)
        }
        if onTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        print(json ? report.json : report.text, terminator: "")
    }
}
