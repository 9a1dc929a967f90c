import WasmParser
import WasmTypes

/// A decoded WebAssembly module: every section as plain values, in index-space order.
///
/// Produced by ``decodeModule(_:)``; consumed by the validator and the lowering.
/// <https://webassembly.github.io/spec/core/syntax/modules.html>
public struct Module: Sendable {
    /// Function types, by type index.
    public var types: [FunctionType] = []
    public var imports: [Import] = []
    /// The type index of each function defined by the module (not the imported ones).
    public var functionTypeIndices: [TypeIndex] = []
    /// Bodies of the defined functions, in the same order as ``functionTypeIndices``.
    public var codes: [Code] = []
    public var tables: [Table] = []
    public var memories: [Memory] = []
    public var globals: [Global] = []
    /// The type index of each tag the module defines (exception handling), not the imported ones.
    public var tags: [TypeIndex] = []
    public var exports: [Export] = []
    public var start: FunctionIndex?
    public var elements: [ElementSegment] = []
    /// For each element segment, its type where WasmParser reports another (see
    /// `elementSegmentTypes`); empty when unknown.
    public var elementTypes: [ReferenceType?] = []
    public var data: [DataSegment] = []
    /// The data count section's value, when present.
    public var dataCount: UInt32?
    /// Names from the `name` custom section.
    public var names = Names()
    /// The DWARF custom sections (`.debug_line`, `.debug_str`...), by name, when present.
    public var debugSections: [String: [UInt8]] = [:]
    /// Module offset of the code section's contents (after its id and size): DWARF addresses
    /// count from there.
    public var codeContentOffset: Int?
    /// The first feature the module's declarations need that bs-aot does not lower yet
    /// (instructions are checked later, while lowering).
    public var unsupportedFeature: UnsupportedFeature?
    /// Byte offset of each defined function's body, for diagnostics.
    public var codeOffsets: [Int] = []
    /// Byte offset of each section present, by section id (1 type ... 12 data count), so that
    /// module-level errors point at the section they concern.
    public var sectionOffsets: [UInt8: Int] = [:]

    public init() {}
}

/// Names from the `name` custom section. <https://webassembly.github.io/spec/core/appendix/custom.html#name-section>
public struct Names: Sendable {
    public var module: String?
    /// Function names by function index (imports included).
    public var functions: [UInt32: String] = [:]
    /// Tag names by tag index (the extended name section's subsection 11).
    public var tags: [UInt32: String] = [:]
    public init() {}
}

/// A post-2.0 feature found in a module, and where.
public struct UnsupportedFeature: Sendable, Equatable {
    public var name: String
    public var offset: Int
    public init(name: String, offset: Int) {
        self.name = name
        self.offset = offset
    }
}

/// Section ids, for ``Module/sectionOffsets``. <https://webassembly.github.io/spec/core/binary/modules.html#sections>
public enum SectionID {
    public static let type: UInt8 = 1, `import`: UInt8 = 2, function: UInt8 = 3, table: UInt8 = 4
    public static let memory: UInt8 = 5, global: UInt8 = 6, export: UInt8 = 7, start: UInt8 = 8
    public static let element: UInt8 = 9, code: UInt8 = 10, data: UInt8 = 11, dataCount: UInt8 = 12
    public static let tag: UInt8 = 13
}

extension Module {
    /// The offset of section `id`, or 0 when the module has none.
    public func offset(ofSection id: UInt8) -> Int { sectionOffsets[id] ?? 0 }

    /// Imported functions come first in the function index space.
    public var importedFunctionTypes: [TypeIndex] {
        imports.compactMap { if case .function(let t) = $0.descriptor { t } else { nil } }
    }
    public var importedTables: [TableType] {
        imports.compactMap { if case .table(let t) = $0.descriptor { t } else { nil } }
    }
    public var importedMemories: [MemoryType] {
        imports.compactMap { if case .memory(let t) = $0.descriptor { t } else { nil } }
    }
    public var importedGlobals: [GlobalType] {
        imports.compactMap { if case .global(let t) = $0.descriptor { t } else { nil } }
    }
    public var importedTags: [TypeIndex] {
        imports.compactMap { if case .tag(let t) = $0.descriptor { t } else { nil } }
    }
    /// Type index of every tag in the tag index space (imports first).
    public var allTags: [TypeIndex] { importedTags + tags }
    /// Type index of every function in the function index space.
    public var allFunctionTypeIndices: [TypeIndex] { importedFunctionTypes + functionTypeIndices }
    public var allTables: [TableType] { importedTables + tables.map(\.type) }
    public var allMemories: [MemoryType] { importedMemories + memories.map(\.type) }
    public var allGlobals: [GlobalType] { importedGlobals + globals.map(\.type) }

    /// A printable name for function `index`: the name section's, else an export's, else `func<index>`.
    public func displayName(ofFunction index: UInt32) -> String {
        if let name = names.functions[index], !name.isEmpty { return name }
        for export in exports {
            if case .function(index) = export.descriptor { return export.name }
        }
        return "func\(index)"
    }
}
