import ArgumentParser
import Pipeline

/// `bs-aot inspect IN.wasm`: what a module imports, exports and needs.
public struct Inspect: AsyncParsableCommand {
    /// The command's name and abstract for `--help`.
    public static let configuration = CommandConfiguration(
        abstract: "Show a module's sections, imports (supported or not), exports and features.")

    @Argument(help: "The WebAssembly module (.wasm).")
    var input: String

    /// Creates the command (for argument-parser).
    public init() {}

    /// Prints the description to stdout.
    public func run() async throws {
        do {
            print(try inspect(wasmPath: input), terminator: "")
        } catch {
            throw failure(error)
        }
    }
}
