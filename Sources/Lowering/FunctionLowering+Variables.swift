import Validator
import WasmParser
import WasmTypes

// drop, select, locals and globals.
// <https://webassembly.github.io/spec/core/valid/instructions.html#variable-instructions>
extension FunctionLowering {
    mutating func lowerVariable(_ instruction: Instruction) throws {
        switch instruction {
        case .drop:
            try stack.pop()
        case .select:
            try stack.pop(.i32)
            let second = try stack.pop()
            let first = try stack.pop()
            if let first, let second, first != second { throw stack.error("type mismatch") }
            let type = first ?? second
            if let type, case .ref = type { throw stack.error("type mismatch") }
            try select(type ?? .i32, pushing: type)
        case .typedSelect(let type):
            try requireSupported([type])
            try stack.pop(.i32)
            try stack.pop(type)
            try stack.pop(type)
            try select(type, pushing: type)
        case .localGet(let index):
            let type = try localType(index)
            // A local without a default value (a non-nullable reference) must have been set in
            // an enclosing block first.
            guard type.isDefaultable || Int(index) < self.type.parameters.count || initializedLocals.contains(index) else {
                throw stack.error("uninitialized local")
            }
            emit("\(slot(stack.height, type)) = \(local(index));")
            stack.push(type)
        case .localSet(let index):
            let type = try localType(index)
            try stack.pop(type)
            if !type.isDefaultable { initializedLocals.insert(index) }
            emit("\(local(index)) = \(slot(stack.height, type));")
        case .localTee(let index):
            let type = try localType(index)
            try stack.pop(type)
            if !type.isDefaultable { initializedLocals.insert(index) }
            emit("\(local(index)) = \(slot(stack.height, type));")
            stack.push(type)
        case .globalGet(let index):
            let type = try context.global(index, at: binaryOffset)
            emit("\(slot(stack.height, type.valueType)) = \(global(index));")
            stack.push(type.valueType)
        case .globalSet(let index):
            let type = try context.global(index, at: binaryOffset)
            guard type.mutability == .variable else { throw stack.error("global is immutable") }
            try stack.pop(type.valueType)
            emit("\(global(index)) = \(slot(stack.height, type.valueType));")
        default:
            throw UnsupportedFeatureError(feature: featureName(of: instruction), offset: binaryOffset)
        }
    }

    /// Checks the value types an instruction names: GC's references are refused as unsupported;
    /// a typed reference must name a type the module has.
    func requireSupported(_ types: [ValueType]) throws {
        for type in types {
            switch type {
            case .i32, .i64, .f32, .f64, .v128: continue
            case .ref(let ref):
                guard referenceType(nullOf: ref.heapType) != nil else {
                    throw UnsupportedFeatureError(feature: "gc", offset: binaryOffset)
                }
                try context.checkHeapType(ref.heapType, at: binaryOffset)
            }
        }
    }

    func localType(_ index: UInt32) throws(ValidationError) -> ValueType {
        guard Int(index) < locals.count else { throw stack.error("unknown local \(index)") }
        return locals[Int(index)]
    }

    /// The operands were popped: first at height h, second at h+1, condition at h+2.
    private mutating func select(_ type: ValueType, pushing pushed: ValueType?) throws {
        let base = stack.height
        stack.push(pushed)
        guard isLive else { return }
        let condition = slot(base + 2, .i32)
        emit("if (!\(condition)) \(slot(base, type)) = \(slot(base + 1, type));")
    }
}
