/// What a WASI command starts with: the directories it is granted and its environment, baked
/// into the executable's `main` (`bs-aot build --dir/--env/--no-inherit-env`), so a built
/// program needs no launcher.
public struct LaunchConfig: Sendable, Equatable {
    /// A host directory the guest sees as a pre-opened directory.
    public struct Grant: Sendable, Equatable {
        /// Opened at start-up; a relative path is relative to the working directory then.
        public var hostPath: String
        /// The name the guest's libc matches its paths against.
        public var guestPath: String

        public init(hostPath: String, guestPath: String) {
            self.hostPath = hostPath
            self.guestPath = guestPath
        }

        /// Parses `HOST[::GUEST]`, as `wasmtime run --dir` does; GUEST defaults to HOST.
        public init(parsing text: String) throws(LaunchConfigError) {
            let host: Substring
            let guest: Substring
            if let separator = text.firstRange(of: "::") {
                host = text[..<separator.lowerBound]
                guest = text[separator.upperBound...]
            } else {
                host = Substring(text)
                guest = host
            }
            guard !host.isEmpty else { throw LaunchConfigError("'\(text)' names no host directory (use HOST[::GUEST])") }
            guard !guest.isEmpty else { throw LaunchConfigError("'\(text)' names no guest directory (use HOST[::GUEST])") }
            guard !text.utf8.contains(0) else { throw LaunchConfigError("'\(text)' contains a NUL byte") }
            self.init(hostPath: String(host), guestPath: String(guest))
        }
    }

    public var grants: [Grant]
    /// `NAME=VALUE` entries (set, replacing an inherited NAME) and bare `NAME`s (the host's
    /// value at start-up, if it has one), in order.
    public var environment: [String]
    /// Start from the host's environment (the default), as a native program does.
    public var inheritEnvironment: Bool

    /// `--allow-exec`: proc_exec* and proc_spawn* may start host programs.
    public var allowExec: Bool
    /// `--allow-clock-set`: clock_time_set may set the host's clock.
    public var allowClockSet: Bool
    /// `--allow-net`: the program may open sockets.
    public var allowNetwork: Bool
    /// `--allow-net-to HOST:PORT`: with `allowNetwork`, the only endpoints bind, connect and
    /// resolve may reach (empty: every endpoint). HOST or PORT may be `*`.
    public var networkEndpoints: [String]
    /// `--max-memory`, `--max-stack`, `--cpu-limit`, `--max-threads` (runtime-c/src/limits.c).
    public var limits = Limits()
    /// `-g`: a trap that ends the program prints the WebAssembly call stack too.
    public var backtraceOnTrap = false

    /// Resource limits baked into the executable; nil means none. The environment may lower
    /// them when the program runs, never raise them.
    public struct Limits: Sendable, Equatable {
        /// Bytes each memory may reach: memory.grow fails past it.
        public var memoryBytes: UInt64?
        /// Bytes of native stack for every guest thread (deeper recursion traps "call stack
        /// exhausted").
        public var stackBytes: UInt64?
        /// CPU seconds, after which the program ends with status 152.
        public var cpuSeconds: UInt32?
        /// Guest threads alive at once besides the main one (thread_spawn then answers AGAIN).
        public var threads: UInt32?

        public init(memoryBytes: UInt64? = nil, stackBytes: UInt64? = nil, cpuSeconds: UInt32? = nil, threads: UInt32? = nil) {
            self.memoryBytes = memoryBytes
            self.stackBytes = stackBytes
            self.cpuSeconds = cpuSeconds
            self.threads = threads
        }

        /// Parses a size: a number of bytes, or one with a unit: `p`/`pages` (64 KiB WebAssembly
        /// pages), `k`/`KiB`, `m`/`MiB`, `g`/`GiB` (powers of 1024).
        public static func parseSize(_ text: String) throws(LaunchConfigError) -> UInt64 {
            let lower = text.lowercased()
            let digits = lower.prefix { $0.isNumber }
            let unit = lower.dropFirst(digits.count).trimmingPrefix(" ")
            let multipliers: [String: UInt64] = [
                "": 1, "b": 1, "p": 65536, "page": 65536, "pages": 65536, "k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10,
                "m": 1 << 20, "mb": 1 << 20, "mib": 1 << 20, "g": 1 << 30, "gb": 1 << 30, "gib": 1 << 30,
            ]
            guard let number = UInt64(digits), number > 0, let multiplier = multipliers[String(unit)] else {
                throw LaunchConfigError("'\(text)' is not a size (a number of bytes, or with p, KiB, MiB or GiB)")
            }
            let (bytes, overflow) = number.multipliedReportingOverflow(by: multiplier)
            guard !overflow else { throw LaunchConfigError("'\(text)' is too large") }
            return bytes
        }

        var identity: [String] {
            [memoryBytes.map { "max-memory=\($0)" }, stackBytes.map { "max-stack=\($0)" },
             cpuSeconds.map { "cpu-limit=\($0)" }, threads.map { "max-threads=\($0)" }].compactMap { $0 }
        }
    }

    /// `--embed-dir HOST::GUEST`: host directories packed into the executable, pre-opened
    /// read-only after the grants. Their C data is emitted by the pipeline (it reads them);
    /// `main` refers to it as `<prefix>_embedded`.
    public var embeddedDirectories: [Grant] = []

