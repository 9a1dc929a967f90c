import Validator
import WasmModule
import WasmParser
import WasmTypes

/// The C interface of a module built as a static library (`bs-aot build --lib`): what the
/// embedder sees (`<name>.h`, LibraryInterface+Header.swift) and the C that implements it over
/// the translated module (`<name>_lib.c`, LibraryInterface+Unit.swift).
///
/// The shape follows what embedders of wasm2c and of wasmtime's C API expect: an opaque instance
/// made from a struct of host functions (each with a user-data pointer), one typed C function per
/// exported function that returns an error value instead of unwinding into the caller, and the
/// exported memories and globals as plain accessors. Every C name is `<name>_<export>`, so the
/// header reads like the module; the module's own symbols use the prefix `<name>_wasm_`.
struct LibraryInterface {
    /// An exported function, by its C name.
    struct Function {
        var export: String
        var cName: String
        var index: UInt32
        var type: FunctionType
    }

    /// An exported memory: `<cName>_data` and `<cName>_size`.
    struct Memory {
        var export: String
        var cName: String
        var index: UInt32
    }

    /// An exported global: `<cName>_get`, and `<cName>_set` when it is mutable.
    struct Global {
        var export: String
        var cName: String
        var exportPosition: Int
        var type: GlobalType
    }

    /// A host function the embedder supplies: a field of `<name>_imports`.
    struct HostFunction {
        var module: String
        var name: String
        var field: String
        var function: UInt32
        var type: FunctionType
        var typeIdentity: String
    }

    let name: String
    let lowering: ModuleLowering
    let functions: [Function]
    let memories: [Memory]
    let globals: [Global]
    let hostFunctions: [HostFunction]
    /// The `_initialize` export of a WASI reactor, which `<name>_new` calls.
    let initializer: UInt32?
    /// Exports with no accessor here (tables, tags), by name.
    let omittedExports: [String]

    var upper: String { name.uppercased() }
    var context: ModuleContext { lowering.context }
    var prefix: String { lowering.prefix }

    init(lowering: ModuleLowering, name: String) {
        self.name = name
        self.lowering = lowering
        let context = lowering.context
        var taken = Self.reservedNames(name)
        var functions: [Function] = []
        var memories: [Memory] = []
        var globals: [Global] = []
        var omitted: [String] = []
        var initializer: UInt32?
        for (position, export) in context.module.exports.enumerated() {
            switch export.descriptor {
            case .function(let index):
                let type = context.types[Int(context.functionTypeIndices[Int(index)])]
                if export.name == "_initialize" && type.parameters.isEmpty && type.results.isEmpty {
                    initializer = index
                    continue
                }
                let cName = Self.claim(export.name, position: position, suffixes: [""], prefix: name, taken: &taken)
                functions.append(Function(export: export.name, cName: cName, index: index, type: type))
            case .memory(let index):
                let cName = Self.claim(export.name, position: position, suffixes: ["_data", "_size"], prefix: name, taken: &taken)
                memories.append(Memory(export: export.name, cName: cName, index: index))
            case .global(let index):
                let cName = Self.claim(export.name, position: position, suffixes: ["_get", "_set"], prefix: name, taken: &taken)
                globals.append(Global(export: export.name, cName: cName, exportPosition: position, type: context.globals[Int(index)]))
            case .table, .tag:
                omitted.append(export.name)
            }
        }
        var fields: Set<String> = ["user_data"]
        hostFunctions = lowering.embedderImports.enumerated().map { position, entry in
            var field = Self.identifierStem(entry.import.module) + "_" + Self.identifierStem(entry.import.name)
            if !fields.insert(field).inserted {
                field += "_\(position)"
                fields.insert(field)
            }
            let typeIndex = Int(context.functionTypeIndices[Int(entry.function)])
            return HostFunction(
                module: entry.import.module, name: entry.import.name, field: field, function: entry.function,
                type: context.types[typeIndex], typeIdentity: lowering.layout.typeSignatures[typeIndex])
        }
        self.functions = functions
        self.memories = memories
        self.globals = globals
        self.initializer = initializer
        omittedExports = omitted
    }

    // MARK: - Names

