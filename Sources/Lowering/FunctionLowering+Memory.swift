import Validator
import WasmParser
import WasmTypes

// Loads and stores compute the effective address in 64 bits and access the memory base
// directly: for a 32-bit memory the runtime's guard pages turn an out-of-bounds access into a
// trap; a memory64 access is checked explicitly.
// <https://webassembly.github.io/spec/core/exec/instructions.html#memory-instructions>
extension FunctionLowering {
    mutating func lowerMemory(_ instruction: Instruction) throws {
        let layout = self.layout
        switch instruction {
        case .load(let load, let memarg):
            if load.atomicSignature != nil { return try lowerAtomic(instruction) }
            guard let (result, width) = load.scalarSignature else { return try lowerSIMD(instruction) }
            let index = try addressType(memarg.memory)
            try checkMemArg(memarg, width: width, exact: false)
            try stack.pop(index)
            let base = stack.height
            stack.push(result)
            guard isLive else { return }
            let address = effectiveAddress(memarg, width: width, indexAt: base)
            emit("\(slot(base, result)) = bsrt_\(load.cName)\(keptSuffix)(\(memoryBase(memarg.memory)), \(address));")
        case .store(let store, let memarg):
            if store.atomicSignature != nil { return try lowerAtomic(instruction) }
            guard let (value, width) = store.scalarSignature else { return try lowerSIMD(instruction) }
            let index = try addressType(memarg.memory)
            try checkMemArg(memarg, width: width, exact: false)
            try stack.pop(value)
            try stack.pop(index)
            let base = stack.height
            guard isLive else { return }
            let address = effectiveAddress(memarg, width: width, indexAt: base)
            emit("bsrt_\(store.cName)(\(memoryBase(memarg.memory)), \(address), \(slot(base + 1, value)));")
        case .memorySize(let memory):
            let index = try addressType(memory)
            let size = index == .i64 ? "bsrt_memory64_size_pages" : "bsrt_memory_size_pages"
            try apply(operands: [], result: index) { _ in "\(size)(\(layout.memory(memory)))" }
        case .memoryGrow(let memory):
            let index = try addressType(memory)
            let grow = index == .i64 ? "bsrt_memory_grow64" : "bsrt_memory_grow"
            try apply(operands: [index], result: index) { "\(grow)(\(layout.memory(memory)), \($0[0]))" }
        case .memoryFill(let memory):
            let index = try addressType(memory)
            let base = memoryBase(memory)
            try call(operands: [index, .i32, index]) { "bsrt_memory_fill_in(\(layout.memory(memory)), \(base), \($0[0]), \($0[1]), \($0[2]), FN)" }
        case .memoryCopy(let destination, let source):
            let destinationIndex = try addressType(destination)
            let sourceIndex = try addressType(source)
            // memory64: the length has the smaller of the two index types.
            let length: ValueType = destinationIndex == .i64 && sourceIndex == .i64 ? .i64 : .i32
            // Inline (bsrt_ops.h): the bounds checks, then memmove on the bases the function
            // holds; clang expands a constant length in place. CPython's workload 1.40 -> 1.37x
            // native, its cold build unchanged (BENCHMARKS.md, "third round").
            let bases = (memoryBase(destination), memoryBase(source))
            try call(operands: [destinationIndex, sourceIndex, length]) {
                "bsrt_memory_copy_in(\(layout.memory(destination)), \(bases.0), \(layout.memory(source)), \(bases.1), \($0[0]), \($0[1]), \($0[2]), FN)"
            }
        case .memoryInit(let data, let memory):
            let index = try addressType(memory)
            try context.checkData(data, at: binaryOffset)
            let segment = names.dataSegment(data)
            try call(operands: [index, .i32, .i32]) {
                "bsrt_memory_init_segment(\(layout.memory(memory)), \($0[0]), \(segment), inst->data_length[\(data)], \($0[1]), \($0[2]), FN)"
            }
        case .dataDrop(let data):
            try context.checkData(data, at: binaryOffset)
            emit("inst->data_length[\(data)] = 0;")
        default:
            throw UnsupportedFeatureError(feature: featureName(of: instruction), offset: binaryOffset)
        }
    }

    /// The type of memory `index`'s addresses: i32, or i64 for a memory64. Throws for a memory
    /// the module does not have.
    func addressType(_ index: UInt32) throws -> ValueType {
        return try context.memory(index, at: binaryOffset).isMemory64 ? .i64 : .i32
    }

    /// Checks a memarg: the memory exists, the alignment is at most natural (exactly natural for
    /// atomics, which the threads proposal requires), the offset fits the index type.
    func checkMemArg(_ memarg: MemArg, width: Int, exact: Bool) throws {
        let index = try addressType(memarg.memory)
        guard memarg.align < 64, (UInt64(1) << UInt64(memarg.align)) <= UInt64(width) else {
            throw stack.error("alignment must not be larger than natural")
        }
        if exact && (UInt64(1) << UInt64(memarg.align)) != UInt64(width) {
            throw stack.error("atomic alignment must be natural")
        }
        if index == .i32 && memarg.offset > UInt64(UInt32.max) { throw stack.error("offset out of range") }
    }

    /// The C expression of an access's effective address. A 32-bit memory needs no check (its
    /// guard region covers every index + offset); a memory64 checks the whole access
    /// explicitly, offset overflow included (bsrt_ops.h `bsrt_ea64`). The index is the operand
    /// at `height`.
    mutating func effectiveAddress(_ memarg: MemArg, width: Int, indexAt height: Int) -> String {
        let is64 = layout.memories[Int(memarg.memory)].is64
        let index = slot(height, is64 ? .i64 : .i32)
        // -g checks every access explicitly, so that an out-of-bounds one traps with FN, which
        // names its source line (a guard-page fault only knows the machine code's function).
        if is64 || debugLines != nil {
            return "bsrt_ea64(\(layout.memory(memarg.memory)), \(index), \(cHex64(memarg.offset)), \(width), FN)"
        }
        if let address = wideAddress(ofOperandAt: height, offset: memarg.offset) { return address }
        return "(uint64_t)\(index) + \(memarg.offset)u"
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
