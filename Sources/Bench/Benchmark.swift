import Foundation
import Pipeline

/// Why `bs-aot bench` stopped: one line.
public struct BenchError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The line to print after `bs-aot: error: `.
    public var description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}

/// What `benchmark(_:options:)` runs and how often.
public struct BenchOptions: Sendable {
    /// The program's arguments (argv[1...]; argv[0] is the module's path for every engine).
    public var arguments: [String] = []
    /// Runs of each engine (at least 1).
    public var runs = 5
    /// A native build of the same program to time beside the others (`--native`), if any.
    public var nativeExecutable: String?
    /// The file each run reads as standard input; `nil` for `/dev/null`.
    public var stdinPath: String?
    /// How the executable is built (into the cache, as `bs-aot run` does).
    public var build = BuildOptions()
    /// Called before each run with the engine's name and the run's number (from 1), for a
    /// progress line; `nil` for none.
    public var progress: (@Sendable (String, Int) -> Void)?

    /// Five runs, no arguments, no native executable, standard input from `/dev/null`.
    public init() {}
}

/// Builds the module at `wasmPath` with the AOT pipeline (cached like `bs-aot run`), then runs it,
/// WasmKit's interpreter and the `--native` executable (if any) `options.runs` times each, in
/// rounds (interpreter, bs-aot, native, then the other way round), and checks that every run
/// printed the same bytes and ended with the same status.
/// - Returns: the times.
/// - Throws: `BenchError` when the outputs differ (saying which engine printed what first), a
///   run cannot start, or the module cannot be built or loaded; `PipelineError` from the build.
public func benchmark(_ wasmPath: String, options: BenchOptions) async throws -> BenchReport {
    guard options.runs >= 1 else { throw BenchError("--runs must be at least 1, not \(options.runs)") }
    let stdinPath = options.stdinPath ?? "/dev/null"
    guard FileManager.default.isReadableFile(atPath: stdinPath) else {
        throw BenchError("cannot read the standard input file '\(stdinPath)'")
    }
    if let native = options.nativeExecutable, !FileManager.default.isExecutableFile(atPath: native) {
        throw BenchError("the native executable '\(native)' is not an executable file")
    }
    let executable = try await cachedExecutable(for: wasmPath, options: options.build)
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: wasmPath)))
    let interpreter = try Interpreter(bytes: bytes, file: wasmPath)

    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("bs-aot-bench-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: scratch) }

    var engines = [EngineTimes.interpreter, EngineTimes.aot]
    if options.nativeExecutable != nil { engines.append(EngineTimes.native) }
    var cpu: [String: [Double]] = [:]
    var wall: [String: [Double]] = [:]
    var reference: (engine: String, result: RunResult)?
    for round in 0..<options.runs {
        for engine in round % 2 == 0 ? engines : engines.reversed() {
            options.progress?(engine, round + 1)
            let output = "\(scratch)/\(engine).out"
            let errors = "\(scratch)/\(engine).err"
            let result: RunResult
            switch engine {
            case EngineTimes.interpreter:
                result = try interpreter.run(
                    argv0: wasmPath, arguments: options.arguments, stdinPath: stdinPath, outputPath: output, errorPath: errors)
            case EngineTimes.aot:
                result = try runChild(
                    executable, argv0: wasmPath, arguments: options.arguments, stdinPath: stdinPath, outputPath: output,
                    errorPath: errors)
            default:
                result = try runChild(
                    options.nativeExecutable ?? "", argv0: wasmPath, arguments: options.arguments, stdinPath: stdinPath,
                    outputPath: output, errorPath: errors)
            }
            if let reference {
                if let difference = describeDifference(reference.engine, reference.result, engine, result) {
                    throw BenchError(difference)
                }
            } else {
                reference = (engine, result)
            }
            cpu[engine, default: []].append(result.cpu)
            wall[engine, default: []].append(result.wall)
        }
    }
    return BenchReport(
        module: wasmPath, arguments: options.arguments, runs: options.runs, outputBytes: reference?.result.output.count ?? 0,
        exitStatus: reference?.result.status ?? 0,
        engines: engines.map { EngineTimes(name: $0, cpuRuns: cpu[$0] ?? [], wallRuns: wall[$0] ?? []) })
}

/// One line saying how two runs' outputs or statuses differ, or `nil` when they agree.
func describeDifference(_ firstName: String, _ first: RunResult, _ secondName: String, _ second: RunResult) -> String? {
    if first.output != second.output {
        let common = zip(first.output, second.output).prefix { $0 == $1 }.count
        return "outputs differ: \(firstName) printed \(first.output.count) bytes, \(secondName) \(second.output.count), "
            + "first difference at byte \(common) (\(firstName): \(excerpt(first.output, from: common)), "
            + "\(secondName): \(excerpt(second.output, from: common)))"
    }
    if first.status != second.status {
        return "exit statuses differ: \(firstName) exited with \(first.status), \(secondName) with \(second.status)"
    }
    return nil
}

/// Up to 24 bytes of `bytes` from `offset`, quoted on one line.
private func excerpt(_ bytes: [UInt8], from offset: Int) -> String {
    guard offset < bytes.count else { return "end of output" }
    let text = String(decoding: bytes[offset..<min(bytes.count, offset + 24)], as: UTF8.self)
    let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
        .replacingOccurrences(of: "\"", with: "\\\"")
    return "\"\(escaped)\(offset + 24 < bytes.count ? "..." : "")\""
}
