import Validator
import WasmParser
import WasmTypes

// Reference instructions and table instructions. Tables hold `void *` elements: a
// `const bsrt_func *` in funcref tables, the host's pointer in externref tables.
// <https://webassembly.github.io/spec/core/exec/instructions.html#table-instructions>
extension FunctionLowering {
    mutating func lowerReference(_ instruction: Instruction) throws {
        let table = layout.table
        switch instruction {
        case .refNull(let heap):
            guard let type = referenceType(nullOf: heap) else {
                throw UnsupportedFeatureError(feature: "gc", offset: binaryOffset)
            }
            try context.checkHeapType(heap, at: binaryOffset)
            try apply(operands: [], result: .ref(type)) { _ in cNull(heap) }
        case .refIsNull:
            let operand = try stack.pop()
            if let operand, case .ref = operand {} else if operand != nil { throw stack.error("type mismatch") }
            let base = stack.height
            stack.push(.i32)
            if isLive, let operand { emit("\(slot(base, .i32)) = (uint32_t)(\(operand.cIsNull(slot(base, operand))));") }
        case .refFunc(let index):
            _ = try context.functionType(index, at: binaryOffset)
            guard context.declaredFunctionReferences.contains(index) else {
                throw stack.error("undeclared function reference")
            }
            // `(ref $t)`: never null, of the function's own type (function references).
            let type = ReferenceType(isNullable: false, heapType: .concrete(typeIndex: context.functionTypeIndices[Int(index)]))
            try apply(operands: [], result: .ref(type)) { _ in "inst->funcs[\(index)]" }
        case .tableGet(let index):
            let type = try tableElementType(index)
            let at = try context.tableIndexType(index, at: binaryOffset)
            try apply(operands: [at], result: type) { "bsrt_table_get(\(table(index)), \($0[0]), FN)" }
        case .tableSet(let index):
            writtenTables.insert(index)
            let type = try tableElementType(index)
            let at = try context.tableIndexType(index, at: binaryOffset)
            try call(operands: [at, type]) { "bsrt_table_set(\(table(index)), \($0[0]), (void *)\($0[1]), FN)" }
        case .tableSize(let index):
            _ = try tableElementType(index)
            let at = try context.tableIndexType(index, at: binaryOffset)
            try apply(operands: [], result: at) { _ in "\(at == .i64 ? "(uint64_t)" : "")\(table(index))->size" }
        case .tableGrow(let index):
            writtenTables.insert(index)
            let type = try tableElementType(index)
            let at = try context.tableIndexType(index, at: binaryOffset)
            let grow = at == .i64 ? "bsrt_table_grow64" : "bsrt_table_grow"
            try apply(operands: [type, at], result: at) { "\(grow)(\(table(index)), (void *)\($0[0]), \($0[1]))" }
        case .tableFill(let index):
            writtenTables.insert(index)
            let type = try tableElementType(index)
            let at = try context.tableIndexType(index, at: binaryOffset)
            try call(operands: [at, type, at]) { "bsrt_table_fill(\(table(index)), \($0[0]), (void *)\($0[1]), \($0[2]), FN)" }
        case .tableCopy(let destination, let source):
            writtenTables.insert(destination)
            let destinationType = try tableElementType(destination)
            guard context.relation.isSubtype(try tableElementType(source), of: destinationType) else {
                throw stack.error("type mismatch")
            }
            let destinationIndex = try context.tableIndexType(destination, at: binaryOffset)
            let sourceIndex = try context.tableIndexType(source, at: binaryOffset)
            // As memory.copy: the length has the smaller of the two index types.
            let length: ValueType = destinationIndex == .i64 && sourceIndex == .i64 ? .i64 : .i32
            try call(operands: [destinationIndex, sourceIndex, length]) {
                "bsrt_table_copy(\(table(destination)), \(table(source)), \($0[0]), \($0[1]), \($0[2]), FN)"
            }
        case .tableInit(let elementIndex, let tableIndex):
            writtenTables.insert(tableIndex)
            let segment = try context.element(elementIndex, at: binaryOffset)
            guard context.relation.isSubtype(.ref(context.elementType(Int(elementIndex))), of: try tableElementType(tableIndex)) else {
                throw stack.error("type mismatch")
            }
            let refs = segment.initializer.isEmpty ? "NULL" : "inst->element\(elementIndex)"
            let at = try context.tableIndexType(tableIndex, at: binaryOffset)
            try call(operands: [at, .i32, .i32]) {
                "bsrt_table_init_segment(\(table(tableIndex)), \($0[0]), \(refs), inst->element_length[\(elementIndex)], \($0[1]), \($0[2]), FN)"
            }
        case .elemDrop(let index):
            _ = try context.element(index, at: binaryOffset)
            emit("inst->element_length[\(index)] = 0;")
        default:
            throw UnsupportedFeatureError(feature: featureName(of: instruction), offset: binaryOffset)
        }
    }

    private func tableElementType(_ index: UInt32) throws -> ValueType {
        .ref(try context.table(index, at: binaryOffset).elementType)
    }

}