    /// The identifiers of the interface itself, and the enumerators, which an export's C name
    /// must not take.
    private static func reservedNames(_ name: String) -> Set<String> {
        let upper = name.uppercased()
        var names = Set(["new", "delete", "instance", "imports", "error", "error_code", "v128"].map { "\(name)_\($0)" })
        names.formUnion(["\(upper)_OK", "\(upper)_H", "\(upper)_ERROR_EXIT", "\(upper)_ERROR_MISSING_IMPORT", "\(upper)_ERROR_WASI"])
        names.formUnion(RuntimeTrapCodes.all.map { "\(upper)_TRAP_\($0.name)" })
        return names
    }

    /// The C name stem for the export `export` (at `position`) whose identifiers are the stem
    /// followed by each of `suffixes`: the export's name made an identifier, then with the
    /// position (and a counter) appended until no identifier clashes; a stem starting with
    /// `wasm_` (the translated module's prefix) gets `export_` before it.
    private static func claim(
        _ export: String, position: Int, suffixes: [String], prefix: String, taken: inout Set<String>
    ) -> String {
        var base = identifierStem(export)
        if base.isEmpty { base = "export\(position)" }
        if base.hasPrefix("wasm_") || base == "wasm" { base = "export_" + base }
        var candidate = base
        var attempt = 0
        while suffixes.contains(where: { taken.contains("\(prefix)_\(candidate)\($0)") }) {
            candidate = attempt == 0 ? "\(base)_\(position)" : "\(base)_\(position)_\(attempt)"
            attempt += 1
        }
        for suffix in suffixes { taken.insert("\(prefix)_\(candidate)\(suffix)") }
        return "\(prefix)_\(candidate)"
    }

    /// A WASM name as identifier characters: ASCII letters, digits and `_` kept, anything else
    /// (each UTF-8 byte) `_`.
    static func identifierStem(_ text: String) -> String {
        String(text.utf8.map { byte in isIdentifierByte(byte) ? Character(UnicodeScalar(byte)) : "_" })
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
    }

    /// Whether `name` can name a library: a C identifier that does not start with `bsrt` (the
    /// runtime's prefix, linked into the same archive).
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy(isIdentifierByte) && !name.lowercased().hasPrefix("bsrt")
    }

    // MARK: - Types

    /// Whether the interface passes v128 values (and so declares `<name>_v128`).
    var usesV128: Bool {
        let types = functions.map(\.type) + hostFunctions.map(\.type)
        return types.contains { ($0.parameters + $0.results).contains(.v128) } || globals.contains { $0.type.valueType == .v128 }
    }

    /// The type the embedder sees for a value: numbers as in the runtime, v128 as 16 bytes,
    /// function references as `const void *` and external references as `void *`.
    func publicType(_ type: ValueType) -> String {
        switch type {
        case .i32: "uint32_t"
        case .i64: "uint64_t"
        case .f32: "float"
        case .f64: "double"
        case .v128: "\(name)_v128"
        case .ref: type.letter == "e" ? "void *" : "const void *"
        }
    }

    /// `expression` (of the runtime's C type) as the embedder's type.
    func toPublic(_ expression: String, _ type: ValueType) -> String {
        switch type {
        case .v128: "\(name)_v128_out(\(expression))"
        case .ref where type.letter == "r": "(const void *)(\(expression))"
        default: expression
        }
    }

    /// `expression` (of the embedder's type) as the runtime's C type.
    func toRuntime(_ expression: String, _ type: ValueType) -> String {
        switch type {
        case .v128: "\(name)_v128_in(\(expression))"
        case .ref where type.letter == "r": "(const bsrt_func *)(\(expression))"
        default: expression
        }
    }

    /// `(i32, i64) -> (f32)`, for comments.
    static func spelled(_ type: FunctionType) -> String {
        "(\(type.parameters.map(spelled).joined(separator: ", "))) -> (\(type.results.map(spelled).joined(separator: ", ")))"
    }

    static func spelled(_ type: ValueType) -> String {
        switch type {
        case .i32: "i32"
        case .i64: "i64"
        case .f32: "f32"
        case .f64: "f64"
        case .v128: "v128"
        case .ref: type.letter == "e" ? "externref" : "funcref"
        }
    }
}
