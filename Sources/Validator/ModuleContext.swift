import WasmModule
import WasmParser
import WasmTypes

/// The validation context C of a module: the types of every index space.
///
/// <https://webassembly.github.io/spec/core/valid/conventions.html#contexts>
public struct ModuleContext: Sendable {
    public let module: Module
    public let types: [FunctionType]
    /// Type index of every function (imports first).
    public let functionTypeIndices: [TypeIndex]
    public let tables: [TableType]
    public let memories: [MemoryType]
    public let globals: [GlobalType]
    /// Type index of every tag (imports first).
    public let tags: [TypeIndex]
    public let importedFunctionCount: Int
    public let importedGlobalCount: Int
    /// Functions that `ref.func` may name in function bodies (C.refs).
    public let declaredFunctionReferences: Set<UInt32>
    /// Which reference types match which (equal function types, `nofunc` below them...).
    public let relation: TypeRelation

    public init(_ module: Module) {
        self.module = module
        types = module.types
        functionTypeIndices = module.allFunctionTypeIndices
        tables = module.allTables
        memories = module.allMemories
        globals = module.allGlobals
        tags = module.allTags
        importedFunctionCount = module.importedFunctionTypes.count
        importedGlobalCount = module.importedGlobals.count
        var references = Set<UInt32>()
        func collect(_ expression: ConstExpression) {
            for instruction in expression {
                if case .refFunc(let index) = instruction { references.insert(index) }
            }
        }
        for element in module.elements { element.initializer.forEach(collect) }
        for global in module.globals { collect(global.initializer) }
        for table in module.tables { table.initializer.map(collect) }
        for export in module.exports {
            if case .function(let index) = export.descriptor { references.insert(index) }
        }
        declaredFunctionReferences = references
        relation = TypeRelation(types: module.types)
    }

    /// Element segment `index`'s type: Wasm 3.0 types a segment written as a list of function
    /// indices `(ref func)` (never null), where WasmParser reports `funcref` (`Module.elementTypes`).
    /// <https://webassembly.github.io/spec/core/binary/modules.html#element-section>
    public func elementType(_ index: Int) -> ReferenceType {
        if index < module.elementTypes.count, let type = module.elementTypes[index] { return type }
        return module.elements[index].type
    }

    /// Checks that a heap type names a type the module has.
    public func checkHeapType(_ heap: HeapType, at offset: Int) throws(ValidationError) {
        if case .concrete(let index) = heap { _ = try type(index, at: offset) }
    }

    /// Checks every heap type inside a value type.
    public func checkValueType(_ value: ValueType, at offset: Int) throws(ValidationError) {
        if case .ref(let reference) = value { try checkHeapType(reference.heapType, at: offset) }
    }

    func error(_ reason: String, _ offset: Int) -> ValidationError { ValidationError(reason, offset: offset) }

    public func type(_ index: UInt32, at offset: Int) throws(ValidationError) -> FunctionType {
        guard Int(index) < types.count else { throw error("unknown type \(index)", offset) }
        return types[Int(index)]
    }

    public func functionType(_ index: UInt32, at offset: Int) throws(ValidationError) -> FunctionType {
        guard Int(index) < functionTypeIndices.count else { throw error("unknown function \(index)", offset) }
        return try type(functionTypeIndices[Int(index)], at: offset)
    }

    public func table(_ index: UInt32, at offset: Int) throws(ValidationError) -> TableType {
        guard Int(index) < tables.count else { throw error("unknown table \(index)", offset) }
        return tables[Int(index)]
    }

    /// The type of table `index`'s indices: i32, or i64 for a table64 (memory64 proposal).
    public func tableIndexType(_ index: UInt32, at offset: Int) throws(ValidationError) -> ValueType {
        try table(index, at: offset).limits.isMemory64 ? .i64 : .i32
    }

    public func memory(_ index: UInt32, at offset: Int) throws(ValidationError) -> MemoryType {
        guard Int(index) < memories.count else { throw error("unknown memory \(index)", offset) }
        return memories[Int(index)]
    }

    public func global(_ index: UInt32, at offset: Int) throws(ValidationError) -> GlobalType {
        guard Int(index) < globals.count else { throw error("unknown global \(index)", offset) }
        return globals[Int(index)]
    }

    public func element(_ index: UInt32, at offset: Int) throws(ValidationError) -> ElementSegment {
        guard Int(index) < module.elements.count else { throw error("unknown elem segment \(index)", offset) }
        return module.elements[Int(index)]
    }

    public func checkData(_ index: UInt32, at offset: Int) throws(ValidationError) {
        guard module.dataCount != nil else { throw error("data count section required", offset) }
        guard Int(index) < module.data.count else { throw error("unknown data segment \(index)", offset) }
    }
}
