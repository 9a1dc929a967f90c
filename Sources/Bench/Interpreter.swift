#if canImport(Glibc)
import Glibc
#endif
import Foundation
import WasmKit
import WasmKitWASI
import WasmParser

/// A module loaded once into WasmKit's interpreter, run afresh (new store, new instance, new
/// WASI state) for every measurement.
struct Interpreter {
    private let module: WasmKit.Module
    private let features: WasmFeatureSet = .all

    /// Parses and validates `bytes` for the interpreter.
    /// - Throws: `BenchError` when WasmKit cannot load the module.
    init(bytes: [UInt8], file: String) throws(BenchError) {
        do {
            module = try parseWasm(bytes: bytes, features: features)
        } catch {
            throw BenchError("\(file): WasmKit's interpreter cannot load it: \(error)")
        }
    }

    /// Runs `_start` once, as a WASI command with the host's environment, standard input from
    /// `stdinPath`, standard output into `outputPath` and standard error into `errorPath`.
    /// The CPU time is this process's (`getrusage(RUSAGE_SELF)`) across the run: nothing else in
    /// bs-aot runs meanwhile.
    func run(argv0: String, arguments: [String], stdinPath: String, outputPath: String, errorPath: String)
        throws(BenchError) -> RunResult
    {
        let stdin = open(stdinPath, O_RDONLY)
        let stdout = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let stderr = open(errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        defer {
            for fd in [stdin, stdout, stderr] where fd >= 0 { close(fd) }
        }
        guard stdin >= 0, stdout >= 0, stderr >= 0 else {
            throw BenchError("cannot open the interpreter's standard streams: \(String(cString: strerror(errno)))")
        }
        var before = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &before)
        let start = ContinuousClock.now
        let status: Int32
        do {
            let wasi = try WASIBridgeToHost(
                args: [argv0] + arguments, environment: ProcessInfo.processInfo.environment, stdin: stdin, stdout: stdout,
                stderr: stderr)
            status = try wasi.runAndClose { wasi in
                let engine = Engine(configuration: EngineConfiguration(features: features))
                let store = Store(engine: engine)
                var imports = Imports()
                wasi.link(to: &imports, store: store)
                do {
                    let instance = try module.instantiate(store: store, imports: imports)
                    return Int32(truncatingIfNeeded: try wasi.start(instance))
                } catch let trap as Trap {
                    // As a bs-aot executable reports a trap: one line, status 134.
                    let line = "interpreter: trap: \(trap)\n"
                    _ = line.withCString { write(stderr, $0, strlen($0)) }
                    return 134
                }
            }
        } catch {
            throw BenchError("the interpreter failed: \(error)")
        }
        let wall = seconds(ContinuousClock.now - start)
        var after = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &after)
        let cpu =
            seconds(after.ru_utime) - seconds(before.ru_utime) + seconds(after.ru_stime) - seconds(before.ru_stime)
        return RunResult(output: readFile(outputPath), status: status, cpu: cpu, wall: wall)
    }
}
