import Validator
import WasmModule
import WasmParser
import WasmTypes

/// The shape of a module's instance in C, and how generated code reaches each part of it.
///
/// The one place that knows the instance struct: the module writer declares and fills it from
/// here, and function bodies spell every memory, table and global access through it.
///
/// What threads share and what each owns: functions, tables, memories and immutable globals
/// live in the instance struct (`<prefix>_instance`), which every thread sees. In a *threaded*
/// module (one with a shared memory) each mutable global the module defines is per thread, as
/// in the threads proposal, where every thread is an instance of its own sharing the memory
/// (the stack pointer and TLS base of wasi-threads and WASIX must not be shared): those live in
/// `<prefix>_thread`, one block per thread, which function bodies reach through
/// `bsrt_thread_globals(self)`. Imported globals are always shared cells.
/// <https://github.com/WebAssembly/threads/blob/main/proposals/threads/Overview.md>
struct InstanceLayout: Sendable {
    /// Where a global's value lives.
    enum GlobalStorage: Sendable, Equatable {
        /// A field of the instance struct (`inst->g3`).
        case instance
        /// A cell of another instance or of the host, reached through a pointer (`(*inst->g0)`).
        case imported
        /// A field of the calling thread's block (`tls->g3`).
        case perThread
    }

    struct Global: Sendable {
        var type: GlobalType
        var storage: GlobalStorage
    }

    struct Memory: Sendable {
        var type: MemoryType
        /// Bound at instantiation to another instance's memory (the spec driver's imports).
        var isImported: Bool
        /// Its `memory_storage` slot, when this instance creates it: a memory the module
        /// defines, or an imported one the host provides (`env.memory` of a WASI program).
        var storageIndex: Int?
        var is64: Bool { type.isMemory64 }
        var isShared: Bool { type.shared }
    }

    struct Table: Sendable {
        var type: TableType
        var isImported: Bool
        var storageIndex: Int?
    }

    let prefix: String
    let memories: [Memory]
    let tables: [Table]
    let globals: [Global]
    let functionCount: Int
    let typeCount: Int
    /// Each type's identity string (`typeSignature(ofType:)`), which its `type_ids` entry interns;
    /// spelled once here for everything that names a type (they can be long: TranslatorLimits).
    let typeSignatures: [String]
    /// For each type index, the first type index with the same signature: two types' run-time
    /// ids (`type_ids`, interned by signature) are equal exactly when these are.
    let canonicalTypes: [UInt32]
    /// Tags (exception handling): `tags[i]` points to the tag, `tag_storage` holds the defined ones.
    let tagCount: Int
    let importedTagCount: Int
    /// A module with a shared memory: its mutable globals are per thread.
    let isThreaded: Bool
    /// The module is an executable's, which has exactly one instance: that instance lives in
    /// static storage (`<prefix>_the_instance`), and generated code reaches it at its constant
    /// address instead of through `self`. A function then needs no register for `self` across
    /// its calls, and reaches the memory bases and globals at a link-time address (bintrees
    /// 1.47x -> 1.20x native).
    let isSingleton: Bool

    /// - Parameter hostProvidesMemories: imported memories are created by this instance with the
    ///   import's type (the host binding of a WASI command), rather than bound at instantiation.
    init(prefix: String, context: ModuleContext, hostProvidesMemories: Bool, isSingleton: Bool = false) {
        self.prefix = prefix
        self.isSingleton = isSingleton
        let module = context.module
        var memories: [Memory] = []
        var created = 0
        for type in module.importedMemories {
            memories.append(Memory(type: type, isImported: !hostProvidesMemories, storageIndex: hostProvidesMemories ? created : nil))
            if hostProvidesMemories { created += 1 }
        }
        for memory in module.memories {
            memories.append(Memory(type: memory.type, isImported: false, storageIndex: created))
            created += 1
        }
        self.memories = memories
        var tables: [Table] = []
        for type in module.importedTables { tables.append(Table(type: type, isImported: true, storageIndex: nil)) }
        for (index, table) in module.tables.enumerated() {
            tables.append(Table(type: table.type, isImported: false, storageIndex: index))
        }
        self.tables = tables
        let threaded = memories.contains { $0.isShared }
        isThreaded = threaded
        globals = context.globals.enumerated().map { index, type in
            if index < context.importedGlobalCount { return Global(type: type, storage: .imported) }
            return Global(type: type, storage: threaded && type.mutability == .variable ? .perThread : .instance)
        }
        functionCount = context.functionTypeIndices.count
        typeCount = context.types.count
        let signatures = context.types.indices.map { context.typeSignature(ofType: $0) }
        var firstOfSignature: [String: UInt32] = [:]
        for (index, signature) in signatures.enumerated().reversed() { firstOfSignature[signature] = UInt32(index) }
        typeSignatures = signatures
        canonicalTypes = signatures.map { firstOfSignature[$0]! }
        tagCount = context.tags.count
        importedTagCount = module.importedTags.count
    }

