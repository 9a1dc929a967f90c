import ArgumentParser
import Pipeline

/// `--lib` and `--name` of `build` and `translate`: a static library with a C header instead of
/// an executable (README, "Library mode").
public struct LibraryOptions: ParsableArguments {
    @Flag(name: .customLong("lib"), help: "Build a static library (OUT, e.g. libfoo.a) and its C header (foo.h, beside it) instead of an executable.")
    var library = false

    @Option(
        name: .customLong("name"),
        help: ArgumentHelp(
            "With --lib: the header's name and the prefix of its C declarations (default: from OUT, libfoo.a gives foo; translate: from IN).",
            valueName: "name"))
    var name: String?

    /// Creates the defaults (for argument-parser).
    public init() {}

    /// `--name` without `--lib` is a mistake: say so rather than ignore it.
    func checkUnused() throws(PipelineError) {
        if name != nil { throw PipelineError(file: nil, message: "--name applies only with --lib") }
    }
}
