import ArgumentParser
import Pipeline

/// `--dir`, `--env`, `--no-inherit-env`: what the program is granted and starts with, shared by
/// `build` (baked into the executable) and `run`.
public struct LaunchOptions: ParsableArguments {
    @Option(
        name: .customLong("dir"),
        help: ArgumentHelp(
            "Grant the host directory HOST to the program as GUEST (default: HOST), as wasmtime's --dir does. Repeatable; a relative HOST is relative to the working directory the program starts in.",
            valueName: "host[::guest]"))
    var directories: [String] = []

    @Option(
        name: .customLong("embed-dir"),
        help: ArgumentHelp(
            "Pack the host directory HOST into the executable; the program sees it, read-only, as the pre-opened directory GUEST (default: HOST). Repeatable.",
            valueName: "host[::guest]"))
    var embeddedDirectories: [String] = []

    @Option(
        name: .customLong("env"),
        help: ArgumentHelp(
            "Set NAME to VALUE in the program's environment (a bare NAME passes the host's value through). Repeatable.",
            valueName: "name=value"))
    var environment: [String] = []

    @Flag(name: .customLong("no-inherit-env"), help: "Start the program with only the --env variables, not the host's environment.")
    var noInheritEnvironment = false

    @Flag(name: .customLong("allow-exec"), help: "Let the program start host programs (WASIX proc_exec*, proc_spawn*).")
    var allowExec = false

    @Flag(name: .customLong("allow-clock-set"), help: "Let the program set the host's clock (WASIX clock_time_set).")
    var allowClockSet = false

    @Flag(name: .customLong("allow-net"), help: "Let the program open sockets (WASIX sock_open, sock_pair, resolve) to any address.")
    var allowNetwork = false

    @Option(
        name: .customLong("allow-net-to"),
        help: ArgumentHelp(
            "Let the program bind, connect and resolve only HOST:PORT (HOST or PORT may be *; implies --allow-net for these endpoints). Repeatable.",
            valueName: "host:port"))
    var networkEndpoints: [String] = []

    @Option(
        name: .customLong("max-memory"),
        help: ArgumentHelp(
            "The most each memory may grow to: bytes, or with a unit (64 KiB pages as 'p', KiB, MiB, GiB). memory.grow fails past it. The environment variable BS_AOT_MAX_MEMORY (bytes) may lower it at run time.",
            valueName: "size"))
    var maxMemory: String?

    @Option(
        name: .customLong("max-stack"),
        help: ArgumentHelp(
            "The native stack of each guest thread (as --max-memory's sizes); deeper recursion traps 'call stack exhausted'. BS_AOT_MAX_STACK may lower it.",
            valueName: "size"))
    var maxStack: String?

    @Option(
        name: .customLong("cpu-limit"),
        help: ArgumentHelp(
            "CPU seconds the program may use; then it ends with one line and status 152. BS_AOT_CPU_LIMIT may lower it.",
            valueName: "seconds"))
    var cpuLimit: UInt32?

    @Option(
        name: .customLong("max-threads"),
        help: ArgumentHelp(
            "Guest threads alive at once besides the main one (thread_spawn then fails with AGAIN). BS_AOT_MAX_THREADS may lower it.",
            valueName: "n"))
    var maxThreads: UInt32?

    /// Creates the defaults (for argument-parser).
    public init() {}

    /// Rejects malformed values before anything is built.
    public func validate() throws {
        _ = try launchConfig()
    }

    /// These options as the configuration baked into an executable.
    func launchConfig() throws -> LaunchConfig {
        do {
            let grants = try directories.map { (text) throws(LaunchConfigError) in
                try LaunchConfig.Grant(parsing: text)
            }
            let embedded = try embeddedDirectories.map { (text) throws(LaunchConfigError) in
                try LaunchConfig.Grant(parsing: text)
            }
            for entry in environment { try LaunchConfig.checkEnvironmentEntry(entry) }
            for entry in networkEndpoints { try LaunchConfig.checkNetworkEndpoint(entry) }
            var config = LaunchConfig(
                grants: grants, environment: environment, inheritEnvironment: !noInheritEnvironment, allowExec: allowExec,
                allowClockSet: allowClockSet, allowNetwork: allowNetwork, networkEndpoints: networkEndpoints)
            .embedding(embedded)
            config.limits = LaunchConfig.Limits(
                memoryBytes: try maxMemory.map { (text) throws(LaunchConfigError) in try LaunchConfig.Limits.parseSize(text) },
                stackBytes: try maxStack.map { (text) throws(LaunchConfigError) in try LaunchConfig.Limits.parseSize(text) },
                cpuSeconds: cpuLimit == 0 ? nil : cpuLimit, threads: maxThreads == 0 ? nil : maxThreads)
            return config
        } catch {
            throw ValidationError("invalid --dir, --embed-dir, --env, --allow-net-to or limit value: \(error)")
        }
    }

    /// Moves leading launch options from `arguments` (what followed IN.wasm on a `run` command
    /// line) into these options, up to `--` or the first argument that is not one of them; the
    /// rest are the program's.
    /// - Returns: the program's arguments.
    mutating func takeLeadingOptions(from arguments: [String]) throws -> [String] {
        var index = 0
        func value(_ option: String) throws -> String {
            guard index + 1 < arguments.count else { throw ValidationError("missing value for '\(option)'") }
            index += 1
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { return Array(arguments[(index + 1)...]) }
            if argument == "--dir" {
                directories.append(try value(argument))
            } else if argument.hasPrefix("--dir=") {
                directories.append(String(argument.dropFirst("--dir=".count)))
            } else if argument == "--embed-dir" {
                embeddedDirectories.append(try value(argument))
            } else if argument.hasPrefix("--embed-dir=") {
                embeddedDirectories.append(String(argument.dropFirst("--embed-dir=".count)))
            } else if argument == "--env" {
                environment.append(try value(argument))
            } else if argument.hasPrefix("--env=") {
                environment.append(String(argument.dropFirst("--env=".count)))
            } else if argument == "--no-inherit-env" {
                noInheritEnvironment = true
            } else if argument == "--allow-exec" {
                allowExec = true
            } else if argument == "--allow-clock-set" {
                allowClockSet = true
            } else if argument == "--allow-net" {
                allowNetwork = true
            } else if argument == "--allow-net-to" {
                networkEndpoints.append(try value(argument))
            } else if argument.hasPrefix("--allow-net-to=") {
                networkEndpoints.append(String(argument.dropFirst("--allow-net-to=".count)))
            } else {
                break
            }
            index += 1
        }
        return Array(arguments[index...])
    }
}
