import Validator
import WasmParser
import WasmTypes

// Direct calls are C calls; imported functions are called through their bsrt_func (or, when
// bound to the runtime at translate time, directly); call_indirect checks the table element.
// <https://webassembly.github.io/spec/core/exec/instructions.html#xref-syntax-instructions-syntax-instr-control-mathsf-call-indirect-x-y>
extension FunctionLowering {
    mutating func lowerCall(_ instruction: Instruction) throws {
        switch instruction {
        case .call(let index):
            let callee = try context.functionType(index, at: binaryOffset)
            try stack.pop(callee.parameters)
            let base = stack.height
            stack.push(callee.results)
            guard isLive else { return }
            let arguments = callee.parameters.enumerated().map { slot(base + $0.offset, $0.element) }
            let target: String
            var firstArgument = "self"
            if let host = names.hostCall(index) {
                target = host
            } else if Int(index) < context.importedFunctionCount {
                target = "((\(callee.cPointerType))inst->funcs[\(index)]->code)"
                firstArgument = "inst->funcs[\(index)]->instance"
            } else {
                target = names.function(index)
            }
            emitCall("\(target)(\(([firstArgument] + arguments).joined(separator: ", ")))", results: callee.results, at: base)
        case .callIndirect(let typeIndex, let tableIndex):
            let callee = try context.type(typeIndex, at: binaryOffset)
            let table = try context.table(tableIndex, at: binaryOffset)
            guard context.relation.isSubtype(.ref(table.elementType), of: .ref(.funcRef)) else { throw stack.error("type mismatch") }
            let at: ValueType = table.limits.isMemory64 ? .i64 : .i32
            try stack.pop(at)
            let element = slot(stack.height, at)
            try stack.pop(callee.parameters)
            let base = stack.height
            stack.push(callee.results)
            guard isLive else { return }
            let arguments = callee.parameters.enumerated().map { slot(base + $0.offset, $0.element) }
            // The header's call function checks the element and calls it (ModuleLowering+CallTargets.swift).
            let call = IndirectCall(table: tableIndex, type: layout.canonicalTypes[Int(typeIndex)])
            indirectCalls.insert(call)
            let function = names.indirectCall(table: call.table, type: call.type)
            emitCall("\(function)(\((["self", element, "FN"] + arguments).joined(separator: ", ")))", results: callee.results, at: base)
        default:
            throw UnsupportedFeatureError(feature: featureName(of: instruction), offset: binaryOffset)
        }
    }

    /// Assigns a call's results to the slots starting at `base`.
    mutating func emitCall(_ call: String, results: [ValueType], at base: Int) {
        switch results.count {
        case 0: emit("\(call);")
        case 1: emit("\(slot(base, results[0])) = \(call);")
        default:
            let type = FunctionType(parameters: [], results: results)
            var statement = "{ struct \(type.resultsStructName) r = \(call);"
            for (index, result) in results.enumerated() { statement += " \(slot(base + index, result)) = r.r\(index);" }
            emit(statement + " }")
        }
    }
}
