/// What `bs-aot bench` measured: per engine, the time of every run and their median.
///
/// Encoded as the `--json` output (keys in snake case), for tools such as `bench/compare.py`.
public struct BenchReport: Codable, Sendable, Equatable {
    /// The module, as given on the command line.
    public var module: String
    /// The program's arguments (after `--`).
    public var arguments: [String]
    /// Runs of each engine.
    public var runs: Int
    /// The bytes every run printed on standard output.
    public var outputBytes: Int
    /// The exit status every run ended with.
    public var exitStatus: Int32
    /// In the order measured in the first round: `interpreter`, `bs-aot`, then `native` if given.
    public var engines: [EngineTimes]

    /// The times of the engine named `name`, if it ran.
    public func times(of name: String) -> EngineTimes? {
        engines.first { $0.name == name }
    }

    /// How many times faster bs-aot's executable ran than the interpreter (median CPU times).
    public var speedUpOverInterpreter: Double? {
        guard let interpreter = times(of: EngineTimes.interpreter), let aot = times(of: EngineTimes.aot) else { return nil }
        return interpreter.cpu.median / aot.cpu.median
    }

    /// bs-aot's median CPU time over the native executable's, when `--native` was given.
    public var aotOverNative: Double? {
        guard let native = times(of: EngineTimes.native), let aot = times(of: EngineTimes.aot) else { return nil }
        return aot.cpu.median / native.cpu.median
    }

    enum CodingKeys: String, CodingKey {
        case module, arguments, runs, engines
        case outputBytes = "output_bytes"
        case exitStatus = "exit_status"
    }
}

/// The times of one engine.
public struct EngineTimes: Codable, Sendable, Equatable {
    /// WasmKit's interpreter, in this process.
    public static let interpreter = "interpreter"
    /// The executable `bs-aot build` made.
    public static let aot = "bs-aot"
    /// The `--native` executable.
    public static let native = "native"

    /// `interpreter`, `bs-aot` or `native`.
    public var name: String
    /// CPU time (user + system) of each run, in seconds: the run's own, taken from `wait4`
    /// for a child process and from `getrusage` around the call for the interpreter.
    public var cpu: Sample
    /// Wall-clock time of each run, in seconds.
    public var wall: Sample

    /// Creates the times of `name` from its runs.
    public init(name: String, cpuRuns: [Double], wallRuns: [Double]) {
        self.name = name
        self.cpu = Sample(cpuRuns)
        self.wall = Sample(wallRuns)
    }
}

/// Repeated measurements of one quantity, in seconds.
public struct Sample: Codable, Sendable, Equatable {
    /// The middle value (the mean of the two middle ones for an even count).
    public var median: Double
    /// The smallest run.
    public var min: Double
    /// The largest run.
    public var max: Double
    /// Every run, in order.
    public var runs: [Double]

    /// The summary of `runs` (at least one).
    public init(_ runs: [Double]) {
        let sorted = runs.sorted()
        let middle = sorted.count / 2
        self.median = sorted.isEmpty ? 0 : sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        self.min = sorted.first ?? 0
        self.max = sorted.last ?? 0
        self.runs = runs
    }
}