    public init(
        grants: [Grant] = [], environment: [String] = [], inheritEnvironment: Bool = true, allowExec: Bool = false,
        allowClockSet: Bool = false, allowNetwork: Bool = false, networkEndpoints: [String] = []
    ) {
        self.grants = grants
        self.environment = environment
        self.inheritEnvironment = inheritEnvironment
        self.allowExec = allowExec
        self.allowClockSet = allowClockSet
        self.allowNetwork = allowNetwork || !networkEndpoints.isEmpty
        self.networkEndpoints = networkEndpoints
    }

    /// This configuration with `directories` packed in (`--embed-dir`).
    public func embedding(_ directories: [Grant]) -> LaunchConfig {
        var copy = self
        copy.embeddedDirectories = directories
        return copy
    }

    /// Checks one `--allow-net-to` value: `HOST:PORT` (`[V6]:PORT` for an IPv6 address), PORT
    /// a number below 65536 or `*`.
    public static func checkNetworkEndpoint(_ text: String) throws(LaunchConfigError) {
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex else {
            throw LaunchConfigError("'\(text)' is not HOST:PORT")
        }
        let port = text[text.index(after: colon)...]
        guard port == "*" || (UInt16(port) != nil) else { throw LaunchConfigError("'\(text)' has no valid port (a number or *)") }
        guard !text.utf8.contains(0) else { throw LaunchConfigError("'\(text)' contains a NUL byte") }
    }

    /// Checks one `--env` value: `NAME=VALUE` or `NAME`, with a non-empty NAME.
    public static func checkEnvironmentEntry(_ text: String) throws(LaunchConfigError) {
        let name = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard !name.isEmpty else { throw LaunchConfigError("'\(text)' has no variable name (use NAME=VALUE)") }
        guard !text.utf8.contains(0) else { throw LaunchConfigError("'\(text)' contains a NUL byte") }
    }

    /// The configuration as strings, for keys of caches that must change when it does.
    public var identity: [String] {
        grants.map { "dir=\($0.hostPath)::\($0.guestPath)" } + environment.map { "env=\($0)" }
            + [inheritEnvironment ? "inherit-env" : "no-inherit-env"]
            + (allowExec ? ["allow-exec"] : []) + (allowClockSet ? ["allow-clock-set"] : [])
            + (allowNetwork ? ["allow-net"] : []) + networkEndpoints.map { "allow-net-to=\($0)" } + limits.identity
            + embeddedDirectories.map { "embed-dir=\($0.hostPath)::\($0.guestPath)" }
    }

    /// The C unit holding `main`, which hands this configuration to bsrt_main; `inLibrary`: only
    /// the configuration (`static const bsrt_wasi_config config`), marked for a library.
    func mainUnit(prefix: String, inLibrary: Bool = false) -> String {
        var out = "#include \"\(prefix).h\"\n\n"
        var grantsName = "NULL"
        if !grants.isEmpty {
            out += "static const bsrt_wasi_grant grants[] = {\n"
            for grant in grants {
                out += "  {\(cStringLiteral(grant.hostPath)), \(cStringLiteral(grant.guestPath))},\n"
            }
            out += "};\n"
            grantsName = "grants"
        }
        var environmentName = "NULL"
        if !environment.isEmpty {
            out += "static const char *const environment[] = {\n"
            for entry in environment { out += "  \(cStringLiteral(entry)),\n" }
            out += "};\n"
            environmentName = "environment"
        }
        var endpointsName = "NULL"
        if !networkEndpoints.isEmpty {
            out += "static const char *const endpoints[] = {\n"
            for entry in networkEndpoints { out += "  \(cStringLiteral(entry)),\n" }
            out += "};\n"
            endpointsName = "endpoints"
        }
        var embeddedName = "NULL"
        if !embeddedDirectories.isEmpty {
            out += "extern const bsrt_embedded_dir \(prefix)_embedded[\(embeddedDirectories.count)];\n"
            embeddedName = "\(prefix)_embedded"
        }
        // Designated fields: the struct grows with the runtime, and a field left out is zero.
        let fields: [(String, String)] = [
            ("grants", grantsName), ("grant_count", "\(grants.count)"), ("env", environmentName),
            ("env_count", "\(environment.count)"), ("inherit_env", inheritEnvironment ? "1" : "0"),
            ("allow_exec", allowExec ? "1" : "0"), ("allow_clock_set", allowClockSet ? "1" : "0"),
            ("allow_net", allowNetwork ? "1" : "0"), ("net_allow", endpointsName),
            ("net_allow_count", "\(networkEndpoints.count)"), ("embedded", embeddedName),
            ("embedded_count", "\(embeddedDirectories.count)"), ("max_memory_bytes", "\(limits.memoryBytes ?? 0)u"),
            ("max_stack_bytes", "\(limits.stackBytes ?? 0)u"), ("cpu_limit_seconds", "\(limits.cpuSeconds ?? 0)u"),
            ("max_threads", "\(limits.threads ?? 0)u"), ("backtrace_on_trap", backtraceOnTrap ? "1" : "0"),
            ("in_library", inLibrary ? "1" : "0"),
        ]
        out += "static const bsrt_wasi_config config = {\n"
        for (field, value) in fields { out += "  .\(field) = \(value),\n" }
        out += """
            };

            \(inLibrary ? "" : "int main(int argc, char **argv) { return bsrt_main(argc, argv, &\(prefix)_module, &config); }")

            """
        return out
    }
}

/// A `--dir` or `--env` value that cannot be used.
public struct LaunchConfigError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
