import Validator
import WasmParser
import WasmTypes

// The threads proposal: atomic loads, stores and read-modify-writes are sequentially
// consistent C11-style builtins on the memory's bytes (bsrt_ops.h), which trap when the
// address is unaligned; memory.atomic.wait/notify call the runtime, which parks the thread on
// the OS futex. Out of bounds traps as any access does (the guard region, or memory64's check).
// <https://github.com/WebAssembly/threads/blob/main/proposals/threads/Overview.md>
extension FunctionLowering {
    mutating func lowerAtomic(_ instruction: Instruction) throws {
        switch instruction {
        case .load(let load, let memarg):
            guard let (result, width) = load.atomicSignature else { return }
            let index = try addressType(memarg.memory)
            try checkMemArg(memarg, width: width, exact: true)
            try stack.pop(index)
            let base = stack.height
            stack.push(result)
            guard isLive else { return }
            let access = atomicAccess(memarg, width: width, indexAt: base)
            emit("\(slot(base, result)) = (\(result.cType))bsrt_atomic_load_u\(width * 8)(\(access), FN);")
        case .store(let store, let memarg):
            guard let (value, width) = store.atomicSignature else { return }
            let index = try addressType(memarg.memory)
            try checkMemArg(memarg, width: width, exact: true)
            try stack.pop(value)
            try stack.pop(index)
            let base = stack.height
            guard isLive else { return }
            let access = atomicAccess(memarg, width: width, indexAt: base)
            emit("bsrt_atomic_store_u\(width * 8)(\(access), \(slot(base + 1, value)), FN);")
        case .memoryAtomicWait32(let memarg), .memoryAtomicWait64(let memarg):
            let is32 = if case .memoryAtomicWait32 = instruction { true } else { false }
            let expected: ValueType = is32 ? .i32 : .i64
            let index = try addressType(memarg.memory)
            try checkMemArg(memarg, width: is32 ? 4 : 8, exact: true)
            try stack.pop(.i64)
            try stack.pop(expected)
            try stack.pop(index)
            let base = stack.height
            stack.push(.i32)
            guard isLive else { return }
            let address = waitAddress(memarg, width: is32 ? 4 : 8, indexAt: base)
            emit("\(slot(base, .i32)) = bsrt_memory_atomic_wait\(is32 ? 32 : 64)(\(layout.memory(memarg.memory)), \(address), \(slot(base + 1, expected)), (int64_t)\(slot(base + 2, .i64)), FN);")
        case .memoryAtomicNotify(let memarg):
            let index = try addressType(memarg.memory)
            try checkMemArg(memarg, width: 4, exact: true)
            try stack.pop(.i32)
            try stack.pop(index)
            let base = stack.height
            stack.push(.i32)
            guard isLive else { return }
            let address = waitAddress(memarg, width: 4, indexAt: base)
            emit("\(slot(base, .i32)) = bsrt_memory_atomic_notify(\(layout.memory(memarg.memory)), \(address), \(slot(base + 1, .i32)), FN);")
        case .atomicFence:
            emit("bsrt_atomic_fence();")
        default:
            guard let rmw = instruction.atomicReadModifyWrite else {
                throw UnsupportedFeatureError(feature: featureName(of: instruction), offset: binaryOffset)
            }
            let index = try addressType(rmw.memarg.memory)
            try checkMemArg(rmw.memarg, width: rmw.width, exact: true)
            let operands = rmw.operation == .cmpxchg ? [rmw.type, rmw.type] : [rmw.type]
            try stack.pop(operands)
            try stack.pop(index)
            let base = stack.height
            stack.push(rmw.type)
            guard isLive else { return }
            let access = atomicAccess(rmw.memarg, width: rmw.width, indexAt: base)
            let values = operands.indices.map { slot(base + 1 + $0, rmw.type) }.joined(separator: ", ")
            emit("\(slot(base, rmw.type)) = (\(rmw.type.cType))bsrt_atomic_\(rmw.operation.rawValue)_u\(rmw.width * 8)(\(access), \(values), FN);")
        }
    }

    /// The leading arguments of an atomic access helper: memory base, memory and address.
    private mutating func atomicAccess(_ memarg: MemArg, width: Int, indexAt height: Int) -> String {
        let address = effectiveAddress(memarg, width: width, indexAt: height)
        return "\(memoryBase(memarg.memory)), \(layout.memory(memarg.memory)), \(address)"
    }

    /// wait/notify check bounds in the runtime: a 32-bit memory passes the plain sum.
    private mutating func waitAddress(_ memarg: MemArg, width: Int, indexAt height: Int) -> String {
        effectiveAddress(memarg, width: width, indexAt: height)
    }
}
