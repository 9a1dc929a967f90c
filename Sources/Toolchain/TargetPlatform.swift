import Foundation

/// What an executable is built for and how it is linked: the host or another Linux
/// architecture (`--target`), dynamically or statically (`--static`).
///
/// A static executable is linked against glibc's static libraries (`-static`): it names no
/// interpreter and no shared library, so it runs on any Linux kernel of its architecture with
/// an empty environment. glibc rather than musl because the WASIX coroutines and
/// setjmp/longjmp need `getcontext`/`makecontext`/`swapcontext`, which musl lacks, and because
/// the generated code compiles with the very same flags, so its cached objects serve both kinds
/// of link (README, "Distribution", has the measurements).
///
/// A cross target is compiled by clang with `--target=TRIPLE` against a sysroot: Debian's
/// `/usr/TRIPLE` (`libc6-dev-ARCH-cross`) and the cross libgcc (`libgcc-12-dev-ARCH-cross`)
/// unless `sysroot` names another, and linked by `TRIPLE-ld` or, when that is missing, `ld.lld`.
public struct TargetPlatform: Sendable, Equatable {
    /// The normalized triple (`aarch64-linux-gnu`), or `nil` for the host.
    public var triple: String?
    /// A sysroot for the target (`--sysroot`); `nil` for the compiler's default.
    public var sysroot: String?
    /// Link with `-static`.
    public var linkStatically: Bool
    /// The CPU to generate code for (`--cpu`: `-march` on x86_64, `-mcpu` on aarch64); `nil`
    /// for the architecture's baseline (x86-64 with SSE2, armv8-a), which runs on every machine.
    public var cpu: String?

    /// The host, linked dynamically: what bs-aot builds without `--target` and `--static`.
    public static let host = TargetPlatform()

    /// A platform; `triple` as `TargetPlatform.normalize(_:)` returns it.
    public init(triple: String? = nil, sysroot: String? = nil, linkStatically: Bool = false, cpu: String? = nil) {
        self.triple = triple
        self.sysroot = sysroot
        self.linkStatically = linkStatically
        self.cpu = cpu
    }

    /// The architectures the runtime supports (64-bit little-endian Linux with the fault-address
    /// registers `runtime-c/src/signals.c` knows).
    public static let architectures = ["x86_64", "aarch64"]

    /// `aarch64-linux-gnu` for `aarch64-linux-gnu`, `aarch64-unknown-linux-gnu` and `arm64-linux-gnu`
    /// (the same for x86_64 and `amd64`): Debian's multiarch spelling, which names its sysroot.
    /// - Throws: `ToolchainError` for any other triple, naming the supported ones.
    public static func normalize(_ text: String) throws(ToolchainError) -> String {
        var parts = text.split(separator: "-").map(String.init)
        if parts.count == 4, parts[1] == "unknown" || parts[1] == "pc" { parts.remove(at: 1) }
        let aliases = ["arm64": "aarch64", "amd64": "x86_64"]
        if let first = parts.first, let alias = aliases[first] { parts[0] = alias }
        guard parts.count == 3, architectures.contains(parts[0]), parts[1] == "linux", parts[2] == "gnu" else {
            throw ToolchainError(
                "unsupported target '\(text)' (supported: \(architectures.map { "\($0)-linux-gnu" }.joined(separator: ", ")))")
        }
        return parts.joined(separator: "-")
    }

    /// The host's triple in the same spelling (`x86_64-linux-gnu`).
    public static var hostTriple: String {
        #if arch(arm64)
        return "aarch64-linux-gnu"
        #else
        return "x86_64-linux-gnu"
        #endif
    }

    /// True when the executable runs on this machine's architecture.
    public var isCross: Bool { triple != nil && triple != Self.hostTriple }

    /// Flags for every compile (generated code and runtime): the target, its sysroot, the CPU.
    public var compileFlags: [String] {
        let targetFlags = triple.map { ["--target=\($0)"] + (sysroot.map { ["--sysroot=\($0)"] } ?? []) } ?? []
        return targetFlags + cpuFlags
    }

    /// `-march=NAME` on x86_64, `-mcpu=NAME` on aarch64 (where clang's `-march` takes an
    /// architecture version rather than a CPU).
    private var cpuFlags: [String] {
        guard let cpu else { return [] }
        return (triple ?? Self.hostTriple).hasPrefix("aarch64") ? ["-mcpu=\(cpu)"] : ["-march=\(cpu)"]
    }

    /// Flags for the link, after `compileFlags`: `-static`, and `-fuse-ld=lld` when
    /// `useLLD` (a cross target without its own `TRIPLE-ld`).
    public func linkFlags(useLLD: Bool) -> [String] {
        compileFlags + (useLLD ? ["-fuse-ld=lld"] : []) + (linkStatically ? ["-static"] : [])
    }

    /// What tells this platform's runtime library and executables apart in the caches.
    public var identity: [String] {
        (triple.map { ["target=\($0)"] } ?? []) + (sysroot.map { ["sysroot=\($0)"] } ?? [])
            + (linkStatically ? ["static"] : []) + (cpu.map { ["cpu=\($0)"] + Self.hostCPUModel(for: $0) } ?? [])
    }

    /// `native` means this machine's CPU, so the caches also key on its model name: a cache
    /// directory shared between machines never serves one machine's code to another.
    private static func hostCPUModel(for cpu: String) -> [String] { cpu == "native" ? [hostCPUModelLine] : [] }

