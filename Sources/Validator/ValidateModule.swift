import WasmModule
import WasmParser
import WasmTypes

/// Checks every module-level rule (everything but function bodies, which are checked while
/// they are lowered) and every declaration needing an unsupported feature.
///
/// <https://webassembly.github.io/spec/core/valid/modules.html>
public func validateModule(_ module: Module) throws(TranslationError) -> ModuleContext {
    if let feature = module.unsupportedFeature {
        throw .unsupported(UnsupportedFeatureError(feature: feature.name, offset: feature.offset))
    }
    let context = ModuleContext(module)
    do {
        try context.validateDeclarations()
    } catch {
        throw .invalid(error)
    }
    return context
}

extension ModuleContext {
    func validateDeclarations() throws(ValidationError) {
        var offset = module.offset(ofSection: SectionID.type)
        // Without rec groups of several types (GC), a type may refer only to itself (its own
        // singleton rec group) and the types before it.
        for (index, type) in types.enumerated() {
            for value in type.parameters + type.results {
                if case .ref(let reference) = value, case .concrete(let target) = reference.heapType, Int(target) > index {
                    throw error("unknown type \(target)", offset)
                }
            }
        }
        offset = module.offset(ofSection: SectionID.import)
        for entry in module.imports {
            switch entry.descriptor {
            case .function(let index): _ = try type(index, at: offset)
            case .table(let table):
                try checkTableLimits(table, at: offset)
                try checkHeapType(table.elementType.heapType, at: offset)
            case .memory(let memory): try checkMemoryLimits(memory, at: offset)
            case .global(let global): try checkValueType(global.valueType, at: offset)
            case .tag(let index): try checkTagType(index, at: offset)
            }
        }
        offset = module.offset(ofSection: SectionID.function)
        for index in module.functionTypeIndices { _ = try type(index, at: offset) }
        offset = module.offset(ofSection: SectionID.table)
        for table in module.tables {
            try checkTableLimits(table.type, at: offset)
            try checkHeapType(table.type.elementType.heapType, at: offset)
            // Function references: a table of a type without a default (a non-nullable
            // reference) needs an initializer, and an initializer must match the table.
            if let initializer = table.initializer {
                try checkConstant(
                    initializer, type: .ref(table.type.elementType), visibleGlobals: importedGlobalCount, at: offset)
            } else if !table.type.elementType.isNullable {
                throw error("type mismatch", offset)
            }
        }
        offset = module.offset(ofSection: SectionID.memory)
        for memory in module.memories { try checkMemoryLimits(memory.type, at: offset) }
        offset = module.offset(ofSection: SectionID.tag)
        for index in module.tags { try checkTagType(index, at: offset) }
        offset = module.offset(ofSection: SectionID.global)
        for (index, global) in module.globals.enumerated() {
            try checkValueType(global.type.valueType, at: offset)
            try checkConstant(
                global.initializer, type: global.type.valueType, visibleGlobals: importedGlobalCount + index, at: offset)
        }
        try validateExports(at: module.offset(ofSection: SectionID.export))
        if let start = module.start {
            offset = module.offset(ofSection: SectionID.start)
            let type = try functionType(start, at: offset)
            guard type.parameters.isEmpty, type.results.isEmpty else { throw error("start function", offset) }
        }
        offset = module.offset(ofSection: SectionID.element)
        for (elementIndex, element) in module.elements.enumerated() {
            try checkHeapType(elementType(elementIndex).heapType, at: offset)
            for item in element.initializer {
                try checkConstant(item, type: .ref(elementType(elementIndex)), visibleGlobals: globals.count, at: offset)
            }
            if case .active(let tableIndex, let expression) = element.mode {
                let table = try table(tableIndex, at: offset)
                guard relation.isSubtype(.ref(elementType(elementIndex)), of: .ref(table.elementType)) else {
                    throw error("type mismatch", offset)
                }
                try checkConstant(
                    expression, type: table.limits.isMemory64 ? .i64 : .i32, visibleGlobals: globals.count, at: offset)
            }
        }
        offset = module.offset(ofSection: SectionID.data)
        for segment in module.data {
            if case .active(let active) = segment {
                let memory = try memory(active.index, at: offset)
                try checkConstant(active.offset, type: memory.isMemory64 ? .i64 : .i32, visibleGlobals: globals.count, at: offset)
            }
        }
    }