    var instanceType: String { "\(prefix)_instance" }
    /// The static instance of a singleton module.
    var singletonName: String { "\(prefix)_the_instance" }
    var threadType: String { "\(prefix)_thread" }
    var hasThreadGlobals: Bool { globals.contains { $0.storage == .perThread } }

    // MARK: - C spellings inside generated functions (where `self`, `inst` and `tls` are in scope)

    /// The `bsrt_memory *` of memory `index`.
    func memory(_ index: UInt32) -> String { "inst->memories[\(index)]" }

    /// The C local holding memory `index`'s base in a function body.
    func memoryBase(_ index: UInt32) -> String { "mem\(index)" }

    /// Where the instance keeps memory `index`'s base (set once the memories exist).
    func memoryBaseField(_ index: UInt32) -> String { "inst->memory_base[\(index)]" }

    /// Memory `index` lives at the executable's fixed place for it (BSRT_EXECUTABLE_MEMORY0 in
    /// bsrt.h): memory 0 of a singleton (an executable's one instance) that creates it.
    func isAtFixedPlace(_ index: UInt32) -> Bool {
        isSingleton && index == 0 && memories.first?.storageIndex != nil
    }

    /// The C expression a function takes memory `index`'s base from: the fixed place, a
    /// constant distance from the code, or the instance's field.
    func memoryBaseSource(_ index: UInt32) -> String {
        isAtFixedPlace(index) ? "BSRT_EXECUTABLE_MEMORY0" : memoryBaseField(index)
    }

    /// The `bsrt_table *` of table `index`.
    /// A defined table is reached in place (`&inst->table_storage[k]`, which `tables[index]`
    /// always points to), one dependent load fewer on every `call_indirect`.
    func table(_ index: UInt32) -> String {
        if let storage = tables[Int(index)].storageIndex { return "(&inst->table_storage[\(storage)])" }
        return "inst->tables[\(index)]"
    }

    /// The lvalue of global `index`.
    func global(_ index: UInt32) -> String {
        switch globals[Int(index)].storage {
        case .instance: "inst->g\(index)"
        case .imported: "(*inst->g\(index))"
        case .perThread: "tls->g\(index)"
        }
    }

    /// A `bsrt_global *` describing global `index` (for exports).
    func globalCell(_ index: UInt32) -> String {
        switch globals[Int(index)].storage {
        case .instance: "&inst->gx\(index)"
        case .imported: "inst->gx\(index)"
        case .perThread: "&tls->gx\(index)"
        }
    }

    /// The `const bsrt_tag *` of tag `index`.
    func tag(_ index: UInt32) -> String { "inst->tags[\(index)]" }

    func usesThreadBlock(_ global: UInt32) -> Bool { globals[Int(global)].storage == .perThread }

    /// The declarations a function body (or the module's own code) starts with.
    func prologue(usesThreadGlobals: Bool) -> String {
        var out = isSingleton
            ? "  self = &\(singletonName).header;\n  (void)self;\n  \(instanceType) *inst = &\(singletonName);\n  (void)inst;\n"
            : "  \(instanceType) *inst = (\(instanceType) *)self;\n  (void)inst;\n"
        if usesThreadGlobals { out += "  \(threadType) *tls = (\(threadType) *)bsrt_thread_globals(self);\n  (void)tls;\n" }
        return out
    }

    // MARK: - Declarations

