import Validator
import WasmModule
import WasmParser
import WasmTypes

/// How imports are bound.
public enum HostImportPolicy: Sendable, Equatable {
    /// Imports are bound at translate time to the runtime's host functions (WASI); an import the
    /// runtime lacks is an error, or with `allowUnsupported` a stub that traps when called.
    case bindHost(allowUnsupported: Bool)
    /// Every import is bound at instantiation time from a `bsrt_extern` array (the spec driver).
    case dynamic
    /// A static library named `name` (`bs-aot build --lib`): WASI and WASIX imports are bound as
    /// in `bindHost`; every other function import is a host function the embedder supplies,
    /// bound at instantiation from a `bsrt_extern` array holding only those, in import order.
    /// The lowering also writes the embedding interface, `<name>.h` and `<name>_lib.c`
    /// (LibraryInterface.swift). Other imports, besides a WASI program's `env` memory, are an error.
    case library(name: String)
}

/// Options of ``lower(_:options:)``.
public struct LoweringOptions: Sendable {
    /// Prefix of every C symbol the module defines, so several modules link into one program.
    public var symbolPrefix: String
    public var hostImports: HostImportPolicy
    /// Emit a `main` that runs the module as a WASI command.
    public var emitMain: Bool
    /// The grants and environment that `main` starts the command with.
    public var launch: LaunchConfig
    /// Functions per C unit: big modules are split so clang can compile units in parallel.
    public var functionsPerUnit: Int
    /// Source-level diagnosis (`bs-aot build -g`): from the module's DWARF line table, `#line`
    /// directives in the C (so debuggers, profilers and sanitizers show the original source)
    /// and trap messages that name the source file and line; memory accesses are then checked
    /// explicitly, so that an out-of-bounds one reports its line too.
    public var sourceLocations = false

    public init(
        symbolPrefix: String = "w", hostImports: HostImportPolicy = .bindHost(allowUnsupported: false),
        emitMain: Bool = true, launch: LaunchConfig = LaunchConfig(), functionsPerUnit: Int = 400
    ) {
        self.symbolPrefix = symbolPrefix
        self.hostImports = hostImports
        self.emitMain = emitMain
        self.launch = launch
        self.functionsPerUnit = functionsPerUnit
    }
}

/// One generated C file.
public struct CFile: Sendable, Equatable {
    public var name: String
    public var contents: String
    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }
}

/// The C translation of one module: a header and one or more units.
public struct CModule: Sendable {
    public var files: [CFile]
    /// Post-MVP proposals the function bodies use ("sign extension", "bulk memory", ...), sorted.
    public var instructionFeatures: [String] = []
    /// The `.c` files to compile (everything but the header).
    public var units: [CFile] { files.filter { $0.name.hasSuffix(".c") } }
}

/// Why a module cannot be lowered.
public enum LoweringError: Error, CustomStringConvertible, Sendable {
    /// A function body that does not decode.
    case malformed(DecodeError)
    case invalid(reason: String, offset: Int, function: String?)
    case unsupported(feature: String, offset: Int)
    /// Imports the runtime does not implement (`module.name`), under `.bindHost(allowUnsupported: false)`.
    case unsupportedImports([String])
    /// An import the runtime implements, declared with another type.
    case importTypeMismatch(name: String, declared: String, expected: String)
    /// A host import whose pointers are of another width than memory 0's addresses.
    case pointerWidthMismatch(name: String, importWidth: Int, memoryWidth: Int)
    /// Valid, but beyond one of the translator's implementation limits (`TranslatorLimits`).
    case limit(String)
    /// Imports a library cannot take from its embedder (tables, globals, memories, tags).
    case unsupportedLibraryImports([String])

    /// One line: names taken from the module have their control characters escaped.
    public var description: String { oneLine(text) }

    private var text: String {
        switch self {
        case .malformed(let error): error.description
        case .invalid(let reason, let offset, let function):
            ValidationError(reason, offset: offset, function: function).description
        case .unsupported(let feature, let offset): "unsupported feature: \(feature) at offset \(offset)"
        case .unsupportedImports(let names):
            "unsupported imports: \(names.joined(separator: ", ")) (use --allow-unsupported-imports to build with stubs that trap)"
        case .importTypeMismatch(let name, let declared, let expected):
            "import \(name) has type \(declared), but the runtime provides \(expected)"
        case .pointerWidthMismatch(let name, let importWidth, let memoryWidth):
            "import \(name) takes \(importWidth * 8)-bit pointers, but memory 0 has \(memoryWidth * 8)-bit addresses"
        case .limit(let what): what
        case .unsupportedLibraryImports(let names):
            "a library's embedder supplies only functions; this module also imports \(names.joined(separator: ", "))"
        }
    }

    init(_ error: TranslationError) {
        switch error {
        case .malformed(let e): self = .malformed(e)
        case .invalid(let e): self = .invalid(reason: e.reason, offset: e.offset, function: e.function)
        case .unsupported(let e): self = .unsupported(feature: e.feature, offset: e.offset)
        }
    }
}

/// Whether `name` can name a library (`HostImportPolicy.library`): a C identifier, not starting
/// with `bsrt` (the runtime's prefix, linked into the same archive).
public func isValidLibraryName(_ name: String) -> Bool { LibraryInterface.isValidName(name) }

/// Validates `module` and lowers it to C: one C function per WASM function, an instance struct,
/// an instantiate function and the `bsrt_module` descriptor `<prefix>_module`.
/// The output is deterministic: the same module and options give byte-identical C.
public func lower(_ module: Module, options: LoweringOptions = LoweringOptions()) throws(LoweringError) -> CModule {
    let context: ModuleContext
    do {
        context = try validateModule(module)
    } catch {
        throw LoweringError(error)
    }
    try TranslatorLimits.checkTypeIdentities(context)
    var lowering = try ModuleLowering(context: context, options: options)
    return try lowering.lower()
}
