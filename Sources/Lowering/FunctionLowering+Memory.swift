import Validator
import WasmParser
import WasmTypes

// Loads and stores compute the effective address in 64 bits and access the memory base
// directly: the runtime's guard pages turn an out-of-bounds access into a trap.
// <https://webassembly.github.io/spec/core/exec/instructions.html#memory-instructions>
extension FunctionLowering {
    mutating func lowerMemory(_ instruction: Instruction) throws {
        let layout = self.layout
        switch instruction {
        case .load(let load, let memarg):
            guard let (result, width) = load.scalarSignature else {
                throw UnsupportedFeatureError(feature: featureName(of: instruction), offset: binaryOffset)
            }
            let address = try effectiveAddress(memarg, width: width)
            let mem = memoryBase(memarg.memory)
            try apply(operands: [.i32], result: result) { "bsrt_\(load.cName)(\(mem), (uint64_t)\($0[0]) + \(address))" }
            if barrieredLoads.contains(instructionIndex) {
                // The value may be dead: keep the access, which is what traps out of bounds.
                let keep = result == .f32 || result == .f64 ? "BSRT_KEEP_FLOAT" : "BSRT_KEEP_INT"
                emit("\(keep)(\(slot(stack.height - 1, result)));")
            }
        case .store(let store, let memarg):
            guard let (value, width) = store.scalarSignature else {
                throw UnsupportedFeatureError(feature: featureName(of: instruction), offset: binaryOffset)
            }
            let address = try effectiveAddress(memarg, width: width)
            try stack.pop(value)
            try stack.pop(.i32)
            let base = stack.height
            emit("bsrt_\(store.cName)(\(memoryBase(memarg.memory)), (uint64_t)\(slot(base, .i32)) + \(address), \(slot(base + 1, value)));")
        case .memorySize(let memory):
            try requireMemory(memory)
            try apply(operands: [], result: .i32) { _ in "bsrt_memory_size_pages(\(layout.memory(memory)))" }
        case .memoryGrow(let memory):
            try requireMemory(memory)
            try apply(operands: [.i32], result: .i32) { "bsrt_memory_grow(\(layout.memory(memory)), \($0[0]))" }
        case .memoryFill(let memory):
            try requireMemory(memory)
            try call(operands: [.i32, .i32, .i32]) { "bsrt_memory_fill(\(layout.memory(memory)), \($0[0]), \($0[1]), \($0[2]), FN)" }
        case .memoryCopy(let destination, let source):
            try requireMemory(destination)
            try requireMemory(source)
            try call(operands: [.i32, .i32, .i32]) {
                "bsrt_memory_copy(\(layout.memory(destination)), \(layout.memory(source)), \($0[0]), \($0[1]), \($0[2]), FN)"
            }
        case .memoryInit(let data, let memory):
            try requireMemory(memory)
            try context.checkData(data, at: binaryOffset)
            let segment = names.dataSegment(data)
            try call(operands: [.i32, .i32, .i32]) {
                "bsrt_memory_init_segment(\(layout.memory(memory)), \($0[0]), \(segment), inst->data_length[\(data)], \($0[1]), \($0[2]), FN)"
            }
        case .dataDrop(let data):
            try context.checkData(data, at: binaryOffset)
            emit("inst->data_length[\(data)] = 0;")
        default:
            throw UnsupportedFeatureError(feature: featureName(of: instruction), offset: binaryOffset)
        }
    }

    func requireMemory(_ index: UInt32) throws {
        if index > 0 && Int(index) < context.memories.count {
            throw UnsupportedFeatureError(feature: "multi-memory", offset: binaryOffset)
        }
        _ = try context.memory(index, at: binaryOffset)
    }

    /// Checks the memarg and returns the C spelling of its offset.
    private func effectiveAddress(_ memarg: MemArg, width: Int) throws -> String {
        try requireMemory(memarg.memory)
        guard memarg.align < 64, (UInt64(1) << UInt64(memarg.align)) <= UInt64(width) else {
            throw stack.error("alignment must not be larger than natural")
        }
        guard memarg.offset <= UInt64(UInt32.max) else { throw stack.error("offset out of range") }
        return "\(memarg.offset)u"
    }

    /// Pops `operands` and emits `statement(operand slots);`.
    mutating func call(operands: [ValueType], _ statement: ([String]) -> String) throws {
        try stack.pop(operands)
        let base = stack.height
        guard isLive else { return }
        let names = operands.enumerated().map { slot(base + $0.offset, $0.element) }
        emit(statement(names) + ";")
    }
}

extension Instruction.Load {
    /// The bsrt_ops.h helper name without its prefix: "i32_load8_s".
    var cName: String {
        switch self {
        case .i32Load: "i32_load"
        case .i64Load: "i64_load"
        case .f32Load: "f32_load"
        case .f64Load: "f64_load"
        case .i32Load8S: "i32_load8_s"
        case .i32Load8U: "i32_load8_u"
        case .i32Load16S: "i32_load16_s"
        case .i32Load16U: "i32_load16_u"
        case .i64Load8S: "i64_load8_s"
        case .i64Load8U: "i64_load8_u"
        case .i64Load16S: "i64_load16_s"
        case .i64Load16U: "i64_load16_u"
        case .i64Load32S: "i64_load32_s"
        case .i64Load32U: "i64_load32_u"
        default: "unsupported_load"
        }
    }
}

extension Instruction.Store {
    var cName: String {
        switch self {
        case .i32Store: "i32_store"
        case .i64Store: "i64_store"
        case .f32Store: "f32_store"
        case .f64Store: "f64_store"
        case .i32Store8: "i32_store8"
        case .i32Store16: "i32_store16"
        case .i64Store8: "i64_store8"
        case .i64Store16: "i64_store16"
        case .i64Store32: "i64_store32"
        default: "unsupported_store"
        }
    }
}