    /// The instance struct, and the per-thread struct of a threaded module.
    func structDeclarations(elementLengths: [Int], dataCount: Int) -> String {
        var out = "typedef struct \(instanceType) {\n  bsrt_instance header;\n"
        // Each memory's base, copied out of its bsrt_memory (a base never moves): a function
        // reaches it with one load from `self` instead of two dependent ones.
        if !memories.isEmpty { out += "  uint8_t *memory_base[\(memories.count)];\n" }
        if functionCount > 0 {
            out += "  const bsrt_func *funcs[\(functionCount)];\n  bsrt_func func_storage[\(functionCount)];\n"
        }
        if typeCount > 0 { out += "  uint32_t type_ids[\(typeCount)];\n" }
        if tagCount > 0 { out += "  const bsrt_tag *tags[\(tagCount)];\n" }
        if tagCount > importedTagCount { out += "  bsrt_tag tag_storage[\(tagCount - importedTagCount)];\n" }
        if !tables.isEmpty { out += "  bsrt_table *tables[\(tables.count)];\n" }
        let definedTables = tables.filter { !$0.isImported }.count
        if definedTables > 0 { out += "  bsrt_table table_storage[\(definedTables)];\n" }
        if !memories.isEmpty { out += "  bsrt_memory *memories[\(memories.count)];\n" }
        let definedMemories = memories.filter { $0.storageIndex != nil }.count
        if definedMemories > 0 { out += "  bsrt_memory memory_storage[\(definedMemories)];\n" }
        for (index, global) in globals.enumerated() {
            let cType = global.type.valueType.cType
            switch global.storage {
            case .imported: out += "  \(cType) *g\(index);\n  bsrt_global *gx\(index);\n"
            case .instance: out += "  \(cType) g\(index);\n  bsrt_global gx\(index);\n"
            case .perThread: break
            }
        }
        for (index, length) in elementLengths.enumerated() where length > 0 {
            out += "  void *element\(index)[\(length)];\n"
        }
        if !elementLengths.isEmpty { out += "  uint32_t element_length[\(elementLengths.count)];\n" }
        if dataCount > 0 { out += "  uint32_t data_length[\(dataCount)];\n" }
        out += "} \(instanceType);\n\n"
        if hasThreadGlobals {
            out += "typedef struct \(threadType) {\n"
            for (index, global) in globals.enumerated() where global.storage == .perThread {
                out += "  \(global.type.valueType.cType) g\(index);\n  bsrt_global gx\(index);\n"
            }
            out += "} \(threadType);\n\n"
        }
        return out
    }

    /// Statements of the instantiate function that create the memories the module defines.
    func createMemories() -> String {
        var out = ""
        for (index, memory) in memories.enumerated() {
            guard let storage = memory.storageIndex else { continue }
            let limits = memory.type
            let max = limits.max.map { "\($0)u" } ?? (memory.is64 ? "UINT64_MAX" : "65536u")
            let flags = [memory.isShared ? "BSRT_MEMORY_SHARED" : nil, memory.is64 ? "BSRT_MEMORY_64" : nil].compactMap { $0 }
            let fixed = isAtFixedPlace(UInt32(index))
            let place = fixed ? "bsrt_memory_init_at(&inst->memory_storage[\(storage)], BSRT_EXECUTABLE_MEMORY0, " : "bsrt_memory_init(&inst->memory_storage[\(storage)], "
            out += "  if (\(place)\(limits.min)u, \(max), \(limits.max != nil), \(flags.isEmpty ? "0" : flags.joined(separator: " | "))) != 0)\n"
            // The fixed place can also be taken (an image past 0.75 GiB): say where it was.
            let what = fixed ? "memory \(index) (reserved 1.75 GiB past the executable's image)" : "memory \(index)"
            out += "    bsrt_trap(BSRT_TRAP_OUT_OF_MEMORY, \"\(what)\");\n"
            out += "  inst->memories[\(index)] = &inst->memory_storage[\(storage)];\n"
        }
        if !memories.isEmpty { out += "  self->memory0 = inst->memories[0];\n" }
        for index in memories.indices { out += "  inst->memory_base[\(index)] = inst->memories[\(index)]->base;\n" }
        return out
    }

    /// Statements of the release function that free what the module defines.
    func releaseDefinitions() -> String {
        var out = ""
        for memory in memories { if let storage = memory.storageIndex { out += "  bsrt_memory_free(&inst->memory_storage[\(storage)]);\n" } }
        for table in tables { if let storage = table.storageIndex { out += "  bsrt_table_free(&inst->table_storage[\(storage)]);\n" } }
        return out
    }
}
