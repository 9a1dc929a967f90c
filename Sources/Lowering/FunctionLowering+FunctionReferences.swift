import Validator
import WasmParser
import WasmTypes

// Typed function references: calls through a `(ref null $t)`, the null checks and the branches
// on null. A reference is the same `const bsrt_func *` (or `void *`) whatever its static type,
// so subtyping needs no conversion in C.
// <https://github.com/WebAssembly/function-references/blob/main/proposals/function-references/Overview.md>
extension FunctionLowering {
    mutating func lowerFunctionReference(_ instruction: Instruction) throws {
        switch instruction {
        case .refAsNonNull:
            let operand = try popReference()
            let base = stack.height
            stack.push(operand.map { .ref(ReferenceType(isNullable: false, heapType: $0.heapType)) })
            if isLive, let operand {
                emit("if (BSRT_UNLIKELY(\(ValueType.ref(operand).cIsNull(slot(base, .ref(operand)))))) bsrt_trap(BSRT_TRAP_NULL_REFERENCE, FN);")
            }
        case .brOnNull(let depth):
            let operand = try popReference()
            let target = try stack.frame(atDepth: depth)
            try stack.pop(target.labelTypes)
            let height = stack.height
            stack.push(target.labelTypes)
            stack.push(operand.map { .ref(ReferenceType(isNullable: false, heapType: $0.heapType)) })
            if isLive, let operand {
                lines.append("  if (\(ValueType.ref(operand).cIsNull(slot(stack.height - 1, .ref(operand))))) {")
                branch(toDepth: Int(depth), values: target.labelTypes, above: height)
                lines.append("  }")
            }
        case .brOnNonNull(let depth):
            let operand = try popReference()
            let target = try stack.frame(atDepth: depth)
            // The label takes the values below and, last, the reference itself (now non-null).
            guard let last = target.labelTypes.last, case .ref = last else { throw stack.error("type mismatch") }
            if let operand, !context.relation.isSubtype(.ref(ReferenceType(isNullable: false, heapType: operand.heapType)), of: last) {
                throw stack.error("type mismatch")
            }
            let below = Array(target.labelTypes.dropLast())
            try stack.pop(below)
            let height = stack.height
            stack.push(below)
            if isLive, let operand {
                lines.append("  if (\(ValueType.ref(operand).cIsNotNull(slot(height + below.count, .ref(operand))))) {")
                branch(toDepth: Int(depth), values: target.labelTypes, above: height)
                lines.append("  }")
            }
        case .callRef(let typeIndex):
            let callee = try context.type(typeIndex, at: binaryOffset)
            try stack.pop(.ref(ReferenceType(isNullable: true, heapType: .concrete(typeIndex: typeIndex))))
            let function = slot(stack.height, .ref(.funcRef))
            try stack.pop(callee.parameters)
            let base = stack.height
            stack.push(callee.results)
            guard isLive else { return }
            let arguments = callee.parameters.enumerated().map { slot(base + $0.offset, $0.element) }
            emit("if (BSRT_UNLIKELY(\(function) == NULL)) bsrt_trap(BSRT_TRAP_NULL_FUNCTION_REFERENCE, FN);")
            emitCall("((\(callee.cPointerType))\(function)->code)(\(([function + "->instance"] + arguments).joined(separator: ", ")))",
                     results: callee.results, at: base)
        case .returnCallRef(let typeIndex):
            let callee = try context.type(typeIndex, at: binaryOffset)
            try requireTailResults(callee)
            try stack.pop(.ref(ReferenceType(isNullable: true, heapType: .concrete(typeIndex: typeIndex))))
            let function = slot(stack.height, .ref(.funcRef))
            try stack.pop(callee.parameters)
            let arguments = callee.parameters.enumerated().map { slot(stack.height + $0.offset, $0.element) }
            emit("if (BSRT_UNLIKELY(\(function) == NULL)) bsrt_trap(BSRT_TRAP_NULL_FUNCTION_REFERENCE, FN);")
            emitTailCall(through: function, type: callee, arguments: arguments)
            endLiveCode()
        default:
            throw UnsupportedFeatureError(feature: featureName(of: instruction), offset: binaryOffset)
        }
    }

    /// Pops an operand that must be a reference; nil when it comes from the polymorphic stack.
    private mutating func popReference() throws -> ReferenceType? {
        guard let operand = try stack.pop() else { return nil }
        guard case .ref(let reference) = operand else { throw stack.error("type mismatch") }
        return reference
    }
}
