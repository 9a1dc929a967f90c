import WasmParser
import WasmTypes

// Operand types and access widths of the threads proposal's instructions: one table each for
// the atomic loads and stores (members of WasmParser's Load/Store families) and for the
// read-modify-write instructions (top-level cases of Instruction).
// <https://github.com/WebAssembly/threads/blob/main/proposals/threads/Overview.md>

/// The operation of an atomic read-modify-write instruction.
public enum AtomicOperation: String, Sendable {
    case add, sub, and, or, xor, xchg, cmpxchg
}

/// An atomic read-modify-write instruction: `<type>.atomic.rmw<width>.<op>`.
public struct AtomicReadModifyWrite: Sendable, Equatable {
    public var operation: AtomicOperation
    /// The type of the operand(s) and the result.
    public var type: ValueType
    /// The access width in bytes (the exact alignment the memarg must have).
    public var width: Int
    public var memarg: MemArg
}

extension Instruction.Load {
    /// An atomic load's result type and access width; nil for every other load.
    public var atomicSignature: (result: ValueType, width: Int)? {
        switch self {
        case .i32AtomicLoad: (.i32, 4)
        case .i64AtomicLoad: (.i64, 8)
        case .i32AtomicLoad8U: (.i32, 1)
        case .i32AtomicLoad16U: (.i32, 2)
        case .i64AtomicLoad8U: (.i64, 1)
        case .i64AtomicLoad16U: (.i64, 2)
        case .i64AtomicLoad32U: (.i64, 4)
        default: nil
        }
    }
}

extension Instruction.Store {
    /// An atomic store's value type and access width; nil for every other store.
    public var atomicSignature: (value: ValueType, width: Int)? {
        switch self {
        case .i32AtomicStore: (.i32, 4)
        case .i64AtomicStore: (.i64, 8)
        case .i32AtomicStore8: (.i32, 1)
        case .i32AtomicStore16: (.i32, 2)
        case .i64AtomicStore8: (.i64, 1)
        case .i64AtomicStore16: (.i64, 2)
        case .i64AtomicStore32: (.i64, 4)
        default: nil
        }
    }
}

