#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// How one run of a program ended and what it cost.
struct RunResult {
    /// Everything written to standard output.
    var output: [UInt8]
    /// The exit status, or 128 + the signal number, as a shell reports it.
    var status: Int32
    /// User + system CPU seconds.
    var cpu: Double
    /// Wall-clock seconds.
    var wall: Double
}

/// Runs `executable` with `arguments` (argv[0] is `argv0`), standard input from `stdinPath`,
/// standard output into `outputPath` (read back afterwards) and standard error into `errorPath`,
/// and waits for it with `wait4` so that its own CPU time is known.
func runChild(
    _ executable: String, argv0: String, arguments: [String], stdinPath: String, outputPath: String, errorPath: String
) throws(BenchError) -> RunResult {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let argv: [UnsafeMutablePointer<CChar>?] = ([argv0] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }

    let start = ContinuousClock.now
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
    guard spawned == 0 else {
        throw BenchError("cannot run '\(executable)': \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
        guard errno == EINTR else { throw BenchError("cannot wait for '\(executable)': \(String(cString: strerror(errno)))") }
    }
    let wall = seconds(ContinuousClock.now - start)
    return RunResult(
        output: readFile(outputPath), status: exitStatus(status), cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
        wall: wall)
}

/// The status of a `wait4` result as a shell reports it: the exit code, or 128 + the signal.
private func exitStatus(_ status: Int32) -> Int32 {
    let signal = status & 0x7f
    return signal == 0 ? (status >> 8) & 0xff : 128 + signal
}

/// `timeval` in seconds.
func seconds(_ time: timeval) -> Double {
    Double(time.tv_sec) + Double(time.tv_usec) / 1e6
}

/// A `Duration` in seconds.
func seconds(_ duration: Duration) -> Double {
    let (whole, attoseconds) = duration.components
    return Double(whole) + Double(attoseconds) / 1e18
}

/// The bytes of `path`, or none when it cannot be read.
func readFile(_ path: String) -> [UInt8] {
    FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
}
