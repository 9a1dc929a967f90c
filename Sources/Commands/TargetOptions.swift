import ArgumentParser
import Pipeline

/// `--target`, `--sysroot` and `--cpu`: cross-compilation and CPU tuning, for `build` and `translate` (`run` executes
/// what it builds, so it builds for the host).
public struct TargetOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Build for another Linux architecture with clang: aarch64-linux-gnu or x86_64-linux-gnu (needs the target's C library and libgcc, e.g. Debian's libc6-dev-arm64-cross and libgcc-12-dev-arm64-cross).",
            valueName: "triple"))
    var target: String?

    @Option(help: ArgumentHelp("The target's system root (default: clang's, /usr/TRIPLE on Debian).", valueName: "dir"))
    var sysroot: String?

    @Option(
        help: ArgumentHelp(
            "Generate code for one CPU (clang's -march on x86_64, -mcpu on aarch64), e.g. native, x86-64-v3, skylake, neoverse-n1. The default is the architecture's portable baseline, which runs on every machine of the architecture.",
            valueName: "name"))
    var cpu: String?

    /// Creates the defaults (for argument-parser).
    public init() {}

    /// Copies these options into `options`.
    func apply(to options: inout BuildOptions) {
        options.target = target
        options.sysroot = sysroot
        options.cpu = cpu
    }
}