    private func validateExports(at offset: Int) throws(ValidationError) {
        // Names are compared as bytes: Swift's String equality would merge canonically
        // equivalent Unicode spellings that WebAssembly keeps apart.
        var names = Set<[UInt8]>()
        for export in module.exports {
            guard names.insert(Array(export.name.utf8)).inserted else { throw error("duplicate export name", offset) }
            switch export.descriptor {
            case .function(let index): _ = try functionType(index, at: offset)
            case .table(let index): _ = try table(index, at: offset)
            case .memory(let index): _ = try memory(index, at: offset)
            case .global(let index): _ = try global(index, at: offset)
            case .tag(let index): _ = try tagType(index, at: offset)
            }
        }
    }

    private func checkLimits(_ limits: Limits, bound: UInt64, unit: String, at offset: Int) throws(ValidationError) {
        if let max = limits.max, limits.min > max {
            throw error("size minimum must not be greater than maximum", offset)
        }
        if limits.min > bound || (limits.max ?? 0) > bound { throw error("\(unit) must be at most \(bound)", offset) }
    }

    /// A table64's limits are 64-bit; a 32-bit table's fit in 32 bits.
    private func checkTableLimits(_ table: TableType, at offset: Int) throws(ValidationError) {
        try checkLimits(table.limits, bound: table.limits.isMemory64 ? UInt64.max : UInt64(UInt32.max), unit: "table size", at: offset)
    }

    private func checkMemoryLimits(_ memory: MemoryType, at offset: Int) throws(ValidationError) {
        if memory.isMemory64 {
            // memory64: 2^48 pages of 64 KiB fill the 64-bit address space.
            try checkLimits(memory, bound: 1 << 48, unit: "memory size", at: offset)
        } else {
            if memory.min > 65536 || (memory.max ?? 0) > 65536 {
                throw error("memory size must be at most 65536 pages (4GiB)", offset)
            }
            try checkLimits(memory, bound: 65536, unit: "memory size", at: offset)
        }
        // Threads proposal: a shared memory's size is bounded, so that it never moves.
        if memory.shared && memory.max == nil { throw error("shared memory must have maximum", offset) }
    }

    /// Constant expressions: `t.const` (`v128.const` too), `ref.null`, `ref.func`, `global.get` of an immutable
    /// global defined before, and the extended-const `i32/i64` add, sub and mul.
    /// <https://webassembly.github.io/spec/core/valid/instructions.html#constant-expressions>
    public func checkConstant(
        _ expression: ConstExpression, type expected: ValueType, visibleGlobals: Int, at offset: Int
    ) throws(ValidationError) {
        var stack: [ValueType] = []
        func pop(_ type: ValueType) throws(ValidationError) {
            guard let last = stack.popLast(), relation.isSubtype(last, of: type) else { throw error("type mismatch", offset) }
        }
        for instruction in expression {
            switch instruction {
            case .i32Const: stack.append(.i32)
            case .i64Const: stack.append(.i64)
            case .f32Const: stack.append(.f32)
            case .f64Const: stack.append(.f64)
            case .v128Const: stack.append(.v128)
            case .refNull(let heap):
                guard let type = referenceType(nullOf: heap) else {
                    throw error("unsupported heap type in constant expression", offset)
                }
                try checkHeapType(heap, at: offset)
                stack.append(.ref(type))
            case .refFunc(let index):
                _ = try functionType(index, at: offset)
                stack.append(.ref(ReferenceType(isNullable: false, heapType: .concrete(typeIndex: functionTypeIndices[Int(index)]))))
            case .globalGet(let index):
                guard Int(index) < visibleGlobals, Int(index) < globals.count else {
                    throw error("unknown global \(index)", offset)
                }
                let global = globals[Int(index)]
                guard global.mutability == .constant else { throw error("constant expression required", offset) }
                stack.append(global.valueType)
            case .binary(let op) where [.i32Add, .i32Sub, .i32Mul].contains(op):
                try pop(.i32)
                try pop(.i32)
                stack.append(.i32)
            case .binary(let op) where [.i64Add, .i64Sub, .i64Mul].contains(op):
                try pop(.i64)
                try pop(.i64)
                stack.append(.i64)
            case .end: break
            default: throw error("constant expression required", offset)
            }
        }
        guard stack.count == 1, relation.isSubtype(stack[0], of: expected) else { throw error("type mismatch", offset) }
    }
}
