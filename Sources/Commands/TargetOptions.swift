import ArgumentParser
import Pipeline

/// `--target` and `--sysroot`: cross-compilation, for `build` and `translate` (`run` executes
/// what it builds, so it builds for the host).
public struct TargetOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Build for another Linux architecture with clang: aarch64-linux-gnu or x86_64-linux-gnu (needs the target's C library and libgcc, e.g. Debian's libc6-dev-arm64-cross and libgcc-12-dev-arm64-cross).",
            valueName: "triple"))
    var target: String?

    @Option(help: ArgumentHelp("The target's system root (default: clang's, /usr/TRIPLE on Debian).", valueName: "dir"))
    var sysroot: String?

    /// Creates the defaults (for argument-parser).
    public init() {}

    /// Copies these options into `options`.
    func apply(to options: inout BuildOptions) {
        options.target = target
        options.sysroot = sysroot
    }
}