extension Instruction {
    /// The read-modify-write instruction this is, if it is one.
    public var atomicReadModifyWrite: AtomicReadModifyWrite? {
        func rmw(_ operation: AtomicOperation, _ type: ValueType, _ width: Int, _ memarg: MemArg) -> AtomicReadModifyWrite {
            AtomicReadModifyWrite(operation: operation, type: type, width: width, memarg: memarg)
        }
        switch self {
        case .i32AtomicRmwAdd(let m): return rmw(.add, .i32, 4, m)
        case .i64AtomicRmwAdd(let m): return rmw(.add, .i64, 8, m)
        case .i32AtomicRmw8AddU(let m): return rmw(.add, .i32, 1, m)
        case .i32AtomicRmw16AddU(let m): return rmw(.add, .i32, 2, m)
        case .i64AtomicRmw8AddU(let m): return rmw(.add, .i64, 1, m)
        case .i64AtomicRmw16AddU(let m): return rmw(.add, .i64, 2, m)
        case .i64AtomicRmw32AddU(let m): return rmw(.add, .i64, 4, m)
        case .i32AtomicRmwSub(let m): return rmw(.sub, .i32, 4, m)
        case .i64AtomicRmwSub(let m): return rmw(.sub, .i64, 8, m)
        case .i32AtomicRmw8SubU(let m): return rmw(.sub, .i32, 1, m)
        case .i32AtomicRmw16SubU(let m): return rmw(.sub, .i32, 2, m)
        case .i64AtomicRmw8SubU(let m): return rmw(.sub, .i64, 1, m)
        case .i64AtomicRmw16SubU(let m): return rmw(.sub, .i64, 2, m)
        case .i64AtomicRmw32SubU(let m): return rmw(.sub, .i64, 4, m)
        case .i32AtomicRmwAnd(let m): return rmw(.and, .i32, 4, m)
        case .i64AtomicRmwAnd(let m): return rmw(.and, .i64, 8, m)
        case .i32AtomicRmw8AndU(let m): return rmw(.and, .i32, 1, m)
        case .i32AtomicRmw16AndU(let m): return rmw(.and, .i32, 2, m)
        case .i64AtomicRmw8AndU(let m): return rmw(.and, .i64, 1, m)
        case .i64AtomicRmw16AndU(let m): return rmw(.and, .i64, 2, m)
        case .i64AtomicRmw32AndU(let m): return rmw(.and, .i64, 4, m)
        case .i32AtomicRmwOr(let m): return rmw(.or, .i32, 4, m)
        case .i64AtomicRmwOr(let m): return rmw(.or, .i64, 8, m)
        case .i32AtomicRmw8OrU(let m): return rmw(.or, .i32, 1, m)
        case .i32AtomicRmw16OrU(let m): return rmw(.or, .i32, 2, m)
        case .i64AtomicRmw8OrU(let m): return rmw(.or, .i64, 1, m)
        case .i64AtomicRmw16OrU(let m): return rmw(.or, .i64, 2, m)
        case .i64AtomicRmw32OrU(let m): return rmw(.or, .i64, 4, m)
        case .i32AtomicRmwXor(let m): return rmw(.xor, .i32, 4, m)
        case .i64AtomicRmwXor(let m): return rmw(.xor, .i64, 8, m)
        case .i32AtomicRmw8XorU(let m): return rmw(.xor, .i32, 1, m)
        case .i32AtomicRmw16XorU(let m): return rmw(.xor, .i32, 2, m)
        case .i64AtomicRmw8XorU(let m): return rmw(.xor, .i64, 1, m)
        case .i64AtomicRmw16XorU(let m): return rmw(.xor, .i64, 2, m)
        case .i64AtomicRmw32XorU(let m): return rmw(.xor, .i64, 4, m)
        case .i32AtomicRmwXchg(let m): return rmw(.xchg, .i32, 4, m)
        case .i64AtomicRmwXchg(let m): return rmw(.xchg, .i64, 8, m)
        case .i32AtomicRmw8XchgU(let m): return rmw(.xchg, .i32, 1, m)
        case .i32AtomicRmw16XchgU(let m): return rmw(.xchg, .i32, 2, m)
        case .i64AtomicRmw8XchgU(let m): return rmw(.xchg, .i64, 1, m)
        case .i64AtomicRmw16XchgU(let m): return rmw(.xchg, .i64, 2, m)
        case .i64AtomicRmw32XchgU(let m): return rmw(.xchg, .i64, 4, m)
        case .i32AtomicRmwCmpxchg(let m): return rmw(.cmpxchg, .i32, 4, m)
        case .i64AtomicRmwCmpxchg(let m): return rmw(.cmpxchg, .i64, 8, m)
        case .i32AtomicRmw8CmpxchgU(let m): return rmw(.cmpxchg, .i32, 1, m)
        case .i32AtomicRmw16CmpxchgU(let m): return rmw(.cmpxchg, .i32, 2, m)
        case .i64AtomicRmw8CmpxchgU(let m): return rmw(.cmpxchg, .i64, 1, m)
        case .i64AtomicRmw16CmpxchgU(let m): return rmw(.cmpxchg, .i64, 2, m)
        case .i64AtomicRmw32CmpxchgU(let m): return rmw(.cmpxchg, .i64, 4, m)
        default: return nil
        }
    }

    /// True for every instruction of the threads proposal.
    public var isAtomic: Bool {
        switch self {
        case .atomicFence, .memoryAtomicNotify, .memoryAtomicWait32, .memoryAtomicWait64: return true
        case .load(let load, _): return load.atomicSignature != nil
        case .store(let store, _): return store.atomicSignature != nil
        default: return atomicReadModifyWrite != nil
        }
    }
}