    /// The CPU model line of /proc/cpuinfo, read once per process.
    private static let hostCPUModelLine: String = {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        let model = info.split(separator: "\n").first { $0.hasPrefix("model name") || $0.hasPrefix("CPU part") }
        return model.map(String.init) ?? "unknown"
    }()

    // MARK: Checking that the cross toolchain is installed

    /// Debian's architecture name for a triple's first part (`aarch64` -> `arm64`).
    private static func debianArchitecture(_ triple: String) -> String {
        let architecture = String(triple.prefix { $0 != "-" })
        return ["aarch64": "arm64", "x86_64": "amd64"][architecture] ?? architecture
    }

    /// Checks, before anything is compiled, that `compiler` can build for this platform: a clang
    /// (only clang takes `--target`), the target's C library and libgcc, a linker for it, and the
    /// static libraries for `--static`.
    /// - Returns: whether the link needs `-fuse-ld=lld`.
    /// - Throws: `ToolchainError`, one line naming what to install.
    public func checkInstalled(
        compiler: CCompiler, environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws(ToolchainError) -> Bool {
        let searchPath = environment["PATH"] ?? "/usr/bin:/bin"
        if let cpu {
            // clang's own message for an unknown CPU is several lines of candidates; one line here.
            let probe = try await ProcessRunner.run(
                compiler.executable, compiler.command(compileFlags + ["-fsyntax-only", "-x", "c", "/dev/null"]))
            guard probe.succeeded else {
                let reason = probe.errorOutput.split(separator: "\n").first.map(String.init) ?? probe.statusText
                throw ToolchainError("--cpu '\(cpu)' is not a CPU the C compiler knows for \(triple ?? Self.hostTriple): \(reason)")
            }
        }
        let libraryDirectory: String
        if let triple, isCross || sysroot != nil {
            let version = try? await ProcessRunner.run(compiler.executable, compiler.command(["--version"]))
            guard let version, version.errorOutput.contains("clang") else {
                throw ToolchainError(
                    "--target needs clang as the C compiler (it passes --target=\(triple)); for another cross compiler, name it with --cc and leave out --target")
            }
            let debian = Self.debianArchitecture(triple)
            let root = sysroot ?? "/usr/\(triple)"
            let headers = sysroot.map { ["\($0)/usr/include/stdio.h", "\($0)/usr/include/\(triple)/bits/types.h"] }
                ?? ["\(root)/include/stdio.h"]
            guard headers.contains(where: { access($0, R_OK) == 0 }) else {
                throw ToolchainError(
                    sysroot == nil
                        ? "no C library for \(triple) in \(root): install libc6-dev-\(debian)-cross and libgcc-12-dev-\(debian)-cross (apt-get install libc6-dev-\(debian)-cross libgcc-12-dev-\(debian)-cross), or give --sysroot"
                        : "the sysroot '\(root)' holds no C library headers for \(triple) (usr/include/stdio.h)")
            }
            let libgcc = try? await ProcessRunner.run(
                compiler.executable, compiler.command(compileFlags + ["-print-libgcc-file-name"]))
            let libgccPath = libgcc?.errorOutput.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard libgccPath.hasPrefix("/"), access(libgccPath, R_OK) == 0 else {
                throw ToolchainError(
                    "no libgcc for \(triple): install libgcc-12-dev-\(debian)-cross (apt-get install libgcc-12-dev-\(debian)-cross)")
            }
            libraryDirectory = sysroot.map { "\($0)/usr/lib/\(triple)" } ?? "\(root)/lib"
            if CCompiler.findExecutable("\(triple)-ld", searchPath: searchPath) == nil {
                guard CCompiler.findExecutable("ld.lld", searchPath: searchPath) != nil else {
                    throw ToolchainError(
                        "no linker for \(triple): install binutils-\(triple) or lld (apt-get install binutils-\(triple))")
                }
                if linkStatically { try Self.checkStaticLibraries(in: libraryDirectory, triple: triple) }
                return true
            }
        } else {
            libraryDirectory = "/usr/lib/\(Self.hostTriple)"
        }
        if linkStatically { try Self.checkStaticLibraries(in: libraryDirectory, triple: triple ?? Self.hostTriple) }
        return false
    }

    /// `--static` needs glibc's static archives (`libc.a`, in `libc6-dev` and the cross
    /// `libc6-dev-ARCH-cross` alike). Only checked where Debian keeps them.
    private static func checkStaticLibraries(in directory: String, triple: String) throws(ToolchainError) {
        guard FileSystem.isDirectory(directory) else { return }
        guard access("\(directory)/libc.a", R_OK) == 0 else {
            let package = triple == hostTriple ? "libc6-dev" : "libc6-dev-\(debianArchitecture(triple))-cross"
            throw ToolchainError("--static needs glibc's static libraries (\(directory)/libc.a): install \(package)")
        }
    }
}

extension TargetPlatform {
    /// `messages` without the lines of GNU ld's warning about `getaddrinfo` in a static glibc
    /// executable ("Using 'getaddrinfo' in statically linked applications requires at runtime
    /// the shared libraries from the glibc version used for linking"): glibc 2.34 and later
    /// have the `files` and `dns` lookups built in, so the runtime's DNS (WASIX `resolve`)
    /// works without them; README, "Distribution", says what does not.
    static func withoutStaticNSSWarning(_ messages: String) -> String {
        let lines = messages.split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.filter { !$0.contains("in statically linked applications requires at runtime the shared libraries") }
        return kept.allSatisfy { $0.allSatisfy(\.isWhitespace) } ? "" : kept.joined(separator: "\n")
    }
}
