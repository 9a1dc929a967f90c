import ArgumentParser
import Commands
import Pipeline

/// The `bs-aot` command line: the subcommand list. The commands live in `Commands`.
@main
struct BSAOT: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bs-aot",
        abstract: "Compile WebAssembly modules ahead of time to native executables.",
        version: "bs-aot \(BsAotIdentity.description)",
        subcommands: [Build.self, Run.self, Translate.self, Inspect.self, BenchCommand.self])
}
