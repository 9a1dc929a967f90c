import Validator
import WasmParser
import WasmTypes

// Tail calls (`return_call`, `return_call_indirect`) in constant native stack.
// <https://github.com/WebAssembly/tail-call/blob/main/proposals/tail-call/Overview.md>
//
// Two ways, chosen per function at translate time (runtime-c/include/bsrt_ops.h, "Tail calls"):
// - a *direct* function, whose every tail call reaches a callee with its own C signature, ends
//   the call with `BSRT_MUSTTAIL return callee(...)`: a jump, no cost at all;
// - a *uniform* function, one with a tail call to a callee of another signature, keeps its body
//   behind the signature `R <prefix>_tail<N>(bsrt_instance *self)`, which takes its arguments
//   from `bsrt_tail_args`; its tail calls store the callee's arguments there and jump
//   (musttail) to the callee's tail entry. `<prefix>_f<N>` stays the entry every other caller
//   uses: it stores its arguments and calls the tail entry.
// A tail call to an import is an ordinary call then a return: host functions do not recurse.
extension FunctionLowering {
    /// Whether the body must run behind the uniform signature: some tail call in it cannot be
    /// a musttail call with this function's own signature.
    func needsUniformSignature(_ body: [(instruction: Instruction, offset: Int)]) -> Bool {
        guard type.parameters.count <= Self.maxTailArguments else { return false }
        return body.contains { entry in
            let callee: FunctionType?
            switch entry.instruction {
            case .returnCall(let index):
                guard Int(index) >= context.importedFunctionCount else { return false }
                callee = try? context.functionType(index, at: entry.offset)
            case .returnCallIndirect(let typeIndex, _), .returnCallRef(let typeIndex):
                callee = try? context.type(typeIndex, at: entry.offset)
            default:
                return false
            }
            guard let callee, callee.parameters.count <= Self.maxTailArguments else { return false }
            return !callee.hasSameCSignature(as: type)
        }
    }

    /// BSRT_TAIL_MAX_ARGS: a type with more parameters makes ordinary calls instead.
    static let maxTailArguments = 1000

    mutating func lowerTailCall(_ instruction: Instruction) throws {
        switch instruction {
        case .returnCall(let index):
            let callee = try context.functionType(index, at: binaryOffset)
            try requireTailResults(callee)
            try stack.pop(callee.parameters)
            let arguments = callee.parameters.enumerated().map { slot(stack.height + $0.offset, $0.element) }
            // The frame goes first, and with it its exception handlers (FunctionLowering+Exceptions).
            emitExceptionExits(toFrame: 0)
            if let host = names.hostCall(index) {
                emit("return \(host)(\((["self"] + arguments).joined(separator: ", ")));")
            } else if Int(index) < context.importedFunctionCount {
                let code = "((\(callee.cPointerType))inst->funcs[\(index)]->code)"
                emit("return \(code)(\((["inst->funcs[\(index)]->instance"] + arguments).joined(separator: ", ")));")
            } else if !isUniform {
                emit("BSRT_MUSTTAIL return \(names.function(index))(\((["self"] + arguments).joined(separator: ", ")));")
            } else if callee.parameters.count > Self.maxTailArguments {
                emit("return \(names.function(index))(\((["self"] + arguments).joined(separator: ", ")));")
            } else {
                storeTailArguments(arguments)
                emit("BSRT_MUSTTAIL return \(names.tailEntry(index))(self);")
                if isLive { tailEntryTargets.insert(index) }
            }
            endLiveCode()
        case .returnCallIndirect(let typeIndex, let tableIndex):
            let callee = try context.type(typeIndex, at: binaryOffset)
            try requireTailResults(callee)
            let table = try context.table(tableIndex, at: binaryOffset)
            guard context.relation.isSubtype(.ref(table.elementType), of: .ref(.funcRef)) else { throw stack.error("type mismatch") }
            let at: ValueType = table.limits.isMemory64 ? .i64 : .i32
            try stack.pop(at)
            let element = slot(stack.height, at)
            try stack.pop(callee.parameters)
            let arguments = callee.parameters.enumerated().map { slot(stack.height + $0.offset, $0.element) }
            emit("callee = bsrt_table_func(\(layout.table(tableIndex)), \(element), inst->type_ids[\(typeIndex)], FN);")
            if isLive { slots["callee"] = "const bsrt_func *" }
            emitTailCall(through: "callee", type: callee, arguments: arguments)
            endLiveCode()
        default:
            throw UnsupportedFeatureError(feature: featureName(of: instruction), offset: binaryOffset)
        }
    }

    /// A tail call returns the callee's results as the caller's: they must match.
    func requireTailResults(_ callee: FunctionType) throws {
        guard callee.results.count == type.results.count,
            zip(callee.results, type.results).allSatisfy({ context.relation.isSubtype($0, of: $1) })
        else { throw stack.error("type mismatch") }
    }

    /// A tail call through a `const bsrt_func *` (a table element or a function reference).
    mutating func emitTailCall(through function: String, type callee: FunctionType, arguments: [String]) {
        emitExceptionExits(toFrame: 0)
        let ordinary = "((\(callee.cPointerType))\(function)->code)(\(([function + "->instance"] + arguments).joined(separator: ", ")))"
        if !isUniform {
            emit("BSRT_MUSTTAIL return \(ordinary);")
        } else if callee.parameters.count > Self.maxTailArguments {
            emit("return \(ordinary);")
        } else {
            // A function without a tail entry (defined by a module that made none for it) is
            // called the ordinary way: correct, but one native frame deeper.
            emit("if (\(function)->tail_code != NULL) {")
            storeTailArguments(arguments)
            emit("  BSRT_MUSTTAIL return ((\(callee.cReturnType) (*)(bsrt_instance *))\(function)->tail_code)(\(function)->instance);")
            emit("}")
            emit("return \(ordinary);")
            if isLive { indirectTailTypes.insert(callee.signature) }
        }
    }

    /// Copies a uniform tail call's arguments into `bsrt_tail_args`.
    mutating func storeTailArguments(_ arguments: [String]) {
        for (index, argument) in arguments.enumerated() {
            emit("memcpy(&bsrt_tail_args[\(index)], &\(argument), sizeof \(argument));")
        }
    }
}

extension FunctionType {
    /// Same parameter and result C types: a musttail call from one to the other is allowed.
    func hasSameCSignature(as other: FunctionType) -> Bool {
        cReturnType == other.cReturnType && parameters.map(\.cType) == other.parameters.map(\.cType)
    }
}
