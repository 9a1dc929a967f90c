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
        for entry in module.imports {
            switch entry.descriptor {
            case .function(let index): _ = try type(index, at: 0)
            case .table(let table): try checkLimits(table.limits, bound: UInt64(UInt32.max), unit: "table size")
            case .memory(let memory): try checkMemoryLimits(memory)
            case .global, .tag: break
            }
        }
        for index in module.functionTypeIndices { _ = try type(index, at: 0) }
        for table in module.tables { try checkLimits(table.type.limits, bound: UInt64(UInt32.max), unit: "table size") }
        for memory in module.memories { try checkMemoryLimits(memory.type) }
        for (index, global) in module.globals.enumerated() {
            try checkConstant(global.initializer, type: global.type.valueType, visibleGlobals: importedGlobalCount + index)
        }
        try validateExports()
        if let start = module.start {
            let type = try functionType(start, at: 0)
            guard type.parameters.isEmpty, type.results.isEmpty else { throw error("start function", 0) }
        }
        for element in module.elements {
            for item in element.initializer {
                try checkConstant(item, type: .ref(element.type), visibleGlobals: globals.count)
            }
            if case .active(let tableIndex, let offset) = element.mode {
                let table = try table(tableIndex, at: 0)
                guard table.elementType == element.type else { throw error("type mismatch", 0) }
                try checkConstant(offset, type: .i32, visibleGlobals: globals.count)
            }
        }
        for segment in module.data {
            if case .active(let active) = segment {
                _ = try memory(active.index, at: 0)
                try checkConstant(active.offset, type: .i32, visibleGlobals: globals.count)
            }
        }
    }

    private func validateExports() throws(ValidationError) {
        // Names are compared as bytes: Swift's String equality would merge canonically
        // equivalent Unicode spellings that WebAssembly keeps apart.
        var names = Set<[UInt8]>()
        for export in module.exports {
            guard names.insert(Array(export.name.utf8)).inserted else { throw error("duplicate export name", 0) }
            switch export.descriptor {
            case .function(let index): _ = try functionType(index, at: 0)
            case .table(let index): _ = try table(index, at: 0)
            case .memory(let index): _ = try memory(index, at: 0)
            case .global(let index): _ = try global(index, at: 0)
            case .tag: throw error("unknown tag", 0)
            }
        }
    }

    private func checkLimits(_ limits: Limits, bound: UInt64, unit: String) throws(ValidationError) {
        if let max = limits.max, limits.min > max {
            throw error("size minimum must not be greater than maximum", 0)
        }
        if limits.min > bound || (limits.max ?? 0) > bound { throw error("\(unit) must be at most \(bound)", 0) }
    }

    private func checkMemoryLimits(_ memory: MemoryType) throws(ValidationError) {
        if memory.min > 65536 || (memory.max ?? 0) > 65536 {
            throw error("memory size must be at most 65536 pages (4GiB)", 0)
        }
        try checkLimits(memory, bound: 65536, unit: "memory size")
    }

    /// Constant expressions: `t.const`, `ref.null`, `ref.func`, `global.get` of an immutable
    /// global defined before, and the extended-const `i32/i64` add, sub and mul.
    /// <https://webassembly.github.io/spec/core/valid/instructions.html#constant-expressions>
    public func checkConstant(_ expression: ConstExpression, type expected: ValueType, visibleGlobals: Int)
        throws(ValidationError)
    {
        var stack: [ValueType] = []
        func pop(_ type: ValueType) throws(ValidationError) {
            guard let last = stack.popLast(), last == type else { throw error("type mismatch", 0) }
        }
        for instruction in expression {
            switch instruction {
            case .i32Const: stack.append(.i32)
            case .i64Const: stack.append(.i64)
            case .f32Const: stack.append(.f32)
            case .f64Const: stack.append(.f64)
            case .refNull(let heap):
                guard let type = referenceType(nullOf: heap) else {
                    throw error("unsupported heap type in constant expression", 0)
                }
                stack.append(.ref(type))
            case .refFunc(let index):
                _ = try functionType(index, at: 0)
                stack.append(.ref(.funcRef))
            case .globalGet(let index):
                guard Int(index) < visibleGlobals, Int(index) < globals.count else {
                    throw error("unknown global \(index)", 0)
                }
                let global = globals[Int(index)]
                guard global.mutability == .constant else { throw error("constant expression required", 0) }
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
            default: throw error("constant expression required", 0)
            }
        }
        guard stack == [expected] else { throw error("type mismatch", 0) }
    }
}

/// The reference type of `ref.null ht` for the heap types of Wasm 2.0.
public func referenceType(nullOf heap: HeapType) -> ReferenceType? {
    switch heap {
    case .abstract(.funcRef): .funcRef
    case .abstract(.externRef): .externRef
    default: nil
    }
}
