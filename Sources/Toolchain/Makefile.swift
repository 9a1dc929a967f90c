/// The Makefile `bs-aot translate` writes beside the C, so that `make -jN` (or a build farm
/// behind make: distcc, icecream) compiles the units in parallel and, after a new translation,
/// recompiles only the units whose text changed (translate rewrites a file only when its
/// contents differ, and the function units are cut at stable places: see ModuleLowering).
/// The flags are the ones `bs-aot build` uses for the same options.
public struct Makefile: Sendable {
    /// The executable's name (the make target).
    public var output: String
    /// The generated units and headers, relative to the Makefile's directory.
    public var cFiles: [String]
    public var headers: [String]
    /// Where the runtime sources are, relative to the same directory.
    public var runtimeDirectory = "runtime-c"
    public var optimization = "-O2"
    public var platform = TargetPlatform.host
    public var useLLD = false
    /// More flags for the generated units (`-g`'s) and for the link.
    public var extraFlags: [String] = []
    public var linkFlags: [String] = []

    public init(output: String, cFiles: [String], headers: [String]) {
        self.output = output
        self.cFiles = cFiles
        self.headers = headers
    }

    /// The Makefile's text.
    public var text: String {
        let include = Toolchain.sourceTreeFlags(runtimeDirectory: runtimeDirectory)
        let generated = Toolchain.generatedCodeFlags(optimization: optimization) + platform.compileFlags + extraFlags + include
        let runtime = Toolchain.runtimeFlags + platform.compileFlags + include
        let runtimeUnits = RuntimeCache.runtimeUnits.map { "\(runtimeDirectory)/\($0)" }
        let target = Self.makeWord(output)
        // A cross target needs clang (it takes --target); make's built-in default is cc.
        let compiler = platform.triple == nil ? "cc" : "clang"
        return """
            # Builds '\(output)' from the C that bs-aot translated: make -j$(nproc)
            # CC chooses the C compiler (default: \(compiler)); `make clean` removes the objects.
            ifeq ($(origin CC),default)
            CC = \(compiler)
            endif
            CFLAGS_GENERATED = \(generated.map(Toolchain.shellQuoted).joined(separator: " "))
            CFLAGS_RUNTIME = \(runtime.map(Toolchain.shellQuoted).joined(separator: " "))
            LDFLAGS_BS_AOT = \((platform.linkFlags(useLLD: useLLD) + linkFlags + Toolchain.memoryPlaceFlags).map(Toolchain.shellQuoted).joined(separator: " "))
            GENERATED_OBJECTS = \(cFiles.map { Self.objectName($0) }.joined(separator: " "))
            RUNTIME_OBJECTS = \(runtimeUnits.map { Self.objectName($0) }.joined(separator: " "))
            GENERATED_HEADERS = \(headers.joined(separator: " "))
            RUNTIME_HEADERS = $(wildcard \(runtimeDirectory)/include/*.h \(runtimeDirectory)/include/*.def \(runtimeDirectory)/src/*.h \(runtimeDirectory)/src/*/*.h)

            \(target): $(GENERATED_OBJECTS) $(RUNTIME_OBJECTS)
            \t$(CC) $(LDFLAGS_BS_AOT) -o $@ $^ \(Toolchain.linkLibraries.joined(separator: " "))

            $(GENERATED_OBJECTS): %.o: %.c $(GENERATED_HEADERS) $(RUNTIME_HEADERS)
            \t$(CC) $(CFLAGS_GENERATED) -c $< -o $@

            $(RUNTIME_OBJECTS): %.o: %.c $(RUNTIME_HEADERS)
            \t$(CC) $(CFLAGS_RUNTIME) -c $< -o $@

            clean:
            \trm -f \(target) $(GENERATED_OBJECTS) $(RUNTIME_OBJECTS)

            .PHONY: clean

            """
    }

    /// `dir/unit.c` -> `dir/unit.o`.
    static func objectName(_ source: String) -> String { String(source.dropLast(2)) + ".o" }

    /// Make has no quoting: a target name keeps only characters it reads as one word.
    static func makeWord(_ name: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.+,@")
        return String(name.map { safe.contains($0) ? $0 : "_" })
    }
}
